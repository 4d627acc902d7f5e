// Copyright The Quote Tracker Authors.
//
// The `quotes` binary: wires the process's standard streams to RunQuotes.

#include <signal.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/output.h"

int main(int argc, char** argv) {
  // A closed pipe shows up as EPIPE on write, which the commands treat as
  // the reader having seen enough, instead of killing the process.
  signal(SIGPIPE, SIG_IGN);
  quotes::Output out(STDOUT_FILENO, "stdout", size_t{1} << 18);
  quotes::Output err(STDERR_FILENO, "stderr", size_t{1} << 12);
  quotes::CommandIo io;
  io.out = &out;
  io.err = &err;
  io.out_is_terminal = isatty(STDOUT_FILENO);
  io.err_is_terminal = isatty(STDERR_FILENO);
  io.in_is_terminal = isatty(STDIN_FILENO);
  return quotes::RunQuotes(std::vector<std::string>(argv, argv + argc), io);
}
