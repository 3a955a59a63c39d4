#include "io/decode.hpp"

#include <libdeflate.h>
#include <webp/decode.h>
#include <zstd.h>

#include <cstring>
#include <memory>
#include <string>

#include "cupix/core/error.hpp"

namespace cupix::io::detail {
namespace {

std::size_t decode_deflate(const std::uint8_t* src, std::size_t n, std::uint8_t* dst, std::size_t cap) {
  struct Free {
    void operator()(libdeflate_decompressor* p) const { libdeflate_free_decompressor(p); }
  };
  thread_local std::unique_ptr<libdeflate_decompressor, Free> dec(libdeflate_alloc_decompressor());
  if (!dec) throw OutOfMemory("cannot allocate a deflate decompressor");
  std::size_t got = 0;
  const auto r = libdeflate_zlib_decompress(dec.get(), src, n, dst, cap, &got);
  // A stream longer than the tile is corrupt for TIFF, but its first `cap` bytes are the tile:
  // libtiff reads it that way, so accept it as well.
  if (r == LIBDEFLATE_INSUFFICIENT_SPACE) return cap;
  if (r != LIBDEFLATE_SUCCESS) throw IOError("corrupt deflate tile (libdeflate error " + std::to_string(int(r)) + ")");
  return got;
}

std::size_t decode_zstd(const std::uint8_t* src, std::size_t n, std::uint8_t* dst, std::size_t cap) {
  const std::size_t got = ZSTD_decompress(dst, cap, src, n);
  if (ZSTD_isError(got)) throw IOError(std::string("corrupt zstd tile: ") + ZSTD_getErrorName(got));
  return got;
}

std::size_t decode_webp(const Directory& d, const std::uint8_t* src, std::size_t n, std::uint8_t* dst, std::size_t cap) {
  int w = 0, h = 0;
  if (!WebPGetInfo(src, n, &w, &h)) throw IOError("corrupt WebP tile");
  if (w > d.tile_width || h > d.tile_height)
    throw IOError("WebP tile of " + std::to_string(w) + "x" + std::to_string(h) + " is larger than the TIFF tile");
  const int stride = static_cast<int>(d.tile_width * d.samples_per_pixel);
  const std::uint8_t* ok = nullptr;
  if (d.samples_per_pixel == 3) ok = WebPDecodeRGBInto(src, n, dst, cap, stride);
  else if (d.samples_per_pixel == 4) ok = WebPDecodeRGBAInto(src, n, dst, cap, stride);
  else throw NotSupported("WebP tiles with " + std::to_string(d.samples_per_pixel) + " samples per pixel are not supported");
  if (!ok) throw IOError("corrupt WebP tile");
  return static_cast<std::size_t>(h) * stride;
}

template <class T>
void byte_swap(std::uint8_t* p, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    std::uint8_t* s = p + i * sizeof(T);
    for (std::size_t a = 0, b = sizeof(T) - 1; a < b; ++a, --b) std::swap(s[a], s[b]);
  }
}

// Predictor 2: each sample is stored as the difference to the same sample of the pixel before.
template <class T>
void undo_horizontal(std::uint8_t* tile, const Directory& d) {
  const std::int64_t spp = d.samples_per_tile_pixel();
  for (std::int64_t r = 0; r < d.tile_height; ++r) {
    T* row = reinterpret_cast<T*>(tile) + r * d.tile_width * spp;
    for (std::int64_t i = spp; i < d.tile_width * spp; ++i) row[i] = static_cast<T>(row[i] + row[i - spp]);
  }
}

// Predictor 3 (Adobe's floating-point predictor): a row's bytes are differenced as one byte
// stream after being split into planes, most significant byte first.
void undo_floating_point(std::uint8_t* tile, const Directory& d) {
  const std::int64_t bps = d.bytes_per_sample();
  const std::int64_t spp = d.samples_per_tile_pixel();
  const std::int64_t count = d.tile_width * spp;  // samples per row
  std::unique_ptr<std::uint8_t[]> tmp(new std::uint8_t[count * bps]);
  for (std::int64_t r = 0; r < d.tile_height; ++r) {
    std::uint8_t* row = tile + r * count * bps;
    for (std::int64_t i = spp; i < count * bps; ++i) row[i] = static_cast<std::uint8_t>(row[i] + row[i - spp]);
    std::memcpy(tmp.get(), row, count * bps);
    for (std::int64_t s = 0; s < count; ++s)
      for (std::int64_t b = 0; b < bps; ++b) row[s * bps + b] = tmp[(bps - 1 - b) * count + s];  // little-endian host
  }
}

void check_layout(const Directory& d) {
  const int b = d.bits_per_sample;
  if (b != 8 && b != 16 && b != 32 && b != 64)
    throw NotSupported(std::to_string(b) + "-bit samples are not supported (8, 16, 32 and 64 are)");
  if (d.sample_format == 3 && b < 32 && b != 16) throw NotSupported("floating-point samples must be 16, 32 or 64 bits");
  if (d.photometric == kYCbCr && d.compression != kJpeg && d.compression != kAperioJp2kYCbCr)
    throw NotSupported("YCbCr samples are supported in JPEG tiles only");
}

}  // namespace

