// Copyright The Quote Tracker Authors.
//
// Any bytes as a quote's text.  The store derives the words and stems it
// indexes a quote under from the quote's canonical key, split at its
// spaces (WordsOfKey, SearchableWordsOfKey), on the promise that scanning
// the key again would find the same words.  Checks that promise: the split
// words are TokenizeWords of the text and of the key, and the searchable
// words are those a second scan gives; and that the stems verification
// looks a claim up by (IndexStems of its text, the same as of its key) are
// among the stems the store posts the quote under.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "storage/normalize.h"
#include "storage/similarity.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quotes;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string key = CanonicalKey(text);
  std::vector<std::string> split;
  for (std::string_view w : WordsOfKey(key)) split.emplace_back(w);
  FUZZ_CHECK(split == TokenizeWords(text), "key \"%s\"", key.c_str());
  FUZZ_CHECK(split == TokenizeWords(key), "key \"%s\"", key.c_str());
  std::vector<std::string> searchable;
  for (std::string_view w : SearchableWordsOfKey(key)) {
    searchable.emplace_back(w);
  }
  FUZZ_CHECK(searchable == SearchableWords(key), "key \"%s\"", key.c_str());
  // The store posts a quote under the WordStem of each searchable word of
  // its canonical key, and verification looks a claim up by the
  // IndexStems of its text: each of those must be among them.
  FUZZ_CHECK(IndexStems(text) == IndexStems(key), "key \"%s\"", key.c_str());
  std::set<std::string> word_stems;
  for (const std::string& word : searchable) {
    std::string stem = WordStem(word);
    if (!stem.empty()) word_stems.insert(std::move(stem));
  }
  for (const std::string& stem : IndexStems(text)) {
    FUZZ_CHECK(word_stems.count(stem) == 1, "key \"%s\", stem \"%s\"",
               key.c_str(), stem.c_str());
  }
  return 0;
}
