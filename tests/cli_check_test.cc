// Copyright The Quote Tracker Authors.
//
// `quotes check [--repair]` through RunQuotes: a consistent store exits 0;
// a damaged one lists each problem and exits 1; --repair rebuilds it,
// says what it changed and exits 0; a missing or busy store exits 2.

#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "gtest/gtest.h"
#include "leveldb/db.h"
#include "leveldb/iterator.h"
#include "storage/quote_store.h"
#include "tests/cli_test_util.h"

namespace quotes {
namespace {

const char* const kArticles = testing_util::kTwoArticles;

using Result = testing_util::CliResult;

class CliCheckTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing_util::FreshTestDir();
    ASSERT_FALSE(HasFailure()) << "no fresh directory " << dir_;
    db_ = dir_ + "/db";
    articles_ = dir_ + "/articles.jsonl";
    std::ofstream(articles_, std::ios::binary) << kArticles;
    ASSERT_EQ(Quotes({"ingest", "--db", db_, articles_}).code, 0);
  }

  Result Quotes(std::vector<std::string> args) {
    return testing_util::RunCli(std::move(args));
  }

  // Changes the store's database directly, as damage would.
  void Damage(const std::function<void(leveldb::DB*)>& edit) {
    leveldb::DB* db = nullptr;
    ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), db_, &db).ok());
    edit(db);
    delete db;
  }

  // The first key of "space".
  static std::string FirstKey(leveldb::DB* db, char space) {
    std::unique_ptr<leveldb::Iterator> it(
        db->NewIterator(leveldb::ReadOptions()));
    it->Seek(std::string(1, space));
    return it->Valid() && it->key()[0] == space ? it->key().ToString() : "";
  }

  std::string dir_;
  std::string db_;
  std::string articles_;
};

TEST_F(CliCheckTest, ConsistentStoreExitsZero) {
  const Result r = Quotes({"check", "--db", db_});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("store:     " + db_ + "\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("records:   2 documents, "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("problems:  0\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the store is consistent\n"), std::string::npos)
      << r.out;
}

TEST_F(CliCheckTest, DamageIsListedThenRepaired) {
  Damage([](leveldb::DB* db) {
    const std::string quote = FirstKey(db, 'q');
    ASSERT_FALSE(quote.empty());
    ASSERT_TRUE(db->Delete(leveldb::WriteOptions(), quote).ok());
    ASSERT_TRUE(db->Put(leveldb::WriteOptions(), "cwzebra", "garbage").ok());
  });
  Result r = Quotes({"check", "--db", db_});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("problem:   partial document: d "), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("problem:   unreadable record: c w zebra: a count is "
                       "8 bytes\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("the store is NOT consistent (repair: quotes check "
                       "--repair)\n"),
            std::string::npos)
      << r.out;

  r = Quotes({"check", "--db", db_, "--repair"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("repaired:  removed 1 document, "), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("ingest the removed documents again"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("after repair:\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.substr(r.out.size() - 24), "the store is consistent\n")
      << r.out;

  // The removed document goes back in whole.
  r = Quotes({"ingest", "--db", db_, articles_});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("documents: 1 stored (1 new, 0 replaced), 1 unchanged"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(Quotes({"check", "--db", db_}).code, 0);
}

TEST_F(CliCheckTest, MissingOrBusyStoreExitsTwo) {
  Result r = Quotes({"check", "--db", dir_ + "/nothing"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("quotes: NotFound: " + dir_ + "/nothing: no store"),
            std::string::npos)
      << r.err;
  std::unique_ptr<QuoteStore> holder;
  QuoteStore::Options options;
  options.create_if_missing = false;
  ASSERT_TRUE(QuoteStore::Open(options, db_, &holder).ok());
  r = Quotes({"check", "--db", db_, "--repair"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("quotes: Busy: " + db_), std::string::npos) << r.err;
  EXPECT_EQ(Quotes({"check", "--bogus"}).code, 2);
}

}  // namespace
}  // namespace quotes
