// The CUDA backend against the CPU backend on the same random inputs. Skipped, with the reason,
// where there is no GPU; scripts/gpu-check runs them on the GPU machine.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#if CUPIX_WITH_CUDA
#include "backends/cuda/separable.hpp"
#endif
#include "cupix/color.hpp"
#include "cupix/core.hpp"
#include "cupix/filters.hpp"
#include "cupix/ndimage.hpp"

using namespace cupix;

namespace {

NDArray random_array(const Shape& shape, DType dtype, unsigned seed) {
  NDArray a = NDArray::empty(shape, DType::float64);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 250.0);
  for (std::int64_t i = 0; i < a.size(); ++i) a.data_as<double>()[i] = u(rng);
  return a.astype(dtype);
}

double max_abs_diff(const NDArray& a, const NDArray& b) {
  const NDArray x = a.to(Device::cpu()).astype(DType::float64), y = b.to(Device::cpu()).astype(DType::float64);
  EXPECT_EQ(x.shape(), y.shape());
  double m = 0;
  for (std::int64_t i = 0; i < x.size(); ++i)
    m = std::max(m, std::abs(x.data_as<double>()[i] - y.data_as<double>()[i]));
  return m;
}

#define REQUIRE_GPU() \
  if (!cuda_available()) GTEST_SKIP() << "no CUDA GPU on this machine (built_with_cuda=" << built_with_cuda() << ")"

}  // namespace

TEST(CudaBackend, CopiesAcrossDevicesAndStrides) {
  REQUIRE_GPU();
  NDArray a = random_array({7, 9, 5}, DType::float32, 1);
  NDArray g = a.moveaxis(2, 0).to(Device::cuda());
  EXPECT_TRUE(g.device().is_cuda());
  EXPECT_EQ(max_abs_diff(g, a.moveaxis(2, 0)), 0.0);
  NDArray gs = a.to(Device::cuda()).slice(1, 8, -10, -3).astype(DType::uint16);
  EXPECT_EQ(max_abs_diff(gs, a.slice(1, 8, -10, -3).astype(DType::uint16)), 0.0);
}

TEST(CudaBackend, Correlate1dMatchesCpuForEveryMode) {
  REQUIRE_GPU();
  for (auto mode : {ndimage::Mode::reflect, ndimage::Mode::constant, ndimage::Mode::nearest, ndimage::Mode::mirror,
                    ndimage::Mode::wrap}) {
    for (int axis = 0; axis < 3; ++axis) {
      NDArray a = random_array({9, 17, 33}, DType::float64, 7 + axis);
      const std::vector<double> w{0.5, -1.0, 2.0, 0.25, 3.0, 1.5, -0.75};
      ndimage::Correlate1dOptions o{.axis = axis, .mode = mode, .cval = 1.5, .origin = 1};
      NDArray cpu = ndimage::correlate1d(a, w, o);
      NDArray gpu = ndimage::correlate1d(a.to(Device::cuda()), w, o);
      EXPECT_LT(max_abs_diff(cpu, gpu), 1e-9) << ndimage::mode_name(mode) << " axis " << axis;
    }
  }
}

TEST(CudaBackend, GaussianFilterMatchesCpu) {
  REQUIRE_GPU();
  for (DType t : {DType::float32, DType::float64, DType::uint8, DType::uint16, DType::int16}) {
    NDArray a = random_array({31, 45, 12}, t, 3);
    NDArray cpu = ndimage::gaussian_filter(a, {2.0, 1.0, 0.5});
    NDArray gpu = ndimage::gaussian_filter(a.to(Device::cuda()), {2.0, 1.0, 0.5});
    EXPECT_LE(max_abs_diff(cpu, gpu), is_floating(t) ? 1e-3 : 1.0) << name(t);
  }
  NDArray img = random_array({64, 80}, DType::float32, 4);
  NDArray cpu = filters::gaussian(img, {.sigma = {4.0}});
  NDArray gpu = filters::gaussian(img.to(Device::cuda()), {.sigma = {4.0}});
  EXPECT_LT(max_abs_diff(cpu, gpu), 1e-3);
}

