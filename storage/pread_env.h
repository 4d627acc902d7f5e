// Copyright The Quote Tracker Authors.
//
// NewPreadEnv: a leveldb::Env that reads table files with pread(2)
// instead of mapping them.
//
// LevelDB's POSIX Env maps up to 1000 table files into memory.  Every
// page a read touches then counts in the process's resident memory until
// the kernel reclaims it, so the resident size of a long ingest grows with
// the store (the merges of quotes carried by many documents read their
// records back from every level): 74 MB of mapped store after 300 MB of
// input.  Read with pread, the same pages stay in the kernel's page cache,
// where other processes may use them, and the process keeps only its
// block cache.
//
// Everything else (writing, locking, threads, time) is the base Env's.
// File descriptors: one stays open a table file while LevelDB's table
// cache holds it, up to a fifth of the process's limit (as LevelDB's own
// Env); past that, each read opens and closes the file.
//
// Thread-safe, as every leveldb::Env.

#ifndef STORAGE_PREAD_ENV_H_
#define STORAGE_PREAD_ENV_H_

#include <memory>

namespace leveldb {
class Env;
}  // namespace leveldb

namespace quotes {

// "base" is not owned and must outlive the returned Env.  Only for an Env
// on the real file system (the default): the files are opened by path.
std::unique_ptr<leveldb::Env> NewPreadEnv(leveldb::Env* base);

}  // namespace quotes

#endif  // STORAGE_PREAD_ENV_H_
