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
  // Decoded tiles, one per slot of `slot_bytes`: the Y plane (tile_height × tile_width), then
  // Cb and Cr (chroma_height × chroma_width each), chroma subsampled 2:1 across where h2 and
  // down where v2. They become RGB as libjpeg makes them: its "fancy" (triangle) upsampling and
  // its fixed-point YCbCr conversion, so that pixels differ from libjpeg-turbo's (and so
  // OpenSlide's) only where nvJPEG's inverse DCT rounds differently.
  const std::uint8_t* tiles;
  std::int64_t slot_bytes;
  std::int64_t tile_width, tile_height;
  std::int64_t chroma_width, chroma_height;
  bool h2, v2;
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
