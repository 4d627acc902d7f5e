// Copyright The Quote Tracker Authors.
//
// The extraction pipeline: tokenize and tag (quotes/tokenizer.h), run the
// rule cascade over the tag string (quotes/rules.h), resolve speakers
// (quotes/resolver.h), and build Quote records.

#include "quotes/extractor.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "quotes/extractor_impl.h"
#include "quotes/lexicon.h"
#include "quotes/resolver.h"
#include "quotes/rules.h"
#include "quotes/tags.h"
#include "quotes/tokenizer.h"
#include "quotes/utf8.h"

namespace quotes {

extern const char kEmbeddedRules[];
extern const char kEmbeddedLexicon[];

const char kExtractorVersion[] = "quotes-engine/0.1";

namespace {

// Tokens past a sentence or paragraph a rule may see: the next break, a
// quotation and what closes it ("... said: / "Q" .").
constexpr size_t kWindowReach = 4;
// Tokens before a sentence a rule may see: a quotation, the soft stop
// after it, and the boundary before the quotation ("/ Q ; He said .").
constexpr size_t kWindowBefore = 3;

class ErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty()) {
      first_ = "line " + std::to_string(line + 1) + ":" +
               std::to_string(column + 1) + ": " + message;
    }
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

template <typename Message>
Status ParseText(const std::string& text, const std::string& name,
                 Message* message) {
  google::protobuf::TextFormat::Parser parser;
  ErrorCollector errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text, message)) {
    return Status::InvalidArgument(name, errors.first());
  }
  return Status::OK();
}

Status ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path, "cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IOError(path, "read failed");
  *out = ss.str();
  return Status::OK();
}

enum Claim : uint8_t { kCueClaimed = 1, kContentClaimed = 2 };

// True iff a token range holds at least "min" words (not punctuation), a
// quotation's included.  It stops counting there: a reported content runs
// on for tens of tokens, and the rules ask for a few words.
bool HasWords(const TokenizedText& tt, TokenRange r, int min) {
  int n = 0;
  for (uint32_t i = r.begin; i < r.end && n < min; ++i) {
    const char t = tt.tags[i];
    if (tag::IsQuotation(t)) {
      n += static_cast<int>(tt.quotations[tt.tokens[i].aux].words);
    } else {
      n += (t >= 'A' && t <= 'Z') || (t >= 'a' && t <= 'z') || t == '&' ||
           t == '\'';
    }
  }
  return n >= min;
}

bool IsPluralSubject(const TokenizedText& tt, uint32_t i) {
  const char t = tt.tags[i];
  const std::string_view w = tt.TokenText(i);
  if (t == tag::kPronoun) {
    return !(w == "he" || w == "He" || w == "she" || w == "She" || w == "it" ||
             w == "It");
  }
  if (t == tag::kDeterminer) return true;  // "Some say", "Many believe"
  if (t == tag::kNumber) return true;      // "Four in 10 say"
  // A capitalised plural: "Millennials say", "Democrats say"; an acronym
  // with a plural "s": "MPs say", "CEOs say".
  if (t == tag::kName) {
    if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's') return true;
    return w.size() >= 3 && w.back() == 's' &&
           std::all_of(w.begin(), w.end() - 1,
                       [](char c) { return c >= 'A' && c <= 'Z'; });
  }
  if (t == tag::kTitle || t == tag::kOrganisation) {
    return w.back() == 's' || w.back() == 'S' || IsCollectiveNoun(w);
  }
  return false;
}

// True iff token "i" is a plain word that reads as a plural noun.
bool IsPluralPlainWord(const TokenizedText& tt, uint32_t i) {
  return tt.tags[i] == tag::kWord && LooksPlural(tt.TokenText(i));
}

// A speaker of names before a plain word, before its cue ("Democratic
// operatives said"), is a group only when the word is a plural noun:
// "Trump again said" names no one new.  So is a speaker ending in a plain
// word after a coordinator ("Her advisers and allies said").  Other
// speakers pass.
bool GroupHeadIsPlural(const TokenizedText& tt, TokenRange speaker,
                       TokenRange cue) {
  if (speaker.empty() || speaker.end > cue.begin ||
      tt.tags[speaker.end - 1] != tag::kWord) {
    return true;
  }
  // A plain word joined to a noun before it: "Her advisers and allies
  // said", but not "the government and participating states".
  bool joined = false;
  for (uint32_t i = speaker.begin; i < speaker.end; ++i) {
    joined |= tt.tags[i] == tag::kCoordinator;
  }
  if (tt.tags[speaker.begin] != tag::kName && !joined) return true;
  return IsPluralPlainWord(tt, speaker.end - 1);
}

