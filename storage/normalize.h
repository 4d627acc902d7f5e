// Copyright The Quote Tracker Authors.
//
// Normalisation of quote text, speaker names and outlets for the store: the
// rules that decide which quotes merge, which speaker a name designates and
// which words a query matches.  Changing any of them changes stored keys:
// bump kStoreSchemaVersion (storage/quote_store.h) when you do.
//
// Text is UTF-8; invalid bytes are treated as separators and never crash.
// Lower-casing covers ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic;
// other letters are kept as written.  Diacritics are kept ("é" != "e").
//
// All functions are pure and thread-safe.

#ifndef STORAGE_NORMALIZE_H_
#define STORAGE_NORMALIZE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"

namespace quotes {

// A fixed set of words (stop words, titles, function words) for membership
// tests.  Hashed: the word lists are looked up for every word of every
// stored quote, and a hash lookup settles in one comparison what a search
// tree needs seven or eight for.  Immutable after construction, so
// thread-safe.
class WordSet {
 public:
  // The words of "words", separated by spaces.
  explicit WordSet(std::string_view words);

  bool contains(std::string_view word) const {
    return set_.contains(absl::string_view(word.data(), word.size()));
  }

 private:
  absl::flat_hash_set<std::string> set_;
};

// Words longer than this (bytes) get no word posting, and stems longer
// than this no stem posting (similarity.h: WordStem); queries still check
// such words against the stored record.
inline constexpr size_t kMaxIndexedWordBytes = 64;

// Returns "text" lower-cased (see the file comment for the scripts covered).
std::string LowerUtf8(std::string_view text);

// Splits "text" into lower-cased words.  Letters and digits form words;
// apostrophes (' U+2018 U+2019 U+02BC) become ' inside a word and are
// dropped at its ends; "." and "," between two digits stay ("2.5");
// everything else (punctuation, quotation marks, dashes, spaces) separates.
std::vector<std::string> TokenizeWords(std::string_view text);

// The canonical key of a quote: its words joined by single spaces.  Two
// quotes with the same key and speaker are the same quote.
std::string CanonicalKey(std::string_view text);

// The words under which a quote is findable: every word of "text", plus
// for a word with apostrophes its parts of two bytes or more ("macron's"
// also gives "macron", "l'europe" gives "europe").  Sorted, no duplicates.
std::vector<std::string> SearchableWords(std::string_view text);

// The words of a canonical key: CanonicalKey's words, split at its single
// spaces.  For any text, WordsOfKey(CanonicalKey(text)) equals
// TokenizeWords(text) (the word scanner gives back its own output), which
// spares the writer a second scan.  The views point into "canonical_key".
std::vector<std::string_view> WordsOfKey(std::string_view canonical_key);

// SearchableWords(canonical_key) for a canonical key, from WordsOfKey: the
// same words, sorted, without duplicates, as views into "canonical_key".
std::vector<std::string_view> SearchableWordsOfKey(
    std::string_view canonical_key);

// True for the common English words that the word index leaves out.
bool IsStopWord(std::string_view word);

// True iff "word" may have a posting list of its own: not a stop word and
// not longer than kMaxIndexedWordBytes.  The store posts a word with a
// stem (similarity.h: WordStem) among its stem's postings instead, and
// only the other indexed words under their own.
bool IsIndexedWord(std::string_view word);

// Normalises a person's or organisation's name: lower case, punctuation
// dropped ("Sen." -> "sen", "J.D." -> "jd"), hyphens and apostrophes kept
// inside tokens, one space between tokens, a leading "the" dropped.  When
// "strip_titles" is set, leading titles and the words that qualify them
// ("Mr", "President", "Prime Minister", "French President", "Kremlin
// spokesman") and trailing "Jr"/"Sr" are dropped too, but never the last
// token: "President Macron" -> "macron", "King Charles" -> "charles".
std::string NormalizeName(std::string_view name, bool strip_titles);

// The last token of a normalised name ("emmanuel macron" -> "macron").
std::string_view LastToken(std::string_view normalized_name);

// True iff "normalized_name" has more than one token.
bool IsMultiToken(std::string_view normalized_name);

// A readable speaker id from a normalised name: spaces become dashes
// ("emmanuel macron" -> "emmanuel-macron").
std::string SpeakerSlug(std::string_view normalized_name);

// True for pronouns ("he", "she", "they", "it", ...), which are never
// aliases of a speaker.
bool IsPronoun(std::string_view normalized_mention);

// Normalises an outlet name for comparison and indexing: its words joined
// by single spaces ("The Guardian" -> "the guardian").
std::string NormalizeOutlet(std::string_view outlet);

// 64-bit FNV-1a: stable across builds, platforms and runs, unlike
// std::hash.
uint64_t Fnv1a64(std::string_view data);

// "value" as 16 lower-case hex digits.
std::string Hex64(uint64_t value);

}  // namespace quotes

#endif  // STORAGE_NORMALIZE_H_
