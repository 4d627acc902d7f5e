// Copyright The Quote Tracker Authors.
//
// A small deterministic random number generator for generated test and
// benchmark data: xorshift64*, so the same seed gives the same sequence on
// every platform and library, which the std distributions do not promise.
// Not thread-safe; one instance per thread.

#ifndef TESTS_RANDOM_H_
#define TESTS_RANDOM_H_

#include <cstdint>

namespace quotes {
namespace testing_util {

class Random {
 public:
  // Any seed works; 0 is mapped to a non-zero state.
  explicit Random(uint64_t seed) : state_(seed | 1) {}

  uint64_t Next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1DULL;
  }

  // Uniform in [0, n); n > 0.
  uint64_t Uniform(uint64_t n) { return Next() % n; }

  // Uniform in [0, 1), with 53 random bits.
  double Unit() { return (Next() >> 11) * (1.0 / 9007199254740992.0); }

 private:
  uint64_t state_;
};

}  // namespace testing_util
}  // namespace quotes

#endif  // TESTS_RANDOM_H_
