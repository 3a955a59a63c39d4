// Binary erosion and dilation of bool arrays on the GPU: each thread makes four neighbouring
// outputs along the last axis as one 32-bit word of 0/1 bytes, AND-ing (erosion) or OR-ing
// (dilation) one word per footprint element: an unaligned word read as two aligned ones joined
// by a funnel shift. Points whose window stays inside the array (nearly all) need no bounds
// checks; the rest test each element's coordinates. The generic min/max engine takes a value at
// a time in float64 and measured 0.4x CuPy.
#include <cstdint>
#include <type_traits>

#include "backends/cuda/launch.cuh"
#include "binary.hpp"

namespace cupix::ndimage::detail {

namespace {

constexpr int kMaxBinaryOffsets = 128, kMaxBinaryDims = 4;

struct BinaryPass {
  const std::uint8_t* in;
  std::uint8_t* out;
  int ndim, count;
  std::int64_t shape[kMaxBinaryDims];
  std::int64_t size, words_per_row, rows;
  std::int64_t lo[kMaxBinaryDims], hi[kMaxBinaryDims];  // inside where lo <= coordinate < hi
  std::int64_t linear[kMaxBinaryOffsets];               // each element's offset in elements
  std::int16_t offset[kMaxBinaryOffsets][kMaxBinaryDims];
  bool border;
};

// Each byte of v as 0 or 1: 1 where it is nonzero (a bool array viewed from other bytes may hold
// any value, which SciPy reads as true). Bit 7 of (b & 0x7f) + 0x7f is set for every nonzero low
// seven bits, and no byte carries into the next.
__device__ inline std::uint32_t nonzero_bytes(std::uint32_t v) {
  return ((((v & 0x7f7f7f7fu) + 0x7f7f7f7fu) | v) & 0x80808080u) >> 7;
}

// I: the index type, 32-bit where the array allows (64-bit divisions cost dozens of instructions).
template <bool Dilation, class I>
__global__ void binary_pass_kernel(const __grid_constant__ BinaryPass p) {
  const int nd = p.ndim, last = nd - 1;
  const I nx = static_cast<I>(p.shape[last]), words_per_row = static_cast<I>(p.words_per_row);
  const std::int64_t items = p.rows * p.words_per_row, step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  const auto* words = reinterpret_cast<const std::uint32_t*>(p.in);
  const I whole_words = static_cast<I>(p.size / 4);  // words lying wholly inside the array
  for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < items; i += step) {
    const I row = static_cast<I>(i) / words_per_row, x = (static_cast<I>(i) - row * words_per_row) * 4;
    I c[kMaxBinaryDims];
    c[last] = x;
    bool inside = x >= p.lo[last] && x + 3 < p.hi[last];
    for (I d = last - 1, r = row; d >= 0; --d) {
      const I n = static_cast<I>(p.shape[d]), q = r / n;
      c[d] = r - q * n;
      r = q;
      inside = inside && c[d] >= p.lo[d] && c[d] < p.hi[d];
    }
    const I at = row * nx + x;
    std::uint32_t acc = Dilation ? 0u : 0x01010101u;
    if (inside) {
#pragma unroll 4
      for (int f = 0; f < p.count; ++f) {
        const I a = at + static_cast<I>(p.linear[f]), w = a >> 2;
        std::uint32_t v;
        if (w + 1 < whole_words) {
          v = __funnelshift_r(words[w], words[w + 1], static_cast<int>(a & 3) * 8);
        } else {  // the array's last bytes: no word reaching past its end
          v = p.in[a] | p.in[a + 1] << 8 | p.in[a + 2] << 16 | static_cast<std::uint32_t>(p.in[a + 3]) << 24;
        }
        v = nonzero_bytes(v);
        acc = Dilation ? acc | v : acc & v;
      }
    } else {
      acc = 0;
      for (int b = 0; b < 4 && x + b < nx; ++b) {
        bool r = !Dilation;
        for (int f = 0; f < p.count; ++f) {
          bool in = true;
          for (int d = 0; d < nd; ++d) {
            const std::int64_t q = c[d] + (d == last ? b : 0) + p.offset[f][d];
            in = in && q >= 0 && q < p.shape[d];
          }
          const bool v = in ? p.in[at + b + p.linear[f]] != 0 : p.border;
          r = Dilation ? r || v : r && v;
        }
        acc |= static_cast<std::uint32_t>(r) << (8 * b);
      }
    }
    if (x + 3 < nx && at % 4 == 0) {
      reinterpret_cast<std::uint32_t*>(p.out)[at >> 2] = acc;
    } else {
      for (int b = 0; b < 4 && x + b < nx; ++b) p.out[at + b] = static_cast<std::uint8_t>((acc >> (8 * b)) & 0xffu);
    }
  }
}

}  // namespace

