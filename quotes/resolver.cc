// Copyright The Quote Tracker Authors.

#include "quotes/resolver.h"

#include <algorithm>
#include <cstring>

#include "quotes/swar.h"
#include "quotes/tags.h"

namespace quotes {
namespace {

// How far back a pronoun or description looks, in mentions.
constexpr int kLookback = 300;
// How far before an acronym its name written out may be, in tokens: a long
// article names an organisation in full once, near its start.
constexpr uint32_t kAcronymReach = 3000;
// How many paragraphs after an organisation spoke a definite organisation
// noun alone ("the utility") may still stand for it.
constexpr uint32_t kOrganisationReach = 2;
// How many paragraphs after its author was named or spoke in it a document
// alone ("the study") may still stand for that author.
constexpr uint32_t kDocumentReach = 2;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c += 32;
  }
  return out;
}

// Lower-case particles inside names: "Ursula von der Leyen".
bool IsParticle(std::string_view lower) {
  static const char* const kParticles[] = {
      "de", "da", "di",  "del", "della", "van", "von", "der", "den", "la",
      "le", "al", "bin", "ibn", "du",    "dos", "das", "el",  "ter", "ten"};
  for (const char* p : kParticles) {
    if (lower == p) return true;
  }
  return false;
}

bool IsCourtesyTitle(std::string_view lower, Gender* gender) {
  if (lower == "mr" || lower == "mr.") return *gender = Gender::kMale, true;
  if (lower == "mrs" || lower == "mrs." || lower == "ms" || lower == "ms." ||
      lower == "miss") {
    return *gender = Gender::kFemale, true;
  }
  return lower == "dr" || lower == "dr." || lower == "prof" || lower == "prof.";
}

bool ContainsWord(const std::string& haystack_lower, std::string_view word) {
  size_t pos = 0;
  while ((pos = haystack_lower.find(word, pos)) != std::string::npos) {
    const bool left =
        pos == 0 ||
        !std::isalnum(static_cast<unsigned char>(haystack_lower[pos - 1]));
    const size_t end = pos + word.size();
    const bool right =
        end == haystack_lower.size() ||
        !std::isalnum(static_cast<unsigned char>(haystack_lower[end]));
    if (left && right) return true;
    pos = end;
  }
  return false;
}

