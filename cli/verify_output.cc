// Copyright The Quote Tracker Authors.

#include "cli/verify_output.h"

#include <cstdio>
#include <string_view>

#include "cli/output.h"

namespace quotes {
namespace {

// "text" on one line: runs of white space become one space.
std::string OneLine(std::string_view s) {
  std::string line;
  bool space = false;
  for (const char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !line.empty();
      continue;
    }
    if (space) line.push_back(' ');
    space = false;
    line.push_back(c);
  }
  return line;
}

std::string SpeakerName(const Quote& quote) {
  const std::string name = OneLine(quote.speaker().name());
  return name.empty() ? "an unknown speaker" : name;
}

std::string Score(double score) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%.2f", score);
  return buf;
}

std::string QuoteWords(const Quote& quote, const DiffOp& op) {
  return OneLine(std::string_view(quote.text())
                     .substr(op.quote_start, op.quote_end - op.quote_start));
}

// The changes one by one, in the quote's order: what a reader checks.
std::string ChangeList(const Quote& quote, const std::vector<DiffOp>& diff) {
  std::string list;
  const auto add = [&list](const std::string& item) {
    if (!list.empty()) list += "; ";
    list += item;
  };
  for (const DiffOp& op : diff) {
    const std::string words = "\"" + QuoteWords(quote, op) + "\"";
    const std::string claim = "\"" + OneLine(op.claim_words) + "\"";
    switch (op.kind) {
      case DiffOp::Kind::kInflection:
        add(words + " -> " + claim + " (other form)");
        break;
      case DiffOp::Kind::kChanged:
        add(words + " -> " + claim);
        break;
      case DiffOp::Kind::kDropped:
        add("dropped " + words);
        break;
      case DiffOp::Kind::kAdded:
        add("added " + claim);
        break;
      case DiffOp::Kind::kMoved:
        add("moved " + words);
        break;
      case DiffOp::Kind::kSame:
      case DiffOp::Kind::kOutside:
        break;
    }
  }
  return list.empty() ? "none" : list;
}

void AppendMatchText(size_t rank, const VerifyMatch& match, std::string* out) {
  const Quote& quote = match.quote;
  const Comparison& c = match.comparison;
  std::string speaker = SpeakerName(quote);
  if (!quote.speaker().role().empty()) {
    speaker += " (" + OneLine(quote.speaker().role()) + ")";
  }
  *out += std::to_string(rank) + ". " + VerdictText(c.verdict) + ", score " +
          Score(c.score) + ": " + speaker + "\n";
  *out += "   quote:   \"" + OneLine(quote.text()) + "\"\n";
  *out += "   diff:    " + OneLine(MarkedDiff(quote.text(), c.diff)) + "\n";
  *out += "   changes: " + ChangeList(quote, c.diff) + "\n";
  if (c.negation_differs) {
    *out +=
        "   note:    the claim and the quote differ in a negation (not, no, "
        "never): the meaning may be reversed\n";
  }
  if (c.excerpt) {
    *out +=
        "   note:    the claim quotes part of the quote (\u2026 marks the "
        "rest)\n";
  }
  if (quote.sources_size() > 0) {
    const Source& first = quote.sources(0);
    std::string where = first.outlet();
    if (!first.published().empty()) {
      if (!where.empty()) where += ", ";
      where += first.published();
    }
    if (!where.empty()) where += ": ";
    where += first.url().empty() ? first.doc_id() : first.url();
    *out += "   first:   " + OneLine(where) + "\n";
  }
  *out += "   sources: " + std::to_string(quote.sources_size()) +
          " (quotes show " + quote.id() + ")\n";
}

void AppendField(const char* name, bool first, std::string* out) {
  if (!first) out->push_back(',');
  AppendJsonString(name, out);
  out->push_back(':');
}

void AppendDiffJson(const Quote& quote, const std::vector<DiffOp>& diff,
                    std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < diff.size(); ++i) {
    const DiffOp& op = diff[i];
    if (i > 0) out->push_back(',');
    out->push_back('{');
    AppendField("op", true, out);
    AppendJsonString(DiffOpName(op.kind), out);
    AppendField("quote", false, out);
    AppendJsonString(std::string_view(quote.text())
                         .substr(op.quote_start, op.quote_end - op.quote_start),
                     out);
    AppendField("claim", false, out);
    AppendJsonString(op.claim_words, out);
    AppendField("start", false, out);
    *out += std::to_string(op.quote_start);
    AppendField("end", false, out);
    *out += std::to_string(op.quote_end);
    out->push_back('}');
  }
  out->push_back(']');
}

