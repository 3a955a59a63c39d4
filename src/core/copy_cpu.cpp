// The CPU's copy: a plain memory copy when dtypes match and both arrays are C-contiguous, a typed
// copy of the element bits when only the dtypes match, and the converting copy otherwise; all with
// axes merged where the strides allow (kernels::flat_layout_of), so offsets take few divisions.
#include <algorithm>
#include <cstring>

#include "backends/cpu/launch.hpp"
#include "kernels/copy_impl.hpp"

namespace cupix::kernels {

namespace {

struct Bits128 {  // a complex128
  std::uint64_t lo, hi;
};

template <class U>
struct CopyBits {
  const U* src;
  U* dst;
  Layout src_layout, dst_layout;
  void operator()(std::int64_t i) const { dst[dst_layout.offset(i)] = src[src_layout.offset(i)]; }
};

void copy_bytes(const char* src, char* dst, std::int64_t bytes) {
  constexpr std::int64_t kChunk = 1 << 20;
  const std::int64_t chunks = (bytes + kChunk - 1) / kChunk;
#pragma omp parallel for schedule(static) if (chunks > 1)
  for (std::int64_t c = 0; c < chunks; ++c)
    std::memcpy(dst + c * kChunk, src + c * kChunk, static_cast<std::size_t>(std::min(kChunk, bytes - c * kChunk)));
}

}  // namespace

template <>
void copy_strided<backends::Cpu>(const NDArray& src, const NDArray& dst) {
  const auto item = static_cast<std::int64_t>(itemsize(src.dtype()));
  if (src.dtype() == dst.dtype()) {
    if (src.is_c_contiguous() && dst.is_c_contiguous()) {
      copy_bytes(static_cast<const char*>(src.data()), static_cast<char*>(dst.data()), src.size() * item);
      return;
    }
    auto bits = [&]<class U>() {
      backends::Cpu::parallel_for(src.size(), CopyBits<U>{static_cast<const U*>(src.data()), static_cast<U*>(dst.data()),
                                                          flat_layout_of(src), flat_layout_of(dst)});
    };
    if (item == 1) bits.template operator()<std::uint8_t>();
    else if (item == 2) bits.template operator()<std::uint16_t>();
    else if (item == 4) bits.template operator()<std::uint32_t>();
    else if (item == 8) bits.template operator()<std::uint64_t>();
    else bits.template operator()<Bits128>();
    return;
  }
  const CopyStrided op{static_cast<const char*>(src.data()), static_cast<char*>(dst.data()), flat_layout_of(src),
                       flat_layout_of(dst), src.dtype(), dst.dtype(), item,
                       static_cast<std::int64_t>(itemsize(dst.dtype()))};
  backends::Cpu::parallel_for(src.size(), op);
}

}  // namespace cupix::kernels
