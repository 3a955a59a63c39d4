#include <algorithm>

#include "core/cuda_check.hpp"
#include "io/assemble.hpp"

namespace cupix::io::detail {
namespace {

// libjpeg's fancy upsampling of chroma plane `p` at output column x of output row y (jdsample.c:
// h2v2 and h2v1 weigh the nearer sample 3:1 against the next, with its rounding, and repeat the
// edge samples).
__device__ int upsampled(const AssembleArgs& a, const std::uint8_t* p, std::int64_t y, std::int64_t x) {
  const std::int64_t cw = a.chroma_width;
  if (!a.h2) return p[y * cw + x];
  const std::int64_t c = x >> 1;
  const bool right = x & 1;
  if (!a.v2) {
    const std::uint8_t* r = p + y * cw;
    if (right) return c == cw - 1 ? r[c] : (3 * r[c] + r[c + 1] + 2) >> 2;
    return c == 0 ? r[0] : (3 * r[c] + r[c - 1] + 1) >> 2;
  }
  const std::int64_t row = y >> 1;
  const std::int64_t other = (y & 1) ? min(row + 1, a.chroma_height - 1) : max(row - 1, std::int64_t{0});
  const std::uint8_t *r0 = p + row * cw, *r1 = p + other * cw;
  auto sum = [&](std::int64_t k) { return 3 * r0[k] + r1[k]; };
  if (right) return c == cw - 1 ? (4 * sum(c) + 7) >> 4 : (3 * sum(c) + sum(c + 1) + 7) >> 4;
  return c == 0 ? (4 * sum(0) + 8) >> 4 : (3 * sum(c) + sum(c - 1) + 8) >> 4;
}

__device__ std::uint8_t clamp_byte(int v) { return static_cast<std::uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v); }

// One thread per output pixel; blockIdx.y is the region.
__global__ void assemble_kernel(AssembleArgs a) {
  const std::int64_t pixel = std::int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (pixel >= a.width * a.height) return;
  const std::int64_t region = blockIdx.y;
  const Placement p = a.placements[region];
  const std::int64_t r = pixel / a.width, c = pixel % a.width;
  std::uint8_t rgba[4] = {0, 0, 0, 0};
  bool inside = false;
  if (r >= p.skip_y && c >= p.skip_x) {
    const std::int64_t py = p.y + r - p.skip_y, px = p.x + c - p.skip_x;
    if (py < a.level_height && px < a.level_width) {
      const int slot = a.slots[p.first_slot + (py / a.tile_height - p.tile_y0) * p.tiles_across +
                               (px / a.tile_width - p.tile_x0)];
      if (slot >= 0) {
        const std::uint8_t* t = a.tiles + slot * a.slot_bytes;
        const std::int64_t ty = py % a.tile_height, tx = px % a.tile_width;
        const std::uint8_t* cb_plane = t + a.tile_width * a.tile_height;
        const std::uint8_t* cr_plane = cb_plane + a.chroma_width * a.chroma_height;
        const int y = t[ty * a.tile_width + tx];
        const int cb = upsampled(a, cb_plane, ty, tx) - 128, cr = upsampled(a, cr_plane, ty, tx) - 128;
        // jdcolor.c's tables: FIX(1.402), FIX(1.772), FIX(0.34414), FIX(0.71414) at 16 bits.
        rgba[0] = clamp_byte(y + ((91881 * cr + 32768) >> 16));
        rgba[1] = clamp_byte(y + ((-22554 * cb + 32768 - 46802 * cr) >> 16));
        rgba[2] = clamp_byte(y + ((116130 * cb + 32768) >> 16));
        rgba[3] = 255;
        inside = true;
      }
    }
  }
  std::uint8_t* o = a.out + (region * a.width * a.height + pixel) * a.channels;
  if (a.channels == 4) {
    o[0] = rgba[0], o[1] = rgba[1], o[2] = rgba[2], o[3] = rgba[3];
  } else {
    const std::uint8_t f = a.fill;
    o[0] = inside ? rgba[0] : f, o[1] = inside ? rgba[1] : f, o[2] = inside ? rgba[2] : f;
  }
}

}  // namespace

void assemble_regions(const AssembleArgs& a) {
  const std::int64_t pixels = a.width * a.height;
  if (a.n == 0 || pixels == 0) return;
  constexpr int kThreads = 256;
  constexpr std::int64_t kMaxRegions = 65535;  // a grid's y extent
  for (std::int64_t first = 0; first < a.n; first += kMaxRegions) {
    AssembleArgs part = a;
    part.placements += first;
    part.out += first * pixels * a.channels;
    part.n = std::min(kMaxRegions, a.n - first);
    const dim3 grid(static_cast<unsigned>((pixels + kThreads - 1) / kThreads), static_cast<unsigned>(part.n));
    assemble_kernel<<<grid, kThreads, 0, static_cast<cudaStream_t>(a.stream)>>>(part);
    CUPIX_CUDA_CHECK(cudaGetLastError());
  }
}

}  // namespace cupix::io::detail
