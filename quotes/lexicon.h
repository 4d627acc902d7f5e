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

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
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

  // The entry of "lower" (a lower-case word), or nullptr.
  const LexEntry* Find(std::string_view lower) const {
    char buf[kMaxPadded];
    if (lower.size() + 8 > sizeof(buf)) return nullptr;
    std::memcpy(buf, lower.data(), lower.size());
    std::memset(buf + lower.size(), 0, 8);
    return FindPadded(buf, lower.size());
  }

  // As Find, for a word in "buf" that is followed by at least 8 zero bytes
  // (so the hash and SamePadded read whole 8-byte words).  This runs once for
  // every word of every document: an open-addressing table of 8-byte slots
  // rather than std::unordered_map.
  const LexEntry* FindPadded(const char* buf, size_t n) const {
    if (n > max_word_) return nullptr;
    for (uint32_t i = HashPadded(buf, n) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.length == 0) return nullptr;
      if (s.length == n && SamePadded(arena_.data() + s.offset, buf, n)) {
        return &s.entry;
      }
    }
  }

  // The longest word FindPadded may be given, with its padding.
  static constexpr size_t kMaxPadded = 64;

  const std::string& lemma(int index) const { return lemmas_[index]; }

  // True iff the base form of lemma "index" also modifies roles
  // (CueVerb.modifies_roles: "press secretary").
  bool ModifiesRoles(int index) const {
    return index >= 0 && static_cast<size_t>(index) < modifies_roles_.size() &&
           modifies_roles_[index];
  }

  // Gender of a lower-case first name, when the lexicon lists it.
  Gender FirstNameGender(std::string_view lower) const;

  // True iff the lexicon lists the lower-case word as a first name, of
  // either gender or both.
  bool IsFirstName(std::string_view lower) const {
    return first_names_.contains(absl::string_view(lower.data(), lower.size()));
  }

  // Gender told by a lower-case role word ("wife", "spokesman").
  Gender WordGender(std::string_view lower) const;

  // True iff the lower-case word names a nationality or a people
  // (LexiconProto.nationality).
  bool IsNationality(std::string_view lower) const {
    return nationalities_.contains(
        absl::string_view(lower.data(), lower.size()));
  }

  // True iff "word" (any ASCII case) names a month (LexiconProto.month).
  bool IsMonth(std::string_view word) const;

  // True iff the lower-case word is a kind of organisation that may stand
  // for the one that spoke last (LexiconProto.organisation_kind; Create
  // refuses a kind its word classes do not tag "O").
  bool IsOrganisationKind(std::string_view lower) const {
    return organisation_kinds_.contains(
        absl::string_view(lower.data(), lower.size()));
  }

  // True iff the lower-case word is a kind of document that may stand for
  // its author (LexiconProto.document_kind).
  bool IsDocumentKind(std::string_view lower) const {
    return document_kinds_.contains(
        absl::string_view(lower.data(), lower.size()));
  }

  size_t size() const { return words_.size(); }

 private:
  struct Slot {
    uint16_t offset = 0;  // into arena_
    uint8_t length = 0;   // 0: empty
    LexEntry entry;
  };
  // A multiply-xor hash over eight bytes at a time; "s" is followed by
  // zero padding to a multiple of eight.
  static uint32_t HashPadded(const char* s, size_t n) {
    uint64_t h = (n + 1) * 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < n; i += 8) {
      uint64_t v;
      std::memcpy(&v, s + i, 8);
      h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
    }
    return static_cast<uint32_t>(h >> 32);
  }
  // True iff the n-byte words at "a" and "b", each zero-padded to a
  // multiple of eight bytes, are equal: inline, where a call to memcmp
  // for a word of a few bytes cost more than the comparison.
  static bool SamePadded(const char* a, const char* b, size_t n) {
    for (size_t i = 0; i < n; i += 8) {
      uint64_t x, y;
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y) return false;
    }
    return true;
  }
  // Builds slots_ from words_ once all words are in.
  Status BuildTable();

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
  // Looked up for names and role words in every document: absl's flat
  // tables, which hash and probe faster than std::unordered_map.
  absl::flat_hash_map<absl::string_view, Gender> first_names_;
  absl::flat_hash_map<absl::string_view, Gender> gender_words_;
  absl::flat_hash_set<absl::string_view> nationalities_;
  absl::flat_hash_set<absl::string_view> months_;
  absl::flat_hash_set<absl::string_view> organisation_kinds_;
  absl::flat_hash_set<absl::string_view> document_kinds_;
  std::vector<std::string> lemmas_;
  std::vector<bool> modifies_roles_;  // by lemma index
};

}  // namespace quotes

#endif  // QUOTES_LEXICON_H_
