// Copyright The Quote Tracker Authors.
//
// QuoteStore over an in-memory Env: records, key spaces, alias, word and
// date queries, pagination, re-ingest, replacement and merging.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "leveldb/db.h"
#include "leveldb/env.h"
#include "leveldb/helpers/memenv.h"
#include "leveldb/iterator.h"
#include "storage/check.h"
#include "storage/quote_store.h"
#include "storage/similarity.h"
#include "tests/store_test_util.h"

namespace quotes {
namespace {

using testing_util::MakeDoc;
using testing_util::QueryTexts;
using testing_util::QuoteSpec;
using testing_util::ReadAllPages;
using testing_util::ReadPage;
using testing_util::RunQuery;
using testing_util::TestDoc;

constexpr char kPath[] = "/store";

class QuoteStoreTest : public testing::Test {
 protected:
  QuoteStoreTest() : env_(leveldb::NewMemEnv(leveldb::Env::Default())) {}

  void SetUp() override { ASSERT_STATUS_OK(Reopen()); }

  Status Reopen() {
    store_.reset();
    QuoteStore::Options options;
    options.env = env_.get();
    return QuoteStore::Open(options, kPath, &store_);
  }

  QuoteStore::AddResult Add(const TestDoc& doc) {
    QuoteStore::AddResult result;
    const Status s = store_->AddDocument(doc.doc, doc.quotes, &result);
    EXPECT_TRUE(s.ok()) << doc.doc.doc_id() << ": " << s.ToString();
    return result;
  }

  StoreStats Stats() {
    StoreStats stats;
    EXPECT_STATUS_OK(store_->GetStats(&stats));
    return stats;
  }

  // The quotes each name finds as a speaker, newest first.
  struct ByNameCase {
    std::string name;
    std::vector<std::string> want;
  };
  void ExpectQuotesByName(const std::vector<ByNameCase>& cases) {
    for (const ByNameCase& c : cases) {
      QuoteQuery query;
      query.speaker = c.name;
      EXPECT_EQ(QueryTexts(store_.get(), query), c.want) << c.name;
    }
  }

  // Opens the store's LevelDB directly.  REQUIRES: store_ closed.
  std::unique_ptr<leveldb::DB> OpenRaw() {
    return testing_util::OpenRawDb(env_.get(), kPath);
  }

