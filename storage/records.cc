// Copyright The Quote Tracker Authors.

#include "storage/records.h"

#include <google/protobuf/message_lite.h>

#include "storage/dates.h"
#include "storage/keys.h"

namespace quotes {

std::string EncodeStats(const StoreStats& stats) {
  std::string value;
  PutFixed64(&value, stats.documents);
  PutFixed64(&value, stats.quotes);
  PutFixed64(&value, stats.speakers);
  PutFixed64(&value, stats.sources);
  return value;
}

Status DecodeStats(std::string_view value, StoreStats* stats) {
  if (value.size() != 32) {
    return Status::Corruption("stats record", "wrong size");
  }
  stats->documents = DecodeFixed64(value.substr(0, 8));
  stats->quotes = DecodeFixed64(value.substr(8, 8));
  stats->speakers = DecodeFixed64(value.substr(16, 8));
  stats->sources = DecodeFixed64(value.substr(24, 8));
  return Status::OK();
}

std::vector<std::string> SplitIdList(std::string_view value) {
  std::vector<std::string> ids;
  size_t start = 0;
  while (start < value.size()) {
    size_t end = value.find('\n', start);
    if (end == std::string_view::npos) end = value.size();
    if (end > start) ids.emplace_back(value.substr(start, end - start));
    start = end + 1;
  }
  return ids;
}

std::string JoinIdList(const std::vector<std::string>& ids) {
  std::string value;
  for (const std::string& id : ids) {
    if (!value.empty()) value.push_back('\n');
    value.append(id);
  }
  return value;
}

Status ParseRecord(std::string_view key, const std::string& value,
                   google::protobuf::MessageLite* record) {
  if (record->ParseFromString(value)) return Status::OK();
  // Keys may hold binary bytes; hex keeps the message printable.
  return Status::Corruption("unreadable record", HexEncode(key));
}

std::optional<int64_t> SourceTime(const Source& source) {
  int64_t seconds = 0;
  if (source.published().empty() ||
      !ParseTimestamp(source.published(), &seconds)) {
    return std::nullopt;
  }
  return seconds;
}

std::optional<int64_t> QuoteTime(const Quote& quote) {
  if (quote.sources_size() == 0) return std::nullopt;
  return SourceTime(quote.sources(0));
}

bool SeenBefore(const Source& a, const Source& b) {
  const std::optional<int64_t> ta = SourceTime(a);
  const std::optional<int64_t> tb = SourceTime(b);
  if (!ta) return false;
  if (!tb) return true;
  return *ta < *tb;
}

}  // namespace quotes