// A lone capitalised word opening a sentence is a name unless its ending
// marks a common word: "Mostly", "Meeting", "Evacuees", "Canadian".
bool LooksLikeSurname(std::string_view lower) {
  static const char* const kCommonEndings[] = {
      "ly",   "ing",  "ed",   "ian",  "ese",  "ish", "ers", "ees", "ies", "ors",
      "ants", "ents", "ness", "ment", "tion", "ity", "ous", "ive", "ful"};
  if (lower.size() < 3) return false;
  for (const char* e : kCommonEndings) {
    const size_t n = std::strlen(e);
    if (lower.size() > n && lower.compare(lower.size() - n, n, e) == 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

Resolver::Resolver(const Lexicon& lexicon, const TokenizedText& text)
    : lex_(lexicon),
      text_(text),
      // Twice the document and a little more: far more than its few
      // acronym speakers need, and linear in its length.
      acronym_budget_(2 * text.tokens.size() + 20000),
      lower_text_(text.text) {
  // Lower() of every token at once: a view of it is a token's lower-case
  // form, without a string of its own for each use.
  swar::LowerAsciiInPlace(lower_text_.data(), lower_text_.size());
}

namespace resolver_internal {

size_t WordHash::operator()(absl::string_view word) const {
  const char* p = word.data();
  const size_t n = word.size();
  // The first and the last eight bytes, overlapping for a short word, and
  // for a word longer than 16 bytes (few are) the eights between: every
  // byte counts, so that a text cannot fill one probe chain with words
  // that differ only in their middles.
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
  } else if (n >= 4) {
    uint32_t x, y;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + n - 4, 4);
    a = x;
    b = y;
  } else if (n > 0) {
    a = static_cast<unsigned char>(p[0]) |
        static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
        static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
  }
  uint64_t h = (a ^ (n * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
  for (size_t i = 8; i + 8 < n; i += 8) {
    uint64_t middle;
    std::memcpy(&middle, p + i, 8);
    h = (h ^ middle ^ (h >> 31)) * 0xBF58476D1CE4E5B9ull;
  }
  h = (h ^ b ^ (h >> 31)) * 0x94D049BB133111EBull;
  return static_cast<size_t>(h ^ (h >> 29));
}

}  // namespace resolver_internal

std::string Resolver::Text(uint32_t begin, uint32_t end) const {
  // The tokens as written, and one space wherever the text has any between
  // two of them (a line break of wire copy, a run of spaces, a no-break
  // space): a name or a role is one line.
  std::string out;
  for (uint32_t k = begin; k < end; ++k) {
    const Token& t = text_.tokens[k];
    if (k > begin && t.start > text_.tokens[k - 1].end) out.push_back(' ');
    out.append(text_.text.substr(t.start, t.end - t.start));
  }
  return out;
}

bool Resolver::IsSalient(uint32_t begin) const {
  uint32_t j = begin;
  while (j > 0 && tag::In(text_.tags[j - 1], "DG")) --j;
  if (j == 0) return true;
  // Not after "(": names in brackets are credits and asides.
  return tag::In(text_.tags[j - 1], "/.;,:-&hsQ");
}

// "Louisville, Ky.", "Antigonish, N.S.", "Halifax, NS": an abbreviation
// alone right after a name and its comma is the region of a place, not
// someone in view, though it follows a comma as a subject would.
bool Resolver::IsRegionAfterPlace(const Chunk& chunk) const {
  if (chunk.begin != chunk.name_begin ||
      chunk.name_end != chunk.name_begin + 1 || chunk.begin < 2) {
    return false;
  }
  const std::string& tags = text_.tags;
  if (tags[chunk.begin - 1] != tag::kComma ||
      tags[chunk.begin - 2] != tag::kName) {
    return false;
  }
  // The period of "Ky." may stand as a token of its own.
  const Token& t = text_.tokens[chunk.name_begin];
  const size_t n = t.end - t.start;
  const std::string_view text = text_.text;
  return (t.flags & Token::kAbbreviation) ||
         ((t.flags & Token::kAllCaps) && n == 2) ||
         (n <= 4 && t.end < text.size() && text[t.end] == '.');
}

// "Babatunji Farinloye, 50, ...": an age after a name and its comma
// introduces someone the story is about, wherever the name stands.
bool Resolver::HasAgeAfter(uint32_t end) const {
  const std::string& tags = text_.tags;
  if (end + 2 >= tags.size() || tags[end] != tag::kComma ||
      tags[end + 1] != tag::kNumber) {
    return false;
  }
  const Token& t = text_.tokens[end + 1];
  if (t.end - t.start > 3) return false;
  for (uint32_t k = t.start; k < t.end; ++k) {
    if (text_.text[k] < '0' || text_.text[k] > '9') return false;
  }
  return tag::In(tags[end + 2], ",./;");
}

bool Resolver::RoleTowardsName(uint32_t i, uint32_t j, uint32_t end) const {
  const std::string& tags = text_.tags;
  // "a spokeswoman for Trudeau", "Lawyers for Ms. Kovac", "Friends of
  // Mr. Clinton": the name, with any titles of its own, belongs to the
  // object of the preposition.  Titles before the name are the object's
  // when the preposition is "for" or "to", or the first of them a
  // courtesy title: "Army Chief of Staff Hector Rios" and "Chief of Staff
  // Mr. Bo Park" are titles and a name.
  uint32_t object = j;
  while (object > i && tags[object - 1] == tag::kTitle) --object;
  Gender ignored;
  const bool courtesy =
      object < j && IsCourtesyTitle(LowerToken(object), &ignored);
  if (object >= i + 2 && tags[object - 1] == tag::kPreposition &&
      (tags[object - 2] == tag::kTitle ||
       tags[object - 2] == tag::kOrganisation) &&
      (object == j || courtesy ||
       EqualsAnyLowerAscii(text_.TokenText(object - 1), {"for", "to"}))) {
    return true;
  }
  // So with a determiner after "for" or "to", when the name is part of
  // that phrase: "A spokeswoman for the Department of Trade and Industry"
  // (not "Minister for Children Margaret Hodge", whose name has its first
  // name, nor "The envoy to the region Tor Wennesland").
  if (j == i || !tag::In(tags[j - 1], "&pDN")) return false;
  for (uint32_t k = i; k + 2 < end; ++k) {
    if (tags[k] == tag::kTitle && tags[k + 1] == tag::kPreposition &&
        tags[k + 2] == tag::kDeterminer &&
        EqualsAnyLowerAscii(text_.TokenText(k + 1), {"for", "to"})) {
      return true;
    }
  }
  return false;
}

bool Resolver::NamesJoined(uint32_t i, uint32_t name_begin,
                           uint32_t end) const {
  const std::string& tags = text_.tags;
  // "Mr. Grassley and Mr. Leahy", "Kim and Clark Moran": before the
  // trailing name, only capitalised names or titles ("Mr. King": "King" is
  // also a title) and one "and".  Not "Johnson and Johnson spokesman Ernie
  // Knewitz", where a role stands between.
  uint32_t joined = kNoToken;
  for (uint32_t k = i; k < name_begin; ++k) {
    const bool capital = (text_.tokens[k].flags & Token::kCapitalised) &&
                         (tags[k] == tag::kName || tags[k] == tag::kTitle);
    if (capital) continue;
    if (joined != kNoToken || k == i || tags[k] != tag::kCoordinator ||
        !EqualsAnyLowerAscii(text_.TokenText(k), {"and", "&"})) {
      return false;
    }
    joined = k;
  }
  if (joined == kNoToken) return false;
  // The words before "and" must hold a name: "President and CEO Mark Tan"
  // is one person.  And either name someone of their own, by a title
  // before a name or a first name ("Mr. Grassley", "Mr. King", "Princes
  // William", "Tony Blair", "Kim"), or no title follows "and" ("Microsoft
  // and Google"): "British Trade and Industry Secretary Paul Channon"
  // keeps his one name.
  Gender ignored;
  bool name_before = false, person_before = false, title_after = false;
  for (uint32_t k = i; k < joined; ++k) {
    const bool titled_name =
        k > i && tags[k - 1] == tag::kTitle &&
        (tags[k] == tag::kName || IsCourtesyTitle(LowerToken(k - 1), &ignored));
    // A capitalised plural role names a group: "The Conservatives and Lib
    // Dems".
    name_before |= tags[k] == tag::kName || titled_name ||
                   (tags[k] == tag::kTitle && LooksPlural(LowerToken(k)));
    person_before |= titled_name ||
                     (tags[k] == tag::kName &&
                      lex_.FirstNameGender(LowerToken(k)) != Gender::kUnknown);
  }
  for (uint32_t k = joined + 1; k < end; ++k) {
    title_after |= tags[k] == tag::kTitle;
  }
  return name_before && (person_before || !title_after);
}

Resolver::Chunk Resolver::ParseChunk(uint32_t begin, uint32_t end) const {
  Chunk c;
  c.begin = begin;
  c.end = end;
  const std::string& tags = text_.tags;
  uint32_t i = begin;
  while (i < end &&
         (tags[i] == tag::kDeterminer || tags[i] == tag::kPossessive)) {
    c.has_determiner |= tags[i] == tag::kDeterminer;
    ++i;
  }
  for (uint32_t k = i; k < end; ++k) {
    c.has_title |= tags[k] == tag::kTitle;
    c.has_organisation_word |= tags[k] == tag::kOrganisation;
  }
  // The trailing run of name tokens (with particles between them).
  uint32_t j = end;
  while (j > i) {
    const char t = tags[j - 1];
    if (t == tag::kName) {
      --j;
      continue;
    }
    if (t == tag::kWord && j < end && j - 1 > i && tags[j - 2] == tag::kName &&
        IsParticle(LowerToken(j - 1))) {
      --j;
      continue;
    }
    break;
  }
  if (j < end && tags[end - 1] == tag::kName) {
    // A run of names after a plain modifier may start with one: "Democrat
    // Hillary Clinton".  A known first name marks where the name starts.
    uint32_t start = j;
    for (uint32_t k = j; k + 1 < end; ++k) {
      if (lex_.FirstNameGender(LowerToken(k)) != Gender::kUnknown) {
        start = k;
        break;
      }
    }
    // After "of" the run may hold the rest of a title: "Secretary of State
    // Mike Pompeo" keeps its last two words.
    if (start == j && j > i && tags[j - 1] == tag::kPreposition &&
        end - j > 2) {
      start = end - 2;
    }
    c.name_begin = start;
    c.name_end = end;
    if ((start == j && RoleTowardsName(i, j, end)) ||
        NamesJoined(i, start, end)) {
      c.name_begin = c.name_end = end;
      c.names_others = true;
    }
  } else {
    c.name_begin = c.name_end = end;
  }
  if (c.name_begin == c.name_end) {
    // "Tomas Brandt of the Eastholm Harbour Board": a person's name right
    // before a preposition, with an organisation after it, is a person of
    // that organisation.
    for (uint32_t q = i + 1; q + 1 < end; ++q) {
      if (tags[q] != tag::kPreposition) continue;
      if (tags[q - 1] != tag::kName) break;
      bool organisation_after = false;
      for (uint32_t k = q + 1; k < end; ++k) {
        organisation_after |= tags[k] == tag::kOrganisation;
      }
      if (!organisation_after) break;
      uint32_t start = q - 1;
      while (start > i && tags[start - 1] == tag::kName) --start;
      // A person's name, by a first name or a courtesy title ("Mr.
      // Morgan of the Sierra Club"); not "General Motors of Canada Ltd",
      // "the House of Commons authorities" or "Polling of union voters".
      Gender ignored;
      const bool person =
          lex_.FirstNameGender(LowerToken(start)) != Gender::kUnknown ||
          (start > i && IsCourtesyTitle(LowerToken(start - 1), &ignored));
      if (!person) break;
      c.name_begin = start;
      c.name_end = q;
      return c;
    }
    // No person's name, but a capitalised organisation word: the chunk is
    // an organisation's name ("the Kremlin", "the Ministry of Health").
    for (uint32_t k = i; k < end; ++k) {
      if (tags[k] == tag::kOrganisation &&
          (text_.tokens[k].flags & Token::kCapitalised)) {
        c.name_begin = i;
        break;
      }
    }
  }
  return c;
}

uint32_t Resolver::AcronymNameStart(uint32_t end, uint32_t acronym) const {
  const std::string_view letters = text_.TokenText(acronym);
  if (letters.size() < 2 || letters.size() > 8) return kNoToken;
  // Right to left: each letter from the initial of a capitalised word, a
  // connective skipped; at most one word a letter, a few connectives.
  size_t want = letters.size();
  uint32_t k = end;
  uint32_t start = kNoToken;
  int skipped = 0;
  while (want > 0 && k > 0 && end - k < 2 * letters.size() + 2) {
    --k;
    const std::string_view word = text_.TokenText(k);
    const bool capital = (text_.tokens[k].flags & Token::kCapitalised) &&
                         !word.empty() && word[0] == letters[want - 1];
    if (capital && tag::In(text_.tags[k], "NTO")) {
      --want;
      start = k;
      continue;
    }
    const std::string_view lower = LowerToken(k);
    const bool connective = text_.tags[k] == tag::kComma || lower == "of" ||
                            lower == "and" || lower == "for" ||
                            lower == "the" || lower == "on" || lower == "&";
    if (!connective || start == kNoToken || ++skipped > 3) return kNoToken;
  }
  return want == 0 ? start : kNoToken;
}

int Resolver::AcronymEntityAt(uint32_t open, bool speaker) {
  const std::string& tags = text_.tags;
  if (open + 2 >= tags.size() || tags[open] != tag::kOpenBracket ||
      tags[open + 1] != tag::kName || tags[open + 2] != tag::kCloseBracket ||
      !(text_.tokens[open + 1].flags & Token::kAllCaps)) {
    return -1;
  }
  const uint32_t start = AcronymNameStart(open, open + 1);
  if (start == kNoToken) return -1;
  return AddAcronymEntity(start, open, speaker || IsSalient(start));
}

int Resolver::AddAcronymEntity(uint32_t begin, uint32_t end, bool salient) {
  Chunk named;
  named.begin = named.name_begin = begin;
  named.end = named.name_end = end;
  // Exact: "the European Regions Airline Association (ERAA)" is not the
  // European Low-fare Airlines Association of the sentence before.
  const int e = FindOrAddEntity(named, salient, /*exact=*/true);
  Entity& en = entities_[e];
  // An organisation, even when its first word is a first name ("Victoria
  // Harbour Board (VHB)").
  en.person = false;
  en.organisation = true;
  en.name_like = true;
  if (en.acronym == kNoToken) {
    en.acronym = end + 1;
    by_last_[AbslView(LowerToken(end + 1))].push_back(e);
  }
  return e;
}

int Resolver::ExpandAcronym(uint32_t acronym) {
  const std::string& tags = text_.tags;
  const std::string_view letters = text_.TokenText(acronym);
  if (!(text_.tokens[acronym].flags & Token::kAllCaps) || letters.size() < 2 ||
      letters.size() > 8) {
    return -1;
  }
  for (char c : letters) {
    if (c < 'A' || c > 'Z') return -1;
  }
  const int known = FindEntity(acronym, acronym + 1);
  if (known >= 0 &&
      entities_[known].name_end - entities_[known].name_begin > 1) {
    return -1;
  }
  // The nearest name before that ends a run of names and spells the
  // acronym.  AcronymNameStart wants a capital initial a letter, so a lone
  // word (or the acronym itself, written before) never spells it.
  const uint32_t stop = acronym > kAcronymReach ? acronym - kAcronymReach : 0;
  uint32_t floor = stop + 1;
  const absl::string_view key = AbslView(LowerToken(acronym));
  auto scanned = acronym_scanned_.find(key);
  if (scanned != acronym_scanned_.end()) {
    floor = std::max(floor, scanned->second);
  }
  acronym_scanned_[key] = acronym;  // erased below if the name is found
  uint32_t start = kNoToken, end = acronym;
  for (; end > floor && acronym_budget_ > 0; --end, --acronym_budget_) {
    if (!tag::In(tags[end - 1], "NTO") ||
        (end < acronym && tag::In(tags[end], "NTO")) ||
        text_.TokenText(end - 1)[0] != letters.back()) {
      continue;
    }
    start = AcronymNameStart(end, acronym);
    if (start != kNoToken) break;
  }
  if (start == kNoToken) return -1;
  // An organisation: at least one word of the name is no title ("PM" is
  // no "Prime Minister" of an organisation), none is an acronym of its
  // own ("US" is no "US Secretary"), and nothing marks a person's name:
  // a courtesy title, or a first name with only a surname after it.
  bool all_titles = true;
  for (uint32_t k = start; k < end; ++k) {
    const uint8_t flags = text_.tokens[k].flags;
    if ((flags & Token::kAllCaps) && text_.TokenText(k).size() > 1) return -1;
    Gender ignored;
    if (IsCourtesyTitle(LowerToken(k), &ignored)) return -1;
    // A first name and a surname end the name ("Gary Mason", "Chief Bob
    // Smith", "Amy J. Pollard"); a first name opening a longer name is a
    // place or a word ("Jordan Valley Authority", "Christian Democratic
    // Union").
    if (lex_.FirstNameGender(LowerToken(k)) != Gender::kUnknown &&
        (end - k == 2 ||
         (end - k == 3 && text_.TokenText(k + 1).size() <= 2))) {
      return -1;
    }
    all_titles &= tags[k] == tag::kTitle || tags[k] == tag::kComma ||
                  !(flags & Token::kCapitalised);
  }
  if (all_titles) return -1;
  // The name's entity may have been taken for a person by its first word
  // alone ("Jordan Valley Authority"); the acronym says otherwise.
  int e = FindEntity(start, end, /*exact=*/true);
  if (e < 0 && known >= 0 && !entities_[known].person) {
    e = known;  // the acronym alone, seen before: it gets the name
  }
  if (e < 0) {
    e = static_cast<int>(entities_.size());
    entities_.emplace_back();
  }
  acronym_scanned_.erase(key);
  LengthenName(e, start, end);
  Entity& en = entities_[e];
  en.person = false;
  en.organisation = true;
  en.name_like = true;
  if (en.acronym == kNoToken) {
    en.acronym = acronym;
    by_last_[AbslView(LowerToken(acronym))].push_back(e);
  }
  return e;
}

bool Resolver::SameWords(uint32_t a, uint32_t b, uint32_t n) const {
  for (uint32_t i = 0; i < n; ++i) {
    if (LowerToken(a + i) != LowerToken(b + i)) return false;
  }
  return true;
}

int Resolver::FindEntity(uint32_t begin, uint32_t end, bool exact) const {
  // The entity, among those the name may designate, mentioned last.
  const uint32_t n = end - begin;
  const std::string_view first = LowerToken(begin);
  const std::string_view last = LowerToken(end - 1);
  int best = -1;
  auto consider = [&](int id) {
    const Entity& e = entities_[id];
    const uint32_t en = e.name_end - e.name_begin;
    const std::string_view efirst = LowerToken(e.name_begin);
    const std::string_view elast = LowerToken(e.name_end - 1);
    bool fits;
    if (exact) {
      fits = en == n && SameWords(e.name_begin, begin, n);
    } else if (n == 1) {
      fits = elast == first || (en > 1 && efirst == first && e.person) ||
             (e.acronym != kNoToken && LowerToken(e.acronym) == first);
    } else {
      fits = (en == n && SameWords(e.name_begin, begin, n)) ||
             (elast == last && (en == 1 || efirst == first));
    }
    if (fits && (best < 0 || e.last_seen > entities_[best].last_seen)) {
      best = id;
    }
  };
  auto it = by_last_.find(AbslView(last));
  if (it != by_last_.end()) {
    for (int id : it->second) consider(id);
  }
  if (n == 1) {
    it = by_first_.find(AbslView(first));
    if (it != by_first_.end()) {
      for (int id : it->second) consider(id);
    }
  }
  return best;
}

void Resolver::AddMention(int entity, uint32_t token, bool salient) {
  mentions_.push_back({entity, token, salient});
  entities_[entity].last_seen = mentions_.size();
}

void Resolver::NoteGender(int entity, Gender gender) {
  if (entity < 0 || gender == Gender::kUnknown) return;
  Entity& e = entities_[entity];
  if (e.gender == Gender::kUnknown) e.gender = gender;
  e.person = true;
}

void Resolver::LengthenName(int id, uint32_t begin, uint32_t end) {
  Entity& e = entities_[id];
  if (end - begin <= e.name_end - e.name_begin) return;
  const std::string_view first = LowerToken(begin);
  const std::string_view last = LowerToken(end - 1);
  const bool named = e.name_end > e.name_begin;
  if (!named || LowerToken(e.name_end - 1) != last) {
    by_last_[AbslView(last)].push_back(id);
  }
  if (!named || LowerToken(e.name_begin) != first) {
    by_first_[AbslView(first)].push_back(id);
  }
  e.name_begin = begin;
  e.name_end = end;
}

int Resolver::FindOrAddEntity(const Chunk& chunk, bool salient, bool exact) {
  const std::string_view first = LowerToken(chunk.name_begin);
  int id = FindEntity(chunk.name_begin, chunk.name_end, exact);
  if (id < 0) {
    id = static_cast<int>(entities_.size());
    entities_.emplace_back();
  }
  LengthenName(id, chunk.name_begin, chunk.name_end);
  Entity& e = entities_[id];
  // The words before the name: a role ("French President"), a courtesy
  // title, or an organisation's determiner ("the Kremlin").
  uint32_t role_begin = chunk.begin;
  while (role_begin < chunk.name_begin &&
         (text_.tags[role_begin] == tag::kDeterminer ||
          text_.tags[role_begin] == tag::kPossessive)) {
    ++role_begin;
  }
  Gender gender = lex_.FirstNameGender(first);
  if (gender != Gender::kUnknown && chunk.name_end - chunk.name_begin > 1) {
    e.person = true;
  }
  std::string role;
  for (uint32_t k = role_begin; k < chunk.name_begin; ++k) {
    Gender g = Gender::kUnknown;
    if (IsCourtesyTitle(LowerToken(k), &g)) {
      if (g != Gender::kUnknown) gender = g;
      e.person = true;
      continue;
    }
    if (text_.tags[k] == tag::kTitle) e.person = true;
    const Gender wg = lex_.WordGender(LowerToken(k));
    if (wg != Gender::kUnknown) gender = wg;
  }
  if (chunk.has_title) {
    uint32_t rb = role_begin;
    Gender ignored;
    while (rb < chunk.name_begin && IsCourtesyTitle(LowerToken(rb), &ignored)) {
      ++rb;
    }
    role = Text(rb, chunk.name_begin);
  }
  if (role.size() > e.role.size()) e.role = role;
  if (chunk.name_end - chunk.name_begin > 1 || chunk.has_title ||
      !(text_.tokens[chunk.name_begin].flags & Token::kSentenceInitial) ||
      LooksLikeSurname(first)) {
    e.name_like = true;
  }
  if (gender != Gender::kUnknown && e.gender == Gender::kUnknown) {
    e.gender = gender;
  }
  // "the FSIN", "The Associated Press": a determiner before an acronym or
  // a name of several words marks an organisation ("the Ayo" does not).
  const bool acronym = chunk.name_end - chunk.name_begin == 1 &&
                       (text_.tokens[chunk.name_begin].flags & Token::kAllCaps);
  bool organisation = chunk.name_begin > chunk.begin &&
                      text_.tags[chunk.name_begin - 1] == tag::kDeterminer &&
                      !chunk.has_title &&
                      (acronym || chunk.name_end - chunk.name_begin > 1);
  for (uint32_t k = chunk.name_begin; k < chunk.name_end; ++k) {
    organisation |= text_.tags[k] == tag::kOrganisation;
  }
  if (!e.person && organisation) e.organisation = true;
  AddMention(id, chunk.name_begin, salient);
  return id;
}

void Resolver::Advance(uint32_t to) {
  const std::string& tags = text_.tags;
  to = std::min<uint32_t>(to, static_cast<uint32_t>(tags.size()));
  while (cursor_ < to) {
    const char t = tags[cursor_];
    if (t != tag::kName && t != tag::kTitle && t != tag::kOrganisation) {
      ++cursor_;
      continue;
    }
    // A chunk: names, titles and organisation words, and particles.
    uint32_t begin = cursor_;
    while (begin > 0 && tag::In(tags[begin - 1], "DG")) --begin;
    uint32_t end = cursor_;
    while (end < tags.size() &&
           (tags[end] == tag::kName || tags[end] == tag::kTitle ||
            tags[end] == tag::kOrganisation ||
            (tags[end] == tag::kWord && end + 1 < tags.size() &&
             tags[end + 1] == tag::kName && IsParticle(LowerToken(end))))) {
      ++end;
    }
    cursor_ = end;
    // "Immigration, Refugees and Citizenship Canada (IRCC)".
    if (AcronymEntityAt(end, /*speaker=*/false) >= 0) continue;
    Chunk c = ParseChunk(begin, end);
    // "the Japanese", "a Canadian": a people or a nationality alone is no
    // one's name, and is not kept as an entity (so no antecedent for "he"
    // or "she"); unless it is the surname of someone named before ("Mark
    // Cuban" ... "Cuban") or comes with a title ("Ms. Welsh").
    if (c.name_end == c.name_begin + 1 && !c.has_title &&
        lex_.IsNationality(LowerToken(c.name_begin)) &&
        FindEntity(c.name_begin, c.name_end) < 0) {
      continue;
    }
    if (c.name_begin < c.name_end) {
      const bool salient =
          (IsSalient(begin) && !IsRegionAfterPlace(c)) || HasAgeAfter(end);
      const int e = FindOrAddEntity(c, salient);
      NoteApposition(e, end);
      if (salient && !entities_[e].organisation) NoteLaterPronoun(e, end);
    }
  }
}

// "Yuni, a resident of Lampung, ..." and "Karlsson, who ...": the words
// after a name say that it is a person, and may give a role.
void Resolver::NoteApposition(int entity, uint32_t after) {
  const std::string& tags = text_.tags;
  if (after + 1 >= tags.size() || tags[after] != tag::kComma) return;
  Entity& e = entities_[entity];
  if (e.organisation) return;
  uint32_t k = after + 1;
  if (tags[k] == tag::kRelative) {
    if (LowerToken(k) == "who") e.person = true;
    return;
  }
  if (tags[k] != tag::kDeterminer && tags[k] != tag::kPossessive) return;
  const uint32_t role_begin = k + 1;
  ++k;
  std::string role;
  while (k < tags.size() && k < role_begin + 8 && tag::In(tags[k], "NTwnt'")) {
    const Gender g = lex_.WordGender(LowerToken(k));
    if (g != Gender::kUnknown) e.gender = g;
    // The role runs to the last title word: "a spokesman for the agency"
    // keeps "spokesman".
    if (tags[k] == tag::kTitle) role = Text(role_begin, k + 1);
    ++k;
  }
  // "a Syrian refugee who works ...": "who" says person, whatever the noun.
  if (role.empty() && k < tags.size() && tags[k] == tag::kRelative &&
      LowerToken(k) == "who" && k > role_begin) {
    role = Text(role_begin, k);
  }
  if (!role.empty()) {
    e.person = true;
    if (e.role.empty()) e.role = role;
  }
}

// "McNeely was afraid to let her guard down": a personal pronoun later in
// the sentence of a subject, with no other name between, tells its gender.
void Resolver::NoteLaterPronoun(int entity, uint32_t after) {
  const std::string& tags = text_.tags;
  for (uint32_t k = after; k < tags.size() && k < after + 40; ++k) {
    const char t = tags[k];
    if (t == tag::kSentenceEnd || t == tag::kParagraph ||
        t == tag::kSoftBoundary || t == tag::kName || tag::IsQuotation(t)) {
      return;
    }
    if (t != tag::kPronoun && t != tag::kPossessive) continue;
    const std::string_view w = LowerToken(k);
    if (w == "he" || w == "his") {
      NoteGender(entity, Gender::kMale);
      return;
    }
    // "her" counts as a possessive only ("let her guard down"), not as an
    // object that may be someone else ("told her").
    const bool possessive_her =
        w == "her" && k + 1 < tags.size() && tag::In(tags[k + 1], "wNTOnt");
    if (w == "she" || possessive_her) {
      NoteGender(entity, Gender::kFemale);
      return;
    }
    if (w == "her") return;
  }
}

int Resolver::ResolvePronoun(std::string_view pronoun, uint32_t at,
                             TokenRange skip) const {
  const bool personal = pronoun == "he" || pronoun == "she";
  const Gender want = pronoun == "he"    ? Gender::kMale
                      : pronoun == "she" ? Gender::kFemale
                                         : Gender::kUnknown;
  if (!personal && pronoun != "it" && pronoun != "they") return -1;
  // Someone who spoke earlier in the pronoun's own sentence comes first,
  // even when the story has not shown that a person bears the name: in
  // "Obama said in a speech, as he called for ...", "he" is Obama, not a
  // Mr. Pike of the paragraph before.
  // Not when someone else who may be meant is named in between ("Okafor
  // said ..., but Ms. Brandt disagreed, and she added").
  auto compatible = [&](const Entity& e) { return MayBePerson(e, want); };
  if (personal && last_person_speaker_ >= 0 && last_person_speaker_at_ < at &&
      !skip.Contains(last_person_speaker_at_) &&
      text_.tokens[last_person_speaker_at_].sentence ==
          text_.tokens[at].sentence &&
      compatible(entities_[last_person_speaker_])) {
    bool other = false;
    for (auto it = mentions_.rbegin();
         it != mentions_.rend() && it->token > last_person_speaker_at_; ++it) {
      if (it->token < at && !skip.Contains(it->token) &&
          it->entity != last_person_speaker_ &&
          compatible(entities_[it->entity])) {
        other = true;
        break;
      }
    }
    if (!other) return last_person_speaker_;
  }
  return FindAntecedent(personal, want, at, skip);
}

int Resolver::FindAntecedent(bool personal, Gender want, uint32_t at,
                             TokenRange skip) const {
  // Pass 0: salient persons; pass 1: salient non-organisations (or
  // organisations for "it"/"they"); pass 2: any compatible mention.
  for (int pass = 0; pass < 3; ++pass) {
    int seen = 0;
    for (auto it = mentions_.rbegin();
         it != mentions_.rend() && seen < kLookback; ++it, ++seen) {
      if (it->token >= at) continue;
      if (skip.Contains(it->token)) continue;
      const Entity& e = entities_[it->entity];
      if (pass < 2 && !it->salient) continue;
      if (personal) {
        if (!MayBePerson(e, want)) continue;
        if (pass == 0 && !e.person) continue;
      } else {
        if (!e.organisation && (pass < 2 || e.person)) continue;
      }
      return it->entity;
    }
  }
  return -1;
}

int Resolver::ResolveRelative(uint32_t at) const {
  // The antecedent ends right before the relative pronoun (or its comma).
  uint32_t end = at;
  if (end > 0 && text_.tags[end - 1] == tag::kComma) --end;
  for (auto it = mentions_.rbegin(); it != mentions_.rend(); ++it) {
    if (it->token >= at) continue;
    if (it->token + 8 < end) break;
    return it->entity;
  }
  return -1;
}

int Resolver::ResolveRecent(bool organisation, uint32_t at,
                            bool salient_only) const {
  int seen = 0;
  for (auto it = mentions_.rbegin(); it != mentions_.rend() && seen < kLookback;
       ++it, ++seen) {
    if (it->token >= at || (salient_only && !it->salient)) continue;
    const Entity& e = entities_[it->entity];
    if (organisation ? e.organisation : e.person) return it->entity;
  }
  return -1;
}

// The head of the noun phrase tokens [begin, end): its last word, or the
// last word before a prepositional phrase ("the mayor in the end", "a
// lawyer for the dockhands").
uint32_t Resolver::HeadOf(uint32_t begin, uint32_t end) const {
  for (uint32_t k = begin + 1; k < end; ++k) {
    if (text_.tags[k] == tag::kPreposition) return k - 1;
  }
  return end - 1;
}

int Resolver::ResolveDescription(const Chunk& chunk, uint32_t head_at,
                                 uint32_t at) const {
  std::vector<std::string_view> words;
  std::string_view head;
  for (uint32_t k = chunk.begin; k < chunk.end; ++k) {
    const char t = text_.tags[k];
    if (t == tag::kDeterminer || t == tag::kPossessive) continue;
    words.push_back(LowerToken(k));
    if (k == head_at) head = words.back();
  }
  if (words.empty() || head.empty()) return -1;
  int best = -1, best_score = 0, seen = 0;
  for (auto it = mentions_.rbegin(); it != mentions_.rend() && seen < kLookback;
       ++it, ++seen) {
    if (it->token >= at) continue;
    const Entity& e = entities_[it->entity];
    // People by their role ("the French president"), organisations by
    // their name ("the ministry" -> "Ministry of Health").
    std::string role;
    if (e.organisation) {
      for (uint32_t k = e.name_begin; k < e.name_end; ++k) {
        role.append(LowerToken(k)).push_back(' ');
      }
    } else {
      role = Lower(e.role);
    }
    if (role.empty()) continue;
    if (!ContainsWord(role, head)) continue;
    int score = 0;
    for (const auto& w : words) score += ContainsWord(role, w);
    if (score > best_score) best = it->entity, best_score = score;
  }
  return best;
}

ResolvedSpeaker Resolver::FromEntity(int entity, Resolution resolution) const {
  ResolvedSpeaker r;
  const Entity& e = entities_[entity];
  for (uint32_t k = e.name_begin; k < e.name_end; ++k) {
    // A name with an acronym may hold commas ("Immigration, Refugees and
    // Citizenship Canada"), and an organisation's a genitive ("Moody's
    // Investors Service Inc"): no space before either.
    if (k > e.name_begin && text_.tags[k] != tag::kComma &&
        text_.tags[k] != tag::kGenitive) {
      r.name.push_back(' ');
    }
    r.name.append(text_.TokenText(k));
  }
  r.role = e.role;
  r.type = e.organisation ? ORGANIZATION : PERSON;
  r.resolution = resolution;
  r.entity = entity;
  return r;
}

ResolvedSpeaker Resolver::Continue(int entity, Resolution resolution) const {
  if (entity < 0) {
    ResolvedSpeaker r;
    r.resolution = resolution;
    return r;
  }
  return FromEntity(entity, resolution);
}

ResolvedSpeaker Resolver::ResolveGroup(TokenRange range) const {
  ResolvedSpeaker r;
  uint32_t b = range.begin;
  while (b < range.end && text_.tags[b] == tag::kPossessive) ++b;
  r.name = Text(b, range.end);
  if (!r.name.empty() && r.name[0] >= 'a' && r.name[0] <= 'z') {
    r.name[0] -= 32;
  }
  r.type = ORGANIZATION;
  r.resolution = NAME;
  return r;
}

// "Protesters said the plan would fail. They called it a bandage": "they"
// after a group that spoke, in its paragraph or the next, with no
// organisation named since, is that group, whatever FindAntecedent offers.
bool Resolver::TheyIsLastGroup(uint32_t at, TokenRange said) const {
  if (last_group_.empty() || last_group_.end > at) return false;
  if (said.Contains(last_group_.begin)) return false;
  // The group's paragraph or the next, page noise between not counted.
  if (ParagraphsAfter(last_group_.begin, at) > 1) return false;
  // No organisation named since (a place does not count: "They" after
  // "walked through Eastholm Park" is still the group).
  int seen = 0;
  for (auto it = mentions_.rbegin(); it != mentions_.rend() && seen < kLookback;
       ++it, ++seen) {
    if (it->token <= last_group_.begin || it->token >= at) continue;
    if (said.Contains(it->token)) continue;
    if (entities_[it->entity].organisation) return false;
  }
  return true;
}

ResolvedSpeaker Resolver::Resolve(TokenRange range, TokenRange said) {
  ResolvedSpeaker r = ResolveSpeaker(range, said);
  if (r.entity >= 0 && entities_[r.entity].organisation) {
    last_organisation_speaker_ = r.entity;
    last_organisation_speaker_at_ = range.begin;
    last_organisation_said_ = said;
  } else if (r.entity >= 0) {
    last_person_speaker_ = r.entity;
    last_person_speaker_at_ = range.begin;
  }
  if (r.entity >= 0) NoteDocuments(range, said, r.entity);
  return r;
}

bool Resolver::CommonWordsOnly(uint32_t begin, uint32_t end) const {
  for (uint32_t k = begin; k < end; ++k) {
    if ((text_.tokens[k].flags & Token::kCapitalised) &&
        !(text_.tokens[k].flags & Token::kSentenceInitial)) {
      return false;
    }
    if (!tag::In(text_.tags[k], "wOTy")) return false;
  }
  return true;
}

uint32_t Resolver::ParagraphsAfter(uint32_t from, uint32_t at) const {
  const uint32_t first = text_.tokens[from].paragraph;
  const uint32_t here = text_.tokens[at].paragraph;
  if (here <= first) return 0;
  uint32_t n = 1;  // the paragraph of "at"
  for (uint32_t p = first + 1; p < here; ++p) {
    if (!text_.paragraphs[p].noise) ++n;
  }
  return n;
}

int Resolver::LastOrganisationNamed(uint32_t at, TokenRange said) const {
  int seen = 0;
  for (auto it = mentions_.rbegin(); it != mentions_.rend() && seen < kLookback;
       ++it, ++seen) {
    if (it->token >= at || said.Contains(it->token) ||
        last_organisation_said_.Contains(it->token)) {
      continue;
    }
    if (!entities_[it->entity].organisation) continue;
    if (it->salient) return it->entity;
    // An object in the sentence of "at" or the one before, unless after a
    // preposition or a copula.
    if (text_.tokens[it->token].sentence + 1 < text_.tokens[at].sentence) {
      continue;
    }
    uint32_t j = it->token;
    while (j > 0 && tag::In(text_.tags[j - 1], "DG")) --j;
    if (j > 0 && !tag::In(text_.tags[j - 1], "pr")) return it->entity;
  }
  return -1;
}

void Resolver::NoteDocuments(TokenRange range, TokenRange said, int entity) {
  const std::string& tags = text_.tags;
  auto note = [&](uint32_t k) {
    documents_[AbslView(LowerToken(k))] = DocumentSeen{entity, range.begin};
  };
  for (uint32_t k = range.begin; k < range.end; ++k) {
    // Not a name ("Poll: Races are tight" is no poll's author).
    if (tags[k] != tag::kName && lex_.IsDocumentKind(LowerToken(k))) note(k);
  }
  // "said in a statement", "wrote on its blog", "In a letter to ...,":
  // "in" or "on" right after a cue verb or opening the sentence, then at
  // most three determiners, possessives or plain words, then the
  // document, outside the words said.
  const uint32_t sentence = text_.tokens[range.begin].sentence;
  const uint32_t begin = text_.sentence_starts[sentence];
  const uint32_t end = text_.SentenceEnd(sentence);
  for (uint32_t k = begin; k < end; ++k) {
    if (said.Contains(k) || range.Contains(k) || tags[k] != tag::kPreposition) {
      continue;
    }
    const std::string_view p = LowerToken(k);
    if (p != "in" && p != "on") continue;
    if (k != begin && !tag::In(tags[k - 1], "/.VKUMBb")) continue;
    for (uint32_t j = k + 1; j < end && j <= k + 4 && !said.Contains(j); ++j) {
      if (lex_.IsDocumentKind(LowerToken(j))) {
        // The head of "a blog post" is "post".
        while (j + 1 < end && !said.Contains(j + 1) &&
               lex_.IsDocumentKind(LowerToken(j + 1))) {
          ++j;
        }
        note(j);
        break;
      }
      if (!tag::In(tags[j], "DGw")) break;
    }
  }
}

int Resolver::DocumentAuthor(std::string_view kind, uint32_t at) const {
  auto it = documents_.find(AbslView(kind));
  if (it == documents_.end() || it->second.at >= at ||
      ParagraphsAfter(it->second.at, at) > kDocumentReach) {
    return -1;
  }
  return it->second.author;
}

int Resolver::RecentOrganisationSpeaker(uint32_t at) const {
  if (last_organisation_speaker_ < 0 ||
      ParagraphsAfter(last_organisation_speaker_at_, at) > kOrganisationReach) {
    return -1;
  }
  return last_organisation_speaker_;
}

ResolvedSpeaker Resolver::ResolveSpeaker(TokenRange range, TokenRange said) {
  ResolvedSpeaker r;
  const std::string& tags = text_.tags;
  if (range.empty()) {
    r.resolution = UNRESOLVED;
    return r;
  }
  if (range.end - range.begin == 1 && tags[range.begin] == tag::kPronoun) {
    const std::string_view lp = LowerToken(range.begin);
    if (lp == "they" && TheyIsLastGroup(range.begin, said)) {
      r = ResolveGroup(last_group_);
      r.resolution = PRONOUN;
      return r;
    }
    const int e = ResolvePronoun(lp, range.begin, said);
    if (e < 0) {
      r.resolution = UNRESOLVED;
      return r;
    }
    NoteGender(e, lp == "he"    ? Gender::kMale
                  : lp == "she" ? Gender::kFemale
                                : Gender::kUnknown);
    // What "it" stands for speaks as a body, not as a person.
    if (lp == "it" && !entities_[e].person) entities_[e].organisation = true;
    AddMention(e, range.begin, true);
    return FromEntity(e, PRONOUN);
  }
  if (range.end - range.begin == 1 && tags[range.begin] == tag::kRelative) {
    // "residents, who say", "Liberal MPs who say": a plural plain or role
    // noun just before "who" is a group, and the group speaks (what was
    // named a few words earlier is not it).  Not "which", which stands
    // for things as often ("The series, which says much about the town").
    uint32_t end = range.begin;
    if (end > 0 && tags[end - 1] == tag::kComma) --end;
    if (end > 0 && EqualsLowerAscii(LowerToken(range.begin), "who") &&
        tag::In(tags[end - 1], "wTO") &&
        (!(text_.tokens[end - 1].flags & Token::kCapitalised) ||
         (text_.tokens[end - 1].flags & Token::kSentenceInitial)) &&
        (LooksPlural(text_.TokenText(end - 1)) ||
         IsCollectiveNoun(text_.TokenText(end - 1)))) {
      uint32_t begin = end - 1;
      while (begin > 0 && end - begin < 4 && tag::In(tags[begin - 1], "NTO")) {
        --begin;
      }
      // A group inside a longer phrase ("the Bank of England governors",
      // "Smith's lawyers") is its head noun alone.
      if (begin > 0 && tag::In(tags[begin - 1], "p'")) begin = end - 1;
      last_group_ = TokenRange{begin, end};
      r = ResolveGroup(last_group_);
      r.resolution = PRONOUN;
      return r;
    }
    // "Guessford, who ... said": the noun just before is the speaker.
    const int e = ResolveRelative(range.begin);
    if (e >= 0) {
      AddMention(e, range.begin, true);
      return FromEntity(e, PRONOUN);
    }
    r.resolution = UNRESOLVED;
    return r;
  }
  Advance(range.begin);
  const uint32_t unread = cursor_;  // the speaker's tokens from here on
  cursor_ = std::max(cursor_, range.end);
  // "The National Rifle Association (NRA) said".  The name may begin
  // before the speaker's words, which stop at a comma: "Immigration,
  // Refugees and Citizenship Canada (IRCC) said".
  if (range.end - range.begin >= 4) {
    const int e = AcronymEntityAt(range.end - 3, /*speaker=*/true);
    if (e >= 0) return FromEntity(e, NAME);
  }
  // Any other bracket at the end is no part of the name: a party and a
  // state ("Sen. Lindsey Graham (R-SC)"), an age, a handle.
  if (tags[range.end - 1] == tag::kCloseBracket) {
    for (uint32_t k = range.end - 1; k > range.begin + 1; --k) {
      if (tags[k - 1] == tag::kOpenBracket) {
        range.end = k - 1;
        break;
      }
    }
  }
  Chunk c = ParseChunk(range.begin, range.end);
  if (c.name_end == c.name_begin + 1) {
    // "IRCC said", after "Immigration, Refugees and Citizenship Canada".
    const int e = ExpandAcronym(c.name_begin);
    if (e >= 0) {
      AddMention(e, c.name_begin, true);
      return FromEntity(e, NAME);
    }
  }
  if (c.name_begin < c.name_end) {
    const int e = FindOrAddEntity(c, true);
    entities_[e].name_like = true;
    NoteApposition(e, range.end);
    return FromEntity(e, NAME);
  }
  // "Kovac's spokesman, Dario Pell, said": the name in apposition is the
  // speaker and the description its role.
  {
    uint32_t k = range.end;
    if (k + 2 < tags.size() && tags[k] == tag::kComma &&
        tags[k + 1] == tag::kName) {
      uint32_t e = k + 1;
      while (e < tags.size() && e < k + 5 && tags[e] == tag::kName) ++e;
      if (e < tags.size() && tags[e] == tag::kComma) {
        Advance(e);
        Chunk named = ParseChunk(k + 1, e);
        if (named.name_begin < named.name_end) {
          const int ent = FindOrAddEntity(named, true);
          Entity& en = entities_[ent];
          en.name_like = en.person = true;
          if (en.role.empty()) {
            uint32_t rb = range.begin;
            while (rb < range.end && (tags[rb] == tag::kDeterminer ||
                                      tags[rb] == tag::kPossessive)) {
              ++rb;
            }
            en.role = Text(rb, range.end);
          }
          return FromEntity(ent, DESCRIPTION);
        }
      }
    }
  }
  // "Mr. Grassley and Mr. Leahy", "a spokesman for Mr. Prescott": no one
  // name is the speaker's, but the names are mentions all the same, which
  // later ones ("Mr. Leahy said") find.
  if (c.names_others && unread < range.end) {
    const uint32_t after = cursor_;
    cursor_ = unread;
    Advance(range.end);
    cursor_ = std::max(cursor_, after);
  }
  // No name: a description ("the French president") or an organisation
  // ("the ministry", "Police").
  const uint32_t head_at = HeadOf(range.begin, range.end);
  const char head = tags[head_at];
  // A document noun heading the mention ("the study", "a Fox News poll").
  const bool document =
      head_at + 1 == range.end && lex_.IsDocumentKind(LowerToken(head_at));
  // A document stands for the name before its noun, its author: "the
  // Civic Action study", "a new Fox News poll", "the Mueller report".
  if (document && tags[range.begin] == tag::kDeterminer) {
    // The name: capitalised names and organisation words ("Quinnipiac
    // University"), right before the noun.
    auto in_name = [&](uint32_t k) {
      return tag::In(tags[k], "NO") &&
             (text_.tokens[k].flags & Token::kCapitalised);
    };
    uint32_t nb = range.begin + 1;
    while (nb < head_at && !in_name(nb)) ++nb;
    uint32_t ne = nb;
    while (ne < head_at && in_name(ne)) ++ne;
    // One word alone must name someone already in view ("the Mueller
    // report") or be an acronym ("A BP statement"): else it may be a
    // feast or a place ("The Christmas letter").
    if (nb < ne && ne == head_at &&
        (ne - nb > 1 || tags[nb] == tag::kOrganisation ||
         (text_.tokens[nb].flags & Token::kAllCaps) ||
         FindEntity(nb, ne) >= 0)) {
      const Chunk named = ParseChunk(nb, ne);
      if (named.name_begin < named.name_end) {
        const int e = FindOrAddEntity(named, true);
        entities_[e].name_like = true;
        return FromEntity(e, NAME);
      }
    }
  }
  // A share or a count ("16 percent of Democratic voters", "3 analysts")
  // is a group, never one entity.
  const bool count = tags[range.begin] == tag::kNumber;
  const int e = count ? -1 : ResolveDescription(c, head_at, range.begin);
  if (e >= 0) {
    AddMention(e, range.begin, true);
    return FromEntity(e, DESCRIPTION);
  }
  const std::string_view first = LowerToken(range.begin);
  const std::string_view last = LowerToken(head_at);
  // "bespectacled professor" (a description cut from "the lanky,
  // bespectacled professor") reads as definite; "officials" and "people"
  // do not.
  const bool plural = last.back() == 's' || IsCollectiveNoun(last);
  const bool bare_singular =
      !c.has_determiner && !count && head == tag::kTitle &&
      !(text_.tokens[range.begin].flags & Token::kCapitalised) && !plural;
  const bool definite = first == "the" || bare_singular;
  // "the 67-year-old": a person of that age, the one in view as for "he"
  // or "she" (of either gender).
  if (definite && head == tag::kWord && last.size() > 8 &&
      last.substr(last.size() - 8) == "year-old") {
    const int p =
        FindAntecedent(/*personal=*/true, Gender::kUnknown, range.begin);
    if (p >= 0) {
      AddMention(p, range.begin, true);
      return FromEntity(p, DESCRIPTION);
    }
  }
  // An organisation described by a common noun alone ("the utility", "the
  // security firm") is found by name above, or else it is the
  // organisation that spoke last, not long before, if no organisation the
  // resolver knows as one (by an organisation word, a company suffix, an
  // acronym or "it") was named since (LastOrganisationNamed says which
  // count): "BC Hydro said ... The utility said".  Not merely the last
  // organisation in view, which is too often another one ("a study for
  // TransLink ... The ministry said"). Not one with a relative clause right
  // after it ("The official who briefed reporters said"): that clause picks out
  // someone new.
  const bool restricted =
      range.end < tags.size() && tags[range.end] == tag::kRelative;
  // Nor a role towards someone named ("The aide to Wright", "The
  // Archbishop of Canterbury"), unless it stands in apposition to the name
  // just before it ("Jim Miller, president of NAWG, said").
  const bool apposition = range.begin >= 2 &&
                          tags[range.begin - 1] == tag::kComma &&
                          tags[range.begin - 2] == tag::kName;
  // A document alone stands for whoever put out the last one of its kind,
  // not long before ("a study by Civic Action ... The study found"; "Smith
  // said in a statement ... The statement added"), with lower-case words
  // alone beside the noun, as below.
  if (document && first == "the" && !restricted) {
    // (The noun itself may be tagged a cue noun: "statement".)
    if (CommonWordsOnly(range.begin + 1, head_at)) {
      const int a = DocumentAuthor(last, range.begin);
      if (a >= 0) {
        AddMention(a, range.begin, true);
        return FromEntity(a, DESCRIPTION);
      }
    }
  }
  // (Lower-case words alone hold no preposition and no name, so the head
  // is the last word and no one else is named.)
  if (first == "the" && head == tag::kOrganisation && !plural &&
      lex_.IsOrganisationKind(last) && !restricted &&
      CommonWordsOnly(range.begin + 1, range.end)) {
    const int o = RecentOrganisationSpeaker(range.begin);
    if (o >= 0 && o == LastOrganisationNamed(range.begin, said)) {
      AddMention(o, range.begin, true);
      return FromEntity(o, DESCRIPTION);
    }
  }
  if (definite && head == tag::kTitle && !plural && !restricted &&
      (!c.names_others || apposition)) {
    // "the rookie defenceman", "the lanky professor": in news a definite
    // description of a person with no matching role is the person in view.
    const int p = ResolveRecent(/*organisation=*/false, range.begin);
    if (p >= 0) {
      AddMention(p, range.begin, true);
      return FromEntity(p, DESCRIPTION);
    }
  }
  if (!c.has_determiner &&
      (head == tag::kOrganisation || head == tag::kTitle) &&
      (plural || (text_.tokens[range.begin].flags & Token::kCapitalised))) {
    // A bare group or body: "Police", "Officials", "Health Canada".
    if (plural) last_group_ = range;
    return ResolveGroup(range);
  }
  // Unresolved: the mention itself is the best name there is ("a
  // spokesperson"); the resolution says so.
  r.name = Text(range.begin, range.end);
  r.type = (head == tag::kOrganisation) ? ORGANIZATION : PERSON;
  r.resolution = UNRESOLVED;
  return r;
}

}  // namespace quotes
