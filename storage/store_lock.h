// Copyright The Quote Tracker Authors.
//
// Who holds a store.  LevelDB takes an fcntl write lock on the store's
// LOCK file for as long as a process has it open, so a second process is
// refused (QuoteStore::Open returns Busy); the kernel can name the holder,
// which lets the refusal say which process to wait for.

#ifndef STORAGE_STORE_LOCK_H_
#define STORAGE_STORE_LOCK_H_

#include <string>

namespace quotes {

// "pid 4242, quotes ingest --db /srv/db news.jsonl" for the process that
// holds the store at "path" (its command line cut to about 120 bytes), or
// "pid 4242" when its command line cannot be read.  Empty when no other
// process holds it: the store is free, open in this process (a process
// does not conflict with its own lock), or the holder cannot be told (a
// lock on another host of a network file system).  Thread-safe.
std::string StoreLockHolder(const std::string& path);

}  // namespace quotes

#endif  // STORAGE_STORE_LOCK_H_
