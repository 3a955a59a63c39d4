// Strided element-wise copy with dtype conversion: the engine behind NDArray::copy/astype/to.
// Only the backend files include this; callers include copy.hpp.
#pragma once
#include "cast.hpp"
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
    if (src_dtype == DType::uint64) store_as(d, dst_dtype, load_as<std::uint64_t>(s, src_dtype));
    else if (is_float_src()) store_as(d, dst_dtype, load_as<double>(s, src_dtype));
    else store_as(d, dst_dtype, load_as<std::int64_t>(s, src_dtype));
  }
  CUPIX_HD bool is_float_src() const {
    return src_dtype == DType::float16 || src_dtype == DType::float32 || src_dtype == DType::float64;
  }
};

template <class B>
void copy_strided(const NDArray& src, const NDArray& dst) {
  const CopyStrided op{static_cast<const char*>(src.data()), static_cast<char*>(dst.data()),
                       layout_of(src), layout_of(dst), src.dtype(), dst.dtype(),
                       static_cast<std::int64_t>(itemsize(src.dtype())),
                       static_cast<std::int64_t>(itemsize(dst.dtype()))};
  B::parallel_for(src.size(), op);
}

}  // namespace cupix::kernels
