// Copyright The Quote Tracker Authors.
//
// Resolver: who a speaker mention is.  It keeps a per-document table of
// entities built from the name mentions it passes, in text order:
//
//   "French President Emmanuel Macron"  -> entity "Emmanuel Macron",
//                                          role "French President"
//   "Macron", "President Macron"         -> the same entity
//   "he" / "she"                         -> who spoke earlier in the same
//                                          sentence, else the most recent
//                                          salient person of a compatible
//                                          gender
//   "the study", "the statement"         -> the document's author
//   "The French president"               -> the entity whose role matches
//   "The Kremlin", "the ministry"        -> organisations
//
// A mention is salient when it opens a clause (a subject) or is a speaker.
// Names inside quotations are never antecedents (a quotation is one token).
//
// Not thread-safe: one Resolver per document, used by one thread.

#ifndef QUOTES_RESOLVER_H_
#define QUOTES_RESOLVER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"
#include "proto/quote.pb.h"
#include "quotes/lexicon.h"
#include "quotes/rules.h"
#include "quotes/tokenizer.h"

namespace quotes {

namespace resolver_internal {

// The hash of the resolver's tables of entities by word: a word from two
// loads of eight bytes (more only for a word longer than 16 bytes, and
// every byte counts), as the tables are probed for every name in the
// text, where absl's general string hash cost more than the probe.
// Pure; thread-safe.
struct WordHash {
  size_t operator()(absl::string_view word) const;
};

}  // namespace resolver_internal

struct ResolvedSpeaker {
  // Canonical name; empty when unresolved.
  std::string name;
  std::string role;
  SpeakerType type = SPEAKER_TYPE_UNSPECIFIED;
  Resolution resolution = RESOLUTION_UNSPECIFIED;
  // Entity index in the document, or -1.
  int entity = -1;
};

class Resolver {
 public:
  // "lexicon" and "text" are not owned and must outlive the resolver.
  Resolver(const Lexicon& lexicon, const TokenizedText& text);
  // Not copyable nor movable: its tables hold views of its own copy of
  // the text.
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  // Registers the name mentions that start before token "to", in order.
  // Calls must not go backwards.
  void Advance(uint32_t to);

  // Resolves the speaker mention "range" and records it as salient.  A
  // bracket ending the mention is no part of the name unless it holds the
  // name's acronym ("Sen. Lindsey Graham (R-SC)" names Lindsey Graham).
  // "said" is the quote's words: what a pronoun speaker stands for is not
  // named in them ("Smith was wrong, he said": "he" is not Smith).  It
  // may be empty.
  // REQUIRES: Advance(range.begin) was called.
  ResolvedSpeaker Resolve(TokenRange range, TokenRange said = TokenRange());

  // The speaker of a quote continuing entity "entity"'s quotation.
  ResolvedSpeaker Continue(int entity, Resolution resolution) const;

 private:
  struct Entity {
    // Its name: the tokens [name_begin, name_end) of its longest name
    // mention so far, read through TokenText and LowerToken rather than
    // copied (the text outlives the resolver).
    uint32_t name_begin = 0, name_end = 0;
    size_t last_seen = 0;  // 1 + index of its last mention
    std::string role;      // longest role seen
    Gender gender = Gender::kUnknown;
    bool organisation = false;
    bool person = false;  // a title, a first name or a he/she resolution
    // Seen as a name for sure: several words, a title, a capital inside a
    // sentence, or a speaker.  A lone capital opening a sentence
    // ("Mostly", "Evacuees") is not enough to be an antecedent.
    bool name_like = false;
    // The token of the acronym given in brackets after its name
    // ("Immigration, Refugees and Citizenship Canada (IRCC)"), or kNoToken;
    // the acronym alone then names the entity.
    uint32_t acronym = kNoToken;
  };
  static constexpr uint32_t kNoToken = ~uint32_t{0};
  struct Mention {
    int entity;
    uint32_t token;
    bool salient;
  };
  // A noun phrase split into its parts (token indexes).
  struct Chunk {
    uint32_t begin = 0, end = 0;            // the whole chunk
    uint32_t name_begin = 0, name_end = 0;  // trailing name run, if any
    bool has_determiner = false;
    bool has_organisation_word = false;
    bool has_title = false;
    // Names someone's role towards another, named in it ("a spokesman for
    // Mayor Kovac", "Friends of Mr. Lee"), or several people ("Mr. Lee and
    // Mr. Park"): no one in view is meant.
    bool names_others = false;
  };

