// Copyright The Quote Tracker Authors.

#include "storage/pread_env.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

#include "leveldb/env.h"
#include "leveldb/slice.h"
#include "leveldb/status.h"

namespace quotes {
namespace {

leveldb::Status ErrnoStatus(const std::string& name, int error) {
  if (error == ENOENT) return leveldb::Status::NotFound(name, strerror(error));
  return leveldb::Status::IOError(name, strerror(error));
}

// How many table files may keep a descriptor open: a fifth of the soft
// limit, as LevelDB's own Env allows (the rest is for logs, the manifest
// and the rest of the process).
int MaxOpenTableFiles() {
  rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 50;
  if (limit.rlim_cur == RLIM_INFINITY) return 1 << 20;
  return static_cast<int>(limit.rlim_cur / 5);
}

class PreadFile : public leveldb::RandomAccessFile {
 public:
  // "fd" is owned, or -1 when no descriptor is kept (each read opens the
  // file).  "open_files" counts the descriptors kept; not owned.
  PreadFile(std::string name, int fd, std::atomic<int>* open_files)
      : name_(std::move(name)), fd_(fd), open_files_(open_files) {}

  ~PreadFile() override {
    if (fd_ < 0) return;
    close(fd_);
    open_files_->fetch_sub(1);
  }

  leveldb::Status Read(uint64_t offset, size_t n, leveldb::Slice* result,
                       char* scratch) const override {
    int fd = fd_;
    if (fd < 0) {
      fd = open(name_.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) return ErrnoStatus(name_, errno);
    }
    // A table file does not change once written: a short read is its end.
    size_t done = 0;
    int error = 0;
    while (done < n) {
      const ssize_t r = pread(fd, scratch + done, n - done, offset + done);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) error = errno;
      if (r <= 0) break;
      done += static_cast<size_t>(r);
    }
    if (fd_ < 0) close(fd);
    *result = leveldb::Slice(scratch, done);
    return error == 0 ? leveldb::Status::OK() : ErrnoStatus(name_, error);
  }

 private:
  const std::string name_;
  const int fd_;
  std::atomic<int>* const open_files_;
};

class PreadEnv : public leveldb::EnvWrapper {
 public:
  explicit PreadEnv(leveldb::Env* base)
      : leveldb::EnvWrapper(base), max_open_files_(MaxOpenTableFiles()) {}

  leveldb::Status NewRandomAccessFile(
      const std::string& name, leveldb::RandomAccessFile** result) override {
    *result = nullptr;
    const int fd = open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoStatus(name, errno);
    if (open_files_.fetch_add(1) < max_open_files_) {
      *result = new PreadFile(name, fd, &open_files_);
    } else {
      open_files_.fetch_sub(1);
      close(fd);
      *result = new PreadFile(name, -1, &open_files_);
    }
    return leveldb::Status::OK();
  }

 private:
  const int max_open_files_;
  std::atomic<int> open_files_{0};
};

}  // namespace

std::unique_ptr<leveldb::Env> NewPreadEnv(leveldb::Env* base) {
  return std::make_unique<PreadEnv>(base);
}

}  // namespace quotes
