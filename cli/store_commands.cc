// Copyright The Quote Tracker Authors.
//
// The commands that read the store: query, export, speakers and show.  All
// of them stream: quotes are printed as the store's iterator yields them,
// never collected first.

#include <algorithm>

#include "cli/commands_internal.h"
#include "cli/output.h"
#include "cli/query_support.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/delimited_message_util.h"

namespace quotes {

namespace {

// The query's iterator over an opened store, or an error status.
Status StartQuery(const QueryFlags& flags, std::unique_ptr<QuoteStore>* store,
                  std::unique_ptr<QuoteIterator>* it) {
  QueryFilters filters;
  filters.speaker = flags.speaker;
  filters.words = flags.words;
  filters.since = flags.since;
  filters.until = flags.until;
  filters.outlet = flags.outlet;
  filters.kind = flags.kind;
  filters.oldest_first = flags.oldest_first;
  QuoteQuery query;
  QUOTES_RETURN_IF_ERROR(BuildQuoteQuery(filters, "--", &query));
  QUOTES_RETURN_IF_ERROR(OpenStore(flags.db, /*create=*/false, store));
  return (*store)->NewQuoteIterator(query, flags.cursor, it);
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
  FillMissingContexts(store.get(), &quote);
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
