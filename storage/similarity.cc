// Copyright The Quote Tracker Authors.

#include "storage/similarity.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "quotes/utf8.h"
#include "storage/normalize.h"

namespace quotes {
namespace {

using Kind = SimilarityToken::Kind;

// Word weights as integers (tenths), so that the alignment is exact and
// the same on every machine.
constexpr int kContentUnits = 10;
constexpr int kFunctionUnits = 3;
static_assert(kFunctionUnits ==
                  static_cast<int>(kFunctionWordWeight * 10 + 0.5),
              "kFunctionUnits must match kFunctionWordWeight");

// The alignment is quadratic: longer texts are compared on their first
// words only, which keeps one comparison under a few milliseconds.
constexpr size_t kMaxComparedTokens = 1500;

enum class CharClass {
  kSeparator,
  kLetter,
  kDigit,
  kApostrophe,
  kPeriod,
  kComma,
};

// The classes of normalize.cc's word scanner (hyphens separate words), so
// that a claim splits into the words a canonical key holds.  It is
// repeated here because verification needs each word's byte offsets,
// which the canonical key does not keep.
CharClass Classify(char32_t cp) {
  if (cp >= '0' && cp <= '9') return CharClass::kDigit;
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
    return CharClass::kLetter;
  }
  switch (cp) {
    case '\'':
    case 0x2018:
    case 0x2019:
    case 0x02BC:
      return CharClass::kApostrophe;
    case '.':
      return CharClass::kPeriod;
    case ',':
      return CharClass::kComma;
    case 0xAA:
    case 0xB5:
    case 0xBA:
      return CharClass::kLetter;
  }
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return CharClass::kSeparator;
  if (cp >= 0x2000 && cp <= 0x206F) return CharClass::kSeparator;
  if (cp >= 0x3000 && cp <= 0x303F) return CharClass::kSeparator;
  if (cp >= 0xFF01 && cp <= 0xFF0F) return CharClass::kSeparator;
  if (cp >= 0xFFF0) return CharClass::kSeparator;
  return CharClass::kLetter;
}

// Hashed, as WordSet.
using WordMap = absl::flat_hash_map<std::string, std::string>;

// "form:base form:base ..." pairs.
WordMap* NewWordMap(std::string_view pairs) {
  auto* map = new WordMap;
  size_t start = 0;
  while (start < pairs.size()) {
    size_t end = pairs.find(' ', start);
    if (end == std::string_view::npos) end = pairs.size();
    const std::string_view pair = pairs.substr(start, end - start);
    const size_t colon = pair.find(':');
    if (colon != std::string_view::npos) {
      map->emplace(pair.substr(0, colon), pair.substr(colon + 1));
    }
    start = end + 1;
  }
  return map;
}

bool IsNegation(std::string_view word) {
  static const WordSet* const kWords =
      new WordSet("not no never nobody nothing none nowhere neither nor");
  return kWords->contains(word);
}

// Determiners, pronouns, prepositions, conjunctions and auxiliaries: the
// words a misquotation changes without changing what was said.  Words
// that carry meaning in a quotation ("all", "only", "some", "more") are
// content words.
bool IsFunctionWord(std::string_view word) {
  static const WordSet* const kWords = new WordSet(
      "a about after am an and are as at be because been before being but by "
      "can could did do does doing during for from had has have having he her "
      "hers herself him himself his how i if in into is it its itself me my "
      "myself of off on onto or our ours ourselves out over she should so "
      "than that the their theirs them themselves then there these they this "
      "those through to too under until up upon us was we were what when "
      "where whether which while who whom whose why will with would you your "
      "yours yourself yourselves shall may might must");
  return kWords->contains(word);
}

// Past tenses and participles whose stem the suffix rules cannot find,
// and the auxiliaries, mapped to one base each.  Tense changes in reported
// speech ("will" -> "would", "is" -> "was") are the commonest misquotes.
const WordMap& IrregularForms() {
  static const WordMap* const kForms = NewWordMap(
      "am:be is:be are:be was:be were:be been:be being:be "
      "has:have had:have having:have "
      "does:do did:do done:do doing:do "
      "would:will could:can might:may "
      "said:say says:say went:go gone:go goes:go gave:give given:give "
      "took:take taken:take made:make came:come knew:know known:know "
      "thought:think saw:see seen:see got:get gotten:get kept:keep "
      "began:begin begun:begin brought:bring felt:feel found:find held:hold "
      "meant:mean paid:pay ran:run sent:send spoke:speak spoken:speak "
      "spent:spend stood:stand won:win wrote:write written:write built:build "
      "lost:lose bought:buy taught:teach fell:fall fallen:fall led:lead "
      "became:become grew:grow grown:grow chose:choose chosen:choose "
      "drove:drive driven:drive broke:break broken:break forgot:forget "
      "forgotten:forget told:tell sold:sell heard:hear met:meet sat:sit "
      "rose:rise risen:rise sought:seek fought:fight caught:catch "
      "understood:understand shown:show drew:draw drawn:draw threw:throw "
      "thrown:throw wore:wear worn:wear ate:eat eaten:eat drank:drink "
      "flew:fly flown:fly hid:hide hidden:hide stole:steal stolen:steal "
      "froze:freeze frozen:freeze shook:shake shaken:shake dealt:deal fed:feed "
      "fled:flee lent:lend stuck:stick struck:strike dug:dig hung:hang "
      "shot:shoot slept:sleep swept:sweep bled:bleed laid:lay misled:mislead "
      "withdrew:withdraw withdrawn:withdraw overcame:overcome arose:arise "
      "undertook:undertake forgave:forgive forgiven:forgive "
      "men:man women:woman children:child");
  return *kForms;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool HasVowel(std::string_view s) {
  return std::any_of(s.begin(), s.end(), IsVowel);
}

bool IsAsciiLetter(char c) { return c >= 'a' && c <= 'z'; }

// "stopp" -> "stop", "runn" -> "run"; "fill", "miss", "add", "staff" and
// "buzz" keep theirs, since their base forms have them too.
void Undouble(std::string* w) {
  const size_t n = w->size();
  if (n < 3) return;
  const char c = (*w)[n - 1];
  if (c != (*w)[n - 2] || !IsAsciiLetter(c) || IsVowel(c)) return;
  if (c == 'l' || c == 's' || c == 'z' || c == 'f' || c == 'd') return;
  w->pop_back();
}

// Plural and third-person "-s": "clinics" -> "clinic", "taxes" -> "tax",
// "studies" -> "study"; "crisis", "status" and "business" are left alone.
void StripPlural(std::string* w) {
  const size_t n = w->size();
  if (n > 4 && EndsWith(*w, "ies")) {
    w->replace(n - 3, 3, "y");
  } else if (EndsWith(*w, "sses")) {
    w->resize(n - 2);
  } else if (EndsWith(*w, "ss") || EndsWith(*w, "us") || EndsWith(*w, "is")) {
    return;
  } else if (n > 4 && (EndsWith(*w, "ches") || EndsWith(*w, "shes"))) {
    w->resize(n - 2);
  } else if (n > 3 && EndsWith(*w, "es") &&
             ((*w)[n - 3] == 's' || (*w)[n - 3] == 'x' || (*w)[n - 3] == 'z')) {
    w->resize(n - 2);
  } else if (n > 3 && (*w)[n - 1] == 's') {
    w->pop_back();
  }
}

// "-ing" and "-ed", only when a vowel is left ("bring", "thing" and "red"
// stay); "-ied" -> "y".  Returns true when a suffix came off.
bool StripTense(std::string* w) {
  const size_t n = w->size();
  if (n > 4 && EndsWith(*w, "ied")) {
    w->replace(n - 3, 3, "y");
    return false;
  }
  if (n > 4 && EndsWith(*w, "ing") && HasVowel(w->substr(0, n - 3))) {
    w->resize(n - 3);
    return true;
  }
  if (n > 4 && EndsWith(*w, "eed")) {
    w->pop_back();  // "agreed" -> "agree"; "need" and "feed" stay
    return false;
  }
  if (n > 3 && EndsWith(*w, "ed") && !EndsWith(*w, "eed") &&
      HasVowel(w->substr(0, n - 2))) {
    w->resize(n - 2);
    return true;
  }
  return false;
}

// Turns a scanned word into tokens: contractions become two words
// ("won't" -> will not, "it's" -> it is), a possessive "'s" goes.
void EmitWord(const std::string& word, uint32_t start, uint32_t end,
              std::vector<SimilarityToken>* out) {
  const auto push = [&](std::string w) {
    SimilarityToken token;
    token.stem = LightStem(w);
    token.kind = IsNegation(w)       ? Kind::kNegation
                 : IsFunctionWord(w) ? Kind::kFunction
                                     : Kind::kContent;
    token.word = std::move(w);
    token.start = start;
    token.end = end;
    out->push_back(std::move(token));
  };
  if (word == "cannot") {
    push("can");
    push("not");
    return;
  }
  const size_t apostrophe = word.rfind('\'');
  if (apostrophe == std::string::npos || apostrophe == 0) {
    push(word);
    return;
  }
  const std::string base = word.substr(0, apostrophe);
  const std::string suffix = word.substr(apostrophe + 1);
  if (suffix == "t" && EndsWith(base, "n") && base.size() > 1) {
    static const WordMap* const kNegated =
        NewWordMap("wo:will ca:can sha:shall ai:be");
    const std::string stem = base.substr(0, base.size() - 1);
    const auto it = kNegated->find(stem);
    push(it != kNegated->end() ? it->second : stem);
    push("not");
    return;
  }
  static const WordMap* const kSuffixes =
      NewWordMap("ll:will re:are ve:have m:am d:would");
  const auto it = kSuffixes->find(suffix);
  if (it != kSuffixes->end()) {
    push(base);
    push(it->second);
    return;
  }
  if (suffix == "s") {
    static const WordSet* const kIs =
        new WordSet("it that there here what who where he she how");
    push(base);
    if (base == "let") {
      push("us");
    } else if (kIs->contains(base)) {
      push("is");
    }
    return;
  }
  push(word);
}

// Splits text into words with their byte ranges, as normalize.cc's
// scanner splits it into canonical words.
class Scanner {
 public:
  explicit Scanner(std::vector<SimilarityToken>* out) : out_(out) {}

  void Run(std::string_view text) {
    size_t pos = 0;
    while (pos < text.size()) {
      char32_t cp = 0;
      const int len = DecodeUtf8(text, pos, &cp);
      Feed(text, cp, pos, pos + len);
      pos += len;
    }
    Flush();
  }

 private:
  void Feed(std::string_view text, char32_t cp, size_t start, size_t end) {
    const CharClass cls = Classify(cp);
    switch (cls) {
      case CharClass::kLetter:
      case CharClass::kDigit:
        Append(text.substr(start, end - start), start, end,
               cls == CharClass::kDigit);
        return;
      case CharClass::kApostrophe:
        Hold(raw_.empty() ? 0 : '\'');
        return;
      case CharClass::kPeriod:
      case CharClass::kComma:
        Hold(last_was_digit_ ? static_cast<char>(cp) : 0);
        return;
      case CharClass::kSeparator:
        Flush();
        return;
    }
  }

  void Hold(char c) {
    if (held_ != 0 || c == 0) {
      Flush();
      return;
    }
    held_ = c;
  }

  void Append(std::string_view bytes, size_t start, size_t end, bool digit) {
    if (held_ != 0) {
      if ((held_ == '.' || held_ == ',') && !digit) Flush();
      if (held_ != 0) raw_.push_back(held_);
      held_ = 0;
    }
    if (raw_.empty()) start_ = start;
    raw_.append(bytes);
    end_ = end;
    last_was_digit_ = digit;
  }

  void Flush() {
    if (!raw_.empty()) {
      EmitWord(LowerUtf8(raw_), static_cast<uint32_t>(start_),
               static_cast<uint32_t>(end_), out_);
    }
    raw_.clear();
    held_ = 0;
    last_was_digit_ = false;
  }

  std::vector<SimilarityToken>* const out_;
  std::string raw_;
  size_t start_ = 0;
  size_t end_ = 0;
  char held_ = 0;
  bool last_was_digit_ = false;
};

int Units(const SimilarityToken& token) {
  return token.kind == Kind::kFunction ? kFunctionUnits : kContentUnits;
}

// How each word of the claim and of the quote was matched.
enum class Match { kNone, kAnchor, kMoved, kPaired };

struct Alignment {
  std::vector<Match> claim;
  std::vector<Match> quote;
  // For matched and paired words, the index of the partner.
  std::vector<int> claim_partner;
  std::vector<int> quote_partner;
  // Added claim words, by the quote position they are inserted before.
  std::multimap<int, int> inserted;
  // Changed words: each quote word's change (-1: none), and each change's
  // claim words.
  std::vector<int> quote_group;
  std::vector<std::vector<int>> group_claims;
  // The covered part of the quote, [lo, hi]; lo > hi when nothing matched.
  int lo = 0;
  int hi = -1;
  // The most content words the claim puts in place of the quote's in one
  // gap between matched words (the smaller of the two sides' counts).
  int largest_substitution = 0;
};

// The weighted longest common subsequence of stems: the claim's words in
// the quote's order.  Marks the pairs as anchors.
void AlignInOrder(const std::vector<SimilarityToken>& c,
                  const std::vector<SimilarityToken>& q, Alignment* a) {
  const size_t m = c.size();
  const size_t n = q.size();
  // best[i][j]: the heaviest common subsequence of c[i..] and q[j..].
  std::vector<int> best((m + 1) * (n + 1), 0);
  const auto at = [n](size_t i, size_t j) { return i * (n + 1) + j; };
  for (size_t i = m; i-- > 0;) {
    for (size_t j = n; j-- > 0;) {
      int value = std::max(best[at(i + 1, j)], best[at(i, j + 1)]);
      if (c[i].stem == q[j].stem) {
        value = std::max(value, Units(c[i]) + best[at(i + 1, j + 1)]);
      }
      best[at(i, j)] = value;
    }
  }
  size_t i = 0;
  size_t j = 0;
  while (i < m && j < n) {
    if (c[i].stem == q[j].stem &&
        best[at(i, j)] == Units(c[i]) + best[at(i + 1, j + 1)]) {
      a->claim[i] = a->quote[j] = Match::kAnchor;
      a->claim_partner[i] = static_cast<int>(j);
      a->quote_partner[j] = static_cast<int>(i);
      ++i;
      ++j;
    } else if (best[at(i + 1, j)] >= best[at(i, j + 1)]) {
      ++i;
    } else {
      ++j;
    }
  }
}

void Link(Match match, int i, int j, Alignment* a) {
  a->claim[i] = a->quote[j] = match;
  a->claim_partner[i] = j;
  a->quote_partner[j] = i;
}

// Claim words left over that occur elsewhere in the quote: a reordered
// clause.  Content words match anywhere; function words only inside the
// part the anchors cover, so that a stray "the" cannot stretch it.
void MatchMoved(const std::vector<SimilarityToken>& c,
                const std::vector<SimilarityToken>& q, Alignment* a) {
  int lo = static_cast<int>(q.size());
  int hi = -1;
  for (int j = 0; j < static_cast<int>(q.size()); ++j) {
    if (a->quote[j] != Match::kAnchor) continue;
    lo = std::min(lo, j);
    hi = std::max(hi, j);
  }
  for (const bool content : {true, false}) {
    for (int i = 0; i < static_cast<int>(c.size()); ++i) {
      if (a->claim[i] != Match::kNone) continue;
      if ((c[i].kind != Kind::kFunction) != content) continue;
      for (int j = 0; j < static_cast<int>(q.size()); ++j) {
        if (a->quote[j] != Match::kNone || q[j].stem != c[i].stem) continue;
        if (!content && (j < lo || j > hi)) continue;
        Link(Match::kMoved, i, j, a);
        if (content) {
          lo = std::min(lo, j);
          hi = std::max(hi, j);
        }
        break;
      }
    }
  }
}

// Pairs the unmatched words between consecutive anchors as changed words
// and records the rest of the claim's as insertions.  Before the first
// anchor the pairs are taken next to it (the claim's last words with the
// quote's last), after the last anchor likewise.
void PairGaps(const std::vector<SimilarityToken>& c,
              const std::vector<SimilarityToken>& q, Alignment* a) {
  std::vector<std::pair<int, int>> anchors;
  for (int i = 0; i < static_cast<int>(c.size()); ++i) {
    if (a->claim[i] == Match::kAnchor)
      anchors.emplace_back(i, a->claim_partner[i]);
  }
  const int m = static_cast<int>(c.size());
  const int n = static_cast<int>(q.size());
  for (size_t g = 0; g <= anchors.size(); ++g) {
    const int ci = g == 0 ? 0 : anchors[g - 1].first + 1;
    const int ce = g == anchors.size() ? m : anchors[g].first;
    const int qi = g == 0 ? 0 : anchors[g - 1].second + 1;
    const int qe = g == anchors.size() ? n : anchors[g].second;
    std::vector<int> cs;
    std::vector<int> qs;
    for (int i = ci; i < ce; ++i) {
      if (a->claim[i] == Match::kNone) cs.push_back(i);
    }
    for (int j = qi; j < qe; ++j) {
      if (a->quote[j] == Match::kNone) qs.push_back(j);
    }
    const auto content_count = [](const std::vector<SimilarityToken>& t,
                                  const std::vector<int>& at) {
      return static_cast<int>(std::count_if(at.begin(), at.end(), [&](int x) {
        return t[x].kind != Kind::kFunction;
      }));
    };
    a->largest_substitution =
        std::max(a->largest_substitution,
                 std::min(content_count(c, cs), content_count(q, qs)));
    if (cs.empty()) continue;  // quote words only: dropped or outside
    const bool leading = g == 0 && !anchors.empty();
    const bool trailing = g == anchors.size() && !anchors.empty();
    if (qs.empty()) {
      // Claim words only: inserted right before the next anchor.
      for (const int i : cs) a->inserted.emplace(leading ? qe : qi, i);
      continue;
    }
    // Words on both sides: the claim's replace the quote's, as one change.
    // Before the first anchor and after the last, a shorter claim replaces
    // only the quote's words next to the anchor; the others lie outside
    // the part it covers.
    std::vector<int> replaced = qs;
    if (cs.size() < qs.size() && leading) {
      replaced.assign(qs.end() - cs.size(), qs.end());
    } else if (cs.size() < qs.size() && trailing) {
      replaced.assign(qs.begin(), qs.begin() + cs.size());
    }
    const int group = static_cast<int>(a->group_claims.size());
    a->group_claims.push_back(cs);
    for (const int j : replaced) {
      a->quote[j] = Match::kPaired;
      a->quote_group[j] = group;
    }
    for (const int i : cs) a->claim[i] = Match::kPaired;
  }
}

void FindCoveredPart(const std::vector<SimilarityToken>& q, Alignment* a) {
  a->lo = static_cast<int>(q.size());
  a->hi = -1;
  for (int j = 0; j < static_cast<int>(q.size()); ++j) {
    if (a->quote[j] == Match::kNone) continue;
    a->lo = std::min(a->lo, j);
    a->hi = std::max(a->hi, j);
  }
}

// The claim's words for a run of claim tokens, as written, one space
// apart (the two words of a contraction share a range: it is shown once).
std::string ClaimWords(std::string_view claim,
                       const std::vector<SimilarityToken>& c,
                       const std::vector<int>& indexes) {
  std::string out;
  uint32_t last_start = UINT32_MAX;
  for (const int i : indexes) {
    if (c[i].start == last_start) continue;
    last_start = c[i].start;
    if (!out.empty()) out.push_back(' ');
    out.append(claim.substr(c[i].start, c[i].end - c[i].start));
  }
  return out;
}

DiffOp::Kind QuoteOpKind(const Alignment& a,
                         const std::vector<SimilarityToken>& c,
                         const std::vector<SimilarityToken>& q, int j) {
  if (j < a.lo || j > a.hi) return DiffOp::Kind::kOutside;
  switch (a.quote[j]) {
    case Match::kAnchor:
      return c[a.quote_partner[j]].word == q[j].word
                 ? DiffOp::Kind::kSame
                 : DiffOp::Kind::kInflection;
    case Match::kMoved:
      return DiffOp::Kind::kMoved;
    case Match::kPaired:
      return DiffOp::Kind::kChanged;
    case Match::kNone:
      break;
  }
  return DiffOp::Kind::kDropped;
}

std::vector<DiffOp> BuildDiff(std::string_view claim,
                              const std::vector<SimilarityToken>& c,
                              const std::vector<SimilarityToken>& q,
                              const Alignment& a) {
  std::vector<DiffOp> ops;
  std::vector<int> inflected;  // claim words of the open inflection op
  std::vector<bool> group_shown(a.group_claims.size(), false);
  int open_group = -1;
  const auto close_inflection = [&]() {
    if (!inflected.empty()) {
      ops.back().claim_words = ClaimWords(claim, c, inflected);
    }
    inflected.clear();
  };
  const int n = static_cast<int>(q.size());
  for (int j = 0; j <= n; ++j) {
    const auto [first, last] = a.inserted.equal_range(j);
    if (first != last) {
      close_inflection();
      std::vector<int> added;
      for (auto it = first; it != last; ++it) added.push_back(it->second);
      std::sort(added.begin(), added.end());
      DiffOp op;
      op.kind = DiffOp::Kind::kAdded;
      op.quote_start = op.quote_end = j > 0 ? q[j - 1].end : q[0].start;
      op.claim_words = ClaimWords(claim, c, added);
      ops.push_back(op);
      open_group = -1;
    }
    if (j == n) break;
    DiffOp::Kind kind = QuoteOpKind(a, c, q, j);
    const int group = kind == DiffOp::Kind::kChanged ? a.quote_group[j] : -1;
    // A change split by a moved word shows the claim's words once.
    if (group >= 0 && group != open_group && group_shown[group]) {
      kind = DiffOp::Kind::kDropped;
    }
    const bool continues =
        !ops.empty() && ops.back().kind == kind &&
        (kind != DiffOp::Kind::kChanged || group == open_group);
    if (!continues) {
      close_inflection();
      DiffOp op;
      op.kind = kind;
      op.quote_start = q[j].start;
      if (kind == DiffOp::Kind::kChanged) {
        op.claim_words = ClaimWords(claim, c, a.group_claims[group]);
        group_shown[group] = true;
      }
      ops.push_back(op);
      open_group = kind == DiffOp::Kind::kChanged ? group : -1;
    }
    ops.back().quote_end = q[j].end;
    if (kind == DiffOp::Kind::kInflection) {
      inflected.push_back(a.quote_partner[j]);
    }
  }
  close_inflection();
  return ops;
}

// True iff the claim is the covered part word for word.
bool IsVerbatim(const std::vector<SimilarityToken>& c,
                const std::vector<SimilarityToken>& q, const Alignment& a) {
  if (static_cast<int>(c.size()) != a.hi - a.lo + 1) return false;
  for (size_t i = 0; i < c.size(); ++i) {
    if (a.claim[i] != Match::kAnchor || c[i].word != q[a.lo + i].word) {
      return false;
    }
  }
  return true;
}

Verdict VerdictFor(double score) {
  if (score >= kCloseWordingScore) return Verdict::kCloseWording;
  if (score >= kParaphraseScore) return Verdict::kParaphrase;
  return Verdict::kNotFound;
}

}  // namespace

std::string LightStem(std::string_view word) {
  std::string w(word);
  const auto irregular = IrregularForms().find(w);
  if (irregular != IrregularForms().end()) w = irregular->second;
  // Numbers, and words in other alphabets, have no English suffixes.
  if (w.size() <= 3 || !std::all_of(w.begin(), w.end(), IsAsciiLetter)) {
    return w;
  }
  StripPlural(&w);
  const bool stripped = StripTense(&w);
  if (w.size() > 3 && w.back() == 'e') w.pop_back();
  if (stripped) Undouble(&w);
  return w;
}

std::vector<SimilarityToken> SimilarityTokens(std::string_view text) {
  std::vector<SimilarityToken> tokens;
  Scanner(&tokens).Run(text);
  return tokens;
}

namespace {

// The distinct stems of the content words among "tokens", sorted.
std::vector<std::string> StemsOf(const std::vector<SimilarityToken>& tokens) {
  // Views sort and move without copying the stems.
  std::vector<std::string_view> views;
  for (const SimilarityToken& token : tokens) {
    if (token.kind != Kind::kContent || token.stem.empty() ||
        token.stem.size() > kMaxIndexedWordBytes) {
      continue;
    }
    views.push_back(token.stem);
  }
  std::sort(views.begin(), views.end());
  views.erase(std::unique(views.begin(), views.end()), views.end());
  return std::vector<std::string>(views.begin(), views.end());
}

}  // namespace

std::vector<std::string> IndexStems(std::string_view text) {
  return StemsOf(SimilarityTokens(text));
}

std::string WordStem(std::string_view word) {
  std::vector<SimilarityToken> tokens;
  EmitWord(std::string(word), 0, 0, &tokens);
  const SimilarityToken* content = nullptr;
  for (const SimilarityToken& token : tokens) {
    if (token.kind != Kind::kContent) continue;
    if (content != nullptr) return {};  // two: no one stem stands for it
    content = &token;
  }
  if (content == nullptr || content->stem.empty() ||
      content->stem.size() > kMaxIndexedWordBytes) {
    return {};
  }
  return content->stem;
}

char FormByte(std::string_view word) {
  uint64_t h = Fnv1a64(word);
  // FNV-1a's low bits depend on the low bits of the bytes alone: fold the
  // high ones in.
  h ^= h >> 32;
  h ^= h >> 16;
  h ^= h >> 8;
  return static_cast<char>(h & 0xff);
}

const char* VerdictText(Verdict verdict) {
  switch (verdict) {
    case Verdict::kExact:
      return "exact";
    case Verdict::kCloseWording:
      return "close wording";
    case Verdict::kParaphrase:
      return "paraphrase-like overlap";
    case Verdict::kNotFound:
      break;
  }
  return "not found";
}

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kExact:
      return "exact";
    case Verdict::kCloseWording:
      return "close_wording";
    case Verdict::kParaphrase:
      return "paraphrase";
    case Verdict::kNotFound:
      break;
  }
  return "not_found";
}

