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
int DecodeUtf8Multibyte(std::string_view text, size_t pos, char32_t* cp);
inline int DecodeUtf8(std::string_view text, size_t pos, char32_t* cp) {
  const unsigned char b = static_cast<unsigned char>(text[pos]);
  if (b < 0x80) {  // most of any news text: keep it inline
    *cp = b;
    return 1;
  }
  return DecodeUtf8Multibyte(text, pos, cp);
}

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
// ASCII is answered inline from a table; other code points out of line.
namespace utf8_internal {
enum : uint8_t { kSpace = 1, kLetter = 2, kUpper = 4, kDigit = 8 };
extern const uint8_t kAsciiClass[128];
bool IsSpaceSlow(char32_t cp);
bool IsLetterSlow(char32_t cp);
bool IsUpperSlow(char32_t cp);
}  // namespace utf8_internal

inline bool IsSpace(char32_t cp) {
  return cp < 128 ? (utf8_internal::kAsciiClass[cp] & utf8_internal::kSpace)
                  : utf8_internal::IsSpaceSlow(cp);
}
inline bool IsLetter(char32_t cp) {
  return cp < 128 ? (utf8_internal::kAsciiClass[cp] & utf8_internal::kLetter)
                  : utf8_internal::IsLetterSlow(cp);
}
inline bool IsUpper(char32_t cp) {
  return cp < 128 ? (utf8_internal::kAsciiClass[cp] & utf8_internal::kUpper)
                  : utf8_internal::IsUpperSlow(cp);
}
inline bool IsDigit(char32_t cp) { return cp >= '0' && cp <= '9'; }

}  // namespace quotes

#endif  // QUOTES_UTF8_H_
