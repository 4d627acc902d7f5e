// Copyright The Quote Tracker Authors.
//
// The stem postings of the store (key space "v", storage/README.md), which
// word queries and QuoteStore::Verify both read, their rebuild, and the
// search of Verify over them.
//
// Every stored quote is posted under the stems of its words (similarity.h:
// WordStem; a superset of IndexStems of its canonical key), once for each
// form of the stem it holds: "v" stem "\0" form sort_key, with the form's
// byte (FormByte) before the sort key.  A stem's postings are thus one
// list a form, newest first like every posting list, which a query for
// that form reads alone; verification reads all of a stem's lists.  Each
// stem's count of quotes is kept under "c v stem".
//
// A claim looks its stems up, rarest first, adds up for each quote the
// inverse frequencies of the stems it shares, and compares itself word by
// word with the best-placed quotes only.  Rare words are what tell one
// statement from another, and their lists are short; reading stops as soon as
// the leading quote's lead is more than the unread stems could give another, so
// the common words' long lists are seldom read at all.  The work is bounded by
// kVerifyMaxPostings and kVerifyMaxCandidates, not by the store's size.
//
// The entries are written by DocumentWriter as part of each quote's
// index entries, in the document's single WriteBatch, so they follow
// every new, merged, replaced and deleted quote.
//
// Not thread-safe by itself: the store serialises the writers, and the
// search reads a snapshot.

#ifndef STORAGE_SIMILARITY_INDEX_H_
#define STORAGE_SIMILARITY_INDEX_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "proto/quote.pb.h"
#include "quotes/status.h"
#include "storage/quote_store.h"

namespace leveldb {
class DB;
}  // namespace leveldb

namespace quotes {

// The meta record ("m similarity_index") naming the version of the term
// postings (the stem postings "v" and the word postings "w", with their
// counts) a store holds.  A store without it (written before the index
// existed) or with another version has them rebuilt when opened.  Bump
// the version whenever WordStem, IndexStems, FormByte or the layout of
// these postings changes.  Version 1 posted every indexed word under "w"
// and the stems under "v" by quote id.
inline constexpr char kSimilarityIndexName[] = "similarity_index";
inline constexpr char kSimilarityIndexVersion[] = "2";

// Where the store posts a searchable word (normalize.h: SearchableWords),
// as the writer posts it and the query planner reads it: among the
// postings of its stem (similarity.h: WordStem), in the list of its form
// (FormByte); else, for an indexed word without a stem (IsIndexedWord:
// function words, negations), under the word itself ("w"); else (stop
// words) nowhere, queries then checking it against the record.
struct WordPlace {
  enum Kind { kNowhere, kStem, kWord } kind = kNowhere;
  std::string stem;  // kStem: WordStem(word)
  char form = 0;     // kStem: FormByte(word)
};
WordPlace PlaceOfWord(std::string_view word);

// "v" stem "\0" form: the prefix of the postings of one form of "stem".
// REQUIRES: "stem" holds no 0 byte.
std::string StemFormPrefix(std::string_view stem, char form);

// StemFormPrefix(stem, form) then "sort_key": one posting.
std::string SimilarityKey(std::string_view stem, char form,
                          std::string_view sort_key);

// The quote id of a stem posting whose stem prefix
// (PostingPrefix(kSimilarity, stem)) is "prefix_size" bytes long, as a
// number; false for a key without the layout.
bool StemPostingId(std::string_view key, size_t prefix_size, uint64_t* id);

// Appends to *keys the stem postings of a quote with sort key "sort_key",
// one for each form of each stem, and to *counts the count keys ("c v
// stem") of its stems.  Each is distinct.
void AddSimilarityEntries(const std::vector<QuoteTerms::Stem>& stems,
                          const std::string& sort_key,
                          std::vector<std::string>* keys,
                          std::vector<std::string>* counts);

// Makes sure the store's term postings (word and stem postings and their
// counts) are complete and of this build's version: when the meta record
// is missing or names another version, deletes every "w", "v", "c w" and
// "c v" key and posts every stored quote again (EntriesOf), in synced
// batches, writing the meta record last (an interrupted rebuild starts
// over at the next open).  A quote record that does not parse or is not
// stored under its own id is passed over, for `quotes check` to report and
// a repair to delete.  A new, empty store only gets the meta record.
// "path" names the store in errors.
Status EnsureTermPostings(leveldb::DB* db, const std::string& path);

// The search of QuoteStore::Verify (see its contract) over "db".
// "claimed" are the speakers request.speaker designates.
Status SearchSimilar(leveldb::DB* db, const std::string& path,
                     const VerifyRequest& request,
                     const std::vector<Speaker>& claimed, VerifyResult* result);

}  // namespace quotes

#endif  // STORAGE_SIMILARITY_INDEX_H_
