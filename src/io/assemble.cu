#include <algorithm>

#include "core/cuda_check.hpp"
#include "io/assemble.hpp"

namespace cupix::io::detail {
namespace {

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
        const std::uint8_t* s =
            a.tiles + ((slot * a.tile_height + py % a.tile_height) * a.tile_width + px % a.tile_width) * 3;
        rgba[0] = s[0], rgba[1] = s[1], rgba[2] = s[2], rgba[3] = 255;
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