const char* DiffOpName(DiffOp::Kind kind) {
  switch (kind) {
    case DiffOp::Kind::kSame:
      return "same";
    case DiffOp::Kind::kInflection:
      return "inflection";
    case DiffOp::Kind::kChanged:
      return "changed";
    case DiffOp::Kind::kDropped:
      return "dropped";
    case DiffOp::Kind::kAdded:
      return "added";
    case DiffOp::Kind::kMoved:
      return "moved";
    case DiffOp::Kind::kOutside:
      return "outside";
  }
  return "";
}

Comparison CompareClaim(std::string_view claim, std::string_view quote) {
  return CompareTokens(claim, SimilarityTokens(claim), quote);
}

Comparison CompareTokens(std::string_view claim,
                         const std::vector<SimilarityToken>& claim_tokens,
                         std::string_view quote) {
  Comparison result;
  std::vector<SimilarityToken> q = SimilarityTokens(quote);
  if (q.size() > kMaxComparedTokens) q.resize(kMaxComparedTokens);
  const std::vector<SimilarityToken> c(
      claim_tokens.begin(),
      claim_tokens.begin() + std::min(claim_tokens.size(), kMaxComparedTokens));
  if (c.empty() || q.empty()) return result;

  Alignment a;
  a.claim.assign(c.size(), Match::kNone);
  a.quote.assign(q.size(), Match::kNone);
  a.claim_partner.assign(c.size(), -1);
  a.quote_partner.assign(q.size(), -1);
  a.quote_group.assign(q.size(), -1);
  AlignInOrder(c, q, &a);
  MatchMoved(c, q, &a);
  // Only function words in common ("we", "the"): nothing was quoted.
  const bool content_shared =
      std::any_of(c.begin(), c.end(), [&](const SimilarityToken& t) {
        return t.kind != Kind::kFunction &&
               a.claim[&t - c.data()] != Match::kNone;
      });
  if (!content_shared) return result;
  PairGaps(c, q, &a);
  FindCoveredPart(q, &a);

  int claim_units = 0;
  double matched_units = 0;
  int moved_units = 0;
  int claim_negations = 0;
  for (size_t i = 0; i < c.size(); ++i) {
    claim_units += Units(c[i]);
    if (c[i].kind == Kind::kNegation) ++claim_negations;
    if (a.claim[i] != Match::kAnchor && a.claim[i] != Match::kMoved) continue;
    const bool same_form = c[i].word == q[a.claim_partner[i]].word;
    matched_units += Units(c[i]) * (same_form ? 1.0 : kInflectionCredit);
    if (a.claim[i] == Match::kMoved) moved_units += Units(c[i]);
  }
  int inside_units = 0;
  int total_units = 0;
  int quote_negations = 0;
  for (int j = 0; j < static_cast<int>(q.size()); ++j) {
    total_units += Units(q[j]);
    if (j < a.lo || j > a.hi) continue;
    inside_units += Units(q[j]);
    if (q[j].kind == Kind::kNegation) ++quote_negations;
  }
  const double precision = matched_units / claim_units;
  const double recall =
      matched_units /
      (inside_units + kOutsideWeight * (total_units - inside_units));
  const double dice = precision + recall > 0
                          ? 2 * precision * recall / (precision + recall)
                          : 0;
  result.score =
      dice * (1 - kOrderWeight * moved_units / std::max(matched_units, 1.0));
  result.coverage = static_cast<double>(inside_units) / total_units;
  result.excerpt = a.lo > 0 || a.hi < static_cast<int>(q.size()) - 1;
  result.negation_differs = claim_negations != quote_negations;
  result.diff = BuildDiff(claim, c, q, a);

  int shared_content_words = 0;
  for (size_t i = 0; i < c.size(); ++i) {
    if (c[i].kind != Kind::kFunction && a.claim[i] != Match::kNone &&
        a.claim[i] != Match::kPaired) {
      ++shared_content_words;
    }
  }
  // A few words found inside a longer quote ("single clinic") say little
  // about whether the rest was said: such excerpts are never more than an
  // overlap.
  const bool substantial =
      !result.excerpt || shared_content_words >= kMinExcerptContentWords;
  // A phrase put in place of another ("the new ferry terminal" for "rural
  // bus routes") makes another statement, however many words around it
  // agree.
  const bool substituted = a.largest_substitution >= kSubstitutedPhraseWords;
  if (IsVerbatim(c, q, a) && substantial) {
    if (!result.excerpt) result.score = 1.0;
    result.verdict = Verdict::kExact;
  } else {
    result.verdict = VerdictFor(result.score);
    if ((!substantial || substituted) &&
        result.verdict > Verdict::kParaphrase) {
      result.verdict = Verdict::kParaphrase;
    }
  }
  return result;
}