  std::unique_ptr<leveldb::Env> env_;  // outlives store_
  std::unique_ptr<QuoteStore> store_;
};

QuoteQuery BySpeaker(const std::string& name) {
  QuoteQuery query;
  query.speaker = name;
  return query;
}

QuoteQuery ByWords(const std::string& words) {
  QuoteQuery query;
  query.words = words;
  return query;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_F(QuoteStoreTest, RecordsRoundTrip) {
  const TestDoc doc =
      MakeDoc("d1", "Reuters", "2025-01-31",
              {{"The visit helped.", "Emmanuel Macron", "President Macron",
                DIRECT, PERSON, "French President"},
               {"Talks will go on", "Emmanuel Macron", "Macron", INDIRECT}});
  const QuoteStore::AddResult result = Add(doc);
  EXPECT_EQ(result.new_quotes, 2);
  EXPECT_EQ(result.new_speakers, 1);
  EXPECT_FALSE(result.unchanged);

  Document stored_doc;
  ASSERT_STATUS_OK(store_->GetDocument("d1", &stored_doc));
  EXPECT_EQ(stored_doc.text(), doc.doc.text());
  EXPECT_EQ(stored_doc.outlet(), "Reuters");
  EXPECT_EQ(stored_doc.text_hash().size(), 16u);
  EXPECT_GT(stored_doc.ingested_unix(), 0);
  ASSERT_EQ(stored_doc.quote_ids_size(), 2);

  Quote quote;
  ASSERT_STATUS_OK(store_->GetQuote(stored_doc.quote_ids(0), &quote));
  EXPECT_EQ(quote.id(), stored_doc.quote_ids(0));
  EXPECT_EQ(quote.id().size(), 16u);
  EXPECT_EQ(quote.text(), "The visit helped.");
  EXPECT_EQ(quote.canonical_key(), "the visit helped");
  EXPECT_EQ(quote.speaker().speaker_id(), "emmanuel-macron");
  EXPECT_EQ(quote.speaker().name(), "Emmanuel Macron");
  EXPECT_EQ(quote.rule_id(), "test-rule");
  ASSERT_EQ(quote.sources_size(), 1);
  const Source& source = quote.sources(0);
  EXPECT_EQ(source.doc_id(), "d1");
  EXPECT_EQ(source.outlet(), "Reuters");
  EXPECT_EQ(source.published(), "2025-01-31");
  EXPECT_EQ(source.url(), "https://example.com/d1");
  EXPECT_GT(source.ingested_unix(), 0);
  EXPECT_EQ(stored_doc.text().substr(
                source.content().start(),
                source.content().end() - source.content().start()),
            "The visit helped.");

  std::vector<Speaker> speakers;
  ASSERT_STATUS_OK(store_->FindSpeakers("Macron", &speakers));
  ASSERT_EQ(speakers.size(), 1u);
  EXPECT_EQ(speakers[0].speaker_id(), "emmanuel-macron");
  EXPECT_EQ(speakers[0].name(), "Emmanuel Macron");
  EXPECT_EQ(speakers[0].quote_count(), 2u);
  EXPECT_EQ(speakers[0].type(), PERSON);
  const std::set<std::string> aliases(speakers[0].aliases().begin(),
                                      speakers[0].aliases().end());
  EXPECT_EQ(aliases, (std::set<std::string>{"Emmanuel Macron",
                                            "President Macron", "Macron"}));
  ASSERT_EQ(speakers[0].roles_size(), 1);
  EXPECT_EQ(speakers[0].roles(0), "French President");

  const StoreStats stats = Stats();
  EXPECT_EQ(stats.documents, 1u);
  EXPECT_EQ(stats.quotes, 2u);
  EXPECT_EQ(stats.speakers, 1u);
  EXPECT_EQ(stats.sources, 2u);
}

TEST_F(QuoteStoreTest, MissingRecordsAreNotFound) {
  Quote quote;
  quote.set_text("unchanged");
  EXPECT_TRUE(store_->GetQuote("0123456789abcdef", &quote).IsNotFound());
  EXPECT_EQ(quote.text(), "unchanged");
  Document doc;
  EXPECT_TRUE(store_->GetDocument("nope", &doc).IsNotFound());
}

TEST_F(QuoteStoreTest, RecordsSurviveReopen) {
  Add(MakeDoc("d1", "AP", "2025-01-01", {{"Hold the line", "Jane Doe"}}));
  ASSERT_STATUS_OK(Reopen());
  EXPECT_EQ(QueryTexts(store_.get(), BySpeaker("Doe")),
            std::vector<std::string>{"Hold the line"});
  EXPECT_EQ(Stats().quotes, 1u);
}

TEST_F(QuoteStoreTest, WritesEveryKeySpace) {
  Add(MakeDoc("d1", "Reuters", "2025-01-31",
              {{"Peace talks never resume", "Emmanuel Macron", "Macron"}}));
  store_.reset();
  std::unique_ptr<leveldb::DB> db = OpenRaw();
  ASSERT_NE(db, nullptr);
  std::map<char, int> keys_per_space;
  std::unique_ptr<leveldb::Iterator> it(
      db->NewIterator(leveldb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ++keys_per_space[it->key()[0]];
  }
  struct Case {
    char space;
    int keys;
    const char* what;
  };
  const Case cases[] = {
      {'m', 3, "schema version, stats, similarity index version"},
      {'q', 1, "quote"},
      {'d', 1, "document"},
      {'s', 1, "speaker"},
      {'a', 2, "aliases: emmanuel macron, macron"},
      {'n', 1, "speaker by name"},
      {'p', 1, "speaker postings"},
      {'w', 1, "word postings of stemless words: never"},
      {'t', 1, "time postings"},
      {'o', 1, "outlet postings"},
      {'x', 1, "document postings"},
      {'c', 5, "counts: 1 word, 1 outlet, 3 stems"},
      {'v', 3, "stem postings: peac, talk, resum"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(keys_per_space[c.space], c.keys) << c.space << " " << c.what;
  }
  EXPECT_EQ(static_cast<int>(keys_per_space.size()), 13);
  std::string version;
  ASSERT_TRUE(
      db->Get(leveldb::ReadOptions(), "mschema_version", &version).ok());
  EXPECT_EQ(version, std::to_string(kStoreSchemaVersion));
}

class AliasTest : public QuoteStoreTest {
 protected:
  void SetUp() override {
    QuoteStoreTest::SetUp();
    Add(MakeDoc(
        "d1", "Reuters", "2025-01-01",
        {{"Europe must stand up", "Emmanuel Macron", "President Macron"},
         {"We will not give in", "Emmanuel Macron", "Mr Macron"}}));
    // A later document names only the surname: the store attaches it to
    // the one person it knows by that surname.
    Add(MakeDoc("d2", "AP", "2025-01-02",
                {{"The alliance holds", "Macron", "Macron"}}));
    Add(MakeDoc("d3", "AP", "2025-01-03",
                {{"A quote of someone else", "Olaf Scholz", "Scholz"}}));
  }
};

TEST_F(AliasTest, EverySpellingFindsTheSameQuotes) {
  const std::vector<std::string> want = Sorted(
      {"The alliance holds", "We will not give in", "Europe must stand up"});
  const std::string names[] = {
      "Macron",          "macron",
      "MACRON",          "Emmanuel Macron",
      "emmanuel macron", "President Macron",
      "Mr. Macron",      "French President Emmanuel Macron",
  };
  for (const std::string& name : names) {
    EXPECT_EQ(Sorted(QueryTexts(store_.get(), BySpeaker(name))), want) << name;
  }
}

TEST_F(AliasTest, SurnameOnlyMentionJoinsTheKnownSpeaker) {
  std::vector<Speaker> speakers;
  ASSERT_STATUS_OK(store_->FindSpeakers("macron", &speakers));
  ASSERT_EQ(speakers.size(), 1u);
  EXPECT_EQ(speakers[0].speaker_id(), "emmanuel-macron");
  EXPECT_EQ(speakers[0].quote_count(), 3u);
  EXPECT_EQ(speakers[0].name(), "Emmanuel Macron");
  EXPECT_EQ(Stats().speakers, 2u);
}

TEST_F(AliasTest, UnknownNameFindsNothing) {
  EXPECT_TRUE(QueryTexts(store_.get(), BySpeaker("Merkel")).empty());
  std::vector<Speaker> speakers;
  ASSERT_STATUS_OK(store_->FindSpeakers("Angela Merkel", &speakers));
  EXPECT_TRUE(speakers.empty());
}

TEST_F(QuoteStoreTest, SharedSurnameFindsEveryone) {
  Add(MakeDoc("d1", "AP", "2025-01-01", {{"First quote", "John Smith"}}));
  Add(MakeDoc("d2", "AP", "2025-01-02", {{"Second quote", "Jane Smith"}}));
  // Two people are called Smith: "Smith" alone cannot pick one, so it
  // becomes a speaker of its own.
  Add(MakeDoc("d3", "AP", "2025-01-03", {{"Third quote", "Smith"}}));
  ExpectQuotesByName({
      {"Smith", {"Third quote", "Second quote", "First quote"}},
      {"Jane Smith", {"Second quote"}},
      {"Dr. John Smith", {"First quote"}},
  });
  std::vector<Speaker> speakers;
  ASSERT_STATUS_OK(store_->FindSpeakers("smith", &speakers));
  EXPECT_EQ(speakers.size(), 3u);
}

// A surname's list of speakers grows between two mentions of the surname
// alone: the answer kept for the first mention is brought up to date from
// the names appended since, never reused as it was, and gives what a
// reading of the whole list gives.
TEST_F(QuoteStoreTest, SurnameAnswerFollowsTheGrowingList) {
  Add(MakeDoc("d1", "AP", "2025-01-01", {{"First quote", "John Smith"}}));
  Add(MakeDoc("d2", "AP", "2025-01-02", {{"Second quote", "Smith"}}));
  // An organisation of that name joins the list, and is no person's
  // surname: "Smith" still means John Smith.
  Add(MakeDoc("d3", "AP", "2025-01-03",
              {{"Third quote", "Smith", "Smith", DIRECT, ORGANIZATION}}));
  Add(MakeDoc("d4", "AP", "2025-01-04", {{"Fourth quote", "Smith"}}));
  // A second person of that surname: "Smith" alone no longer chooses, and
  // the sixth quote goes to neither.
  Add(MakeDoc("d5", "AP", "2025-01-05", {{"Fifth quote", "Jane Smith"}}));
  Add(MakeDoc("d6", "AP", "2025-01-06", {{"Sixth quote", "Smith"}}));
  ExpectQuotesByName({
      {"John Smith", {"Fourth quote", "Second quote", "First quote"}},
      {"Jane Smith", {"Fifth quote"}},
  });
}

TEST_F(QuoteStoreTest, OrganisationsKeepTheirNames) {
  Add(MakeDoc(
      "d1", "AP", "2025-01-01",
      {{"Recall under way", "General Motors", "General Motors", DIRECT,
        ORGANIZATION},
       {"No comment", "the Kremlin", "The Kremlin", DIRECT, ORGANIZATION}}));
  EXPECT_EQ(QueryTexts(store_.get(), BySpeaker("general motors")),
            std::vector<std::string>{"Recall under way"});
  EXPECT_EQ(QueryTexts(store_.get(), BySpeaker("Kremlin")),
            std::vector<std::string>{"No comment"});
  std::vector<Speaker> speakers;
  ASSERT_STATUS_OK(store_->FindSpeakers("The Kremlin", &speakers));
  ASSERT_EQ(speakers.size(), 1u);
  EXPECT_EQ(speakers[0].speaker_id(), "kremlin");
  EXPECT_EQ(speakers[0].type(), ORGANIZATION);
}

TEST_F(QuoteStoreTest, UnknownSpeakerQuotesAreFindableByWords) {
  const QuoteStore::AddResult result =
      Add(MakeDoc("d1", "AP", "2025-01-01", {{"Nobody claims this line", ""}}));
  EXPECT_EQ(result.new_quotes, 1);
  EXPECT_EQ(result.new_speakers, 0);
  const std::vector<Quote> quotes = RunQuery(store_.get(), ByWords("claims"));
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].speaker().speaker_id(), "");
  EXPECT_EQ(Stats().speakers, 0u);
  EXPECT_EQ(RunQuery(store_.get(), QuoteQuery()).size(), 1u);
}

class WordQueryTest : public QuoteStoreTest {
 protected:
  void SetUp() override {
    QuoteStoreTest::SetUp();
    Add(MakeDoc("d1", "AP", "2025-01-01",
                {{"Peace talks must resume now", "Ann Lee"},
                 {"The talks on peace failed", "Ann Lee"},
                 {"This is the end of the war", "Ann Lee"},
                 {"Macron's plan is dead", "Ann Lee"},
                 {"We don\u2019t want war", "Ann Lee"}}));
  }
};

TEST_F(WordQueryTest, WordsAndPhrases) {
  struct Case {
    std::string words;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"peace", {"Peace talks must resume now", "The talks on peace failed"}},
      {"PEACE TALKS",
       {"Peace talks must resume now", "The talks on peace failed"}},
      {"\"peace talks\"", {"Peace talks must resume now"}},
      {"\u201Cpeace talks\u201D", {"Peace talks must resume now"}},
      {"resume \"peace talks\"", {"Peace talks must resume now"}},
      {"\"talks peace\"", {}},
      {"\"end of the war\"", {"This is the end of the war"}},
      {"\"of the\"", {"This is the end of the war"}},
      {"the", {"This is the end of the war", "The talks on peace failed"}},
      {"war", {"We don\u2019t want war", "This is the end of the war"}},
      {"don't", {"We don\u2019t want war"}},
      {"macron", {"Macron's plan is dead"}},
      {"macron's plan", {"Macron's plan is dead"}},
      {"peace unicorn", {}},
      {"unicorn", {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Sorted(QueryTexts(store_.get(), ByWords(c.words))),
              Sorted(c.want))
        << c.words;
  }
}

// The forms of a word share their stem's posting list: each query finds
// its own form only, whichever order and page it reads.
TEST_F(QuoteStoreTest, WordFormsShareAListButNotAnswers) {
  Add(MakeDoc("d1", "AP", "2025-01-01",
              {{"The plant is closing", "Ann Lee"},
               {"We closed the plant", "Bob Ray"},
               {"Two plants close today", "Cy Dale"},
               {"O'Brien's plan holds", "Dee Fox"}}));
  Add(MakeDoc("d2", "AP", "2025-01-02",
              {{"Closing time for the plants", "Eve Gil"},
               {"Nothing restored it", "Eve Gil"},
               {"The woods are quiet", "Eve Gil"}}));
  // A form byte of 0xff ends its list's prefix: the end of the list, where
  // an oldest-first scan starts, is not the prefix with its last byte
  // bumped (a regression).
  ASSERT_EQ(static_cast<uint8_t>(FormByte("restored")), 0xff);
  struct Case {
    std::string words;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"closing", {"The plant is closing", "Closing time for the plants"}},
      {"closed", {"We closed the plant"}},
      {"close", {"Two plants close today"}},
      {"closes", {}},
      {"plant", {"The plant is closing", "We closed the plant"}},
      {"plants", {"Two plants close today", "Closing time for the plants"}},
      {"closing plants", {"Closing time for the plants"}},
      {"brien", {"O'Brien's plan holds"}},
      {"o'brien's", {"O'Brien's plan holds"}},
      {"plan", {"O'Brien's plan holds"}},
      {"restored", {"Nothing restored it"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Sorted(QueryTexts(store_.get(), ByWords(c.words))),
              Sorted(c.want))
        << c.words;
    QuoteQuery oldest = ByWords(c.words);
    oldest.oldest_first = true;
    std::vector<std::string> paged;
    for (const Quote& quote : ReadAllPages(store_.get(), oldest, 1, 10)) {
      paged.push_back(quote.text());
    }
    EXPECT_EQ(Sorted(paged), Sorted(c.want)) << c.words;
  }
}

TEST_F(QuoteStoreTest, MalformedQueriesAreInvalidArgument) {
  struct Case {
    QuoteQuery query;
    std::string cursor;
    const char* what;
  };
  QuoteQuery bad_since;
  bad_since.since = "2025-13-01";
  QuoteQuery bad_until;
  bad_until.until = "last week";
  QuoteQuery empty_phrase;
  empty_phrase.words = "peace \"\"";
  QuoteQuery punctuation_phrase;
  punctuation_phrase.words = "\"...\"";
  QuoteQuery unterminated;
  unterminated.words = "\"peace talks";
  QuoteQuery no_letters;
  no_letters.speaker = "!!";
  const Case cases[] = {
      {bad_since, "", "bad since"},
      {bad_until, "", "bad until"},
      {empty_phrase, "", "empty phrase"},
      {punctuation_phrase, "", "phrase of punctuation"},
      {unterminated, "", "unterminated phrase"},
      {no_letters, "", "speaker without letters"},
      {QuoteQuery(), "xyz", "cursor not hex"},
      {QuoteQuery(), "00ff", "cursor too short"},
  };
  for (const Case& c : cases) {
    std::unique_ptr<QuoteIterator> it;
    const Status s = store_->NewQuoteIterator(c.query, c.cursor, &it);
    EXPECT_TRUE(s.IsInvalidArgument()) << c.what << ": " << s.ToString();
  }
}

class FilterTest : public QuoteStoreTest {
 protected:
  void SetUp() override {
    QuoteStoreTest::SetUp();
    Add(MakeDoc("d1", "Reuters", "2024-12-31T23:00:00Z",
                {{"Year end words", "Ann Lee", "", DIRECT}}));
    Add(MakeDoc("d2", "The Guardian", "2025-01-15",
                {{"Mid January words", "Ann Lee", "", INDIRECT}}));
    Add(MakeDoc("d3", "Reuters", "2025-02-01T08:00:00+01:00",
                {{"February words", "Bob Ray", "", MIXED}}));
    Add(MakeDoc("d4", "AP", "", {{"Undated words", "Bob Ray", "", DIRECT}}));
  }
};

TEST_F(FilterTest, DatesOutletsAndKinds) {
  struct Case {
    std::string since;
    std::string until;
    std::string outlet;
    QuoteKind kind;
    std::string speaker;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"",
       "",
       "",
       KIND_UNSPECIFIED,
       "",
       {"February words", "Mid January words", "Year end words",
        "Undated words"}},
      {"2025",
       "",
       "",
       KIND_UNSPECIFIED,
       "",
       {"February words", "Mid January words"}},
      {"",
       "2024",
       "",
       KIND_UNSPECIFIED,
       "",
       {"Year end words", "Undated words"}},
      {"2025-01", "2025-01", "", KIND_UNSPECIFIED, "", {"Mid January words"}},
      {"2025-01-15",
       "2025-01-15",
       "",
       KIND_UNSPECIFIED,
       "",
       {"Mid January words"}},
      {"2025-01-16", "2025-01-31", "", KIND_UNSPECIFIED, "", {}},
      {"2025-02-01T07:00:00Z",
       "2025-02-01T07:00:00Z",
       "",
       KIND_UNSPECIFIED,
       "",
       {"February words"}},
      {"2024-12-31T23:00:01Z",
       "",
       "",
       KIND_UNSPECIFIED,
       "",
       {"February words", "Mid January words"}},
      {"",
       "",
       "reuters",
       KIND_UNSPECIFIED,
       "",
       {"February words", "Year end words"}},
      {"", "", "THE GUARDIAN", KIND_UNSPECIFIED, "", {"Mid January words"}},
      {"", "", "Nobody", KIND_UNSPECIFIED, "", {}},
      {"", "", "", DIRECT, "", {"Year end words", "Undated words"}},
      {"", "", "", MIXED, "", {"February words"}},
      {"2025", "", "Reuters", MIXED, "Bob Ray", {"February words"}},
      {"",
       "",
       "",
       KIND_UNSPECIFIED,
       "Bob Ray",
       {"February words", "Undated words"}},
      {"2025", "", "", KIND_UNSPECIFIED, "Bob Ray", {"February words"}},
  };
  for (const Case& c : cases) {
    QuoteQuery query;
    query.since = c.since;
    query.until = c.until;
    query.outlet = c.outlet;
    query.kind = c.kind;
    query.speaker = c.speaker;
    EXPECT_EQ(QueryTexts(store_.get(), query), c.want)
        << c.since << ".." << c.until << " " << c.outlet << " " << c.kind << " "
        << c.speaker;
    // The same filter read oldest first gives the reverse order.
    query.oldest_first = true;
    std::vector<std::string> reversed(c.want.rbegin(), c.want.rend());
    EXPECT_EQ(QueryTexts(store_.get(), query), reversed)
        << "oldest first: " << c.since << ".." << c.until << " " << c.outlet;
  }
}

// 40 quotes of two speakers over 20 days, some sharing a date, some
// undated; every quote holds "common", odd ones "odd".
class PaginationTest : public QuoteStoreTest {
 protected:
  void SetUp() override {
    QuoteStoreTest::SetUp();
    for (int i = 0; i < 40; ++i) {
      const std::string day =
          i % 10 == 9 ? "" : "2025-03-" + std::to_string(10 + i / 2);
      const std::string speaker = i % 3 == 0 ? "Ann Lee" : "Bob Ray";
      const std::string text = "common words number " + std::to_string(i) +
                               (i % 2 ? " odd" : " even");
      Add(MakeDoc("doc" + std::to_string(i), "AP", day, {{text, speaker}}));
    }
  }

