// Smooths a synthetic RGB image's luminance with cupix's C++ API, on the GPU when there is one.
#include <cmath>
#include <cstdio>

#include <cupix/color.hpp>
#include <cupix/core.hpp>
#include <cupix/filters.hpp>

int main() {
  const std::int64_t h = 480, w = 640;
  cupix::NDArray rgb = cupix::NDArray::empty({h, w, 3}, cupix::DType::uint8);
  auto* p = rgb.data_as<std::uint8_t>();
  for (std::int64_t y = 0; y < h; ++y)
    for (std::int64_t x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c) p[(y * w + x) * 3 + c] = static_cast<std::uint8_t>((x * (c + 1) + y * 7) % 256);

  const cupix::Device device = cupix::cuda_available() ? cupix::Device::cuda() : cupix::Device::cpu();
  const cupix::NDArray gray = cupix::color::rgb2gray(rgb.to(device));
  const cupix::NDArray smooth = cupix::filters::gaussian(gray, {.sigma = {3.0}, .mode = cupix::ndimage::Mode::reflect});
  const cupix::NDArray host = smooth.to(cupix::Device::cpu());

  double mean = 0;
  for (std::int64_t i = 0; i < host.size(); ++i) mean += host.data_as<double>()[i];
  mean /= static_cast<double>(host.size());
  std::printf("rgb2gray + gaussian(sigma=3) of a %lldx%lld image on %s: %s, mean %.6f\n", static_cast<long long>(h),
              static_cast<long long>(w), device.str().c_str(), host.describe().c_str(), mean);
  return std::isfinite(mean) && mean > 0.0 && mean < 1.0 ? 0 : 1;
}
