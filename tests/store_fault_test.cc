// Copyright The Quote Tracker Authors.
//
// QuoteStore under a failing file system: when writes start failing (a
// full disk) AddDocument reports an IOError, and after a reopen the store
// holds whole documents only, with indexes and counts that agree.

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "leveldb/env.h"
#include "leveldb/helpers/memenv.h"
#include "storage/quote_store.h"
#include "tests/store_test_util.h"

namespace quotes {
namespace {

using testing_util::MakeDoc;
using testing_util::RunQuery;
using testing_util::TestDoc;

// An Env whose disk fills up on demand: after a budget of successful
// appends and syncs every write fails with ENOSPC's message, and the
// append that hits the limit writes half of its data first, as a real
// full disk may.
class FullDiskEnv : public leveldb::EnvWrapper {
 public:
  explicit FullDiskEnv(leveldb::Env* base) : EnvWrapper(base) {}

  void FailAfter(int budget) {
    std::lock_guard<std::mutex> lock(mutex_);
    armed_ = true;
    budget_ = budget;
  }

  void Heal() {
    std::lock_guard<std::mutex> lock(mutex_);
    armed_ = false;
  }

  // True iff one more write may succeed; consumes the budget.
  bool Spend() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!armed_) return true;
    if (budget_ == 0) return false;
    --budget_;
    return true;
  }

  leveldb::Status NewWritableFile(const std::string& name,
                                  leveldb::WritableFile** file) override {
    return Wrap(name, target()->NewWritableFile(name, file), file);
  }

  leveldb::Status NewAppendableFile(const std::string& name,
                                    leveldb::WritableFile** file) override {
    return Wrap(name, target()->NewAppendableFile(name, file), file);
  }

 private:
  class File : public leveldb::WritableFile {
   public:
    File(FullDiskEnv* env, std::string name, leveldb::WritableFile* base)
        : env_(env), name_(std::move(name)), base_(base) {}

    leveldb::Status Append(const leveldb::Slice& data) override {
      if (env_->Spend()) return base_->Append(data);
      base_->Append(leveldb::Slice(data.data(), data.size() / 2));
      return Full();
    }
    leveldb::Status Sync() override {
      return env_->Spend() ? base_->Sync() : Full();
    }
    leveldb::Status Flush() override { return base_->Flush(); }
    leveldb::Status Close() override { return base_->Close(); }

   private:
    leveldb::Status Full() const {
      return leveldb::Status::IOError(name_, "No space left on device");
    }

    FullDiskEnv* const env_;
    const std::string name_;
    std::unique_ptr<leveldb::WritableFile> base_;
  };

  leveldb::Status Wrap(const std::string& name, leveldb::Status s,
                       leveldb::WritableFile** file) {
    if (!s.ok()) return s;
    *file = new File(this, name, *file);
    return s;
  }

  std::mutex mutex_;
  bool armed_ = false;
  int budget_ = 0;
};

// Three quotes a document: one every document shares (so that failures
// hit merges too), one shared with the next document, one of its own.
TestDoc NumberedDoc(int i) {
  const std::string n = std::to_string(i);
  return MakeDoc("doc" + n, i % 2 ? "AP" : "Reuters",
                 "2025-04-" + std::to_string(10 + i),
                 {{"the shared refrain", "Ann Lee"},
                  {"pair line " + std::to_string(i / 2), "Bob Ray"},
                  {"own line " + n, i % 3 ? "Carl Orr" : "Dee Fox"}});
}

