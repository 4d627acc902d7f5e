// Copyright The Quote Tracker Authors.

#include "quotes/rules.h"

#include <re2/re2.h>

#include <algorithm>
#include <set>

#include "quotes/tags.h"

namespace quotes {
namespace {

bool IsMacroChar(char c) {
  return (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
}

// Checks that every literal letter of "pattern" is a tag: a typo such as
// "Vv" for "V" would otherwise silently never match.  Group names and
// escapes are skipped.
Status CheckAlphabet(const std::string& pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '(' && pattern.compare(i, 4, "(?P<") == 0) {
      size_t close = pattern.find('>', i);
      if (close == std::string::npos) break;
      i = close;
      continue;
    }
    if (c == '(' && pattern.compare(i, 2, "(?") == 0) {
      ++i;  // "(?:" and flags
      while (i + 1 < pattern.size() && pattern[i + 1] != ':' &&
             pattern[i + 1] != ')') {
        ++i;
      }
      continue;
    }
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (letter && !tag::In(c, tag::kAlphabet)) {
      return Status::InvalidArgument(std::string("unknown tag '") + c + "'");
    }
  }
  return Status::OK();
}

// Parses the item of "pattern" at *i (a tag, an escape, a class or a
// group, with its quantifier), appending to *required the tag sets of
// which a match of the item holds at least one tag each.  Sets *optional
// when the quantifier allows zero; returns false when the item can consume
// tags it does not name (a dot or a negated class).
bool ParseItem(const std::string& pattern, size_t* i, bool* optional,
               std::vector<RuleSet::TagSet>* required);

// Parses a sequence up to the closing parenthesis of its group (or the
// end), appending the tag sets its mandatory items require.
void ParseSequence(const std::string& pattern, size_t* i,
                   std::vector<RuleSet::TagSet>* required) {
  std::vector<RuleSet::TagSet> own;
  while (*i < pattern.size() && pattern[*i] != ')') {
    if (pattern[*i] == '|') {
      // Alternation: only what every alternative requires is sure; keep
      // the union of each side's tags as one set when both require some.
      ++*i;
      std::vector<RuleSet::TagSet> rest;
      ParseSequence(pattern, i, &rest);
      if (own.empty() || rest.empty()) return;
      RuleSet::TagSet u;
      for (const auto& s : own) u.Union(s);
      for (const auto& s : rest) u.Union(s);
      required->push_back(u);
      return;
    }
    bool optional = false;
    std::vector<RuleSet::TagSet> item;
    const bool named = ParseItem(pattern, i, &optional, &item);
    if (!optional && named) own.insert(own.end(), item.begin(), item.end());
  }
  required->insert(required->end(), own.begin(), own.end());
}

bool ParseItem(const std::string& pattern, size_t* i, bool* optional,
               std::vector<RuleSet::TagSet>* required) {
  bool named = true;
  const char c = pattern[*i];
  RuleSet::TagSet set;
  if (c == '(') {
    *i += pattern.compare(*i, 3, "(?:") == 0 ? 3 : 1;
    if (pattern.compare(*i, 3, "?P<") == 0) *i = pattern.find('>', *i) + 1;
    ParseSequence(pattern, i, required);
    ++*i;  // ')'
  } else if (c == '[') {
    ++*i;
    if (*i < pattern.size() && pattern[*i] == '^') named = false;
    while (*i < pattern.size() && pattern[*i] != ']') {
      if (pattern[*i] == '\\') ++*i;
      set.Add(pattern[*i]);
      ++*i;
    }
    ++*i;  // ']'
    if (named) required->push_back(set);
  } else if (c == '\\') {
    set.Add(pattern[*i + 1]);
    *i += 2;
    required->push_back(set);
  } else {
    if (c == '.') {
      named = false;
    } else {
      set.Add(c);
      required->push_back(set);
    }
    ++*i;
  }
  if (*i < pattern.size()) {
    const char q = pattern[*i];
    if (q == '?' || q == '*') {
      *optional = true;
      ++*i;
    } else if (q == '+') {
      ++*i;
    } else if (q == '{') {
      *optional = pattern.compare(*i, 2, "{0") == 0;
      *i = pattern.find('}', *i) + 1;
    }
    if (*i < pattern.size() && pattern[*i] == '?') ++*i;  // lazy
  }
  return named;
}

// True iff "pattern" can consume a stop in its middle: a dot, or a negated
// class that does not exclude the stop tag.
bool PatternSpansSentences(const std::string& pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
      continue;
    }
    if (pattern[i] == '.') return true;
    if (pattern[i] == '[') {
      const bool negated = i + 1 < pattern.size() && pattern[i + 1] == '^';
      bool has_stop = false;
      size_t k = i + 1;
      for (; k < pattern.size() && pattern[k] != ']'; ++k) {
        if (pattern[k] == '\\') {
          ++k;
          continue;
        }
        has_stop |= pattern[k] == '.';
      }
      if (negated && !has_stop) return true;
      i = k;
    }
  }
  return false;
}

}  // namespace

