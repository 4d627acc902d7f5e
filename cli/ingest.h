// Copyright The Quote Tracker Authors.
//
// Reading documents and storing their quotes: the pipeline behind `quotes
// ingest`, also run by `quotes serve` for POST /api/ingest, so that a
// document posted to the server is read, extracted and stored exactly as
// one given on the command line.
//
// Inputs are read and split into records on the calling thread, parsed and
// extracted in worker threads, and stored in input order by one sink
// thread, the store's single writer (cli/pipeline.h).  `quotes extract`
// shares the reading half (SubmitInputs).
//
// Thread safety: the functions may run in several threads at once, each
// call with its own callbacks; the callbacks of one call run on one thread
// at a time.

#ifndef CLI_INGEST_H_
#define CLI_INGEST_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "proto/quote.pb.h"
#include "quotes/document_reader.h"
#include "quotes/extractor.h"
#include "quotes/status.h"
#include "storage/quote_store.h"

namespace quotes {

// Past this much input in flight the reader waits for the workers: enough
// to keep every core busy on news-sized documents.
inline constexpr size_t kMaxPendingBytes = size_t{256} << 20;

// "FILE:LINE", or "FILE" for plain text and input-wide errors.
std::string Where(const DocumentRecord& record);

// "status" with "where: " in front of its message, the code kept.
Status Located(const Status& status, const std::string& where);

// "requested" threads, or one a core when it is 0 or less.
int ThreadCount(int requested);

// Records go to the workers in batches: one hand-off per record would cost
// more in thread wake-ups than extracting a short article.
using RecordBatch = std::vector<DocumentRecord>;

// Reads every input of "paths" in order ("-": stdin) and hands its records
// to "submit" in batches, with their size in bytes.  An error that ends an
// input (missing file, empty input) goes along as a record holding the
// error.  With a non-empty "name", every record and message names "name"
// instead of the path: it is the document id of a JSON line without
// "doc_id" ("NAME:LINE").  Returns false if "submit" returned false.
bool SubmitInputs(const std::vector<std::string>& paths,
                  const DocumentReader::Options& options,
                  const std::string& name,
                  const std::function<bool(RecordBatch, size_t)>& submit);

// What an ingest did.
struct IngestTally {
  uint64_t read = 0;  // documents read whole, stored or unchanged
  uint64_t added = 0;
  uint64_t replaced = 0;
  uint64_t unchanged = 0;
  uint64_t new_quotes = 0;
  uint64_t merged_quotes = 0;
  uint64_t new_speakers = 0;
  uint64_t bytes = 0;                       // input consumed
  std::map<std::string, uint64_t> skipped;  // count by short reason

  uint64_t skipped_count() const;
};

struct IngestOptions {
  DocumentReader::Options reader;
  // Extraction threads; 0: one a core.
  int threads = 0;
  // As SubmitInputs' "name"; empty: each input's path.
  std::string name;
};

struct IngestCallbacks {
  // A record or input that was skipped, with its located error
  // ("FILE:LINE: malformed JSON ...").  May be empty.
  std::function<void(const Status&)> skipped;
  // A document that was read whole and written, or found unchanged, with
  // what the store did and the tally so far.  May be empty.
  std::function<void(const Document&, const QuoteStore::AddResult&,
                     const IngestTally&)>
      stored;
};

// Reads "paths" (see SubmitInputs), extracts the quotes of each document
// with "extractor" and stores the document with its quotes in "store", in
// input order, in atomic writes of a batch of documents each
// (QuoteStore::AddDocuments): a document is stored whole or not at all.  Bad records are skipped and
// counted in *tally; the others still go in.  Returns OK, or the store's
// error, located at the document, that stopped the run (a failing store
// fails every later write too).  Not owned: "extractor", "store".
Status IngestInputs(const std::vector<std::string>& paths,
                    const IngestOptions& options, const Extractor& extractor,
                    QuoteStore* store, const IngestCallbacks& callbacks,
                    IngestTally* tally);

// The summary `quotes ingest` prints: the store written to, documents,
// quotes, speakers and skipped inputs with their reasons, a line each.
std::string IngestSummary(const std::string& store_path,
                          const IngestTally& tally);

}  // namespace quotes

#endif  // CLI_INGEST_H_
