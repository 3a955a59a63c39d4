// Tile decoding: the stored bytes of one tile (or strip) into pixels, through the codec libraries
// (libjpeg-turbo, libdeflate, zstd, libwebp, OpenJPEG) or the LZW decoder below. No state is shared between
// calls beyond per-thread decompressors, so any number of threads decode at once.
#pragma once
#include <cstddef>
#include <cstdint>

#include "io/tiff_directory.hpp"

namespace cupix::io::detail {

// Writes d.tile_bytes() bytes to dst: tile_height rows of tile_width pixels with
// d.samples_per_tile_pixel() native-endian samples each; JPEG tiles come out as RGB or gray.
// `rows` is how many rows the tile must hold (fewer in a short last strip); rows beyond what the
// data holds are zero. Throws IOError for corrupt data, including data that decodes to fewer than
// `rows` rows, and NotSupported for compressions or sample layouts it cannot decode.
void decode_tile(const Directory& d, const std::uint8_t* src, std::size_t n, std::int64_t rows, std::uint8_t* dst);

// Where a JPEG tile's pixels go: up to `rows` rows, `row_stride` bytes apart, as RGB (channels
// 3; gray for 1-sample tiles) or RGBA with alpha 255 (channels 4, 3-sample tiles only).
struct JpegOutput {
  std::uint8_t* data;
  std::int64_t row_stride;
  std::int64_t rows;
  int channels;
};
// The width, height and components of a standalone JPEG stream; false when it is not one.
bool jpeg_header(const std::uint8_t* src, std::size_t n, std::int64_t& width, std::int64_t& height, int& components);
// Returns the rows decoded (fewer than asked when the data ends early).
std::int64_t decode_jpeg(const Directory& d, const std::uint8_t* src, std::size_t n, const JpegOutput& out);

// The other codecs, each filling at most `cap` bytes of dst and returning how many it wrote.
std::size_t decode_lzw(const std::uint8_t* src, std::size_t n, std::uint8_t* dst, std::size_t cap);
// JPEG 2000 (34712, and Aperio's 33003 YCbCr and 33005 RGB), through OpenJPEG (io/jp2k.cpp).
std::size_t decode_jp2k(const Directory& d, const std::uint8_t* src, std::size_t n, std::uint8_t* dst, std::size_t cap);

}  // namespace cupix::io::detail