// A determiner alone is a speaker only where it stands for people: "Some
// say", "Many believe", "One said", "Another added"; an article, a
// demonstrative or a determiner that needs its noun ("any", "every", "no",
// "such", "other") is not ("The said", from "The 67-year-old also said"
// when the rest of the phrase went unread).  Other speakers pass.
bool LoneDeterminerIsSpeaker(const TokenizedText& tt, TokenRange speaker) {
  if (speaker.end - speaker.begin != 1 ||
      tt.tags[speaker.begin] != tag::kDeterminer) {
    return true;
  }
  const std::string_view w = tt.TokenText(speaker.begin);
  return IsStandaloneQuantifier(w) ||
         EqualsAnyLowerAscii(w, {"one", "another", "each", "two", "three"});
}

// A base form ("say") is a cue after an auxiliary or modal ("will say"),
// or after a plural subject: a pronoun other than he/she/it, a quantifier,
// or a noun phrase with a plural role or group noun ("officials say",
// "critics like Huffman say").  After a name or a singular noun it is not
// a verb of speech ("a May protest").  After a relative pronoun that
// follows a plural noun ("critics who say") it is a cue only when
// "listed_lemmas" (the rule names its verbs): most verbs there tell what
// people do ("people who write viruses", "analysts who know GAF").
bool BaseFormIsCue(const TokenizedText& tt, uint32_t cue, TokenRange speaker,
                   bool listed_lemmas) {
  const char t = tt.tags[cue];
  if (t != tag::kCueBase && t != tag::kCueBaseThat) return true;
  uint32_t k = cue;
  while (k > 0 && tt.tags[k - 1] == tag::kAdverb) --k;
  if (k == 0) return false;
  const char before = tt.tags[k - 1];
  if (before == tag::kAuxiliary || before == tag::kNegation) return true;
  if (speaker.empty() || speaker.end > cue) return false;
  // "veteran MPs who say", "residents, who say": a relative pronoun is as
  // plural as the noun it follows.
  if (speaker.end - speaker.begin == 1 &&
      tt.tags[speaker.begin] == tag::kRelative) {
    // Only "who": "whose" opens a subject of its own ("Republicans, whose
    // appeal ..."), and "which" stands for things as often ("the bylaws,
    // which say").
    if (!listed_lemmas ||
        !EqualsLowerAscii(tt.TokenText(speaker.begin), "who")) {
      return false;
    }
    uint32_t noun = speaker.begin;
    if (noun > 0 && tt.tags[noun - 1] == tag::kComma) --noun;
    return noun > 0 &&
           (IsPluralPlainWord(tt, noun - 1) || IsPluralSubject(tt, noun - 1));
  }
  // "Protest groups say"; but in "the jobs report has ..." the base form
  // with an auxiliary after it heads its own subject.
  if (IsPluralPlainWord(tt, speaker.end - 1)) {
    return !(cue + 1 < tt.tags.size() && tt.tags[cue + 1] == tag::kAuxiliary);
  }
  // "Grassley and Leahy say": names joined by "and" are plural.  A name
  // on both sides: not a name ending in an organisation's head ("The Food
  // and Agriculture Organisation"), nor a title ("vice president and
  // general counsel"; plural titles pass below), nor "The insurgency and
  // campaign for a Muslim state".
  if (tt.tags[speaker.end - 1] == tag::kName) {
    for (uint32_t i = speaker.begin + 1; i + 1 < speaker.end; ++i) {
      if (tt.tags[i] == tag::kCoordinator && tt.tags[i - 1] == tag::kName &&
          EqualsAnyLowerAscii(tt.TokenText(i), {"and", "&"})) {
        return true;
      }
    }
  }
  // "those surveyed say": a plural determiner opens a plural subject.
  const std::string_view first = tt.TokenText(speaker.begin);
  if (tt.tags[speaker.begin] == tag::kDeterminer &&
      (EqualsLowerAscii(first, "those") || EqualsLowerAscii(first, "these"))) {
    return true;
  }
  for (uint32_t i = speaker.begin; i < speaker.end; ++i) {
    if (IsPluralSubject(tt, i) &&
        (tt.tags[i] != tag::kDeterminer || speaker.end - speaker.begin == 1)) {
      return true;
    }
  }
  return false;
}