TEST(CudaBackend, Rgb2grayMatchesCpu) {
  REQUIRE_GPU();
  for (DType t : {DType::uint8, DType::uint16, DType::float32, DType::float64, DType::int16}) {
    NDArray a = random_array({3, 19, 23}, t, 5);
    NDArray cpu = color::rgb2gray(a, {.channel_axis = 0});
    NDArray gpu = color::rgb2gray(a.to(Device::cuda()), {.channel_axis = 0});
    // Values up to 250; the GPU contracts a*b+c into FMAs, so float32 results differ by rounding.
    EXPECT_LT(max_abs_diff(cpu, gpu), t == DType::float32 ? 1e-4 : 1e-9) << name(t);
  }
}

#if CUPIX_WITH_CUDA
// The tuned float32 line kernels against the generic single-source kernel on the GPU.
TEST(CudaBackend, TunedLineFiltersMatchGenericPath) {
  REQUIRE_GPU();
  std::mt19937 rng(11);
  const std::vector<Shape> shapes{{1000}, {33, 257}, {70, 45}, {5, 40, 31}, {3, 9, 129}, {2, 67, 3, 40}};
  for (DType dtype : {DType::float32, DType::float64}) {
    for (const auto& shape : shapes) {
      for (int axis = 0; axis < static_cast<int>(shape.size()); ++axis) {
        for (auto mode : {ndimage::Mode::reflect, ndimage::Mode::constant, ndimage::Mode::nearest,
                          ndimage::Mode::mirror, ndimage::Mode::wrap}) {
          const int taps = 1 + static_cast<int>(rng() % 40);
          std::vector<double> w(static_cast<std::size_t>(taps));
          double sum_abs = 0;
          for (auto& v : w) sum_abs += std::abs(v = std::uniform_real_distribution<double>(-1, 1)(rng));
          const int origin = static_cast<int>(rng() % static_cast<unsigned>(taps)) - taps / 2;
          const int o = std::clamp(origin, -(taps / 2), (taps - 1) / 2);
          NDArray a = random_array(shape, dtype, static_cast<unsigned>(rng())).to(Device::cuda());
          ndimage::Correlate1dOptions opt{.axis = axis, .mode = mode, .cval = -3.0, .origin = o};
          backends::cuda::set_tuned_kernels_enabled(false);
          NDArray generic = ndimage::correlate1d(a, w, opt);
          backends::cuda::set_tuned_kernels_enabled(true);
          NDArray tuned = ndimage::correlate1d(a, w, opt);
          // Both sum in the input's precision (values up to 250), in different orders.
          const double eps = dtype == DType::float32 ? 4e-7 : 1e-15;
          EXPECT_LE(max_abs_diff(generic, tuned), eps * 250 * sum_abs * taps)
              << name(dtype) << " shape[0]=" << shape[0] << " ndim=" << shape.size() << " axis=" << axis
              << " taps=" << taps << " mode=" << ndimage::mode_name(mode);
        }
      }
    }
  }
}

// The fused 2-D kernel (gaussian_filter's last two axes) against the generic passes.
TEST(CudaBackend, FusedSeparableMatchesGenericPath) {
  REQUIRE_GPU();
  struct Case {
    Shape shape;
    std::vector<double> sigma;
    std::vector<int> order;
    ndimage::Mode mode;
  };
  const std::vector<Case> cases{{{67, 131}, {2.0}, {0}, ndimage::Mode::reflect},
                                {{64, 64}, {4.0, 1.0}, {0}, ndimage::Mode::nearest},
                                {{5, 300}, {1.5}, {1, 0}, ndimage::Mode::constant},
                                {{200, 7}, {3.0}, {0, 2}, ndimage::Mode::constant},
                                {{3, 45, 77}, {1.0, 2.0, 0.7}, {0}, ndimage::Mode::mirror},
                                {{1, 130, 129}, {16.0}, {0}, ndimage::Mode::wrap},
                                {{2, 2, 33, 40}, {0.0, 1.0, 2.5, 2.5}, {0, 0, 1, 1}, ndimage::Mode::grid_constant}};
  for (DType dtype : {DType::float32, DType::float64}) {
    for (const auto& c : cases) {
      NDArray a = random_array(c.shape, dtype, 21).to(Device::cuda());
      ndimage::GaussianFilterOptions o{.order = c.order, .mode = {c.mode}, .cval = 0.75};
      backends::cuda::set_tuned_kernels_enabled(false);
      NDArray generic = ndimage::gaussian_filter(a, c.sigma, o);
      backends::cuda::set_tuned_kernels_enabled(true);
      NDArray tuned = ndimage::gaussian_filter(a, c.sigma, o);
      EXPECT_LE(max_abs_diff(generic, tuned), dtype == DType::float32 ? 2e-3 : 1e-10)
          << name(dtype) << " shape[0]=" << c.shape[0] << " mode=" << ndimage::mode_name(c.mode);
    }
  }
}
#endif

