// Copyright The Quote Tracker Authors.

#include "storage/db_status.h"

#include <string>

#include "leveldb/status.h"

namespace quotes {
namespace {

// LevelDB's Status::ToString starts with the code's name; ours adds its
// own, so keep the message alone.
std::string MessageOf(const leveldb::Status& status) {
  std::string text = status.ToString();
  static constexpr std::string_view kPrefixes[] = {
      "NotFound: ",         "Corruption: ", "Not implemented: ",
      "Invalid argument: ", "IO error: ",
  };
  for (const std::string_view prefix : kPrefixes) {
    if (text.compare(0, prefix.size(), prefix) == 0) {
      return text.substr(prefix.size());
    }
  }
  return text;
}

}  // namespace

Status FromLevelDb(const leveldb::Status& status, std::string_view subject) {
  if (status.ok()) return Status::OK();
  const std::string message = MessageOf(status);
  const std::string_view first = subject.empty() ? message : subject;
  const std::string_view second =
      subject.empty() ? std::string_view() : message;
  if (status.IsNotFound()) return Status::NotFound(first, second);
  if (status.IsCorruption()) return Status::Corruption(first, second);
  if (status.IsNotSupportedError()) return Status::NotSupported(first, second);
  if (status.IsInvalidArgument()) {
    return Status::InvalidArgument(first, second);
  }
  return Status::IOError(first, second);
}

bool IsLockError(const leveldb::Status& status) {
  if (!status.IsIOError()) return false;
  const std::string text = status.ToString();
  return text.find("lock ") != std::string::npos &&
         text.find("LOCK") != std::string::npos;
}

}  // namespace quotes
