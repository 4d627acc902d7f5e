// Copyright The Quote Tracker Authors.
//
// Value encodings of the store besides the protobuf records: the stats and
// schema-version meta records and the speaker id lists of the alias index,
// plus the parsing and dating of stored records.

#ifndef STORAGE_RECORDS_H_
#define STORAGE_RECORDS_H_

#include <cstdint>
#include <optional>
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

// Names of the meta records (under KeySpace::kMeta).
inline constexpr char kSchemaVersionName[] = "schema_version";
inline constexpr char kStatsName[] = "stats";

// Stats: four fixed64 counts (documents, quotes, speakers, sources).
std::string EncodeStats(const StoreStats& stats);
// Corruption when "value" is not an encoded StoreStats.
Status DecodeStats(std::string_view value, StoreStats* stats);

// Speaker ids of one alias, "\n"-separated (ids never hold a newline).
std::vector<std::string> SplitIdList(std::string_view value);
std::string JoinIdList(const std::vector<std::string>& ids);

// Parses a stored protobuf record; Corruption naming "key" when it does not
// parse.
Status ParseRecord(std::string_view key, const std::string& value,
                   google::protobuf::MessageLite* record);

// The publication time of a source; nullopt when unknown or malformed.
std::optional<int64_t> SourceTime(const Source& source);

// The time a quote is filed under: that of its first-seen source.
std::optional<int64_t> QuoteTime(const Quote& quote);

// True iff "a" was seen before "b": a known date before an unknown one,
// an earlier date before a later one.  Equal dates are not ordered (the
// caller keeps ingest order).
bool SeenBefore(const Source& a, const Source& b);

}  // namespace quotes

#endif  // STORAGE_RECORDS_H_
