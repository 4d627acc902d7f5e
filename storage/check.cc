// Copyright The Quote Tracker Authors.
//
// CheckStore and RepairStore (see check.h).  Both walk each key space in
// order on a LevelDB snapshot.  The relations between records (documents
// and their quotes, the index entries the quotes imply) are checked
// through sorted 64-bit hashes rather than sets of keys, so that memory
// stays at 8 bytes a document, a (document, quote) pair and an index
// entry, whatever the lengths of ids and words.  A hash collision can
// only hide a problem (a false "present"), never report one that is not
// there; at 64 bits it takes billions of keys to be likely.

#include "storage/check.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <set>
#include <utility>

#include "leveldb/db.h"
#include "leveldb/iterator.h"
#include "leveldb/write_batch.h"
#include "quotes/utf8.h"
#include "storage/db_status.h"
#include "storage/document_writer.h"
#include "storage/keys.h"
#include "storage/normalize.h"
#include "storage/records.h"
#include "storage/store_internal.h"
#include "storage/write_txn.h"

namespace quotes {
namespace {

using Kind = CheckProblem::Kind;

std::string_view View(const leveldb::Slice& slice) {
  return std::string_view(slice.data(), slice.size());
}

char Space(KeySpace space) { return static_cast<char>(space); }

// The key spaces derived from the records, which RepairStore rebuilds.
constexpr KeySpace kDerivedSpaces[] = {
    KeySpace::kAlias,      KeySpace::kSpeakerName, KeySpace::kBySpeaker,
    KeySpace::kByWord,     KeySpace::kByTime,      KeySpace::kByOutlet,
    KeySpace::kByDocument, KeySpace::kSimilarity,  KeySpace::kCount,
};

// The posting spaces, whose entries EntriesOf derives from quotes.
constexpr KeySpace kPostingSpaces[] = {
    KeySpace::kByTime,   KeySpace::kBySpeaker,  KeySpace::kByWord,
    KeySpace::kByOutlet, KeySpace::kByDocument, KeySpace::kSimilarity,
};

bool IsKnownSpace(char c) {
  if (c == Space(KeySpace::kMeta) || c == Space(KeySpace::kQuote) ||
      c == Space(KeySpace::kDocument) || c == Space(KeySpace::kSpeaker)) {
    return true;
  }
  return std::any_of(std::begin(kDerivedSpaces), std::end(kDerivedSpaces),
                     [c](KeySpace space) { return Space(space) == c; });
}

uint64_t PairHash(std::string_view a, std::string_view b) {
  std::string material(a);
  material.push_back('\0');
  material.append(b);
  return Fnv1a64(material);
}

// A set of 64-bit hashes: appended to, then sealed (sorted) before the
// first lookup.
class HashSet {
 public:
  void Add(uint64_t hash) { hashes_.push_back(hash); }
  void Seal() {
    std::sort(hashes_.begin(), hashes_.end());
    hashes_.erase(std::unique(hashes_.begin(), hashes_.end()), hashes_.end());
  }
  bool Has(uint64_t hash) const {
    return std::binary_search(hashes_.begin(), hashes_.end(), hash);
  }

 private:
  std::vector<uint64_t> hashes_;
};

bool ParseMessage(std::string_view value,
                  google::protobuf::MessageLite* message) {
  return message->ParseFromArray(value.data(), static_cast<int>(value.size()));
}

bool HasSourceFrom(const Quote& quote, std::string_view doc_id) {
  return std::any_of(
      quote.sources().begin(), quote.sources().end(),
      [&](const Source& source) { return source.doc_id() == doc_id; });
}

// Reads of one snapshot of the database.
class Reader {
 public:
  // "path" names the store in messages.
  Reader(leveldb::DB* db, std::string path)
      : db_(db), path_(std::move(path)), snapshot_(db->GetSnapshot()) {
    options_.snapshot = snapshot_;
  }
  ~Reader() { db_->ReleaseSnapshot(snapshot_); }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // Sets *found and, when found, *value.
  Status Get(const std::string& key, std::string* value, bool* found) {
    const leveldb::Status s = db_->Get(options_, key, value);
    *found = s.ok();
    if (s.ok() || s.IsNotFound()) return Status::OK();
    return FromLevelDb(s, path_);
  }

