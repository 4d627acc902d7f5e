// Copyright The Quote Tracker Authors.
//
// QuoteStore::Verify over an in-memory Env: the similarity index follows
// new, merged, replaced and deleted quotes in the document's own batch,
// survives a reopen, is rebuilt for a store written without it or by
// schema 1, and the answers name the right speaker, the first source and
// the verdict.

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "leveldb/db.h"
#include "leveldb/env.h"
#include "leveldb/helpers/memenv.h"
#include "leveldb/iterator.h"
#include "leveldb/write_batch.h"
#include "storage/check.h"
#include "storage/quote_store.h"
#include "storage/similarity.h"
#include "tests/store_test_util.h"

namespace quotes {
namespace {

using testing_util::MakeDoc;
using testing_util::TestDoc;

constexpr char kPath[] = "/store";

bool IsTermKey(const std::string& key) {
  return key[0] == 'v' || key[0] == 'w' || key.rfind("cv", 0) == 0 ||
         key.rfind("cw", 0) == 0 || key == "msimilarity_index";
}

class StoreVerifyTest : public testing::Test {
 protected:
  StoreVerifyTest() : env_(leveldb::NewMemEnv(leveldb::Env::Default())) {}

  void SetUp() override { ASSERT_STATUS_OK(Reopen()); }

  Status Reopen() {
    store_.reset();
    QuoteStore::Options options;
    options.env = env_.get();
    return QuoteStore::Open(options, kPath, &store_);
  }

  // The store's database, for reading and damaging keys directly.
  // REQUIRES: store_ closed.
  std::unique_ptr<leveldb::DB> OpenRaw() {
    return testing_util::OpenRawDb(env_.get(), kPath);
  }

  void Add(const TestDoc& doc) {
    const Status s = store_->AddDocument(doc.doc, doc.quotes, nullptr);
    ASSERT_TRUE(s.ok()) << doc.doc.doc_id() << ": " << s.ToString();
  }

  VerifyResult Verify(const std::string& text,
                      const std::string& speaker = "") {
    VerifyRequest request;
    request.text = text;
    request.speaker = speaker;
    VerifyResult result;
    const Status s = store_->Verify(request, &result);
    EXPECT_TRUE(s.ok()) << text << ": " << s.ToString();
    return result;
  }

  // The term postings (the stem postings verification reads and the word
  // postings), their counts and the index's version, read raw.
  // REQUIRES: store_ closed.
  std::set<std::string> IndexKeys() {
    std::unique_ptr<leveldb::DB> db = OpenRaw();
    if (db == nullptr) return {};
    std::set<std::string> keys;
    std::unique_ptr<leveldb::Iterator> it(
        db->NewIterator(leveldb::ReadOptions()));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string key = it->key().ToString();
      if (IsTermKey(key)) {
        keys.insert(key + "=" + std::to_string(it->value().size()));
      }
    }
    return keys;
  }