// After a relative clause on the speaker, with no comma to close it ("the
// man who filed the reports against him ..."), a cue form in -s right
// after a noun or a plain word is the clause's object ("violence
// reports", "made claims"), not the speaker's verb.  Other cues pass.
bool CueAfterRelativeIsVerb(const TokenizedText& tt, TokenRange speaker,
                            TokenRange cue) {
  if (speaker.empty() || speaker.end >= cue.begin ||
      tt.tags[speaker.end] != tag::kRelative) {
    return true;
  }
  const std::string_view w = tt.TokenText(cue.begin);
  if (w.empty() || (w.back() != 's' && w.back() != 'S')) return true;
  return !tag::In(tt.tags[cue.begin - 1], "wnNTOC'");
}

// A subject right after "if", "unless" or "whether" says nothing: a
// condition or a question holds no statement ("if she repeats that in
// Madrid", "asked whether the farmers felt that ...").  "even if" grants
// one ("even if the coach admitted Cardiff was unforgiving").
bool OpensCondition(const TokenizedText& tt, TokenRange speaker) {
  if (speaker.begin == 0 || tt.tags[speaker.begin - 1] != tag::kSubordinator ||
      !EqualsAnyLowerAscii(tt.TokenText(speaker.begin - 1),
                           {"if", "unless", "whether"})) {
    return false;
  }
  return !(speaker.begin >= 2 &&
           EqualsLowerAscii(tt.TokenText(speaker.begin - 2), "even"));
}

}  // namespace

// Trims and checks the content of "c" against the rule and the claims so
// far.  A reported content that is one whole quotation is a direct quote.
bool ExtractorImpl::AcceptContent(const TokenizedText& tt, const Rule& rule,
                                  const std::vector<uint8_t>& claims,
                                  Candidate* c) const {
  const std::string& tags = tt.tags;
  // Content never starts with a conjunction nor ends on a comma, a dash or
  // a conjunction.
  while (c->content.end > c->content.begin &&
         tag::In(tags[c->content.end - 1], ",-:&")) {
    --c->content.end;
  }
  while (c->content.begin < c->content.end &&
         tag::In(tags[c->content.begin], ",&")) {
    ++c->content.begin;
  }
  if (c->content.empty()) return false;
  for (uint32_t i = c->content.begin; i < c->content.end; ++i) {
    if (claims[i] & kContentClaimed) return false;
  }
  const bool one_quotation = c->content.end - c->content.begin == 1 &&
                             tag::IsQuotation(tags[c->content.begin]);
  if (c->kind == Rule::DIRECT && !one_quotation) return false;
  if (one_quotation) {
    const Quotation& quo = tt.quotations[tt.tokens[c->content.begin].aux];
    if (quo.content_end <= quo.content_start) return false;
    c->kind = Rule::DIRECT;
  }
  return HasWords(tt, c->content, static_cast<int>(rule.min_content_tokens()));
}

// True iff a cue verb of "cue" has one of "lemmas" (lexicon indices).
bool ExtractorImpl::CueLemmaIn(const TokenizedText& tt, TokenRange cue,
                               const std::vector<int>& lemmas) const {
  for (uint32_t i = cue.begin; i < cue.end; ++i) {
    if (!tag::IsCueVerb(tt.tags[i])) continue;
    const int lemma = static_cast<int>(tt.tokens[i].aux);
    if (std::find(lemmas.begin(), lemmas.end(), lemma) != lemmas.end()) {
      return true;
    }
  }
  return false;
}

