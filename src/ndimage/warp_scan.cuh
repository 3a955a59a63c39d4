// Warp scans for the distance transforms' first pass along lines (edt_cuda.cu,
// edt_distances_cuda.cu): a warp walks its line 32 points at a time, each lane one point, and a
// chunk's scan continues the chunks walked before through `carry`. Whole warps must call these.
#pragma once
#include <cstdint>

namespace cupix::ndimage::detail {

constexpr unsigned kFullWarp = 0xffffffffu;

// The largest v of lanes 0..this one and of `carry`; carry becomes lane 31's result.
__device__ inline std::int64_t running_max(std::int64_t v, std::int64_t& carry) {
  const int lane = static_cast<int>(threadIdx.x % 32);
  for (int o = 1; o < 32; o <<= 1) {
    const std::int64_t t = __shfl_up_sync(kFullWarp, v, o);
    if (lane >= o && t > v) v = t;
  }
  if (carry > v) v = carry;
  carry = __shfl_sync(kFullWarp, v, 31);
  return v;
}

// The smallest v of lanes this one..31 and of `carry` (walking lines backwards); carry becomes
// lane 0's result.
__device__ inline std::int64_t running_min_down(std::int64_t v, std::int64_t& carry) {
  const int lane = static_cast<int>(threadIdx.x % 32);
  for (int o = 1; o < 32; o <<= 1) {
    const std::int64_t t = __shfl_down_sync(kFullWarp, v, o);
    if (lane + o < 32 && t < v) v = t;
  }
  if (carry < v) v = carry;
  carry = __shfl_sync(kFullWarp, v, 0);
  return v;
}

constexpr std::int64_t kNoZero = INT64_MAX;  // `next` where no zero follows

// For each point k of a line of n points (a warp per line, lanes on 32 neighbouring points), the
// nearest zero at or before it (`prev`, -1 for none) and at or after it (`next`, kNoZero for
// none). is_zero(k) reads the input; keep(k, prev) parks the forward walk's result where kept(k),
// on the same lane in the backward walk, finds it again; done(k, prev, next) takes both.
template <class IsZero, class Keep, class Kept, class Done>
__device__ inline void nearest_zeros(std::int64_t n, IsZero is_zero, Keep keep, Kept kept, Done done) {
  const int lane = static_cast<int>(threadIdx.x % 32);
  std::int64_t carry = -1;
  for (std::int64_t k0 = 0; k0 < n; k0 += 32) {
    const std::int64_t k = k0 + lane;
    const std::int64_t last = running_max(k < n && is_zero(k) ? k : -1, carry);
    if (k < n) keep(k, last);
  }
  carry = kNoZero;
  for (std::int64_t k0 = (n - 1) / 32 * 32; k0 >= 0; k0 -= 32) {
    const std::int64_t k = k0 + lane;
    const std::int64_t prev = k < n ? kept(k) : -1;
    const std::int64_t next = running_min_down(k < n && prev == k ? k : kNoZero, carry);
    if (k < n) done(k, prev, next);
  }
}

}  // namespace cupix::ndimage::detail
