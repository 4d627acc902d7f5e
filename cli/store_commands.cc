// Copyright The Quote Tracker Authors.
//
// The commands that read the store: query, export, speakers and show.  All
// of them stream: quotes are printed as the store's iterator yields them,
// never collected first.

#include <algorithm>

#include "cli/commands_internal.h"
#include "cli/output.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/delimited_message_util.h"

namespace quotes {

namespace {

// "2024" or "2024-03": whole years and months, which the store reads as
// bounds but a publication date never is.
bool IsYearOrMonth(const std::string& v) {
  auto digits = [&v](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      if (v[i] < '0' || v[i] > '9') return false;
    }
    return true;
  };
  if (v.size() == 4) return digits(0, 4);
  return v.size() == 7 && digits(0, 4) && v[4] == '-' && digits(5, 7) &&
         v.compare(5, 2, "01") >= 0 && v.compare(5, 2, "12") <= 0;
}

Status ReadDateFlag(const char* flag, const std::string& value,
                    std::string* out) {
  if (value.empty()) return Status::OK();
  if (IsYearOrMonth(value)) {
    *out = value;
  } else if (!NormalizeDate(value, out)) {
    return Status::InvalidArgument(
        flag, "cannot read the date '" + value +
                  "' (use 2019, 2019-05, 2019-05-03, 2019-05-03T10:00:00Z or "
                  "May 3, 2019)");
  }
  return Status::OK();
}

Status BuildQuery(const QueryFlags& flags, QuoteQuery* query) {
  query->speaker = flags.speaker;
  query->words = flags.words;
  query->outlet = flags.outlet;
  query->oldest_first = flags.oldest_first;
  QUOTES_RETURN_IF_ERROR(ReadDateFlag("--since", flags.since, &query->since));
  QUOTES_RETURN_IF_ERROR(ReadDateFlag("--until", flags.until, &query->until));
  if (flags.kind == "direct") {
    query->kind = DIRECT;
  } else if (flags.kind == "indirect") {
    query->kind = INDIRECT;
  } else if (flags.kind == "mixed") {
    query->kind = MIXED;
  } else if (!flags.kind.empty()) {
    return Status::InvalidArgument("--kind", "use direct, indirect or mixed");
  }
  return Status::OK();
}

// The query's iterator over an opened store, or an error status.
Status StartQuery(const QueryFlags& flags, std::unique_ptr<QuoteStore>* store,
                  std::unique_ptr<QuoteIterator>* it) {
  QuoteQuery query;
  QUOTES_RETURN_IF_ERROR(BuildQuery(flags, &query));
  QUOTES_RETURN_IF_ERROR(OpenStore(flags.db, /*create=*/false, store));
  return (*store)->NewQuoteIterator(query, flags.cursor, it);
}

// The sentence or two around [start, end) of "text", when the extractor
// stored no context: cut at paragraph breaks and sentence ends, at most
// kReach bytes each way, never inside a UTF-8 sequence.
std::string ContextAround(const std::string& text, size_t start, size_t end) {
  constexpr size_t kReach = 300;
  start = std::min(start, text.size());
  end = std::min(std::max(end, start), text.size());
  size_t from = start > kReach ? start - kReach : 0;
  for (size_t i = start; i > from; --i) {
    char c = text[i - 1];
    if (c == '\n' ||
        ((c == '.' || c == '!' || c == '?') && i < start && text[i] == ' ')) {
      from = i;
      break;
    }
  }
  size_t to = std::min(text.size(), end + kReach);
  for (size_t i = end; i < to; ++i) {
    char c = text[i];
    if (c == '\n') {
      to = i;
      break;
    }
    if ((c == '.' || c == '!' || c == '?') &&
        (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n')) {
      to = i + 1;
      break;
    }
  }
  auto on_boundary = [&text](size_t i) {
    return i >= text.size() ||
           (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  };
  while (!on_boundary(from)) ++from;
  while (!on_boundary(to)) --to;
  while (from < to && text[from] == ' ') ++from;
  return text.substr(from, to - from);
}

int StoreError(const CommandIo& io, const Status& status) {
  ReportError(io, status);
  return Finish(io, kExitError);
}

}  // namespace

int RunQuery(const QueryFlags& flags, const CommandIo& io) {
  std::unique_ptr<QuoteStore> store;
  std::unique_ptr<QuoteIterator> it;
  Status s = StartQuery(flags, &store, &it);
  if (!s.ok()) return StoreError(io, s);

  const bool json = flags.format == "json";
  const bool jsonl = flags.format == "jsonl";
  long long count = 0;
  std::string next_cursor;
  std::string item;
  if (json) io.out->Write("{\"quotes\":[");
  while (it->Valid() && !io.out->failed()) {
    item.clear();
    if (json || jsonl) {
      if (json && count > 0) item.push_back(',');
      if (!AppendMessageJson(it->quote(), &item)) {
        return StoreError(
            io, Status::Corruption(it->quote().id(), "not printable as JSON"));
      }
      if (jsonl) item.push_back('\n');
    } else {
      if (count > 0) item.push_back('\n');
      AppendQuoteSummary(it->quote(), &item);
    }
    io.out->Write(item);
    ++count;
    if (flags.limit > 0 && count == flags.limit) {
      // Whether a next page exists is known only by stepping past the last
      // quote shown, so its cursor is taken first.
      std::string cursor = it->cursor();
      it->Next();
      if (it->Valid()) next_cursor = cursor;
      break;
    }
    it->Next();
  }
  if (!it->status().ok()) return StoreError(io, it->status());
  if (json) {
    std::string tail = "],\"next_cursor\":";
    if (next_cursor.empty()) {
      tail += "null";
    } else {
      AppendJsonString(next_cursor, &tail);
    }
    io.out->Write(tail + "}\n");
  } else if (!next_cursor.empty() && !jsonl) {
    io.out->Write("\nmore: --cursor " + next_cursor + "\n");
  } else if (!next_cursor.empty()) {
    // JSON Lines carry quotes only: the page token goes beside them.
    io.err->Write("quotes: more results: --cursor " + next_cursor + "\n");
    io.err->Flush();
  }
  return Finish(io, count > 0 ? kExitOk : kExitNothingFound);
}

int RunExport(const QueryFlags& flags, const CommandIo& io) {
  const bool pb = flags.format == "pb";
  if (pb && io.out_is_terminal) {
    ReportError(
        io, Status::InvalidArgument("stdout",
                                    "is a terminal: redirect the pb feed to a "
                                    "file or a pipe, or use --format jsonl"));
    return kExitError;
  }
  std::unique_ptr<QuoteStore> store;
  std::unique_ptr<QuoteIterator> it;
  Status s = StartQuery(flags, &store, &it);
  if (!s.ok()) return StoreError(io, s);

  long long count = 0;
  std::string item;
  for (; it->Valid() && !io.out->failed(); it->Next()) {
    item.clear();
    if (pb) {
      google::protobuf::io::StringOutputStream stream(&item);
      if (!google::protobuf::util::SerializeDelimitedToZeroCopyStream(
              it->quote(), &stream)) {
        return StoreError(
            io, Status::Corruption(it->quote().id(), "cannot be serialized"));
      }
    } else {
      if (!AppendMessageJson(it->quote(), &item)) {
        return StoreError(
            io, Status::Corruption(it->quote().id(), "not printable as JSON"));
      }
      item.push_back('\n');
    }
    io.out->Write(item);
    if (++count == flags.limit) break;
  }
  if (!it->status().ok()) return StoreError(io, it->status());
  return Finish(io, count > 0 ? kExitOk : kExitNothingFound);
}

int RunSpeakers(const SpeakersFlags& flags, const CommandIo& io) {
  std::unique_ptr<QuoteStore> store;
  Status s = OpenStore(flags.db, /*create=*/false, &store);
  if (!s.ok()) return StoreError(io, s);
  const bool json = flags.format == "json";
  uint64_t count = 0;
  bool printable = true;
  std::string item;
  if (json) io.out->Write("{\"speakers\":[");
  s = store->ForEachSpeaker(flags.match, [&](const Speaker& speaker) {
    item.clear();
    if (json) {
      if (count > 0) item.push_back(',');
      printable = AppendMessageJson(speaker, &item);
    } else {
      AppendSpeakerText(speaker, &item);
    }
    io.out->Write(item);
    ++count;
    return printable && !io.out->failed();
  });
  if (!s.ok()) return StoreError(io, s);
  if (!printable) {
    return StoreError(io, Status::Corruption("speaker", "not printable"));
  }
  if (json) io.out->Write("]}\n");
  return Finish(io, count > 0 ? kExitOk : kExitNothingFound);
}

int RunShow(const ShowFlags& flags, const CommandIo& io) {
  std::unique_ptr<QuoteStore> store;
  Status s = OpenStore(flags.db, /*create=*/false, &store);
  if (!s.ok()) return StoreError(io, s);
  Quote quote;
  s = store->GetQuote(flags.id, &quote);
  if (s.IsNotFound()) {
    ReportError(io, Status::NotFound(flags.id, "no quote with this id"));
    return Finish(io, kExitNothingFound);
  }
  if (!s.ok()) return StoreError(io, s);
  // Older records, or an extractor that leaves it out, may lack the
  // context: cut it from the stored document instead.
  for (Source& source : *quote.mutable_sources()) {
    Document doc;
    if (!source.context().empty() ||
        !store->GetDocument(source.doc_id(), &doc).ok()) {
      continue;
    }
    source.set_context(ContextAround(doc.text(), source.content().start(),
                                     source.content().end()));
  }
  std::string text;
  if (flags.format == "json") {
    if (!AppendMessageJson(quote, &text)) {
      return StoreError(io, Status::Corruption(quote.id(), "not printable"));
    }
    text.push_back('\n');
  } else {
    AppendQuoteDetail(quote, &text);
  }
  io.out->Write(text);
  return Finish(io, kExitOk);
}

}  // namespace quotes
