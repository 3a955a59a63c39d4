// TIFF's LZW (TIFF 6.0 section 13): MSB-first codes of 9 to 12 bits, Clear = 256, EOI = 257, and
// the "early change" that widens codes one entry before the table fills. No maintained library
// decodes TIFF's variant on its own (libtiff keeps its codec internal), so it is written here.
#include <array>
#include <cstring>

#include "cupix/core/error.hpp"
#include "io/decode.hpp"

namespace cupix::io::detail {

std::size_t decode_lzw(const std::uint8_t* src, std::size_t n, std::uint8_t* dst, std::size_t cap) {
  constexpr int kClear = 256, kEoi = 257, kFirst = 258, kMaxCodes = 4096;
  // Entry c is the string of entry prefix[c] followed by byte suffix[c]; length[c] bytes long.
  std::array<std::uint16_t, kMaxCodes> prefix;
  std::array<std::uint8_t, kMaxCodes> suffix, first;
  std::array<std::uint16_t, kMaxCodes> length;
  for (int c = 0; c < 256; ++c) {
    prefix[c] = 0;
    suffix[c] = first[c] = static_cast<std::uint8_t>(c);
    length[c] = 1;
  }
  if (n >= 2 && src[0] == 0 && (src[1] & 1))
    throw NotSupported("old-style (pre-TIFF 6.0, LSB-first) LZW data is not supported");

  std::size_t out = 0, pos = 0;
  std::uint32_t bits = 0;
  int nbits = 0, width = 9, next = kFirst, prev = -1;
  auto emit = [&](int code) {  // writes entry `code`, clipped to the output
    const std::size_t len = length[code];
    for (std::size_t i = len; i-- > 0; code = prefix[code])
      if (out + i < cap) dst[out + i] = suffix[code];
    out += len;
  };
  while (out < cap) {
    while (nbits < width && pos < n) {
      bits = (bits << 8) | src[pos++];
      nbits += 8;
    }
    if (nbits < width) break;  // data ended without EOI: keep what was decoded
    const int code = static_cast<int>((bits >> (nbits - width)) & ((1u << width) - 1));
    nbits -= width;
    if (code == kEoi) break;
    if (code == kClear) {
      width = 9;
      next = kFirst;
      prev = -1;
      continue;
    }
    if (prev < 0) {
      if (code > 255) throw IOError("corrupt LZW data: a code follows Clear that is not a byte");
      emit(code);
      prev = code;
      continue;
    }
    if (code > next || (code == next && next >= kMaxCodes)) throw IOError("corrupt LZW data: code beyond the table");
    const std::uint8_t head = code < next ? first[code] : first[prev];
    if (next < kMaxCodes) {
      prefix[next] = static_cast<std::uint16_t>(prev);
      suffix[next] = head;
      first[next] = first[prev];
      length[next] = static_cast<std::uint16_t>(length[prev] + 1);
      ++next;
    }
    emit(code);
    prev = code;
    if (next >= (1 << width) - 1 && width < 12) ++width;
  }
  return out < cap ? out : cap;
}

}  // namespace cupix::io::detail
