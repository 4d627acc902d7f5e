// Copyright The Quote Tracker Authors.
//
// StoreLockHolder: the process that holds a store is named by its pid and
// command line; a free store, and one held by this process, by nobody.

#include "storage/store_lock.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "storage/quote_store.h"
#include "tests/store_test_util.h"

namespace quotes {
namespace {

std::string NewStorePath() {
  std::string pattern = testing::TempDir() + "/store_lock_XXXXXX";
  EXPECT_NE(mkdtemp(pattern.data()), nullptr);
  return pattern + "/db";
}

TEST(StoreLockHolder, NobodyHoldsAFreeOrMissingStore) {
  const std::string path = NewStorePath();
  EXPECT_EQ(StoreLockHolder(path), "");
  std::unique_ptr<QuoteStore> store;
  ASSERT_STATUS_OK(QuoteStore::Open(QuoteStore::Options(), path, &store));
  // This process's own lock does not conflict with itself.
  EXPECT_EQ(StoreLockHolder(path), "");
  store.reset();
  EXPECT_EQ(StoreLockHolder(path), "");
}

TEST(StoreLockHolder, NamesTheProcessHoldingTheStore) {
  const std::string path = NewStorePath();
  int ready[2];
  int done[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(done), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(done[1]);  // else the read below never sees the end
    std::unique_ptr<QuoteStore> store;
    const bool opened =
        QuoteStore::Open(QuoteStore::Options(), path, &store).ok();
    char c = opened ? 'y' : 'n';
    if (write(ready[1], &c, 1) != 1) _exit(1);
    if (read(done[0], &c, 1) < 0) _exit(1);
    _exit(0);
  }
  close(done[0]);
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  const std::string holder = StoreLockHolder(path);
  EXPECT_EQ(holder.rfind("pid " + std::to_string(child) + ", ", 0), 0u)
      << holder;
  // The command line: this test's binary, by its path.
  EXPECT_GT(holder.size(), ("pid " + std::to_string(child) + ", /").size())
      << holder;
  std::unique_ptr<QuoteStore> second;
  EXPECT_TRUE(QuoteStore::Open(QuoteStore::Options(), path, &second).IsBusy());
  close(done[1]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_EQ(StoreLockHolder(path), "");
}

}  // namespace
}  // namespace quotes
