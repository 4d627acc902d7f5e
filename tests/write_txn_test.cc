// Copyright The Quote Tracker Authors.
//
// storage/write_txn.h: the writer's transaction and record cache against
// a database in memory.  Counts summed in a batch, counts and records read
// from the cache or the database, and a complete cache (LoadAll) that
// answers for keys it does not hold only while nothing has been dropped.

#include "storage/write_txn.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "leveldb/db.h"
#include "leveldb/env.h"
#include "leveldb/helpers/memenv.h"
#include "tests/store_test_util.h"

namespace quotes {
namespace {

constexpr char kCountSpace = 'c';

std::string Fixed64(uint64_t v) {
  std::string out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  return out;
}

class WriteTxnTest : public testing::Test {
 protected:
  void SetUp() override {
    env_.reset(leveldb::NewMemEnv(leveldb::Env::Default()));
    leveldb::Options options;
    options.env = env_.get();
    options.create_if_missing = true;
    leveldb::DB* db = nullptr;
    ASSERT_TRUE(leveldb::DB::Open(options, "/txn", &db).ok());
    db_.reset(db);
  }

  // The value under "key" in the database, or "absent".
  std::string Raw(const std::string& key) {
    std::string value;
    const leveldb::Status s = db_->Get(leveldb::ReadOptions(), key, &value);
    return s.ok() ? value : "absent";
  }

  void Count(RecordCache* cache, const std::string& key, int64_t delta) {
    WriteTxn txn(db_.get(), cache);
    txn.AddToCount(key, delta);
    ASSERT_STATUS_OK(txn.Commit(false));
  }

  std::unique_ptr<leveldb::Env> env_;
  std::unique_ptr<leveldb::DB> db_;
};

TEST_F(WriteTxnTest, CountsSumInABatchAndAcrossBatches) {
  RecordCache record_cache(1 << 20, "sa");
  for (RecordCache* cache :
       {static_cast<RecordCache*>(nullptr), &record_cache}) {
    ASSERT_TRUE(db_->Delete(leveldb::WriteOptions(), "cwx").ok());
    {
      WriteTxn txn(db_.get(), cache);
      txn.AddToCount("cwx", 2);
      txn.AddToCount("cwx", 1);
      txn.AddToCount("cwy", 1);
      txn.AddToCount("cwy", -1);
      ASSERT_STATUS_OK(txn.Commit(false));
    }
    EXPECT_EQ(Raw("cwx"), Fixed64(3));
    EXPECT_EQ(Raw("cwy"), "absent");
    Count(cache, "cwx", -1);
    EXPECT_EQ(Raw("cwx"), Fixed64(2));
    Count(cache, "cwx", -5);  // below zero: deleted
    EXPECT_EQ(Raw("cwx"), "absent");
    Count(cache, "cwx", 1);
    EXPECT_EQ(Raw("cwx"), Fixed64(1));
  }
}

TEST_F(WriteTxnTest, LoadAllMakesTheCacheAnswerForAbsentKeys) {
  ASSERT_TRUE(db_->Put(leveldb::WriteOptions(), "cwx", Fixed64(4)).ok());
  ASSERT_TRUE(db_->Put(leveldb::WriteOptions(), "sann", "record").ok());
  ASSERT_TRUE(db_->Put(leveldb::WriteOptions(), "qid", "quote").ok());
  RecordCache cache(1 << 20, "sa");
  cache.LoadAll(db_.get(), kCountSpace);
  ASSERT_TRUE(cache.complete());
  uint64_t count = 0;
  ASSERT_TRUE(cache.FindCount("cwx", &count));
  EXPECT_EQ(count, 4u);
  const std::optional<std::string>* known = cache.Find("sann");
  ASSERT_NE(known, nullptr);
  EXPECT_EQ(**known, "record");
  EXPECT_EQ(cache.Find("qid"), nullptr);  // not a cached space

  // Written behind the cache's back: a complete cache answers "absent"
  // without asking the database, which is why every write must go
  // through it.  Counts continue from the loaded values.
  ASSERT_TRUE(db_->Put(leveldb::WriteOptions(), "sbob", "hidden").ok());
  WriteTxn txn(db_.get(), &cache);
  std::string value;
  bool found = true;
  ASSERT_STATUS_OK(txn.Get("sbob", &value, &found));
  EXPECT_FALSE(found);
  ASSERT_STATUS_OK(txn.Get("qid", &value, &found));  // uncached: read
  EXPECT_TRUE(found);
  txn.AddToCount("cwx", 1);
  txn.AddToCount("cwnew", 1);
  ASSERT_STATUS_OK(txn.Commit(false));
  EXPECT_EQ(Raw("cwx"), Fixed64(5));
  EXPECT_EQ(Raw("cwnew"), Fixed64(1));

  // Once cleared the cache is no longer complete, and reads reach the
  // database again.
  cache.Clear();
  EXPECT_FALSE(cache.complete());
  WriteTxn again(db_.get(), &cache);
  ASSERT_STATUS_OK(again.Get("sbob", &value, &found));
  EXPECT_TRUE(found);
  EXPECT_EQ(value, "hidden");
}

TEST_F(WriteTxnTest, LoadAllOverHalfTheBudgetLeavesTheCacheIncomplete) {
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(db_->Put(leveldb::WriteOptions(), "s" + std::to_string(i),
                         std::string(100, 'x'))
                    .ok());
  }
  RecordCache cache(8 << 10, "sa");  // 8 KB: the 200 records do not fit
  cache.LoadAll(db_.get(), kCountSpace);
  EXPECT_FALSE(cache.complete());
  EXPECT_EQ(cache.Find("s1"), nullptr);
  WriteTxn txn(db_.get(), &cache);
  std::string value;
  bool found = false;
  ASSERT_STATUS_OK(txn.Get("s199", &value, &found));
  EXPECT_TRUE(found);
}

// Regression: a record too big for what is left of the budget made the
// insert clear the cache in the middle of the load, after which the load
// went on and marked the cache complete without the records before it.
TEST_F(WriteTxnTest, ARecordOverTheBudgetMidLoadLeavesTheCacheIncomplete) {
  ASSERT_TRUE(db_->Put(leveldb::WriteOptions(), "sa", "small").ok());
  ASSERT_TRUE(
      db_->Put(leveldb::WriteOptions(), "sb", std::string(4100, 'x')).ok());
  ASSERT_TRUE(db_->Put(leveldb::WriteOptions(), "cwx", Fixed64(7)).ok());
  RecordCache cache(4 << 10, "sa");
  cache.LoadAll(db_.get(), kCountSpace);
  EXPECT_FALSE(cache.complete());
  WriteTxn txn(db_.get(), &cache);
  std::string value;
  bool found = false;
  ASSERT_STATUS_OK(txn.Get("sa", &value, &found));
  EXPECT_TRUE(found);
  ASSERT_STATUS_OK(txn.Get("sb", &value, &found));
  EXPECT_TRUE(found);
  txn.AddToCount("cwx", 1);
  ASSERT_STATUS_OK(txn.Commit(false));
  EXPECT_EQ(Raw("cwx"), Fixed64(8));
}

TEST_F(WriteTxnTest, OverflowAfterLoadEndsCompleteness) {
  RecordCache cache(4 << 10, "sa");
  cache.LoadAll(db_.get(), kCountSpace);
  ASSERT_TRUE(cache.complete());
  for (int i = 0; i < 100 && cache.complete(); ++i) {
    cache.Set("s" + std::to_string(i), std::string(100, 'x'));
  }
  EXPECT_FALSE(cache.complete());
}

}  // namespace
}  // namespace quotes
