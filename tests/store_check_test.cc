// Copyright The Quote Tracker Authors.
//
// CheckStore and RepairStore: a store written by AddDocument (documents
// added, merged, replaced, emptied) checks clean; each kind of damage to
// a record or an index entry is reported as its kind, and RepairStore
// leaves a store that checks clean, holds whole documents only and takes
// the lost documents back whole.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "leveldb/db.h"
#include "leveldb/env.h"
#include "leveldb/helpers/memenv.h"
#include "leveldb/iterator.h"
#include "storage/check.h"
#include "storage/quote_store.h"
#include "tests/store_test_util.h"

namespace quotes {
namespace {

using Kind = CheckProblem::Kind;
using testing_util::MakeDoc;
using testing_util::QueryTexts;
using testing_util::TestDoc;

constexpr char kPath[] = "/store";

std::vector<TestDoc> Corpus() {
  return {
      MakeDoc("d1", "AP", "2025-03-01",
              {{"The bridge will open in May", "Ann Lee", "Mayor Ann Lee"},
               {"Funding is secured", "Bob Ray"}}),
      MakeDoc("d2", "Reuters", "2025-03-02",
              {{"The bridge will open in May", "Ann Lee", "Lee"},
               {"We expect delays", "City Council", "", DIRECT, ORGANIZATION}}),
      MakeDoc("d3", "", "",
              {{"Nobody knows who said this", ""},
               {"Trains will run on Sundays", "Bob Ray"}}),
  };
}

// Everything a problem report names, for failure messages.
std::string Describe(const CheckReport& report) {
  std::string out = std::to_string(report.problem_count) + " problems";
  for (const CheckProblem& p : report.problems) {
    out += "\n  " + std::string(ProblemKindName(p.kind)) + ": " + p.key + ": " +
           p.detail;
  }
  return out;
}

class StoreCheckTest : public testing::Test {
 protected:
  void SetUp() override {
    env_.reset(leveldb::NewMemEnv(leveldb::Env::Default()));
    options_.env = env_.get();
    ASSERT_STATUS_OK(QuoteStore::Open(options_, kPath, &store_));
  }

  void Add(const TestDoc& doc) {
    ASSERT_STATUS_OK(store_->AddDocument(doc.doc, doc.quotes, nullptr));
  }

  CheckReport Check() {
    CheckReport report;
    EXPECT_STATUS_OK(CheckStore(store_.get(), CheckOptions(), &report));
    return report;
  }

  // Closes the store, lets "edit" change the database underneath it, and
  // opens the store again.
  void EditRaw(const std::function<void(leveldb::DB*)>& edit) {
    store_.reset();
    leveldb::Options options;
    options.env = env_.get();
    leveldb::DB* raw = nullptr;
    ASSERT_TRUE(leveldb::DB::Open(options, kPath, &raw).ok());
    edit(raw);
    delete raw;
    ASSERT_STATUS_OK(QuoteStore::Open(options_, kPath, &store_));
  }

  // The first key of a space (after "from"), for edits.
  std::string FirstKey(char space, const std::string& from = "") {
    std::string found;
    EditRaw([&](leveldb::DB* db) {
      std::unique_ptr<leveldb::Iterator> it(
          db->NewIterator(leveldb::ReadOptions()));
      for (it->Seek(std::string(1, space) + from); it->Valid(); it->Next()) {
        if (it->key()[0] == space) found = it->key().ToString();
        break;
      }
    });
    return found;
  }

