// Copyright The Quote Tracker Authors.
//
// WriteTxn: the changes of one AddDocument, read back before they are
// written.  A leveldb::WriteBatch cannot read its own writes, yet ingesting
// a document is a read-modify-write of shared records (a quote two outlets
// carried, a speaker's alias list, word counts) that may touch the same
// record twice.  WriteTxn keeps the changes in memory, answers reads from
// them first, and commits them all in a single WriteBatch, so that the
// document is stored whole or not at all.
//
// Not thread-safe: the store serialises writers around it.

#ifndef STORAGE_WRITE_TXN_H_
#define STORAGE_WRITE_TXN_H_

#include <map>
#include <optional>
#include <string>

#include "quotes/status.h"

namespace leveldb {
class DB;
}  // namespace leveldb

namespace quotes {

class WriteTxn {
 public:
  // "db" is not owned and must outlive the WriteTxn.
  explicit WriteTxn(leveldb::DB* db) : db_(db) {}

  WriteTxn(const WriteTxn&) = delete;
  WriteTxn& operator=(const WriteTxn&) = delete;

  // Sets *found and, when found, stores in *value the value of "key" as
  // this transaction left it (or as stored).  IOError or Corruption when
  // the read fails.
  Status Get(const std::string& key, std::string* value, bool* found);

  void Put(const std::string& key, std::string value);
  void Delete(const std::string& key);

  // Number of keys changed so far.
  size_t size() const { return writes_.size(); }

  // Writes every change in one WriteBatch ("sync": fsync before
  // returning).  Either all changes are durable or none is applied.
  Status Commit(bool sync);

 private:
  leveldb::DB* const db_;
  // nullopt: deleted.
  std::map<std::string, std::optional<std::string>> writes_;
};

}  // namespace quotes

#endif  // STORAGE_WRITE_TXN_H_
