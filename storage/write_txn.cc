// Copyright The Quote Tracker Authors.

#include "storage/write_txn.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "leveldb/db.h"
#include "leveldb/iterator.h"
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
size_t EntryBytes(size_t key_size, size_t value_size) {
  return key_size + value_size + 96;
}

size_t EntryBytes(const std::string& key,
                  const std::optional<std::string>& value) {
  return EntryBytes(key.size(), value ? value->size() : 0);
}

// The same for a count kept as a number.
size_t CountBytes(const std::string& key) {
  return key.size() + sizeof(uint64_t) + 64;
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
  counts_.clear();
  bytes_ = 0;
  complete_ = false;
  ForgetDerived();
}

void RecordCache::LoadAll(leveldb::DB* db, char count_space) {
  Clear();
  std::unique_ptr<leveldb::Iterator> it(
      db->NewIterator(leveldb::ReadOptions()));
  for (const char space : key_spaces_ + count_space) {
    for (it->Seek(leveldb::Slice(&space, 1)); it->Valid(); it->Next()) {
      const leveldb::Slice key = it->key();
      if (key[0] != space) break;
      const leveldb::Slice value = it->value();
      std::string key_string = key.ToString();
      // Checked before the insert, which would otherwise clear the cache
      // on overflow and leave it missing records it claims to hold.
      const size_t bytes = space == count_space
                               ? CountBytes(key_string)
                               : EntryBytes(key.size(), value.size());
      if (bytes_ + bytes > max_bytes_ / 2) {
        Clear();
        return;
      }
      if (space == count_space) {
        // A count of another length reads as 0, as at commit.
        const std::string_view bytes_of_count(value.data(), value.size());
        SetCount(key_string,
                 value.size() == 8 ? DecodeFixed64(bytes_of_count) : 0);
      } else {
        Set(key_string, value.ToString());
      }
    }
  }
  if (!it->status().ok()) {
    Clear();
    return;
  }
  complete_ = true;
}

bool RecordCache::FindCount(const std::string& key, uint64_t* count) const {
  const auto it = counts_.find(key);
  if (it == counts_.end()) return false;
  *count = it->second;
  return true;
}

void RecordCache::SetCount(const std::string& key, uint64_t count) {
  auto [it, inserted] = counts_.try_emplace(key, count);
  if (!inserted) {
    it->second = count;
    return;
  }
  bytes_ += CountBytes(key);
  if (bytes_ + derived_bytes_ > max_bytes_) Clear();
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
    if (cache_->complete()) {
      *found = false;
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

void WriteTxn::Put(std::string key, std::string value) {
  writes_.insert_or_assign(std::move(key), std::move(value));
}

void WriteTxn::Delete(const std::string& key) { writes_[key] = std::nullopt; }

void WriteTxn::AddToCount(const std::string& key, int64_t delta) {
  count_deltas_[key] += delta;
}

Status WriteTxn::Commit(bool sync) {
  // The new value of each changed count, read once (from the cache when it
  // knows the count) and written once.
  struct CountWrite {
    const std::string* key;
    uint64_t value;  // 0: delete
    char encoded[8];
  };
  std::vector<CountWrite> counts;
  counts.reserve(count_deltas_.size());
  for (const auto& [key, delta] : count_deltas_) {
    if (delta == 0) continue;
    uint64_t count = 0;
    if (cache_ == nullptr ||
        !(cache_->FindCount(key, &count) || cache_->complete())) {
      std::string value;
      bool found = false;
      const Status s = Get(key, &value, &found);
      if (!s.ok()) {
        writes_.clear();
        count_deltas_.clear();
        return s;
      }
      count = (found && value.size() == 8) ? DecodeFixed64(value) : 0;
    }
    const int64_t after = static_cast<int64_t>(count) + delta;
    CountWrite write{&key, after > 0 ? static_cast<uint64_t>(after) : 0, {}};
    EncodeFixed64(write.encoded, write.value);
    counts.push_back(write);
  }
  if (writes_.empty() && counts.empty()) {
    count_deltas_.clear();
    return Status::OK();
  }
  // In key order: LevelDB inserts the batch into its memtable (a skip
  // list) one key after another, and a key next to the last one inserted
  // is found along a path still in the processor's cache.  Inserting a
  // large batch in hash order takes a cache miss at almost every step.
  // The sort compares the keys' first eight bytes as one number, which
  // settles most comparisons without reaching the strings.
  struct Item {
    uint64_t head;
    const std::string* key;
    const char* value;  // nullptr: delete
    size_t value_size;
  };
  std::vector<Item> sorted;
  sorted.reserve(writes_.size() + counts.size());
  for (const auto& [key, value] : writes_) {
    sorted.push_back(Item{KeyHead(key), &key, value ? value->data() : nullptr,
                          value ? value->size() : 0});
  }
  for (const CountWrite& write : counts) {
    sorted.push_back(Item{KeyHead(*write.key), write.key,
                          write.value > 0 ? write.encoded : nullptr, 8});
  }
  std::sort(sorted.begin(), sorted.end(), [](const Item& a, const Item& b) {
    if (a.head != b.head) return a.head < b.head;
    return *a.key < *b.key;
  });
  leveldb::WriteBatch batch;
  for (const Item& item : sorted) {
    if (item.value != nullptr) {
      batch.Put(*item.key, leveldb::Slice(item.value, item.value_size));
    } else {
      batch.Delete(*item.key);
    }
  }
  leveldb::WriteOptions options;
  options.sync = sync;
  const Status s = FromLevelDb(db_->Write(options, &batch), "write");
  if (cache_ != nullptr) {
    if (s.ok()) {
      for (auto& [key, value] : writes_) cache_->Set(key, std::move(value));
      for (const CountWrite& write : counts) {
        cache_->SetCount(*write.key, write.value);
      }
    } else {
      // The batch may or may not have reached the log (a failed sync):
      // forget everything rather than guess.
      cache_->Clear();
    }
  }
  writes_.clear();
  count_deltas_.clear();
  return s;
}

}  // namespace quotes
