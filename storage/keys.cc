// Copyright The Quote Tracker Authors.

#include "storage/keys.h"

namespace quotes {
namespace {

std::string Prefixed(KeySpace space, std::string_view rest) {
  std::string key;
  key.reserve(1 + rest.size());
  key.push_back(static_cast<char>(space));
  key.append(rest);
  return key;
}

std::string Pair(KeySpace space, std::string_view first,
                 std::string_view second) {
  std::string key;
  key.reserve(2 + first.size() + second.size());
  key.push_back(static_cast<char>(space));
  key.append(first);
  key.push_back('\0');
  key.append(second);
  return key;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string MetaKey(std::string_view name) {
  return Prefixed(KeySpace::kMeta, name);
}

std::string QuoteKey(std::string_view quote_id) {
  return Prefixed(KeySpace::kQuote, quote_id);
}

std::string DocumentKey(std::string_view doc_id) {
  return Prefixed(KeySpace::kDocument, doc_id);
}

std::string SpeakerKey(std::string_view speaker_id) {
  return Prefixed(KeySpace::kSpeaker, speaker_id);
}

std::string AliasKey(std::string_view alias) {
  return Prefixed(KeySpace::kAlias, alias);
}

std::string SpeakerNameKey(std::string_view lower_name,
                           std::string_view speaker_id) {
  return Pair(KeySpace::kSpeakerName, lower_name, speaker_id);
}

std::string DocQuoteKey(std::string_view doc_id, std::string_view quote_id) {
  return Pair(KeySpace::kByDocument, doc_id, quote_id);
}

std::string CountKey(CountKind kind, std::string_view term) {
  std::string key;
  key.reserve(2 + term.size());
  key.push_back(static_cast<char>(KeySpace::kCount));
  key.push_back(static_cast<char>(kind));
  key.append(term);
  return key;
}

std::string PostingPrefix(KeySpace space, std::string_view term) {
  return PostingKey(space, term, {});
}

std::string PostingKey(KeySpace space, std::string_view term,
                       std::string_view sort_key) {
  if (space == KeySpace::kByTime) return Prefixed(space, sort_key);
  return Pair(space, term, sort_key);
}

std::string EncodeTime(std::optional<int64_t> seconds) {
  // Flipping the sign bit maps int64 order onto uint64 order; 0 is left
  // for "unknown", which the inversion then puts after every known time.
  const uint64_t biased =
      seconds ? (static_cast<uint64_t>(*seconds) ^ (uint64_t{1} << 63)) : 0;
  const uint64_t inverted = ~biased;
  std::string out(kTimeBytes, '\0');
  for (size_t i = 0; i < kTimeBytes; ++i) {
    out[i] = static_cast<char>(inverted >> (8 * (kTimeBytes - 1 - i)));
  }
  return out;
}

std::string SortKey(std::optional<int64_t> seconds, std::string_view quote_id) {
  std::string key = EncodeTime(seconds);
  key.append(quote_id);
  return key;
}

void PutFixed64(std::string* dst, uint64_t value) {
  char bytes[8];
  EncodeFixed64(bytes, value);
  dst->append(bytes, sizeof(bytes));
}

void EncodeFixed64(char* dst, uint64_t value) {
  for (int i = 0; i < 8; ++i) dst[i] = static_cast<char>(value >> (8 * i));
}

uint64_t DecodeFixed64(std::string_view src) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) {
    value = (value << 8) | static_cast<uint8_t>(src[i]);
  }
  return value;
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const uint8_t b = static_cast<uint8_t>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
  return out;
}

bool HexDecode(std::string_view hex, std::string* bytes) {
  if (hex.size() % 2 != 0) return false;
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = HexValue(hex[i]);
    const int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  *bytes = std::move(out);
  return true;
}

}  // namespace quotes
