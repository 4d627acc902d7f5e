// Copyright The Quote Tracker Authors.

#include "quotes/lexicon.h"

#include <algorithm>
#include <cstring>

#include "quotes/tags.h"

namespace quotes {
namespace {

bool IsVowel(char c) { return std::strchr("aeiou", c) != nullptr; }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

// Regular English inflections; irregular verbs give theirs in the lexicon.
std::string ThirdPerson(const std::string& lemma) {
  if (EndsWith(lemma, "s") || EndsWith(lemma, "sh") || EndsWith(lemma, "ch") ||
      EndsWith(lemma, "x") || EndsWith(lemma, "z")) {
    return lemma + "es";
  }
  if (lemma.size() > 1 && lemma.back() == 'y' &&
      !IsVowel(lemma[lemma.size() - 2])) {
    return lemma.substr(0, lemma.size() - 1) + "ies";
  }
  return lemma + "s";
}

std::string Past(const std::string& lemma) {
  if (lemma.back() == 'e') return lemma + "d";
  if (lemma.size() > 1 && lemma.back() == 'y' &&
      !IsVowel(lemma[lemma.size() - 2])) {
    return lemma.substr(0, lemma.size() - 1) + "ied";
  }
  return lemma + "ed";
}

std::string PresentParticiple(const std::string& lemma) {
  if (EndsWith(lemma, "ie")) return lemma.substr(0, lemma.size() - 2) + "ying";
  if (lemma.back() == 'e' && !EndsWith(lemma, "ee")) {
    return lemma.substr(0, lemma.size() - 1) + "ing";
  }
  return lemma + "ing";
}

char FiniteTag(CueVerb::Frame frame) {
  switch (frame) {
    case CueVerb::ADDRESSEE:
      return tag::kCueAddressee;
    case CueVerb::THAT_ONLY:
      return tag::kCueThat;
    case CueVerb::OBJECT:
      return tag::kCueObject;
    default:
      return tag::kCueClause;
  }
}

bool IsLowerWord(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w) {
    if (c == ' ' || (c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

}  // namespace

Status Lexicon::AddWord(std::string_view word, LexEntry entry, bool verb_form) {
  if (!IsLowerWord(word)) {
    return Status::InvalidArgument("lexicon word is not one lower-case word",
                                   word);
  }
  auto it = words_.find(word);
  if (it != words_.end()) {
    // A class keeps its first words; a verb form overrides a class, except
    // that a cue noun keeps its plural ("remarks", "comments").
    const bool keep = !verb_form || tag::IsCueVerb(it->second.tag) ||
                      (it->second.tag == tag::kCueNoun && EndsWith(word, "s"));
    if (!keep) it->second = entry;
    return Status::OK();
  }
  storage_.push_back(std::make_unique<std::string>(word));
  words_.emplace(*storage_.back(), entry);
  return Status::OK();
}

Status Lexicon::AddVerb(const CueVerb& verb) {
  const std::string& lemma = verb.lemma();
  if (lemma.empty()) return Status::InvalidArgument("cue verb without lemma");
  int16_t id = static_cast<int16_t>(lemmas_.size());
  lemmas_.push_back(lemma);
  modifies_roles_.push_back(verb.modifies_roles());
  const char finite = FiniteTag(verb.frame());
  const char ing =
      verb.frame() == CueVerb::ADDRESSEE ? tag::kCueIngAddressee : tag::kCueIng;
  const std::string third =
      verb.third_person().empty() ? ThirdPerson(lemma) : verb.third_person();
  const std::string past = verb.past().empty() ? Past(lemma) : verb.past();
  const std::string participle = verb.present_participle().empty()
                                     ? PresentParticiple(lemma)
                                     : verb.present_participle();
  QUOTES_RETURN_IF_ERROR(AddWord(third, {finite, id}, true));
  QUOTES_RETURN_IF_ERROR(AddWord(past, {finite, id}, true));
  if (!verb.past_participle().empty()) {
    QUOTES_RETURN_IF_ERROR(AddWord(verb.past_participle(), {finite, id}, true));
  }
  QUOTES_RETURN_IF_ERROR(AddWord(participle, {ing, id}, true));
  const bool clause =
      verb.frame() == CueVerb::CLAUSE || verb.frame() == CueVerb::ADDRESSEE;
  return AddWord(lemma, {clause ? tag::kCueBase : tag::kCueBaseThat, id}, true);
}

Status Lexicon::Create(const LexiconProto& proto,
                       std::unique_ptr<Lexicon>* lexicon) {
  lexicon->reset();
  std::unique_ptr<Lexicon> lex(new Lexicon);
  for (const WordClass& wc : proto.word_class()) {
    // tag::In, not std::strchr, which would take the NUL that ends the
    // alphabet for a tag.
    if (wc.tag().size() != 1 || !tag::In(wc.tag()[0], tag::kAlphabet)) {
      return Status::InvalidArgument(
          "word class has a tag outside the alphabet", wc.tag());
    }
    for (const std::string& w : wc.word()) {
      QUOTES_RETURN_IF_ERROR(lex->AddWord(w, {wc.tag()[0], -1}, false));
    }
  }
  // After the word classes, so that one may tag a month first ("may").
  for (const std::string& w : proto.month()) {
    if (!IsLowerWord(w)) return Status::InvalidArgument("bad month", w);
    QUOTES_RETURN_IF_ERROR(lex->AddWord(w, {tag::kTime, -1}, false));
    lex->storage_.push_back(std::make_unique<std::string>(w));
    lex->months_.insert(absl::string_view(*lex->storage_.back()));
  }
  for (const std::string& w : proto.organisation_kind()) {
    if (!IsLowerWord(w)) {
      return Status::InvalidArgument("bad organisation kind", w);
    }
    // The resolver reads a kind only at the head of an organisation's
    // description: one tagged otherwise would never be read.
    // (The lookup table is built last: ask the map it is built from.)
    auto it = lex->words_.find(w);
    if (it == lex->words_.end() || it->second.tag != tag::kOrganisation) {
      return Status::InvalidArgument(
          "organisation kind not tagged O by a word class", w);
    }
    lex->storage_.push_back(std::make_unique<std::string>(w));
    lex->organisation_kinds_.insert(absl::string_view(*lex->storage_.back()));
  }
  for (const std::string& w : proto.document_kind()) {
    if (!IsLowerWord(w)) return Status::InvalidArgument("bad document kind", w);
    lex->storage_.push_back(std::make_unique<std::string>(w));
    lex->document_kinds_.insert(absl::string_view(*lex->storage_.back()));
  }
  for (const CueVerb& verb : proto.cue_verb()) {
    QUOTES_RETURN_IF_ERROR(lex->AddVerb(verb));
  }
  auto add_names = [&](const auto& names, Gender g) -> Status {
    for (const std::string& n : names) {
      if (!IsLowerWord(n)) return Status::InvalidArgument("bad first name", n);
      lex->storage_.push_back(std::make_unique<std::string>(n));
      auto [it, inserted] = lex->first_names_.emplace(
          absl::string_view(*lex->storage_.back()), g);
      // A name listed under both genders tells nothing.
      if (!inserted && it->second != g) it->second = Gender::kUnknown;
    }
    return Status::OK();
  };
  QUOTES_RETURN_IF_ERROR(add_names(proto.female_first_name(), Gender::kFemale));
  QUOTES_RETURN_IF_ERROR(add_names(proto.male_first_name(), Gender::kMale));
  for (const std::string& w : proto.female_word()) {
    lex->storage_.push_back(std::make_unique<std::string>(w));
    lex->gender_words_.emplace(absl::string_view(*lex->storage_.back()),
                               Gender::kFemale);
  }
  for (const std::string& w : proto.male_word()) {
    lex->storage_.push_back(std::make_unique<std::string>(w));
    lex->gender_words_.emplace(absl::string_view(*lex->storage_.back()),
                               Gender::kMale);
  }
  for (const std::string& w : proto.nationality()) {
    if (!IsLowerWord(w)) return Status::InvalidArgument("bad nationality", w);
    lex->storage_.push_back(std::make_unique<std::string>(w));
    lex->nationalities_.insert(absl::string_view(*lex->storage_.back()));
  }
  QUOTES_RETURN_IF_ERROR(lex->BuildTable());
  *lexicon = std::move(lex);
  return Status::OK();
}

bool Lexicon::IsMonth(std::string_view word) const {
  char lower[16];
  if (word.size() > sizeof(lower)) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    const char ch = word[i];
    lower[i] = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch + 32) : ch;
  }
  return months_.contains(absl::string_view(lower, word.size()));
}

Status Lexicon::BuildTable() {
  size_t capacity = 16;
  // Load at most 1/4: most words of a text are not in the lexicon, and a
  // lookup of one probes until an empty slot.  Whether it goes on past
  // the first slot is a branch the processor cannot foresee; at a load
  // near 1/2 it went on for nearly half of them, at 1/4 for under a
  // quarter, for twice the memory (the top-level README.md,
  // "Performance").
  while (capacity < words_.size() * 4) capacity <<= 1;
  slots_.assign(capacity, Slot());
  mask_ = static_cast<uint32_t>(capacity - 1);
  arena_.clear();
  for (const auto& [word, entry] : words_) {
    if (word.size() + 8 > kMaxPadded || word.size() > 255) {
      return Status::InvalidArgument("lexicon word too long", word);
    }
    // Each word is kept zero-padded to a multiple of eight bytes, so that
    // FindPadded compares it eight bytes at a time.
    const size_t padded = (word.size() + 7) / 8 * 8;
    if (arena_.size() + padded > 65535) {
      return Status::InvalidArgument("lexicon too large");
    }
    max_word_ = std::max(max_word_, word.size());
    char buf[kMaxPadded] = {};
    std::memcpy(buf, word.data(), word.size());
    uint32_t i = HashPadded(buf, word.size()) & mask_;
    while (slots_[i].length != 0) i = (i + 1) & mask_;
    slots_[i].offset = static_cast<uint16_t>(arena_.size());
    slots_[i].length = static_cast<uint8_t>(word.size());
    slots_[i].entry = entry;
    arena_.append(word);
    arena_.append(padded - word.size(), '\0');
  }
  return Status::OK();
}

Gender Lexicon::WordGender(std::string_view lower) const {
  auto it = gender_words_.find(absl::string_view(lower.data(), lower.size()));
  return it == gender_words_.end() ? Gender::kUnknown : it->second;
}

Gender Lexicon::FirstNameGender(std::string_view lower) const {
  auto it = first_names_.find(absl::string_view(lower.data(), lower.size()));
  return it == first_names_.end() ? Gender::kUnknown : it->second;
}

}  // namespace quotes
