// Copyright The Quote Tracker Authors.
//
// Dates of quotes and queries.  The store keeps times as seconds since the
// Unix epoch (UTC), at a resolution of one second.
//
// Accepted forms: "YYYY", "YYYY-MM", "YYYY-MM-DD" and RFC 3339 date-times
// ("2025-01-31T10:00:00Z", "2025-01-31T12:00:00.5+02:00"); a date-time may
// omit the seconds or the offset (UTC then) and may use a space for "T".
//
// Pure functions; thread-safe.

#ifndef STORAGE_DATES_H_
#define STORAGE_DATES_H_

#include <cstdint>
#include <string_view>

#include "quotes/status.h"

namespace quotes {

// The seconds a date designates, both ends inclusive: "2025" is
// [2025-01-01T00:00:00Z, 2025-12-31T23:59:59Z]; a date-time is one second.
struct DateRange {
  int64_t first = 0;
  int64_t last = 0;
};

// Parses "text" into *range.  Returns InvalidArgument naming "text" when it
// is not one of the accepted forms or names an impossible date.
Status ParseDate(std::string_view text, DateRange* range);

// The first second of "text" when it parses (see ParseDate); false when it
// is empty or malformed, and the date is then unknown.
bool ParseTimestamp(std::string_view text, int64_t* seconds);

// Days since 1970-01-01 of a proleptic Gregorian date; "month" 1..12.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

}  // namespace quotes

#endif  // STORAGE_DATES_H_
