// Copyright The Quote Tracker Authors.
//
// QuoteScan: the QuoteIterator of the store.  Every posting list is ordered
// by sort key (inverted time, then quote id) and a quote has the same sort
// key in all of them, so a query is an intersection of sorted lists: the
// scan walks the shortest one (the driver) and seeks each other list to
// the driver's key, leaping ahead whenever a list skips it.  Only quotes
// present in every list are read and checked against the query's other
// conditions (phrases, stop words, kind).  The date bounds and the cursor
// become a key range: the scan seeks straight to its start and stops at
// its end.  Memory: one LevelDB iterator a list and one record.

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
  // Posting lists that must all hold a quote, the driver first.  Each list
  // is the union of one or more posting prefixes (several when a name
  // designates several speakers).  None: no quote matches.
  std::vector<std::vector<std::string>> lists;
  ParsedQuery query;
};

// Returns an iterator over the quotes of "plan", reading a snapshot of "db"
// taken now.  "db" is not owned and must outlive the iterator.
std::unique_ptr<QuoteIterator> NewQuoteScan(leveldb::DB* db, ScanPlan plan);

}  // namespace quotes

#endif  // STORAGE_QUOTE_SCAN_H_