  std::unique_ptr<leveldb::Env> env_;  // outlives store_
  std::unique_ptr<QuoteStore> store_;
};

const char kClinics[] = "We will not close a single clinic this winter.";
const char kHarbour[] = "The harbour will be dredged before the summer.";

TEST_F(StoreVerifyTest, EmptyStoreFindsNothing) {
  const VerifyResult result = Verify(kClinics);
  EXPECT_EQ(result.verdict, Verdict::kNotFound);
  EXPECT_TRUE(result.matches.empty());
  EXPECT_EQ(result.postings_read, 0u);
}

TEST_F(StoreVerifyTest, RefusesClaimsWithoutWordsOrTooLong) {
  const struct {
    std::string text;
    const char* why;
  } cases[] = {
      {"", "has no words"},
      {" \"...\" -- ", "has no words"},
      {std::string(kMaxClaimBytes + 1, 'a'), "longer than"},
  };
  for (const auto& c : cases) {
    VerifyRequest request;
    request.text = c.text;
    VerifyResult result;
    const Status s = store_->Verify(request, &result);
    EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
    EXPECT_NE(s.message().find(c.why), std::string::npos) << s.ToString();
  }
}

TEST_F(StoreVerifyTest, FindsTheQuoteWithSpeakerAndFirstSource) {
  Add(MakeDoc("late", "Northshore Daily", "2024-03-05",
              {{kClinics, "Ana Ortiz", "Ortiz"}, {kHarbour, "Tomas Brenner"}}));
  Add(MakeDoc("early", "Aldern Courier", "2024-03-04",
              {{kClinics, "Ana Ortiz", "Health Minister Ana Ortiz"}}));
  const VerifyResult result =
      Verify("We would not close a single clinic this winter", "Ortiz");
  ASSERT_EQ(result.matches.size(), 1u);
  const VerifyMatch& match = result.matches[0];
  EXPECT_EQ(result.verdict, Verdict::kCloseWording);
  EXPECT_TRUE(match.speaker_matches);
  EXPECT_FALSE(result.wrong_speaker);
  EXPECT_EQ(match.quote.speaker().speaker_id(), "ana-ortiz");
  ASSERT_EQ(match.quote.sources_size(), 2);
  EXPECT_EQ(match.quote.sources(0).doc_id(), "early");
  EXPECT_EQ(match.quote.sources(0).published(), "2024-03-04");
  EXPECT_EQ(MarkedDiff(match.quote.text(), match.comparison.diff),
            "We [-will-]{+would+} not close a single clinic this winter.");
  ASSERT_EQ(result.claimed_speakers.size(), 1u);
  EXPECT_EQ(result.claimed_speakers[0].speaker_id(), "ana-ortiz");
}

TEST_F(StoreVerifyTest, SaysSoWhenTheClaimNamesTheWrongSpeaker) {
  Add(MakeDoc("d1", "AP", "2024-03-04",
              {{kClinics, "Ana Ortiz"}, {kHarbour, "Tomas Brenner"}}));
  const struct {
    const char* speaker;
    bool wrong;
    size_t claimed;
  } cases[] = {
      {"Tomas Brenner", true, 1},  // another speaker of the store
      {"Mayor Brenner", true, 1},  // any spelling of that speaker
      {"Karl Eng", true, 0},       // a name the store does not know
      {"Ana Ortiz", false, 1},     // the right one
      {"", false, 0},              // nobody named
  };
  for (const auto& c : cases) {
    const VerifyResult result = Verify(kClinics, c.speaker);
    ASSERT_FALSE(result.matches.empty()) << c.speaker;
    EXPECT_EQ(result.verdict, Verdict::kExact) << c.speaker;
    EXPECT_EQ(result.matches[0].quote.speaker().speaker_id(), "ana-ortiz");
    EXPECT_EQ(result.wrong_speaker, c.wrong) << c.speaker;
    EXPECT_EQ(result.claimed_speakers.size(), c.claimed) << c.speaker;
  }
}

TEST_F(StoreVerifyTest, TheNamedSpeakersQuoteComesFirstAmongEquals) {
  // The same words from two speakers are two quotes.
  Add(MakeDoc("d1", "AP", "2024-03-04", {{kHarbour, "Tomas Brenner"}}));
  Add(MakeDoc("d2", "AP", "2024-03-05", {{kHarbour, "Petra Voss"}}));
  for (const char* name : {"Brenner", "Voss"}) {
    const VerifyResult result = Verify(kHarbour, name);
    ASSERT_EQ(result.matches.size(), 2u);
    EXPECT_TRUE(result.matches[0].speaker_matches) << name;
    EXPECT_FALSE(result.matches[1].speaker_matches) << name;
    EXPECT_FALSE(result.wrong_speaker) << name;
  }
}

TEST_F(StoreVerifyTest, IndexFollowsReplacedAndMergedDocuments) {
  Add(MakeDoc("d1", "AP", "2024-03-04", {{kClinics, "Ana Ortiz"}}));
  Add(MakeDoc("d2", "Reuters", "2024-03-05", {{kClinics, "Ana Ortiz"}}));
  EXPECT_EQ(Verify(kClinics).matches.size(), 1u);

  // d1 changes: the clinic quote keeps d2 as its source.
  Add(MakeDoc("d1", "AP", "2024-03-04", {{kHarbour, "Tomas Brenner"}}));
  VerifyResult result = Verify(kClinics);
  ASSERT_EQ(result.matches.size(), 1u);
  EXPECT_EQ(result.matches[0].quote.sources_size(), 1);
  EXPECT_EQ(result.matches[0].quote.sources(0).doc_id(), "d2");
  EXPECT_EQ(Verify(kHarbour).verdict, Verdict::kExact);

  // d2 changes too: the clinic quote is gone, and so are its postings.
  Add(MakeDoc("d2", "Reuters", "2024-03-05", {{kHarbour, "Tomas Brenner"}}));
  EXPECT_EQ(Verify(kClinics).verdict, Verdict::kNotFound);
  result = Verify(kHarbour);
  ASSERT_EQ(result.matches.size(), 1u);
  EXPECT_EQ(result.matches[0].quote.sources_size(), 2);

  store_.reset();
  for (const std::string& key : IndexKeys()) {
    EXPECT_EQ(key.find("clinic"), std::string::npos) << key;
  }
}

TEST_F(StoreVerifyTest, IndexIsTheSameHoweverTheStoreGotThere) {
  // Built document by document, with replacements on the way...
  Add(MakeDoc("d1", "AP", "2024-03-04", {{kClinics, "Ana Ortiz"}}));
  Add(MakeDoc("d2", "AP", "2024-03-05",
              {{kHarbour, "Tomas Brenner"}, {kClinics, "Ana Ortiz"}}));
  Add(MakeDoc("d1", "AP", "2024-03-04", {{"Nothing changes.", "Karl Eng"}}));
  store_.reset();
  const std::set<std::string> incremental = IndexKeys();
  EXPECT_FALSE(incremental.empty());

  // ...and rebuilt from the records, as for a store made before the index.
  {
    std::unique_ptr<leveldb::DB> db = OpenRaw();
    ASSERT_NE(db, nullptr);
    leveldb::WriteBatch batch;
    std::unique_ptr<leveldb::Iterator> it(
        db->NewIterator(leveldb::ReadOptions()));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string key = it->key().ToString();
      if (key[0] == 'v' || key.rfind("cv", 0) == 0 ||
          key == "msimilarity_index") {
        batch.Delete(key);
      }
    }
    // A stale posting from an older index version goes too.
    batch.Put(std::string("vobsolete") + '\0' + "0123456789abcdef", "");
    ASSERT_TRUE(db->Write(leveldb::WriteOptions(), &batch).ok());
  }
  ASSERT_STATUS_OK(Reopen());
  EXPECT_EQ(Verify(kClinics).verdict, Verdict::kExact);
  store_.reset();
  EXPECT_EQ(IndexKeys(), incremental);
}