ExtractorImpl::Verdict ExtractorImpl::Accept(
    const TokenizedText& tt, const RuleMatch& m, std::vector<uint8_t>* claims,
    std::vector<Candidate>* out) const {
  const Rule& rule = rules_->rule(m.rule);
  // A conjunction or a time opening a sentence is no part of its
  // subject: "But Republicans said", "And the minister said", "Last month
  // Australia's competition watchdog said"; a time that owns the subject
  // is ("Friday's report said").
  TokenRange speaker = m.speaker;
  while (speaker.end - speaker.begin > 1 &&
         (tt.tags[speaker.begin] == tag::kCoordinator ||
          (tt.tags[speaker.begin] == tag::kTime &&
           tt.tags[speaker.begin + 1] != tag::kGenitive))) {
    ++speaker.begin;
  }
  if (rule.action() != Rule::CONTINUE) {
    if (m.cue.empty()) return Verdict::kRefused;
    for (uint32_t i = m.cue.begin; i < m.cue.end; ++i) {
      if ((*claims)[i] & kCueClaimed) return Verdict::kRefused;
    }
    const std::vector<int>& lemmas = cue_lemmas_[m.rule];
    if (!lemmas.empty() && !CueLemmaIn(tt, m.cue, lemmas)) {
      return Verdict::kRefused;
    }
    if (!CueAfterRelativeIsVerb(tt, speaker, m.cue) ||
        OpensCondition(tt, speaker)) {
      return Verdict::kRefused;
    }
    if (!BaseFormIsCue(tt, m.cue.begin, speaker, !lemmas.empty()) ||
        !GroupHeadIsPlural(tt, speaker, m.cue) ||
        !LoneDeterminerIsSpeaker(tt, speaker)) {
      return Verdict::kRefusedSpeaker;
    }
  }
  Candidate c;
  c.rule = m.rule;
  c.action = rule.action();
  c.kind = rule.kind();
  c.cue = m.cue;
  c.speaker = speaker;
  c.addressee = m.addressee;
  c.content = m.content;
  // Content before its speaker that holds another speaker's attribution
  // (", Smith said,") starts after it: the words before are Smith's.
  if (rule.kind() == Rule::INDIRECT && c.content.end <= speaker.begin) {
    c.content.begin = static_cast<uint32_t>(
        rules_->AfterEmbeddedCue(tt.tags, c.content.begin, c.content.end));
  }
  if (rule.action() != Rule::SUPPRESS &&
      !AcceptContent(tt, rule, *claims, &c)) {
    return Verdict::kRefused;
  }
  auto claim = [claims](TokenRange r, uint8_t bit) {
    for (uint32_t i = r.begin; i < r.end; ++i) (*claims)[i] |= bit;
  };
  claim(c.cue, kCueClaimed);
  claim(c.content, kContentClaimed);
  if (rule.action() == Rule::SUPPRESS) return Verdict::kAccepted;
  out->push_back(c);
  // A second part that ends in another speaker's attribution ("and the
  // plan works, Jones added") is that speaker's.
  if (!m.more.empty() &&
      rules_->EmbeddedCueAt(tt.tags, m.more.begin, m.more.end) == m.more.end) {
    Candidate more = c;
    more.kind = rule.kind();
    more.content = m.more;
    if (AcceptContent(tt, rule, *claims, &more)) {
      claim(more.content, kContentClaimed);
      out->push_back(more);
    }
  }
  return Verdict::kAccepted;
}

TokenRange ExtractorImpl::SentenceWindow(const TokenizedText& tt, size_t s) {
  const size_t size = tt.tags.size();
  const size_t b = tt.sentence_starts[s];
  const size_t next = tt.SentenceEnd(s);
  TokenRange w;
  w.begin = static_cast<uint32_t>(b >= kWindowBefore ? b - kWindowBefore : 0);
  w.end = static_cast<uint32_t>(std::min(size, next + kWindowReach));
  return w;
}