  // Reads every page of "limit" quotes and checks it against one pass.
  void CheckPages(const QuoteQuery& query, size_t limit) {
    const std::vector<Quote> all = RunQuery(store_.get(), query);
    std::vector<std::string> paged;
    for (const Quote& quote : ReadAllPages(store_.get(), query, limit, 100)) {
      paged.push_back(quote.id());
    }
    std::vector<std::string> ids;
    for (const Quote& quote : all) ids.push_back(quote.id());
    EXPECT_EQ(paged, ids) << "limit " << limit;
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
  }
};

TEST_F(PaginationTest, NewestFirstWithUndatedLast) {
  const std::vector<Quote> all = RunQuery(store_.get(), QuoteQuery());
  ASSERT_EQ(all.size(), 40u);
  std::string previous = "9999";
  bool seen_undated = false;
  for (const Quote& quote : all) {
    const std::string& date = quote.sources(0).published();
    if (date.empty()) {
      seen_undated = true;
      continue;
    }
    EXPECT_FALSE(seen_undated) << "dated quote after an undated one";
    EXPECT_LE(date, previous);
    previous = date;
  }
  EXPECT_TRUE(seen_undated);
}

TEST_F(PaginationTest, CursorsResumeWithoutGapsOrDuplicates) {
  QuoteQuery oldest;
  oldest.oldest_first = true;
  QuoteQuery ranged;
  ranged.since = "2025-03-12";
  ranged.until = "2025-03-25";
  QuoteQuery ranged_oldest = ranged;
  ranged_oldest.oldest_first = true;
  const QuoteQuery queries[] = {
      QuoteQuery(),      oldest, BySpeaker("Bob Ray"), ByWords("odd"),
      ByWords("common"), ranged, ranged_oldest,        BySpeaker("Lee"),
  };
  for (const QuoteQuery& query : queries) {
    for (const size_t limit : {1, 3, 7, 40, 100}) {
      SCOPED_TRACE(query.speaker + "|" + query.words + "|" + query.since +
                   (query.oldest_first ? "|oldest" : ""));
      CheckPages(query, limit);
    }
  }
}

TEST_F(PaginationTest, CursorSurvivesNewDocuments) {
  std::vector<Quote> page;
  std::string cursor;
  ASSERT_STATUS_OK(ReadPage(store_.get(), QuoteQuery(), "", 5, &page, &cursor));
  // A newer quote arriving between pages does not shift the next page.
  Add(MakeDoc("late", "AP", "2030-01-01", {{"brand new", "Ann Lee"}}));
  std::vector<Quote> next;
  std::string unused;
  ASSERT_STATUS_OK(
      ReadPage(store_.get(), QuoteQuery(), cursor, 5, &next, &unused));
  const std::vector<Quote> all = RunQuery(store_.get(), QuoteQuery());
  ASSERT_EQ(all.size(), 41u);
  ASSERT_EQ(next.size(), 5u);
  EXPECT_EQ(next[0].id(), all[6].id());  // all[0] is the new quote
}

TEST_F(QuoteStoreTest, ReingestChangesNothing) {
  const TestDoc doc = MakeDoc("d1", "AP", "2025-01-01",
                              {{"Same words", "Ann Lee"}, {"More", "Bob Ray"}});
  Add(doc);
  const StoreStats before = Stats();
  Quote quote_before;
  ASSERT_STATUS_OK(store_->GetQuote(
      RunQuery(store_.get(), ByWords("same"))[0].id(), &quote_before));
  const QuoteStore::AddResult again = Add(doc);
  EXPECT_TRUE(again.unchanged);
  EXPECT_FALSE(again.replaced);
  EXPECT_EQ(again.new_quotes, 0);
  EXPECT_EQ(again.merged_quotes, 0);
  const StoreStats after = Stats();
  EXPECT_EQ(after.documents, before.documents);
  EXPECT_EQ(after.quotes, before.quotes);
  EXPECT_EQ(after.sources, before.sources);
  EXPECT_EQ(after.speakers, before.speakers);
  Quote quote_after;
  ASSERT_STATUS_OK(store_->GetQuote(quote_before.id(), &quote_after));
  EXPECT_EQ(quote_after.SerializeAsString(), quote_before.SerializeAsString());
}

// What a store holds, with the ingest times (which depend on the clock)
// left out: every quote in order, the stats and the speakers.
std::vector<std::string> Contents(QuoteStore* store) {
  std::vector<std::string> out;
  for (Quote quote : RunQuery(store, QuoteQuery())) {
    for (Source& source : *quote.mutable_sources())
      source.clear_ingested_unix();
    out.push_back(quote.DebugString());
  }
  StoreStats stats;
  EXPECT_STATUS_OK(store->GetStats(&stats));
  out.push_back(std::to_string(stats.documents) + " " +
                std::to_string(stats.quotes) + " " +
                std::to_string(stats.speakers) + " " +
                std::to_string(stats.sources));
  EXPECT_STATUS_OK(store->ForEachSpeaker("", [&](const Speaker& speaker) {
    out.push_back(speaker.DebugString());
    return true;
  }));
  return out;
}

TEST_F(QuoteStoreTest, AddDocumentsStoresWhatOneWriteADocumentStores) {
  const std::vector<TestDoc> docs = {
      MakeDoc("d1", "AP", "2025-01-01",
              {{"Shared statement", "Ann Lee"}, {"Only once", "Carl Orr"}}),
      MakeDoc("d2", "Reuters", "2025-01-02",
              {{"Shared statement", "Lee"}, {"Another one", "Bob Ray"}}),
      MakeDoc("d2", "Reuters", "2025-01-02",
              {{"Shared statement", "Lee"}, {"Another one", "Bob Ray"}}),
      MakeDoc("d3", "BBC", "", {{"Shared statement", "Ann Lee"}}),
      MakeDoc("d1", "AP", "2025-01-03", {{"Shared statement", "Ann Lee"}}),
      MakeDoc("d4", "AP", "2024-12-31", {{"Only once", "Carl Orr"}}),
  };
  std::vector<QuoteStore::AddResult> one_by_one;
  for (const TestDoc& doc : docs) one_by_one.push_back(Add(doc));
  const std::vector<std::string> want = Contents(store_.get());

  // Batches whose documents share words and replace one another, with the
  // terms derived by the store and given by the caller (as ingest does):
  // the same contents, and every index and count right.
  std::vector<std::vector<QuoteTerms>> terms;
  for (const TestDoc& doc : docs) {
    terms.emplace_back();
    for (const Quote& quote : doc.quotes)
      terms.back().push_back(TermsOf(quote));
  }
  for (const bool given_terms : {false, true}) {
    SCOPED_TRACE(given_terms ? "terms given" : "terms derived");
    std::unique_ptr<QuoteStore> batched;
    QuoteStore::Options options;
    options.env = env_.get();
    ASSERT_STATUS_OK(QuoteStore::Open(
        options, given_terms ? "/batched_terms" : "/batched", &batched));
    std::vector<QuoteStore::AddResult> results;
    for (size_t start = 0; start < docs.size(); start += 4) {
      std::vector<QuoteStore::DocumentQuotes> batch;
      for (size_t i = start; i < std::min(docs.size(), start + 4); ++i) {
        batch.push_back(
            {&docs[i].doc, &docs[i].quotes, given_terms ? &terms[i] : nullptr});
      }
      std::vector<QuoteStore::AddResult> part;
      ASSERT_STATUS_OK(batched->AddDocuments(batch, &part));
      ASSERT_EQ(part.size(), batch.size());
      results.insert(results.end(), part.begin(), part.end());
    }
    EXPECT_EQ(Contents(batched.get()), want);
    CheckReport report;
    ASSERT_STATUS_OK(CheckStore(batched.get(), CheckOptions(), &report));
    for (const CheckProblem& problem : report.problems) {
      ADD_FAILURE() << problem.key << ": " << problem.detail;
    }
    ASSERT_EQ(results.size(), one_by_one.size());
    for (size_t i = 0; i < results.size(); ++i) {
      EXPECT_EQ(results[i].unchanged, one_by_one[i].unchanged) << i;
      EXPECT_EQ(results[i].replaced, one_by_one[i].replaced) << i;
      EXPECT_EQ(results[i].new_quotes, one_by_one[i].new_quotes) << i;
      EXPECT_EQ(results[i].merged_quotes, one_by_one[i].merged_quotes) << i;
      EXPECT_EQ(results[i].new_speakers, one_by_one[i].new_speakers) << i;
    }
    EXPECT_TRUE(results[2].unchanged);
    EXPECT_TRUE(results[4].replaced);
  }
}

TEST_F(QuoteStoreTest, AddDocumentsRefusesTermsOfOtherQuotes) {
  const TestDoc doc =
      MakeDoc("d1", "AP", "2025-01-01",
              {{"first words", "Ann Lee"}, {"more", "Ann Lee"}});
  const std::vector<QuoteTerms> terms = {TermsOf(doc.quotes[0])};
  std::vector<QuoteStore::AddResult> results;
  const Status s =
      store_->AddDocuments({{&doc.doc, &doc.quotes, &terms}}, &results);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_EQ(Stats().documents, 0u);
}

TEST_F(QuoteStoreTest, AddDocumentsWithABadDocumentStoresNoneOfThem) {
  const TestDoc good =
      MakeDoc("d1", "AP", "2025-01-01", {{"words", "Ann Lee"}});
  const TestDoc bad = MakeDoc("", "AP", "2025-01-01", {{"other", "Ann Lee"}});
  std::vector<QuoteStore::AddResult> results;
  const Status s = store_->AddDocuments(
      {{&good.doc, &good.quotes}, {&bad.doc, &bad.quotes}}, &results);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].new_quotes, 0);
  Document doc;
  EXPECT_TRUE(store_->GetDocument("d1", &doc).IsNotFound());
  EXPECT_EQ(Stats().documents, 0u);
  EXPECT_STATUS_OK(store_->AddDocuments({}, &results));
  EXPECT_TRUE(results.empty());
}

