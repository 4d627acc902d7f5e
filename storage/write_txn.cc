// Copyright The Quote Tracker Authors.

#include "storage/write_txn.h"

#include "leveldb/db.h"
#include "leveldb/write_batch.h"
#include "storage/db_status.h"

namespace quotes {

Status WriteTxn::Get(const std::string& key, std::string* value, bool* found) {
  const auto it = writes_.find(key);
  if (it != writes_.end()) {
    *found = it->second.has_value();
    if (*found) *value = *it->second;
    return Status::OK();
  }
  const leveldb::Status s = db_->Get(leveldb::ReadOptions(), key, value);
  *found = s.ok();
  if (s.ok() || s.IsNotFound()) return Status::OK();
  return FromLevelDb(s, "read");
}

void WriteTxn::Put(const std::string& key, std::string value) {
  writes_[key] = std::move(value);
}

void WriteTxn::Delete(const std::string& key) { writes_[key] = std::nullopt; }

Status WriteTxn::Commit(bool sync) {
  if (writes_.empty()) return Status::OK();
  leveldb::WriteBatch batch;
  for (const auto& [key, value] : writes_) {
    if (value) {
      batch.Put(key, *value);
    } else {
      batch.Delete(key);
    }
  }
  leveldb::WriteOptions options;
  options.sync = sync;
  const Status s = FromLevelDb(db_->Write(options, &batch), "write");
  writes_.clear();
  return s;
}

}  // namespace quotes