Status ExpandMacros(
    const std::string& pattern,
    const std::vector<std::pair<std::string, std::string>>& macros,
    std::string* out) {
  out->clear();
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 1 < pattern.size() &&
        (pattern[i + 1] >= 'A' && pattern[i + 1] <= 'Z')) {
      size_t j = i + 1;
      while (j < pattern.size() && IsMacroChar(pattern[j])) ++j;
      if (j < pattern.size() && pattern[j] == '}') {
        const std::string name = pattern.substr(i + 1, j - i - 1);
        const std::string* body = nullptr;
        for (const auto& m : macros) {
          if (m.first == name) body = &m.second;
        }
        if (body == nullptr) {
          return Status::InvalidArgument("undefined macro {" + name + "}");
        }
        out->append("(?:").append(*body).append(")");
        i = j;
        continue;
      }
    }
    out->push_back(pattern[i]);
  }
  return Status::OK();
}

RuleSet::~RuleSet() = default;

Status RuleSet::Create(const RuleSetProto& proto,
                       std::unique_ptr<RuleSet>* rules) {
  rules->reset();
  std::unique_ptr<RuleSet> set(new RuleSet);
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(8 << 20);

  std::vector<std::pair<std::string, std::string>> macros;
  for (const Macro& m : proto.macro()) {
    const std::string where = "macro " + m.name();
    if (m.name().empty() || !IsMacroChar(m.name()[0])) {
      return Status::InvalidArgument(where, "name must be upper case");
    }
    std::string expanded;
    Status s = ExpandMacros(m.pattern(), macros, &expanded);
    if (!s.ok()) return Status::InvalidArgument(where, s.message());
    RE2 re(expanded, options);
    if (!re.ok()) return Status::InvalidArgument(where, re.error());
    macros.emplace_back(m.name(), expanded);
    if (m.name() == "EMBEDDED_CUE") {
      // Greedy ".*" finds the last attribution, lazy ".*?" the first.
      set->embedded_closed_ =
          std::make_unique<RE2>("(?s).*(?:" + expanded + "),", options);
      set->embedded_open_ =
          std::make_unique<RE2>("(?s).*?(" + expanded + ")(?:,.*)?", options);
      for (const RE2* embedded :
           {set->embedded_closed_.get(), set->embedded_open_.get()}) {
        if (!embedded->ok()) {
          return Status::InvalidArgument(where, embedded->error());
        }
      }
    }
  }

  std::set<std::string> ids;
  for (const Rule& r : proto.rule()) {
    const std::string where = "rule " + (r.id().empty() ? "(no id)" : r.id());
    if (r.id().empty()) return Status::InvalidArgument(where, "missing id");
    if (!ids.insert(r.id()).second) {
      return Status::InvalidArgument(where, "duplicate id");
    }
    if (r.action() != Rule::SUPPRESS &&
        (r.confidence() <= 0 || r.confidence() > 1)) {
      return Status::InvalidArgument(where, "confidence must be in (0, 1]");
    }
    if (r.action() != Rule::SUPPRESS && r.kind() == Rule::KIND_UNSPECIFIED) {
      return Status::InvalidArgument(where, "kind must be DIRECT or INDIRECT");
    }
    Compiled c;
    c.proto = r;
    Status s = ExpandMacros(r.pattern(), macros, &c.expanded);
    if (s.ok()) s = CheckAlphabet(c.expanded);
    if (!s.ok()) return Status::InvalidArgument(where, s.message());
    c.re = std::make_unique<RE2>(c.expanded, options);
    if (!c.re->ok()) return Status::InvalidArgument(where, c.re->error());
    for (const auto& [name, index] : c.re->NamedCapturingGroups()) {
      if (name == "speaker") {
        c.speaker = index;
      } else if (name == "cue") {
        c.cue = index;
      } else if (name == "content") {
        c.content = index;
      } else if (name == "addressee") {
        c.addressee = index;
      } else if (name == "more") {
        c.more = index;
      } else {
        return Status::InvalidArgument(where, "unknown group <" + name + ">");
      }
    }
    if (r.action() == Rule::CONTINUE) {
      if (c.content < 0) return Status::InvalidArgument(where, "no <content>");
    } else if (c.cue < 0) {
      return Status::InvalidArgument(where, "no <cue> group");
    }
    if (r.action() == Rule::EMIT && (c.speaker < 0 || c.content < 0)) {
      return Status::InvalidArgument(where, "needs <speaker> and <content>");
    }
    if (RE2::FullMatch("", *c.re)) {
      return Status::InvalidArgument(where, "pattern matches the empty string");
    }
    c.ngroups = c.re->NumberOfCapturingGroups();
    size_t pos = 0;
    ParseSequence(c.expanded, &pos, &c.required);
    const size_t cue = c.expanded.find("(?P<cue>");
    if (cue != std::string::npos) {
      pos = cue;
      bool optional = false;
      ParseItem(c.expanded, &pos, &optional, &c.cue_required);
    }
    c.spans_sentences = PatternSpansSentences(c.expanded);
    std::vector<TagSet>& distinct = set->distinct_required_;
    for (const TagSet& t : c.required) {
      size_t k = 0;
      while (k < distinct.size() && distinct[k].bits != t.bits) ++k;
      if (k == distinct.size() && k < 64) distinct.push_back(t);
      if (k < 64) {
        c.required_mask |= uint64_t{1} << k;
      } else {
        c.required_overflow = true;
      }
    }
    set->rules_.push_back(std::move(c));
  }
  for (size_t k = 0; k < set->distinct_required_.size(); ++k) {
    for (int b = 0; b < 64; ++b) {
      if (set->distinct_required_[k].bits >> b & 1) {
        set->sets_of_tag_bit_[b] |= uint64_t{1} << k;
      }
    }
  }

  std::string noise;
  for (const NoisePattern& n : proto.noise()) {
    const std::string where = "noise " + n.id();
    RE2 re(n.pattern(), options);
    if (!re.ok()) return Status::InvalidArgument(where, re.error());
    if (!noise.empty()) noise.push_back('|');
    noise.append("(?:").append(n.pattern()).append(")");
  }
  if (!noise.empty()) {
    RE2::Options noise_options = options;
    noise_options.set_case_sensitive(false);
    noise_options.set_dot_nl(true);
    set->noise_ = std::make_unique<RE2>("^(?:" + noise + ")", noise_options);
    if (!set->noise_->ok()) {
      return Status::InvalidArgument("noise patterns", set->noise_->error());
    }
  }
  *rules = std::move(set);
  return Status::OK();
}