void ExtractorImpl::RunRules(const TokenizedText& tt,
                             std::vector<Candidate>* out) const {
  std::vector<uint8_t> claims(tt.tags.size(), 0);
  RuleMatch m;
  const std::string_view tags = tt.tags;
  // One tag set a token, so that the prefilter's tests below cost an AND
  // a token.
  std::vector<RuleSet::TagSet> sets(tags.size());
  for (size_t i = 0; i < tags.size(); ++i) sets[i].Add(tags[i]);
  struct Sentence {
    size_t begin, end;  // tags, with context on either side
    RuleSet::TagSet present;
    uint64_t satisfied = 0;  // RuleSet::Satisfied(present)
    // The tags of tokens not claimed as cues; stale once a match claims a
    // cue inside [begin, end).
    RuleSet::TagSet free_cues;
    bool stale = false;
  };
  std::vector<Sentence> sentences;
  // Rules run paragraph by paragraph, in catalogue order within each.  A
  // rule scans a paragraph from the first sentence window (SentenceWindow;
  // the paragraph, for rules that span sentences) that holds every tag the
  // rule requires, in order, and a cue tag no earlier match claimed; after
  // a match it scans on only when a window still holds those tags in order
  // after the point where the scan resumes, and a free cue.  A scan of a
  // rule that does not span sentences ends with the last window whose tags
  // pass MayMatch.  RE2 calls cost more than these tests (most of it per
  // call, not per tag), so most are spared, and the rest read fewer tags.
  size_t s = 0;
  for (size_t p = 0; p < tt.paragraphs.size(); ++p) {
    const Paragraph& para = tt.paragraphs[p];
    const size_t own_end = p + 1 < tt.paragraphs.size()
                               ? tt.paragraphs[p + 1].first_token
                               : tags.size();
    const size_t end = std::min(tags.size(), own_end + kWindowReach);
    sentences.clear();
    while (s < tt.sentence_starts.size() &&
           tt.sentence_starts[s] < para.first_token) {
      ++s;
    }
    RuleSet::TagSet whole;
    for (; s < tt.sentence_starts.size() && tt.sentence_starts[s] < own_end;
         ++s) {
      Sentence w;
      const TokenRange window = SentenceWindow(tt, s);
      w.begin = window.begin;
      w.end = window.end;
      for (size_t i = w.begin; i < w.end; ++i) w.present.Union(sets[i]);
      w.satisfied = para.noise ? 0 : rules_->Satisfied(w.present);
      w.free_cues = w.present;
      whole.Union(w.present);
      sentences.push_back(w);
    }
    if (para.noise || sentences.empty()) continue;
    const uint64_t whole_satisfied = rules_->Satisfied(whole);
    auto sentence_free_cues = [&](Sentence& w) -> const RuleSet::TagSet& {
      if (w.stale) {
        w.free_cues = RuleSet::TagSet();
        for (size_t i = w.begin; i < w.end; ++i) {
          if (!(claims[i] & kCueClaimed)) w.free_cues.Union(sets[i]);
        }
        w.stale = false;
      }
      return w.free_cues;
    };
    // The free cues of [from, end) for a rule that spans sentences: those
    // of the windows that reach past "from".  The windows cover the
    // paragraph and its reach, so this holds every free cue of the range
    // (and perhaps a few of the context before it, which only lets a scan
    // through).
    auto free_cues_from = [&](size_t from) {
      RuleSet::TagSet set;
      for (Sentence& w : sentences) {
        if (w.end > from) set.Union(sentence_free_cues(w));
      }
      return set;
    };
    // The first token at or after "from" where a match of rule "r" that
    // could be accepted (its cue free) may start, by the prefilter; "end"
    // when none may.  A match of a rule that does not span sentences lies
    // within one sentence's window, and so starts at or after the begin of
    // the first window, ending after "from", that passes: its tags from
    // "from" on hold the rule's in order, and it has a free cue.  Calls for
    // one rule come with "from" increasing, and "*next" keeps the first
    // sentence not yet ruled out: a window that failed stays failed, for
    // its tags do not change, claims only grow and "from" only increases.
    auto first_candidate = [&](size_t r, size_t from, size_t* next) {
      if (rules_->SpansSentences(r)) {
        return rules_->CueMayMatch(r, free_cues_from(from)) &&
                       rules_->MayMatchInOrder(r, sets.data(), from, end)
                   ? from
                   : end;
      }
      for (; *next < sentences.size(); ++*next) {
        Sentence& w = sentences[*next];
        if (w.end <= from) continue;
        const size_t start = std::max(w.begin, from);
        if (rules_->MayMatch(r, w.satisfied, w.present) &&
            rules_->CueMayMatch(r, sentence_free_cues(w)) &&
            rules_->MayMatchInOrder(r, sets.data(), start, w.end)) {
          return start;
        }
      }
      return end;
    };
    for (size_t r = 0; r < rules_->size(); ++r) {
      // "whole" holds every sentence's tags: a rule it rules out skips the
      // paragraph without a look at each sentence.
      if (!rules_->MayMatch(r, whole_satisfied, whole)) continue;
      size_t next = 0;
      size_t from = first_candidate(r, para.first_token, &next);
      if (from >= end) continue;
      // The scans stop at "to", the end of the last window that passes
      // MayMatch, not at the paragraph's end.  Every match lies within a
      // window (SentenceWindow) holding its tags, which passes MayMatch,
      // and windows end in sentence order, so no match ends after "to":
      // the leftmost-first match in [from, end) is also the one RE2 finds
      // in [from, to).
      size_t to = end;
      if (!rules_->SpansSentences(r)) {
        size_t last = sentences.size();
        while (last > next + 1 &&
               !rules_->MayMatch(r, sentences[last - 1].satisfied,
                                 sentences[last - 1].present)) {
          --last;
        }
        to = sentences[last - 1].end;
      }
      // After a match refused for its subject alone, one more scan from
      // just after its start: a later subject may go with the same cue
      // ("a plan which critics say", "Local farmers and officials in the
      // region argue").  That scan counts only if it finds the same cue;
      // else the rule goes on after the refused cue, as after any
      // refusal.  One retry a refusal keeps the calls linear: a run of
      // appositions before one cue ("the analyst, the analyst, ... say")
      // is not rescanned for each.
      bool retry = false;
      TokenRange refused_cue;
      while (from < to && rules_->Match(r, tags, from, to, &m) &&
             m.whole.begin < own_end) {
        size_t resume;
        Verdict verdict;
        if (retry && !(m.cue.begin == refused_cue.begin &&
                       m.cue.end == refused_cue.end)) {
          verdict = Verdict::kRefused;
          resume = refused_cue.begin;
        } else {
          verdict = Accept(tt, m, &claims, out);
          // Matches may overlap: the boundary that ends one sentence
          // starts the next.  The scan resumes just after this match's cue
          // (its start, for a rule without one): any match before that
          // would take the same cue, which is claimed now, or was already,
          // or is one this rule refuses.
          resume = m.cue.empty() ? m.whole.begin
                                 : std::max(m.whole.begin, m.cue.begin);
          if (verdict == Verdict::kRefusedSpeaker && !retry && !m.cue.empty()) {
            refused_cue = m.cue;
            resume = m.whole.begin;
            retry = true;
            from = first_candidate(r, resume + 1, &next);
            continue;
          }
        }
        retry = false;
        if (verdict == Verdict::kAccepted) {
          // Only the windows that hold the cue it claimed lose a free cue.
          // Windows begin and end in sentence order, so those are a run
          // found by bisection: a paragraph of many sentences and matches
          // costs no scan of all its windows for each match.
          auto w = std::partition_point(
              sentences.begin(), sentences.end(),
              [&](const Sentence& x) { return x.end <= m.cue.begin; });
          for (; w != sentences.end() && w->begin < m.cue.end; ++w) {
            w->stale = true;
          }
        }
        from = first_candidate(r, resume + 1, &next);
      }
    }
  }
}

