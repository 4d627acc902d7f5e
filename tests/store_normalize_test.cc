// Copyright The Quote Tracker Authors.
//
// The building blocks of the store's keys: text and name normalisation,
// dates and the key encoding.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/dates.h"
#include "storage/keys.h"
#include "storage/normalize.h"

namespace quotes {
namespace {

TEST(CanonicalKey, KeepsWordsOnly) {
  struct Case {
    std::string text;
    std::string want;
  };
  const Case cases[] = {
      {"The visit HELPED.", "the visit helped"},
      {"\u201CWe won\u2019t back down,\u201D", "we won't back down"},
      {"\"We won't back down\"", "we won't back down"},
      {"'quoted' -- dashed \u2014 words\u2026", "quoted dashed words"},
      {"2.5% of 10,000 people", "2.5 of 10,000 people"},
      {"Macron's visit", "macron's visit"},
      {"\u00C9lys\u00E9e PALACE", "\u00E9lys\u00E9e palace"},
      {"\u041C\u041E\u0421\u041A\u0412\u0410 ok",
       "\u043C\u043E\u0441\u043A\u0432\u0430 ok"},
      {"\u00ABguillemets\u00BB", "guillemets"},
      {"bad \xFF\xFE bytes", "bad bytes"},
      {"over\xC0\xAFlong", "over long"},
      {"cut \xE2\x82", "cut"},
      {"\xE4\xB8\xAD\xE6\x96\x87 ok", "\xE4\xB8\xAD\xE6\x96\x87 ok"},
      {"end.", "end"},
      {"", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CanonicalKey(c.text), c.want) << c.text;
  }
}

TEST(CanonicalKey, CurlyAndStraightApostrophesAgree) {
  EXPECT_EQ(CanonicalKey("Don\u2019t"), CanonicalKey("don't"));
  EXPECT_EQ(CanonicalKey("\u2018Don\u2019t,\u2019 he"), "don't he");
}

TEST(SearchableWords, AddsApostropheParts) {
  const std::vector<std::string> words = SearchableWords("Macron's l'Europe");
  const std::vector<std::string> want = {"europe", "l'europe", "macron",
                                         "macron's"};
  EXPECT_EQ(words, want);
}

TEST(IsIndexedWord, SkipsStopWordsAndLongWords) {
  EXPECT_FALSE(IsIndexedWord("the"));
  EXPECT_FALSE(IsIndexedWord("would"));
  EXPECT_TRUE(IsIndexedWord("peace"));
  EXPECT_TRUE(IsIndexedWord("not"));
  EXPECT_FALSE(IsIndexedWord(std::string(kMaxIndexedWordBytes + 1, 'a')));
  EXPECT_FALSE(IsIndexedWord(""));
}

TEST(NormalizeName, StripsTitles) {
  struct Case {
    std::string name;
    std::string want;
  };
  const Case cases[] = {
      {"Emmanuel Macron", "emmanuel macron"},
      {"President Macron", "macron"},
      {"Mr. Macron", "macron"},
      {"MACRON", "macron"},
      {"French President Emmanuel Macron", "emmanuel macron"},
      {"Prime Minister Keir Starmer", "keir starmer"},
      {"Kremlin spokesman Dmitry Peskov", "dmitry peskov"},
      {"Sen. Elizabeth Warren", "elizabeth warren"},
      {"Gov. Kathy Hochul", "kathy hochul"},
      {"New York Governor Kathy Hochul", "kathy hochul"},
      {"Secretary of State Antony Blinken", "antony blinken"},
      {"Dr Anthony Fauci", "anthony fauci"},
      {"Martin Luther King Jr.", "martin luther king"},
      {"King Charles", "charles"},
      {"John Major", "john major"},
      {"Sir John Major", "john major"},
      {"President", "president"},
      {"J.D. Vance", "jd vance"},
      {"Jean-Yves Le Drian", "jean-yves le drian"},
      {"the Kremlin", "kremlin"},
      {"  ", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NormalizeName(c.name, /*strip_titles=*/true), c.want) << c.name;
  }
}

TEST(NormalizeName, KeepsTitlesOfOrganisations) {
  EXPECT_EQ(NormalizeName("General Motors", false), "general motors");
  EXPECT_EQ(NormalizeName("The European Commission", false),
            "european commission");
}

TEST(SpeakerSlug, IsReadable) {
  EXPECT_EQ(SpeakerSlug(NormalizeName("President Emmanuel Macron", true)),
            "emmanuel-macron");
  EXPECT_EQ(LastToken("emmanuel macron"), "macron");
  EXPECT_EQ(LastToken("macron"), "macron");
  EXPECT_TRUE(IsMultiToken("emmanuel macron"));
  EXPECT_FALSE(IsMultiToken("macron"));
}

TEST(LowerUtf8, CoversEuropeanScripts) {
  EXPECT_EQ(LowerUtf8("ÀÉÎÕÜ ŁŚŻ ΑΘΩ ДЖЯ Ё"), "àéîõü łśż αθω джя ё");
  EXPECT_EQ(LowerUtf8("\xFF"
                      "A"),
            "\xFF"
            "a");
}

TEST(Fnv1a64, IsStable) {
  // Published FNV-1a test vectors: ids must never change across builds.
  EXPECT_EQ(Hex64(Fnv1a64("")), "cbf29ce484222325");
  EXPECT_EQ(Hex64(Fnv1a64("a")), "af63dc4c8601ec8c");
  EXPECT_EQ(Hex64(Fnv1a64("foobar")), "85944171f73967e8");
}

TEST(ParseDate, AcceptsDocumentedForms) {
  struct Case {
    std::string text;
    int64_t first;
    int64_t last;
  };
  const Case cases[] = {
      {"1970", 0, 365 * 86400 - 1},
      {"2024-02", 1706745600, 1709251200 - 1},  // leap February
      {"2025-01-31", 1738281600, 1738281600 + 86399},
      {"2025-01-31T10:00:00Z", 1738317600, 1738317600},
      {"2025-01-31T12:00:00+02:00", 1738317600, 1738317600},
      {"2025-01-31t10:00:00.250z", 1738317600, 1738317600},
      {"2025-01-31 10:00", 1738317600, 1738317600},
      {"1969-12-31", -86400, -1},
  };
  for (const Case& c : cases) {
    DateRange range;
    ASSERT_TRUE(ParseDate(c.text, &range).ok()) << c.text;
    EXPECT_EQ(range.first, c.first) << c.text;
    EXPECT_EQ(range.last, c.last) << c.text;
  }
}

TEST(ParseDate, RejectsMalformedDates) {
  const std::string cases[] = {
      "",
      "25",
      "2025-13",
      "2025-02-30",
      "2023-02-29",
      "2025-1-5",
      "2025-01-31T25:00",
      "2025/01/31",
      "yesterday",
      "2025-01-31Tnoon",
      "2025-01-31T10:00:00+2",
  };
  for (const std::string& text : cases) {
    DateRange range;
    const Status s = ParseDate(text, &range);
    EXPECT_TRUE(s.IsInvalidArgument()) << text << " " << s.ToString();
  }
}

TEST(Keys, TimesSortNewestFirstAndUnknownLast) {
  const std::string unknown = EncodeTime(std::nullopt);
  const std::string old = EncodeTime(-86400);
  const std::string epoch = EncodeTime(0);
  const std::string recent = EncodeTime(1738281600);
  EXPECT_LT(recent, epoch);
  EXPECT_LT(epoch, old);
  EXPECT_LT(old, unknown);
  EXPECT_EQ(recent.size(), kTimeBytes);
}

TEST(Keys, PostingPrefixesAreDisjoint) {
  // "w" "peace" must not be a prefix of "w" "peacekeeping".
  const std::string a = PostingPrefix(KeySpace::kByWord, "peace");
  const std::string b = PostingPrefix(KeySpace::kByWord, "peacekeeping");
  EXPECT_NE(b.compare(0, a.size(), a), 0);
  EXPECT_EQ(PostingPrefix(KeySpace::kByTime, "ignored"), "t");
}

TEST(Keys, HexRoundTrips) {
  const std::string bytes("\x00\xff\x10z", 4);
  std::string back;
  ASSERT_TRUE(HexDecode(HexEncode(bytes), &back));
  EXPECT_EQ(back, bytes);
  EXPECT_FALSE(HexDecode("abc", &back));
  EXPECT_FALSE(HexDecode("zz", &back));
}

TEST(Keys, Fixed64RoundTrips) {
  std::string value;
  PutFixed64(&value, 0x0102030405060708ULL);
  EXPECT_EQ(DecodeFixed64(value), 0x0102030405060708ULL);
}

}  // namespace
}  // namespace quotes
