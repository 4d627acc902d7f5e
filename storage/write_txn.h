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

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "absl/container/flat_hash_map.h"
#include "quotes/status.h"

namespace leveldb {
class DB;
}  // namespace leveldb

namespace quotes {

// The values of small records that every document reads and rewrites
// (word and stem counts, speakers, alias lists, the stats), kept between
// transactions by the store's single writer: reading them back from
// LevelDB costs more than the rest of storing a quote.  Absent keys are
// kept too (a word not yet counted), since most reads of a new word find
// nothing.
//
// It is only right while every write to the store goes through WriteTxns
// that use it (QuoteStore's writer): WriteTxn::Commit updates it with the
// batch it wrote, and clears it when the write fails.  Memory: entries are
// dropped all at once when they pass "max_bytes", so it never holds more.
// Not thread-safe (the store's write lock guards it).
class RecordCache {
 public:
  // Caches the keys whose first byte is in "key_spaces".
  RecordCache(size_t max_bytes, std::string key_spaces)
      : max_bytes_(max_bytes), key_spaces_(std::move(key_spaces)) {}

  RecordCache(const RecordCache&) = delete;
  RecordCache& operator=(const RecordCache&) = delete;

  bool Caches(std::string_view key) const {
    return !key.empty() && key_spaces_.find(key[0]) != std::string::npos;
  }

  // The cached state of "key": nullptr when unknown, else a pointer (valid
  // until the next change) to the value, nullopt for an absent key.
  const std::optional<std::string>* Find(const std::string& key) const;

  // Records that "key" holds "value" (nullopt: absent).  Ignores keys it
  // does not cache.
  void Set(const std::string& key, std::optional<std::string> value);

  // Forgets every value, count and derived result; the cache is no longer
  // complete.
  void Clear();

  // Reads every record of the cached key spaces and every count (keys
  // whose first byte is "count_space") from "db" and marks the cache
  // complete.  When they would take more than half of "max_bytes", or the
  // scan fails, the cache is left empty and not complete: reads then reach
  // LevelDB, which reports a damaged record where one is read, as without
  // the load.
  void LoadAll(leveldb::DB* db, char count_space);

  // True while the cache holds every record of its key spaces and every
  // count the database holds: a key it does not know is then absent, and
  // its read need not reach LevelDB, where a read that finds nothing
  // searches the memtables and every level.  Only LoadAll makes it so;
  // it lasts until Clear, and the store loads the cache once, so a store
  // that loses it (a failed write, a repair, more records than the
  // budget) reads through to LevelDB from then on.
  bool complete() const { return complete_; }

  // Counts (the fixed64 values of KeySpace::kCount keys, 0 for an absent
  // key), kept apart from the values above as plain numbers: a batch reads
  // and rewrites thousands of them, and one lookup of a number costs less
  // than the lookups, copies and encodings of a value.  FindCount returns
  // false when the count of "key" is unknown.
  bool FindCount(const std::string& key, uint64_t* count) const;
  void SetCount(const std::string& key, uint64_t count);

  // A result the writer derives from several records (the speaker that a
  // surname alone designates), kept with the value of the record it starts
  // from ("basis", the surname's alias list): it holds while that record
  // has that value and the others it read do not change.  The writer calls
  // ForgetDerived when one of those others changes; Clear forgets them
  // too, so they never outlive the cached values.
  struct Derived {
    std::string basis;
    std::string result;
    // How many of the records "basis" names gave a result, counted up to
    // 2 (an ambiguous surname): when the record grows by appended names,
    // only those are read to bring the result up to date.
    int matches = 0;
  };
  // nullptr when nothing is kept under "key"; else valid until the next
  // change.
  const Derived* FindDerived(const std::string& key) const;
  void SetDerived(const std::string& key, Derived derived);
  void ForgetDerived();

 private:
  const size_t max_bytes_;
  const std::string key_spaces_;
  absl::flat_hash_map<std::string, std::optional<std::string>> entries_;
  absl::flat_hash_map<std::string, uint64_t> counts_;
  std::unordered_map<std::string, Derived> derived_;
  size_t bytes_ = 0;
  size_t derived_bytes_ = 0;
  bool complete_ = false;
};

class WriteTxn {
 public:
  // "db" and "cache" (may be nullptr) are not owned and must outlive the
  // WriteTxn.  Reads of keys the cache knows do not reach "db".
  explicit WriteTxn(leveldb::DB* db, RecordCache* cache = nullptr)
      : db_(db), cache_(cache) {}

  WriteTxn(const WriteTxn&) = delete;
  WriteTxn& operator=(const WriteTxn&) = delete;

  // Sets *found and, when found, stores in *value the value of "key" as
  // this transaction left it (or as stored).  IOError or Corruption when
  // the read fails.
  Status Get(const std::string& key, std::string* value, bool* found);

  void Put(std::string key, std::string value);
  void Delete(const std::string& key);

  // Adds "delta" to the count under "key" (a fixed64, absent when zero) at
  // Commit, which reads each count once and writes it once however many
  // documents of the batch changed it: a batch changes the same word
  // counts thousands of times.  A count that would fall to zero or below
  // is deleted.  REQUIRES: "key" is changed only through AddToCount in
  // this transaction, and not read through Get before Commit; the cache
  // does not cache "key" as a value (its counts are kept apart).
  void AddToCount(const std::string& key, int64_t delta);

  // Number of keys changed so far (counts not included).
  size_t size() const { return writes_.size(); }

  // Applies the count changes, then writes every change in one WriteBatch
  // ("sync": fsync before returning).  Either all changes are durable or
  // none is applied: IOError or Corruption when reading a count or the
  // write fails.  The cache learns the changes, or is cleared when the
  // write fails.
  Status Commit(bool sync);

 private:
  leveldb::DB* const db_;
  RecordCache* const cache_;
  // nullopt: deleted.  Hashed rather than ordered: a batch of documents
  // looks up tens of thousands of keys, and LevelDB sorts them anyway.
  // Open addressing (absl) rather than std::unordered_map's chained
  // nodes: a lookup in a large table then takes one or two cache misses
  // instead of three or four, which made a tenth of ingest's time.
  absl::flat_hash_map<std::string, std::optional<std::string>> writes_;
  // The summed AddToCount changes.
  absl::flat_hash_map<std::string, int64_t> count_deltas_;
};

}  // namespace quotes

#endif  // STORAGE_WRITE_TXN_H_