  // Calls "fn" for each key of "space" in order, until it fails.
  Status Scan(KeySpace space,
              const std::function<Status(std::string_view key,
                                         std::string_view value)>& fn) {
    leveldb::ReadOptions options = options_;
    options.fill_cache = false;  // one pass over everything: keep hot blocks
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(options));
    const char prefix = Space(space);
    for (it->Seek(std::string(1, prefix)); it->Valid(); it->Next()) {
      const std::string_view key = View(it->key());
      if (key[0] != prefix) break;
      QUOTES_RETURN_IF_ERROR(fn(key, View(it->value())));
    }
    return FromLevelDb(it->status(), path_);
  }

  // Calls "fn" with the first byte of each key outside the known spaces,
  // skipping over each known space with one seek.
  Status ScanUnknown(const std::function<void(char space)>& fn) {
    leveldb::ReadOptions options = options_;
    options.fill_cache = false;
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(options));
    it->SeekToFirst();
    while (it->Valid()) {
      const std::string_view key = View(it->key());
      const unsigned char first = key.empty() ? 0 : key[0];
      if (key.empty() || !IsKnownSpace(static_cast<char>(first))) {
        fn(static_cast<char>(first));
        it->Next();
      } else if (first == 0xFF) {
        break;
      } else {
        it->Seek(std::string(1, static_cast<char>(first + 1)));
      }
    }
    return FromLevelDb(it->status(), path_);
  }

 private:
  leveldb::DB* const db_;
  const std::string path_;
  const leveldb::Snapshot* const snapshot_;
  leveldb::ReadOptions options_;
};

// Reads quote "id" into *quote; *state says whether it was there and
// readable.
enum class RecordState { kAbsent, kUnreadable, kPresent };

Status ReadQuote(Reader* reader, std::string_view id, Quote* quote,
                 RecordState* state) {
  std::string value;
  bool found = false;
  QUOTES_RETURN_IF_ERROR(reader->Get(QuoteKey(id), &value, &found));
  if (!found) {
    *state = RecordState::kAbsent;
  } else if (!ParseMessage(value, quote) || quote->id() != id) {
    *state = RecordState::kUnreadable;
  } else {
    *state = RecordState::kPresent;
  }
  return Status::OK();
}

// Empty when document "doc" (stored under "id") is whole: each of its
// quotes is stored under its own id (WhyMisfiled) and has the document as
// a source; otherwise why not.
Status WhyNotWhole(Reader* reader, std::string_view id, const Document& doc,
                   std::string* why) {
  why->clear();
  for (const std::string& quote_id : doc.quote_ids()) {
    Quote quote;
    RecordState state;
    QUOTES_RETURN_IF_ERROR(ReadQuote(reader, quote_id, &quote, &state));
    if (state == RecordState::kAbsent) {
      *why = "its quote " + quote_id + " is missing";
    } else if (state == RecordState::kUnreadable) {
      *why = "its quote " + quote_id + " is unreadable";
    } else if (!HasSourceFrom(quote, id)) {
      *why = "its quote " + quote_id + " does not have it as a source";
    } else if (const std::string misfiled = WhyMisfiled(quote_id, quote);
               !misfiled.empty()) {
      // A repair deletes a misfiled quote, so it cannot keep the document.
      *why = "its quote " + quote_id + " is misfiled (" + misfiled + ")";
    }
    if (!why->empty()) return Status::OK();
  }
  return Status::OK();
}

// The key a speaker's name is listed under.
std::string NameKeyOf(const Speaker& speaker) {
  return SpeakerNameKey(LowerUtf8(speaker.name()), speaker.speaker_id());
}

// Every form of a speaker's name: its aliases and its name.
std::vector<std::string> FormsOf(const Speaker& speaker) {
  std::vector<std::string> forms(speaker.aliases().begin(),
                                 speaker.aliases().end());
  forms.push_back(speaker.name());
  return forms;
}

// A posting key split into its term and quote id.  False when "key" does
// not have the layout of its space.
bool SplitPosting(std::string_view key, std::string_view* term,
                  std::string_view* quote_id) {
  std::string_view rest = key.substr(1);
  if (key[0] == Space(KeySpace::kByTime)) {
    *term = {};
  } else {
    const size_t zero = rest.find('\0');
    if (zero == std::string_view::npos) return false;
    *term = rest.substr(0, zero);
    rest.remove_prefix(zero + 1);
  }
  // Document postings end with the bare quote id; stem postings with a
  // form byte and a sort key; the others with a sort key.
  if (key[0] == Space(KeySpace::kByDocument)) {
    *quote_id = rest;
  } else if (key[0] == Space(KeySpace::kSimilarity)) {
    if (rest.size() != 1 + kSortKeyBytes) return false;
    *quote_id = rest.substr(1 + kTimeBytes);
  } else {
    if (rest.size() <= kTimeBytes) return false;
    *quote_id = rest.substr(kTimeBytes);
  }
  return !quote_id->empty();
}

