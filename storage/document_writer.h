// Copyright The Quote Tracker Authors.
//
// DocumentWriter: the read-modify-write of one AddDocument, expressed as
// changes to a WriteTxn.  It replaces an older version of the document,
// merges each quote into the stored one with the same words and speaker,
// keeps sources in first-seen order, maintains speakers and their aliases,
// every posting list, the word, stem and outlet counts and the stats
// record.
//
// Nothing is written until the caller commits the WriteTxn, so a failure at
// any step leaves the store untouched.  Not thread-safe: one writer at a
// time (QuoteStore holds a lock around it).

#ifndef STORAGE_DOCUMENT_WRITER_H_
#define STORAGE_DOCUMENT_WRITER_H_

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "proto/quote.pb.h"
#include "quotes/status.h"
#include "storage/quote_store.h"

namespace google {
namespace protobuf {
class MessageLite;
}  // namespace protobuf
}  // namespace google

namespace quotes {

class RecordCache;
class WriteTxn;

// What the records imply, shared by the writer, which keeps the indexes
// equal to it, and the checker (check.h), which verifies and rebuilds
// them, so that the two never disagree.

// The posting keys and counted terms a stored quote implies.  Deriving
// them from the record, rather than tracking them, lets every update be a
// diff of "before" and "after": a new quote, a moved date, a new outlet and
// a deleted quote all take the same path.
struct IndexEntries {
  // Keys of the posting spaces (t, p, w, o, x, v of storage/README.md),
  // sorted, each once.
  std::vector<std::string> keys;
  // Count keys (c) whose posting list holds the quote, sorted, each once.
  std::vector<std::string> counts;
};
IndexEntries EntriesOf(const Quote& quote);

// The id of the quote with "canonical_key" said by "speaker_id" (empty:
// unknown): FNV-1a 64 of both, 16 hex digits.
std::string QuoteIdFor(const std::string& canonical_key,
                       const std::string& speaker_id);

// Empty when "quote", read under key "q id", is stored under its own id
// (its id field and QuoteIdFor of its words and speaker); otherwise why
// not.  The checker reports such a record and a repair deletes it; the
// rebuild of the term postings passes over it.
std::string WhyMisfiled(std::string_view id, const Quote& quote);

// The alias keys under which a form of a name finds its speaker.  People
// are found by the name without titles and by the surname; organisations
// by the name as written (stripping "General" from "General Motors" would
// be wrong).  Never the empty key.
std::set<std::string> AliasKeysFor(const std::string& form, SpeakerType type);

class DocumentWriter {
 public:
  // "txn" and "cache" (may be nullptr) are not owned; "cache" must be the
  // one "txn" reads through, where the writer keeps what it derives from
  // records.  "now_unix" stamps the document and its sources
  // (ingested_unix).
  DocumentWriter(WriteTxn* txn, RecordCache* cache, int64_t now_unix)
      : txn_(txn), cache_(cache), now_unix_(now_unix) {}

  DocumentWriter(const DocumentWriter&) = delete;
  DocumentWriter& operator=(const DocumentWriter&) = delete;

  // Records in the WriteTxn the changes that store "doc" and "quotes" (as
  // QuoteStore::AddDocument describes) and fills *result.  Makes no change
  // when the same document is already stored (result->unchanged).
  // REQUIRES: "result" is not nullptr.
  // InvalidArgument for a document without an id; IOError or Corruption
  // when a read fails.  Call once per DocumentWriter.
  // "terms": nullptr, or TermsOf each quote (QuoteStore::DocumentQuotes).
  Status Add(const Document& doc, const std::vector<Quote>& quotes,
             const std::vector<QuoteTerms>* terms,
             QuoteStore::AddResult* result);

 private:
  Status RemoveDocument(const Document& old);
  Status AddQuote(const Document& doc, const Quote& quote,
                  const QuoteTerms* terms, QuoteStore::AddResult* result,
                  std::string* id);

  // Speakers.
  Status ResolveSpeaker(const SpeakerRef& ref, std::string* speaker_id);
  Status UniqueFullNameFor(const std::string& surname, std::string* speaker_id);
  Status UpdateSpeaker(const std::string& speaker_id, const SpeakerRef& ref,
                       bool new_quote, QuoteStore::AddResult* result);
  Status ReleaseSpeaker(const std::string& speaker_id);
  Status AddAliases(const std::string& form, const Speaker& speaker);
  Status EditAliasList(const std::string& alias, const std::string& speaker_id,
                       bool add);

  // Reads the record under "key" into *record; *found false when absent.
  Status GetRecord(const std::string& key,
                   google::protobuf::MessageLite* record, bool* found);

  // Quotes and their index entries.
  // "terms": the terms of "updated", or nullptr to derive them.
  Status PutQuote(const Quote* old, const Quote* updated,
                  const QuoteTerms* terms);

  // Speakers whose name or type changed, or that were deleted: what the
  // cache derived from speakers (surnames) no longer holds.
  void SpeakersChanged();

  WriteTxn* const txn_;
  RecordCache* const cache_;
  const int64_t now_unix_;
  StoreStats stats_;
  // Speakers deleted by this document's replacement: if the new version
  // names them again they are not new to the store.
  std::set<std::string> released_speakers_;
};

}  // namespace quotes

#endif  // STORAGE_DOCUMENT_WRITER_H_
