// ndimage's Fourier filters: SciPy's argument and dtype rules, and each filter's per-axis terms
// (computed here in float64, in SciPy's order of operations), multiplied in by fourier_impl.hpp.
#include <cmath>
#include <functional>
#include <numbers>
#include <string>

#include "arguments.hpp"
#include "backends/backend.hpp"
#include "cupix/ndimage/fourier.hpp"
#include "fourier.hpp"

namespace cupix::ndimage {
namespace {

using detail::FourierKind;
constexpr double kPi = std::numbers::pi;

// The output array: SciPy's default dtype, and only the dtypes its C code writes.
NDArray fourier_output(const NDArray& input, const FourierOptions& o, bool shift) {
  const DType in = input.dtype();
  DType dtype = shift ? (in == DType::complex64 ? in : DType::complex128)
                      : (in == DType::float32 || is_complex(in) ? in : DType::float64);
  if (const auto* d = std::get_if<DType>(&o.output)) dtype = *d;
  if (const auto* a = std::get_if<NDArray>(&o.output)) dtype = a->dtype();
  const bool allowed = is_complex(dtype) || (!shift && (dtype == DType::float32 || dtype == DType::float64));
  if (!allowed) throw RuntimeError("output type not supported: " + std::string(name(dtype)));
  if (is_complex(in) && !is_complex(dtype))
    throw RuntimeError("data type not supported: a complex input needs a complex output, not " +
                       std::string(name(dtype)));
  return resolve_output(std::holds_alternative<NDArray>(o.output) ? o.output : Output{dtype}, input, input.shape());
}

// Calls term(a, k, L) for frequency k of every index along every axis (L: the logical length,
// SciPy's n on a real-FFT axis) and multiplies the input by the combined terms. Axes of length 1
// or less contribute `neutral` when `skip_short` (SciPy's gaussian, uniform and shift skip them).
NDArray multiply(const NDArray& input, const FourierOptions& o, FourierKind kind, bool skip_short,
                 const std::function<double(int, double, double)>& term) {
  if (input.ndim() < 1)
    throw AxisError("axis " + std::to_string(o.axis) + " is out of bounds for array of dimension 0");
  const int axis = normalize_axis(o.axis, input.ndim());
  const NDArray out = fourier_output(input, o, kind == FourierKind::shift);
  if (input.size() == 0) return out;
  detail::FourierTerms terms{kind, {}, {}};
  std::vector<double> table;
  const double neutral = kind == FourierKind::product ? 1.0 : 0.0;
  for (int a = 0; a < input.ndim(); ++a) {
    const std::int64_t length = input.shape()[static_cast<std::size_t>(a)];
    const bool real_fft = a == axis && o.n >= 0;
    const auto logical = static_cast<double>(static_cast<int>(real_fft ? o.n : length));  // a C int in SciPy
    terms.start.push_back(static_cast<std::int64_t>(table.size()));
    for (std::int64_t i = 0; i < length; ++i) {
      if (skip_short && length <= 1) {
        table.push_back(neutral);
        continue;
      }
      const std::int64_t k = real_fft || i < (length + 1) / 2 ? i : i - length;
      table.push_back(term(a, static_cast<double>(k), logical));
    }
  }
  terms.table = NDArray::from_vector(table).to(input.device());
  backends::with_backend(input.device(), [&]<class B>(backends::Tag<B>) {
    detail::fourier_multiply<B>(input, out, terms);
  });
  return out;
}

std::vector<double> per_axis_values(const std::vector<double>& values, const NDArray& input, const char* what) {
  std::vector<double> v;
  for (int a = 0; a < input.ndim(); ++a)
    v.push_back(detail::per_axis(values, static_cast<std::size_t>(a), static_cast<std::size_t>(input.ndim()), what));
  return v;
}

}  // namespace

NDArray fourier_gaussian(const NDArray& input, const std::vector<double>& sigma, const FourierOptions& o) {
  const auto s = per_axis_values(sigma, input, "fourier_gaussian");
  return multiply(input, o, FourierKind::product, true, [&](int a, double k, double length) {
    const double p = s[static_cast<std::size_t>(a)] * kPi / length, c = -2.0 * p * p;
    const double t = c * k * k;
    return std::fabs(t) > 50.0 ? 0.0 : std::exp(t);  // SciPy flushes below e^-50
  });
}

NDArray fourier_uniform(const NDArray& input, const std::vector<double>& size, const FourierOptions& o) {
  const auto s = per_axis_values(size, input, "fourier_uniform");
  return multiply(input, o, FourierKind::product, true, [&](int a, double k, double length) {
    const double t = kPi * s[static_cast<std::size_t>(a)] / length;
    if (k == 0.0) return 1.0;
    return t > 0.0 ? std::sin(t * k) / (t * k) : 0.0;
  });
}

NDArray fourier_ellipsoid(const NDArray& input, const std::vector<double>& size, const FourierOptions& o) {
  if (input.ndim() > 3) throw NotSupported("fourier_ellipsoid: only 1d, 2d and 3d inputs are supported");
  const auto s = per_axis_values(size, input, "fourier_ellipsoid");
  const bool squared = input.ndim() > 1;  // 1-D takes sin(u)/u of the signed coordinate itself
  return multiply(input, o, FourierKind::ellipsoid, false, [&](int a, double k, double length) {
    const double u = k * (kPi * s[static_cast<std::size_t>(a)] / length);
    return squared ? u * u : u;
  });
}

NDArray fourier_shift(const NDArray& input, const std::vector<double>& shift, const FourierOptions& o) {
  const auto s = per_axis_values(shift, input, "fourier_shift");
  return multiply(input, o, FourierKind::shift, true, [&](int a, double k, double length) {
    return -2.0 * kPi * s[static_cast<std::size_t>(a)] / length * k;
  });
}

}  // namespace cupix::ndimage