  std::unique_ptr<leveldb::Env> env_;
  QuoteStore::Options options_;
  std::unique_ptr<QuoteStore> store_;
};

TEST_F(StoreCheckTest, WrittenStoreIsConsistentAndCounted) {
  for (const TestDoc& doc : Corpus()) Add(doc);
  const CheckReport report = Check();
  EXPECT_TRUE(report.consistent()) << Describe(report);
  EXPECT_EQ(report.records.documents, 3u);
  EXPECT_EQ(report.records.quotes, 5u);
  EXPECT_EQ(report.records.sources, 6u);
  EXPECT_EQ(report.records.speakers, 3u);
  for (const char space : {'m', 'q', 'd', 's', 'a', 'n', 'p', 'w', 't', 'x'}) {
    EXPECT_GT(report.keys.count(space), 0u) << space;
  }
  EXPECT_EQ(report.keys.at('d'), 3u);
  EXPECT_EQ(report.unknown_keys, 0u);
}

// The writer keeps counts between batches as numbers (RecordCache::
// FindCount): a count that falls to zero is deleted, and one that comes
// back starts again from one.  Each step adds two documents to one open
// store, the second on the counts the first left in the writer's cache;
// the count is then read from the database underneath.
TEST_F(StoreCheckTest, CountsFallToZeroAndComeBack) {
  const auto raw_count = [&](const std::string& key) {
    std::string value;
    bool found = false;
    EditRaw([&](leveldb::DB* db) {
      found = db->Get(leveldb::ReadOptions(), key, &value).ok();
    });
    if (!found) return std::string("absent");
    uint64_t count = 0;
    for (int i = static_cast<int>(value.size()) - 1; i >= 0; --i) {
      count = count << 8 | static_cast<uint8_t>(value[i]);
    }
    return std::to_string(count);
  };
  // The count of the stem of "bridge" (storage/similarity.h: WordStem).
  const std::string bridge = "cvbridg";
  Add(MakeDoc("d1", "AP", "2025-03-01",
              {{"The bridge will open", "Ann Lee"},
               {"The bridge is closed", "Bob Ray"}}));
  Add(MakeDoc("d2", "AP", "2025-03-02", {{"A bridge too far", "Cy Dale"}}));
  EXPECT_EQ(raw_count(bridge), "3");
  Add(MakeDoc("d1", "AP", "2025-03-01", {{"Nothing here", "Ann Lee"}}));
  Add(MakeDoc("d2", "AP", "2025-03-02", {}));
  EXPECT_EQ(raw_count(bridge), "absent");
  Add(MakeDoc("d3", "AP", "2025-03-03", {{"The bridge opened", "Ann Lee"}}));
  Add(MakeDoc("d4", "AP", "2025-03-04", {{"What a bridge", "Bob Ray"}}));
  EXPECT_EQ(raw_count(bridge), "2");
  const CheckReport report = Check();
  EXPECT_TRUE(report.consistent()) << Describe(report);
}

// Every path of the writer: merges, replacements that keep, move and drop
// quotes and speakers, re-ingest, a document without quotes.
TEST_F(StoreCheckTest, EveryWriterPathLeavesTheStoreConsistent) {
  const std::vector<TestDoc> steps = {
      Corpus()[0],
      Corpus()[1],
      MakeDoc("d1", "AP", "2025-02-01",
              {{"The bridge will open in May", "Ann Lee"},
               {"A new line", "Cy Dale"}}),
      MakeDoc("d2", "Reuters", "2025-04-01", {{"Only this now", "Dee Fox"}}),
      MakeDoc("d1", "AP", "2025-02-01", {}),
      MakeDoc("d4", "BBC", "2025-05-01",
              {{"Only this now", "Dee Fox", "Ms Fox"},
               {"Only this now", "Dee Fox"},
               {"Lee agreed", "Lee"}}),
      MakeDoc("d4", "BBC", "2025-05-01",
              {{"Only this now", "Dee Fox", "Ms Fox"},
               {"Only this now", "Dee Fox"},
               {"Lee agreed", "Lee"}}),
      Corpus()[2],
      MakeDoc("d2", "Reuters", "2025-04-01", {}),
  };
  for (size_t i = 0; i < steps.size(); ++i) {
    Add(steps[i]);
    const CheckReport report = Check();
    EXPECT_TRUE(report.consistent())
        << "after step " << i << ": " << Describe(report);
  }
}

struct DamageCase {
  const char* what;
  // Changes the database of the filled store.
  std::function<void(StoreCheckTest*, leveldb::DB*)> damage;
  // A kind the report must hold.
  Kind expected;
};

std::string QuoteIdOf(QuoteStore* store, const std::string& doc_id, int i) {
  Document doc;
  EXPECT_STATUS_OK(store->GetDocument(doc_id, &doc));
  return doc.quote_ids(i);
}

TEST_F(StoreCheckTest, EachDamageIsReportedAndRepaired) {
  for (const TestDoc& doc : Corpus()) Add(doc);
  // Ids and keys of the filled store, read before any damage.
  const std::string shared_quote = QuoteIdOf(store_.get(), "d1", 0);
  const std::string own_quote = QuoteIdOf(store_.get(), "d1", 1);
  const std::string posting = FirstKey('t');
  const std::string word_posting = FirstKey('w');
  const std::string stem_posting = FirstKey('v');
  const std::string count = FirstKey('c');
  const std::string alias = FirstKey('a');
  const std::string name = FirstKey('n');
  std::string quote_value;
  EditRaw([&](leveldb::DB* db) {
    ASSERT_TRUE(
        db->Get(leveldb::ReadOptions(), "q" + own_quote, &quote_value).ok());
  });
  const auto put = [](const std::string& key, const std::string& value) {
    return [key, value](StoreCheckTest*, leveldb::DB* db) {
      ASSERT_TRUE(db->Put(leveldb::WriteOptions(), key, value).ok());
    };
  };
  const auto del = [](const std::string& key) {
    return [key](StoreCheckTest*, leveldb::DB* db) {
      ASSERT_TRUE(db->Delete(leveldb::WriteOptions(), key).ok());
    };
  };
  // A damage that rewrites the record of quote "id" with "edit".
  const auto edit_quote = [](const std::string& id,
                             std::function<void(Quote*)> edit) {
    return [id, edit](StoreCheckTest*, leveldb::DB* db) {
      std::string value;
      ASSERT_TRUE(db->Get(leveldb::ReadOptions(), "q" + id, &value).ok());
      Quote quote;
      ASSERT_TRUE(quote.ParseFromString(value));
      edit(&quote);
      ASSERT_TRUE(
          db->Put(leveldb::WriteOptions(), "q" + id, quote.SerializeAsString())
              .ok());
    };
  };
  std::string eight(8, '\x07');
  const std::vector<DamageCase> cases = {
      {"quote deleted", del("q" + own_quote), Kind::kPartialDocument},
      {"shared quote deleted", del("q" + shared_quote), Kind::kPartialDocument},
      {"document deleted", del("dd2"), Kind::kDanglingSource},
      {"quote unreadable", put("q" + own_quote, "\xff\xff\xff"),
       Kind::kUnreadableRecord},
      {"document unreadable", put("dd1", "\x0a\xff"), Kind::kUnreadableRecord},
      {"speaker unreadable", put("sbob-ray", "\x12"), Kind::kUnreadableRecord},
      {"quote under another key", put("q0123456789abcdef", quote_value),
       Kind::kMisfiledRecord},
      {"speaker deleted", del("sbob-ray"), Kind::kMissingSpeaker},
      {"posting deleted", del(posting), Kind::kMissingIndexEntry},
      {"word posting deleted", del(word_posting), Kind::kMissingIndexEntry},
      {"stem posting deleted", del(stem_posting), Kind::kMissingIndexEntry},
      {"stem posting of another form",
       put(stem_posting.substr(0, stem_posting.find('\0') + 1) +
               static_cast<char>(stem_posting[stem_posting.find('\0') + 1] ^
                                 1) +
               stem_posting.substr(stem_posting.find('\0') + 2),
           ""),
       Kind::kStaleIndexEntry},
      {"stem posting of schema 1",
       put(stem_posting.substr(0, stem_posting.find('\0') + 1) + own_quote, ""),
       Kind::kMalformedKey},
      {"stale posting",
       put("wzebra" + std::string(1, '\0') + eight + "0123456789abcdef", ""),
       Kind::kStaleIndexEntry},
      {"posting of a moved quote", put("t" + eight + own_quote, ""),
       Kind::kStaleIndexEntry},
      {"malformed posting", put("pno-zero-byte", ""), Kind::kMalformedKey},
      {"count wrong", put(count, eight), Kind::kWrongCount},
      {"count unreadable", put(count, "1234567"), Kind::kUnreadableRecord},
      {"count deleted", del(count), Kind::kMissingIndexEntry},
      {"stats wrong", put("mstats", std::string(32, '\0')), Kind::kWrongCount},
      {"stats unreadable", put("mstats", "x"), Kind::kUnreadableRecord},
      {"alias deleted", del(alias), Kind::kMissingIndexEntry},
      {"alias of nobody", put("anobody", "no-such-speaker"),
       Kind::kStaleIndexEntry},
      {"name deleted", del(name), Kind::kMissingIndexEntry},
      {"name of nobody", put("nzed" + std::string(1, '\0') + "zed", ""),
       Kind::kStaleIndexEntry},
      {"speaker without quotes",
       [](StoreCheckTest*, leveldb::DB* db) {
         Speaker speaker;
         speaker.set_speaker_id("zed");
         speaker.set_name("Zed");
         speaker.set_quote_count(1);
         ASSERT_TRUE(db->Put(leveldb::WriteOptions(), "szed",
                             speaker.SerializeAsString())
                         .ok());
       },
       Kind::kSpeakerQuoteCount},
      {"quote count wrong",
       [](StoreCheckTest*, leveldb::DB* db) {
         std::string value;
         ASSERT_TRUE(db->Get(leveldb::ReadOptions(), "sbob-ray", &value).ok());
         Speaker speaker;
         ASSERT_TRUE(speaker.ParseFromString(value));
         speaker.set_quote_count(9);
         ASSERT_TRUE(db->Put(leveldb::WriteOptions(), "sbob-ray",
                             speaker.SerializeAsString())
                         .ok());
       },
       Kind::kSpeakerQuoteCount},
      // A regression: the repair kept the quote's document, then deleted
      // the misfiled quote, and left the document listing a missing quote.
      {"quote under its key with another speaker",
       edit_quote(own_quote,
                  [](Quote* quote) {
                    quote->mutable_speaker()->set_speaker_id("zed");
                  }),
       Kind::kMisfiledRecord},
      {"source twice",
       edit_quote(
           own_quote,
           [](Quote* quote) { *quote->add_sources() = quote->sources(0); }),
       Kind::kDanglingSource},
  };
  for (const DamageCase& c : cases) {
    SCOPED_TRACE(c.what);
    store_.reset();
    SetUp();
    for (const TestDoc& doc : Corpus()) Add(doc);
    EditRaw([&](leveldb::DB* db) { c.damage(this, db); });

    CheckReport report = Check();
    EXPECT_FALSE(report.consistent());
    EXPECT_GT(report.problems_by_kind[c.expected], 0u) << Describe(report);
    EXPECT_EQ(report.problems.size(), report.problem_count);

    RepairReport repair;
    ASSERT_STATUS_OK(RepairStore(store_.get(), &repair));
    report = Check();
    EXPECT_TRUE(report.consistent()) << Describe(report);
    StoreStats stats;
    ASSERT_STATUS_OK(store_->GetStats(&stats));
    EXPECT_EQ(stats.documents, report.records.documents);
    EXPECT_EQ(stats.quotes, report.records.quotes);
    EXPECT_EQ(repair.stats.quotes, report.records.quotes);

    // Ingesting the corpus again brings back whatever repair removed,
    // whole, and nothing twice.
    for (const TestDoc& doc : Corpus()) Add(doc);
    report = Check();
    EXPECT_TRUE(report.consistent()) << Describe(report);
    EXPECT_EQ(report.records.documents, 3u);
    EXPECT_EQ(report.records.quotes, 5u);
    EXPECT_EQ(report.records.sources, 6u);
    QuoteQuery lee;
    lee.speaker = "Ann Lee";
    EXPECT_EQ(QueryTexts(store_.get(), lee),
              std::vector<std::string>{"The bridge will open in May"});
  }
}

TEST_F(StoreCheckTest, RepairDropsPartialDocumentsAndSourcesToThem) {
  for (const TestDoc& doc : Corpus()) Add(doc);
  const std::string own_quote = QuoteIdOf(store_.get(), "d1", 1);
  EditRaw([&](leveldb::DB* db) {
    ASSERT_TRUE(db->Delete(leveldb::WriteOptions(), "q" + own_quote).ok());
  });
  RepairReport repair;
  ASSERT_STATUS_OK(RepairStore(store_.get(), &repair));
  EXPECT_EQ(repair.documents_removed, 1u);
  EXPECT_EQ(repair.sources_removed, 1u);  // d1's source of the shared quote
  Document doc;
  EXPECT_TRUE(store_->GetDocument("d1", &doc).IsNotFound());
  // The quote d1 shared with d2 is kept, with d2 as its only source.
  const std::string shared_quote = QuoteIdOf(store_.get(), "d2", 0);
  Quote quote;
  ASSERT_STATUS_OK(store_->GetQuote(shared_quote, &quote));
  ASSERT_EQ(quote.sources_size(), 1);
  EXPECT_EQ(quote.sources(0).doc_id(), "d2");
  QuoteQuery ap;
  ap.outlet = "AP";
  EXPECT_TRUE(QueryTexts(store_.get(), ap).empty());
}

TEST_F(StoreCheckTest, RepairRestoresAMissingSpeakerFindableByName) {
  for (const TestDoc& doc : Corpus()) Add(doc);
  EditRaw([&](leveldb::DB* db) {
    ASSERT_TRUE(db->Delete(leveldb::WriteOptions(), "sbob-ray").ok());
  });
  RepairReport repair;
  ASSERT_STATUS_OK(RepairStore(store_.get(), &repair));
  EXPECT_EQ(repair.speakers_restored, 1u);
  QuoteQuery ray;
  ray.speaker = "Ray";
  EXPECT_EQ(QueryTexts(store_.get(), ray).size(), 2u);
}

// record_fuzzer: the writer caches speakers, aliases and counts between
// documents, and a repair that rewrote them underneath left it the old
// ones: the next document wrote a stale alias list back.
TEST_F(StoreCheckTest, RepairLeftTheWritersCacheStale) {
  for (const TestDoc& doc : Corpus()) Add(doc);
  EditRaw([&](leveldb::DB* db) {
    ASSERT_TRUE(db->Delete(leveldb::WriteOptions(), "sbob-ray").ok());
    ASSERT_TRUE(db->Put(leveldb::WriteOptions(), "anobody", "nobody").ok());
  });
  // This document reads (and the writer caches) the damaged records.
  Add(MakeDoc("d5", "AP", "2025-06-01",
              {{"Bob again", "Bob Ray"}, {"Lee again", "Ann Lee"}}));
  RepairReport repair;
  ASSERT_STATUS_OK(RepairStore(store_.get(), &repair));
  Add(MakeDoc("d6", "AP", "2025-06-02",
              {{"Bob once more", "Bob Ray"}, {"Who is nobody", "Nobody"}}));
  const CheckReport report = Check();
  EXPECT_TRUE(report.consistent()) << Describe(report);
}

TEST_F(StoreCheckTest, UnknownKeySpacesAreCountedAndLeftAlone) {
  for (const TestDoc& doc : Corpus()) Add(doc);
  EditRaw([](leveldb::DB* db) {
    ASSERT_TRUE(db->Put(leveldb::WriteOptions(), "zfuture", "kept").ok());
    ASSERT_TRUE(db->Put(leveldb::WriteOptions(), "\xff", "kept").ok());
  });
  CheckReport report = Check();
  EXPECT_TRUE(report.consistent()) << Describe(report);
  EXPECT_EQ(report.unknown_keys, 2u);
  EXPECT_EQ(report.keys['z'], 1u);
  RepairReport repair;
  ASSERT_STATUS_OK(RepairStore(store_.get(), &repair));
  EditRaw([](leveldb::DB* db) {
    std::string value;
    EXPECT_TRUE(db->Get(leveldb::ReadOptions(), "zfuture", &value).ok());
  });
}

TEST_F(StoreCheckTest, ListsAtMostTheLimitButCountsAll) {
  for (const TestDoc& doc : Corpus()) Add(doc);
  EditRaw([](leveldb::DB* db) {
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(db->Put(leveldb::WriteOptions(),
                          "anobody" + std::to_string(i), "nobody")
                      .ok());
    }
  });
  CheckOptions options;
  options.max_listed_problems = 5;
  CheckReport report;
  ASSERT_STATUS_OK(CheckStore(store_.get(), options, &report));
  EXPECT_EQ(report.problem_count, 20u);
  EXPECT_EQ(report.problems.size(), 5u);
}

TEST(DescribeKey, ShowsThePartsOfEachLayout) {
  const std::string sort_key = std::string(8, '\x80') + "0123456789abcdef";
  struct Case {
    std::string key;
    std::string expected;
  };
  const Case cases[] = {
      {"q0123456789abcdef", "q 0123456789abcdef"},
      {"t" + sort_key, "t 0123456789abcdef"},
      {std::string("wpeace\0", 7) + sort_key, "w peace / 0123456789abcdef"},
      {std::string("xdoc 1\0", 7) + "0123456789abcdef",
       "x doc 1 / 0123456789abcdef"},
      {std::string("nann lee\0ann-lee", 16), "n ann lee / ann-lee"},
      {"cwpeace", "c w peace"},
      {"d\xff\x01\\", "d \\xff\\x01\\x5c"},
      {"sL\xc3\xa9on", "s L\xc3\xa9on"},
      {"", "(empty key)"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(DescribeKey(c.key), c.expected);
  }
}

}  // namespace
}  // namespace quotes
