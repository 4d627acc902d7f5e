// Copyright The Quote Tracker Authors.
//
// RuleSet: the attribution rules of quotes/rules.textproto, compiled.
// Each rule is an RE2 pattern over a document's tag string (quotes/tags.h)
// with named groups for the speaker, the cue, the content and the
// addressee; macros ({NP}) are expanded first.
//
// Thread safety: immutable after Create(); Match() may run concurrently.

#ifndef QUOTES_RULES_H_
#define QUOTES_RULES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "quotes/catalogue.pb.h"
#include "quotes/status.h"
#include "quotes/tags.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace quotes {

// A half-open range of token indexes; empty when begin == end.
struct TokenRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool empty() const { return begin >= end; }
  bool Contains(uint32_t k) const { return k >= begin && k < end; }
  bool Overlaps(TokenRange o) const {
    return !empty() && !o.empty() && begin < o.end && o.begin < end;
  }
};

struct RuleMatch {
  int rule = -1;
  TokenRange whole;
  TokenRange speaker;
  TokenRange cue;
  TokenRange content;
  TokenRange addressee;
  // A second part of the content with the same speaker and cue ("It is on
  // his watch, Scheer said, that ..."); usually empty.
  TokenRange more;
};

class RuleSet {
 public:
  // Compiles "proto".  On failure returns InvalidArgument whose message
  // names the rule (or macro, or noise pattern) and what is wrong with it:
  // a duplicate id, an undefined macro, a pattern RE2 rejects, a tag outside
  // the alphabet, a missing group, a pattern that matches nothing at all.
  static Status Create(const RuleSetProto& proto,
                       std::unique_ptr<RuleSet>* rules);
  ~RuleSet();

  size_t size() const { return rules_.size(); }
  const Rule& rule(size_t i) const { return rules_[i].proto; }
  // The pattern of rule i with its macros expanded.
  const std::string& expanded_pattern(size_t i) const {
    return rules_[i].expanded;
  }

  // Finds the leftmost match of rule "i" in tags[from, to) (the rest of
  // "tags" is context).  Returns false when there is none.
  bool Match(size_t i, std::string_view tags, size_t from, size_t to,
             RuleMatch* match) const;

  // A set of tags, one bit per tag of the alphabet (every other byte
  // shares the last bit).
  struct TagSet {
    uint64_t bits = 0;
    void Add(unsigned char c) { bits |= uint64_t{1} << tag::BitOf(c); }
    void Union(const TagSet& o) { bits |= o.bits; }
    bool Intersects(const TagSet& o) const { return (bits & o.bits) != 0; }
  };

  // True iff rule "i" may match text whose tags are "present": every
  // mandatory element of its pattern names tags, and the text must hold one
  // of each ("Q" and one of "VKUM" for a direct quote before its cue).  A
  // cheap test that spares most scans.
  bool MayMatch(size_t i, const TagSet& present) const {
    for (const TagSet& s : rules_[i].required) {
      if (!present.Intersects(s)) return false;
    }
    return true;
  }

  // The same test for every rule at once.  The rules' required tag sets,
  // each counted once, are numbered; Satisfied(present) has bit k set iff
  // "present" meets set k, and MayMatch(i, satisfied, present) then tests
  // rule "i" with an AND (the loop above only for a rule with a set past
  // the 64th).
  uint64_t Satisfied(const TagSet& present) const {
    // Set k is met iff one of its tags is present: the union, over the
    // present tags, of the sets that hold each (a window holds fewer
    // tags than there are sets).
    uint64_t bits = 0;
    for (uint64_t p = present.bits; p != 0; p &= p - 1) {
      bits |= sets_of_tag_bit_[__builtin_ctzll(p)];
    }
    return bits;
  }
  bool MayMatch(size_t i, uint64_t satisfied, const TagSet& present) const {
    const Compiled& c = rules_[i];
    if ((c.required_mask & ~satisfied) != 0) return false;
    return !c.required_overflow || MayMatch(i, present);
  }

  // True iff the tokens [begin, end), whose tags are sets[begin, end) (one
  // tag each), hold the required tags of rule "i" in the order its pattern
  // requires them (a subsequence test, much cheaper than an RE2 call that
  // finds no match).
  bool MayMatchInOrder(size_t i, const TagSet* sets, size_t begin,
                       size_t end) const {
    size_t t = begin;
    for (const TagSet& want : rules_[i].required) {
      while (t < end && !want.Intersects(sets[t])) ++t;
      if (t == end) return false;
      ++t;
    }
    return true;
  }

  // As MayMatch, for the tags the cue group alone requires, tested against
  // the tags of the tokens no earlier rule claimed as a cue: once a
  // sentence's only cue is taken, the rules wanting a cue skip it.
  bool CueMayMatch(size_t i, const TagSet& free_cues) const {
    for (const TagSet& s : rules_[i].cue_required) {
      if (!free_cues.Intersects(s)) return false;
    }
    return true;
  }

  // True iff a match of rule "i" can span sentences (its pattern can
  // consume a stop); such rules scan whole paragraphs, the others one
  // sentence at a time.
  bool SpansSentences(size_t i) const { return rules_[i].spans_sentences; }

  // One pattern for all noise paragraphs, or nullptr when there are none.
  const re2::RE2* noise() const { return noise_.get(); }

  // Another speaker's attribution set off by commas inside reported
  // content (the macro EMBEDDED_CUE: ", Smith said on Friday,").  When the
  // catalogue has no such macro or tags[begin, end) holds none, the first
  // returns "begin" and the second "end".
  //
  // The index just after the comma that closes the last such attribution
  // in tags[begin, end): where the words of the content's own speaker
  // start, when the content comes before them ("Crime is down, Smith
  // said, and the plan works, Jones added").
  size_t AfterEmbeddedCue(std::string_view tags, size_t begin,
                          size_t end) const;
  // The index of the comma that opens the first such attribution in
  // tags[begin, end) that ends at "end" or at a comma: the words before
  // it are that speaker's ("and the plan works, Jones added").
  size_t EmbeddedCueAt(std::string_view tags, size_t begin, size_t end) const;

 private:
  struct Compiled {
    Rule proto;
    std::string expanded;
    std::unique_ptr<re2::RE2> re;
    int ngroups = 0;
    int speaker = -1, cue = -1, content = -1, addressee = -1, more = -1;
    std::vector<TagSet> required;
    // Bits of "required" among distinct_required_; "required_overflow":
    // some set of it is not among the first 64.
    uint64_t required_mask = 0;
    bool required_overflow = false;
    std::vector<TagSet> cue_required;
    bool spans_sentences = false;
  };
  RuleSet() = default;

  std::vector<Compiled> rules_;
  // EMBEDDED_CUE, as ".*X," and ".*?(X)(?:,.*)?" (both anchored); null
  // when the catalogue has no such macro.
  std::unique_ptr<re2::RE2> embedded_closed_;
  std::unique_ptr<re2::RE2> embedded_open_;
  // The rules' required tag sets, each once, at most 64.
  std::vector<TagSet> distinct_required_;
  // For each bit of a TagSet, the sets of distinct_required_ that hold it
  // (bit k for set k).
  uint64_t sets_of_tag_bit_[64] = {};
  std::unique_ptr<re2::RE2> noise_;
};

// Expands {MACRO} references in "pattern" using "macros" (name -> expanded
// pattern).  Returns InvalidArgument naming an undefined macro.
Status ExpandMacros(
    const std::string& pattern,
    const std::vector<std::pair<std::string, std::string>>& macros,
    std::string* out);

}  // namespace quotes

#endif  // QUOTES_RULES_H_
