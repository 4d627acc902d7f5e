// Copyright The Quote Tracker Authors.
//
// The engine's tables of words: the lexicon's checks of its classes, and
// the hash of the resolver's tables of entities by word.

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <unordered_set>

#include "quotes/catalogue.pb.h"
#include "quotes/lexicon.h"
#include "quotes/resolver.h"
#include "quotes/tags.h"

namespace quotes {
namespace {

// A word class's tag must be one byte of the tag alphabet.  The NUL byte
// is not one, though std::strchr finds it at the end of the alphabet
// (regression: a lexicon with a NUL tag was accepted).
TEST(Lexicon, RejectsATagOutsideTheAlphabet) {
  struct Case {
    std::string tag;
    bool ok;
  };
  const Case kCases[] = {
      {"N", true}, {"/", true},  {"C", true},   {std::string(1, '\0'), false},
      {"", false}, {"Z", false}, {"NN", false}, {"\xFF", false},
  };
  for (const Case& c : kCases) {
    LexiconProto proto;
    WordClass* wc = proto.add_word_class();
    wc->set_tag(c.tag);
    wc->add_word("alpha");
    std::unique_ptr<Lexicon> lexicon;
    const Status s = Lexicon::Create(proto, &lexicon);
    EXPECT_EQ(s.ok(), c.ok)
        << "tag of " << c.tag.size() << " bytes, first "
        << (c.tag.empty() ? 0 : int(c.tag[0])) << ": " << s.ToString();
    if (c.ok) {
      ASSERT_NE(lexicon, nullptr);
      const LexEntry* e = lexicon->Find("alpha");
      ASSERT_NE(e, nullptr);
      EXPECT_EQ(e->tag, c.tag[0]);
      EXPECT_EQ(lexicon->Find("alph"), nullptr);
    } else {
      EXPECT_EQ(lexicon, nullptr);
    }
  }
}

// Every word of a lexicon is found again, and words it lacks are not,
// whatever their length (the table's load and the eight-byte compare).
TEST(Lexicon, FindsItsWordsAndNoOthers) {
  std::mt19937 rng(7);
  LexiconProto proto;
  WordClass* wc = proto.add_word_class();
  wc->set_tag("w");
  std::unordered_set<std::string> words;
  while (words.size() < 3000) {
    std::string w(1 + rng() % 30, 'a');
    for (char& ch : w) ch = static_cast<char>('a' + rng() % 3);
    if (words.insert(w).second) wc->add_word(w);
  }
  std::unique_ptr<Lexicon> lexicon;
  const Status s = Lexicon::Create(proto, &lexicon);
  ASSERT_TRUE(s.ok()) << s.ToString();
  for (const std::string& w : words) {
    const LexEntry* e = lexicon->Find(w);
    ASSERT_NE(e, nullptr) << w;
    EXPECT_EQ(e->tag, 'w');
  }
  int absent = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string w(1 + rng() % 30, 'a');
    for (char& ch : w) ch = static_cast<char>('a' + rng() % 3);
    if (words.count(w)) continue;
    ++absent;
    EXPECT_EQ(lexicon->Find(w), nullptr) << w;
  }
  EXPECT_GT(absent, 10000);
}

// Lexicon::Create refuses "wrong" ("bad" names the entry it holds) and
// leaves no lexicon.
void ExpectRefused(const LexiconProto& wrong, const char* bad) {
  std::unique_ptr<Lexicon> none;
  const Status s = Lexicon::Create(wrong, &none);
  EXPECT_FALSE(s.ok()) << "\"" << bad << "\" accepted";
  EXPECT_EQ(none, nullptr);
}

// Nationalities are lower-case words, looked up in lower case.
TEST(Lexicon, KnowsItsNationalities) {
  LexiconProto proto;
  proto.add_nationality("canadian");
  proto.add_nationality("japanese");
  std::unique_ptr<Lexicon> lexicon;
  Status s = Lexicon::Create(proto, &lexicon);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(lexicon->IsNationality("canadian"));
  EXPECT_TRUE(lexicon->IsNationality("japanese"));
  EXPECT_FALSE(lexicon->IsNationality("canada"));
  EXPECT_FALSE(lexicon->IsNationality(""));
  for (const char* bad : {"Canadian", "", "new zealander"}) {
    LexiconProto wrong;
    wrong.add_nationality(bad);
    ExpectRefused(wrong, bad);
  }
}

// Months are times unless a word class tagged the word first ("may" an
// auxiliary), and are known in any case; a month that is no lower-case
// word is refused.
TEST(Lexicon, KnowsItsMonths) {
  LexiconProto proto;
  WordClass* wc = proto.add_word_class();
  wc->set_tag("r");
  wc->add_word("may");
  proto.add_month("may");
  proto.add_month("june");
  proto.add_month("sept.");
  std::unique_ptr<Lexicon> lexicon;
  Status s = Lexicon::Create(proto, &lexicon);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_NE(lexicon->Find("june"), nullptr);
  EXPECT_EQ(lexicon->Find("june")->tag, tag::kTime);
  ASSERT_NE(lexicon->Find("may"), nullptr);
  EXPECT_EQ(lexicon->Find("may")->tag, tag::kAuxiliary);
  for (const char* month : {"may", "May", "JUNE", "Sept."}) {
    EXPECT_TRUE(lexicon->IsMonth(month)) << month;
  }
  for (const char* other : {"", "friday", "jun", "septembers_and_more"}) {
    EXPECT_FALSE(lexicon->IsMonth(other)) << other;
  }
  for (const char* bad : {"June", "", "mid may"}) {
    LexiconProto wrong;
    wrong.add_month(bad);
    ExpectRefused(wrong, bad);
  }
}

// The kinds of organisation that may stand for the one that spoke last:
// lower case, one word, and only those listed.
TEST(Lexicon, KnowsItsOrganisationKinds) {
  LexiconProto proto;
  WordClass* wc = proto.add_word_class();
  wc->set_tag("O");
  wc->add_word("utility");
  wc->add_word("airline");
  WordClass* titles = proto.add_word_class();
  titles->set_tag("T");
  titles->add_word("publisher");
  proto.add_organisation_kind("utility");
  proto.add_organisation_kind("airline");
  std::unique_ptr<Lexicon> lexicon;
  Status s = Lexicon::Create(proto, &lexicon);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(lexicon->IsOrganisationKind("utility"));
  EXPECT_TRUE(lexicon->IsOrganisationKind("airline"));
  for (const char* other : {"", "government", "Utility", "utilities"}) {
    EXPECT_FALSE(lexicon->IsOrganisationKind(other)) << other;
  }
  // Not lower case, not one word, or not tagged "O" (a kind the resolver
  // would never read).
  for (const char* bad :
       {"Airline", "", "power company", "publisher", "bank"}) {
    LexiconProto wrong = proto;
    wrong.clear_organisation_kind();
    wrong.add_organisation_kind(bad);
    ExpectRefused(wrong, bad);
  }
}

// The kinds of document that may stand for their author: lower case, one
// word, and only those listed.
TEST(Lexicon, KnowsItsDocumentKinds) {
  LexiconProto proto;
  proto.add_document_kind("study");
  proto.add_document_kind("statement");
  std::unique_ptr<Lexicon> lexicon;
  Status s = Lexicon::Create(proto, &lexicon);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(lexicon->IsDocumentKind("study"));
  EXPECT_TRUE(lexicon->IsDocumentKind("statement"));
  for (const char* other : {"", "Study", "studies", "company"}) {
    EXPECT_FALSE(lexicon->IsDocumentKind(other)) << other;
  }
  for (const char* bad : {"Study", "", "press release"}) {
    LexiconProto wrong = proto;
    wrong.add_document_kind(bad);
    ExpectRefused(wrong, bad);
  }
}

// Words that differ anywhere hash apart, in their middles too: the hash
// reads every byte of a long word (regression: it read only the first and
// last eight bytes, so that a text could put any number of names in one
// probe chain of the resolver's tables).
TEST(ResolverWordHash, EveryByteOfAWordCounts) {
  const resolver_internal::WordHash hash;
  for (size_t n = 1; n <= 64; ++n) {
    std::unordered_set<size_t> seen;
    int words = 0;
    for (size_t at = 0; at < n; ++at) {
      for (char c : {'b', 'c', 'z', '\x80'}) {
        std::string w(n, 'a');
        w[at] = c;
        EXPECT_EQ(hash(w), hash(std::string(w))) << w;
        seen.insert(hash(w));
        ++words;
      }
    }
    EXPECT_EQ(seen.size(), static_cast<size_t>(words))
        << "words of " << n << " bytes that differ in one byte collide";
  }
  EXPECT_NE(hash(""), hash(std::string(1, '\0')));
}

}  // namespace
}  // namespace quotes
