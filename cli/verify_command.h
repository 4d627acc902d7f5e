// Copyright The Quote Tracker Authors.
//
// `quotes verify [--db DIR] [--speaker NAME] [--limit N] [--format
// text|json] CLAIM...`: "Did X really say that?"  The claim's words are
// checked against the store (QuoteStore::Verify) and the closest real
// quotes printed with their verdict, score, word diff, speaker and first
// source.
//
// Exit status: 0 when the claim's words were found (exact or close
// wording, whoever said them), 1 when nothing closer than a
// paraphrase-like overlap was (those matches are still printed), 2 on an
// error.

#ifndef CLI_VERIFY_COMMAND_H_
#define CLI_VERIFY_COMMAND_H_

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/commands.h"

namespace quotes {

struct VerifyFlags {
  std::string db;
  std::string speaker;
  // The claim's words; several arguments are joined by spaces.
  std::vector<std::string> claim;
  long long limit = 5;  // 0: every match
  std::string format = "text";
};

// The one-line usage printed with a usage error.
extern const char kVerifyUsage[];

// Adds the `verify` subcommand to "app" with its flags bound to *flags
// (not owned; must outlive the parse).  "db_help" is the --db text every
// store command shows; "limit_check" validates --limit.
CLI::App* AddVerifyCommand(CLI::App* app, const char* db_help,
                           const CLI::Validator& limit_check,
                           VerifyFlags* flags);

int RunVerify(const VerifyFlags& flags, const CommandIo& io);

}  // namespace quotes

#endif  // CLI_VERIFY_COMMAND_H_
