// One tile of a directory, read from the file and decoded into chunky (pixel-interleaved)
// samples, whatever the directory's planar configuration.
#pragma once
#include <cstdint>
#include <vector>

#include "io/file.hpp"
#include "io/tiff_directory.hpp"

namespace cupix::io::detail {

// Per-thread buffers for read_tile, reused across tiles.
struct TileScratch {
  std::vector<std::uint8_t> compressed, plane;
};

// Tile k's stored byte count (of any plane; 0 when the file lacks it), checked against what its
// pixels could need: a corrupt count must not allocate and read gigabytes. Throws IOError.
std::uint64_t stored_bytes(const File& file, const Directory& d, std::int64_t k);

// Decodes tile `index` (row-major in the tile grid) into dst (d.tile_bytes() × planes bytes, i.e.
// tile_height × tile_width × samples_per_pixel samples). Returns false for a tile the file does
// not hold (byte count 0), which readers show as transparent, as OpenSlide does.
bool read_tile(const File& file, const Directory& d, std::int64_t index, TileScratch& scratch, std::uint8_t* dst);

// Whether read_tile_into can decode d's tiles straight into RGB (channels 3) or RGBA (4) pixels:
// JPEG tiles of 8-bit RGB or YCbCr samples, the usual slide. Regions use it for the tiles they
// cover whole, which saves the copy out of a decoded tile.
bool can_read_into(const Directory& d, int channels);
// Tile `index` decoded into tile_height rows of tile_width RGB(A) pixels, `row_stride` bytes
// apart; false (nothing written) when the file lacks the tile.
bool read_tile_into(const File& file, const Directory& d, std::int64_t index, TileScratch& scratch, std::uint8_t* dst,
                    std::int64_t row_stride, int channels);

}  // namespace cupix::io::detail