size_t RuleSet::AfterEmbeddedCue(std::string_view tags, size_t begin,
                                 size_t end) const {
  end = std::min(end, tags.size());
  if (embedded_closed_ == nullptr || begin >= end) return begin;
  const re2::StringPiece text(tags.data(), tags.size());
  re2::StringPiece whole;
  if (!embedded_closed_->Match(text, begin, end, RE2::ANCHOR_START, &whole,
                               1)) {
    return begin;
  }
  return static_cast<size_t>(whole.data() + whole.size() - tags.data());
}

size_t RuleSet::EmbeddedCueAt(std::string_view tags, size_t begin,
                              size_t end) const {
  end = std::min(end, tags.size());
  if (embedded_open_ == nullptr || begin >= end) return end;
  const re2::StringPiece text(tags.data(), tags.size());
  re2::StringPiece groups[2];
  if (!embedded_open_->Match(text, begin, end, RE2::ANCHOR_BOTH, groups, 2)) {
    return end;
  }
  return static_cast<size_t>(groups[1].data() - tags.data());
}

bool RuleSet::Match(size_t i, std::string_view tags, size_t from, size_t to,
                    RuleMatch* match) const {
  const Compiled& c = rules_[i];
  re2::StringPiece groups[16];
  const int n = std::min(c.ngroups + 1, 16);
  const re2::StringPiece text(tags.data(), tags.size());
  to = std::min(to, tags.size());
  if (from >= to || !c.re->Match(text, from, to, RE2::UNANCHORED, groups, n)) {
    return false;
  }
  auto range = [&](int g) {
    TokenRange r;
    if (g < 0 || g >= n || groups[g].data() == nullptr) return r;
    r.begin = static_cast<uint32_t>(groups[g].data() - tags.data());
    r.end = r.begin + static_cast<uint32_t>(groups[g].size());
    return r;
  };
  match->rule = static_cast<int>(i);
  match->whole = range(0);
  match->speaker = range(c.speaker);
  match->cue = range(c.cue);
  match->content = range(c.content);
  match->addressee = range(c.addressee);
  match->more = range(c.more);
  return true;
}

}  // namespace quotes
