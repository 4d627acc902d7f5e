// Copyright The Quote Tracker Authors.
//
// QuoteStoreImpl: the LevelDB-backed QuoteStore.  Writes go through
// DocumentWriter and one WriteBatch per document; reads go straight to
// LevelDB.  The key layout is described in storage/README.md.

#include "storage/quote_store.h"

#include <google/protobuf/message_lite.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <set>
#include <tuple>

#include "leveldb/cache.h"
#include "leveldb/db.h"
#include "leveldb/env.h"
#include "leveldb/filter_policy.h"
#include "leveldb/iterator.h"
#include "leveldb/write_batch.h"
#include "storage/db_status.h"
#include "storage/document_writer.h"
#include "storage/keys.h"
#include "storage/normalize.h"
#include "storage/pread_env.h"
#include "storage/quote_query.h"
#include "storage/quote_scan.h"
#include "storage/records.h"
#include "storage/similarity_index.h"
#include "storage/store_internal.h"
#include "storage/write_txn.h"

namespace quotes {
namespace {

// The writer's cache of small records: about 200,000 of them, the words,
// stems and speakers of a few hundred thousand news articles.
constexpr size_t kRecordCacheBytes = size_t{24} << 20;

std::string_view View(const leveldb::Slice& slice) {
  return std::string_view(slice.data(), slice.size());
}

class QuoteStoreImpl : public QuoteStore {
 public:
  QuoteStoreImpl(const Options& options, std::string path)
      : options_(options), path_(std::move(path)) {}

  ~QuoteStoreImpl() override {
    db_.reset();  // before the cache, filter policy and Env it uses
  }

  // Opens LevelDB and checks (or, for a new store, writes) the schema
  // version.
  Status Init();

  Status AddDocument(const Document& doc, const std::vector<Quote>& quotes,
                     AddResult* result) override;
  Status AddDocuments(const std::vector<DocumentQuotes>& docs,
                      std::vector<AddResult>* results) override;
  Status NewQuoteIterator(const QuoteQuery& query, const std::string& cursor,
                          std::unique_ptr<QuoteIterator>* it) override;
  Status GetQuote(const std::string& id, Quote* quote) override;
  Status GetDocument(const std::string& doc_id, Document* doc) override;
  Status ForEachSpeaker(const std::string& match,
                        const std::function<bool(const Speaker&)>& fn) override;
  Status FindSpeakers(const std::string& name,
                      std::vector<Speaker>* speakers) override;
  Status GetStats(StoreStats* stats) override;
  Status Verify(const VerifyRequest& request, VerifyResult* result) override;

  void GetInternals(StoreInternals* internals) {
    internals->db = db_.get();
    internals->write_mutex = &write_mutex_;
    internals->record_cache = &record_cache_;
    internals->path = path_;
    internals->sync = options_.sync;
  }

 private:
  leveldb::Env* env() const {
    return options_.env ? options_.env : leveldb::Env::Default();
  }

  Status CheckPath();
  Status OpenDb();
  Status CheckSchema();
  Status GetRecord(const std::string& key,
                   google::protobuf::MessageLite* record);
  Status ReadCount(CountKind kind, const std::string& term, uint64_t* count);
  Status Plan(ParsedQuery* query, ScanPlan* plan);
  Status FindSpeakerIds(const std::string& name, std::vector<Speaker>* found);