TEST(CudaBackend, RankFiltersMatchCpu) {
  REQUIRE_GPU();
  // Windows of 9, 25 and 49 values: the register networks, the histogram (uint8) and radix selection.
  for (DType t : {DType::uint8, DType::uint16, DType::int32, DType::float32, DType::float64}) {
    for (int size : {3, 5, 7}) {
      NDArray a = random_array({37, 29, 6}, t, 11 + size);
      const ndimage::RankFilterOptions o{.size = {size, size, 1}, .mode = {ndimage::Mode::mirror}};
      NDArray cpu = ndimage::rank_filter(a, size + 1, o);
      NDArray gpu = ndimage::rank_filter(a.to(Device::cuda()), size + 1, o);
      EXPECT_EQ(max_abs_diff(cpu, gpu), 0.0) << name(t) << " size " << size;
    }
  }
}

TEST(CudaBackend, ByteMedian3x3MatchesCpu) {
  REQUIRE_GPU();
  // 1-byte 3x3 medians take four columns per word on the GPU: widths with aligned word loads
  // (520) and without (387, 261), a stack of images, the boundary modes, another origin.
  for (DType t : {DType::uint8, DType::int8, DType::bool_}) {
    for (const Shape& shape : {Shape{70, 520}, Shape{45, 387}, Shape{3, 37, 261}}) {
      NDArray a = random_array(shape, DType::float64, 61);
      for (std::int64_t i = 0; i < a.size(); ++i) {
        double& v = a.data_as<double>()[i];
        v = t == DType::bool_ ? (v > 125) : t == DType::int8 ? std::floor(v) - 125 : std::floor(v);
      }
      a = a.astype(t);
      const bool stack = shape.size() == 3;
      for (ndimage::Mode mode : {ndimage::Mode::reflect, ndimage::Mode::constant, ndimage::Mode::wrap}) {
        for (int origin : {0, 1}) {
          ndimage::RankFilterOptions o{.mode = {mode}, .cval = 7.0};
          o.size = stack ? std::vector<int>{1, 3, 3} : std::vector<int>{3, 3};
          o.origin = stack ? std::vector<int>{0, origin, 0} : std::vector<int>{origin, 0};
          EXPECT_EQ(max_abs_diff(ndimage::median_filter(a, o), ndimage::median_filter(a.to(Device::cuda()), o)), 0.0)
              << name(t) << " " << shape.back() << " mode " << ndimage::mode_name(mode) << " origin " << origin;
        }
      }
    }
  }
}

TEST(CudaBackend, GreyMorphologyMatchesCpu) {
  REQUIRE_GPU();
  NDArray st = random_array({3, 4}, DType::float64, 21);
  for (DType t : {DType::uint8, DType::float32, DType::float64}) {
    NDArray a = random_array({41, 37}, t, 22);
    const ndimage::GreyMorphologyOptions o{.structure = st, .mode = {ndimage::Mode::wrap}};
    EXPECT_EQ(max_abs_diff(ndimage::morphological_laplace(a, o), ndimage::morphological_laplace(a.to(Device::cuda()), o)),
              0.0)
        << name(t);
    EXPECT_EQ(max_abs_diff(ndimage::black_tophat(a, {.size = {5, 2}}),
                           ndimage::black_tophat(a.to(Device::cuda()), {.size = {5, 2}})),
              0.0)
        << name(t);
  }
}