TEST_F(QuoteStoreTest, ChangedDocumentReplacesItsQuotes) {
  Add(MakeDoc(
      "d1", "AP", "2025-01-01",
      {{"Shared statement", "Ann Lee"}, {"Only in version one", "Carl Orr"}}));
  Add(MakeDoc("d2", "Reuters", "2025-01-02",
              {{"Shared statement", "Ann Lee"}}));
  const QuoteStore::AddResult result = Add(MakeDoc(
      "d1", "AP", "2025-01-03",
      {{"Shared statement", "Ann Lee"}, {"New in version two", "Ann Lee"}}));
  EXPECT_TRUE(result.replaced);
  EXPECT_EQ(result.new_quotes, 1);
  EXPECT_EQ(result.merged_quotes, 1);

  EXPECT_TRUE(QueryTexts(store_.get(), ByWords("version one")).empty());
  EXPECT_TRUE(QueryTexts(store_.get(), BySpeaker("Carl Orr")).empty());
  std::vector<Speaker> speakers;
  ASSERT_STATUS_OK(store_->FindSpeakers("Orr", &speakers));
  EXPECT_TRUE(speakers.empty()) << "a speaker without quotes is removed";
  bool saw_orr = false;
  ASSERT_STATUS_OK(store_->ForEachSpeaker("", [&](const Speaker& s) {
    saw_orr |= s.name() == "Carl Orr";
    return true;
  }));
  EXPECT_FALSE(saw_orr);

  const std::vector<Quote> shared =
      RunQuery(store_.get(), ByWords("\"shared statement\""));
  ASSERT_EQ(shared.size(), 1u);
  ASSERT_EQ(shared[0].sources_size(), 2);
  // d2 (2025-01-02) is now the first seen; d1's new version is later.
  EXPECT_EQ(shared[0].sources(0).doc_id(), "d2");
  EXPECT_EQ(shared[0].sources(1).doc_id(), "d1");
  EXPECT_EQ(shared[0].sources(1).published(), "2025-01-03");
  QuoteQuery on_first;
  on_first.since = on_first.until = "2025-01-01";
  EXPECT_TRUE(QueryTexts(store_.get(), on_first).empty())
      << "time index moved with the first-seen date";

  Document d1;
  ASSERT_STATUS_OK(store_->GetDocument("d1", &d1));
  EXPECT_EQ(d1.quote_ids_size(), 2);
  EXPECT_EQ(d1.published(), "2025-01-03");

  const StoreStats stats = Stats();
  EXPECT_EQ(stats.documents, 2u);
  EXPECT_EQ(stats.quotes, 2u);
  EXPECT_EQ(stats.sources, 3u);
  EXPECT_EQ(stats.speakers, 1u);
  EXPECT_EQ(QueryTexts(store_.get(), BySpeaker("Ann Lee")).size(), 2u);
}

