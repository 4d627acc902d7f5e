// Copyright The Quote Tracker Authors.
//
// The similarity index of the store (key space "v", storage/README.md)
// and the search of QuoteStore::Verify over it.
//
// Every stored quote is posted under the light stems of its content words
// (similarity.h: IndexStems of its canonical key), and each stem's count
// of quotes is kept under "c v stem".  A claim looks its stems up, rarest
// first, adds up for each quote the inverse frequencies of the stems it
// shares, and compares itself word by word with the best-placed quotes
// only.  Rare words are what tell one statement from another, and their
// lists are short; reading stops as soon as the leading quote's lead is
// more than the unread stems could give another, so the common words'
// long lists are seldom read at all.  The work is bounded by
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

// The meta record ("m similarity_index") naming the version of the index
// a store holds.  A store without it (written before the index existed)
// or with another version has its index rebuilt when opened.  Bump the
// version whenever IndexStems changes what it returns.
inline constexpr char kSimilarityIndexName[] = "similarity_index";
inline constexpr char kSimilarityIndexVersion[] = "1";

// "v" stem "\0" quote_id: one posting.  REQUIRES: "stem" holds no 0 byte.
std::string SimilarityKey(std::string_view stem, std::string_view quote_id);

// Appends to *keys the postings of the quote with id "quote_id" and to
// *counts the count keys ("c v stem") of its stems, which are
// IndexStems(canonical key): derived from the canonical key alone, so that
// a quote's entries change only when its words do.  Each is distinct.
void AddSimilarityEntries(const std::vector<std::string>& stems,
                          const std::string& quote_id,
                          std::vector<std::string>* keys,
                          std::vector<std::string>* counts);

// Makes sure the store's similarity index is complete and of this
// build's version: when the meta record is missing or names another
// version, deletes every "v" and "c v" key and posts every stored quote
// again, in batches, writing the meta record last (an interrupted rebuild
// starts over at the next open).  A new, empty store only gets the meta
// record.  "path" names the store in errors.
Status EnsureSimilarityIndex(leveldb::DB* db, const std::string& path);

// The search of QuoteStore::Verify (see its contract) over "db".
// "claimed" are the speakers request.speaker designates.
Status SearchSimilar(leveldb::DB* db, const std::string& path,
                     const VerifyRequest& request,
                     const std::vector<Speaker>& claimed, VerifyResult* result);

}  // namespace quotes

#endif  // STORAGE_SIMILARITY_INDEX_H_