TEST_F(StoreVerifyTest, AnotherIndexVersionIsRebuiltOnOpen) {
  Add(MakeDoc("d1", "AP", "2024-03-04", {{kClinics, "Ana Ortiz"}}));
  store_.reset();
  const std::set<std::string> before = IndexKeys();
  {
    std::unique_ptr<leveldb::DB> db = OpenRaw();
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(
        db->Put(leveldb::WriteOptions(), "msimilarity_index", "0").ok());
    ASSERT_TRUE(
        db->Put(leveldb::WriteOptions(), "cvclinic", std::string(8, '\x07'))
            .ok());
  }
  ASSERT_STATUS_OK(Reopen());
  store_.reset();
  EXPECT_EQ(IndexKeys(), before);
}

TEST_F(StoreVerifyTest, SchemaOneStoreIsUpgradedOnOpen) {
  Add(MakeDoc("d1", "AP", "2024-03-04",
              {{kClinics, "Ana Ortiz"}, {kHarbour, "Tomas Brenner"}}));
  store_.reset();
  const std::set<std::string> current = IndexKeys();
  // The same store as schema 1 wrote it: every indexed word with a word
  // posting and a count, the stem postings ending in the bare quote id.
  {
    std::unique_ptr<leveldb::DB> db = OpenRaw();
    ASSERT_NE(db, nullptr);
    leveldb::WriteBatch batch;
    const std::string clinic_prefix = std::string("vclinic") + '\0';
    std::string sort_key;
    std::unique_ptr<leveldb::Iterator> it(
        db->NewIterator(leveldb::ReadOptions()));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string key = it->key().ToString();
      if (key.rfind(clinic_prefix, 0) == 0) {
        sort_key = key.substr(clinic_prefix.size() + 1, 24);  // after the form
      }
      if (IsTermKey(key)) batch.Delete(key);
    }
    ASSERT_EQ(sort_key.size(), 24u);
    const std::string one("\x01\0\0\0\0\0\0\0", 8);
    for (const char* word : {"clinic", "single", "winter", "close"}) {
      batch.Put(std::string("w") + word + '\0' + sort_key, "");
      batch.Put(std::string("cw") + word, one);
    }
    batch.Put(clinic_prefix + sort_key.substr(8), "");
    batch.Put("cvclinic", one);
    batch.Put("mschema_version", "1");
    batch.Put("msimilarity_index", "1");
    ASSERT_TRUE(db->Write(leveldb::WriteOptions(), &batch).ok());
  }
  ASSERT_STATUS_OK(Reopen());
  EXPECT_EQ(Verify(kClinics).verdict, Verdict::kExact);
  QuoteQuery by_words;
  by_words.words = "clinic winter";
  EXPECT_EQ(testing_util::RunQuery(store_.get(), by_words).size(), 1u);
  CheckReport report;
  ASSERT_STATUS_OK(CheckStore(store_.get(), CheckOptions(), &report));
  EXPECT_TRUE(report.consistent()) << report.problem_count;
  store_.reset();
  EXPECT_EQ(IndexKeys(), current);
  std::unique_ptr<leveldb::DB> db = OpenRaw();
  ASSERT_NE(db, nullptr);
  std::string version;
  ASSERT_TRUE(
      db->Get(leveldb::ReadOptions(), "mschema_version", &version).ok());
  EXPECT_EQ(version, std::to_string(kStoreSchemaVersion));
}