std::string Printable(std::string_view bytes) {
  std::string out;
  for (size_t pos = 0; pos < bytes.size();) {
    char32_t cp;
    const int len = DecodeUtf8(bytes, pos, &cp);
    const bool invalid = cp == kReplacementChar && len == 1;
    if (invalid || cp < 0x20 || cp == 0x7F || cp == '\\') {
      static constexpr char kHex[] = "0123456789abcdef";
      const unsigned char b = bytes[pos];
      out += "\\x";
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 0xF]);
      pos += 1;
      continue;
    }
    out.append(bytes.substr(pos, len));
    pos += len;
  }
  return out;
}

// Collects the changes of RepairStore into batches of about a megabyte.
class BatchWriter {
 public:
  BatchWriter(leveldb::DB* db, std::string path)
      : db_(db), path_(std::move(path)) {}

  Status Put(const std::string& key, const std::string& value) {
    batch_.Put(key, value);
    return MaybeFlush();
  }
  Status Delete(std::string_view key) {
    batch_.Delete(leveldb::Slice(key.data(), key.size()));
    return MaybeFlush();
  }
  // Writes what is left, with "sync".
  Status Flush(bool sync) {
    leveldb::WriteOptions options;
    options.sync = sync;
    const leveldb::Status s = db_->Write(options, &batch_);
    batch_.Clear();
    return FromLevelDb(s, path_);
  }

 private:
  Status MaybeFlush() {
    constexpr size_t kBatchBytes = size_t{1} << 20;
    return batch_.ApproximateSize() < kBatchBytes ? Status::OK() : Flush(false);
  }

  leveldb::DB* const db_;
  const std::string path_;
  leveldb::WriteBatch batch_;
};

// ---------------------------------------------------------------------------
// CheckStore

class Checker {
 public:
  Checker(const StoreInternals& store, const CheckOptions& options,
          CheckReport* report)
      : reader_(store.db, store.path), options_(options), report_(report) {}

  Status Run() {
    QUOTES_RETURN_IF_ERROR(CheckDocuments());
    QUOTES_RETURN_IF_ERROR(CheckQuotes());
    QUOTES_RETURN_IF_ERROR(CheckSpeakers());
    for (const KeySpace space : kPostingSpaces) {
      QUOTES_RETURN_IF_ERROR(CheckPostings(space));
    }
    QUOTES_RETURN_IF_ERROR(CheckNames());
    QUOTES_RETURN_IF_ERROR(CheckAliases());
    QUOTES_RETURN_IF_ERROR(CheckCounts());
    QUOTES_RETURN_IF_ERROR(CheckMeta());
    return reader_.ScanUnknown([this](char space) {
      ++report_->keys[space];
      ++report_->unknown_keys;
    });
  }

 private:
  void Problem(Kind kind, std::string_view key, std::string detail) {
    ++report_->problem_count;
    ++report_->problems_by_kind[kind];
    if (report_->problems.size() < options_.max_listed_problems) {
      report_->problems.push_back({kind, DescribeKey(key), std::move(detail)});
    }
  }

  // Scan, counting the keys of the space.
  Status Scan(KeySpace space,
              const std::function<Status(std::string_view key,
                                         std::string_view value)>& fn) {
    uint64_t& keys = report_->keys[Space(space)];
    return reader_.Scan(space, [&](std::string_view key, std::string_view v) {
      ++keys;
      return fn(key, v);
    });
  }

  Status CheckDocuments();
  Status CheckQuotes();
  Status CheckQuoteIndex(const Quote& quote);
  Status CheckSpeakers();
  Status CheckSpeakerIndex(const Speaker& speaker);
  Status CheckPostings(KeySpace space);
  Status CheckNames();
  Status CheckAliases();
  Status CheckCounts();
  Status CheckMeta();

  Reader reader_;
  const CheckOptions& options_;
  CheckReport* const report_;
  // Stored documents, and (document, quote) pairs they list.
  HashSet documents_;
  HashSet document_quotes_;
  // Index entries of postings (t p w o x v) and names (n) the records imply,
  // and the (alias, speaker id) pairs the speakers' forms allow.
  HashSet postings_;
  HashSet names_;
  HashSet aliases_;
  // Quotes of each speaker id named by a quote.
  std::map<std::string, uint64_t> speaker_quotes_;
  // Count keys the quotes imply, with their counts.
  std::map<std::string, uint64_t> counts_;
};

