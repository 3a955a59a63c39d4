// cupix::ndimage — the scipy.ndimage layer. Names, arguments, defaults and results follow SciPy.
#pragma once
#include <optional>
#include <vector>

#include "cupix/core/ndarray.hpp"
#include "cupix/ndimage/distance.hpp"
#include "cupix/ndimage/fourier.hpp"
#include "cupix/ndimage/interpolation.hpp"
#include "cupix/ndimage/measurements.hpp"
#include "cupix/ndimage/mode.hpp"
#include "cupix/ndimage/output.hpp"

namespace cupix::ndimage {

struct Correlate1dOptions {
  int axis = -1;
  Output output{};
  Mode mode = Mode::reflect;
  double cval = 0.0;
  int origin = 0;
};

// One-dimensional correlation along `axis`: out[i] = sum_j weights[j] * in[i + j - len(weights)/2 - origin],
// with the input extended past its edges by `mode`. Works on any numeric dtype; sums are formed
// in float64, or in float32 when input and output are float32 (SciPy always uses float64: float32
// results agree to float32 rounding). Integer outputs truncate toward zero as SciPy's do.
NDArray correlate1d(const NDArray& input, const std::vector<double>& weights, const Correlate1dOptions& options = {});

// One-dimensional convolution along `axis`: correlate1d with the weights reversed and the origin
// mirrored (shifted by one more for an even number of weights), as SciPy defines it.
NDArray convolve1d(const NDArray& input, const std::vector<double>& weights, const Correlate1dOptions& options = {});

// uniform_filter1d takes the same arguments as correlate1d.
using UniformFilter1dOptions = Correlate1dOptions;

// Mean over `size` neighbours along one axis (size >= 1; RuntimeError otherwise, as SciPy).
NDArray uniform_filter1d(const NDArray& input, int size, const UniformFilter1dOptions& options = {});

struct UniformFilterOptions {
  // Each of these holds one value for all filtered axes or one value per filtered axis.
  Output output{};
  std::vector<Mode> mode{Mode::reflect};
  double cval = 0.0;
  std::vector<int> origin{0};
  std::optional<std::vector<int>> axes{};  // default: every axis
};

// n-D mean filter: uniform_filter1d along each axis whose size exceeds 1. `size` holds one value
// or one per filtered axis. Intermediates are stored in the output dtype, as in SciPy.
NDArray uniform_filter(const NDArray& input, const std::vector<int>& size, const UniformFilterOptions& options = {});

struct DerivativeOptions {
  int axis = -1;
  Output output{};
  std::vector<Mode> mode{Mode::reflect};  // one value, or one per axis of the input
  double cval = 0.0;
};

// Sobel derivative along `axis`: [-1, 0, 1] along it, smoothed by [1, 2, 1] along every other
// axis. Prewitt uses [1, 1, 1] for the smoothing. The result has the output dtype (the input's by
// default), so unsigned inputs wrap where the derivative is negative, exactly as in SciPy.
NDArray sobel(const NDArray& input, const DerivativeOptions& options = {});
NDArray prewitt(const NDArray& input, const DerivativeOptions& options = {});

struct CorrelateOptions {
  Output output{};
  Mode mode = Mode::reflect;
  double cval = 0.0;
  std::vector<int> origin{0};              // one value, or one per filtered axis
  std::optional<std::vector<int>> axes{};  // default: every axis; weights then have len(axes) dims
};

// Multidimensional correlation: out[i] = sum_k weights[k] * in[i + k - shape(weights)//2 - origin],
// the input extended by `mode`. Weights whose magnitude is at most DBL_EPSILON are left out of the
// sum, as SciPy does (so 0 * NaN does not poison a result). `weights` may live on any device and
// have any numeric dtype; it is read as float64. With `axes`, weights dimension j filters the j-th
// of the (sorted) axes and origin j applies to axes[j], as in SciPy.
NDArray correlate(const NDArray& input, const NDArray& weights, const CorrelateOptions& options = {});
// Multidimensional convolution: correlate with the weights reversed along every axis and each
// origin mirrored (shifted by one more where the weights' length is even).
NDArray convolve(const NDArray& input, const NDArray& weights, const CorrelateOptions& options = {});

struct LaplaceOptions {
  Output output{};
  std::vector<Mode> mode{Mode::reflect};  // one value, or one per filtered axis
  double cval = 0.0;
  std::optional<std::vector<int>> axes{};  // default: every axis
};

// Sum over `axes` of the second differences [1, -2, 1] along each (scipy.ndimage.laplace). The
// sum is accumulated in the output dtype, as SciPy's `output += tmp` does (integers wrap).
NDArray laplace(const NDArray& input, const LaplaceOptions& options = {});

struct GaussianDerivativeOptions {
  Output output{};
  std::vector<Mode> mode{Mode::reflect};  // one value, or one per filtered axis
  double cval = 0.0;
  double truncate = 4.0;
  std::vector<int> radius{};               // as gaussian_filter's
  std::optional<std::vector<int>> axes{};  // default: every axis
};

// Laplace filter with Gaussian second derivatives (scipy.ndimage.gaussian_laplace): for each axis
// in `axes`, gaussian_filter with order 2 along it, summed in the output dtype. `sigma` holds one
// value or one per axis in `axes`; axes outside `axes` are not smoothed.
NDArray gaussian_laplace(const NDArray& input, const std::vector<double>& sigma,
                         const GaussianDerivativeOptions& options = {});

// Gradient magnitude with Gaussian derivatives (scipy.ndimage.gaussian_gradient_magnitude):
// sqrt(sum over `axes` of gaussian_filter(order 1 along the axis)^2), squares and sums in the
// output dtype and the square root cast back to it, as SciPy does. As in SciPy, `sigma` (one
// value, or one per axis of the input) smooths every axis, also those outside `axes`.
NDArray gaussian_gradient_magnitude(const NDArray& input, const std::vector<double>& sigma,
                                    const GaussianDerivativeOptions& options = {});

// Minimum / maximum over `size` neighbours along one axis (scipy.ndimage.minimum_filter1d and
// maximum_filter1d), taking the same arguments as correlate1d. Values are compared as float64, as
// SciPy's line buffers hold them. NaN inputs are skipped by the comparisons (SciPy's result with
// NaN depends on where in the window the NaN sits).
NDArray minimum_filter1d(const NDArray& input, int size, const Correlate1dOptions& options = {});
NDArray maximum_filter1d(const NDArray& input, int size, const Correlate1dOptions& options = {});

struct MinMaxFilterOptions {
  std::vector<int> size{};   // one value or one per filtered axis; used when there is no footprint
  NDArray footprint{};       // optional: any-dtype array, nonzero where the window takes part
  Output output{};
  std::vector<Mode> mode{Mode::reflect};  // one value or one per filtered axis (size filters only)
  double cval = 0.0;
  std::vector<int> origin{0};
  std::optional<std::vector<int>> axes{};
};

// n-D minimum / maximum filter (scipy.ndimage.minimum_filter / maximum_filter): separable 1-D
// passes for a box (`size`, or a footprint that is all true), else the footprint's window.
NDArray minimum_filter(const NDArray& input, const MinMaxFilterOptions& options);
NDArray maximum_filter(const NDArray& input, const MinMaxFilterOptions& options);

// rank_filter, median_filter and percentile_filter take the minimum/maximum filters' arguments.
// A sequence of modes is accepted only where the filter reduces to a minimum or maximum over a
// box, as in SciPy.
using RankFilterOptions = MinMaxFilterOptions;

// The rank-th smallest value over the footprint (scipy.ndimage.rank_filter); a negative rank
// counts from the largest (-1: the maximum). Ranks 0 and size-1 run as minimum/maximum_filter.
// Values compare in the input's type, with the constant of mode 'constant' first cast to it, as
// SciPy does; NaN sorts above every number (SciPy's result with NaN depends on the order it
// visits the window in). float16 is accepted for 1-D inputs only, as in SciPy.
NDArray rank_filter(const NDArray& input, int rank, const RankFilterOptions& options);
// rank_filter with rank = (number of footprint elements) / 2.
NDArray median_filter(const NDArray& input, const RankFilterOptions& options);
// rank_filter with rank = int(size * percentile / 100) (size - 1 for 100); negative percentiles
// count from 100.
NDArray percentile_filter(const NDArray& input, double percentile, const RankFilterOptions& options);

struct GreyMorphologyOptions {
  std::vector<int> size{};   // one value or one per filtered axis: a flat box
  NDArray footprint{};       // any dtype: nonzero where the window takes part
  NDArray structure{};       // any real dtype: added (dilation) or subtracted (erosion) per element
  Output output{};
  std::vector<Mode> mode{Mode::reflect};  // one value, or one per filtered axis for flat boxes
  double cval = 0.0;
  std::vector<int> origin{0};
  std::optional<std::vector<int>> axes{};
};

// Grey erosion (scipy.ndimage.grey_erosion): the minimum over the footprint of input - structure.
// One of size, footprint and structure is needed (ValueError); with a structure, the footprint
// defaults to its shape and size is ignored; without one, this is minimum_filter. Values compare
// in float64 and are cast to the output (SciPy wraps integer overflow of input - structure
// differently, so only results that fit the output dtype agree).
NDArray grey_erosion(const NDArray& input, const GreyMorphologyOptions& options);
// Grey dilation (scipy.ndimage.grey_dilation): the maximum of input + structure over the
// footprint reflected through its centre, the origin mirrored (-origin, one less for even sizes).
NDArray grey_dilation(const NDArray& input, const GreyMorphologyOptions& options);
// grey_dilation(grey_erosion(input)) and grey_erosion(grey_dilation(input)), both with `options`.
NDArray grey_opening(const NDArray& input, const GreyMorphologyOptions& options);
NDArray grey_closing(const NDArray& input, const GreyMorphologyOptions& options);
// dilation - erosion, in the input's dtype (or in `output` when it is an array; a dtype output is
// ignored, as in SciPy). bool inputs: TypeError, as NumPy's boolean subtract.
NDArray morphological_gradient(const NDArray& input, const GreyMorphologyOptions& options);
// dilation + erosion - 2 * input, in the same dtype as morphological_gradient.
NDArray morphological_laplace(const NDArray& input, const GreyMorphologyOptions& options);
// input - opening (white) and closing - input (black); for bool inputs and results, "xor".
NDArray white_tophat(const NDArray& input, const GreyMorphologyOptions& options);
NDArray black_tophat(const NDArray& input, const GreyMorphologyOptions& options);

// A (3,)*rank bool array, true within city-block distance `connectivity` of the centre
// (scipy.ndimage.generate_binary_structure; connectivity < 1 acts as 1, rank < 1 gives a 0-d true).
NDArray generate_binary_structure(int rank, int connectivity);
// `structure` dilated by itself iterations - 1 times (scipy.ndimage.iterate_structure; a copy,
// dtype kept, for iterations < 2). The origin scaling of SciPy's `origin` argument is left to the
// caller (iterations * origin).
NDArray iterate_structure(const NDArray& structure, int iterations);

struct BinaryMorphologyOptions {
  NDArray structure{};     // any dtype, nonzero = in the window; default: the cross of connectivity 1
  int iterations = 1;      // repeated this often; < 1: until the result stops changing
  NDArray mask{};          // where given and zero, pixels keep their input value
  Output output{};         // an array receives 0/1 in its dtype; a dtype is ignored (bool), as SciPy
  bool border_value = false;  // the input's value outside the array
  std::vector<int> origin{0};
  std::optional<std::vector<int>> axes{};
};

// Binary erosion (scipy.ndimage.binary_erosion): true where every structure element, placed by
// `origin`, covers a nonzero input (outside: border_value). A structure with no true element
// erodes to all true, as in SciPy. Origins out of range raise ValueError (SciPy may crash).
NDArray binary_erosion(const NDArray& input, const BinaryMorphologyOptions& options = {});
// Binary dilation: erosion's dual with the structure reflected and the origin mirrored (one
// further for even sizes); border_value is the input's value outside.
NDArray binary_dilation(const NDArray& input, const BinaryMorphologyOptions& options = {});
// Dilation of the erosion, and erosion of the dilation, with the same options.
NDArray binary_opening(const NDArray& input, const BinaryMorphologyOptions& options = {});
NDArray binary_closing(const NDArray& input, const BinaryMorphologyOptions& options = {});
// binary_dilation repeated until nothing changes (iterations is ignored).
NDArray binary_propagation(const NDArray& input, const BinaryMorphologyOptions& options = {});
// Fills the holes: background not connected (through `structure`) to the border becomes true.
// Only structure, output, origin and axes are used.
NDArray binary_fill_holes(const NDArray& input, const BinaryMorphologyOptions& options = {});
// True where structure1 (origin1) fits the foreground and structure2 (origin2; default: the
// complement of structure1, origin1) fits the background; outside the array is background.
NDArray binary_hit_or_miss(const NDArray& input, const NDArray& structure1 = {}, const NDArray& structure2 = {},
                           const Output& output = {}, const std::vector<int>& origin1 = {0},
                           const std::optional<std::vector<int>>& origin2 = std::nullopt,
                           const std::optional<std::vector<int>>& axes = std::nullopt);

// The weights SciPy's gaussian_filter1d correlates with: the normalised Gaussian of `sigma` on
// [-radius, radius] and, for order > 0, its order-th derivative (reversed for correlation).
std::vector<double> gaussian_kernel1d(double sigma, int order, int radius);

struct GaussianFilter1dOptions {
  int axis = -1;
  int order = 0;
  Output output{};
  Mode mode = Mode::reflect;
  double cval = 0.0;
  double truncate = 4.0;
  std::optional<int> radius{};  // default: int(truncate * sigma + 0.5)
};

// One-dimensional Gaussian filter (or derivative of order 1..3) along one axis.
NDArray gaussian_filter1d(const NDArray& input, double sigma, const GaussianFilter1dOptions& options = {});

struct GaussianFilterOptions {
  // Each of these holds one value for all filtered axes or one value per filtered axis.
  std::vector<int> order{0};
  Output output{};
  std::vector<Mode> mode{Mode::reflect};
  double cval = 0.0;
  double truncate = 4.0;
  std::vector<int> radius{};  // empty: from truncate
  std::optional<std::vector<int>> axes{};  // default: every axis
};

// n-D Gaussian filter as a sequence of 1-D filters along `axes`; axes whose sigma is ~0 are skipped.
// `sigma` holds one value or one per filtered axis. As in SciPy, each pass is stored in the output
// dtype before the next one reads it.
NDArray gaussian_filter(const NDArray& input, const std::vector<double>& sigma,
                        const GaussianFilterOptions& options = {});

}  // namespace cupix::ndimage