// A record the rebuild cannot read is left to the check and the repair:
// failing the upgrade would leave a store no build could open.
TEST_F(StoreVerifyTest, SchemaOneStoreWithAnUnreadableQuoteIsUpgraded) {
  Add(MakeDoc("d1", "AP", "2024-03-04", {{kClinics, "Ana Ortiz"}}));
  Add(MakeDoc("d2", "AP", "2024-03-05", {{kHarbour, "Tomas Brenner"}}));
  store_.reset();
  {
    std::unique_ptr<leveldb::DB> db = OpenRaw();
    ASSERT_NE(db, nullptr);
    std::string first_quote;
    std::unique_ptr<leveldb::Iterator> it(
        db->NewIterator(leveldb::ReadOptions()));
    it->Seek("q");
    ASSERT_TRUE(it->Valid() && it->key().starts_with("q"));
    first_quote = it->key().ToString();
    it.reset();
    leveldb::WriteBatch batch;
    batch.Put(first_quote, "\xff\xff");
    batch.Put("mschema_version", "1");
    batch.Put("msimilarity_index", "1");
    ASSERT_TRUE(db->Write(leveldb::WriteOptions(), &batch).ok());
  }
  ASSERT_STATUS_OK(Reopen());
  CheckReport report;
  ASSERT_STATUS_OK(CheckStore(store_.get(), CheckOptions(), &report));
  EXPECT_FALSE(report.consistent());
  RepairReport repair;
  ASSERT_STATUS_OK(RepairStore(store_.get(), &repair));
  ASSERT_STATUS_OK(CheckStore(store_.get(), CheckOptions(), &report));
  EXPECT_TRUE(report.consistent()) << report.problem_count;
  // The document of the other quote is whole, and verification finds it.
  EXPECT_EQ(report.records.documents, 1u);
  const Verdict clinics = Verify(kClinics).verdict;
  const Verdict harbour = Verify(kHarbour).verdict;
  EXPECT_TRUE((clinics == Verdict::kExact) != (harbour == Verdict::kExact))
      << static_cast<int>(clinics) << " " << static_cast<int>(harbour);
}