void ExtractorImpl::Resolve(const TokenizedText& tt,
                            std::vector<Candidate>* cands) const {
  if (cands->empty()) return;  // nothing to resolve, no text to copy
  Resolver resolver(*lexicon_, tt);
  // Speakers in text order of their mentions, so the entity table grows as
  // a reader's would.
  std::vector<Candidate*> by_speaker;
  for (Candidate& c : *cands) {
    if (c.action == Rule::EMIT) by_speaker.push_back(&c);
  }
  std::sort(by_speaker.begin(), by_speaker.end(),
            [](const Candidate* a, const Candidate* b) {
              return a->speaker.begin < b->speaker.begin;
            });
  for (Candidate* c : by_speaker) {
    resolver.Advance(c->speaker.begin);
    c->resolved = resolver.Resolve(c->speaker, c->content);
  }
  // Continuations take the speaker of the quote before them.
  std::sort(cands->begin(), cands->end(),
            [](const Candidate& a, const Candidate& b) {
              return a.content.begin < b.content.begin;
            });
  const Candidate* prev = nullptr;
  for (Candidate& c : *cands) {
    if (c.action != Rule::CONTINUE) {
      prev = &c;
      continue;
    }
    const uint32_t para = tt.tokens[c.content.begin].paragraph;
    bool near = false;
    if (prev != nullptr) {
      uint32_t p = tt.tokens[prev->content.end - 1].paragraph;
      near = p == para;
      // The previous paragraph, skipping page noise between.
      while (!near && p + 1 <= para) {
        ++p;
        near = p == para;
        if (!near && !tt.paragraphs[p].noise) break;
      }
    }
    if (!near) {
      c.action = Rule::SUPPRESS;  // a quotation nobody is known to have said
      continue;
    }
    c.resolved = prev->resolved;
    if (c.resolved.resolution != UNRESOLVED)
      c.resolved.resolution = CONTINUATION;
    c.speaker = TokenRange();
    prev = &c;
  }
}