Status Checker::CheckDocuments() {
  QUOTES_RETURN_IF_ERROR(
      Scan(KeySpace::kDocument, [&](std::string_view key, std::string_view v) {
        const std::string_view id = key.substr(1);
        Document doc;
        if (!ParseMessage(v, &doc)) {
          Problem(Kind::kUnreadableRecord, key, "the document does not parse");
          return Status::OK();
        }
        if (doc.doc_id() != id) {
          Problem(Kind::kMisfiledRecord, key,
                  "holds document \"" + Printable(doc.doc_id()) + "\"");
          return Status::OK();
        }
        ++report_->records.documents;
        documents_.Add(Fnv1a64(id));
        for (const std::string& quote_id : doc.quote_ids()) {
          document_quotes_.Add(PairHash(id, quote_id));
        }
        std::string why;
        QUOTES_RETURN_IF_ERROR(WhyNotWhole(&reader_, id, doc, &why));
        if (!why.empty()) Problem(Kind::kPartialDocument, key, why);
        return Status::OK();
      }));
  documents_.Seal();
  document_quotes_.Seal();
  return Status::OK();
}

Status Checker::CheckQuotes() {
  QUOTES_RETURN_IF_ERROR(Scan(KeySpace::kQuote, [&](std::string_view key,
                                                    std::string_view v) {
    const std::string_view id = key.substr(1);
    Quote quote;
    if (!ParseMessage(v, &quote)) {
      Problem(Kind::kUnreadableRecord, key, "the quote does not parse");
      return Status::OK();
    }
    const std::string misfiled = WhyMisfiled(id, quote);
    if (!misfiled.empty()) {
      Problem(Kind::kMisfiledRecord, key, misfiled);
      return Status::OK();
    }
    ++report_->records.quotes;
    report_->records.sources += quote.sources_size();
    if (quote.sources_size() == 0) {
      Problem(Kind::kQuoteWithoutSource, key, "the quote has no source");
    }
    std::set<std::string_view> seen;
    for (const Source& source : quote.sources()) {
      const std::string& doc_id = source.doc_id();
      const std::string doc = "document \"" + Printable(doc_id) + "\"";
      if (!seen.insert(doc_id).second) {
        Problem(Kind::kDanglingSource, key, doc + " is a source twice");
      } else if (!documents_.Has(Fnv1a64(doc_id))) {
        Problem(Kind::kDanglingSource, key, doc + " is not stored");
      } else if (!document_quotes_.Has(PairHash(doc_id, id))) {
        Problem(Kind::kDanglingSource, key, doc + " does not list the quote");
      }
    }
    const std::string& speaker_id = quote.speaker().speaker_id();
    if (!speaker_id.empty()) ++speaker_quotes_[speaker_id];
    return CheckQuoteIndex(quote);
  }));
  postings_.Seal();
  return Status::OK();
}

// The index entries of one quote are all there.
Status Checker::CheckQuoteIndex(const Quote& quote) {
  const IndexEntries entries = EntriesOf(quote);
  for (const std::string& key : entries.keys) {
    postings_.Add(Fnv1a64(key));
    std::string value;
    bool found = false;
    QUOTES_RETURN_IF_ERROR(reader_.Get(key, &value, &found));
    if (!found) {
      Problem(Kind::kMissingIndexEntry, key,
              "quote " + quote.id() + " implies it");
    }
  }
  for (const std::string& key : entries.counts) ++counts_[key];
  return Status::OK();
}

Status Checker::CheckSpeakers() {
  std::set<std::string> stored;
  QUOTES_RETURN_IF_ERROR(
      Scan(KeySpace::kSpeaker, [&](std::string_view key, std::string_view v) {
        const std::string_view id = key.substr(1);
        Speaker speaker;
        if (!ParseMessage(v, &speaker)) {
          Problem(Kind::kUnreadableRecord, key, "the speaker does not parse");
          return Status::OK();
        }
        if (speaker.speaker_id() != id) {
          Problem(Kind::kMisfiledRecord, key,
                  "holds speaker " + Printable(speaker.speaker_id()));
          return Status::OK();
        }
        ++report_->records.speakers;
        stored.insert(std::string(id));
        const auto it = speaker_quotes_.find(std::string(id));
        const uint64_t quotes = it == speaker_quotes_.end() ? 0 : it->second;
        if (quotes == 0) {
          Problem(Kind::kSpeakerQuoteCount, key, "the speaker has no quote");
        } else if (speaker.quote_count() != quotes) {
          Problem(Kind::kSpeakerQuoteCount, key,
                  "quote count " + std::to_string(speaker.quote_count()) +
                      ", but " + std::to_string(quotes) + " quotes name it");
        }
        return CheckSpeakerIndex(speaker);
      }));
  for (const auto& [id, quotes] : speaker_quotes_) {
    if (stored.count(id) == 0) {
      Problem(Kind::kMissingSpeaker, SpeakerKey(id),
              std::to_string(quotes) + " quotes name this speaker");
    }
  }
  names_.Seal();
  aliases_.Seal();
  return Status::OK();
}