TEST_F(StoreVerifyTest, AnswersSurviveReopen) {
  Add(MakeDoc("d1", "AP", "2024-03-04",
              {{kClinics, "Ana Ortiz"}, {kHarbour, "Tomas Brenner"}}));
  const VerifyResult before = Verify("The harbour would be dredged by summer");
  ASSERT_STATUS_OK(Reopen());
  const VerifyResult after = Verify("The harbour would be dredged by summer");
  ASSERT_EQ(after.matches.size(), before.matches.size());
  ASSERT_FALSE(after.matches.empty());
  EXPECT_EQ(after.matches[0].quote.id(), before.matches[0].quote.id());
  EXPECT_EQ(after.matches[0].comparison.score,
            before.matches[0].comparison.score);
  EXPECT_EQ(after.verdict, Verdict::kCloseWording);
}

TEST_F(StoreVerifyTest, CommonWordsAreNotReadOnceTheLeaderIsCertain) {
  // Every quote shares "people"; one also has the rare words.
  for (int d = 0; d < 40; ++d) {
    std::vector<testing_util::QuoteSpec> specs;
    for (int q = 0; q < 50; ++q) {
      specs.push_back({"people number " + std::to_string(d * 50 + q) +
                           " said nothing of note",
                       "Speaker " + std::to_string(q)});
    }
    if (d == 17)
      specs.push_back(
          {"people want the lighthouse repainted", "Greta Sandvik"});
    Add(MakeDoc("doc" + std::to_string(d), "AP", "2024-01-01", specs));
  }
  const VerifyResult result = Verify("People want the lighthouse repainted");
  ASSERT_FALSE(result.matches.empty());
  EXPECT_EQ(result.verdict, Verdict::kExact);
  EXPECT_EQ(result.matches[0].quote.speaker().name(), "Greta Sandvik");
  EXPECT_LE(result.candidates, kVerifyMaxCandidates);
  // The rare words are read first, and their one quote leads by more than
  // "people" could give any other: the 2001 postings of "people" are
  // never read.
  EXPECT_LT(result.postings_read, 10u);
}

TEST_F(StoreVerifyTest, MaxMatchesLimitsTheAnswer) {
  std::vector<testing_util::QuoteSpec> specs;
  for (int i = 0; i < 8; ++i) {
    specs.push_back(
        {"the ferry timetable changes in April, version " + std::to_string(i),
         "Speaker " + std::to_string(i)});
  }
  Add(MakeDoc("d1", "AP", "2024-01-01", specs));
  VerifyRequest request;
  request.text = "the ferry timetable changes in April";
  VerifyResult result;
  request.max_matches = 3;
  ASSERT_STATUS_OK(store_->Verify(request, &result));
  EXPECT_EQ(result.matches.size(), 3u);
  request.max_matches = 0;
  ASSERT_STATUS_OK(store_->Verify(request, &result));
  EXPECT_EQ(result.matches.size(), 8u);
  for (size_t i = 1; i < result.matches.size(); ++i) {
    EXPECT_GE(result.matches[i - 1].comparison.verdict,
              result.matches[i].comparison.verdict);
  }
}

}  // namespace
}  // namespace quotes