  const Options options_;
  const std::string path_;
  // LevelDB's Env on the real file system: reads tables with pread
  // (pread_env.h) so that the store's pages stay out of resident memory.
  // Empty when Options::env is given.
  std::unique_ptr<leveldb::Env> pread_env_;
  std::unique_ptr<leveldb::Cache> cache_;
  std::unique_ptr<const leveldb::FilterPolicy> filter_policy_;
  std::unique_ptr<leveldb::DB> db_;
  // Serialises AddDocument: its reads and the batch they lead to must not
  // interleave with another document's.
  std::mutex write_mutex_;
  // The writer's cache of counts, speakers, aliases and meta records
  // (guarded by write_mutex_).  Every write to db_ after Init goes through
  // AddDocuments, which keeps it right, or RepairStore, which clears it.
  // Counts are kept apart from the values (RecordCache::FindCount).
  RecordCache record_cache_{kRecordCacheBytes,
                            {static_cast<char>(KeySpace::kSpeaker),
                             static_cast<char>(KeySpace::kAlias),
                             static_cast<char>(KeySpace::kMeta)}};
  // Whether AddDocuments has loaded the cache (RecordCache::LoadAll).
  bool record_cache_loaded_ = false;
};

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
}

// True for the names LevelDB gives the files of a database.
bool IsLevelDbFile(const std::string& name) {
  if (name == "." || name == ".." || name == "LOCK" || name == "LOG" ||
      name == "LOG.old") {
    return true;
  }
  const std::string_view view = name;
  if (view.substr(0, 9) == "MANIFEST-") return AllDigits(view.substr(9));
  const size_t dot = view.find('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view suffix = view.substr(dot);
  return AllDigits(view.substr(0, dot)) &&
         (suffix == ".log" || suffix == ".ldb" || suffix == ".sst" ||
          suffix == ".dbtmp");
}

// A directory without LevelDB's CURRENT file holding files other than
// LevelDB's is somebody else's directory: creating a store among its
// files would litter it.  One holding LevelDB's files alone (LOCK, LOG, a
// first MANIFEST) is a store whose creation was interrupted before
// CURRENT was written, by a kill or a full disk: creating it again is
// safe, and refusing it would leave the user a store that never opens.
Status QuoteStoreImpl::CheckPath() {
  std::vector<std::string> children;
  const leveldb::Status s = env()->GetChildren(path_, &children);
  if (!s.ok()) {
    if (env()->FileExists(path_)) {
      return Status::InvalidArgument(path_,
                                     "is a file, not a quote store directory");
    }
    if (!options_.create_if_missing) {
      return Status::NotFound(path_, "no quote store here");
    }
    return Status::OK();  // LevelDB creates the directory
  }
  const bool has_current =
      std::find(children.begin(), children.end(), "CURRENT") != children.end();
  const bool only_leveldb_files =
      std::all_of(children.begin(), children.end(), IsLevelDbFile);
  if (!has_current && !only_leveldb_files) {
    return Status::InvalidArgument(
        path_, "directory holds other files and no quote store");
  }
  if (!has_current && !options_.create_if_missing) {
    return Status::NotFound(path_, "no quote store here");
  }
  return Status::OK();
}

Status QuoteStoreImpl::OpenDb() {
  leveldb::Options options;
  if (options_.env == nullptr) pread_env_ = NewPreadEnv(env());
  options.env = pread_env_ ? pread_env_.get() : env();
  options.create_if_missing = options_.create_if_missing;
  options.write_buffer_size = options_.write_buffer_bytes;
  cache_.reset(leveldb::NewLRUCache(options_.block_cache_bytes));
  options.block_cache = cache_.get();
  // Most reads are point lookups of records and counts that may be absent
  // (a new word, a new quote): a Bloom filter spares the disk for those.
  filter_policy_.reset(leveldb::NewBloomFilterPolicy(10));
  options.filter_policy = filter_policy_.get();
  leveldb::DB* db = nullptr;
  const leveldb::Status s = leveldb::DB::Open(options, path_, &db);
  if (IsLockError(s)) {
    return Status::Busy(path_,
                        "the store is open in another process or handle (" +
                            s.ToString() + ")");
  }
  if (!s.ok()) return FromLevelDb(s, path_);
  db_.reset(db);
  return Status::OK();
}

Status QuoteStoreImpl::CheckSchema() {
  const std::string key = MetaKey(kSchemaVersionName);
  std::string value;
  leveldb::Status s = db_->Get(leveldb::ReadOptions(), key, &value);
  if (s.ok()) {
    const std::string expected = std::to_string(kStoreSchemaVersion);
    if (value == expected) return Status::OK();
    if (value == "1") {
      // Version 1 differs in its term postings alone (similarity_index.h),
      // which Init rebuilds from the records.  The new version goes down
      // first, with the old index's marker gone, so that older builds
      // refuse the store from now on and an interrupted rebuild starts
      // over at the next open.
      leveldb::WriteBatch upgrade;
      upgrade.Delete(MetaKey(kSimilarityIndexName));
      upgrade.Put(key, expected);
      leveldb::WriteOptions sync;
      sync.sync = true;
      return FromLevelDb(db_->Write(sync, &upgrade), path_);
    }
    return Status::NotSupported(
        path_, "store has schema version " + value +
                   "; this build reads and writes version " + expected);
  }
  if (!s.IsNotFound()) return FromLevelDb(s, path_);
  // No version: a new store, or a LevelDB database of another program.
  std::unique_ptr<leveldb::Iterator> it(
      db_->NewIterator(leveldb::ReadOptions()));
  it->SeekToFirst();
  if (it->Valid()) {
    return Status::NotSupported(
        path_, "a LevelDB database without a quote store schema version");
  }
  QUOTES_RETURN_IF_ERROR(FromLevelDb(it->status(), path_));
  leveldb::WriteOptions sync;
  sync.sync = true;
  return FromLevelDb(db_->Put(sync, key, std::to_string(kStoreSchemaVersion)),
                     path_);
}

Status QuoteStoreImpl::Init() {
  QUOTES_RETURN_IF_ERROR(CheckPath());
  QUOTES_RETURN_IF_ERROR(OpenDb());
  QUOTES_RETURN_IF_ERROR(CheckSchema());
  return EnsureTermPostings(db_.get(), path_);
}

Status QuoteStoreImpl::AddDocument(const Document& doc,
                                   const std::vector<Quote>& quotes,
                                   AddResult* result) {
  std::vector<AddResult> results;
  const Status s = AddDocuments({DocumentQuotes{&doc, &quotes}}, &results);
  if (result != nullptr) *result = results.empty() ? AddResult() : results[0];
  return s;
}

Status QuoteStoreImpl::AddDocuments(const std::vector<DocumentQuotes>& docs,
                                    std::vector<AddResult>* results) {
  std::vector<AddResult> local;
  if (results == nullptr) results = &local;
  results->assign(docs.size(), AddResult());
  if (docs.empty()) return Status::OK();
  std::lock_guard<std::mutex> lock(write_mutex_);
  if (!record_cache_loaded_) {
    // Once, at the first write: with every count, speaker and alias in
    // the cache, the reads of the new ones (most reads, in a new store)
    // need not search LevelDB to find nothing.
    record_cache_.LoadAll(db_.get(), static_cast<char>(KeySpace::kCount));
    record_cache_loaded_ = true;
  }
  WriteTxn txn(db_.get(), &record_cache_);
  const int64_t now_unix = static_cast<int64_t>(env()->NowMicros() / 1000000);
  Status s;
  for (size_t i = 0; s.ok() && i < docs.size(); ++i) {
    // One writer a document: each reads the stats and records as the
    // documents before it left them in the transaction.
    DocumentWriter writer(&txn, &record_cache_, now_unix);
    s = writer.Add(*docs[i].doc, *docs[i].quotes, docs[i].terms,
                   &(*results)[i]);
  }
  if (s.ok()) {
    s = txn.Commit(options_.sync);
    if (!s.ok()) {
      const std::string& first = docs.front().doc->doc_id();
      const std::string& last = docs.back().doc->doc_id();
      const std::string which =
          docs.size() == 1 ? "document \"" + first + "\""
                           : std::to_string(docs.size()) + " documents, \"" +
                                 first + "\" to \"" + last + "\",";
      s = Status::IOError(path_, which + " not stored: " + s.message());
    }
  }
  if (!s.ok()) {
    // Nothing was written: report no change.  What the cache derived while
    // building the batch may rest on changes that were never written.
    results->assign(docs.size(), AddResult());
    record_cache_.Clear();
  }
  return s;
}

Status QuoteStoreImpl::GetRecord(const std::string& key,
                                 google::protobuf::MessageLite* record) {
  std::string value;
  const leveldb::Status s = db_->Get(leveldb::ReadOptions(), key, &value);
  if (!s.ok()) return FromLevelDb(s, s.IsNotFound() ? "" : path_);
  return ParseRecord(key, value, record);
}

Status QuoteStoreImpl::GetQuote(const std::string& id, Quote* quote) {
  Quote record;
  Status s = GetRecord(QuoteKey(id), &record);
  if (s.IsNotFound()) return Status::NotFound("no quote", id);
  if (s.ok()) s = SpeakerNames(db_.get(), nullptr).Fill(&record);
  if (s.ok()) *quote = std::move(record);
  return s;
}

Status QuoteStoreImpl::GetDocument(const std::string& doc_id, Document* doc) {
  Document record;
  const Status s = GetRecord(DocumentKey(doc_id), &record);
  if (s.IsNotFound()) return Status::NotFound("no document", doc_id);
  if (s.ok()) *doc = std::move(record);
  return s;
}

Status QuoteStoreImpl::GetStats(StoreStats* stats) {
  std::string value;
  const leveldb::Status s =
      db_->Get(leveldb::ReadOptions(), MetaKey(kStatsName), &value);
  if (s.IsNotFound()) {
    *stats = StoreStats();
    return Status::OK();
  }
  if (!s.ok()) return FromLevelDb(s, path_);
  return DecodeStats(value, stats);
}

Status QuoteStoreImpl::ForEachSpeaker(
    const std::string& match, const std::function<bool(const Speaker&)>& fn) {
  const std::string needle = LowerUtf8(match);
  const auto contains = [&](const std::string& text) {
    return LowerUtf8(text).find(needle) != std::string::npos;
  };
  const std::string prefix(1, static_cast<char>(KeySpace::kSpeakerName));
  std::unique_ptr<leveldb::Iterator> it(
      db_->NewIterator(leveldb::ReadOptions()));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    const std::string_view key = View(it->key());
    if (key.substr(0, 1) != prefix) break;
    const std::string_view id = key.substr(key.rfind('\0') + 1);
    Speaker speaker;
    const Status s = GetRecord(SpeakerKey(id), &speaker);
    if (s.IsNotFound()) continue;
    QUOTES_RETURN_IF_ERROR(s);
    const bool hit = needle.empty() || contains(speaker.name()) ||
                     std::any_of(speaker.aliases().begin(),
                                 speaker.aliases().end(), contains);
    if (hit && !fn(speaker)) return Status::OK();
  }
  return FromLevelDb(it->status(), path_);
}

Status QuoteStoreImpl::FindSpeakerIds(const std::string& name,
                                      std::vector<Speaker>* found) {
  std::set<std::string> ids;
  for (const std::string& alias : QueryAliasKeys(name)) {
    std::string value;
    const leveldb::Status s =
        db_->Get(leveldb::ReadOptions(), AliasKey(alias), &value);
    if (s.IsNotFound()) continue;
    if (!s.ok()) return FromLevelDb(s, path_);
    for (std::string& id : SplitIdList(value)) ids.insert(std::move(id));
  }
  found->clear();
  for (const std::string& id : ids) {
    Speaker speaker;
    const Status s = GetRecord(SpeakerKey(id), &speaker);
    if (s.IsNotFound()) continue;
    QUOTES_RETURN_IF_ERROR(s);
    found->push_back(std::move(speaker));
  }
  std::sort(found->begin(), found->end(),
            [](const Speaker& a, const Speaker& b) {
              return std::tie(a.name(), a.speaker_id()) <
                     std::tie(b.name(), b.speaker_id());
            });
  return Status::OK();
}

Status QuoteStoreImpl::FindSpeakers(const std::string& name,
                                    std::vector<Speaker>* speakers) {
  return FindSpeakerIds(name, speakers);
}

Status QuoteStoreImpl::Verify(const VerifyRequest& request,
                              VerifyResult* result) {
  std::vector<Speaker> claimed;
  if (!request.speaker.empty()) {
    QUOTES_RETURN_IF_ERROR(FindSpeakerIds(request.speaker, &claimed));
  }
  QUOTES_RETURN_IF_ERROR(
      SearchSimilar(db_.get(), path_, request, claimed, result));
  SpeakerNames names(db_.get(), nullptr);
  for (VerifyMatch& match : result->matches) {
    QUOTES_RETURN_IF_ERROR(names.Fill(&match.quote));
  }
  return Status::OK();
}

Status QuoteStoreImpl::ReadCount(CountKind kind, const std::string& term,
                                 uint64_t* count) {
  std::string value;
  const leveldb::Status s =
      db_->Get(leveldb::ReadOptions(), CountKey(kind, term), &value);
  *count = 0;
  if (s.IsNotFound()) return Status::OK();
  if (!s.ok()) return FromLevelDb(s, path_);
  if (value.size() == 8) *count = DecodeFixed64(value);
  return Status::OK();
}

// Chooses the posting lists a query intersects: the speaker's (all the
// speakers the name designates, as one union; its length is the sum of
// their quote counts), each indexed word's and the outlet's (lengths from
// the count records).  The shortest drives the scan.  With none of them
// the scan walks the time index; a list known to be empty means no quote
// matches.
Status QuoteStoreImpl::Plan(ParsedQuery* query, ScanPlan* plan) {
  std::vector<std::pair<uint64_t, std::vector<std::string>>> lists;
  if (!query->speaker.empty()) {
    std::vector<Speaker> speakers;
    QUOTES_RETURN_IF_ERROR(FindSpeakerIds(query->speaker, &speakers));
    if (speakers.empty()) return Status::OK();
    lists.emplace_back(0, std::vector<std::string>());
    for (const Speaker& speaker : speakers) {
      query->speaker_ids.push_back(speaker.speaker_id());
      lists.back().first += speaker.quote_count();
      lists.back().second.push_back(
          PostingPrefix(KeySpace::kBySpeaker, speaker.speaker_id()));
    }
  }
  struct Term {
    CountKind kind;
    std::string term;
    std::string prefix;  // of its posting list
  };
  std::vector<Term> terms;
  for (const std::string& word : query->words) {
    // Where the writer posted the word.  The stem's count bounds the
    // form's.
    WordPlace place = PlaceOfWord(word);
    if (place.kind == WordPlace::kStem) {
      std::string prefix = StemFormPrefix(place.stem, place.form);
      terms.push_back(
          Term{CountKind::kStem, std::move(place.stem), std::move(prefix)});
    } else if (place.kind == WordPlace::kWord) {
      terms.push_back(
          Term{CountKind::kWord, word, PostingPrefix(KeySpace::kByWord, word)});
    }
  }
  if (!query->outlet.empty()) {
    terms.push_back(Term{CountKind::kOutlet, query->outlet,
                         PostingPrefix(KeySpace::kByOutlet, query->outlet)});
  }
  for (Term& term : terms) {
    uint64_t count = 0;
    QUOTES_RETURN_IF_ERROR(ReadCount(term.kind, term.term, &count));
    if (count == 0) return Status::OK();
    lists.emplace_back(count, std::vector<std::string>{std::move(term.prefix)});
  }
  if (lists.empty()) {
    lists.emplace_back(
        0, std::vector<std::string>{PostingPrefix(KeySpace::kByTime, {})});
  }
  std::stable_sort(
      lists.begin(), lists.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& list : lists) plan->lists.push_back(std::move(list.second));
  return Status::OK();
}

Status QuoteStoreImpl::NewQuoteIterator(const QuoteQuery& query,
                                        const std::string& cursor,
                                        std::unique_ptr<QuoteIterator>* it) {
  ScanPlan plan;
  QUOTES_RETURN_IF_ERROR(ParseQuery(query, cursor, &plan.query));
  QUOTES_RETURN_IF_ERROR(Plan(&plan.query, &plan));
  *it = NewQuoteScan(db_.get(), std::move(plan));
  return Status::OK();
}

}  // namespace

bool GetStoreInternals(QuoteStore* store, StoreInternals* internals) {
  auto* impl = dynamic_cast<QuoteStoreImpl*>(store);
  if (impl == nullptr) return false;
  impl->GetInternals(internals);
  return true;
}

Status QuoteStore::Open(const Options& options, const std::string& path,
                        std::unique_ptr<QuoteStore>* store) {
  store->reset();
  if (path.empty()) return Status::InvalidArgument("empty store path");
  auto impl = std::make_unique<QuoteStoreImpl>(options, path);
  QUOTES_RETURN_IF_ERROR(impl->Init());
  *store = std::move(impl);
  return Status::OK();
}

}  // namespace quotes