bool AppendMatchJson(const VerifyMatch& match, std::string* out) {
  const Comparison& c = match.comparison;
  out->push_back('{');
  AppendField("verdict", true, out);
  AppendJsonString(VerdictName(c.verdict), out);
  AppendField("score", false, out);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.3f", c.score);
  *out += buf;
  AppendField("excerpt", false, out);
  *out += c.excerpt ? "true" : "false";
  AppendField("coverage", false, out);
  std::snprintf(buf, sizeof(buf), "%.3f", c.coverage);
  *out += buf;
  AppendField("negation_differs", false, out);
  *out += c.negation_differs ? "true" : "false";
  AppendField("speaker_matches", false, out);
  *out += match.speaker_matches ? "true" : "false";
  AppendField("marked", false, out);
  AppendJsonString(MarkedDiff(match.quote.text(), c.diff), out);
  AppendField("diff", false, out);
  AppendDiffJson(match.quote, c.diff, out);
  AppendField("first_source", false, out);
  if (match.quote.sources_size() == 0) {
    *out += "null";
  } else if (!AppendMessageJson(match.quote.sources(0), out)) {
    return false;
  }
  AppendField("quote", false, out);
  if (!AppendMessageJson(match.quote, out)) return false;
  out->push_back('}');
  return true;
}

}  // namespace

bool FoundClose(const VerifyResult& result) {
  return result.verdict >= Verdict::kCloseWording;
}

std::string VerdictLine(const VerifyRequest& request,
                        const VerifyResult& result) {
  if (result.matches.empty()) {
    return "not found: no stored quote is close to the claim";
  }
  const VerifyMatch& best = result.matches.front();
  const std::string who = SpeakerName(best.quote);
  const bool overlap = result.verdict == Verdict::kParaphrase;
  std::string line = VerdictText(result.verdict);
  line += overlap ? " only, with words of " + who : ": said by " + who;
  const std::string named = OneLine(request.speaker);
  if (named.empty() || best.speaker_matches) return line;
  if (best.quote.speaker().speaker_id().empty()) {
    return line + "; the store cannot tell whether " + named + " said it";
  }
  line += (overlap ? ", not of " : ", not by ") + named;
  if (result.claimed_speakers.empty()) {
    line += " (the store knows no speaker named " + named + ")";
  }
  return line;
}

void AppendVerifyText(const VerifyRequest& request, const VerifyResult& result,
                      std::string* out) {
  *out += "verdict: " + VerdictLine(request, result) + "\n";
  for (size_t i = 0; i < result.matches.size(); ++i) {
    out->push_back('\n');
    AppendMatchText(i + 1, result.matches[i], out);
  }
}

bool AppendVerifyJson(const VerifyRequest& request, const VerifyResult& result,
                      std::string* out) {
  out->push_back('{');
  AppendField("claim", true, out);
  AppendJsonString(request.text, out);
  AppendField("speaker", false, out);
  if (request.speaker.empty()) {
    *out += "null";
  } else {
    AppendJsonString(request.speaker, out);
  }
  AppendField("verdict", false, out);
  AppendJsonString(VerdictName(result.verdict), out);
  AppendField("summary", false, out);
  AppendJsonString(VerdictLine(request, result), out);
  AppendField("wrong_speaker", false, out);
  *out += result.wrong_speaker ? "true" : "false";
  AppendField("claimed_speakers", false, out);
  out->push_back('[');
  for (size_t i = 0; i < result.claimed_speakers.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(result.claimed_speakers[i].name(), out);
  }
  out->push_back(']');
  AppendField("matches", false, out);
  out->push_back('[');
  for (size_t i = 0; i < result.matches.size(); ++i) {
    if (i > 0) out->push_back(',');
    if (!AppendMatchJson(result.matches[i], out)) return false;
  }
  *out += "]}";
  return true;
}

}  // namespace quotes