TEST_F(QuoteStoreTest, ReplacedDocumentWithTheSameQuotesKeepsThem) {
  Add(MakeDoc("d1", "AP", "2025-01-01", {{"Stay put", "Ann Lee"}}));
  TestDoc v2 = MakeDoc("d1", "AP", "2025-01-01", {{"Stay put", "Ann Lee"}});
  v2.doc.set_text(v2.doc.text() + " Corrected.");
  const QuoteStore::AddResult result = Add(v2);
  EXPECT_TRUE(result.replaced);
  EXPECT_EQ(result.new_speakers, 0);
  EXPECT_EQ(QueryTexts(store_.get(), BySpeaker("Lee")),
            std::vector<std::string>{"Stay put"});
  const StoreStats stats = Stats();
  EXPECT_EQ(stats.documents, 1u);
  EXPECT_EQ(stats.quotes, 1u);
  EXPECT_EQ(stats.sources, 1u);
  EXPECT_EQ(stats.speakers, 1u);
}

TEST_F(QuoteStoreTest, SameQuoteFromOtherOutletsMergesKeepingFirstSeen) {
  Add(MakeDoc("late", "Reuters", "2025-02-02",
              {{"We will rebuild, together.", "Emmanuel Macron"}}));
  const QuoteStore::AddResult result =
      Add(MakeDoc("early", "AP", "2025-02-01",
                  {{"\u201CWe will REBUILD together\u201D", "Emmanuel Macron",
                    "President Macron"}}));
  EXPECT_EQ(result.new_quotes, 0);
  EXPECT_EQ(result.merged_quotes, 1);
  EXPECT_EQ(result.new_speakers, 0);
  Add(MakeDoc("undated", "BBC", "", {{"we will rebuild together", "Macron"}}));
  Add(MakeDoc("same-day", "AFP", "2025-02-01",
              {{"We will rebuild together", "Emmanuel Macron"}}));

  const std::vector<Quote> quotes = RunQuery(store_.get(), BySpeaker("Macron"));
  ASSERT_EQ(quotes.size(), 1u);
  const Quote& quote = quotes[0];
  ASSERT_EQ(quote.sources_size(), 4);
  // Earliest date first; the same date keeps ingest order; unknown last.
  EXPECT_EQ(quote.sources(0).doc_id(), "early");
  EXPECT_EQ(quote.sources(1).doc_id(), "same-day");
  EXPECT_EQ(quote.sources(2).doc_id(), "late");
  EXPECT_EQ(quote.sources(3).doc_id(), "undated");
  EXPECT_EQ(quote.text(), "\u201CWe will REBUILD together\u201D")
      << "the wording of the first-seen source";
  EXPECT_EQ(quote.speaker().mention(), "President Macron");

  QuoteQuery on_first_day;
  on_first_day.since = on_first_day.until = "2025-02-01";
  EXPECT_EQ(RunQuery(store_.get(), on_first_day).size(), 1u);
  QuoteQuery after_first_day;
  after_first_day.since = "2025-02-02";
  EXPECT_TRUE(RunQuery(store_.get(), after_first_day).empty());
  for (const char* outlet : {"AP", "Reuters", "BBC", "AFP"}) {
    QuoteQuery by_outlet;
    by_outlet.outlet = outlet;
    EXPECT_EQ(RunQuery(store_.get(), by_outlet).size(), 1u) << outlet;
  }
  const StoreStats stats = Stats();
  EXPECT_EQ(stats.quotes, 1u);
  EXPECT_EQ(stats.sources, 4u);
  EXPECT_EQ(stats.documents, 4u);
}

