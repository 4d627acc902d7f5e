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
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/quote_query.h"
#include "storage/quote_store.h"

namespace leveldb {
class DB;
class Snapshot;
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
// taken now.  "db" is not owned and must outlive the iterator.  Its quotes
// carry their speakers' stored names (SpeakerNames).
std::unique_ptr<QuoteIterator> NewQuoteScan(leveldb::DB* db, ScanPlan plan);

// Gives quotes read from the store the name of their stored speaker.  A
// quote record keeps the name as its first source gave it ("Brenner"),
// while the speaker's record holds the longest name seen ("Tomas
// Brenner"), which may come later: filling the name in when reading makes
// every quote of a speaker show one name.  The quote's role is filled too
// when it has none (the speaker's first role).  Quotes without a speaker
// id, or whose speaker record is missing, are left as they are.
//
// Reads go to "snapshot" (nullptr: the latest state).  Records read are
// kept, a few hundred at most, so a page of one speaker's quotes reads the
// speaker once.  Not thread-safe; "db" and "snapshot" are not owned and
// must outlive it.
class SpeakerNames {
 public:
  SpeakerNames(leveldb::DB* db, const leveldb::Snapshot* snapshot)
      : db_(db), snapshot_(snapshot) {}

  // IOError or Corruption when the speaker record cannot be read.
  Status Fill(Quote* quote);

 private:
  leveldb::DB* const db_;
  const leveldb::Snapshot* const snapshot_;
  // Name and first role by speaker id; an absent record as two empties.
  std::unordered_map<std::string, std::pair<std::string, std::string>> known_;
};

}  // namespace quotes

#endif  // STORAGE_QUOTE_SCAN_H_