void decode_tile(const Directory& d, const std::uint8_t* src, std::size_t n, std::int64_t rows, std::uint8_t* dst) {
  check_layout(d);
  const std::size_t cap = static_cast<std::size_t>(d.tile_bytes());
  std::size_t got = 0;
  switch (d.compression) {
    case kNone: got = std::min(n, cap); std::memcpy(dst, src, got); break;
    case kLzw: got = decode_lzw(src, n, dst, cap); break;
    case kAdobeDeflate:
    case kDeflate: got = decode_deflate(src, n, dst, cap); break;
    case kZstd: got = decode_zstd(src, n, dst, cap); break;
    case kJpeg: {
      const std::int64_t row_bytes = d.tile_width * d.samples_per_pixel;
      got = static_cast<std::size_t>(row_bytes * decode_jpeg(d, src, n, {dst, row_bytes, d.tile_height, 3}));
      break;
    }
    case kWebp: got = decode_webp(d, src, n, dst, cap); break;
    case kJp2k:
    case kAperioJp2kYCbCr:
    case kAperioJp2kRgb: got = decode_jp2k(d, src, n, dst, cap); break;
    case kOldJpeg: throw NotSupported("old-style JPEG (compression 6) is not supported; rewrite the file with JPEG (7)");
    default: throw NotSupported("TIFF compression " + std::to_string(d.compression) + " is not supported");
  }
  const auto needed = static_cast<std::size_t>(rows * (d.tile_bytes() / d.tile_height));
  if (got < needed)
    throw IOError("the tile decodes to " + std::to_string(got) + " bytes where its size needs " + std::to_string(needed) +
                  "; the file is corrupt");
  std::memset(dst + got, 0, cap - got);
  const bool compressed_with_predictor = d.compression == kLzw || d.compression == kAdobeDeflate ||
                                         d.compression == kDeflate || d.compression == kZstd;
  const std::size_t samples = cap / d.bytes_per_sample();
  if (d.byte_swapped && !(compressed_with_predictor && d.predictor == 3)) {
    if (d.bits_per_sample == 16) byte_swap<std::uint16_t>(dst, samples);
    if (d.bits_per_sample == 32) byte_swap<std::uint32_t>(dst, samples);
    if (d.bits_per_sample == 64) byte_swap<std::uint64_t>(dst, samples);
  }
  if (!compressed_with_predictor || d.predictor == 1) return;
  if (d.predictor == 2) {
    switch (d.bits_per_sample) {
      case 8: undo_horizontal<std::uint8_t>(dst, d); break;
      case 16: undo_horizontal<std::uint16_t>(dst, d); break;
      case 32: undo_horizontal<std::uint32_t>(dst, d); break;
      default: undo_horizontal<std::uint64_t>(dst, d); break;
    }
  } else if (d.predictor == 3) {
    undo_floating_point(dst, d);
  } else {
    throw NotSupported("TIFF predictor " + std::to_string(d.predictor) + " is not supported");
  }
}

}  // namespace cupix::io::detail
