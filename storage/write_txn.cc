// Copyright The Quote Tracker Authors.

#include "storage/write_txn.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "leveldb/db.h"
#include "leveldb/write_batch.h"
#include "storage/db_status.h"
#include "storage/keys.h"

namespace quotes {
namespace {

// The first eight bytes of "key" as a big-endian number (zeros past its
// end): keys with different heads compare as their heads do.
uint64_t KeyHead(const std::string& key) {
  uint64_t head = 0;
  for (size_t i = 0; i < 8; ++i) {
    head = head << 8 | (i < key.size() ? static_cast<uint8_t>(key[i]) : 0);
  }
  return head;
}

// A rough count of the memory an entry takes: the strings and the hash
// node around them.
size_t EntryBytes(const std::string& key,
                  const std::optional<std::string>& value) {
  return key.size() + (value ? value->size() : 0) + 96;
}

}  // namespace

const std::optional<std::string>* RecordCache::Find(
    const std::string& key) const {
  const auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

void RecordCache::Set(const std::string& key,
                      std::optional<std::string> value) {
  if (!Caches(key)) return;
  auto [it, inserted] = entries_.try_emplace(key);
  if (!inserted) bytes_ -= EntryBytes(key, it->second);
  bytes_ += EntryBytes(key, value);
  it->second = std::move(value);
  // All at once: simpler than keeping an order of use, and rare (the
  // records of a corpus's words and speakers fit many times over).
  if (bytes_ + derived_bytes_ > max_bytes_) Clear();
}

void RecordCache::Clear() {
  entries_.clear();
  bytes_ = 0;
  ForgetDerived();
}

const RecordCache::Derived* RecordCache::FindDerived(
    const std::string& key) const {
  const auto it = derived_.find(key);
  return it == derived_.end() ? nullptr : &it->second;
}

void RecordCache::SetDerived(const std::string& key, Derived derived) {
  const size_t bytes = EntryBytes(key, derived.basis) + derived.result.size();
  auto [it, inserted] = derived_.try_emplace(key);
  if (!inserted) {
    derived_bytes_ -=
        EntryBytes(key, it->second.basis) + it->second.result.size();
  }
  derived_bytes_ += bytes;
  it->second = std::move(derived);
  if (bytes_ + derived_bytes_ > max_bytes_) Clear();
}

void RecordCache::ForgetDerived() {
  derived_.clear();
  derived_bytes_ = 0;
}

Status WriteTxn::Get(const std::string& key, std::string* value, bool* found) {
  const auto it = writes_.find(key);
  if (it != writes_.end()) {
    *found = it->second.has_value();
    if (*found) *value = *it->second;
    return Status::OK();
  }
  if (cache_ != nullptr && cache_->Caches(key)) {
    if (const std::optional<std::string>* known = cache_->Find(key)) {
      *found = known->has_value();
      if (*found) *value = **known;
      return Status::OK();
    }
  }
  const leveldb::Status s = db_->Get(leveldb::ReadOptions(), key, value);
  *found = s.ok();
  if (!s.ok() && !s.IsNotFound()) return FromLevelDb(s, "read");
  if (cache_ != nullptr) {
    cache_->Set(key,
                *found ? std::optional<std::string>(*value) : std::nullopt);
  }
  return Status::OK();
}

void WriteTxn::Put(const std::string& key, std::string value) {
  writes_[key] = std::move(value);
}

void WriteTxn::Delete(const std::string& key) { writes_[key] = std::nullopt; }

void WriteTxn::AddToCount(const std::string& key, int64_t delta) {
  count_deltas_[key] += delta;
}

Status WriteTxn::Commit(bool sync) {
  for (const auto& [key, delta] : count_deltas_) {
    if (delta == 0) continue;
    std::string value;
    bool found = false;
    const Status s = Get(key, &value, &found);
    if (!s.ok()) {
      writes_.clear();
      count_deltas_.clear();
      return s;
    }
    const int64_t count = (found && value.size() == 8)
                              ? static_cast<int64_t>(DecodeFixed64(value))
                              : 0;
    if (count + delta <= 0) {
      Delete(key);
      continue;
    }
    std::string encoded;
    PutFixed64(&encoded, static_cast<uint64_t>(count + delta));
    writes_[key] = std::move(encoded);
  }
  count_deltas_.clear();
  if (writes_.empty()) return Status::OK();
  // In key order: LevelDB inserts the batch into its memtable (a skip
  // list) one key after another, and a key next to the last one inserted
  // is found along a path still in the processor's cache.  Inserting a
  // large batch in hash order takes a cache miss at almost every step.
  // The sort compares the keys' first eight bytes as one number, which
  // settles most comparisons without reaching the strings.
  struct Item {
    uint64_t head;
    const std::pair<const std::string, std::optional<std::string>>* entry;
  };
  std::vector<Item> sorted;
  sorted.reserve(writes_.size());
  for (const auto& entry : writes_) {
    sorted.push_back(Item{KeyHead(entry.first), &entry});
  }
  std::sort(sorted.begin(), sorted.end(), [](const Item& a, const Item& b) {
    if (a.head != b.head) return a.head < b.head;
    return a.entry->first < b.entry->first;
  });
  leveldb::WriteBatch batch;
  for (const Item& item : sorted) {
    if (item.entry->second) {
      batch.Put(item.entry->first, *item.entry->second);
    } else {
      batch.Delete(item.entry->first);
    }
  }
  leveldb::WriteOptions options;
  options.sync = sync;
  const Status s = FromLevelDb(db_->Write(options, &batch), "write");
  if (cache_ != nullptr) {
    if (s.ok()) {
      for (auto& [key, value] : writes_) cache_->Set(key, std::move(value));
    } else {
      // The batch may or may not have reached the log (a failed sync):
      // forget everything rather than guess.
      cache_->Clear();
    }
  }
  writes_.clear();
  return s;
}

}  // namespace quotes
