// Copyright The Quote Tracker Authors.

#include "storage/dates.h"

#include <string>

namespace quotes {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

// A cursor over the text with small matching helpers; every Read* returns
// false without consuming input on a mismatch.
class DateParser {
 public:
  explicit DateParser(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }

  bool ReadChar(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  bool ReadAnyOf(std::string_view set, char* c) {
    if (pos_ < text_.size() && set.find(text_[pos_]) != set.npos) {
      *c = text_[pos_++];
      return true;
    }
    return false;
  }

  // Exactly "digits" decimal digits.
  bool ReadNumber(int digits, int* value) {
    if (pos_ + digits > text_.size()) return false;
    int v = 0;
    for (int i = 0; i < digits; ++i) {
      const char c = text_[pos_ + i];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    pos_ += digits;
    *value = v;
    return true;
  }

  void SkipDigits() {
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      ++pos_;
    }
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Reads "Z", "+HH:MM", "+HHMM" or nothing (UTC) into *offset seconds.
bool ReadOffset(DateParser* p, int64_t* offset) {
  *offset = 0;
  char sign = 0;
  if (p->ReadAnyOf("Zz", &sign) || p->AtEnd()) return true;
  if (!p->ReadAnyOf("+-", &sign)) return false;
  int hours = 0;
  int minutes = 0;
  if (!p->ReadNumber(2, &hours)) return false;
  p->ReadChar(':');
  if (!p->ReadNumber(2, &minutes) || hours > 23 || minutes > 59) return false;
  *offset = (hours * 60 + minutes) * 60;
  if (sign == '-') *offset = -*offset;
  return true;
}

// Reads "HH:MM[:SS[.fff]]" and an offset into seconds since midnight UTC
// (may fall outside one day once the offset applies).
bool ReadTimeOfDay(DateParser* p, int64_t* seconds) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!p->ReadNumber(2, &hour) || !p->ReadChar(':') ||
      !p->ReadNumber(2, &minute)) {
    return false;
  }
  if (p->ReadChar(':')) {
    if (!p->ReadNumber(2, &second)) return false;
    if (p->ReadChar('.')) p->SkipDigits();
  }
  // 60 admits a leap second; it folds into the next minute.
  if (hour > 23 || minute > 59 || second > 60) return false;
  int64_t offset = 0;
  if (!ReadOffset(p, &offset)) return false;
  *seconds = hour * 3600 + minute * 60 + second - offset;
  return true;
}

bool Parse(std::string_view text, DateRange* range) {
  DateParser p(text);
  int year = 0;
  int month = 1;
  int day = 1;
  if (!p.ReadNumber(4, &year)) return false;
  const bool has_month = p.ReadChar('-');
  if (has_month && (!p.ReadNumber(2, &month) || month < 1 || month > 12)) {
    return false;
  }
  const bool has_day = has_month && p.ReadChar('-');
  if (has_day &&
      (!p.ReadNumber(2, &day) || day < 1 || day > DaysInMonth(year, month))) {
    return false;
  }
  const int64_t start = DaysFromCivil(year, month, day) * kSecondsPerDay;
  char separator = 0;
  if (has_day && p.ReadAnyOf("Tt ", &separator)) {
    int64_t seconds = 0;
    if (!ReadTimeOfDay(&p, &seconds) || !p.AtEnd()) return false;
    range->first = range->last = start + seconds;
    return true;
  }
  if (!p.AtEnd()) return false;
  int64_t end;  // first second after the range
  if (has_day) {
    end = start + kSecondsPerDay;
  } else if (has_month) {
    end = start + DaysInMonth(year, month) * kSecondsPerDay;
  } else {
    end = DaysFromCivil(year + 1, 1, 1) * kSecondsPerDay;
  }
  range->first = start;
  range->last = end - 1;
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  // Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
  // calendar, no tables, no time zone database.
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy =
      (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

Status ParseDate(std::string_view text, DateRange* range) {
  DateRange parsed;
  if (!Parse(Trim(text), &parsed)) {
    return Status::InvalidArgument(
        std::string("bad date \"") + std::string(text) + "\"",
        "expected YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 date-time");
  }
  *range = parsed;
  return Status::OK();
}

bool ParseTimestamp(std::string_view text, int64_t* seconds) {
  DateRange range;
  if (!Parse(Trim(text), &range)) return false;
  *seconds = range.first;
  return true;
}

}  // namespace quotes
