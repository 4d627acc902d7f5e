// Copyright The Quote Tracker Authors.
//
// Byte tests on eight bytes at once, in a uint64_t (SIMD within a
// register).  The tokenizer uses them to pass over runs of plain bytes with
// one test a word instead of a branch a byte.
//
// Each test returns a mask with the high bit set in bytes that pass: in
// all of them, or up to the first (each test says which).  Either way the
// mask is nonzero iff some byte passes.  Load8 reads eight bytes in memory
// order; on a little-endian machine the first byte is the lowest, and
// FirstMarked gives the first passing byte.  kLittleEndian says whether
// that holds, and the scanners keep a byte loop for machines where it does
// not.  FirstMarked uses a GCC and Clang builtin, as does this project's
// build.  Pure functions; thread-safe.

#ifndef QUOTES_SWAR_H_
#define QUOTES_SWAR_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace quotes {
namespace swar {

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
inline constexpr bool kLittleEndian = true;
#else
inline constexpr bool kLittleEndian = false;
#endif

inline constexpr uint64_t kOnes = 0x0101010101010101ull;
inline constexpr uint64_t kHighs = 0x8080808080808080ull;

inline uint64_t Load8(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}

// Bytes equal to "c".  Exact up to and including the first such byte;
// bytes after it may be marked wrongly (a borrow runs on), so use the mask
// for "any" and for "the first", not to count.
inline uint64_t BytesEqual(uint64_t x, unsigned char c) {
  const uint64_t t = x ^ (kOnes * c);
  return (t - kOnes) & ~t & kHighs;
}

// Bytes in [lo, hi], exactly.  REQUIRES: every byte of "x" is below 0x80
// (mask with ~kHighs first) and lo <= hi < 0x80.
inline uint64_t BytesInRange(uint64_t x, unsigned char lo, unsigned char hi) {
  const uint64_t from_lo = x + kOnes * (0x80 - lo);      // high bit: >= lo
  const uint64_t past_hi = x + kOnes * (0x80 - hi - 1);  // high bit: > hi
  return from_lo & ~past_hi & kHighs;
}

// Bytes of 0x80 and above (not ASCII), exactly.
inline uint64_t NonAscii(uint64_t x) { return x & kHighs; }

// "x" with its ASCII capitals lowered; every other byte as it was.
inline uint64_t LowerAscii(uint64_t x) {
  const uint64_t upper = BytesInRange(x & ~kHighs, 'A', 'Z') & ~NonAscii(x);
  return x | (upper >> 2);  // 0x80 >> 2 == 'a' - 'A'
}

// Lowers the ASCII capitals of p[0, n) in place, eight bytes at a time.
inline void LowerAsciiInPlace(char* p, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const uint64_t x = LowerAscii(Load8(p + i));
    std::memcpy(p + i, &x, 8);
  }
  for (; i < n; ++i) {
    if (p[i] >= 'A' && p[i] <= 'Z') p[i] += 'a' - 'A';
  }
}

// The index (0..7) of the first byte marked in "mask" (nonzero), in
// memory order.  REQUIRES: kLittleEndian.
inline int FirstMarked(uint64_t mask) { return __builtin_ctzll(mask) >> 3; }

}  // namespace swar
}  // namespace quotes

#endif  // QUOTES_SWAR_H_
