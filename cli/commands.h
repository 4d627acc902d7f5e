// Copyright The Quote Tracker Authors.
//
// The `quotes` command: flag parsing (CLI11) and the subcommands extract,
// ingest, query, speakers, show and export.  main.cc only wires the
// process's stdout and stderr to RunQuotes; tests call it directly.
//
// Conventions (README.md, "Commands"):
//   exit 0   success, with results
//   exit 1   the query or extraction found nothing
//   exit 2   an error: a usage error (short usage on stderr), an input that
//            could not be read (the other inputs are still processed), a
//            store that could not be opened
// Data goes to "out"; errors go to "err" as "quotes: <status>".  A reader
// that closes the pipe early (`| head`) ends the run quietly with 0.

#ifndef CLI_COMMANDS_H_
#define CLI_COMMANDS_H_

#include <string>
#include <vector>

#include "cli/output.h"

namespace quotes {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNothingFound = 1;
inline constexpr int kExitError = 2;

// Where the command's bytes go, and what it may assume about them.
struct CommandIo {
  // Data.  Not owned.
  Output* out = nullptr;
  // Errors, warnings and progress.  Not owned.
  Output* err = nullptr;
  // Progress reports are printed only to a terminal.
  bool err_is_terminal = false;
  // The length-delimited feed is refused on a terminal.
  bool out_is_terminal = false;
  // With no FILE, input is read from stdin unless it is a terminal (then
  // the command asks for a FILE instead of waiting).
  bool in_is_terminal = false;
};

// Runs `quotes` with "args" (args[0] is the program name) and returns the
// exit status.  Never throws.
int RunQuotes(const std::vector<std::string>& args, const CommandIo& io);

// The store used when --db is not given: $QUOTES_DB, else
// $XDG_DATA_HOME/quotes/db, else $HOME/.local/share/quotes/db (relative
// "quotes-db" when HOME is unset).
std::string DefaultDbPath();

}  // namespace quotes

#endif  // CLI_COMMANDS_H_
