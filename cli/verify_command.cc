// Copyright The Quote Tracker Authors.

#include "cli/verify_command.h"

#include "cli/commands_internal.h"
#include "cli/output.h"
#include "cli/verify_output.h"

namespace quotes {

const char kVerifyUsage[] =
    "quotes verify [--db DIR] [--speaker NAME] [--limit N] [--format "
    "text|json] CLAIM...";

CLI::App* AddVerifyCommand(CLI::App* app, const char* db_help,
                           const CLI::Validator& limit_check,
                           VerifyFlags* flags) {
  CLI::App* command = app->add_subcommand(
      "verify",
      "Check a claimed quotation against the store: did they say that?");
  command->footer(
      "\nVerdicts: exact (the same words, or a verbatim part of a quote), "
      "close wording (words dropped, added, changed, moved or in "
      "another tense), paraphrase-like overlap, not found. The diff "
      "shows the stored words: [-dropped-], {+added+}, "
      "[-stored-]{+claimed+}. With --speaker, quotes of other speakers "
      "are found too, and a claim that names the wrong speaker says "
      "so.\nExit status: 0 when the words were found (exact or close "
      "wording), 1 when nothing closer than a paraphrase-like overlap "
      "was, 2 on any error.\nErrors go to stderr as 'quotes: <message>'; "
      "data goes to stdout.");
  command->add_option("--db", flags->db, db_help)->type_name("DIR");
  command
      ->add_option("--speaker", flags->speaker,
                   "The speaker the claim names, any spelling")
      ->type_name("NAME");
  command->add_option("--limit", flags->limit, "At most N matches (0: all)")
      ->type_name("N")
      ->capture_default_str()
      ->check(limit_check);
  command->add_option("--format", flags->format, "text or json")
      ->type_name("FORMAT")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
  command
      ->add_option("CLAIM", flags->claim,
                   "The claimed words (quote them in the shell)")
      ->type_name("")
      ->required();
  return command;
}

int RunVerify(const VerifyFlags& flags, const CommandIo& io) {
  VerifyRequest request;
  for (const std::string& part : flags.claim) {
    if (!request.text.empty()) request.text.push_back(' ');
    request.text += part;
  }
  request.speaker = flags.speaker;
  request.max_matches = static_cast<size_t>(flags.limit);

  std::unique_ptr<QuoteStore> store;
  Status s = OpenStore(flags.db, /*create=*/false, &store);
  VerifyResult result;
  if (s.ok()) s = store->Verify(request, &result);
  if (!s.ok()) {
    ReportError(io, s);
    return Finish(io, kExitError);
  }
  std::string text;
  if (flags.format == "json") {
    if (!AppendVerifyJson(request, result, &text)) {
      ReportError(io, Status::Corruption("verify", "a quote is not printable"));
      return Finish(io, kExitError);
    }
    text.push_back('\n');
  } else {
    AppendVerifyText(request, result, &text);
  }
  io.out->Write(text);
  return Finish(io, FoundClose(result) ? kExitOk : kExitNothingFound);
}

}  // namespace quotes