// The speaker's name entry is there, and each form of its name finds it.
// A form added while the speaker's type was unknown was indexed as a
// person's, so an organisation may be found either way.
Status Checker::CheckSpeakerIndex(const Speaker& speaker) {
  const std::string& id = speaker.speaker_id();
  const std::string name_key = NameKeyOf(speaker);
  names_.Add(Fnv1a64(name_key));
  std::string value;
  bool found = false;
  QUOTES_RETURN_IF_ERROR(reader_.Get(name_key, &value, &found));
  if (!found) {
    Problem(Kind::kMissingIndexEntry, name_key,
            "speaker " + id + " is listed under its name");
  }
  const auto finds = [&](const std::set<std::string>& keys, bool* all) {
    *all = true;
    for (const std::string& alias : keys) {
      std::string ids;
      bool listed = false;
      QUOTES_RETURN_IF_ERROR(reader_.Get(AliasKey(alias), &ids, &listed));
      const std::vector<std::string> list = SplitIdList(ids);
      if (!listed || std::find(list.begin(), list.end(), id) == list.end()) {
        *all = false;
      }
    }
    return Status::OK();
  };
  for (const std::string& form : FormsOf(speaker)) {
    const std::set<std::string> as_typed = AliasKeysFor(form, speaker.type());
    const std::set<std::string> as_person = AliasKeysFor(form, PERSON);
    for (const auto* keys : {&as_typed, &as_person}) {
      for (const std::string& alias : *keys) {
        aliases_.Add(PairHash(alias, id));
      }
    }
    for (const std::string& alias : AliasKeysFor(form, ORGANIZATION)) {
      aliases_.Add(PairHash(alias, id));
    }
    bool all = false;
    QUOTES_RETURN_IF_ERROR(finds(as_typed, &all));
    if (!all && speaker.type() == ORGANIZATION) {
      QUOTES_RETURN_IF_ERROR(finds(as_person, &all));
    }
    if (!all && !as_typed.empty()) {
      Problem(
          Kind::kMissingIndexEntry, AliasKey(*as_typed.begin()),
          "the name \"" + Printable(form) + "\" does not find speaker " + id);
    }
  }
  return Status::OK();
}

Status Checker::CheckPostings(KeySpace space) {
  return Scan(space, [&](std::string_view key, std::string_view) {
    if (postings_.Has(Fnv1a64(key))) return Status::OK();
    std::string_view term, quote_id;
    if (!SplitPosting(key, &term, &quote_id)) {
      Problem(Kind::kMalformedKey, key, "not a posting key");
      return Status::OK();
    }
    Quote quote;
    RecordState state;
    QUOTES_RETURN_IF_ERROR(ReadQuote(&reader_, quote_id, &quote, &state));
    Problem(Kind::kStaleIndexEntry, key,
            state == RecordState::kPresent
                ? "quote " + std::string(quote_id) + " does not imply it"
                : "it points at quote " + std::string(quote_id) +
                      ", which is not stored");
    return Status::OK();
  });
}

Status Checker::CheckNames() {
  return Scan(KeySpace::kSpeakerName,
              [&](std::string_view key, std::string_view) {
                if (!names_.Has(Fnv1a64(key))) {
                  Problem(Kind::kStaleIndexEntry, key,
                          "no stored speaker has this name and id");
                }
                return Status::OK();
              });
}

Status Checker::CheckAliases() {
  return Scan(KeySpace::kAlias, [&](std::string_view key, std::string_view v) {
    const std::string_view alias = key.substr(1);
    const std::vector<std::string> ids = SplitIdList(v);
    if (ids.empty()) {
      Problem(Kind::kStaleIndexEntry, key, "the alias lists no speaker");
    }
    for (const std::string& id : ids) {
      if (!aliases_.Has(PairHash(alias, id))) {
        Problem(
            Kind::kStaleIndexEntry, key,
            "speaker " + Printable(id) + " is not stored or has no such name");
      }
    }
    return Status::OK();
  });
}

