// Copyright The Quote Tracker Authors.
//
// Lexicon: the word -> tag table built from quotes/lexicon.textproto, with
// the lemma of every cue verb form and the gender of common first names.
//
// Thread safety: immutable after Create(); safe for concurrent readers.

#ifndef QUOTES_LEXICON_H_
#define QUOTES_LEXICON_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "quotes/catalogue.pb.h"
#include "quotes/status.h"

namespace quotes {

enum class Gender : uint8_t { kUnknown = 0, kFemale, kMale };

struct LexEntry {
  char tag = 0;
  // For cue verb forms: index of the lemma (Lexicon::lemma()); else -1.
  int16_t lemma = -1;
};

class Lexicon {
 public:
  // Builds the table from "proto".  Returns InvalidArgument naming the
  // offending class or verb for a tag outside the alphabet, a word with a
  // space or upper-case letters, or a verb without a lemma.
  static Status Create(const LexiconProto& proto,
                       std::unique_ptr<Lexicon>* lexicon);

  // The entry of "lower" (a lower-case word), or nullptr.  This runs once
  // for every word of every document, so it is an open-addressing table
  // with a short hash rather than std::unordered_map.
  const LexEntry* Find(std::string_view lower) const {
    if (lower.size() > max_word_) return nullptr;
    for (uint32_t i = Hash(lower) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.length == 0) return nullptr;
      if (s.length == lower.size() &&
          std::memcmp(arena_.data() + s.offset, lower.data(), s.length) ==
              0) {
        return &s.entry;
      }
    }
  }

  const std::string& lemma(int index) const { return lemmas_[index]; }

  // Gender of a lower-case first name, when the lexicon lists it.
  Gender FirstNameGender(std::string_view lower) const;

  // Gender told by a lower-case role word ("wife", "spokesman").
  Gender WordGender(std::string_view lower) const;

  size_t size() const { return words_.size(); }

 private:
  struct Slot {
    uint32_t offset = 0;  // into arena_
    uint32_t length = 0;  // 0: empty
    LexEntry entry;
  };
  static uint32_t Hash(std::string_view s) {
    uint32_t h = 2166136261u;  // FNV-1a
    for (unsigned char c : s) h = (h ^ c) * 16777619u;
    return h;
  }
  // Builds slots_ from words_ once all words are in.
  void BuildTable();

  Lexicon() = default;
  Status AddWord(std::string_view word, LexEntry entry, bool verb_form);
  Status AddVerb(const CueVerb& verb);

  // Keys point into "storage_", which never moves its strings.
  std::vector<std::unique_ptr<std::string>> storage_;
  std::unordered_map<std::string_view, LexEntry> words_;
  std::string arena_;
  std::vector<Slot> slots_;
  uint32_t mask_ = 0;
  size_t max_word_ = 0;
  std::unordered_map<std::string_view, Gender> first_names_;
  std::unordered_map<std::string_view, Gender> gender_words_;
  std::vector<std::string> lemmas_;
};

}  // namespace quotes

#endif  // QUOTES_LEXICON_H_
