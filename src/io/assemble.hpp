// The GPU half of reading regions with nvJPEG: decoded tiles in, regions out.
#pragma once
#include <cstdint>

namespace cupix::io::detail {

// Where one region's pixels come from.
struct Placement {
  std::int64_t x = 0, y = 0;          // the level pixel read into the region's (skip_x, skip_y)
  std::int32_t skip_x = 0, skip_y = 0;  // leading columns and rows left outside (OpenSlide's rule)
  std::int32_t tile_x0 = 0, tile_y0 = 0, tiles_across = 0, tiles_down = 0;  // the tiles it covers
  std::int32_t first_slot = 0;  // where its tiles' row-major slot numbers start in `slots`
};

struct AssembleArgs {
  const std::uint8_t* tiles;  // decoded RGB tiles, one per slot: tile_height × tile_width × 3
  std::int64_t tile_width, tile_height;
  const Placement* placements;  // per region (device memory)
  const std::int32_t* slots;    // the slot of each covered tile, -1 where the file lacks it
  std::int64_t n, width, height;  // regions and their size
  int channels;                   // 3 (RGB, `fill` outside) or 4 (RGBA, transparent outside)
  std::uint8_t fill;
  std::int64_t level_width, level_height;  // the pixels shown (beyond them is outside)
  std::uint8_t* out;                      // n × height × width × channels
  void* stream;                           // cudaStream_t
};

void assemble_regions(const AssembleArgs& a);

}  // namespace cupix::io::detail
