// Copyright The Quote Tracker Authors.

#include "storage/quote_query.h"

#include <algorithm>

#include "storage/dates.h"
#include "storage/keys.h"
#include "storage/normalize.h"

namespace quotes {
namespace {

// Length of the double quotation mark at text[pos] (", U+201C, U+201D,
// U+201E), or 0.
size_t QuoteMarkAt(std::string_view text, size_t pos) {
  if (text[pos] == '"') return 1;
  for (const std::string_view mark : {"\u201C", "\u201D", "\u201E"}) {
    if (text.substr(pos, mark.size()) == mark) return mark.size();
  }
  return 0;
}

// Splits "text" at double quotation marks: the parts between marks are
// phrases, the rest plain words.
Status ParseWords(std::string_view text, ParsedQuery* parsed) {
  size_t start = 0;  // of the current part
  bool in_phrase = false;
  for (size_t pos = 0; pos <= text.size();) {
    const bool at_end = pos == text.size();
    const size_t mark = at_end ? 0 : QuoteMarkAt(text, pos);
    if (!at_end && mark == 0) {
      ++pos;
      continue;
    }
    if (at_end && in_phrase) {
      return Status::InvalidArgument("unterminated phrase in words",
                                     std::string(text));
    }
    const std::vector<std::string> words =
        TokenizeWords(text.substr(start, pos - start));
    if (in_phrase && words.empty()) {
      return Status::InvalidArgument("empty phrase in words",
                                     std::string(text));
    }
    if (in_phrase && words.size() > 1) parsed->phrases.push_back(words);
    parsed->words.insert(parsed->words.end(), words.begin(), words.end());
    if (at_end) break;
    in_phrase = !in_phrase;
    pos += mark;
    start = pos;
  }
  std::sort(parsed->words.begin(), parsed->words.end());
  parsed->words.erase(std::unique(parsed->words.begin(), parsed->words.end()),
                      parsed->words.end());
  return Status::OK();
}

Status ParseBound(const std::string& text, bool upper,
                  std::optional<int64_t>* bound) {
  if (text.empty()) return Status::OK();
  DateRange range;
  QUOTES_RETURN_IF_ERROR(ParseDate(text, &range));
  // "until 2025" includes all of 2025.
  *bound = upper ? range.last : range.first;
  return Status::OK();
}

Status ParseCursor(const std::string& cursor, std::string* sort_key) {
  if (cursor.empty()) return Status::OK();
  if (!HexDecode(cursor, sort_key) || sort_key->size() <= kTimeBytes) {
    sort_key->clear();
    return Status::InvalidArgument("bad cursor", cursor);
  }
  return Status::OK();
}

bool HasOutlet(const Quote& quote, const std::string& outlet) {
  return std::any_of(quote.sources().begin(), quote.sources().end(),
                     [&](const Source& source) {
                       return NormalizeOutlet(source.outlet()) == outlet;
                     });
}

// True iff "word" is "token" or, as SearchableWords has it, one of the
// apostrophe-separated parts of two bytes or more of "token" ("macron" in
// "macron's").
bool WordMatches(std::string_view token, std::string_view word) {
  if (token == word) return true;
  if (token.size() <= word.size() || token.find('\'') == token.npos) {
    return false;
  }
  size_t start = 0;
  while (start <= token.size()) {
    size_t end = token.find('\'', start);
    if (end == std::string_view::npos) end = token.size();
    if (end - start >= 2 && token.substr(start, end - start) == word) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

bool HasPhrase(const std::vector<std::string_view>& tokens,
               const std::vector<std::string>& phrase) {
  return std::search(tokens.begin(), tokens.end(), phrase.begin(), phrase.end(),
                     [](std::string_view a, const std::string& b) {
                       return a == b;
                     }) != tokens.end();
}

bool HasWords(const ParsedQuery& query, const Quote& quote) {
  if (query.words.empty()) return true;
  // WordsOfKey rather than TokenizeWords: this runs for every candidate
  // quote of a scan.
  const std::vector<std::string_view> tokens =
      WordsOfKey(quote.canonical_key());
  for (const std::string& word : query.words) {
    const bool found = std::any_of(
        tokens.begin(), tokens.end(),
        [&](std::string_view token) { return WordMatches(token, word); });
    if (!found) return false;
  }
  return std::all_of(query.phrases.begin(), query.phrases.end(),
                     [&](const std::vector<std::string>& phrase) {
                       return HasPhrase(tokens, phrase);
                     });
}

}  // namespace

Status ParseQuery(const QuoteQuery& query, const std::string& cursor,
                  ParsedQuery* parsed) {
  ParsedQuery out;
  out.speaker = query.speaker;
  if (!query.speaker.empty() && QueryAliasKeys(query.speaker).empty()) {
    return Status::InvalidArgument("speaker name has no letters",
                                   query.speaker);
  }
  QUOTES_RETURN_IF_ERROR(ParseWords(query.words, &out));
  // Words such as "!!!" hold nothing to search for: without this check
  // they would filter nothing and match every quote.
  if (!query.words.empty() && out.words.empty()) {
    return Status::InvalidArgument("no words to search for", query.words);
  }
  out.outlet = NormalizeOutlet(query.outlet);
  if (!query.outlet.empty() && out.outlet.empty()) {
    return Status::InvalidArgument("outlet has no letters", query.outlet);
  }
  out.kind = query.kind;
  QUOTES_RETURN_IF_ERROR(ParseBound(query.since, false, &out.since));
  QUOTES_RETURN_IF_ERROR(ParseBound(query.until, true, &out.until));
  out.oldest_first = query.oldest_first;
  QUOTES_RETURN_IF_ERROR(ParseCursor(cursor, &out.resume_after));
  *parsed = std::move(out);
  return Status::OK();
}

bool MatchesQuery(const ParsedQuery& query, const Quote& quote) {
  if (!query.speaker.empty() &&
      std::find(query.speaker_ids.begin(), query.speaker_ids.end(),
                quote.speaker().speaker_id()) == query.speaker_ids.end()) {
    return false;
  }
  if (query.kind != KIND_UNSPECIFIED && quote.kind() != query.kind) {
    return false;
  }
  if (!query.outlet.empty() && !HasOutlet(quote, query.outlet)) return false;
  return HasWords(query, quote);
}

std::vector<std::string> QueryAliasKeys(std::string_view name) {
  std::vector<std::string> keys;
  for (const bool strip : {true, false}) {
    std::string key = NormalizeName(name, strip);
    if (!key.empty() &&
        std::find(keys.begin(), keys.end(), key) == keys.end()) {
      keys.push_back(std::move(key));
    }
  }
  return keys;
}

}  // namespace quotes
