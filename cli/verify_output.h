// Copyright The Quote Tracker Authors.
//
// The renderings of a verification (QuoteStore::Verify) for people and for
// programs, shared by `quotes verify` and the server's /api/verify.
//
// Text: a verdict line that answers the question ("close wording, said by
// Ana Ortiz, not by Karl Eng"), then each match with its score, the stored
// words, the diff in wdiff's notation ("[-dropped-]", "{+added+}"), the
// changes listed one by one, and the first source.
//
// JSON: one object
//   {"claim", "speaker" (null when none named), "verdict", "summary" (the
//    verdict line), "wrong_speaker", "claimed_speakers": [names],
//    "matches": [{"verdict", "score",
//    "excerpt", "coverage", "negation_differs", "speaker_matches",
//    "marked", "diff": [{"op", "quote", "claim", "start", "end"}],
//    "first_source": Source, "quote": Quote}]}
// with verdicts "exact", "close_wording", "paraphrase", "not_found" and
// ops as DiffOpName gives them.  "quote" diff text is the stored text's
// bytes [start, end); "claim" the claim's words (added, changed and
// inflection ops).
//
// Pure functions; thread-safe.

#ifndef CLI_VERIFY_OUTPUT_H_
#define CLI_VERIFY_OUTPUT_H_

#include <string>

#include "storage/quote_store.h"

namespace quotes {

// True iff the verification found the claim's words (exact or close
// wording): what `quotes verify` exits 0 for.
bool FoundClose(const VerifyResult& result);

// The sentence that answers the claim: the verdict and who said it
// ("close wording, said by Ana Ortiz, not by Karl Eng").
std::string VerdictLine(const VerifyRequest& request,
                        const VerifyResult& result);

// Appends the text rendering to *out.
void AppendVerifyText(const VerifyRequest& request, const VerifyResult& result,
                      std::string* out);

// Appends the JSON rendering to *out, on one line without '\n'.  Returns
// false if protobuf refuses to print a stored record.
bool AppendVerifyJson(const VerifyRequest& request, const VerifyResult& result,
                      std::string* out);

}  // namespace quotes

#endif  // CLI_VERIFY_OUTPUT_H_