// A new user saw "Brenner" on one quote and "Tomas Brenner" on another of
// the same speaker: each quote kept the name its own document gave.
TEST_F(QuoteStoreTest, QuotesOfOneSpeakerShowItsStoredNameNotTheirDocuments) {
  QuoteSpec full{"The harbour will be dredged in June", "Tomas Brenner"};
  full.role = "Mayor";
  Add(MakeDoc("wire-1", "Coastal Wire", "2024-03-12", {full}));
  Add(MakeDoc("courier-2", "Aldern Courier", "2024-03-14",
              {{"We cannot ask the crews to guess", "Brenner"}}));

  const std::vector<Quote> quotes =
      RunQuery(store_.get(), BySpeaker("Brenner"));
  ASSERT_EQ(quotes.size(), 2u);
  for (const Quote& quote : quotes) {
    EXPECT_EQ(quote.speaker().speaker_id(), "tomas-brenner") << quote.text();
    EXPECT_EQ(quote.speaker().name(), "Tomas Brenner") << quote.text();
    EXPECT_EQ(quote.speaker().role(), "Mayor") << quote.text();
    Quote by_id;
    ASSERT_STATUS_OK(store_->GetQuote(quote.id(), &by_id));
    EXPECT_EQ(by_id.speaker().name(), "Tomas Brenner") << quote.text();
  }
  // The mention stays as the document wrote it.
  EXPECT_EQ(quotes[0].speaker().mention(), "Brenner");
  for (const char* words : {"crews", "harbour"}) {
    const std::vector<Quote> found = RunQuery(store_.get(), ByWords(words));
    ASSERT_EQ(found.size(), 1u) << words;
    EXPECT_EQ(found[0].speaker().name(), "Tomas Brenner") << words;
  }
}

