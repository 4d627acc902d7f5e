// Copyright The Quote Tracker Authors.
//
// `quotes check [--db DIR] [--repair]`: the store's records against its
// indexes (storage/check.h).  Prints what the store holds (records, keys
// of each key space) and each problem found; with --repair, rebuilds the
// indexes, counts and stats from the records, says what it changed and
// checks the store again.
//
// Exit status: 0 when the store is consistent (with --repair: once
// repaired), 1 when problems were found (without --repair), 2 on an error
// (no store, the store in use, a read or write that failed, problems left
// after a repair).

#ifndef CLI_CHECK_COMMAND_H_
#define CLI_CHECK_COMMAND_H_

#include <string>

#include "CLI/CLI.hpp"
#include "cli/commands.h"

namespace quotes {

struct CheckFlags {
  std::string db;
  bool repair = false;
};

// The one-line usage printed with a usage error.
extern const char kCheckUsage[];

// Adds the `check` subcommand to "app" with its flags bound to *flags (not
// owned; must outlive the parse).  "db_help" is the --db text every store
// command shows.
CLI::App* AddCheckCommand(CLI::App* app, const char* db_help,
                          CheckFlags* flags);

int RunCheck(const CheckFlags& flags, const CommandIo& io);

}  // namespace quotes

#endif  // CLI_CHECK_COMMAND_H_
