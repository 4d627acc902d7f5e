// Copyright The Quote Tracker Authors.
//
// QuoteScan: the QuoteIterator of the store.  It walks one or more posting
// lists (several when a name designates several speakers) in sort-key
// order, merging them, and keeps the quotes whose record passes the query.
// Every posting list is ordered by (inverted time, quote id), so the date
// bounds and the cursor become a key range: the scan seeks straight to its
// start and stops at its end, holding one LevelDB iterator per list and
// one record at a time.

#ifndef STORAGE_QUOTE_SCAN_H_
#define STORAGE_QUOTE_SCAN_H_

#include <memory>
#include <string>
#include <vector>

#include "storage/quote_query.h"
#include "storage/quote_store.h"

namespace leveldb {
class DB;
}  // namespace leveldb

namespace quotes {

struct ScanPlan {
  // PostingPrefix of each posting list to merge; none: nothing matches.
  std::vector<std::string> prefixes;
  ParsedQuery query;
};

// Returns an iterator over the quotes of "plan", reading a snapshot of "db"
// taken now.  "db" is not owned and must outlive the iterator.
std::unique_ptr<QuoteIterator> NewQuoteScan(leveldb::DB* db, ScanPlan plan);

}  // namespace quotes

#endif  // STORAGE_QUOTE_SCAN_H_
