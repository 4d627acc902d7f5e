// Copyright The Quote Tracker Authors.

#include "cli/ingest.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "cli/pipeline.h"

namespace quotes {

namespace {

// "status" with its message replaced, the code kept.  The code is kept by
// finding the factory that makes it, so this stays right whatever the
// order of Status::Code; a code without a factory in this list keeps its
// message rather than change its code.
Status WithMessage(const Status& status, const std::string& message) {
  using Factory = Status (*)(std::string_view, std::string_view);
  for (Factory make : {&Status::NotFound, &Status::InvalidArgument,
                       &Status::Corruption, &Status::IOError, &Status::Busy,
                       &Status::ResourceExhausted, &Status::NotSupported}) {
    if (make("", "").code() == status.code()) return make(message, "");
  }
  return status;
}

// "status" naming "to" where its message starts with "from", the input's
// name as the reader knows it.
Status Renamed(const Status& status, const std::string& from,
               const std::string& to) {
  if (status.ok() || from == to ||
      status.message().compare(0, from.size(), from) != 0) {
    return status;
  }
  return WithMessage(status, to + status.message().substr(from.size()));
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

constexpr size_t kBatchRecords = 64;
constexpr size_t kBatchBytes = size_t{512} << 10;

// One document on its way from a worker to the store.
struct IngestResult {
  Status error;
  std::string where;
  Document doc;
  std::vector<Quote> quotes;
  // TermsOf each quote, derived here in the extraction threads rather
  // than by the store's single writer.
  std::vector<QuoteTerms> terms;
  size_t bytes = 0;
};

}  // namespace

std::string Where(const DocumentRecord& record) {
  return record.line > 0 ? record.source + ":" + std::to_string(record.line)
                         : record.source;
}

Status Located(const Status& status, const std::string& where) {
  return WithMessage(status, where + ": " + status.message());
}

int ThreadCount(int requested) {
  if (requested > 0) return requested;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

bool SubmitInputs(const std::vector<std::string>& paths,
                  const DocumentReader::Options& options,
                  const std::string& name,
                  const std::function<bool(RecordBatch, size_t)>& submit) {
  RecordBatch batch;
  size_t batch_bytes = 0;
  auto add = [&](DocumentRecord record) {
    batch_bytes += record.data.size();
    batch.push_back(std::move(record));
  };
  auto flush = [&]() {
    if (batch.empty()) return true;
    bool go_on = submit(std::move(batch), batch_bytes);
    batch = RecordBatch();
    batch_bytes = 0;
    return go_on;
  };
  std::vector<std::string> inputs = paths;
  if (inputs.empty()) inputs.push_back("-");
  for (const std::string& path : inputs) {
    const std::string reader_name = path == "-" ? "stdin" : path;
    const std::string shown = name.empty() ? reader_name : name;
    std::unique_ptr<DocumentReader> reader;
    Status s = DocumentReader::Open(path, options, &reader);
    DocumentRecord record;
    while (s.ok() && reader->NextRecord(&record, &s)) {
      record.source = shown;
      record.error = Renamed(record.error, reader_name, shown);
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
      record.source = shown;
      record.error = Renamed(s, reader_name, shown);
      add(std::move(record));
    }
  }
  return flush();
}

uint64_t IngestTally::skipped_count() const {
  uint64_t n = 0;
  for (const auto& [reason, count] : skipped) n += count;
  return n;
}

Status IngestInputs(const std::vector<std::string>& paths,
                    const IngestOptions& options, const Extractor& extractor,
                    QuoteStore* store, const IngestCallbacks& callbacks,
                    IngestTally* tally) {
  Status store_error;
  // Counts what the store did with one document and reports it.
  auto stored = [&](const IngestResult& result,
                    const QuoteStore::AddResult& added) {
    if (added.unchanged) {
      ++tally->unchanged;
    } else if (added.replaced) {
      ++tally->replaced;
    } else {
      ++tally->added;
    }
    tally->new_quotes += added.new_quotes;
    tally->merged_quotes += added.merged_quotes;
    tally->new_speakers += added.new_speakers;
    if (callbacks.stored) callbacks.stored(result.doc, added, *tally);
  };
  // Stores the documents of a batch in one write (AddDocuments), which
  // costs far less than a write each.  When that write fails they are
  // written one by one, so that the run stops at the document that failed
  // with the documents before it stored, as if each had been written
  // alone.  Returns false when the store fails.
  auto store_batch = [&](std::vector<IngestResult>& results) {
    std::vector<QuoteStore::DocumentQuotes> docs;
    for (const IngestResult& result : results) {
      if (result.error.ok()) {
        docs.push_back({&result.doc, &result.quotes, &result.terms});
      }
    }
    std::vector<QuoteStore::AddResult> added;
    const bool together = store->AddDocuments(docs, &added).ok();
    size_t next = 0;
    const auto skip = [&](const Status& error, const std::string& where) {
      ++tally->skipped[SkipReason(error, where)];
      if (callbacks.skipped) callbacks.skipped(error);
    };
    for (IngestResult& result : results) {
      tally->bytes += result.bytes;
      if (!result.error.ok()) {
        skip(result.error, result.where);
        continue;
      }
      QuoteStore::AddResult one;
      if (together) {
        one = added[next++];
      } else {
        const Status st = store->AddDocument(result.doc, result.quotes, &one);
        if (st.IsInvalidArgument()) {
          // The document is unfit to store (an id holding a 0 byte), not
          // the store unfit to write: skip it like a bad line and go on.
          skip(Located(st, result.where), result.where);
          continue;
        }
        if (!st.ok()) {
          store_error = Located(st, result.where);
          return false;
        }
      }
      ++tally->read;
      stored(result, one);
    }
    return true;
  };
  OrderedPipeline<RecordBatch, std::vector<IngestResult>> pipeline(
      ThreadCount(options.threads), kMaxPendingBytes,
      [&](RecordBatch& batch, std::vector<IngestResult>* results) {
        results->resize(batch.size());
        for (size_t i = 0; i < batch.size(); ++i) {
          IngestResult& result = (*results)[i];
          result.where = Where(batch[i]);
          result.bytes = batch[i].data.size();
          Status st = ParseRecord(batch[i], &result.doc);
          if (st.ok()) {
            st = extractor.Extract(result.doc, &result.quotes);
            if (!st.ok()) st = Located(st, result.where);
          }
          if (st.ok()) {
            result.terms.reserve(result.quotes.size());
            for (const Quote& quote : result.quotes) {
              result.terms.push_back(TermsOf(quote));
            }
          }
          result.error = st;
        }
      },
      [&](std::vector<IngestResult>& results) { return store_batch(results); });
  SubmitInputs(paths, options.reader, options.name,
               [&pipeline](RecordBatch batch, size_t bytes) {
                 return pipeline.Submit(std::move(batch), bytes);
               });
  pipeline.Finish();
  return store_error;
}

// What an ingest did, for people: the store it went to first, since that
// is often the default one and not named on the command line.
std::string IngestSummary(const std::string& store_path, const IngestTally& t) {
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

}  // namespace quotes