void ExtractorImpl::Emit(const Document& doc, const TokenizedText& tt,
                         const Candidate& c, Quote* q) const {
  const Rule& rule = rules_->rule(c.rule);
  const std::string_view text = tt.text;
  uint32_t cs, ce;
  if (c.kind == Rule::DIRECT) {
    const Quotation& quo = tt.quotations[tt.tokens[c.content.begin].aux];
    cs = quo.content_start;
    ce = quo.content_end;
    // A trailing comma belongs to the sentence around the quotation.
    while (ce > cs && (text[ce - 1] == ',' || text[ce - 1] == ' ')) --ce;
    q->set_kind(DIRECT);
  } else {
    cs = tt.tokens[c.content.begin].start;
    ce = tt.tokens[c.content.end - 1].end;
    bool mixed = false;
    for (uint32_t i = c.content.begin; i < c.content.end; ++i) {
      mixed |= tag::IsQuotation(tt.tags[i]);
    }
    q->set_kind(mixed ? MIXED : INDIRECT);
  }
  std::string s;
  AppendValidUtf8(text.substr(cs, ce - cs), &s);
  q->set_text(std::move(s));

  SpeakerRef* sp = q->mutable_speaker();
  s.clear();
  AppendValidUtf8(c.resolved.name, &s);
  sp->set_name(s);
  s.clear();
  AppendValidUtf8(c.resolved.role, &s);
  sp->set_role(s);
  sp->set_type(c.resolved.type);
  sp->set_resolution(c.resolved.resolution);
  Source* src = q->add_sources();
  src->set_doc_id(doc.doc_id());
  src->set_url(doc.url());
  src->set_title(doc.title());
  src->set_outlet(doc.outlet());
  src->set_published(doc.published());
  src->mutable_content()->set_start(cs);
  src->mutable_content()->set_end(ce);
  if (!c.speaker.empty()) {
    const uint32_t ss = tt.tokens[c.speaker.begin].start;
    const uint32_t se = tt.tokens[c.speaker.end - 1].end;
    src->mutable_speaker()->set_start(ss);
    src->mutable_speaker()->set_end(se);
    s.clear();
    AppendValidUtf8(text.substr(ss, se - ss), &s);
    sp->set_mention(s);
  }
  if (!c.cue.empty()) {
    const uint32_t us = tt.tokens[c.cue.begin].start;
    const uint32_t ue = tt.tokens[c.cue.end - 1].end;
    src->mutable_cue()->set_start(us);
    src->mutable_cue()->set_end(ue);
    s.clear();
    AppendValidUtf8(text.substr(us, ue - us), &s);
    q->set_cue(s);
    for (uint32_t i = c.cue.begin; i < c.cue.end; ++i) {
      if (tag::IsCueVerb(tt.tags[i])) {
        q->set_cue_lemma(lexicon_->lemma(static_cast<int>(tt.tokens[i].aux)));
        break;
      }
      if (tt.tags[i] == tag::kAccording) {
        q->set_cue_lemma("according to");
        break;
      }
    }
  }
  if (!c.addressee.empty()) {
    const uint32_t as = tt.tokens[c.addressee.begin].start;
    const uint32_t ae = tt.tokens[c.addressee.end - 1].end;
    s.clear();
    AppendValidUtf8(text.substr(as, ae - as), &s);
    q->set_addressee(s);
  }
  // The sentences holding the quote, for a reader's context.
  const uint32_t anchor = c.cue.empty() ? c.content.begin : c.cue.begin;
  uint32_t first = std::min(anchor, c.content.begin);
  uint32_t last = std::max(anchor, c.content.end - 1);
  if (!c.speaker.empty()) {
    first = std::min(first, c.speaker.begin);
    last = std::max(last, c.speaker.end - 1);
  }
  const uint32_t s0 = tt.sentence_starts[tt.tokens[first].sentence];
  const uint32_t s1 = tt.SentenceEnd(tt.tokens[last].sentence);
  uint32_t ctx_start = tt.tokens[s0].start;
  uint32_t ctx_end = tt.tokens[s1 - 1].end;
  const uint32_t max_context = static_cast<uint32_t>(
      std::min<size_t>(options_.max_context_bytes, UINT32_MAX));
  if (ctx_end - ctx_start > max_context) {
    // Keep the start of the quote in view: a little before it, then on.
    const uint32_t lead = max_context / 4;
    ctx_start = std::max(ctx_start, cs > lead ? cs - lead : 0);
    ctx_end = std::min<uint32_t>(ctx_end, ctx_start + max_context);
    // Never cut inside a UTF-8 sequence.
    while (ctx_start < ctx_end &&
           (static_cast<unsigned char>(text[ctx_start]) & 0xC0) == 0x80) {
      ++ctx_start;
    }
    while (ctx_end > ctx_start && ctx_end < text.size() &&
           (static_cast<unsigned char>(text[ctx_end]) & 0xC0) == 0x80) {
      --ctx_end;
    }
  }
  if (ctx_end > ctx_start) {
    s.clear();
    AppendValidUtf8(text.substr(ctx_start, ctx_end - ctx_start), &s);
    src->set_context(s);
  }
  src->set_paragraph(tt.tokens[anchor].paragraph);
  src->set_sentence(tt.tokens[anchor].sentence);

  float confidence = rule.confidence();
  switch (c.resolved.resolution) {
    case PRONOUN:
      confidence *= 0.95f;
      break;
    case DESCRIPTION:
      confidence *= 0.9f;
      break;
    case UNRESOLVED:
      confidence *= 0.7f;
      break;
    default:
      break;
  }
  q->set_confidence(confidence);
  q->set_rule_id(rule.id());
  q->set_extractor_version(kExtractorVersion);
}

