// Copyright The Quote Tracker Authors.

#include "storage/similarity_index.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "leveldb/db.h"
#include "leveldb/iterator.h"
#include "leveldb/write_batch.h"
#include "storage/db_status.h"
#include "storage/document_writer.h"
#include "storage/keys.h"
#include "storage/normalize.h"
#include "storage/records.h"
#include "storage/similarity.h"

namespace quotes {
namespace {

// A rebuild writes this many quotes' postings (about 18 keys a quote) or
// deletes this many keys per batch: few batches, for each is synced, and
// a batch's memory stays in the megabytes (about 6 MB).
constexpr int kRebuildQuotesPerBatch = 10000;
constexpr int kRebuildKeysPerBatch = 100000;

std::string_view View(const leveldb::Slice& slice) {
  return std::string_view(slice.data(), slice.size());
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// A snapshot released on every path out of the search.
class SnapshotGuard {
 public:
  explicit SnapshotGuard(leveldb::DB* db)
      : db_(db), snapshot_(db->GetSnapshot()) {}
  ~SnapshotGuard() { db_->ReleaseSnapshot(snapshot_); }
  SnapshotGuard(const SnapshotGuard&) = delete;
  SnapshotGuard& operator=(const SnapshotGuard&) = delete;

  leveldb::ReadOptions options() const {
    leveldb::ReadOptions options;
    options.snapshot = snapshot_;
    return options;
  }

 private:
  leveldb::DB* const db_;
  const leveldb::Snapshot* const snapshot_;
};

// Writes "batch", synced, and clears it.  Every batch of the rebuild is
// synced, not only the marker: LevelDB closes a log file it has filled
// without syncing it, so a synced marker alone would not keep a power
// loss from taking postings written before it.  A rebuild is rare (a new
// index version, a schema upgrade); a few hundred syncs for a million
// quotes are its price.
Status Write(leveldb::DB* db, const std::string& path,
             leveldb::WriteBatch* batch) {
  leveldb::WriteOptions options;
  options.sync = true;
  const Status s = FromLevelDb(db->Write(options, batch), path);
  batch->Clear();
  return s;
}

// Deletes every key that starts with "prefix".
Status DeletePrefix(leveldb::DB* db, const std::string& path,
                    const std::string& prefix) {
  leveldb::WriteBatch batch;
  int pending = 0;
  std::unique_ptr<leveldb::Iterator> it(
      db->NewIterator(leveldb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && StartsWith(View(it->key()), prefix);
       it->Next()) {
    batch.Delete(it->key());
    if (++pending == kRebuildKeysPerBatch) {
      QUOTES_RETURN_IF_ERROR(Write(db, path, &batch));
      pending = 0;
    }
  }
  QUOTES_RETURN_IF_ERROR(FromLevelDb(it->status(), path));
  return Write(db, path, &batch);
}

// The term postings and their counts, which EnsureTermPostings rebuilds.
constexpr KeySpace kTermPostingSpaces[] = {KeySpace::kByWord,
                                           KeySpace::kSimilarity};
constexpr CountKind kTermCountKinds[] = {CountKind::kWord, CountKind::kStem};

bool IsTermPosting(std::string_view key) {
  for (const KeySpace space : kTermPostingSpaces) {
    if (!key.empty() && key[0] == static_cast<char>(space)) return true;
  }
  return false;
}

// A count key is "c", the kind, the term (keys.h).
bool IsTermCount(std::string_view key) {
  if (key.size() < 2 || key[0] != static_cast<char>(KeySpace::kCount)) {
    return false;
  }
  for (const CountKind kind : kTermCountKinds) {
    if (key[1] == static_cast<char>(kind)) return true;
  }
  return false;
}

// Posts every stored quote's words and stems; returns the number of
// quotes holding each count key in *counts.
Status PostAllQuotes(leveldb::DB* db, const std::string& path,
                     std::map<std::string, uint64_t>* counts) {
  const std::string prefix(1, static_cast<char>(KeySpace::kQuote));
  leveldb::WriteBatch batch;
  int pending = 0;
  std::unique_ptr<leveldb::Iterator> it(
      db->NewIterator(leveldb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && StartsWith(View(it->key()), prefix);
       it->Next()) {
    // A record that does not parse or is not stored under its own id gets
    // no postings: `quotes check` reports it and a repair deletes it, as
    // it would any other.  Failing here would leave a store that no build
    // could open, and so none could repair.
    const std::string_view id = View(it->key()).substr(prefix.size());
    Quote quote;
    if (!ParseRecord(View(it->key()), it->value().ToString(), &quote).ok() ||
        !WhyMisfiled(id, quote).empty()) {
      continue;
    }
    // The writer's own derivation, so that a rebuilt store and one built
    // document by document hold the same keys.
    const IndexEntries entries = EntriesOf(quote);
    for (const std::string& key : entries.keys) {
      if (IsTermPosting(key)) batch.Put(key, leveldb::Slice());
    }
    for (const std::string& key : entries.counts) {
      if (IsTermCount(key)) ++(*counts)[key];
    }
    if (++pending == kRebuildQuotesPerBatch) {
      QUOTES_RETURN_IF_ERROR(Write(db, path, &batch));
      pending = 0;
    }
  }
  QUOTES_RETURN_IF_ERROR(FromLevelDb(it->status(), path));
  return Write(db, path, &batch);
}

Status ReadCount(leveldb::DB* db, const leveldb::ReadOptions& read,
                 const std::string& path, const std::string& key,
                 uint64_t* count) {
  std::string value;
  const leveldb::Status s = db->Get(read, key, &value);
  *count = 0;
  if (s.IsNotFound()) return Status::OK();
  if (!s.ok()) return FromLevelDb(s, path);
  if (value.size() == 8) *count = DecodeFixed64(value);
  return Status::OK();
}

}  // namespace

bool StemPostingId(std::string_view key, size_t prefix_size, uint64_t* id) {
  // The form byte, the time, the quote id.
  if (key.size() != prefix_size + 1 + kSortKeyBytes) return false;
  const std::string_view hex = key.substr(prefix_size + 1 + kTimeBytes);
  uint64_t value = 0;
  for (const char c : hex) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else {
      return false;
    }
    value = value << 4 | static_cast<uint64_t>(digit);
  }
  *id = value;
  return true;
}

namespace {

// The heaviest and second heaviest accumulated weights.
std::pair<double, double> TopTwo(
    const std::unordered_map<uint64_t, double>& weights) {
  double first = 0;
  double second = 0;
  for (const auto& [id, weight] : weights) {
    if (weight > first) {
      second = first;
      first = weight;
    } else if (weight > second) {
      second = weight;
    }
  }
  return {first, second};
}

// Adds, for each quote posted under the claim's stems, the inverse
// frequencies of the stems it shares with the claim.  The rarest stems
// are read first: they tell one statement from another, and their lists
// are short.  Reading stops when the leading quote can no longer be
// overtaken (its lead is more than all the unread stems could give
// another quote), or when the budget is spent (the commonest stems,
// which tell the least, are then cut short).
Status WeighCandidates(leveldb::DB* db, const leveldb::ReadOptions& read,
                       const std::string& path,
                       const std::vector<std::string>& stems,
                       std::unordered_map<uint64_t, double>* weights,
                       uint64_t* postings_read) {
  StoreStats stats;
  std::string value;
  leveldb::Status ls = db->Get(read, MetaKey(kStatsName), &value);
  if (ls.ok()) {
    QUOTES_RETURN_IF_ERROR(DecodeStats(value, &stats));
  } else if (!ls.IsNotFound()) {
    return FromLevelDb(ls, path);
  }
  const double quotes = std::max<double>(static_cast<double>(stats.quotes), 1);

  std::vector<std::pair<uint64_t, std::string>> terms;
  for (const std::string& stem : stems) {
    uint64_t count = 0;
    QUOTES_RETURN_IF_ERROR(
        ReadCount(db, read, path, CountKey(CountKind::kStem, stem), &count));
    if (count > 0) terms.emplace_back(count, stem);
  }
  std::sort(terms.begin(), terms.end());
  std::vector<double> idf;
  for (const auto& term : terms) {
    idf.push_back(std::log(1 + quotes / static_cast<double>(term.first)));
  }
  double unread = 0;
  for (const double x : idf) unread += x;

  std::unique_ptr<leveldb::Iterator> it(db->NewIterator(read));
  // A quote holding two forms of a stem is on two of its lists, and counts
  // once.
  std::unordered_set<uint64_t> seen;
  for (size_t t = 0; t < terms.size(); ++t) {
    if (*postings_read >= kVerifyMaxPostings) break;
    const std::string prefix =
        PostingPrefix(KeySpace::kSimilarity, terms[t].second);
    seen.clear();
    for (it->Seek(prefix); it->Valid() && *postings_read < kVerifyMaxPostings;
         it->Next()) {
      const std::string_view key = View(it->key());
      if (!StartsWith(key, prefix)) break;
      ++*postings_read;
      uint64_t id = 0;
      // A malformed posting is the integrity check's business.
      if (StemPostingId(key, prefix.size(), &id) && seen.insert(id).second) {
        (*weights)[id] += idf[t];
      }
    }
    QUOTES_RETURN_IF_ERROR(FromLevelDb(it->status(), path));
    unread -= idf[t];
    const auto [first, second] = TopTwo(*weights);
    if (first > second + unread + 1e-9) break;
  }
  return Status::OK();
}

// The candidates' ids, heaviest first (ties by id, for a stable answer).
std::vector<std::string> TopCandidates(
    const std::unordered_map<uint64_t, double>& weights) {
  std::vector<std::pair<double, uint64_t>> ranked;
  ranked.reserve(weights.size());
  for (const auto& [id, weight] : weights) ranked.emplace_back(weight, id);
  const size_t keep = std::min(ranked.size(), kVerifyMaxCandidates);
  const auto heavier = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.end(),
                    heavier);
  std::vector<std::string> ids;
  for (size_t i = 0; i < keep; ++i) ids.push_back(Hex64(ranked[i].second));
  return ids;
}

// Best first: verdict, the named speaker's quotes, score, coverage, id.
bool Better(const VerifyMatch& a, const VerifyMatch& b) {
  const Comparison& x = a.comparison;
  const Comparison& y = b.comparison;
  if (x.verdict != y.verdict) return x.verdict > y.verdict;
  if (a.speaker_matches != b.speaker_matches) return a.speaker_matches;
  if (x.score != y.score) return x.score > y.score;
  if (x.coverage != y.coverage) return x.coverage > y.coverage;
  return a.quote.id() < b.quote.id();
}

}  // namespace

WordPlace PlaceOfWord(std::string_view word) {
  WordPlace place;
  place.stem = WordStem(word);
  if (!place.stem.empty()) {
    place.kind = WordPlace::kStem;
    place.form = FormByte(word);
  } else if (IsIndexedWord(word)) {
    place.kind = WordPlace::kWord;
  }
  return place;
}

std::string StemFormPrefix(std::string_view stem, char form) {
  std::string prefix = PostingPrefix(KeySpace::kSimilarity, stem);
  prefix.push_back(form);
  return prefix;
}

std::string SimilarityKey(std::string_view stem, char form,
                          std::string_view sort_key) {
  std::string key;
  key.reserve(stem.size() + 3 + sort_key.size());
  key.push_back(static_cast<char>(KeySpace::kSimilarity));
  key.append(stem);
  key.push_back('\0');
  key.push_back(form);
  key.append(sort_key);
  return key;
}

void AddSimilarityEntries(const std::vector<QuoteTerms::Stem>& stems,
                          const std::string& sort_key,
                          std::vector<std::string>* keys,
                          std::vector<std::string>* counts) {
  for (const QuoteTerms::Stem& stem : stems) {
    for (const char form : stem.forms) {
      keys->push_back(SimilarityKey(stem.stem, form, sort_key));
    }
    counts->push_back(CountKey(CountKind::kStem, stem.stem));
  }
}

Status EnsureTermPostings(leveldb::DB* db, const std::string& path) {
  const std::string marker = MetaKey(kSimilarityIndexName);
  std::string version;
  const leveldb::Status s = db->Get(leveldb::ReadOptions(), marker, &version);
  if (s.ok() && version == kSimilarityIndexVersion) return Status::OK();
  if (!s.ok() && !s.IsNotFound()) return FromLevelDb(s, path);

  // Stale entries first (another version's, or a rebuild cut short), so
  // that the counts below are the only ones.
  for (const KeySpace space : kTermPostingSpaces) {
    QUOTES_RETURN_IF_ERROR(
        DeletePrefix(db, path, std::string(1, static_cast<char>(space))));
  }
  for (const CountKind kind : kTermCountKinds) {
    QUOTES_RETURN_IF_ERROR(DeletePrefix(db, path, CountKey(kind, {})));
  }
  std::map<std::string, uint64_t> counts;
  QUOTES_RETURN_IF_ERROR(PostAllQuotes(db, path, &counts));
  leveldb::WriteBatch batch;
  int pending = 0;
  for (const auto& [key, count] : counts) {
    std::string encoded;
    PutFixed64(&encoded, count);
    batch.Put(key, encoded);
    if (++pending == kRebuildKeysPerBatch) {
      QUOTES_RETURN_IF_ERROR(Write(db, path, &batch));
      pending = 0;
    }
  }
  // The marker goes last: until it is down, the next open starts the
  // rebuild over.
  batch.Put(marker, kSimilarityIndexVersion);
  return Write(db, path, &batch);
}

Status SearchSimilar(leveldb::DB* db, const std::string& path,
                     const VerifyRequest& request,
                     const std::vector<Speaker>& claimed,
                     VerifyResult* result) {
  *result = VerifyResult();
  if (request.text.size() > kMaxClaimBytes) {
    return Status::InvalidArgument(
        "claim", "longer than " + std::to_string(kMaxClaimBytes) + " bytes");
  }
  const std::vector<SimilarityToken> claim = SimilarityTokens(request.text);
  if (claim.empty()) return Status::InvalidArgument("claim", "has no words");
  result->claimed_speakers = claimed;

  const SnapshotGuard snapshot(db);
  const leveldb::ReadOptions read = snapshot.options();
  std::unordered_map<uint64_t, double> weights;
  QUOTES_RETURN_IF_ERROR(WeighCandidates(db, read, path,
                                         IndexStems(request.text), &weights,
                                         &result->postings_read));

  std::set<std::string> claimed_ids;
  for (const Speaker& speaker : claimed) {
    claimed_ids.insert(speaker.speaker_id());
  }
  for (const std::string& id : TopCandidates(weights)) {
    std::string value;
    const leveldb::Status s = db->Get(read, QuoteKey(id), &value);
    // A posting without its quote is the integrity check's business; the
    // answer is still right without it.
    if (s.IsNotFound()) continue;
    if (!s.ok()) return FromLevelDb(s, path);
    VerifyMatch match;
    QUOTES_RETURN_IF_ERROR(ParseRecord(QuoteKey(id), value, &match.quote));
    ++result->candidates;
    match.comparison = CompareTokens(request.text, claim, match.quote.text());
    if (match.comparison.verdict == Verdict::kNotFound) continue;
    const std::string& speaker_id = match.quote.speaker().speaker_id();
    match.speaker_matches =
        !speaker_id.empty() && claimed_ids.count(speaker_id) > 0;
    result->matches.push_back(std::move(match));
  }
  std::sort(result->matches.begin(), result->matches.end(), Better);
  if (request.max_matches > 0 && result->matches.size() > request.max_matches) {
    result->matches.resize(request.max_matches);
  }
  if (!result->matches.empty()) {
    const VerifyMatch& best = result->matches.front();
    result->verdict = best.comparison.verdict;
    // A quote of unknown speaker neither confirms nor refutes a name.
    result->wrong_speaker =
        !request.speaker.empty() && result->verdict >= Verdict::kCloseWording &&
        !best.speaker_matches && !best.quote.speaker().speaker_id().empty();
  }
  return Status::OK();
}

}  // namespace quotes
