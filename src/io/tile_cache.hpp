// A process-wide cache of decoded tiles, least recently used first out, bounded in bytes and
// shared by every Slide and thread: neighbouring regions (unaligned patches touch four tiles)
// decode each tile once.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>

#include "io/file.hpp"
#include "io/tile.hpp"

namespace cupix::io::detail {

// Decoded samples, or null for a tile the file lacks.
struct DecodedTile {
  std::shared_ptr<const std::uint8_t[]> data;
  std::size_t size = 0;
};

// Tile `index` of `d` decoded (as read_tile), from the cache or decoded and added to it.
DecodedTile cached_tile(const File& file, const Directory& d, std::int64_t index, TileScratch& scratch);
// Tile `index` of `d` if the cache has it (waiting while another thread decodes it).
std::optional<DecodedTile> find_cached_tile(const Directory& d, std::int64_t index);

}  // namespace cupix::io::detail
