// Copyright The Quote Tracker Authors.
//
// `quotes extract` and `quotes ingest`: documents are read and split into
// records on the calling thread, parsed and extracted in worker threads,
// and handed in input order to one sink thread, which prints them
// (extract) or is the store's single writer (ingest).  Every message to
// stderr also goes through the sink thread, so messages keep input order
// and never interleave.

#include <chrono>
#include <cstdio>
#include <map>
#include <thread>

#include "cli/commands_internal.h"
#include "cli/ingest.h"
#include "cli/output.h"
#include "cli/pipeline.h"
#include "quotes/extractor.h"

namespace quotes {

namespace {

// "with_context": keep the sentences around each quote (the contract
// lines of extract --jsonl print none, so they need not be made).
Status CreateExtractor(const InputFlags& flags, bool with_context,
                       std::unique_ptr<Extractor>* extractor) {
  Extractor::Options options;
  options.rules_path = flags.rules;
  options.max_document_bytes = flags.max_bytes;
  if (!with_context) options.max_context_bytes = 0;
  return Extractor::Create(options, extractor);
}

// A usage error when the command would wait on an interactive stdin.
bool NeedsInput(const InputFlags& flags, const CommandIo& io,
                const char* command) {
  if (!flags.files.empty() || !io.in_is_terminal) return false;
  io.err->Write(std::string("quotes: no input: give a FILE, or pipe "
                            "documents to stdin\nUsage: quotes ") +
                command + " [OPTIONS] [FILE|-]...\n");
  io.err->Flush();
  return true;
}

DocumentReader::Options ReaderOptions(const InputFlags& flags, bool jsonl) {
  DocumentReader::Options options;
  options.max_record_bytes = flags.max_bytes;
  if (jsonl) options.format = DocumentReader::Format::kJsonLines;
  return options;
}

// ---------------------------------------------------------------------------
// extract

// The output of a batch: its text in input order, and the errors.
struct ExtractResult {
  std::vector<Status> errors;
  std::string output;
  size_t quotes = 0;
};

void ExtractOne(const Extractor& extractor, bool jsonl,
                const DocumentRecord& record, ExtractResult* result) {
  Document doc;
  std::vector<Quote> quotes;
  // The reader's statuses name their input already; the extractor's do not.
  Status s = ParseRecord(record, &doc);
  if (s.ok()) {
    s = extractor.Extract(doc, &quotes);
    if (!s.ok()) s = Located(s, Where(record));
  }
  if (!s.ok()) {
    result->errors.push_back(s);
    return;
  }
  result->quotes += quotes.size();
  if (quotes.empty()) return;
  std::string& out = result->output;
  if (jsonl) {
    for (const Quote& q : quotes) AppendContractLine(doc.doc_id(), q, &out);
    return;
  }
  out.append("== " + doc.doc_id() + " (" + std::to_string(quotes.size()) +
             (quotes.size() == 1 ? " quote)\n" : " quotes)\n"));
  for (const Quote& q : quotes) AppendExtractedText(q, &out);
  out.push_back('\n');
}

}  // namespace

int RunExtract(const ExtractFlags& flags, const CommandIo& io) {
  if (NeedsInput(flags.input, io, "extract")) return kExitError;
  std::unique_ptr<Extractor> extractor;
  Status s = CreateExtractor(flags.input, !flags.jsonl, &extractor);
  if (!s.ok()) {
    ReportError(io, s);
    return kExitError;
  }
  bool had_error = false;
  size_t quote_count = 0;
  OrderedPipeline<RecordBatch, ExtractResult> pipeline(
      ThreadCount(flags.input.threads), kMaxPendingBytes,
      [&](RecordBatch& batch, ExtractResult* result) {
        for (const DocumentRecord& record : batch) {
          ExtractOne(*extractor, flags.jsonl, record, result);
        }
      },
      [&](ExtractResult& result) {
        for (const Status& error : result.errors) {
          had_error = true;
          ReportError(io, error);
        }
        quote_count += result.quotes;
        io.out->Write(result.output);
        return !io.out->failed();
      });
  SubmitInputs(flags.input.files, ReaderOptions(flags.input, flags.jsonl), "",
               [&pipeline](RecordBatch batch, size_t bytes) {
                 return pipeline.Submit(std::move(batch), bytes);
               });
  pipeline.Finish();
  int code =
      had_error ? kExitError : (quote_count == 0 ? kExitNothingFound : kExitOk);
  return Finish(io, code);
}

// ---------------------------------------------------------------------------
// ingest

namespace {

// Progress on stderr, for runs long enough that silence would worry.
class Progress {
 public:
  explicit Progress(const CommandIo& io)
      : io_(io), start_(std::chrono::steady_clock::now()) {}

  void Update(const IngestTally& t) {
    if (!io_.err_is_terminal) return;
    auto now = std::chrono::steady_clock::now();
    double elapsed = std::chrono::duration<double>(now - start_).count();
    if (elapsed < 2.0 || now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    char line[160];
    std::snprintf(line, sizeof(line),
                  "\rquotes: ingest: %llu documents, %.1f MB, %.1f MB/s ",
                  static_cast<unsigned long long>(t.read), t.bytes / 1e6,
                  t.bytes / 1e6 / elapsed);
    io_.err->Write(line);
    io_.err->Flush();
    shown_ = true;
  }

  void Clear() {
    if (!shown_) return;
    io_.err->Write("\r\033[K");
    io_.err->Flush();
    shown_ = false;
  }

 private:
  const CommandIo& io_;
  const std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  bool shown_ = false;
};

}  // namespace

int RunIngest(const IngestFlags& flags, const CommandIo& io) {
  if (NeedsInput(flags.input, io, "ingest")) return kExitError;
  std::unique_ptr<Extractor> extractor;
  Status s = CreateExtractor(flags.input, true, &extractor);
  std::unique_ptr<QuoteStore> store;
  const std::string store_path = flags.db.empty() ? DefaultDbPath() : flags.db;
  if (s.ok()) s = OpenStore(store_path, /*create=*/true, &store);
  if (!s.ok()) {
    ReportError(io, s);
    return kExitError;
  }
  IngestOptions options;
  options.reader = ReaderOptions(flags.input, false);
  options.threads = flags.input.threads;
  Progress progress(io);
  IngestCallbacks callbacks;
  callbacks.skipped = [&](const Status& error) {
    progress.Clear();
    ReportError(io, error);
  };
  callbacks.stored = [&](const Document&, const QuoteStore::AddResult&,
                         const IngestTally& tally) { progress.Update(tally); };
  IngestTally tally;
  s = IngestInputs(flags.input.files, options, *extractor, store.get(),
                   callbacks, &tally);
  progress.Clear();
  if (!s.ok()) ReportError(io, s);
  io.out->Write(IngestSummary(store_path, tally));
  if (!s.ok()) return Finish(io, kExitError);
  return Finish(io, tally.skipped_count() > 0 ? kExitError : kExitOk);
}

}  // namespace quotes
