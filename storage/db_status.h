// Copyright The Quote Tracker Authors.
//
// Conversion of LevelDB's Status into the project's at the storage
// boundary, so that leveldb types never reach a public header.

#ifndef STORAGE_DB_STATUS_H_
#define STORAGE_DB_STATUS_H_

#include <string_view>

#include "quotes/status.h"

namespace leveldb {
class Status;
}  // namespace leveldb

namespace quotes {

// The same code and message; "subject" (a path, a key space) is put first
// when not empty.  LevelDB's code prefix ("IO error: ") is dropped, since
// Status::ToString adds ours.
Status FromLevelDb(const leveldb::Status& status,
                   std::string_view subject = {});

// True iff "status" is LevelDB's failure to lock a database directory
// ("IO error: lock /x/LOCK: Resource temporarily unavailable", or "...:
// already held by process" within one process).
bool IsLockError(const leveldb::Status& status);

}  // namespace quotes

#endif  // STORAGE_DB_STATUS_H_
