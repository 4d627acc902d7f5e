// Copyright The Quote Tracker Authors.

#include "storage/store_lock.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

namespace quotes {
namespace {

constexpr size_t kMaxCommandBytes = 120;

// The command line of process "pid", its arguments joined by spaces.
std::string CommandLine(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline",
                   std::ios::binary);
  std::string args((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  while (!args.empty() && args.back() == '\0') args.pop_back();
  for (char& c : args) {
    if (c == '\0' || c == '\n' || c == '\r') c = ' ';
  }
  if (args.size() > kMaxCommandBytes) {
    args.resize(kMaxCommandBytes);
    args += "...";
  }
  return args;
}

}  // namespace

std::string StoreLockHolder(const std::string& path) {
  const int fd = open((path + "/LOCK").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string();
  struct flock lock = {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  const bool held = fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK &&
                    lock.l_pid > 0;
  close(fd);
  if (!held) return std::string();
  const std::string command = CommandLine(lock.l_pid);
  return "pid " + std::to_string(lock.l_pid) +
         (command.empty() ? "" : ", " + command);
}

}  // namespace quotes
