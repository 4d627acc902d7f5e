// Copyright The Quote Tracker Authors.
//
// The `quotes` binary: wires the process's standard streams to RunQuotes.

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/output.h"

namespace {

// Fills a closed standard descriptor (`quotes query >&-`) with /dev/null
// opened read-only, before anything else opens a file.  Left empty, the
// slot would go to the next file opened, a file of the store, and the
// command's output or messages would be written into it.  Read-only, a
// write to the slot still fails with EBADF, as on the closed descriptor;
// a read sees an empty input.
void KeepStandardDescriptorsTaken() {
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    // open() takes the lowest free slot: this one, the lower ones being
    // taken.  If even /dev/null cannot be opened, stop before the store.
    if (open("/dev/null", O_RDONLY) != fd) _exit(quotes::kExitError);
  }
}

}  // namespace

int main(int argc, char** argv) {
  KeepStandardDescriptorsTaken();
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
