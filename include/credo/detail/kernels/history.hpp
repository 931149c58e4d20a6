// Fast paths of the payment-history digest (features/records.hpp, view_at), each beside a
// plain scalar reference with the same signature; tests/detail/test_history_kernels.cpp
// compares them on random and edge input. Measurements are in docs/performance.md.
//
// A history is one Metro 2 character per month, most recent first. status_level maps '0'
// and 'E' to 0 (current), '1'..'6' to 1..6 (30-59 .. 180+ days past due), 'B' and 'D' to −1
// (no information for the month) and any other character to −2 (not a status).
//
// The kernels:
// - status_level: a 256-entry table (a history mixes levels, so tests per character would
//   mispredict); reference: the comparisons.
// - history_current: are all n months '0' or 'E'? Most histories are, so one test settles
//   the digest. 16-byte blocks with SSE2, 8-byte words (SWAR) otherwise, short histories in
//   overlapping words; reference: status_level of each month.
// - history_levels / history_blocks: the levels of up to 16 months as bit masks, SSE2 byte
//   compares and movemask; reference: a loop over the months.
// - bit_count: std::popcount where the target has the instruction, else an inline SWAR count
//   (plain x86-64 GCC would call libgcc); reference: std::popcount.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace credo::detail::kernels {

// --- status levels ---------------------------------------------------------------------------

/// Reference: the level of one history character by comparisons.
constexpr int status_level_reference(char c) noexcept {
  return c >= '0' && c <= '6'      ? c - '0'
         : c == 'E'                ? 0
         : c == 'B' || c == 'D'    ? -1
                                   : -2;
}

/// status_level_reference of every byte, by character.
inline constexpr std::array<std::int8_t, 256> status_levels = [] {
  std::array<std::int8_t, 256> t{};
  for (int ch = 0; ch < 256; ++ch)
    t[static_cast<std::size_t>(ch)] = static_cast<std::int8_t>(status_level_reference(static_cast<char>(ch)));
  return t;
}();

/// The level of one history character, from the table.
constexpr int status_level(char c) noexcept { return status_levels[static_cast<unsigned char>(c)]; }

// --- bit count -------------------------------------------------------------------------------

/// Reference: the number of bits set in x.
constexpr int bit_count_reference(std::uint64_t x) noexcept { return std::popcount(x); }

/// The number of bits set in x by the SWAR sum of bit fields (Hacker's Delight, 2nd ed., 5-1).
constexpr int bit_count_swar(std::uint64_t x) noexcept {
  x -= (x >> 1) & 0x5555555555555555ull;
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<int>((x * 0x0101010101010101ull) >> 56);
}

/// The number of bits set in x: the instruction where the target has it, else bit_count_swar.
constexpr int bit_count(std::uint64_t x) noexcept {
#if defined(__POPCNT__)
  return std::popcount(x);
#else
  return bit_count_swar(x);
#endif
}

// --- is every month current? -------------------------------------------------------------------

/// True when each of the eight bytes of w is '0' or 'E' (a current month): a byte equal to
/// '0' (0x30) or 'E' (0x45) becomes zero after xor with that pattern, and zero_bytes marks
/// the zero bytes of a word with their high bit (Mycroft's test, without false positives).
constexpr bool word_current(std::uint64_t w) noexcept {
  auto zero_bytes = [](std::uint64_t v) {
    return ~(((v & 0x7F7F7F7F7F7F7F7Full) + 0x7F7F7F7F7F7F7F7Full) | v | 0x7F7F7F7F7F7F7F7Full);
  };
  return (zero_bytes(w ^ 0x3030303030303030ull) | zero_bytes(w ^ 0x4545454545454545ull)) == 0x8080808080808080ull;
}

/// Reference: every one of the n months of history h has level 0.
inline bool history_current_reference(const char* h, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i)
    if (status_level_reference(h[i]) != 0) return false;
  return true;
}

/// history_current for n < 16: two overlapping words or, under four months, the first,
/// middle and last months padded with '0' (they are all the months there are).
inline bool history_current_short(const char* h, std::size_t n) noexcept {
  if (n >= 8) {
    std::uint64_t first, last;
    std::memcpy(&first, h, 8);
    std::memcpy(&last, h + n - 8, 8);
    return word_current(first) && word_current(last);
  }
  if (n >= 4) {
    std::uint32_t first, last;
    std::memcpy(&first, h, 4);
    std::memcpy(&last, h + n - 4, 4);
    return word_current(first | std::uint64_t{last} << 32);
  }
  if (n == 0) return true;
  auto byte = [](char ch, int at) { return std::uint64_t{static_cast<unsigned char>(ch)} << at; };
  return word_current(0x3030303030000000ull | byte(h[0], 0) | byte(h[n / 2], 8) | byte(h[n - 1], 16));
}

/// history_current in 8-byte words, the last word overlapping the one before. Reads only h[0, n).
inline bool history_current_swar(const char* h, std::size_t n) noexcept {
  if (n < 16) return history_current_short(h, n);
  std::uint64_t w;
  for (std::size_t i = 0; i + 8 <= n; i += 8) {
    std::memcpy(&w, h + i, 8);
    if (!word_current(w)) return false;
  }
  std::memcpy(&w, h + n - 8, 8);
  return word_current(w);
}