// Checks that every stored document is whole and that the indexes and
// stats agree with the records.
void CheckConsistent(QuoteStore* store, int docs) {
  std::set<std::string> quote_ids;
  uint64_t stored_docs = 0;
  for (int i = 0; i < docs; ++i) {
    Document doc;
    const Status s = store->GetDocument("doc" + std::to_string(i), &doc);
    if (s.IsNotFound()) continue;
    ASSERT_STATUS_OK(s);
    ++stored_docs;
    EXPECT_EQ(doc.quote_ids_size(), 3) << doc.doc_id();
    for (const std::string& id : doc.quote_ids()) {
      Quote quote;
      ASSERT_STATUS_OK(store->GetQuote(id, &quote));
      bool has_source = false;
      for (const Source& source : quote.sources()) {
        has_source |= source.doc_id() == doc.doc_id();
      }
      EXPECT_TRUE(has_source) << doc.doc_id() << " " << id;
      quote_ids.insert(id);
    }
  }
  const std::vector<Quote> all = RunQuery(store, QuoteQuery());
  uint64_t sources = 0;
  for (const Quote& quote : all) {
    EXPECT_EQ(quote_ids.count(quote.id()), 1u) << quote.text();
    sources += quote.sources_size();
    QuoteQuery by_words;
    by_words.words = "\"" + quote.text() + "\"";
    by_words.speaker = quote.speaker().name();
    EXPECT_EQ(RunQuery(store, by_words).size(), 1u) << quote.text();
  }
  EXPECT_EQ(all.size(), quote_ids.size());
  uint64_t speakers = 0;
  ASSERT_STATUS_OK(store->ForEachSpeaker("", [&](const Speaker&) {
    ++speakers;
    return true;
  }));
  StoreStats stats;
  ASSERT_STATUS_OK(store->GetStats(&stats));
  EXPECT_EQ(stats.documents, stored_docs);
  EXPECT_EQ(stats.quotes, all.size());
  EXPECT_EQ(stats.sources, sources);
  EXPECT_EQ(stats.speakers, speakers);
}

TEST(QuoteStoreFaultTest, FullDiskKeepsWholeDocumentsOnly) {
  constexpr int kDocs = 20;
  constexpr int kBeforeFault = 3;
  struct Case {
    int budget;
    bool sync;
  };
  const Case cases[] = {{0, false}, {1, false}, {2, false},  {3, false},
                        {5, false}, {8, false}, {13, false}, {0, true},
                        {1, true},  {2, true},  {3, true},   {4, true},
                        {7, true},  {10, true}};
  for (const Case& c : cases) {
    SCOPED_TRACE("budget " + std::to_string(c.budget) +
                 (c.sync ? " sync" : ""));
    std::unique_ptr<leveldb::Env> mem(
        leveldb::NewMemEnv(leveldb::Env::Default()));
    FullDiskEnv env(mem.get());
    QuoteStore::Options options;
    options.env = &env;
    options.sync = c.sync;
    std::unique_ptr<QuoteStore> store;
    ASSERT_STATUS_OK(QuoteStore::Open(options, "/store", &store));
    for (int i = 0; i < kBeforeFault; ++i) {
      const TestDoc doc = NumberedDoc(i);
      ASSERT_STATUS_OK(store->AddDocument(doc.doc, doc.quotes, nullptr));
    }

    env.FailAfter(c.budget);
    std::vector<bool> stored(kDocs, true);
    int failures = 0;
    for (int i = kBeforeFault; i < kDocs; ++i) {
      const TestDoc doc = NumberedDoc(i);
      QuoteStore::AddResult result;
      const Status s = store->AddDocument(doc.doc, doc.quotes, &result);
      stored[i] = s.ok();
      if (s.ok()) continue;
      ++failures;
      EXPECT_TRUE(s.IsIOError()) << s.ToString();
      EXPECT_NE(s.message().find(doc.doc.doc_id()), std::string::npos)
          << s.ToString();
      EXPECT_EQ(result.new_quotes, 0);
    }
    EXPECT_GT(failures, 0);

    store.reset();
    env.Heal();
    ASSERT_STATUS_OK(QuoteStore::Open(options, "/store", &store));
    for (int i = 0; i < kDocs; ++i) {
      Document doc;
      const Status s = store->GetDocument("doc" + std::to_string(i), &doc);
      // A document reported stored is there; one reported failed may be
      // there too (its batch reached the log before the sync failed), but
      // then whole, which CheckConsistent verifies.
      if (stored[i]) {
        EXPECT_TRUE(s.ok()) << i << " " << s.ToString();
      }
    }
    CheckConsistent(store.get(), kDocs);

    // The healed store takes new documents again.
    const TestDoc next = NumberedDoc(kDocs);
    EXPECT_STATUS_OK(store->AddDocument(next.doc, next.quotes, nullptr));
    CheckConsistent(store.get(), kDocs + 1);
  }
}

}  // namespace
}  // namespace quotes
