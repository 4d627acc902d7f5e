// Copyright The Quote Tracker Authors.
//
// QuoteStore: attributed quotes, their documents and speakers in LevelDB,
// with indexes by speaker (any alias), word, time and document.
//
// Layout (one prefix byte a key space) and the normalisation rules are
// described in storage/README.md.  The store is the single writer of quote
// ids, speaker ids and canonical keys: callers pass quotes as the extractor
// returns them.
//
// Thread safety: a QuoteStore is safe for concurrent use by several threads
// (LevelDB serialises writes; AddDocument and AddDocuments take an internal
// lock so that their read-modify-write of shared records is atomic).  A
// QuoteIterator is not thread-safe and must not outlive its store.
//
// One process at a time: LevelDB locks the directory, and a second Open of
// a store held elsewhere returns a Busy status naming the path.

#ifndef STORAGE_QUOTE_STORE_H_
#define STORAGE_QUOTE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "proto/quote.pb.h"
#include "quotes/status.h"
#include "storage/similarity.h"

namespace leveldb {
class Env;
}  // namespace leveldb

namespace quotes {

// The on-disk schema this build reads and writes.  Open upgrades a store
// of version 1 (the word and stem postings are rebuilt from the records:
// storage/README.md) and refuses any other version (NotSupported), never
// misreading it.
inline constexpr int kStoreSchemaVersion = 2;

// A filter over stored quotes.  Every set field must hold (AND).
struct QuoteQuery {
  // Any spelling of a speaker's name, case-insensitive: "Macron",
  // "Emmanuel Macron" and "President Macron" select the same quotes.  A
  // name that designates several speakers ("Smith" for two people named
  // Smith) selects the quotes of all of them.  Empty: any speaker.
  std::string speaker;
  // Words that must all occur in the quote, case-insensitive; a part in
  // double quotes ("peace talks") must occur as a phrase.  Empty: any.
  // Text without a letter or digit ("!!!") is refused, not read as empty.
  std::string words;
  // Inclusive bounds on the first-seen publication date, as RFC 3339
  // dates or date-times ("2025-01-31").  Empty: unbounded.  Quotes with no
  // known date sort as the oldest and fail any "since".
  std::string since;
  std::string until;
  // An outlet that carried the quote (any of its sources), case-insensitive.
  std::string outlet;
  // KIND_UNSPECIFIED: any kind.
  QuoteKind kind = KIND_UNSPECIFIED;
  // Newest first by default.
  bool oldest_first = false;
};

// Iterates over the quotes matching a query, in order, reading the store
// lazily: memory stays flat however many quotes match.
//
//   std::unique_ptr<QuoteIterator> it;
//   Status s = store->NewQuoteIterator(query, "", &it);
//   for (; s.ok() && it->Valid(); it->Next()) Use(it->quote());
//   if (s.ok()) s = it->status();
class QuoteIterator {
 public:
  virtual ~QuoteIterator() = default;

