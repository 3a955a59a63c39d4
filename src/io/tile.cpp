#include "io/tile.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "cupix/core/error.hpp"
#include "io/decode.hpp"

namespace cupix::io::detail {

std::uint64_t stored_bytes(const File& file, const Directory& d, std::int64_t k) {
  const std::uint64_t n = d.byte_counts[static_cast<std::size_t>(k)];
  // Compressed data may exceed the raw size a little (incompressible JPEG), never by 4×.
  if (n > 4 * static_cast<std::uint64_t>(d.tile_bytes()) + (1 << 20))
    throw IOError(file.path() + ": tile " + std::to_string(k) + " claims " + std::to_string(n) +
                  " bytes, far more than its pixels need; the file is corrupt");
  return n;
}

namespace {

// The stored bytes of tile `k` (of any plane) in scratch.compressed; false when it is absent.
bool read_compressed(const File& file, const Directory& d, std::int64_t k, TileScratch& scratch) {
  const std::uint64_t n = stored_bytes(file, d, k);
  if (n == 0) return false;
  scratch.compressed.resize(n);
  if (d.memory) {
    if (d.offsets[k] > d.memory->size() || n > d.memory->size() - d.offsets[k])
      throw IOError(file.path() + ": an embedded image's data is shorter than its header says");
    std::memcpy(scratch.compressed.data(), d.memory->data() + d.offsets[k], n);
    return true;
  }
  const std::string what = "tile " + std::to_string(k);
  file.read(d.offsets[k], n, scratch.compressed.data(), what.c_str());
  return true;
}

// Runs decode(), naming the file, tile and directory in its IOErrors.
template <class F>
void naming_errors(const File& file, const Directory& d, std::int64_t k, F&& decode) {
  try {
    decode();
  } catch (const IOError& e) {
    throw IOError(file.path() + ": tile " + std::to_string(k) + " of directory " + std::to_string(d.index) + ": " +
                  e.what());
  }
}

// Reads and decodes the stored tile `k` (of any plane) into dst; false when it is absent.
bool read_stored(const File& file, const Directory& d, std::int64_t k, TileScratch& scratch, std::uint8_t* dst) {
  if (!read_compressed(file, d, k, scratch)) return false;
  naming_errors(file, d, k, [&] {
    // Tiles are full even at the image's edge; a strip holds the rows left in the image.
    const std::int64_t row0 = (k % (d.tiles_across() * d.tiles_down())) / d.tiles_across() * d.tile_height;
    const std::int64_t rows = d.tiled ? d.tile_height : std::min(d.tile_height, d.height - row0);
    decode_tile(d, scratch.compressed.data(), scratch.compressed.size(), rows, dst);
  });
  return true;
}

}  // namespace

bool read_tile(const File& file, const Directory& d, std::int64_t index, TileScratch& scratch, std::uint8_t* dst) {
  if (!d.planar) return read_stored(file, d, index, scratch, dst);
  // Planes are stored one after another; interleave them into pixels.
  const std::int64_t per_plane = d.tiles_across() * d.tiles_down();
  const std::int64_t bps = d.bytes_per_sample(), spp = d.samples_per_pixel, pixels = d.tile_width * d.tile_height;
  scratch.plane.resize(d.tile_bytes());
  bool any = false;
  for (std::int64_t p = 0; p < spp; ++p) {
    const bool present = read_stored(file, d, p * per_plane + index, scratch, scratch.plane.data());
    if (!present) std::fill(scratch.plane.begin(), scratch.plane.end(), 0);
    any |= present;
    for (std::int64_t i = 0; i < pixels; ++i)
      for (std::int64_t b = 0; b < bps; ++b) dst[(i * spp + p) * bps + b] = scratch.plane[i * bps + b];
  }
  return any;
}

bool can_read_into(const Directory& d, int channels) {
  return d.compression == kJpeg && d.tiled && !d.planar && d.samples_per_pixel == 3 && d.bits_per_sample == 8 &&
         (channels == 3 || channels == 4);
}

bool read_tile_into(const File& file, const Directory& d, std::int64_t index, TileScratch& scratch, std::uint8_t* dst,
                    std::int64_t row_stride, int channels) {
  if (!read_compressed(file, d, index, scratch)) return false;
  naming_errors(file, d, index, [&] {
    const std::int64_t rows = decode_jpeg(d, scratch.compressed.data(), scratch.compressed.size(),
                                          {dst, row_stride, d.tile_height, channels});
    if (rows < d.tile_height)
      throw IOError("the tile decodes to " + std::to_string(rows) + " rows where it has " +
                    std::to_string(d.tile_height) + "; the file is corrupt");
  });
  return true;
}

}  // namespace cupix::io::detail
