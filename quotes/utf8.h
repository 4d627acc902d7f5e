// Copyright The Quote Tracker Authors.
//
// Small UTF-8 helpers.  Invalid bytes decode as U+FFFD one byte at a time,
// so a scanner always advances and offsets always stay byte offsets into
// the original text.  Thread-safe (pure functions).

#ifndef QUOTES_UTF8_H_
#define QUOTES_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace quotes {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point at text[pos] (REQUIRES: pos < text.size()) into
// *cp and returns its length in bytes (1..4).  An invalid or truncated
// sequence yields U+FFFD and length 1.
int DecodeUtf8(std::string_view text, size_t pos, char32_t* cp);

// Returns the start of the code point that ends just before "pos" (the
// previous code point), or pos - 1 when the bytes there are not valid.
// REQUIRES: pos > 0.
size_t PreviousCodePoint(std::string_view text, size_t pos);

// True iff "text" is valid UTF-8.
bool IsValidUtf8(std::string_view text);

// Appends "text" to *out with every invalid byte replaced by U+FFFD.
void AppendValidUtf8(std::string_view text, std::string* out);

// Character classes used by the tokenizer.  They cover ASCII, Latin-1,
// Latin Extended, Greek and Cyrillic precisely and treat other scripts'
// code points as letters, which is what news text needs.
bool IsSpace(char32_t cp);
bool IsLetter(char32_t cp);
bool IsUpper(char32_t cp);
bool IsDigit(char32_t cp);

}  // namespace quotes

#endif  // QUOTES_UTF8_H_