std::string MarkedDiff(std::string_view quote,
                       const std::vector<DiffOp>& diff) {
  std::string out;
  size_t pos = 0;
  // After an insertion or an ellipsis the next words need a space unless
  // the stored text puts something between them.
  bool need_space = false;
  bool ends_outside = false;
  // The stored text between two ops: spaces and punctuation as written.
  const auto gap = [&](size_t to) {
    const std::string_view between = quote.substr(pos, to > pos ? to - pos : 0);
    if (need_space && between.empty() && !out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
    need_space = false;
    out.append(between);
    pos = std::max(pos, to);
  };
  for (const DiffOp& op : diff) {
    const std::string words(
        quote.substr(op.quote_start, op.quote_end - op.quote_start));
    ends_outside = op.kind == DiffOp::Kind::kOutside;
    switch (op.kind) {
      case DiffOp::Kind::kOutside:
        // Words the claim does not quote become an ellipsis: the stored
        // text is shown whole beside the diff.
        if (!out.empty()) out.push_back(' ');
        out += "\u2026";
        pos = op.quote_end;
        need_space = true;
        continue;
      case DiffOp::Kind::kAdded:
        gap(op.quote_start);
        if (!out.empty() && out.back() != ' ') out.push_back(' ');
        out += "{+" + op.claim_words + "+}";
        need_space = true;
        continue;
      case DiffOp::Kind::kDropped:
        gap(op.quote_start);
        out += "[-" + words + "-]";
        break;
      case DiffOp::Kind::kChanged:
      case DiffOp::Kind::kInflection:
        gap(op.quote_start);
        out += "[-" + words + "-]{+" + op.claim_words + "+}";
        break;
      case DiffOp::Kind::kSame:
      case DiffOp::Kind::kMoved:
        gap(op.quote_start);
        out += words;
        break;
    }
    pos = op.quote_end;
  }
  if (!ends_outside) gap(quote.size());
  return out;
}

}  // namespace quotes
