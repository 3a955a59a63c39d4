// Strided element-wise copy with dtype conversion: the engine behind NDArray::copy/astype/to.
// Only the backend files include this; callers include copy.hpp.
#pragma once
#include "cast.hpp"
#include "cupix/core/dispatch.hpp"
#include "copy.hpp"
#include "hd.hpp"

namespace cupix::kernels {

struct CopyStrided {
  const char* src;
  char* dst;
  Layout src_layout, dst_layout;
  DType src_dtype, dst_dtype;
  std::int64_t src_item, dst_item;

  CUPIX_HD void operator()(std::int64_t i) const {
    const void* s = src + src_layout.offset(i) * src_item;
    void* d = dst + dst_layout.offset(i) * dst_item;
    // Read through the widest type of the source's kind so no value is lost before the store.
    if (is_complex_dtype(src_dtype) && is_complex_dtype(dst_dtype)) {
      double re, im;
      load_complex(s, src_dtype, re, im);
      store_complex(d, dst_dtype, re, im);
    } else if (src_dtype == DType::uint64) store_as(d, dst_dtype, load_as<std::uint64_t>(s, src_dtype));
    else if (is_float_src()) store_as(d, dst_dtype, load_as<double>(s, src_dtype));
    else store_as(d, dst_dtype, load_as<std::int64_t>(s, src_dtype));
  }
  CUPIX_HD bool is_float_src() const {
    return src_dtype == DType::float16 || src_dtype == DType::float32 || src_dtype == DType::float64;
  }
};

// Contiguous arrays on the CPU: chunks converted through a typed buffer, the dtype switches taken
// once per chunk instead of per element (a float32 -> float64 copy runs about 4x faster).
struct CopyChunks {
  static constexpr std::int64_t kChunk = 2048;
  const char* src;
  char* dst;
  DType src_dtype, dst_dtype;
  std::int64_t size;

  template <class V>
  void run(std::int64_t start, std::int64_t n) const {
    V buffer[kChunk];
    dispatch<AllTypes>(src_dtype, "copy", [&]<class S>(TypeTag<S>) {
      const S* s = reinterpret_cast<const S*>(src) + start;
      for (std::int64_t i = 0; i < n; ++i) buffer[i] = convert<V>(s[i]);
    });
    dispatch<AllTypes>(dst_dtype, "copy", [&]<class D>(TypeTag<D>) {
      D* d = reinterpret_cast<D*>(dst) + start;
      for (std::int64_t i = 0; i < n; ++i) d[i] = convert<D>(buffer[i]);
    });
  }
  void operator()(std::int64_t chunk) const {
    const std::int64_t start = chunk * kChunk, n = size - start < kChunk ? size - start : kChunk;
    // The widest type of the source's kind, so that no value is lost before the store.
    if (src_dtype == DType::uint64) run<std::uint64_t>(start, n);
    else if (src_dtype == DType::float16 || src_dtype == DType::float32 || src_dtype == DType::float64) run<double>(start, n);
    else run<std::int64_t>(start, n);
  }
};

template <class B>
void copy_strided(const NDArray& src, const NDArray& dst) {
  if constexpr (!B::is_cuda) {
    const auto chunked = [](DType t) { return t != DType::float16 && !is_complex(t); };
    if (src.is_c_contiguous() && dst.is_c_contiguous() && chunked(src.dtype()) && chunked(dst.dtype())) {
      const CopyChunks op{static_cast<const char*>(src.data()), static_cast<char*>(dst.data()), src.dtype(),
                          dst.dtype(), src.size()};
      B::parallel_for_heavy((src.size() + CopyChunks::kChunk - 1) / CopyChunks::kChunk, op);
      return;
    }
  }
  const CopyStrided op{static_cast<const char*>(src.data()), static_cast<char*>(dst.data()),
                       layout_of(src), layout_of(dst), src.dtype(), dst.dtype(),
                       static_cast<std::int64_t>(itemsize(src.dtype())),
                       static_cast<std::int64_t>(itemsize(dst.dtype()))};
  B::parallel_for(src.size(), op);
}

}  // namespace cupix::kernels