TEST(CudaBackend, BinaryMorphologyMatchesCpu) {
  REQUIRE_GPU();
  NDArray a = random_array({33, 29, 7}, DType::float64, 31);
  // Values 0..250: about 40 % below 100 become background.
  NDArray x = a.astype(DType::uint8);
  for (std::int64_t i = 0; i < x.size(); ++i) x.data_as<std::uint8_t>()[i] = x.data_as<std::uint8_t>()[i] > 100;
  const NDArray cpu = ndimage::binary_fill_holes(ndimage::binary_opening(x, {.iterations = 2}));
  const NDArray gpu = ndimage::binary_fill_holes(ndimage::binary_opening(x.to(Device::cuda()), {.iterations = 2}));
  EXPECT_EQ(max_abs_diff(cpu, gpu), 0.0);
}

TEST(CudaBackend, LabelMatchesCpu) {
  REQUIRE_GPU();
  // Foreground where the random value exceeds 100 (about 60 %): large clusters and many small ones.
  for (const Shape& shape : {Shape{301, 257}, Shape{41, 37, 29}, Shape{1000}}) {
    NDArray x = random_array(shape, DType::float64, 37);
    for (std::int64_t i = 0; i < x.size(); ++i) x.data_as<double>()[i] = x.data_as<double>()[i] > 100;
    for (int connectivity = 1; connectivity <= static_cast<int>(shape.size()); ++connectivity) {
      const NDArray s = ndimage::generate_binary_structure(static_cast<int>(shape.size()), connectivity);
      const auto cpu = ndimage::label(x, s);
      const auto gpu = ndimage::label(x.to(Device::cuda()), s);
      EXPECT_EQ(cpu.num_features, gpu.num_features);
      EXPECT_EQ(max_abs_diff(cpu.labels, gpu.labels), 0.0);
      const auto gpu64 = ndimage::label(x.to(Device::cuda()), s, DType::int64);  // labels written through a scratch array
      EXPECT_EQ(max_abs_diff(cpu.labels, gpu64.labels), 0.0);
    }
  }
}

TEST(CudaBackend, DistanceTransformEdtMatchesCpu) {
  REQUIRE_GPU();
  for (const Shape& shape : {Shape{301, 257}, Shape{41, 37, 29}, Shape{1000}}) {
    NDArray x = random_array(shape, DType::float64, 41);
    for (std::int64_t i = 0; i < x.size(); ++i) x.data_as<double>()[i] = x.data_as<double>()[i] > 5;
    for (const std::vector<double>& sampling : {std::vector<double>{}, std::vector<double>{0.7}}) {
      const auto cpu = ndimage::distance_transform_edt(x, {.sampling = sampling});
      const auto gpu = ndimage::distance_transform_edt(x.to(Device::cuda()), {.sampling = sampling});
      EXPECT_LT(max_abs_diff(cpu.distances, gpu.distances), 1e-12);
    }
  }
}

TEST(CudaBackend, EdtDistancesStackEntriesMatchCpu) {
  REQUIRE_GPU();
  // The GPU's distances-alone passes: 32-bit stack entries (2500 x 7), the distances' roots
  // packed (5 x 30000), entries that cannot pack (5 x 3 x 30000), and float64 squared distances
  // (spacings).
  for (const Shape& shape : {Shape{2500, 7}, Shape{5, 30000}, Shape{5, 3, 30000}}) {
    NDArray x = random_array(shape, DType::float64, 43);
    for (std::int64_t i = 0; i < x.size(); ++i) x.data_as<double>()[i] = x.data_as<double>()[i] > 2;  // ~1 % zeros
    for (const std::vector<double>& sampling : {std::vector<double>{}, std::vector<double>{1.3}}) {
      const auto cpu = ndimage::distance_transform_edt(x, {.sampling = sampling});
      const auto gpu = ndimage::distance_transform_edt(x.to(Device::cuda()), {.sampling = sampling});
      EXPECT_LT(max_abs_diff(cpu.distances, gpu.distances), 1e-9) << shape.size() << "-D, last axis " << shape.back();
    }
  }
}