// "!!!" left no word to search for, so the query filtered nothing and
// matched every quote.
TEST_F(QuoteStoreTest,
       WordsWithoutLettersOrDigitsAreRefusedNotMatchEverything) {
  Add(MakeDoc("d1", "AP", "2025-01-01", {{"Thank you", "Ann Lee"}}));
  for (const char* words : {"!!!", "...", " - ", "\u2014 ?"}) {
    std::unique_ptr<QuoteIterator> it;
    const Status s = store_->NewQuoteIterator(ByWords(words), "", &it);
    EXPECT_TRUE(s.IsInvalidArgument()) << words << ": " << s.ToString();
    EXPECT_NE(s.ToString().find("no words to search for"), std::string::npos)
        << s.ToString();
  }
  EXPECT_EQ(RunQuery(store_.get(), ByWords("thank!!!")).size(), 1u);
}

TEST_F(QuoteStoreTest, DifferentSpeakersDoNotMerge) {
  Add(MakeDoc("d1", "AP", "2025-01-01",
              {{"Thank you", "Ann Lee"}, {"Thank you", "Bob Ray"}}));
  EXPECT_EQ(RunQuery(store_.get(), ByWords("thank")).size(), 2u);
}

TEST_F(QuoteStoreTest, RepeatedQuoteInOneDocumentIsOneSource) {
  const QuoteStore::AddResult result =
      Add(MakeDoc("d1", "AP", "2025-01-01",
                  {{"Never again", "Ann Lee"}, {"Never again!", "Ann Lee"}}));
  EXPECT_EQ(result.new_quotes, 1);
  EXPECT_EQ(result.merged_quotes, 0);
  const std::vector<Quote> quotes = RunQuery(store_.get(), ByWords("never"));
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].sources_size(), 1);
  Document doc;
  ASSERT_STATUS_OK(store_->GetDocument("d1", &doc));
  EXPECT_EQ(doc.quote_ids_size(), 1);
  std::vector<Speaker> speakers;
  ASSERT_STATUS_OK(store_->FindSpeakers("Lee", &speakers));
  ASSERT_EQ(speakers.size(), 1u);
  EXPECT_EQ(speakers[0].quote_count(), 1u);
}

TEST_F(QuoteStoreTest, DocumentWithoutIdIsRefused) {
  TestDoc doc = MakeDoc("", "AP", "2025-01-01", {{"words", "Ann Lee"}});
  const Status s = store_->AddDocument(doc.doc, doc.quotes, nullptr);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_EQ(Stats().documents, 0u);
}

