#include <algorithm>

#include "core/cuda_check.hpp"
#include "io/assemble.hpp"

namespace cupix::io::detail {
namespace {

// libjpeg's fancy upsampling of chroma plane `p` at column x of row y of a tile (jdsample.c:
// h2v2 and h2v1 weigh the nearer sample 3:1 against the next, with its rounding, and repeat the
// edge samples).
__device__ int upsampled(const AssembleArgs& a, const std::uint8_t* p, int y, int x) {
  const int cw = static_cast<int>(a.chroma_width);
  if (!a.h2) return p[y * cw + x];
  const int c = x >> 1;
  const bool right = x & 1;
  if (!a.v2) {
    const std::uint8_t* r = p + y * cw;
    if (right) return c == cw - 1 ? r[c] : (3 * r[c] + r[c + 1] + 2) >> 2;
    return c == 0 ? r[0] : (3 * r[c] + r[c - 1] + 1) >> 2;
  }
  const int row = y >> 1;
  const int other = (y & 1) ? min(row + 1, static_cast<int>(a.chroma_height) - 1) : max(row - 1, 0);
  const std::uint8_t *r0 = p + row * cw, *r1 = p + other * cw;
  auto sum = [&](int k) { return 3 * r0[k] + r1[k]; };
  if (right) return c == cw - 1 ? (4 * sum(c) + 7) >> 4 : (3 * sum(c) + sum(c + 1) + 7) >> 4;
  return c == 0 ? (4 * sum(0) + 8) >> 4 : (3 * sum(c) + sum(c - 1) + 8) >> 4;
}

__device__ std::uint8_t clamp_byte(int v) { return static_cast<std::uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v); }

// Threads along a region row (blockIdx.x), rows by blockIdx.y, regions by blockIdx.z. Positions
// within a region's tile grid fit 32 bits, so that the divisions by the tile size are 32-bit.
__global__ void assemble_kernel(AssembleArgs a) {
  const int tw = static_cast<int>(a.tile_width), th = static_cast<int>(a.tile_height);
  const std::int64_t c = std::int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (c >= a.width) return;
  const Placement p = a.placements[blockIdx.z];
  // The region's first column and row within its tile grid.
  const std::int64_t grid_x = p.x - std::int64_t(p.tile_x0) * tw, grid_y = p.y - std::int64_t(p.tile_y0) * th;
  const bool column_in = c >= p.skip_x && p.x + c - p.skip_x < a.level_width;
  const int gx = static_cast<int>(grid_x + c - p.skip_x);
  const int tile_col = gx / tw, tx = gx - tile_col * tw;
  for (std::int64_t r = blockIdx.y; r < a.height; r += gridDim.y) {
    std::uint8_t rgb[3] = {a.fill, a.fill, a.fill};
    bool inside = false;
    if (column_in && r >= p.skip_y && p.y + r - p.skip_y < a.level_height) {
      const int gy = static_cast<int>(grid_y + r - p.skip_y);
      const int tile_row = gy / th, ty = gy - tile_row * th;
      const int slot = a.slots[p.first_slot + tile_row * p.tiles_across + tile_col];
      if (slot >= 0) {
        const std::uint8_t* t = a.tiles + slot * a.slot_bytes;
        const std::uint8_t* cb_plane = t + std::int64_t(tw) * th;
        const std::uint8_t* cr_plane = cb_plane + a.chroma_width * a.chroma_height;
        const int y = t[ty * tw + tx];
        const int cb = upsampled(a, cb_plane, ty, tx) - 128, cr = upsampled(a, cr_plane, ty, tx) - 128;
        // jdcolor.c's tables: FIX(1.402), FIX(1.772), FIX(0.34414), FIX(0.71414) at 16 bits.
        rgb[0] = clamp_byte(y + ((91881 * cr + 32768) >> 16));
        rgb[1] = clamp_byte(y + ((-22554 * cb + 32768 - 46802 * cr) >> 16));
        rgb[2] = clamp_byte(y + ((116130 * cb + 32768) >> 16));
        inside = true;
      }
    }
    std::uint8_t* o = a.out + ((std::int64_t(blockIdx.z) * a.height + r) * a.width + c) * a.channels;
    o[0] = rgb[0], o[1] = rgb[1], o[2] = rgb[2];
    if (a.channels == 4) {  // RGBA: transparent black outside, as OpenSlide
      if (!inside) o[0] = o[1] = o[2] = 0;
      o[3] = inside ? 255 : 0;
    }
  }
}

}  // namespace

void assemble_regions(const AssembleArgs& a) {
  if (a.n == 0 || a.width == 0 || a.height == 0) return;
  constexpr int kThreads = 128;
  constexpr std::int64_t kMaxGrid = 65535;  // a grid's y and z extents
  for (std::int64_t first = 0; first < a.n; first += kMaxGrid) {
    AssembleArgs part = a;
    part.placements += first;
    part.out += first * a.width * a.height * a.channels;
    part.n = std::min(kMaxGrid, a.n - first);
    const dim3 grid(static_cast<unsigned>((a.width + kThreads - 1) / kThreads),
                    static_cast<unsigned>(std::min(kMaxGrid, a.height)), static_cast<unsigned>(part.n));
    assemble_kernel<<<grid, kThreads, 0, static_cast<cudaStream_t>(a.stream)>>>(part);
    CUPIX_CUDA_CHECK(cudaGetLastError());
  }
}

}  // namespace cupix::io::detail