TEST(CudaBackend, DistanceTransformCdtMatchesCpu) {
  REQUIRE_GPU();
  for (const Shape& shape : {Shape{301, 257}, Shape{41, 37, 29}, Shape{1000}}) {
    NDArray x = random_array(shape, DType::float64, 53);
    for (std::int64_t i = 0; i < x.size(); ++i) x.data_as<double>()[i] = x.data_as<double>()[i] > 5;
    for (const char* metric : {"chessboard", "taxicab"}) {
      const auto cpu = ndimage::distance_transform_cdt(x, {.metric = metric, .return_indices = true});
      const auto gpu = ndimage::distance_transform_cdt(x.to(Device::cuda()), {.metric = metric, .return_indices = true});
      EXPECT_EQ(max_abs_diff(cpu.distances, gpu.distances), 0.0);
      // Where zeros tie, the backends (whose passes run in other axis orders) may name different
      // ones: each index must be a zero at the point's distance.
      const NDArray idx = gpu.indices.to(Device::cpu()), dist = cpu.distances;
      const std::int64_t size = x.size();
      const auto nd = static_cast<std::int64_t>(shape.size());
      for (std::int64_t i = 0; i < size; ++i) {
        std::int64_t zero = 0, steps = 0;
        for (std::int64_t a = 0, rest = i, stride = size; a < nd; ++a) {
          stride /= shape[static_cast<std::size_t>(a)];
          const std::int64_t c = rest / stride, z = idx.data_as<std::int32_t>()[a * size + i];
          rest %= stride;
          zero = zero * shape[static_cast<std::size_t>(a)] + z;
          const std::int64_t diff = std::abs(c - z);
          steps = std::string(metric) == "taxicab" ? steps + diff : std::max(steps, diff);
        }
        ASSERT_EQ(x.data_as<double>()[zero], 0.0) << i;
        ASSERT_EQ(steps, dist.data_as<std::int32_t>()[i]) << i;
      }
    }
  }
}

TEST(CudaBackend, FourierFiltersMatchCpu) {
  REQUIRE_GPU();
  for (const Shape& shape : {Shape{301, 257}, Shape{41, 37, 29}, Shape{1000}}) {
    const NDArray re = random_array(shape, DType::float64, 47);
    NDArray x = NDArray::empty(shape, DType::complex64);  // real parts from `re`, imaginary parts reversed
    for (std::int64_t i = 0; i < x.size(); ++i) {
      x.data_as<float>()[2 * i] = static_cast<float>(re.data_as<double>()[i]);
      x.data_as<float>()[2 * i + 1] = static_cast<float>(re.data_as<double>()[x.size() - 1 - i]);
    }
    const NDArray g = x.to(Device::cuda());
    const std::vector<double> p{1.5, 0.7, 2.5};
    const std::vector<double> params(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(shape.size()));
    const ndimage::FourierOptions real_fft{.n = 2 * shape.back() - 1};
    for (auto f : {&ndimage::fourier_gaussian, &ndimage::fourier_uniform, &ndimage::fourier_ellipsoid,
                   &ndimage::fourier_shift}) {
      for (const auto& o : {ndimage::FourierOptions{}, real_fft}) {
        const NDArray cpu = f(x, params, o).to(Device::cpu()), gpu = f(g, params, o).to(Device::cpu());
        ASSERT_EQ(gpu.dtype(), DType::complex64);
        for (std::int64_t i = 0; i < 2 * cpu.size(); ++i)  // float32 parts: the GPU's sin/cos/j1 differ by ulps
          ASSERT_NEAR(gpu.data_as<float>()[i], cpu.data_as<float>()[i], 1e-5 * (1 + std::abs(cpu.data_as<float>()[i])));
      }
    }
    // real input into a strided complex128 output
    NDArray out = NDArray::empty({2 * shape[0]}, DType::complex128, Device::cuda());
    if (shape.size() == 1) {
      const NDArray view = out.slice(0, 0, 2 * shape[0], 2);
      ndimage::fourier_shift(re.to(Device::cuda()), {3.25}, {.output = view});
      const NDArray want = ndimage::fourier_shift(re, {3.25}), got = view.to(Device::cpu());
      for (std::int64_t i = 0; i < 2 * want.size(); ++i)
        ASSERT_NEAR(got.data_as<double>()[i], want.data_as<double>()[i], 1e-9);
    }
  }
}