void ExtractorImpl::Tokenize(std::string_view text, TokenizedText* tt) const {
  tokenizer_.Tokenize(text, tt);
  // A final break so that patterns ending at a boundary match at the end.
  Token end;
  end.start = end.end = static_cast<uint32_t>(text.size());
  end.paragraph = static_cast<uint32_t>(tt->paragraphs.size());
  end.sentence = static_cast<uint32_t>(tt->sentence_starts.size() - 1);
  tt->tokens.push_back(end);
  tt->tags.push_back(tag::kParagraph);
}

Status ExtractorImpl::Extract(const Document& doc,
                              std::vector<Quote>* quotes) const {
  const std::string& text = doc.text();
  if (text.size() > options_.max_document_bytes) {
    return Status::ResourceExhausted(
        doc.doc_id(), "document of " + std::to_string(text.size()) +
                          " bytes is over the limit of " +
                          std::to_string(options_.max_document_bytes));
  }
  TokenizedText tt;
  Tokenize(text, &tt);
  std::vector<Candidate> cands;
  RunRules(tt, &cands);
  Resolve(tt, &cands);
  for (const Candidate& c : cands) {
    if (c.action == Rule::SUPPRESS) continue;
    quotes->emplace_back();
    Emit(doc, tt, c, &quotes->back());
  }
  return Status::OK();
}

Status Extractor::Create(const Options& options,
                         std::unique_ptr<Extractor>* extractor) {
  extractor->reset();
  std::string rules_text = kEmbeddedRules;
  std::string rules_name = "quotes/rules.textproto";
  if (!options.rules_path.empty()) {
    QUOTES_RETURN_IF_ERROR(ReadFile(options.rules_path, &rules_text));
    rules_name = options.rules_path;
  }
  RuleSetProto rules_proto;
  QUOTES_RETURN_IF_ERROR(ParseText(rules_text, rules_name, &rules_proto));
  LexiconProto lexicon_proto;
  QUOTES_RETURN_IF_ERROR(
      ParseText(kEmbeddedLexicon, "quotes/lexicon.textproto", &lexicon_proto));
  std::unique_ptr<Lexicon> lexicon;
  QUOTES_RETURN_IF_ERROR(Lexicon::Create(lexicon_proto, &lexicon));
  std::unique_ptr<RuleSet> rules;
  Status s = RuleSet::Create(rules_proto, &rules);
  if (!s.ok()) return Status::InvalidArgument(rules_name, s.message());
  // A cue lemma no verb of the lexicon has would silently disable its rule,
  // and so would a verb list no one defined.
  std::map<std::string, const VerbList*> verb_lists;
  for (const VerbList& list : rules_proto.verb_list()) {
    if (!verb_lists.emplace(list.name(), &list).second) {
      return Status::InvalidArgument(
          rules_name, "verb_list " + list.name() + ": duplicate name");
    }
  }
  std::vector<std::vector<int>> cue_lemmas(rules->size());
  for (size_t r = 0; r < rules->size(); ++r) {
    const Rule& rule = rules->rule(r);
    std::vector<const std::string*> lemmas;
    for (const std::string& lemma : rule.cue_lemma()) lemmas.push_back(&lemma);
    for (const std::string& name : rule.cue_verbs()) {
      auto list = verb_lists.find(name);
      if (list == verb_lists.end()) {
        return Status::InvalidArgument(rules_name, "rule " + rule.id() +
                                                       ": cue_verbs \"" + name +
                                                       "\" is no verb_list");
      }
      for (const std::string& lemma : list->second->lemma()) {
        lemmas.push_back(&lemma);
      }
    }
    for (const std::string* lemma : lemmas) {
      const LexEntry* e = lexicon->Find(*lemma);
      if (e == nullptr || e->lemma < 0 || lexicon->lemma(e->lemma) != *lemma) {
        return Status::InvalidArgument(
            rules_name, "rule " + rule.id() + ": cue_lemma \"" + *lemma +
                            "\" is no cue verb of the lexicon");
      }
      cue_lemmas[r].push_back(e->lemma);
    }
  }
  extractor->reset(new ExtractorImpl(options, std::move(lexicon),
                                     std::move(rules), std::move(cue_lemmas)));
  return Status::OK();
}

}  // namespace quotes
