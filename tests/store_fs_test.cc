// Copyright The Quote Tracker Authors.
//
// QuoteStore on the real file system: a store held by another process or
// by another open in this one is Busy, a path that is a file or somebody
// else's directory is refused, and records persist across reopening; the
// Env that reads its tables with pread.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <string>

#include "leveldb/env.h"
#include "storage/pread_env.h"
#include "storage/quote_store.h"
#include "tests/store_test_util.h"

namespace quotes {
namespace {

using testing_util::MakeDoc;
using testing_util::QueryTexts;
using testing_util::TestDoc;

class QuoteStoreFsTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = testing::TempDir() + "/store_fs_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/store";
  }

  void TearDown() override {
    store_.reset();
    const std::string command = "rm -rf '" + dir_ + "'";
    EXPECT_EQ(system(command.c_str()), 0);
  }

  Status Open(const std::string& path, std::unique_ptr<QuoteStore>* store) {
    return QuoteStore::Open(QuoteStore::Options(), path, store);
  }

  std::string dir_;
  std::string path_;
  std::unique_ptr<QuoteStore> store_;
};

TEST_F(QuoteStoreFsTest, PreadEnvReadsRangesAndReportsMissingFiles) {
  const std::string name = dir_ + "/table";
  std::ofstream(name, std::ios::binary) << "0123456789";
  std::unique_ptr<leveldb::Env> env = NewPreadEnv(leveldb::Env::Default());
  leveldb::RandomAccessFile* raw = nullptr;
  ASSERT_TRUE(env->NewRandomAccessFile(name, &raw).ok());
  std::unique_ptr<leveldb::RandomAccessFile> file(raw);
  struct Case {
    uint64_t offset;
    size_t n;
    std::string want;
  };
  const Case cases[] = {
      {0, 4, "0123"}, {6, 4, "6789"}, {8, 10, "89"}, {10, 3, ""}, {20, 3, ""}};
  for (const Case& c : cases) {
    char scratch[16];
    leveldb::Slice got;
    const leveldb::Status s = file->Read(c.offset, c.n, &got, scratch);
    EXPECT_TRUE(s.ok()) << c.offset << ": " << s.ToString();
    EXPECT_EQ(got.ToString(), c.want) << c.offset;
  }
  raw = nullptr;
  const leveldb::Status missing =
      env->NewRandomAccessFile(dir_ + "/absent", &raw);
  EXPECT_TRUE(missing.IsNotFound()) << missing.ToString();
  EXPECT_EQ(raw, nullptr);
}

// Enough documents for LevelDB to write table files, read back after
// reopening through the store's pread Env.
TEST_F(QuoteStoreFsTest, TablesAreReadBackAfterReopen) {
  QuoteStore::Options options;
  options.write_buffer_bytes = 64 << 10;
  ASSERT_STATUS_OK(QuoteStore::Open(options, path_, &store_));
  for (int i = 0; i < 200; ++i) {
    const TestDoc doc = MakeDoc(
        "d" + std::to_string(i), "AP", "2025-01-01",
        {{"Statement number " + std::to_string(i) + " " + std::string(300, 'x'),
          "Ann Lee"}});
    ASSERT_STATUS_OK(store_->AddDocument(doc.doc, doc.quotes, nullptr));
  }
  store_.reset();
  ASSERT_STATUS_OK(QuoteStore::Open(options, path_, &store_));
  QuoteQuery query;
  query.speaker = "Lee";
  EXPECT_EQ(QueryTexts(store_.get(), query).size(), 200u);
  StoreStats stats;
  ASSERT_STATUS_OK(store_->GetStats(&stats));
  EXPECT_EQ(stats.documents, 200u);
}

TEST_F(QuoteStoreFsTest, RecordsPersistAcrossReopen) {
  ASSERT_STATUS_OK(Open(path_, &store_));
  const TestDoc doc =
      MakeDoc("d1", "AP", "2025-01-01", {{"Written to disk", "Ann Lee"}});
  ASSERT_STATUS_OK(store_->AddDocument(doc.doc, doc.quotes, nullptr));
  store_.reset();
  ASSERT_STATUS_OK(Open(path_, &store_));
  QuoteQuery query;
  query.speaker = "Lee";
  EXPECT_EQ(QueryTexts(store_.get(), query),
            std::vector<std::string>{"Written to disk"});
}

TEST_F(QuoteStoreFsTest, SecondOpenInThisProcessIsBusy) {
  ASSERT_STATUS_OK(Open(path_, &store_));
  std::unique_ptr<QuoteStore> second;
  const Status s = Open(path_, &second);
  EXPECT_TRUE(s.IsBusy()) << s.ToString();
  EXPECT_NE(s.message().find(path_), std::string::npos) << s.ToString();
  EXPECT_EQ(second, nullptr);
}

TEST_F(QuoteStoreFsTest, StoreLockedByAnotherProcessIsBusy) {
  ASSERT_STATUS_OK(Open(path_, &store_));
  store_.reset();
  // A child process takes the lock the way LevelDB does (fcntl on LOCK)
  // and holds it until the parent closes the pipe.
  int ready[2];
  int done[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(done), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(ready[0]);
    close(done[1]);  // else the read below never sees end of file
    const int fd = open((path_ + "/LOCK").c_str(), O_RDWR | O_CREAT, 0644);
    struct flock lock = {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    const char ok = (fd >= 0 && fcntl(fd, F_SETLK, &lock) == 0) ? 1 : 0;
    if (write(ready[1], &ok, 1) != 1) _exit(2);
    char byte;
    while (read(done[0], &byte, 1) > 0) {
    }
    _exit(0);
  }
  close(done[0]);
  close(ready[1]);
  char ok = 0;
  ASSERT_EQ(read(ready[0], &ok, 1), 1);
  ASSERT_EQ(ok, 1) << "child could not lock the store";

  const Status s = Open(path_, &store_);
  EXPECT_TRUE(s.IsBusy()) << s.ToString();
  EXPECT_NE(s.message().find(path_), std::string::npos) << s.ToString();

  close(done[1]);
  int status = 0;
  waitpid(child, &status, 0);
  close(ready[0]);
  EXPECT_STATUS_OK(Open(path_, &store_));
}

TEST_F(QuoteStoreFsTest, PathThatIsAFileIsRefused) {
  const std::string file = dir_ + "/notes.txt";
  std::ofstream(file) << "not a store\n";
  const Status s = Open(file, &store_);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find(file), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("is a file"), std::string::npos) << s.ToString();
  EXPECT_EQ(store_, nullptr);
}

TEST_F(QuoteStoreFsTest, DirectoryOfOtherFilesIsRefused) {
  std::ofstream(dir_ + "/notes.txt") << "not a store\n";
  const Status s = Open(dir_, &store_);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find(dir_), std::string::npos) << s.ToString();
  std::ifstream current(dir_ + "/CURRENT");
  EXPECT_FALSE(current.good()) << "no LevelDB files created";
}

TEST_F(QuoteStoreFsTest, EmptyDirectoryBecomesAStore) {
  EXPECT_STATUS_OK(Open(dir_, &store_));
}

}  // namespace
}  // namespace quotes
