// Copyright The Quote Tracker Authors.
//
// The key encoding of the store (see storage/README.md for the layout).
// Every key starts with one byte naming its key space; postings end with a
// sort key, 8 bytes of inverted big-endian time then the quote id, so that
// a forward scan of any posting list yields the newest quotes first.
//
// The values of KeySpace and the encodings below are the on-disk format:
// never change one without bumping kStoreSchemaVersion.
//
// Pure functions; thread-safe.

#ifndef STORAGE_KEYS_H_
#define STORAGE_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quotes {

enum class KeySpace : char {
  kMeta = 'm',         // m name                      -> meta record
  kQuote = 'q',        // q quote_id                  -> Quote
  kDocument = 'd',     // d doc_id                    -> Document
  kSpeaker = 's',      // s speaker_id                -> Speaker
  kAlias = 'a',        // a alias                     -> speaker ids, "\n"
  kSpeakerName = 'n',  // n lower(name) \0 speaker_id -> ""
  kBySpeaker = 'p',    // p speaker_id \0 sort key    -> ""
  kByWord = 'w',       // w word \0 sort key          -> "" (stemless words)
  kByTime = 't',       // t sort key                  -> ""
  kByOutlet = 'o',     // o outlet \0 sort key        -> ""
  kByDocument = 'x',   // x doc_id \0 quote_id        -> ""
  kCount = 'c',        // c kind term                 -> fixed64 count
  kSimilarity = 'v',   // v stem \0 form sort key     -> "" (similarity_index.h)
};

// Kinds of counted terms under KeySpace::kCount: how many quotes a posting
// list holds, to pick the most selective one for a query.
enum class CountKind : char {
  kWord = 'w',
  kOutlet = 'o',
  kStem = 'v',  // stems, whatever the form (the stem postings)
};

// Bytes of time at the head of a sort key, and of the whole sort key: the
// time, then the quote id (16 hex digits).
inline constexpr size_t kTimeBytes = 8;
inline constexpr size_t kSortKeyBytes = kTimeBytes + 16;

std::string MetaKey(std::string_view name);
std::string QuoteKey(std::string_view quote_id);
std::string DocumentKey(std::string_view doc_id);
std::string SpeakerKey(std::string_view speaker_id);
std::string AliasKey(std::string_view alias);
std::string SpeakerNameKey(std::string_view lower_name,
                           std::string_view speaker_id);
std::string DocQuoteKey(std::string_view doc_id, std::string_view quote_id);
std::string CountKey(CountKind kind, std::string_view term);

// The common prefix of one posting list: "t" for the time index, else the
// key space, "term" and a 0 byte.  REQUIRES: "term" holds no 0 byte.
std::string PostingPrefix(KeySpace space, std::string_view term);
// PostingPrefix(space, term) followed by "sort_key": the key of one
// posting, built with one allocation (the writer builds tens of them for
// every quote it stores).  Stem postings put a form byte before the sort
// key (similarity_index.h: SimilarityKey).
std::string PostingKey(KeySpace space, std::string_view term,
                       std::string_view sort_key);

// The encoded time: 8 bytes, big-endian, inverted so that later times sort
// first; an unknown time (nullopt) sorts after every known time.
std::string EncodeTime(std::optional<int64_t> seconds);

// The tail of a posting key: EncodeTime(seconds) then "quote_id".
std::string SortKey(std::optional<int64_t> seconds, std::string_view quote_id);

// Fixed-width little-endian 64-bit integers, as LevelDB's coding.h.
void PutFixed64(std::string* dst, uint64_t value);
// Writes the 8 bytes of "value" to dst[0, 8).
void EncodeFixed64(char* dst, uint64_t value);
// REQUIRES: "src" holds at least 8 bytes.
uint64_t DecodeFixed64(std::string_view src);

// Lower-case hex of "bytes", and back.  HexDecode returns false on an odd
// length or a non-hex digit.
std::string HexEncode(std::string_view bytes);
bool HexDecode(std::string_view hex, std::string* bytes);

}  // namespace quotes

#endif  // STORAGE_KEYS_H_