TEST(CudaBackend, FindObjectsMatchesCpu) {
  REQUIRE_GPU();
  const NDArray labels = random_array({67, 45, 23}, DType::float64, 43).astype(DType::int32);  // values 0..249
  EXPECT_EQ(ndimage::find_objects(labels), ndimage::find_objects(labels.to(Device::cuda())));
  EXPECT_EQ(ndimage::find_objects(labels, 300), ndimage::find_objects(labels.to(Device::cuda()), 300));
}

TEST(CudaBackend, RegionStatisticsMatchCpu) {
  REQUIRE_GPU();
  const NDArray index = NDArray::from_vector(std::vector<std::int64_t>{0, 3, 17, 250, 1000});
  for (const Shape& shape : {Shape{301, 257}, Shape{41, 37, 29}}) {
    const NDArray labels = random_array(shape, DType::float64, 47).astype(DType::int32);  // values 0..249
    for (DType dtype : {DType::uint8, DType::int64, DType::float32, DType::float64}) {
      const NDArray x = random_array(shape, dtype, 53);
      const NDArray gx = x.to(Device::cuda()), gl = labels.to(Device::cuda()), gu = labels.astype(DType::uint16).to(Device::cuda());
      for (const NDArray& idx : {NDArray{}, index}) {
        // One float32 sum is rounded to float32 from float64 sums added in another order.
        EXPECT_LT(max_abs_diff(ndimage::sum_labels(x, labels, idx), ndimage::sum_labels(gx, gl, idx)),
                  dtype == DType::float32 ? 1.0 : 1e-6);
        EXPECT_LT(max_abs_diff(ndimage::variance(x, labels, idx), ndimage::variance(gx, gu, idx)), 1e-9);
        const NDArray cpu_median = ndimage::median(x, labels, idx), gpu_median = ndimage::median(gx, gl, idx);
        if (idx.defined()) {  // label 1000 does not occur: NaN on both
          EXPECT_TRUE(std::isnan(cpu_median.astype(DType::float64).data_as<double>()[4]));
          EXPECT_TRUE(std::isnan(gpu_median.to(Device::cpu()).astype(DType::float64).data_as<double>()[4]));
          EXPECT_EQ(max_abs_diff(cpu_median.slice(0, 0, 4), gpu_median.slice(0, 0, 4)), 0.0);
        } else {
          EXPECT_EQ(max_abs_diff(cpu_median, gpu_median), 0.0);
        }
        const auto cpu = ndimage::extrema(x, labels, idx), gpu = ndimage::extrema(gx, gl, idx);
        EXPECT_EQ(max_abs_diff(cpu.minimums, gpu.minimums), 0.0);
        EXPECT_EQ(max_abs_diff(cpu.maximums, gpu.maximums), 0.0);
        EXPECT_EQ(max_abs_diff(cpu.minimum_positions, gpu.minimum_positions), 0.0);
        EXPECT_EQ(max_abs_diff(cpu.maximum_positions, gpu.maximum_positions), 0.0);
        EXPECT_LT(max_abs_diff(ndimage::center_of_mass(x, labels, idx), ndimage::center_of_mass(gx, gl, idx)), 1e-9);
        EXPECT_EQ(max_abs_diff(ndimage::histogram(x, 10, 200, 13, labels, idx),
                               ndimage::histogram(gx, 10, 200, 13, gl, idx)), 0.0);
      }
    }
  }
}

TEST(CudaBackend, ValueIndicesMatchCpu) {
  REQUIRE_GPU();
  const NDArray labels = random_array({67, 45, 23}, DType::float64, 59).astype(DType::int32);  // values 0..249
  for (DType dtype : {DType::uint8, DType::int32, DType::int64}) {
    const NDArray x = labels.astype(dtype);
    const auto cpu = ndimage::value_indices(x, 7), gpu = ndimage::value_indices(x.to(Device::cuda()), 7);
    EXPECT_EQ(max_abs_diff(cpu.values, gpu.values), 0.0);
    EXPECT_EQ(max_abs_diff(cpu.starts, gpu.starts), 0.0);
    EXPECT_EQ(max_abs_diff(cpu.counts, gpu.counts), 0.0);
    EXPECT_EQ(max_abs_diff(cpu.coordinates, gpu.coordinates), 0.0);
  }
}