TEST_F(QuoteStoreTest, DocumentWithoutQuotesIsStored) {
  const TestDoc doc = MakeDoc("d1", "AP", "2025-01-01", {});
  EXPECT_STATUS_OK(store_->AddDocument(doc.doc, {}, nullptr));
  Document stored;
  ASSERT_STATUS_OK(store_->GetDocument("d1", &stored));
  EXPECT_EQ(Stats().documents, 1u);
}

TEST_F(QuoteStoreTest, ForEachSpeakerGoesInNameOrder) {
  Add(MakeDoc("d1", "AP", "2025-01-01",
              {{"one", "Zoe Adams"},
               {"two", "Adam Young"},
               {"three", "Mia Zhou", "Zhou"},
               {"four", "Adam Young", "President Young"}}));
  std::vector<std::string> names;
  ASSERT_STATUS_OK(store_->ForEachSpeaker("", [&](const Speaker& speaker) {
    names.push_back(speaker.name());
    return true;
  }));
  EXPECT_EQ(names,
            (std::vector<std::string>{"Adam Young", "Mia Zhou", "Zoe Adams"}));

  struct Case {
    std::string match;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"ADAM", {"Adam Young", "Zoe Adams"}},
      {"president", {"Adam Young"}},
      {"zhou", {"Mia Zhou"}},
      {"nobody", {}},
  };
  for (const Case& c : cases) {
    std::vector<std::string> got;
    ASSERT_STATUS_OK(store_->ForEachSpeaker(c.match, [&](const Speaker& s) {
      got.push_back(s.name());
      return true;
    }));
    EXPECT_EQ(got, c.want) << c.match;
  }

  int calls = 0;
  ASSERT_STATUS_OK(store_->ForEachSpeaker("", [&](const Speaker&) {
    ++calls;
    return false;
  }));
  EXPECT_EQ(calls, 1);
}

TEST_F(QuoteStoreTest, DifferentFullNamesAreDifferentSpeakers) {
  Add(MakeDoc("d1", "AP", "2025-01-01", {{"one", "Keir Starmer"}}));
  Add(MakeDoc("d2", "AP", "2025-01-02",
              {{"two", "Keir Rodney Starmer", "Starmer"}}));
  std::vector<Speaker> speakers;
  ASSERT_STATUS_OK(store_->FindSpeakers("Starmer", &speakers));
  ASSERT_EQ(speakers.size(), 2u) << "different full names, different ids";
  std::vector<std::string> names;
  ASSERT_STATUS_OK(store_->ForEachSpeaker("starmer", [&](const Speaker& s) {
    names.push_back(s.name());
    return true;
  }));
  EXPECT_EQ(names,
            (std::vector<std::string>{"Keir Rodney Starmer", "Keir Starmer"}));
}

TEST_F(QuoteStoreTest, ConcurrentWritersKeepCountsExact) {
  constexpr int kThreads = 4;
  constexpr int kDocsPerThread = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < kDocsPerThread; ++i) {
        // Every thread carries the shared quote: merges race on it.
        const TestDoc doc =
            MakeDoc("t" + std::to_string(t) + "-" + std::to_string(i), "AP",
                    "2025-01-01",
                    {{"shared words", "Ann Lee"},
                     {"own words " + std::to_string(t * 1000 + i), "Bob Ray"}});
        const Status s = store_->AddDocument(doc.doc, doc.quotes, nullptr);
        EXPECT_TRUE(s.ok()) << s.ToString();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const StoreStats stats = Stats();
  EXPECT_EQ(stats.documents, kThreads * kDocsPerThread);
  EXPECT_EQ(stats.quotes, 1 + kThreads * kDocsPerThread);
  EXPECT_EQ(stats.sources, 2 * kThreads * kDocsPerThread);
  const std::vector<Quote> shared = RunQuery(store_.get(), ByWords("shared"));
  ASSERT_EQ(shared.size(), 1u);
  EXPECT_EQ(shared[0].sources_size(), kThreads * kDocsPerThread);
}

TEST_F(QuoteStoreTest, OtherSchemaVersionIsNotSupported) {
  Add(MakeDoc("d1", "AP", "2025-01-01", {{"words", "Ann Lee"}}));
  store_.reset();
  {
    std::unique_ptr<leveldb::DB> db = OpenRaw();
    ASSERT_TRUE(db->Put(leveldb::WriteOptions(), "mschema_version", "3").ok());
  }
  const Status s = Reopen();
  EXPECT_EQ(s.code(), Status::Code::kNotSupported) << s.ToString();
  EXPECT_NE(s.message().find("version 3"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find(kPath), std::string::npos) << s.ToString();
  EXPECT_EQ(store_, nullptr);
}

TEST_F(QuoteStoreTest, ForeignLevelDbIsNotSupported) {
  store_.reset();
  leveldb::Options options;
  options.env = env_.get();
  options.create_if_missing = true;
  leveldb::DB* raw = nullptr;
  ASSERT_TRUE(leveldb::DB::Open(options, "/foreign", &raw).ok());
  ASSERT_TRUE(raw->Put(leveldb::WriteOptions(), "key", "value").ok());
  delete raw;
  QuoteStore::Options store_options;
  store_options.env = env_.get();
  const Status s = QuoteStore::Open(store_options, "/foreign", &store_);
  EXPECT_EQ(s.code(), Status::Code::kNotSupported) << s.ToString();
  EXPECT_EQ(store_, nullptr);
}

TEST_F(QuoteStoreTest, DirectoryOfOtherFilesIsRefused) {
  leveldb::WritableFile* file = nullptr;
  ASSERT_TRUE(env_->NewWritableFile("/photos/cat.jpg", &file).ok());
  delete file;
  QuoteStore::Options options;
  options.env = env_.get();
  std::unique_ptr<QuoteStore> other;
  const Status s = QuoteStore::Open(options, "/photos", &other);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find("/photos"), std::string::npos);
  EXPECT_FALSE(env_->FileExists("/photos/CURRENT"));
}

TEST_F(QuoteStoreTest, MissingStoreWithoutCreateIsNotFound) {
  QuoteStore::Options options;
  options.env = env_.get();
  options.create_if_missing = false;
  std::unique_ptr<QuoteStore> other;
  const Status s = QuoteStore::Open(options, "/absent", &other);
  EXPECT_TRUE(s.IsNotFound()) << s.ToString();
  EXPECT_EQ(other, nullptr);
}

}  // namespace
}  // namespace quotes