#if defined(__SSE2__)
/// history_current in 16-byte blocks, the last block overlapping the one before. Reads only h[0, n).
inline bool history_current_sse2(const char* h, std::size_t n) noexcept {
  if (n < 16) return history_current_short(h, n);
  const __m128i zero = _mm_set1_epi8('0'), e = _mm_set1_epi8('E');
  auto current = [&](const char* p) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return _mm_or_si128(_mm_cmpeq_epi8(v, zero), _mm_cmpeq_epi8(v, e));
  };
  __m128i all = current(h + n - 16);
  for (std::size_t i = 0; i + 16 <= n; i += 16) all = _mm_and_si128(all, current(h + i));
  return _mm_movemask_epi8(all) == 0xFFFF;
}
#endif

/// True when every one of the n months of history h is '0' or 'E'. Reads only h[0, n).
inline bool history_current(const char* h, std::size_t n) noexcept {
#if defined(__SSE2__)
  return history_current_sse2(h, n);
#else
  return history_current_swar(h, n);
#endif
}

// --- levels of 16 months as masks ------------------------------------------------------------

/// The levels of a block of up to 16 history months as masks, bit k for month k of the block.
struct history_levels {
  std::uint32_t known = 0;              // level >= 0: '0'..'6', 'E'
  std::uint32_t unknown = 0;            // 'B', 'D' or not a status
  std::array<std::uint32_t, 6> late{};  // late[l]: level >= l + 1 ('1' + l .. '6')

  friend bool operator==(const history_levels&, const history_levels&) = default;
};

/// Reference: the levels of the 16 months at p, month by month; `valid` keeps the masks'
/// bits of real months.
inline history_levels history_levels_reference(const char* p, std::uint32_t valid) noexcept {
  history_levels r;
  for (std::uint32_t k = 0; k < 16; ++k) {
    const int level = status_level(p[k]);
    const std::uint32_t bit = (1u << k) & valid;
    r.known |= level >= 0 ? bit : 0;
    for (std::size_t l = 0; l < 6; ++l) r.late[l] |= level > static_cast<int>(l) ? bit : 0;
  }
  r.unknown = ~r.known & valid;
  return r;
}

#if defined(__SSE2__)
/// history_levels_reference by 16 byte compares at once. Byte compares are signed: a byte of
/// 0x80 or more is below every status character.
inline history_levels history_levels_sse2(const char* p, std::uint32_t valid) noexcept {
  history_levels r;
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  auto mask = [&](__m128i m) { return static_cast<std::uint32_t>(_mm_movemask_epi8(m)) & valid; };
  const __m128i below_7 = _mm_cmplt_epi8(v, _mm_set1_epi8('7'));
  const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), below_7);
  r.known = mask(_mm_or_si128(digit, _mm_cmpeq_epi8(v, _mm_set1_epi8('E'))));
  for (std::size_t l = 0; l < 6; ++l)
    r.late[l] = mask(_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>('0' + l))), below_7));
  r.unknown = ~r.known & valid;
  return r;
}
#endif

/// The levels of the 16 months at p; `valid` keeps the masks' bits of real months.
inline history_levels history_levels_of(const char* p, std::uint32_t valid) noexcept {
#if defined(__SSE2__)
  return history_levels_sse2(p, valid);
#else
  return history_levels_reference(p, valid);
#endif
}

/// A history read in blocks of 16 months for history_levels: blocks at 0, 16, 32, ... and,
/// when 16 does not divide n, one more ending at the last month (it overlaps the one before;
/// the masks are ORed, so a month seen twice counts once). A history under 16 months is one
/// block copied into a buffer padded with '0' months, which its masks leave out. Reads only
/// h[0, n).
class history_blocks {
public:
  history_blocks(const char* h, std::size_t n) noexcept : h_(h), n_(n) {}

  /// Calls f(first month of the block, its history_levels) for each block.
  template <class F>
  void for_each(F&& f) const {
    if (n_ >= 16) {
      std::size_t i = 0;
      for (; i + 16 <= n_; i += 16) f(i, levels(h_ + i, 0xFFFFu));
      if (i < n_) f(n_ - 16, levels(h_ + n_ - 16, 0xFFFFu));
      return;
    }
    char buf[16];
    std::memset(buf, '0', sizeof buf);
    if (n_ >= 8) {  // two words that overlap: fixed-size copies, no call
      std::memcpy(buf, h_, 8);
      std::memcpy(buf + n_ - 8, h_ + n_ - 8, 8);
    } else if (n_ >= 4) {
      std::memcpy(buf, h_, 4);
      std::memcpy(buf + n_ - 4, h_ + n_ - 4, 4);
    } else {
      for (std::size_t i = 0; i < n_; ++i) buf[i] = h_[i];
    }
    f(std::size_t{0}, levels(buf, (1u << n_) - 1));
  }

  /// The levels of the 16 months at p (history_levels_of).
  static history_levels levels(const char* p, std::uint32_t valid) noexcept { return history_levels_of(p, valid); }

private:
  const char* h_;
  std::size_t n_;
};

}  // namespace credo::detail::kernels