  // True iff the iterator is positioned at a quote.
  virtual bool Valid() const = 0;
  // Moves to the next matching quote.  REQUIRES: Valid().
  virtual void Next() = 0;
  // The current quote.  REQUIRES: Valid().  The reference is valid until
  // the next call of Next().  Its speaker name is the stored speaker's
  // (Speaker.name, the longest form seen), whatever form the quote's
  // first source gave; the role is the speaker's first one when the quote
  // has none.  The mention stays as written.
  virtual const Quote& quote() const = 0;
  // An opaque continuation token: passed to NewQuoteIterator, it resumes
  // right after the current quote.  REQUIRES: Valid().
  virtual std::string cursor() const = 0;
  // OK unless an error ended the iteration early (Valid() is then false).
  virtual Status status() const = 0;
};

// Counts of the records in a store.
struct StoreStats {
  uint64_t documents = 0;
  uint64_t quotes = 0;
  uint64_t speakers = 0;
  // Sum over quotes of their sources.
  uint64_t sources = 0;
};

// A quotation as it circulates, to check against the store ("Did X
// really say that?").
struct VerifyRequest {
  // The claimed words.  Required: at least one word, at most
  // kMaxClaimBytes.
  std::string text;
  // The speaker the claim names, any spelling (as QuoteQuery::speaker).
  // Empty: no speaker is named.  Quotes of other speakers are found too.
  std::string speaker;
  // At most this many matches; 0: every match found.
  size_t max_matches = 5;
};

// The longest claim Verify accepts, in bytes.
inline constexpr size_t kMaxClaimBytes = 16 << 10;
// Verify reads at most this many similarity index entries, and compares
// the claim with at most this many stored quotes.
inline constexpr size_t kVerifyMaxPostings = 50000;
inline constexpr size_t kVerifyMaxCandidates = 64;

// A stored quote close to a claim.
struct VerifyMatch {
  // The stored record; sources(0) is the first source seen.  The speaker
  // is named as QuoteIterator::quote() says.
  Quote quote;
  // The claim against quote.text(): score, verdict, excerpt, negation and
  // the word diff (byte ranges index quote.text()).
  Comparison comparison;
  // True iff the claim names a speaker and this quote's speaker is one
  // that the name designates.
  bool speaker_matches = false;
};

struct VerifyResult {
  // Matches with a verdict other than kNotFound, best first: by verdict,
  // then the named speaker's quotes before others', then by score, then
  // by coverage.
  std::vector<VerifyMatch> matches;
  // The verdict of matches[0]; kNotFound when there is none.
  Verdict verdict = Verdict::kNotFound;
  // The speakers the claim's name designates; empty when the claim names
  // nobody or a name the store does not know.
  std::vector<Speaker> claimed_speakers;
  // The claim names a speaker, and the best match (exact or close
  // wording) is another speaker's: the words are real, the attribution is
  // not.
  bool wrong_speaker = false;
  // Work done: index entries read and stored quotes compared.  Both are
  // bounded whatever the store's size (no scan of all quotes).
  uint64_t postings_read = 0;
  uint64_t candidates = 0;
};

// What the words of a quote give the indexes: its canonical key, the
// stems it is posted under, each with the forms of it the quote holds,
// and the words it is posted under that have no stem.  They depend on the
// quote's text alone.
struct QuoteTerms {
  struct Stem {
    std::string stem;
    // FormByte (similarity.h) of each searchable word of the quote
    // whose WordStem is "stem", each once.
    std::string forms;
  };
  std::string canonical_key;
  // The WordStem of each searchable word that has one, sorted by stem,
  // each once: a superset of IndexStems(canonical_key).
  std::vector<Stem> stems;
  // The indexed words (IsIndexedWord) without a stem: function words,
  // negations and the like.  Sorted, each once.
  std::vector<std::string> words;
};

// The terms of "quote".  Pure and thread-safe.
QuoteTerms TermsOf(const Quote& quote);

class QuoteStore {
 public:
  struct Options {
    // The environment for file access.  Not owned; must outlive the store.
    // nullptr: leveldb::Env::Default().  Tests pass an in-memory or a
    // fault-injecting Env.
    leveldb::Env* env = nullptr;
    // Create the store when "path" holds none.
    bool create_if_missing = true;
    // fsync each write (AddDocument, AddDocuments) before it returns.
    // Without it a machine crash may lose the last documents, but never
    // half of one.
    bool sync = false;
    // LevelDB block cache, bytes.
    size_t block_cache_bytes = 8 << 20;
    // LevelDB write buffer, bytes: larger buffers speed up bulk ingest.
    size_t write_buffer_bytes = 8 << 20;
  };

  // Opens the store at "path".  On success stores it in *store and returns
  // OK.  A store of schema version 1 is upgraded first: its word and stem
  // postings are rebuilt from its records, one pass over every quote
  // (storage/README.md); its records are not touched.  On failure leaves
  // *store empty and returns: Busy when another process (or another open
  // in this one) holds the store, the message naming the path;
  // NotSupported when the store has a schema version other than 1 or
  // kStoreSchemaVersion, or the directory holds a LevelDB database that
  // is not a quote store; InvalidArgument when "path" is a file, or a
  // non-empty directory holding no store (nothing is created there);
  // NotFound when there is no store and create_if_missing is false;
  // IOError or Corruption otherwise.
  static Status Open(const Options& options, const std::string& path,
                     std::unique_ptr<QuoteStore>* store);

  QuoteStore() = default;
  QuoteStore(const QuoteStore&) = delete;
  QuoteStore& operator=(const QuoteStore&) = delete;
  virtual ~QuoteStore() = default;

  // What AddDocument did.
  struct AddResult {
    // The same document (id and text) was already stored: nothing changed.
    bool unchanged = false;
    // A document with this id but another text was stored and is replaced:
    // its old quotes lose this source (and vanish if it was their only one).
    bool replaced = false;
    // Quotes new to the store.
    int new_quotes = 0;
    // Quotes already stored from another document (same speaker, same
    // words): this document was added as a source.
    int merged_quotes = 0;
    // Speakers new to the store.
    int new_speakers = 0;
  };

