// Copyright The Quote Tracker Authors.
//
// Queries against a brute-force oracle: for many random queries over a
// random store, the iterator (posting-list intersection, date ranges,
// cursors) returns exactly the quotes a plain filter over every quote
// selects, in the same order, page after page.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "leveldb/env.h"
#include "leveldb/helpers/memenv.h"
#include "storage/dates.h"
#include "storage/normalize.h"
#include "storage/quote_store.h"
#include "tests/store_test_util.h"

namespace quotes {
namespace {

using testing_util::MakeDoc;
using testing_util::QuoteSpec;
using testing_util::ReadAllPages;
using testing_util::RunQuery;

// A small deterministic generator (the std distributions differ between
// standard libraries).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  int Uniform(int n) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state_ >> 33) % n);
  }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Uniform(v.size())];
  }

 private:
  uint64_t state_;
};

// Forms of one stem ("talks", "talked", "talking"; "trade", "trades",
// "trading") share a posting list that queries for one form filter by
// its form byte; "o'brien" is found by "brien", an apostrophe part; the
// form byte of "restored" is 0xff, the last a prefix can end in.
const std::vector<std::string> kWords = {
    "peace",  "talks",  "talked",  "talking", "war",     "the",  "of",
    "russia", "europe", "trade",   "trades",  "trading", "deal", "now",
    "never",  "again",  "o'brien", "brien",   "restored"};
const std::vector<std::string> kSpeakers = {
    "Emmanuel Macron", "Macron", "John Smith", "Jane Smith", "Smith",
    "Olaf Scholz",     ""};
const std::vector<std::string> kOutlets = {"Reuters", "AP", "The Guardian", ""};
const std::vector<QuoteKind> kKinds = {DIRECT, INDIRECT, MIXED};

std::string RandomText(Random* rng) {
  std::string text;
  const int words = 1 + rng->Uniform(6);
  for (int i = 0; i < words; ++i) {
    if (!text.empty()) text += rng->Uniform(4) == 0 ? ", " : " ";
    std::string word = rng->Pick(kWords);
    if (rng->Uniform(5) == 0) word[0] = static_cast<char>(word[0] - 32);
    text += word;
  }
  return text;
}

std::string RandomDate(Random* rng) {
  if (rng->Uniform(6) == 0) return "";
  return "2025-05-" + std::to_string(10 + rng->Uniform(15)) +
         (rng->Uniform(2) ? "T0" + std::to_string(rng->Uniform(10)) + ":00:00Z"
                          : "");
}

// The query semantics, applied to one quote without any index.
class Oracle {
 public:
  Oracle(QuoteStore* store, const QuoteQuery& query) : query_(query) {
    if (!query.speaker.empty()) {
      std::vector<Speaker> speakers;
      EXPECT_TRUE(store->FindSpeakers(query.speaker, &speakers).ok());
      for (const Speaker& s : speakers) ids_.push_back(s.speaker_id());
    }
    DateRange range;
    if (!query.since.empty() && ParseDate(query.since, &range).ok()) {
      since_ = range.first;
      has_since_ = true;
    }
    if (!query.until.empty() && ParseDate(query.until, &range).ok()) {
      until_ = range.last;
      has_until_ = true;
    }
  }

  bool Matches(const Quote& quote) const {
    if (!query_.speaker.empty() &&
        std::find(ids_.begin(), ids_.end(), quote.speaker().speaker_id()) ==
            ids_.end()) {
      return false;
    }
    if (query_.kind != KIND_UNSPECIFIED && quote.kind() != query_.kind) {
      return false;
    }
    if (!query_.outlet.empty() && !HasOutlet(quote)) return false;
    if (!DateOk(quote)) return false;
    return WordsOk(quote);
  }

 private:
  bool HasOutlet(const Quote& quote) const {
    for (const Source& source : quote.sources()) {
      if (NormalizeOutlet(source.outlet()) == NormalizeOutlet(query_.outlet)) {
        return true;
      }
    }
    return false;
  }

  bool DateOk(const Quote& quote) const {
    int64_t t = 0;
    const bool known = ParseTimestamp(quote.sources(0).published(), &t);
    if (has_since_ && (!known || t < since_)) return false;
    if (has_until_ && known && t > until_) return false;
    return true;
  }