  Chunk ParseChunk(uint32_t begin, uint32_t end) const;
  // For a chunk whose words from "i" (after its determiners) end in a
  // run of names from "j" to "end": true iff the names belong to the
  // object of a role's preposition ("A spokesman for Mayor Lena Kovac"),
  // so that the role, unnamed, is the one meant.
  bool RoleTowardsName(uint32_t i, uint32_t j, uint32_t end) const;
  // True iff the words from "i" to the trailing name at "name_begin" join
  // names by "and" ("Mr. Grassley and Mr. Leahy"): several people.
  bool NamesJoined(uint32_t i, uint32_t name_begin, uint32_t end) const;
  // The first token of the name, ending at "end" (exclusive), whose
  // capitalised words' initials spell the acronym at token "acronym"; the
  // connectives between them ("of", "and", a comma) may be skipped.
  // kNoToken when there is none.
  uint32_t AcronymNameStart(uint32_t end, uint32_t acronym) const;
  // The organisation named by the tokens [begin, end), with the acronym
  // at token end + 1 (in brackets after the name) as another name of it.
  int AddAcronymEntity(uint32_t begin, uint32_t end, bool salient);
  // When an acronym in brackets opens at token "open" and the name before
  // spells it (AcronymNameStart), that name's organisation
  // (AddAcronymEntity; salient when a "speaker" names it, else by its
  // place); otherwise -1, and nothing changes.
  int AcronymEntityAt(uint32_t open, bool speaker);
  // For a speaker that is an acronym alone (token "acronym", all capitals,
  // "IRCC said"), the organisation whose name, written out in full
  // earlier in the text and not followed by the acronym in brackets,
  // the acronym spells ("... a letter from Immigration, Refugees and
  // Citizenship Canada"): that name's entity, which the acronym names from
  // then on.  -1 when no such name precedes within kAcronymReach tokens,
  // when the acronym already names an entity of several words, when the
  // name is a person's (a courtesy title, or a first name with only a
  // surname after it: "Gary Mason" is no "GM", while "Jordan Valley
  // Authority" may be "JVA"), or once the document's scans have read
  // acronym_budget_ tokens.  A scan for an acronym that found nothing is
  // not read again by the next one for it, so that a text of many acronym
  // speakers costs time linear in its length.  The entity becomes an
  // organisation; a bare acronym entity seen before takes the name unless
  // it is known as a person.
  int ExpandAcronym(uint32_t acronym);
  // Makes the tokens [begin, end) the name of entity "id" when they are
  // longer than its name, and files the entity under their first and last
  // words.
  void LengthenName(int id, uint32_t begin, uint32_t end);
  // "exact": only an entity of the very same name is found again, not one
  // that shares its first and last words.
  int FindOrAddEntity(const Chunk& chunk, bool salient, bool exact = false);
  // The entity the name tokens [begin, end) designate, mentioned last, or
  // -1; "exact" as for FindOrAddEntity.  REQUIRES: begin < end.
  int FindEntity(uint32_t begin, uint32_t end, bool exact = false) const;
  // True iff the tokens [a, a + n) and [b, b + n) are the same words,
  // ignoring ASCII case.
  bool SameWords(uint32_t a, uint32_t b, uint32_t n) const;
  // Token k in lower case (ASCII letters), a view of lower_text_.  Inline:
  // the resolver asks for the words of every name, several times.
  std::string_view LowerToken(uint32_t k) const {
    const Token& t = text_.tokens[k];
    return std::string_view(lower_text_.data() + t.start, t.end - t.start);
  }
  static absl::string_view AbslView(std::string_view s) {
    return absl::string_view(s.data(), s.size());
  }
  bool IsSalient(uint32_t begin) const;
  // True iff "chunk" is an abbreviation alone after a name and a comma:
  // a place's region ("Louisville, Ky.", "Antigonish, N.S.").
  bool IsRegionAfterPlace(const Chunk& chunk) const;
  // True iff an age follows the name ending at token "end": a number of
  // at most three digits after a comma, then a comma, a stop, a semicolon
  // or the paragraph's end (", 50," ", 50."): the name introduces someone
  // the story is about.
  bool HasAgeAfter(uint32_t end) const;
  // "pronoun": lower case (LowerToken).  Mentions in "skip" are passed
  // over.
  int ResolvePronoun(std::string_view pronoun, uint32_t at,
                     TokenRange skip) const;
  // The antecedent of a pronoun before "at": a person ("personal") of
  // gender "want" (kUnknown: either), or else an organisation; -1 if none.
  // Mentions in "skip" are passed over.
  int FindAntecedent(bool personal, Gender want, uint32_t at,
                     TokenRange skip = TokenRange()) const;
  uint32_t HeadOf(uint32_t begin, uint32_t end) const;
  // "head_at": HeadOf(chunk.begin, chunk.end).
  int ResolveDescription(const Chunk& chunk, uint32_t head_at,
                         uint32_t at) const;
  // The most recent salient organisation (or person) before "at", or -1.
  // With "salient_only" false, the most recent mention of any kind.
  int ResolveRecent(bool organisation, uint32_t at,
                    bool salient_only = true) const;
  // True iff tokens [begin, end) are all lower-case words: no name, number
  // or genitive ("the security firm", not "the Reuters news agency").
  bool CommonWordsOnly(uint32_t begin, uint32_t end) const;
  // The speaker named by the bare group "range" ("Officials", "Health
  // Canada"): the group as written, with a capital.
  ResolvedSpeaker ResolveGroup(TokenRange range) const;
  // True iff "they" at token "at" stands for last_group_: the group spoke
  // outside "said", in the paragraph of "at" or the one before (page noise
  // between not counted), and no organisation is named between it and
  // "at".
  bool TheyIsLastGroup(uint32_t at, TokenRange said) const;
  // The entity named just before the relative pronoun at "at", or -1.
  int ResolveRelative(uint32_t at) const;
  void NoteApposition(int entity, uint32_t after);
  void NoteLaterPronoun(int entity, uint32_t after);
  // The text of tokens [begin, end), with one space for any space between
  // two of them.
  std::string Text(uint32_t begin, uint32_t end) const;
  ResolvedSpeaker FromEntity(int entity, Resolution resolution) const;
  // Resolve, before it records an organisation that speaks.
  ResolvedSpeaker ResolveSpeaker(TokenRange range, TokenRange said);
  // How many paragraphs lead from the one of token "from" to the one of
  // token "at", page noise between not counted: 0 in the same paragraph,
  // 1 in the next.
  uint32_t ParagraphsAfter(uint32_t from, uint32_t at) const;
  // The organisation that spoke last, if it spoke at most
  // kOrganisationReach paragraphs before token "at"; else -1.  For a
  // definite organisation noun alone: "BC Hydro said ... The utility
  // said".
  int RecentOrganisationSpeaker(uint32_t at) const;
  // The organisation named last before "at" that may stand in the way of
  // the one that spoke, or -1: one named as a subject (a salient
  // mention), or as an object in the sentence of "at" or the one before
  // ("Regulators fined Marek Shipping Ltd."); not one after a preposition
  // or a copula ("Crews from Marek Shipping Ltd", "Its underwriter is
  // Harlow Securities Inc"), nor one named in "said" (the words being
  // attributed) or in the words of the organisation that spoke last: what
  // an organisation speaks of does not take its place ("Autospa Corp said
  // it would buy Cardis Corp. The company said ...").
  int LastOrganisationNamed(uint32_t at, TokenRange said) const;
  // Records "entity", the speaker of "range", as the author of the
  // documents named in its mention ("a study by Civic Action") and of
  // those it spoke in: "in" or "on" and the document right after a cue
  // verb ("Smith said in a statement") or opening the sentence ("In a blog
  // post, Smith wrote"), outside the words "said".  Not a document the
  // speaker is merely named in ("Smith, who is named in the lawsuit,
  // said").
  void NoteDocuments(TokenRange range, TokenRange said, int entity);
  // The author of the last document of kind "kind" (a lower-case
  // LexiconProto.document_kind) noted at most kDocumentReach paragraphs
  // before token "at", or -1.  Constant time.
  int DocumentAuthor(std::string_view kind, uint32_t at) const;
  // True iff "e" may be a person of gender "want" (kUnknown: either): no
  // organisation, seen as a name, of no other known gender.
  static bool MayBePerson(const Entity& e, Gender want) {
    return !e.organisation && e.name_like &&
           (want == Gender::kUnknown || e.gender == Gender::kUnknown ||
            e.gender == want);
  }
  void NoteGender(int entity, Gender gender);
  void AddMention(int entity, uint32_t token, bool salient);

