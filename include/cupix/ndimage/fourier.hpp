// cupix::ndimage Fourier-domain filters (scipy.ndimage.fourier_gaussian, fourier_uniform,
// fourier_ellipsoid, fourier_shift): the input is an FFT, and each element is multiplied by the
// filter's transform at its frequency.
#pragma once
#include <cstdint>
#include <vector>

#include "cupix/core/ndarray.hpp"
#include "cupix/ndimage/output.hpp"

namespace cupix::ndimage {

struct FourierOptions {
  // -1: every axis holds a complex FFT (frequency k at index k below (length + 1) / 2, else
  // k - length). n >= 0: `axis` holds a real FFT (numpy.fft.rfft) of a line of n points, whose
  // index k is frequency k.
  std::int64_t n = -1;
  int axis = -1;
  // Default: float32, complex64 and complex128 inputs keep their dtype, others give float64
  // (fourier_shift: complex64 stays, others give complex128). Arrays and dtypes must be float32,
  // float64, complex64 or complex128 (only the complex two for fourier_shift), and real only for
  // real input: RuntimeError otherwise, as SciPy.
  Output output{};
};

// The parameters hold one value, or one per axis. As SciPy, the factors and products are
// computed in float64 and rounded once to the output dtype; float16 input is read as float32
// (SciPy refuses it).

// Multiplies by exp(-2 pi^2 sigma^2 k^2 / L^2) per axis (0 where the exponent is below -50).
NDArray fourier_gaussian(const NDArray& input, const std::vector<double>& sigma, const FourierOptions& options = {});

// Multiplies by sin(pi size k / L) / (pi size k / L) per axis: a box of `size` points (1 at
// k = 0; 0 elsewhere when size <= 0).
NDArray fourier_uniform(const NDArray& input, const std::vector<double>& size, const FourierOptions& options = {});

// Multiplies by the transform of an ellipsoid with the given axis lengths: sinc in 1-D, a disk's
// 2 J1(r) / r in 2-D, a ball's 3 (sin r - r cos r) / r^3 in 3-D (1 at r = 0), where
// r = |pi size k / L|. NotSupported (NotImplementedError) beyond 3-D, as SciPy.
NDArray fourier_ellipsoid(const NDArray& input, const std::vector<double>& size, const FourierOptions& options = {});

// Multiplies by exp(-2 pi i sum_a shift_a k_a / L_a), a shift of the signal by `shift`; the
// output is always complex.
NDArray fourier_shift(const NDArray& input, const std::vector<double>& shift, const FourierOptions& options = {});

}  // namespace cupix::ndimage