  // Words in the query are plain here, or one quoted phrase.
  bool WordsOk(const Quote& quote) const {
    const std::vector<std::string> have = SearchableWords(quote.text());
    const std::vector<std::string> want = TokenizeWords(query_.words);
    for (const std::string& word : want) {
      if (!std::binary_search(have.begin(), have.end(), word)) return false;
    }
    if (query_.words.empty() || query_.words[0] != '"') return true;
    const std::vector<std::string> tokens = TokenizeWords(quote.text());
    return std::search(tokens.begin(), tokens.end(), want.begin(),
                       want.end()) != tokens.end();
  }

  QuoteQuery query_;
  std::vector<std::string> ids_;
  bool has_since_ = false;
  bool has_until_ = false;
  int64_t since_ = 0;
  int64_t until_ = 0;
};

QuoteQuery RandomQuery(Random* rng) {
  QuoteQuery query;
  if (rng->Uniform(2)) query.speaker = rng->Pick(kSpeakers);
  const int words = rng->Uniform(4);
  for (int i = 0; i < words; ++i) {
    query.words += (i ? " " : "") + rng->Pick(kWords);
  }
  if (words == 2 && rng->Uniform(2)) query.words = "\"" + query.words + "\"";
  if (rng->Uniform(4) == 0) query.outlet = rng->Pick(kOutlets);
  if (rng->Uniform(4) == 0) query.kind = rng->Pick(kKinds);
  if (rng->Uniform(3) == 0) {
    query.since = "2025-05-" + std::to_string(10 + rng->Uniform(15));
  }
  if (rng->Uniform(3) == 0) {
    query.until = "2025-05-" + std::to_string(12 + rng->Uniform(15));
  }
  query.oldest_first = rng->Uniform(2);
  return query;
}

std::string Describe(const QuoteQuery& q) {
  return "speaker=" + q.speaker + " words=" + q.words + " outlet=" + q.outlet +
         " kind=" + std::to_string(q.kind) + " since=" + q.since +
         " until=" + q.until + (q.oldest_first ? " oldest" : "");
}

std::vector<std::string> Ids(const std::vector<Quote>& quotes) {
  std::vector<std::string> ids;
  for (const Quote& quote : quotes) ids.push_back(quote.id());
  return ids;
}

TEST(QuoteStoreQueryTest, AgreesWithBruteForce) {
  std::unique_ptr<leveldb::Env> env(
      leveldb::NewMemEnv(leveldb::Env::Default()));
  QuoteStore::Options options;
  options.env = env.get();
  std::unique_ptr<QuoteStore> store;
  ASSERT_STATUS_OK(QuoteStore::Open(options, "/store", &store));

  Random rng(2025);
  for (int d = 0; d < 150; ++d) {
    std::vector<QuoteSpec> specs;
    const int quotes = 1 + rng.Uniform(5);
    for (int q = 0; q < quotes; ++q) {
      QuoteSpec spec;
      spec.text = RandomText(&rng);
      spec.speaker = rng.Pick(kSpeakers);
      spec.kind = rng.Pick(kKinds);
      specs.push_back(spec);
    }
    // Some documents are re-ingested with other text: replacements.
    const int id = rng.Uniform(5) == 0 ? rng.Uniform(d + 1) : d;
    const auto doc = MakeDoc("doc" + std::to_string(id), rng.Pick(kOutlets),
                             RandomDate(&rng), specs);
    ASSERT_STATUS_OK(store->AddDocument(doc.doc, doc.quotes, nullptr));
  }

  const std::vector<Quote> all = RunQuery(store.get(), QuoteQuery());
  StoreStats stats;
  ASSERT_STATUS_OK(store->GetStats(&stats));
  ASSERT_EQ(all.size(), stats.quotes);
  ASSERT_GT(all.size(), 100u);

  int non_empty = 0;
  for (int i = 0; i < 400; ++i) {
    const QuoteQuery query = RandomQuery(&rng);
    SCOPED_TRACE(Describe(query));
    const Oracle oracle(store.get(), query);
    std::vector<std::string> want;
    for (const Quote& quote : all) {
      if (oracle.Matches(quote)) want.push_back(quote.id());
    }
    if (query.oldest_first) std::reverse(want.begin(), want.end());
    non_empty += !want.empty();

    EXPECT_EQ(Ids(RunQuery(store.get(), query)), want);
    EXPECT_EQ(Ids(ReadAllPages(store.get(), query, 3, 200)), want);
  }
  EXPECT_GT(non_empty, 100) << "queries too selective to test much";
}

}  // namespace
}  // namespace quotes
