// Copyright The Quote Tracker Authors.
//
// FUZZ_CHECK: the property checks of the fuzz targets.  A failed check
// prints what failed and aborts, which libFuzzer reports as a crash (and
// saves the input), and which fails the replay test under gcc.

#ifndef FUZZ_FUZZ_CHECK_H_
#define FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, ...)                                          \
  do {                                                                      \
    if (!(condition)) {                                                     \
      std::fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, \
                   #condition);                                             \
      std::fprintf(stderr, __VA_ARGS__);                                    \
      std::fprintf(stderr, "\n");                                           \
      std::abort();                                                         \
    }                                                                       \
  } while (0)

#endif  // FUZZ_FUZZ_CHECK_H_
