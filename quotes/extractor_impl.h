// Copyright The Quote Tracker Authors.
//
// ExtractorImpl: the extractor behind quotes/extractor.h, with its stages
// exposed for benchmarks and tests (bench/extract_bench.cc measures each).
// Not an API: code outside the engine uses Extractor.
//
//   Tokenize  text -> paragraphs, quotations, tokens and tags
//   RunRules  tags -> candidates that won their cue and content
//   Resolve   candidates -> speakers (an entity table in text order)
//   Emit      a candidate -> a Quote record
//
// Thread safety: as Extractor (immutable; every stage is const).

#ifndef QUOTES_EXTRACTOR_IMPL_H_
#define QUOTES_EXTRACTOR_IMPL_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "quotes/extractor.h"
#include "quotes/lexicon.h"
#include "quotes/resolver.h"
#include "quotes/rules.h"
#include "quotes/tokenizer.h"

namespace quotes {

// A rule match that won its cue and content.
struct Candidate {
  int rule = -1;
  Rule::Action action = Rule::EMIT;
  Rule::Kind kind = Rule::KIND_UNSPECIFIED;
  TokenRange speaker, cue, content, addressee;
  ResolvedSpeaker resolved;
};

class ExtractorImpl : public Extractor {
 public:
  // "cue_lemmas[r]": the lexicon's indices of rule r's cue_lemma list
  // (empty: any cue verb).
  ExtractorImpl(Options options, std::unique_ptr<Lexicon> lexicon,
                std::unique_ptr<RuleSet> rules,
                std::vector<std::vector<int>> cue_lemmas)
      : options_(std::move(options)),
        lexicon_(std::move(lexicon)),
        rules_(std::move(rules)),
        cue_lemmas_(std::move(cue_lemmas)),
        tokenizer_(lexicon_.get(), rules_->noise()) {}

  Status Extract(const Document& doc,
                 std::vector<Quote>* quotes) const override;

  // The stages of Extract, in order.  Tokenize appends the final break
  // token the rules expect.
  void Tokenize(std::string_view text, TokenizedText* tt) const;
  void RunRules(const TokenizedText& tt, std::vector<Candidate>* out) const;
  void Resolve(const TokenizedText& tt, std::vector<Candidate>* cands) const;
  void Emit(const Document& doc, const TokenizedText& tt, const Candidate& c,
            Quote* q) const;

  // The tokenizer Tokenize runs, for benchmarks of its own stages.
  const Tokenizer& tokenizer() const { return tokenizer_; }
  // The rules RunRules runs, for tests.
  const RuleSet& rules() const { return *rules_; }

  // The tokens a rule that does not span sentences may match around
  // sentence "s" of "tt": the sentence, a few tokens past its end (a colon
  // may introduce a quotation in the next paragraph: "... said: / "Q" .")
  // and before its start (a quotation ending the sentence before, the
  // soft stop after it and the boundary before it: "/ Q ; He said .").
  // RunRules looks for such a rule's matches only in windows whose tags
  // allow one, so every match must lie within the window of some sentence
  // (tests/rules_test.cc holds the catalogue to that).
  static TokenRange SentenceWindow(const TokenizedText& tt, size_t s);

 private:
  // What Accept made of a match.
  enum class Verdict {
    kAccepted,
    // Refused for its cue or content: a match starting later with the
    // same cue would be refused too.
    kRefused,
    // Refused for its subject alone ("a situation which critics say": the
    // base form "say" does not go with "a situation"): a match starting
    // later may take the same cue with another subject ("critics say").
    kRefusedSpeaker,
  };
  // Records "m" as candidates when its cue and content are still free.
  Verdict Accept(const TokenizedText& tt, const RuleMatch& m,
                 std::vector<uint8_t>* claims,
                 std::vector<Candidate>* out) const;
  bool AcceptContent(const TokenizedText& tt, const Rule& rule,
                     const std::vector<uint8_t>& claims, Candidate* c) const;
  bool CueLemmaIn(const TokenizedText& tt, TokenRange cue,
                  const std::vector<int>& lemmas) const;

  const Options options_;
  const std::unique_ptr<Lexicon> lexicon_;
  const std::unique_ptr<RuleSet> rules_;
  const std::vector<std::vector<int>> cue_lemmas_;  // by rule index
  const Tokenizer tokenizer_;
};

}  // namespace quotes

#endif  // QUOTES_EXTRACTOR_IMPL_H_
