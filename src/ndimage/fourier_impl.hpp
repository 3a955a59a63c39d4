// The Fourier filters' element-wise multiply, for both backends. Every element combines its axes'
// terms in axis order, as SciPy does, so that both backends and SciPy round the same way; the
// factor and the product are float64 and rounded once to the output's dtype.
#pragma once
#include <cmath>

#include "cupix/core/dispatch.hpp"
#include "fourier.hpp"
#include "kernels/cast.hpp"
#include "kernels/hd.hpp"

namespace cupix::ndimage::detail {

template <FourierKind K>
struct FourierMultiply {
  const char* in;
  char* out;
  kernels::Layout in_layout, out_layout;  // the same shape
  DType in_dtype, out_dtype;
  std::int64_t in_item, out_item;
  const double* table;
  std::int64_t start[kMaxDims];
  int ndim;
  bool small;  // fewer than 2^32 elements: 32-bit index arithmetic

  static constexpr double kFirst = K == FourierKind::product ? 1.0 : 0.0;
  CUPIX_HD static double combine(double acc, double term) {
    if constexpr (K == FourierKind::product) return acc * term;
    else return acc + term;
  }

  // (re, im) times the filter at the combined terms `acc`, in place.
  CUPIX_HD void filter(double acc, double& re, double& im) const {
    if constexpr (K == FourierKind::shift) {
      const double c = cos(acc), sn = sin(acc), r = re;
      re = r * c - im * sn;
      im = r * sn + im * c;
    } else {
      const double f = K == FourierKind::product ? acc : ellipsoid(acc);
      re *= f;
      im *= f;
    }
  }

  // out[o] = in[i] x the filter at the combined terms `acc`.
  CUPIX_HD void apply(std::int64_t i, std::int64_t o, double acc) const {
    const char* s = in + i * in_item;
    double re, im = 0.0;
    if (kernels::is_complex_dtype(in_dtype)) kernels::load_complex(s, in_dtype, re, im);
    else re = kernels::load_as<double>(s, in_dtype);
    filter(acc, re, im);
    char* d = out + o * out_item;
    if (kernels::is_complex_dtype(out_dtype)) kernels::store_complex(d, out_dtype, re, im);
    else kernels::store_as(d, out_dtype, re);
  }

  // The transform of a segment, disk or ball at radius r (the sum of squares from 2-D on).
  CUPIX_HD double ellipsoid(double acc) const {
    if (ndim == 1) return acc != 0.0 ? sin(acc) / acc : 1.0;
    const double r = sqrt(acc);
    if (!(r > 0.0)) return 1.0;
    if (ndim == 2) return 2.0 * j1(r) / r;
    return 3.0 * (sin(r) - r * cos(r)) / (r * r * r);
  }

  // GPU item: element i in C order.
  CUPIX_HD void operator()(std::int64_t i) const {
    std::int64_t index[kMaxDims];
    if (small) {
      auto rest = static_cast<std::uint32_t>(i);
      CUPIX_UNROLL
      for (int d = kMaxDims - 1; d > 0; --d) {
        if (d < ndim) {
          const auto n = static_cast<std::uint32_t>(in_layout.shape[d]), q = rest / n;
          index[d] = rest - q * n;
          rest = q;
        }
      }
      index[0] = rest;
    } else {
      std::int64_t rest = i;
      for (int d = ndim - 1; d > 0; --d) {
        const std::int64_t q = rest / in_layout.shape[d];
        index[d] = rest - q * in_layout.shape[d];
        rest = q;
      }
      index[0] = rest;
    }
    double acc = kFirst;
    std::int64_t ioff = 0, ooff = 0;
    CUPIX_UNROLL
    for (int d = 0; d < kMaxDims; ++d) {
      if (d < ndim) {
        acc = combine(acc, table[start[d] + index[d]]);
        ioff += index[d] * in_layout.strides[d];
        ooff += index[d] * out_layout.strides[d];
      }
    }
    apply(ioff, ooff, acc);
  }