  const Lexicon& lex_;
  const TokenizedText& text_;
  uint32_t cursor_ = 0;
  // The last group resolved as a speaker ("Officials", "Protesters"),
  // for "they"; empty when none.  Groups are no entities.
  TokenRange last_group_;
  // The organisation resolved as the last speaker that was one, and the
  // token of that mention; -1 when none.
  int last_organisation_speaker_ = -1;
  uint32_t last_organisation_speaker_at_ = 0;
  // The words that organisation was given.
  TokenRange last_organisation_said_;
  // The last speaker that is no organisation, and the first token of its
  // mention: the antecedent of "he" or "she" later in that sentence.
  int last_person_speaker_ = -1;
  uint32_t last_person_speaker_at_ = 0;
  // The last document of each kind whose author is known: the kind (a
  // view of lower_text_) -> the author and the token of its speaker's
  // mention.
  struct DocumentSeen {
    int author;
    uint32_t at;
  };
  absl::flat_hash_map<absl::string_view, DocumentSeen> documents_;
  std::vector<Entity> entities_;
  std::vector<Mention> mentions_;
  // Tokens ExpandAcronym may still read back over in this document.
  size_t acronym_budget_ = 0;
  // For each acronym (lower case) whose name a scan did not find, the
  // token where that scan started: a later one stops there, having read
  // what was before.
  absl::flat_hash_map<absl::string_view, uint32_t, resolver_internal::WordHash>
      acronym_scanned_;
  // The document's text with its ASCII capitals lowered: the same byte
  // offsets as text_.text.  Not changed after the constructor, so views
  // of it stay valid for the resolver's life.
  std::string lower_text_;
  // Entities by the last and the first word of their name, lower case
  // (views of lower_text_).  Most words name one or two entities: those
  // are kept in place, without a vector of their own.
  using EntitiesByWord =
      absl::flat_hash_map<absl::string_view, absl::InlinedVector<int, 2>,
                          resolver_internal::WordHash>;
  EntitiesByWord by_last_;
  EntitiesByWord by_first_;
};

}  // namespace quotes

#endif  // QUOTES_RESOLVER_H_
