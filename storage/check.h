// Copyright The Quote Tracker Authors.
//
// CheckStore and RepairStore: the store's records against its indexes.
//
// The records are the documents (d), quotes (q) and speakers (s); every
// other key space of storage/README.md is derived from them: postings by
// time, speaker, word, outlet and document (t p w o x), the similarity
// index (v), speaker names (n), aliases (a), the posting counts (c) and
// the stats record (m stats).
// AddDocument keeps all of them in step, one atomic batch a document, so a
// store that was only ever written by AddDocument (and killed, or out of
// disk, at any moment) checks clean.  CheckStore verifies exactly that:
//
//   * every record parses and sits under its own key (a quote's id is the
//     hash of its words and speaker);
//   * every document is whole: each of its quotes is stored and has the
//     document as a source; every source of a quote names a stored
//     document that lists the quote, once;
//   * every quote has a source; every speaker id of a quote is a stored
//     speaker whose quote count is the number of its quotes;
//   * every index entry a record implies is there, and every index entry
//     there is implied by a record (none points at a missing record);
//   * every count equals the length of its posting list, and the stats
//     record equals the numbers of records.
//
// Keys of spaces this build does not know are counted and left alone.
//
// RepairStore rebuilds the derived key spaces from the records.  What the
// records themselves lack cannot be rebuilt, so it is removed instead: a
// document that is not whole is deleted (ingesting it again brings it
// back whole), a source whose document is absent is dropped, a quote left
// without a source is deleted, and a speaker missing for its quotes is
// made again from them.
//
// Thread safety: CheckStore reads one snapshot and may run while other
// threads use the store.  RepairStore holds the store's writer lock.

#ifndef STORAGE_CHECK_H_
#define STORAGE_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "quotes/status.h"
#include "storage/quote_store.h"

namespace quotes {

// One inconsistency found by CheckStore.
struct CheckProblem {
  enum class Kind {
    // A record, count or stats value that does not parse.
    kUnreadableRecord,
    // A record under another key than its own id, or a quote id that is
    // not the hash of the quote's words and speaker.
    kMisfiledRecord,
    // A document one of whose quotes is missing or lacks it as a source.
    kPartialDocument,
    // A quote's source whose document is absent, does not list the quote,
    // or appears twice.
    kDanglingSource,
    kQuoteWithoutSource,
    // A quote whose speaker id has no speaker record.
    kMissingSpeaker,
    // A speaker with no quote, or whose quote count is wrong.
    kSpeakerQuoteCount,
    // An index entry a record implies is absent.
    kMissingIndexEntry,
    // An index entry no record implies: its record is missing or says
    // otherwise.
    kStaleIndexEntry,
    // A key of a known space that does not have the space's layout.
    kMalformedKey,
    // A count or the stats record differs from what the records give.
    kWrongCount,
  };
  Kind kind;
  // The key concerned, readable (see DescribeKey).
  std::string key;
  // What is wrong, for people.
  std::string detail;
};

// A short lower-case name of "kind" ("partial document").
const char* ProblemKindName(CheckProblem::Kind kind);

struct CheckOptions {
  // CheckReport::problems keeps at most this many problems; all of them
  // are counted.
  size_t max_listed_problems = 1000;
};

struct CheckReport {
  // The records found: documents, quotes, speakers and the sum of the
  // quotes' sources (what the stats record should say).
  StoreStats records;
  // Keys in each key space, by its prefix byte, unknown spaces included.
  std::map<char, uint64_t> keys;
  // Keys of spaces this build does not know: counted, never checked.
  uint64_t unknown_keys = 0;
  // Every problem found, and how many of each kind.
  uint64_t problem_count = 0;
  std::map<CheckProblem::Kind, uint64_t> problems_by_kind;
  // The first CheckOptions::max_listed_problems problems, in the order
  // found.
  std::vector<CheckProblem> problems;

  bool consistent() const { return problem_count == 0; }
};

// Verifies "store" as the file comment describes and fills *report
// (cleared first).  Returns OK whether or not problems were found (see
// report->consistent()); IOError or Corruption when LevelDB cannot read
// the store, InvalidArgument when "store" was not made by
// QuoteStore::Open.
Status CheckStore(QuoteStore* store, const CheckOptions& options,
                  CheckReport* report);

// What RepairStore changed.
struct RepairReport {
  // Records deleted because they were unreadable or misfiled, or (for
  // documents) not whole.
  uint64_t documents_removed = 0;
  uint64_t quotes_removed = 0;    // also those left without a source
  uint64_t speakers_removed = 0;  // also those left without a quote
  // Sources dropped from quotes that were kept.
  uint64_t sources_removed = 0;
  // Speakers made again from their quotes, and speakers whose quote count
  // was corrected.
  uint64_t speakers_restored = 0;
  uint64_t speakers_recounted = 0;
  // Keys of the derived spaces deleted and written by the rebuild.
  uint64_t index_keys_deleted = 0;
  uint64_t index_keys_written = 0;
  // The stats record as rewritten.
  StoreStats stats;
};

// Rebuilds the derived key spaces of "store" from its records, removing
// first what the records cannot support (see the file comment), and fills
// *report.  Afterwards CheckStore finds no problem.  Not atomic: it writes
// in many batches (the last one synced), and if interrupted it leaves
// indexes that CheckStore reports and a second RepairStore rebuilds.
// IOError or Corruption when LevelDB fails, InvalidArgument when "store"
// was not made by QuoteStore::Open.
Status RepairStore(QuoteStore* store, RepairReport* report);

// "key" for people: the space byte, then the key's parts separated by
// " / " (a posting's sort key shown as its quote id), bytes that are not
// printable UTF-8 as \xNN.
std::string DescribeKey(std::string_view key);

}  // namespace quotes

#endif  // STORAGE_CHECK_H_
