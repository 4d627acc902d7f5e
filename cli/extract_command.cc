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
#include "cli/output.h"
#include "cli/pipeline.h"
#include "quotes/extractor.h"

namespace quotes {

namespace {

// Past this much input in flight the reader waits for the workers: enough
// to keep every core busy on news-sized documents.
constexpr size_t kMaxPendingBytes = size_t{256} << 20;

// "FILE:LINE", or "FILE" for plain text and input-wide errors.
std::string Where(const DocumentRecord& record) {
  return record.line > 0 ? record.source + ":" + std::to_string(record.line)
                         : record.source;
}

// "status" with "where: " in front of its message, the code kept.  The
// code is kept by finding the factory that makes it, so this stays right
// whatever the order of Status::Code; a code without a factory in this
// list keeps its message unlocated rather than change its code.
Status Located(const Status& status, const std::string& where) {
  using Factory = Status (*)(std::string_view, std::string_view);
  for (Factory make : {&Status::NotFound, &Status::InvalidArgument,
                       &Status::Corruption, &Status::IOError, &Status::Busy,
                       &Status::ResourceExhausted, &Status::NotSupported}) {
    if (make("", "").code() == status.code()) {
      return make(where, status.message());
    }
  }
  return status;
}

// A short reason for the summary of skipped inputs: the message without
// its location, cut before details such as a column or the parser's text.
std::string SkipReason(const Status& status, const std::string& where) {
  if (status.code() == Status::Code::kResourceExhausted) {
    return "over the size limit";
  }
  std::string reason = status.message();
  if (reason.compare(0, where.size() + 2, where + ": ") == 0) {
    reason.erase(0, where.size() + 2);
  }
  size_t cut = std::string::npos;
  for (const char* stop : {" at ", " (", ": ", ";", ","}) {
    cut = std::min(cut, reason.find(stop));
  }
  return reason.substr(0, cut);
}

int ThreadCount(int requested) {
  if (requested > 0) return requested;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

// Records go to the workers in batches: one hand-off per record would
// cost more in thread wake-ups than extracting a short article.
constexpr size_t kBatchRecords = 64;
constexpr size_t kBatchBytes = size_t{512} << 10;

using Batch = std::vector<DocumentRecord>;

// Reads every input in order and submits its records in batches (an error
// that ends an input goes along as a record holding the error).  Returns
// false if the pipeline stopped early.
template <typename Pipeline>
bool SubmitInputs(const std::vector<std::string>& files,
                  const DocumentReader::Options& options, Pipeline* pipeline) {
  Batch batch;
  size_t batch_bytes = 0;
  auto add = [&](DocumentRecord record) {
    batch_bytes += record.data.size();
    batch.push_back(std::move(record));
  };
  auto flush = [&]() {
    if (batch.empty()) return true;
    bool go_on = pipeline->Submit(std::move(batch), batch_bytes);
    batch = Batch();
    batch_bytes = 0;
    return go_on;
  };
  std::vector<std::string> inputs = files;
  if (inputs.empty()) inputs.push_back("-");
  for (const std::string& path : inputs) {
    std::unique_ptr<DocumentReader> reader;
    Status s = DocumentReader::Open(path, options, &reader);
    DocumentRecord record;
    while (s.ok() && reader->NextRecord(&record, &s)) {
      add(std::move(record));
      record = DocumentRecord();
      if ((batch.size() >= kBatchRecords || batch_bytes >= kBatchBytes ||
           reader->NextMayWait()) &&
          !flush()) {
        return false;
      }
    }
    if (!s.ok()) {
      record = DocumentRecord();
      record.source = path == "-" ? "stdin" : path;
      record.error = s;
      add(std::move(record));
    }
  }
  return flush();
}

Status CreateExtractor(const InputFlags& flags,
                       std::unique_ptr<Extractor>* extractor) {
  Extractor::Options options;
  options.rules_path = flags.rules;
  options.max_document_bytes = flags.max_bytes;
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
  Status s = CreateExtractor(flags.input, &extractor);
  if (!s.ok()) {
    ReportError(io, s);
    return kExitError;
  }
  bool had_error = false;
  size_t quote_count = 0;
  OrderedPipeline<Batch, ExtractResult> pipeline(
      ThreadCount(flags.input.threads), kMaxPendingBytes,
      [&](Batch& batch, ExtractResult* result) {
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
  SubmitInputs(flags.input.files, ReaderOptions(flags.input, flags.jsonl),
               &pipeline);
  pipeline.Finish();
  int code =
      had_error ? kExitError : (quote_count == 0 ? kExitNothingFound : kExitOk);
  return Finish(io, code);
}

// ---------------------------------------------------------------------------
// ingest

namespace {

struct IngestResult {
  Status error;
  std::string where;
  Document doc;
  std::vector<Quote> quotes;
  size_t bytes = 0;
};

struct IngestTally {
  uint64_t read = 0;
  uint64_t added = 0;
  uint64_t replaced = 0;
  uint64_t unchanged = 0;
  uint64_t new_quotes = 0;
  uint64_t merged_quotes = 0;
  uint64_t new_speakers = 0;
  uint64_t bytes = 0;
  std::map<std::string, uint64_t> skipped;  // by reason
};

// What an ingest did, for people: the store it went to first, since that
// is often the default one and not named on the command line.
std::string Summary(const std::string& store_path, const IngestTally& t) {
  uint64_t skipped = 0;
  std::string reasons;
  for (const auto& [reason, n] : t.skipped) {
    skipped += n;
    reasons += (reasons.empty() ? "" : ", ") + std::to_string(n) + " " + reason;
  }
  std::string s = "store:     " + store_path + "\n";
  s += "documents: " + std::to_string(t.added + t.replaced) + " stored (" +
       std::to_string(t.added) + " new, " + std::to_string(t.replaced) +
       " replaced), " + std::to_string(t.unchanged) + " unchanged\n";
  s += "quotes:    " + std::to_string(t.new_quotes) + " new, " +
       std::to_string(t.merged_quotes) + " merged into stored quotes\n";
  s += "speakers:  " + std::to_string(t.new_speakers) + " new\n";
  s += "skipped:   " + std::to_string(skipped);
  if (skipped > 0) s += " (" + reasons + ")";
  s += "\n";
  return s;
}

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
  Status s = CreateExtractor(flags.input, &extractor);
  std::unique_ptr<QuoteStore> store;
  const std::string store_path = flags.db.empty() ? DefaultDbPath() : flags.db;
  if (s.ok()) s = OpenStore(store_path, /*create=*/true, &store);
  if (!s.ok()) {
    ReportError(io, s);
    return kExitError;
  }
  bool had_error = false;
  Status store_error;
  IngestTally tally;
  Progress progress(io);
  // Stores one extracted document; false when the store fails.
  auto store_one = [&](IngestResult& result) {
    tally.bytes += result.bytes;
    if (!result.error.ok()) {
      had_error = true;
      progress.Clear();
      ReportError(io, result.error);
      ++tally.skipped[SkipReason(result.error, result.where)];
      return true;
    }
    ++tally.read;
    QuoteStore::AddResult added;
    Status st = store->AddDocument(result.doc, result.quotes, &added);
    if (!st.ok()) {
      store_error = Located(st, result.where);
      return false;  // a failing store fails every later write too
    }
    if (added.unchanged) {
      ++tally.unchanged;
    } else if (added.replaced) {
      ++tally.replaced;
    } else {
      ++tally.added;
    }
    tally.new_quotes += added.new_quotes;
    tally.merged_quotes += added.merged_quotes;
    tally.new_speakers += added.new_speakers;
    progress.Update(tally);
    return true;
  };
  OrderedPipeline<Batch, std::vector<IngestResult>> pipeline(
      ThreadCount(flags.input.threads), kMaxPendingBytes,
      [&](Batch& batch, std::vector<IngestResult>* results) {
        results->resize(batch.size());
        for (size_t i = 0; i < batch.size(); ++i) {
          IngestResult& result = (*results)[i];
          result.where = Where(batch[i]);
          result.bytes = batch[i].data.size();
          Status st = ParseRecord(batch[i], &result.doc);
          if (st.ok()) {
            st = extractor->Extract(result.doc, &result.quotes);
            if (!st.ok()) st = Located(st, result.where);
          }
          result.error = st;
        }
      },
      [&](std::vector<IngestResult>& results) {
        for (IngestResult& result : results) {
          if (!store_one(result)) return false;
        }
        return true;
      });
  SubmitInputs(flags.input.files, ReaderOptions(flags.input, false), &pipeline);
  pipeline.Finish();
  progress.Clear();
  if (!store_error.ok()) {
    ReportError(io, store_error);
    io.out->Write(Summary(store_path, tally));
    return Finish(io, kExitError);
  }
  io.out->Write(Summary(store_path, tally));
  return Finish(io, had_error ? kExitError : kExitOk);
}

}  // namespace quotes