bool binary_pass_tuned(const NDArray& in, const NDArray& out, const Footprint& fp, bool border, bool dilation) {
  const int nd = in.ndim();
  const auto count = static_cast<int>(fp.weights.size());
  if (!in.device().is_cuda() || in.dtype() != DType::bool_ || out.dtype() != DType::bool_ || !in.is_c_contiguous() ||
      !out.is_c_contiguous() || nd < 1 || nd > kMaxBinaryDims || count < 1 || count > kMaxBinaryOffsets ||
      in.size() == 0 || reinterpret_cast<std::uintptr_t>(in.data()) % 4 != 0 ||
      reinterpret_cast<std::uintptr_t>(out.data()) % 4 != 0)
    return false;
  BinaryPass p{
      in.data_as<std::uint8_t>(), out.data_as<std::uint8_t>(), nd, count, {}, in.size(), 0, 0, {}, {}, {}, {}, border};
  for (int d = 0; d < nd; ++d) {
    p.shape[d] = in.shape(d);
    p.lo[d] = -fp.min_offset[static_cast<std::size_t>(d)];
    p.hi[d] = in.shape(d) - fp.max_offset[static_cast<std::size_t>(d)];
    if (fp.min_offset[static_cast<std::size_t>(d)] < INT16_MIN ||
        fp.max_offset[static_cast<std::size_t>(d)] > INT16_MAX)
      return false;
  }
  for (int f = 0; f < count; ++f) {
    std::int64_t linear = 0;
    for (int d = 0; d < nd; ++d) {
      const std::int32_t o =
          fp.offsets[static_cast<std::size_t>(f) * static_cast<std::size_t>(nd) + static_cast<std::size_t>(d)];
      p.offset[f][d] = static_cast<std::int16_t>(o);
      linear = linear * in.shape(d) + o;
    }
    p.linear[f] = linear;
  }
  p.words_per_row = (in.shape(nd - 1) + 3) / 4;
  p.rows = in.size() / in.shape(nd - 1);
  const std::int64_t items = p.rows * p.words_per_row;
  constexpr int kBlock = 256;
  const auto blocks = static_cast<unsigned>(
      std::min<std::int64_t>((items + kBlock - 1) / kBlock, std::int64_t{backends::multiprocessor_count()} * 16));
  const cudaStream_t stream = backends::current_cuda_stream();
  const bool narrow = in.size() + 8 < INT32_MAX;  // every index and offset fits in 32 bits
  auto launch = [&]<bool Dilation>(std::bool_constant<Dilation>) {
    if (narrow)
      binary_pass_kernel<Dilation, std::int32_t><<<blocks, kBlock, 0, stream>>>(p);
    else
      binary_pass_kernel<Dilation, std::int64_t><<<blocks, kBlock, 0, stream>>>(p);
  };
  if (dilation)
    launch(std::true_type{});
  else
    launch(std::false_type{});
  CUPIX_CUDA_CHECK(cudaGetLastError());
  return true;
}

}  // namespace cupix::ndimage::detail