  // CPU item: a run of up to kRun elements along the last axis, in steps over the whole run (the
  // factors, the loads, the products, the stores), so that the dtype switches are taken once per
  // run and the loops vectorise.
  static constexpr std::int64_t kRun = 1024;
  void run(std::int64_t item) const {
    const std::int64_t last = in_layout.shape[ndim - 1], runs = (last + kRun - 1) / kRun;
    std::int64_t line = item / runs, ioff = 0, ooff = 0;
    const std::int64_t first = (item - line * runs) * kRun, n = first + kRun < last ? kRun : last - first;
    std::int64_t index[kMaxDims];
    for (int d = ndim - 2; d >= 0; --d) {
      const std::int64_t q = line / in_layout.shape[d];
      index[d] = line - q * in_layout.shape[d];
      line = q;
    }
    double prefix = kFirst;
    for (int d = 0; d < ndim - 1; ++d) {
      prefix = combine(prefix, table[start[d] + index[d]]);
      ioff += index[d] * in_layout.strides[d];
      ooff += index[d] * out_layout.strides[d];
    }
    const std::int64_t is = in_layout.strides[ndim - 1], os = out_layout.strides[ndim - 1];
    double acc[kRun], re[kRun], im[kRun];
    const double* terms = table + start[ndim - 1] + first;
    for (std::int64_t j = 0; j < n; ++j) acc[j] = combine(prefix, terms[j]);
    load_run(ioff + first * is, is, n, re, im);
    for (std::int64_t j = 0; j < n; ++j) filter(acc[j], re[j], im[j]);
    store_run(ooff + first * os, os, n, re, im);
  }

  void load_run(std::int64_t off, std::int64_t stride, std::int64_t n, double* re, double* im) const {
    auto complex_parts = [&]<class P>(const P* p) {
      for (std::int64_t j = 0; j < n; ++j) {
        re[j] = p[2 * (off + j * stride)];
        im[j] = p[2 * (off + j * stride) + 1];
      }
    };
    if (in_dtype == DType::complex64) return complex_parts(reinterpret_cast<const float*>(in));
    if (in_dtype == DType::complex128) return complex_parts(reinterpret_cast<const double*>(in));
    for (std::int64_t j = 0; j < n; ++j) im[j] = 0.0;
    if (in_dtype == DType::float16) {
      for (std::int64_t j = 0; j < n; ++j) re[j] = kernels::load_as<double>(in + (off + j * stride) * in_item, in_dtype);
      return;
    }
    dispatch<AllTypes>(in_dtype, "fourier filter", [&]<class T>(TypeTag<T>) {
      const T* p = reinterpret_cast<const T*>(in) + off;
      for (std::int64_t j = 0; j < n; ++j) re[j] = static_cast<double>(p[j * stride]);
    });
  }

  void store_run(std::int64_t off, std::int64_t stride, std::int64_t n, const double* re, const double* im) const {
    auto parts = [&]<class P>(P* p) {
      for (std::int64_t j = 0; j < n; ++j) {
        p[2 * (off + j * stride)] = static_cast<P>(re[j]);
        p[2 * (off + j * stride) + 1] = static_cast<P>(im[j]);
      }
    };
    auto real = [&]<class P>(P* p) {
      for (std::int64_t j = 0; j < n; ++j) p[off + j * stride] = static_cast<P>(re[j]);
    };
    switch (out_dtype) {
      case DType::complex64: return parts(reinterpret_cast<float*>(out));
      case DType::complex128: return parts(reinterpret_cast<double*>(out));
      case DType::float32: return real(reinterpret_cast<float*>(out));
      default: return real(reinterpret_cast<double*>(out));  // float64: the entry point allows no other
    }
  }
};

template <class B>
void fourier_multiply(const NDArray& input, const NDArray& out, const FourierTerms& terms) {
  if (input.size() == 0) return;
  auto launch = [&]<FourierKind K>() {
    FourierMultiply<K> f{static_cast<const char*>(input.data()),
                         static_cast<char*>(out.data()),
                         kernels::layout_of(input),
                         kernels::layout_of(out),
                         input.dtype(),
                         out.dtype(),
                         static_cast<std::int64_t>(itemsize(input.dtype())),
                         static_cast<std::int64_t>(itemsize(out.dtype())),
                         static_cast<const double*>(terms.table.data()),
                         {},
                         input.ndim(),
                         input.size() < (std::int64_t{1} << 32)};
    for (int d = 0; d < input.ndim(); ++d) f.start[d] = terms.start[static_cast<std::size_t>(d)];
    if constexpr (B::is_cuda) {
      B::parallel_for(input.size(), f);
    } else {
      const std::int64_t last = input.shape().back();
      const std::int64_t runs = (last + FourierMultiply<K>::kRun - 1) / FourierMultiply<K>::kRun;
      B::parallel_for_heavy(input.size() / last * runs, [&](std::int64_t item) { f.run(item); });
    }
  };
  switch (terms.kind) {
    case FourierKind::product: return launch.template operator()<FourierKind::product>();
    case FourierKind::ellipsoid: return launch.template operator()<FourierKind::ellipsoid>();
    case FourierKind::shift: return launch.template operator()<FourierKind::shift>();
  }
}

}  // namespace cupix::ndimage::detail
