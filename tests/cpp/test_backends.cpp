// The CUDA backend against the CPU backend on the same random inputs. Skipped, with the reason,
// where there is no GPU; scripts/gpu-check runs them on the GPU machine.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

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
    EXPECT_LT(max_abs_diff(cpu, gpu), 1e-5) << name(t);
  }
}