Status Checker::CheckCounts() {
  std::set<std::string> seen;
  QUOTES_RETURN_IF_ERROR(
      Scan(KeySpace::kCount, [&](std::string_view key, std::string_view v) {
        const std::string k(key);
        seen.insert(k);
        const auto it = counts_.find(k);
        const uint64_t expected = it == counts_.end() ? 0 : it->second;
        if (v.size() != 8) {
          Problem(Kind::kUnreadableRecord, key, "a count is 8 bytes");
        } else if (DecodeFixed64(v) != expected) {
          Problem(Kind::kWrongCount, key,
                  "counts " + std::to_string(DecodeFixed64(v)) +
                      " quotes; the records give " + std::to_string(expected));
        }
        return Status::OK();
      }));
  for (const auto& [key, count] : counts_) {
    if (seen.count(key) == 0) {
      Problem(Kind::kMissingIndexEntry, key,
              "the records give " + std::to_string(count) + " quotes");
    }
  }
  return Status::OK();
}

Status Checker::CheckMeta() {
  std::string stats_value;
  bool has_stats = false;
  QUOTES_RETURN_IF_ERROR(
      Scan(KeySpace::kMeta, [&](std::string_view key, std::string_view v) {
        if (key.substr(1) == kStatsName) {
          has_stats = true;
          stats_value = std::string(v);
        }
        return Status::OK();
      }));
  const StoreStats& want = report_->records;
  const auto describe = [](const StoreStats& s) {
    return std::to_string(s.documents) + " documents, " +
           std::to_string(s.quotes) + " quotes, " + std::to_string(s.speakers) +
           " speakers, " + std::to_string(s.sources) + " sources";
  };
  StoreStats stats;
  const std::string key = MetaKey(kStatsName);
  if (has_stats && !DecodeStats(stats_value, &stats).ok()) {
    Problem(Kind::kUnreadableRecord, key, "the stats record does not parse");
  } else if (stats.documents != want.documents || stats.quotes != want.quotes ||
             stats.speakers != want.speakers || stats.sources != want.sources) {
    Problem(Kind::kWrongCount, key,
            "the stats say " + describe(stats) + "; the records give " +
                describe(want));
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------
// RepairStore

class Repairer {
 public:
  Repairer(const StoreInternals& store, RepairReport* report)
      : store_(store), writer_(store.db, store.path), report_(report) {}

  Status Run() {
    {
      Reader reader(store_.db, store_.path);
      QUOTES_RETURN_IF_ERROR(KeepWholeDocuments(&reader));
      QUOTES_RETURN_IF_ERROR(KeepSourcedQuotes(&reader));
      QUOTES_RETURN_IF_ERROR(KeepQuotedSpeakers(&reader));
      QUOTES_RETURN_IF_ERROR(writer_.Flush(false));
    }
    Reader reader(store_.db, store_.path);
    QUOTES_RETURN_IF_ERROR(DropDerived(&reader));
    QUOTES_RETURN_IF_ERROR(RebuildDerived(&reader));
    // One sync at the end: an interrupted repair is run again anyway.
    return writer_.Flush(/*sync=*/true);
  }

 private:
  Status KeepWholeDocuments(Reader* reader);
  Status KeepSourcedQuotes(Reader* reader);
  Status KeepQuotedSpeakers(Reader* reader);
  Status DropDerived(Reader* reader);
  Status RebuildDerived(Reader* reader);

  const StoreInternals& store_;
  BatchWriter writer_;
  RepairReport* const report_;
  // The documents kept and the (document, quote) pairs they list.
  HashSet documents_;
  HashSet document_quotes_;
  // Quotes kept of each speaker id, and how the first of them names it.
  std::map<std::string, uint64_t> speaker_quotes_;
  std::map<std::string, SpeakerRef> speaker_refs_;
};

// Documents that are unreadable, misfiled or not whole are deleted.
Status Repairer::KeepWholeDocuments(Reader* reader) {
  QUOTES_RETURN_IF_ERROR(reader->Scan(
      KeySpace::kDocument, [&](std::string_view key, std::string_view v) {
        const std::string_view id = key.substr(1);
        Document doc;
        std::string why;
        if (ParseMessage(v, &doc) && doc.doc_id() == id) {
          QUOTES_RETURN_IF_ERROR(WhyNotWhole(reader, id, doc, &why));
          if (why.empty()) {
            ++report_->stats.documents;
            documents_.Add(Fnv1a64(id));
            for (const std::string& quote_id : doc.quote_ids()) {
              document_quotes_.Add(PairHash(id, quote_id));
            }
            return Status::OK();
          }
        }
        ++report_->documents_removed;
        return writer_.Delete(key);
      }));
  documents_.Seal();
  document_quotes_.Seal();
  return Status::OK();
}

// Sources whose document was not kept (or lists the quote no more, or
// comes twice) are dropped; quotes left without one are deleted.
Status Repairer::KeepSourcedQuotes(Reader* reader) {
  return reader->Scan(
      KeySpace::kQuote, [&](std::string_view key, std::string_view v) {
        const std::string_view id = key.substr(1);
        Quote quote;
        if (!ParseMessage(v, &quote) || !WhyMisfiled(id, quote).empty()) {
          ++report_->quotes_removed;
          return writer_.Delete(key);
        }
        Quote kept = quote;
        kept.clear_sources();
        std::set<std::string> seen;
        for (const Source& source : quote.sources()) {
          const std::string& doc_id = source.doc_id();
          if (documents_.Has(Fnv1a64(doc_id)) &&
              document_quotes_.Has(PairHash(doc_id, id)) &&
              seen.insert(doc_id).second) {
            *kept.add_sources() = source;
          }
        }
        if (kept.sources_size() == 0) {
          ++report_->quotes_removed;
          return writer_.Delete(key);
        }
        ++report_->stats.quotes;
        report_->stats.sources += kept.sources_size();
        const std::string& speaker_id = kept.speaker().speaker_id();
        if (!speaker_id.empty() && speaker_quotes_[speaker_id]++ == 0) {
          speaker_refs_[speaker_id] = kept.speaker();
        }
        if (kept.sources_size() == quote.sources_size()) return Status::OK();
        report_->sources_removed += quote.sources_size() - kept.sources_size();
        return writer_.Put(std::string(key), kept.SerializeAsString());
      });
}

// Speakers without a kept quote are deleted, quote counts corrected, and
// speakers missing for their quotes made again from the first quote's
// reference.
Status Repairer::KeepQuotedSpeakers(Reader* reader) {
  std::set<std::string> kept;
  QUOTES_RETURN_IF_ERROR(reader->Scan(
      KeySpace::kSpeaker, [&](std::string_view key, std::string_view v) {
        const std::string id(key.substr(1));
        Speaker speaker;
        const auto it = speaker_quotes_.find(id);
        if (!ParseMessage(v, &speaker) || speaker.speaker_id() != id ||
            it == speaker_quotes_.end()) {
          ++report_->speakers_removed;
          return writer_.Delete(key);
        }
        kept.insert(id);
        if (speaker.quote_count() == it->second) return Status::OK();
        ++report_->speakers_recounted;
        speaker.set_quote_count(it->second);
        return writer_.Put(std::string(key), speaker.SerializeAsString());
      }));
  for (const auto& [id, quotes] : speaker_quotes_) {
    if (kept.count(id) > 0) continue;
    const SpeakerRef& ref = speaker_refs_[id];
    Speaker speaker;
    speaker.set_speaker_id(id);
    speaker.set_name(ref.name());
    speaker.set_type(ref.type());
    speaker.add_aliases(ref.name());
    if (!ref.role().empty()) speaker.add_roles(ref.role());
    speaker.set_quote_count(quotes);
    ++report_->speakers_restored;
    QUOTES_RETURN_IF_ERROR(
        writer_.Put(SpeakerKey(id), speaker.SerializeAsString()));
  }
  report_->stats.speakers = speaker_quotes_.size();
  return Status::OK();
}

Status Repairer::DropDerived(Reader* reader) {
  for (const KeySpace space : kDerivedSpaces) {
    QUOTES_RETURN_IF_ERROR(
        reader->Scan(space, [&](std::string_view key, std::string_view) {
          ++report_->index_keys_deleted;
          return writer_.Delete(key);
        }));
  }
  return Status::OK();
}

// Every derived key from the records as they now are.  Deletions of the
// same keys precede these writes, so the writes win.
Status Repairer::RebuildDerived(Reader* reader) {
  std::map<std::string, uint64_t> counts;
  QUOTES_RETURN_IF_ERROR(
      reader->Scan(KeySpace::kQuote, [&](std::string_view, std::string_view v) {
        Quote quote;
        if (!ParseMessage(v, &quote)) {
          return Status::Corruption(store_.path,
                                    "a quote changed during repair");
        }
        const IndexEntries entries = EntriesOf(quote);
        for (const std::string& key : entries.keys) {
          ++report_->index_keys_written;
          QUOTES_RETURN_IF_ERROR(writer_.Put(key, std::string()));
        }
        for (const std::string& key : entries.counts) ++counts[key];
        return Status::OK();
      }));
  std::map<std::string, std::vector<std::string>> aliases;
  QUOTES_RETURN_IF_ERROR(reader->Scan(
      KeySpace::kSpeaker, [&](std::string_view, std::string_view v) {
        Speaker speaker;
        if (!ParseMessage(v, &speaker)) {
          return Status::Corruption(store_.path,
                                    "a speaker changed during repair");
        }
        ++report_->index_keys_written;
        QUOTES_RETURN_IF_ERROR(writer_.Put(NameKeyOf(speaker), std::string()));
        std::set<std::string> keys;
        for (const std::string& form : FormsOf(speaker)) {
          keys.merge(AliasKeysFor(form, speaker.type()));
        }
        for (const std::string& alias : keys) {
          aliases[alias].push_back(speaker.speaker_id());
        }
        return Status::OK();
      }));
  for (const auto& [alias, ids] : aliases) {
    ++report_->index_keys_written;
    QUOTES_RETURN_IF_ERROR(writer_.Put(AliasKey(alias), JoinIdList(ids)));
  }
  for (const auto& [key, count] : counts) {
    std::string value;
    PutFixed64(&value, count);
    ++report_->index_keys_written;
    QUOTES_RETURN_IF_ERROR(writer_.Put(key, value));
  }
  return writer_.Put(MetaKey(kStatsName), EncodeStats(report_->stats));
}

}  // namespace

const char* ProblemKindName(CheckProblem::Kind kind) {
  switch (kind) {
    case Kind::kUnreadableRecord:
      return "unreadable record";
    case Kind::kMisfiledRecord:
      return "misfiled record";
    case Kind::kPartialDocument:
      return "partial document";
    case Kind::kDanglingSource:
      return "dangling source";
    case Kind::kQuoteWithoutSource:
      return "quote without source";
    case Kind::kMissingSpeaker:
      return "missing speaker";
    case Kind::kSpeakerQuoteCount:
      return "speaker quote count";
    case Kind::kMissingIndexEntry:
      return "missing index entry";
    case Kind::kStaleIndexEntry:
      return "stale index entry";
    case Kind::kMalformedKey:
      return "malformed key";
    case Kind::kWrongCount:
      return "wrong count";
  }
  return "problem";
}

std::string DescribeKey(std::string_view key) {
  if (key.empty()) return "(empty key)";
  std::string out(1, key[0]);
  out.push_back(' ');
  const char space = key[0];
  std::string_view term, quote_id;
  const bool posting =
      std::any_of(std::begin(kPostingSpaces), std::end(kPostingSpaces),
                  [space](KeySpace s) { return Space(s) == space; });
  if (posting && SplitPosting(key, &term, &quote_id)) {
    if (space != Space(KeySpace::kByTime)) out += Printable(term) + " / ";
    if (space == Space(KeySpace::kSimilarity)) {
      // The form byte: two postings of one quote and stem differ in it.
      char form[8];
      std::snprintf(form, sizeof(form), "\\x%02x ",
                    static_cast<uint8_t>(key[term.size() + 2]));
      out += form;
    }
    return out + Printable(quote_id);
  }
  if (space == Space(KeySpace::kSpeakerName)) {
    const size_t zero = key.rfind('\0');
    if (zero != std::string_view::npos && zero > 0) {
      return out + Printable(key.substr(1, zero - 1)) + " / " +
             Printable(key.substr(zero + 1));
    }
  }
  if (space == Space(KeySpace::kCount) && key.size() > 1) {
    return out + key[1] + " " + Printable(key.substr(2));
  }
  return out + Printable(key.substr(1));
}

Status CheckStore(QuoteStore* store, const CheckOptions& options,
                  CheckReport* report) {
  *report = CheckReport();
  StoreInternals internals;
  if (!GetStoreInternals(store, &internals)) {
    return Status::InvalidArgument("not a store made by QuoteStore::Open");
  }
  return Checker(internals, options, report).Run();
}

Status RepairStore(QuoteStore* store, RepairReport* report) {
  *report = RepairReport();
  StoreInternals internals;
  if (!GetStoreInternals(store, &internals)) {
    return Status::InvalidArgument("not a store made by QuoteStore::Open");
  }
  std::lock_guard<std::mutex> lock(*internals.write_mutex);
  const Status s = Repairer(internals, report).Run();
  // The writer's cached records are those of before the repair, whether it
  // ended or failed half-way.
  internals.record_cache->Clear();
  return s;
}

}  // namespace quotes
