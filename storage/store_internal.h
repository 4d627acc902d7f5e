// Copyright The Quote Tracker Authors.
//
// StoreInternals: the parts of an open QuoteStore that the store's own
// maintenance code (storage/check.cc) needs and the public interface does
// not show.  Not an API: only files of storage/ include this header.

#ifndef STORAGE_STORE_INTERNAL_H_
#define STORAGE_STORE_INTERNAL_H_

#include <mutex>
#include <string>

namespace leveldb {
class DB;
}  // namespace leveldb

namespace quotes {

class QuoteStore;
class RecordCache;

struct StoreInternals {
  // The database.  Not owned; valid while the store is open.
  leveldb::DB* db = nullptr;
  // Held by AddDocument around its read-modify-write: whoever rewrites
  // records holds it too, so that no document is written meanwhile.
  std::mutex* write_mutex = nullptr;
  // The writer's cache of records (guarded by *write_mutex): whoever
  // writes records other than through AddDocuments clears it.
  RecordCache* record_cache = nullptr;
  // The store's directory, for messages.
  std::string path;
  // QuoteStore::Options::sync.
  bool sync = false;
};

// Fills *internals for a store made by QuoteStore::Open and returns true;
// returns false for any other implementation of QuoteStore.
bool GetStoreInternals(QuoteStore* store, StoreInternals* internals);

}  // namespace quotes

#endif  // STORAGE_STORE_INTERNAL_H_
