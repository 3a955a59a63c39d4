#pragma once
#include "cupix/core/dispatch.hpp"
#include "img_as_float.hpp"
#include "kernels/img_as_float.hpp"

namespace cupix::util::detail {

template <class T, class Out>
struct ImgAsFloatOp {
  const T* in;
  Out* out;
  kernels::Layout in_l;
  bool contiguous;
  CUPIX_HD void operator()(std::int64_t i) const {
    out[i] = kernels::img_as_float_value<Out>(in[contiguous ? i : in_l.offset(i)]);
  }
};

template <class B>
void img_as_float_run(const NDArray& in, const NDArray& out) {
  dispatch<AllTypes>(in.dtype(), "img_as_float", [&]<class T>(TypeTag<T>) {
    dispatch<FloatTypes>(out.dtype(), "img_as_float", [&]<class Out>(TypeTag<Out>) {
      B::parallel_for(in.size(), ImgAsFloatOp<T, Out>{in.data_as<T>(), out.data_as<Out>(), kernels::layout_of(in),
                                                      in.is_c_contiguous()});
    });
  });
}

}  // namespace cupix::util::detail