  // Stores "doc" and "quotes" in one atomic write: afterwards the document
  // and all its quotes and index entries are stored, or (on error) none of
  // them.  "quotes" are as Extractor::Extract returns them: each has one
  // source whose offsets index doc.text(); the store fills ids, speaker ids
  // and canonical keys.  Storing the same document again changes nothing.
  // A quote whose speaker is unknown or an unresolved pronoun is stored
  // without a speaker id, findable by words, dates and outlet.  "result"
  // may be nullptr.  Returns InvalidArgument for a document without an id,
  // IOError naming the document when the write fails.  After a failed
  // write the document is absent, or whole if its batch reached the log
  // before a failed sync; LevelDB then refuses further writes until the
  // store is reopened.
  virtual Status AddDocument(const Document& doc,
                             const std::vector<Quote>& quotes,
                             AddResult* result) = 0;

  // A document and its quotes, as AddDocument takes them.  Not owned.
  struct DocumentQuotes {
    const Document* doc = nullptr;
    const std::vector<Quote>* quotes = nullptr;
    // nullptr, or TermsOf(q) for each q of *quotes, in order: derived by
    // the caller (in parallel, as ingest's extraction threads do), they
    // spare the store's single writer that work.  A list of another size
    // is InvalidArgument.
    const std::vector<QuoteTerms>* terms = nullptr;
  };

  // Stores each of "docs" in order, as AddDocument would, all in one
  // atomic write: afterwards every one of them is stored, or (on error)
  // none.  This is how bulk ingest should write: records that documents
  // share (word and stem counts, speakers, aliases, the stats) are read
  // and written once a call rather than once a document, and LevelDB
  // appends one log record.  A document's changes are seen by the later
  // ones (a doc_id given twice: the second replaces or equals the
  // first).  Fills "results" (may be nullptr) with one AddResult a
  // document, in order.  Errors as AddDocument's; the IOError names the
  // first and last documents.  On error *results holds empty AddResults.
  virtual Status AddDocuments(const std::vector<DocumentQuotes>& docs,
                              std::vector<AddResult>* results) = 0;

  // Returns an iterator over the quotes matching "query", resuming after
  // "cursor" when it is not empty.  InvalidArgument for a malformed query
  // or cursor (bad date, empty phrase, words with nothing to search for).
  // The quotes carry their speakers' stored names (QuoteIterator::quote()).
  // The caller owns the iterator.
  virtual Status NewQuoteIterator(const QuoteQuery& query,
                                  const std::string& cursor,
                                  std::unique_ptr<QuoteIterator>* it) = 0;

  // If a quote with "id" exists, stores it in *quote and returns OK;
  // otherwise leaves *quote unchanged and returns NotFound.  The speaker's
  // name and role are filled in as QuoteIterator::quote() says.
  virtual Status GetQuote(const std::string& id, Quote* quote) = 0;

  // As GetQuote, for documents by doc id.
  virtual Status GetDocument(const std::string& doc_id, Document* doc) = 0;

  // Calls "fn" for each speaker whose name or an alias contains "match"
  // (case-insensitive; empty matches all), in name order, until "fn"
  // returns false.
  virtual Status ForEachSpeaker(
      const std::string& match,
      const std::function<bool(const Speaker&)>& fn) = 0;

  // Stores in *speakers the speakers that "name" (any alias, any case,
  // titles ignored) designates; empty when none.
  virtual Status FindSpeakers(const std::string& name,
                              std::vector<Speaker>* speakers) = 0;

  virtual Status GetStats(StoreStats* stats) = 0;

  // Finds the stored quotes closest to the claim "request.text" and fills
  // *result (see VerifyResult), reading one consistent snapshot.
  // Candidates come from the similarity index (storage/README.md, key
  // space "v"): the claim's rarest words first, at most
  // kVerifyMaxPostings index entries and kVerifyMaxCandidates quotes, so
  // the cost does not grow with the number of quotes.  A claim that finds
  // nothing is not an error (result->verdict is kNotFound).
  // InvalidArgument for a claim without words or over kMaxClaimBytes;
  // IOError or Corruption when a read fails.
  virtual Status Verify(const VerifyRequest& request,
                        VerifyResult* result) = 0;
};

}  // namespace quotes

#endif  // STORAGE_QUOTE_STORE_H_
