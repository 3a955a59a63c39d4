// C++ API checks against values worked out by hand (the Python suite compares with SciPy).
#include <gtest/gtest.h>

#include <cmath>

#include "cupix/color.hpp"
#include "cupix/core.hpp"
#include "cupix/filters.hpp"
#include "cupix/ndimage.hpp"

using namespace cupix;
using ndimage::Mode;

namespace {
std::vector<double> values(const NDArray& a) {
  const NDArray d = a.astype(DType::float64);
  return {d.data_as<double>(), d.data_as<double>() + d.size()};
}
}  // namespace

TEST(Correlate1d, ModesExtendLikeScipy) {
  const NDArray a = NDArray::from_vector(std::vector<double>{1, 2, 3});
  // Eleven ones: every output sums a window of 11 extended samples.
  const std::vector<double> ones(11, 1.0);
  EXPECT_EQ(values(ndimage::correlate1d(a, ones, {.mode = Mode::mirror})), (std::vector<double>{21, 22, 23}));
  EXPECT_EQ(values(ndimage::correlate1d(a, ones, {.mode = Mode::reflect})), (std::vector<double>{23, 22, 21}));
  EXPECT_EQ(values(ndimage::correlate1d(a, {1, 2, 3}, {.mode = Mode::constant, .cval = 5})),
            (std::vector<double>{13, 14, 23}));
  EXPECT_EQ(values(ndimage::correlate1d(a, {1, 2, 3, 4, 5, 6, 7}, {.mode = Mode::grid_wrap})),
            (std::vector<double>{53, 54, 61}));
  const NDArray one = NDArray::from_vector(std::vector<double>{7});
  EXPECT_EQ(values(ndimage::correlate1d(one, {1, 2, 3, 4, 5, 6, 7}, {.mode = Mode::mirror})), (std::vector<double>{196}));
}

TEST(Correlate1d, OriginAndIntegerOutputs) {
  const NDArray a = NDArray::from_vector(std::vector<double>{1, 2, 3, 4, 5});
  EXPECT_EQ(values(ndimage::correlate1d(a, {1, 0, 0}, {.origin = 1})), (std::vector<double>{2, 1, 1, 2, 3}));
  EXPECT_THROW(ndimage::correlate1d(a, {1, 0, 0}, {.origin = 2}), ValueError);
  EXPECT_THROW(ndimage::correlate1d(a, {}, {}), RuntimeError);
  const NDArray u8 = NDArray::from_vector(std::vector<double>{10, 20, 30}).astype(DType::uint8);
  EXPECT_EQ(values(ndimage::correlate1d(u8, {0.27, 0, 0})), (std::vector<double>{2, 2, 5}));
  EXPECT_EQ(values(ndimage::correlate1d(u8, {-0.27, 0, 0})), (std::vector<double>{254, 254, 251}));
  EXPECT_EQ(values(ndimage::correlate1d(u8, {30.0, 0, 0})), (std::vector<double>{44, 44, 88}));
}

TEST(Correlate1d, OutputMayAliasInput) {
  NDArray a = NDArray::from_vector(std::vector<double>{1, 2, 3, 4, 5});
  NDArray expected = ndimage::correlate1d(a, {1, 1, 1});
  ndimage::correlate1d(a, {1, 1, 1}, {.output = a});
  EXPECT_EQ(values(a), values(expected));
}

TEST(GaussianKernel, MatchesClosedFormsAndNormalisation) {
  const auto w = ndimage::gaussian_kernel1d(2.0, 0, 8);
  double sum = 0;
  for (double v : w) sum += v;
  EXPECT_NEAR(sum, 1.0, 1e-15);
  EXPECT_NEAR(w[8] / w[9], std::exp(0.5 / 4.0), 1e-14);
  // First derivative: -x / sigma^2 * phi(x).
  const auto d1 = ndimage::gaussian_kernel1d(2.0, 1, 8);
  EXPECT_NEAR(d1[10], -2.0 / 4.0 * w[10], 1e-15);
  // Second derivative: (x^2 / sigma^4 - 1 / sigma^2) * phi(x).
  const auto d2 = ndimage::gaussian_kernel1d(2.0, 2, 8);
  EXPECT_NEAR(d2[11], (9.0 / 16.0 - 0.25) * w[11], 1e-15);
  EXPECT_THROW(ndimage::gaussian_kernel1d(1.0, -1, 3), ValueError);
}

TEST(GaussianFilter, PreservesConstantsAndValidatesArguments) {
  NDArray a = NDArray::from_vector(std::vector<double>(60, 3.25)).reshape({3, 4, 5});
  for (double v : values(ndimage::gaussian_filter(a, {1.5}))) EXPECT_NEAR(v, 3.25, 1e-12);
  EXPECT_THROW(ndimage::gaussian_filter(a, {1.0, 2.0}), RuntimeError);
  EXPECT_THROW(ndimage::gaussian_filter(a, {1.0}, {.axes = std::vector<int>{0, 0}}), ValueError);
  EXPECT_THROW(ndimage::gaussian_filter(a, {1.0}, {.axes = std::vector<int>{3}}), ValueError);
  EXPECT_THROW(ndimage::gaussian_filter1d(a, -1.0), ValueError);
  EXPECT_THROW(ndimage::parse_mode("bogus"), RuntimeError);
}

TEST(FiltersGaussian, DtypeRules) {
  const NDArray u8 = NDArray::from_vector(std::vector<double>(16, 255)).reshape({4, 4}).astype(DType::uint8);
  const NDArray g = filters::gaussian(u8);
  EXPECT_EQ(g.dtype(), DType::float64);
  for (double v : values(g)) EXPECT_NEAR(v, 1.0, 1e-12);  // img_as_float rescales to [0, 1]
  EXPECT_EQ(filters::gaussian(u8.astype(DType::float32)).dtype(), DType::float32);
  EXPECT_EQ(filters::gaussian(u8.astype(DType::float16)).dtype(), DType::float32);
  for (double v : values(filters::gaussian(u8, {.preserve_range = true}))) EXPECT_NEAR(v, 255.0, 1e-9);
  EXPECT_THROW(filters::gaussian(u8, {.sigma = {-1.0}}), ValueError);
}

TEST(Rgb2gray, WeightsAndErrors) {
  NDArray rgb = NDArray::from_vector(std::vector<double>{1, 0, 0, 0, 1, 0, 0, 0, 1}).reshape({3, 3});
  EXPECT_EQ(values(color::rgb2gray(rgb)), (std::vector<double>{0.2125, 0.7154, 0.0721}));
  EXPECT_EQ(color::rgb2gray(rgb.astype(DType::uint8)).dtype(), DType::float64);
  EXPECT_EQ(color::rgb2gray(rgb.astype(DType::float32)).dtype(), DType::float32);
  EXPECT_THROW(color::rgb2gray(NDArray::empty({4, 4}, DType::float32)), ValueError);
  EXPECT_THROW(color::rgb2gray(rgb, {.channel_axis = 2}), AxisError);
}

TEST(RankFilter, HandWorkedValuesAndErrors) {
  const NDArray a = NDArray::from_vector(std::vector<double>{5, 1, 4, 2, 3});
  EXPECT_EQ(values(ndimage::median_filter(a, {.size = {3}})), (std::vector<double>{5, 4, 2, 3, 3}));
  EXPECT_EQ(values(ndimage::rank_filter(a, -1, {.size = {3}, .mode = {Mode::constant}, .cval = 9})),
            (std::vector<double>{9, 5, 4, 4, 9}));
  EXPECT_EQ(values(ndimage::percentile_filter(a, 0, {.size = {3}, .mode = {Mode::wrap}})),
            (std::vector<double>{1, 1, 1, 2, 2}));
  EXPECT_THROW(ndimage::rank_filter(a, 3, {.size = {3}}), RuntimeError);
  EXPECT_THROW(ndimage::percentile_filter(a, 100.5, {.size = {3}}), RuntimeError);
  EXPECT_THROW(ndimage::median_filter(a, {}), RuntimeError);
  EXPECT_THROW(ndimage::median_filter(a, {.size = {3}, .origin = {2}}), ValueError);
}

TEST(RankFilter, HistogramMatchesSelection) {
  // uint8 data use the sliding histogram; the same data as int16 go through the sorting network
  // (up to 32 values) or nth_element (more).
  NDArray img = NDArray::empty({70, 23}, DType::float64);
  for (std::int64_t i = 0; i < img.size(); ++i) img.data_as<double>()[i] = static_cast<double>((i * 7919) % 251);
  for (int size : {5, 9}) {
    for (Mode mode : {Mode::reflect, Mode::constant, Mode::wrap}) {
      const ndimage::RankFilterOptions o{.size = {size, size - 2}, .mode = {mode}, .cval = 17, .origin = {1, -1}};
      EXPECT_EQ(values(ndimage::rank_filter(img.astype(DType::uint8), size, o)),
                values(ndimage::rank_filter(img.astype(DType::int16), size, o)))
          << size << " " << ndimage::mode_name(mode);
    }
  }
}

TEST(GreyMorphology, HandWorkedValuesAndErrors) {
  const NDArray v = NDArray::from_vector(std::vector<double>{3, 1, 4, 1, 5, 9, 2, 6});
  EXPECT_EQ(values(ndimage::grey_erosion(v, {.size = {3}})), (std::vector<double>{1, 1, 1, 1, 1, 2, 2, 2}));
  // Even windows: erosion looks at i-1 and i, dilation (reflected) at i and i+1.
  EXPECT_EQ(values(ndimage::grey_dilation(v, {.size = {2}})), (std::vector<double>{3, 4, 4, 5, 9, 9, 6, 6}));
  const NDArray st = NDArray::from_vector(std::vector<double>{0, 1, 2});
  EXPECT_EQ(values(ndimage::grey_erosion(v, {.structure = st})), (std::vector<double>{-1, 0, -1, 0, 1, 0, 1, 2}));
  EXPECT_EQ(values(ndimage::white_tophat(v, {.size = {3}})), (std::vector<double>{2, 0, 3, 0, 3, 7, 0, 4}));
  EXPECT_THROW(ndimage::grey_erosion(v, {}), ValueError);
  EXPECT_THROW(ndimage::grey_dilation(v, {.size = {2}, .origin = {1}}), ValueError);
  EXPECT_THROW(ndimage::morphological_gradient(v.astype(DType::bool_), {.size = {3}}), TypeError);
}

TEST(BinaryMorphology, HandWorkedValuesAndErrors) {
  const NDArray ones9 = NDArray::from_vector(std::vector<double>(9, 1.0));
  EXPECT_EQ(values(ndimage::binary_erosion(ones9, {.iterations = 2})),
            (std::vector<double>{0, 0, 1, 1, 1, 1, 1, 0, 0}));
  std::vector<double> d(9, 0.0);
  d[4] = 1;
  const NDArray d9 = NDArray::from_vector(d);
  const NDArray mask = NDArray::from_vector(std::vector<double>{1, 1, 1, 1, 1, 1, 0, 1, 1});
  EXPECT_EQ(values(ndimage::binary_dilation(d9, {.iterations = 0, .mask = mask})),
            (std::vector<double>{1, 1, 1, 1, 1, 1, 0, 0, 0}));
  EXPECT_EQ(values(ndimage::generate_binary_structure(2, 1)), (std::vector<double>{0, 1, 0, 1, 1, 1, 0, 1, 0}));
  EXPECT_THROW(ndimage::binary_erosion(ones9, {.origin = {-2}}), ValueError);
  EXPECT_THROW(ndimage::binary_erosion(ones9, {.mask = d9.slice(0, 0, 3)}), RuntimeError);
}

TEST(Label, HandWorkedValuesAndErrors) {
  // 1 0 1 1
  // 1 0 0 1
  // 0 1 0 1   connectivity 1: three components; 2: two (the lone 1 touches the first diagonally)
  const NDArray x = NDArray::from_vector(std::vector<double>{1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1}).reshape({3, 4});
  const auto four = ndimage::label(x);
  EXPECT_EQ(four.num_features, 3);
  EXPECT_EQ(four.labels.dtype(), DType::int32);
  EXPECT_EQ(values(four.labels), (std::vector<double>{1, 0, 2, 2, 1, 0, 0, 2, 0, 3, 0, 2}));
  const auto eight = ndimage::label(x, ndimage::generate_binary_structure(2, 2));
  EXPECT_EQ(eight.num_features, 2);
  EXPECT_EQ(values(eight.labels), (std::vector<double>{1, 0, 2, 2, 1, 0, 0, 2, 0, 1, 0, 2}));
  EXPECT_THROW(ndimage::label(x, ndimage::generate_binary_structure(3, 1)), RuntimeError);
  EXPECT_THROW(ndimage::label(x, NDArray::from_vector(std::vector<double>(25, 1.0)).reshape({5, 5})), ValueError);
  EXPECT_THROW(ndimage::label(x, {}, NDArray::empty({4, 3}, DType::int32)), ValueError);
}

TEST(DistanceTransformEdt, HandWorkedValuesAndErrors) {
  // 0 1 1 1 1
  // 1 1 1 1 1   distances of the last row: 2, sqrt 5, sqrt 8, sqrt 13, sqrt 20
  // 1 1 1 1 1
  std::vector<double> v(15, 1.0);
  v[0] = 0;
  const NDArray x = NDArray::from_vector(v).reshape({3, 5});
  const auto r = ndimage::distance_transform_edt(x, {.return_indices = true});
  const std::vector<double> d = values(r.distances);
  EXPECT_DOUBLE_EQ(d[14], std::sqrt(20.0));
  EXPECT_DOUBLE_EQ(d[11], std::sqrt(5.0));
  EXPECT_EQ(d[0], 0.0);
  EXPECT_EQ(values(r.indices), std::vector<double>(30, 0.0));
  const auto scaled = ndimage::distance_transform_edt(x, {.sampling = {2.0, 0.5}});
  EXPECT_DOUBLE_EQ(values(scaled.distances)[14], std::sqrt(16.0 + 4.0));
  EXPECT_THROW(ndimage::distance_transform_edt(x, {.return_distances = false}), RuntimeError);
  EXPECT_THROW(ndimage::distance_transform_edt(x, {.sampling = {1, 2, 3}}), RuntimeError);
  EXPECT_THROW(ndimage::distance_transform_edt(x, {.sampling = {-1.0}}), ValueError);
}

TEST(FindObjects, HandWorkedValuesAndErrors) {
  // 0 2 2
  // 0 0 -1
  // 3 0 2
  const NDArray x = NDArray::from_vector(std::vector<std::int64_t>{0, 2, 2, 0, 0, -1, 3, 0, 2}).reshape({3, 3});
  const auto boxes = ndimage::find_objects(x);
  ASSERT_EQ(boxes.size(), 3u);
  EXPECT_FALSE(boxes[0]);
  EXPECT_EQ(*boxes[1], (ndimage::ObjectSlices{{0, 3}, {1, 3}}));
  EXPECT_EQ(*boxes[2], (ndimage::ObjectSlices{{2, 3}, {0, 1}}));
  EXPECT_EQ(ndimage::find_objects(x, 5).size(), 5u);
  EXPECT_THROW(ndimage::find_objects(NDArray::from_vector(std::vector<double>{1.5})), TypeError);
  EXPECT_THROW(ndimage::find_objects(NDArray::empty({0, 3}, DType::int32)), ValueError);
}

TEST(RegionStatistics, HandWorkedValuesAndErrors) {
  // values       labels
  // 1 2 0 0      1 1 0 0
  // 5 3 0 4      1 1 0 2
  // 0 0 0 7      0 0 0 2
  // 9 3 0 0      3 3 0 0
  const NDArray v = NDArray::from_vector(std::vector<std::int64_t>{1, 2, 0, 0, 5, 3, 0, 4, 0, 0, 0, 7, 9, 3, 0, 0})
                        .reshape({4, 4});
  const NDArray l = NDArray::from_vector(std::vector<std::int64_t>{1, 1, 0, 0, 1, 1, 0, 2, 0, 0, 0, 2, 3, 3, 0, 0})
                        .reshape({4, 4})
                        .astype(DType::int32);
  const NDArray index = NDArray::from_vector(std::vector<std::int64_t>{1, 2, 3, 4});
  auto values = [](const NDArray& a) {
    const NDArray d = a.astype(DType::float64);
    return std::vector<double>(d.data_as<double>(), d.data_as<double>() + d.size());
  };
  const NDArray total = ndimage::sum_labels(v);
  EXPECT_EQ(total.dtype(), DType::int64);
  EXPECT_EQ(total.ndim(), 0);
  EXPECT_EQ(values(total), std::vector<double>{34});
  EXPECT_EQ(values(ndimage::sum_labels(v, l)), std::vector<double>{34});
  EXPECT_EQ(values(ndimage::sum_labels(v, l, index)), (std::vector<double>{11, 11, 12, 0}));
  EXPECT_EQ(values(ndimage::count_labels(v, l, index)), (std::vector<double>{4, 2, 2, 0}));
  const auto mean = values(ndimage::mean(v, l, index));
  EXPECT_EQ(std::vector<double>(mean.begin(), mean.begin() + 3), (std::vector<double>{2.75, 5.5, 6}));
  EXPECT_TRUE(std::isnan(mean[3]));
  EXPECT_EQ(values(ndimage::variance(v, l, NDArray::from_vector(std::vector<std::int64_t>{1, 2, 3}))),
            (std::vector<double>{2.1875, 2.25, 9}));
  const auto median = values(ndimage::median(v, l, index));
  EXPECT_EQ(std::vector<double>(median.begin(), median.begin() + 3), (std::vector<double>{2.5, 5.5, 6}));
  EXPECT_TRUE(std::isnan(median[3]));
  EXPECT_EQ(values(ndimage::median(v)), std::vector<double>{0.5});
  EXPECT_EQ(values(ndimage::minimum(v, l, index)), (std::vector<double>{1, 4, 3, 0}));
  EXPECT_EQ(values(ndimage::maximum(v, l, index)), (std::vector<double>{5, 7, 9, 0}));
  EXPECT_EQ(values(ndimage::minimum_position(v, l, index)), (std::vector<double>{0, 0, 1, 3, 3, 1, 0, 0}));
  EXPECT_EQ(values(ndimage::maximum_position(v)), (std::vector<double>{3, 0}));
  EXPECT_EQ(values(ndimage::center_of_mass(v, l, NDArray::from_vector(std::vector<std::int64_t>{2}).reshape({}))),
            (std::vector<double>{(1 * 4 + 2 * 7) / 11.0, 3}));
  EXPECT_EQ(values(ndimage::histogram(v, 0, 9, 3, l, index)), (std::vector<double>{2, 2, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0}));
  EXPECT_THROW(ndimage::minimum(NDArray::empty({0, 2}, DType::float32)), ValueError);
  EXPECT_THROW(ndimage::sum_labels(v, NDArray::empty({3, 4}, DType::int32)), ValueError);
  EXPECT_THROW(ndimage::histogram(v, 2, 1, 3), ValueError);
}

TEST(ValueIndices, HandWorkedValues) {
  // 3 1 1
  // 0 3 2
  const NDArray a = NDArray::from_vector(std::vector<std::int64_t>{3, 1, 1, 0, 3, 2}).reshape({2, 3});
  const auto r = ndimage::value_indices(a, 2);
  auto values = [](const NDArray& x) {
    const NDArray d = x.to(Device::cpu()).astype(DType::float64);
    return std::vector<double>(d.data_as<double>(), d.data_as<double>() + d.size());
  };
  EXPECT_EQ(values(r.values), (std::vector<double>{0, 1, 3}));
  EXPECT_EQ(values(r.starts), (std::vector<double>{0, 1, 4}));
  EXPECT_EQ(values(r.counts), (std::vector<double>{1, 2, 2}));
  // columns: (1,0) | (0,1) (0,2) | (1,2) | (0,0) (1,1)
  EXPECT_EQ(values(r.coordinates), (std::vector<double>{1, 0, 0, 1, 0, 1, 0, 1, 2, 2, 0, 1}));
  EXPECT_THROW(ndimage::value_indices(NDArray::from_vector(std::vector<double>{1.0})), ValueError);
}

TEST(FourierFilters, HandWorkedValuesAndErrors) {
  // A 4-point complex spectrum: frequencies 0, 1, -2, -1.
  NDArray x = NDArray::empty({4}, DType::complex128);
  const double re[4] = {1, 2, 3, 4}, im[4] = {0.5, -1, 0, 2};
  for (int i = 0; i < 4; ++i) x.data_as<double>()[2 * i] = re[i], x.data_as<double>()[2 * i + 1] = im[i];
  const double k[4] = {0, 1, -2, -1}, pi = 3.141592653589793;
  const NDArray g = ndimage::fourier_gaussian(x, {1.0});
  const NDArray s = ndimage::fourier_shift(x, {1.0});
  for (int i = 0; i < 4; ++i) {
    const double f = std::exp(-2 * pi * pi * k[i] * k[i] / 16);
    EXPECT_NEAR(g.data_as<double>()[2 * i], re[i] * f, 1e-15);
    EXPECT_NEAR(g.data_as<double>()[2 * i + 1], im[i] * f, 1e-15);
    const double phase = -2 * pi * k[i] / 4;  // a shift by one sample of four
    EXPECT_NEAR(s.data_as<double>()[2 * i], re[i] * std::cos(phase) - im[i] * std::sin(phase), 1e-14);
    EXPECT_NEAR(s.data_as<double>()[2 * i + 1], re[i] * std::sin(phase) + im[i] * std::cos(phase), 1e-14);
  }
  // A real FFT along the last axis of n = 7 points: index 3 is frequency 3 of 7.
  const NDArray r = NDArray::from_vector(std::vector<double>{1, 1, 1, 1});
  const NDArray u = ndimage::fourier_uniform(r, {2.0}, {.n = 7});
  EXPECT_DOUBLE_EQ(u.data_as<double>()[0], 1.0);
  EXPECT_NEAR(u.data_as<double>()[3], std::sin(pi * 2 * 3 / 7) / (pi * 2 * 3 / 7), 1e-15);
  EXPECT_EQ(u.dtype(), DType::float64);
  EXPECT_EQ(ndimage::fourier_shift(r, {0.5}).dtype(), DType::complex128);
  EXPECT_THROW(ndimage::fourier_gaussian(x, {1.0}, {.output = DType::float64}), RuntimeError);  // complex -> real
  EXPECT_THROW(ndimage::fourier_shift(r, {1.0}, {.output = DType::float32}), RuntimeError);
  EXPECT_THROW(ndimage::fourier_ellipsoid(NDArray::empty({2, 2, 2, 2}, DType::float32), {1.0}), NotSupported);
  EXPECT_THROW(ndimage::fourier_gaussian(r, {1.0, 2.0}), RuntimeError);
  EXPECT_THROW(ndimage::fourier_gaussian(r, {1.0}, {.axis = 1}), AxisError);
}

TEST(DistanceTransformCdt, HandWorkedValuesAndErrors) {
  // One zero in the middle of a 5 x 5 image: chessboard rings and taxicab diamonds around it.
  NDArray x = NDArray::empty({5, 5}, DType::uint8);
  for (int i = 0; i < 25; ++i) x.data_as<std::uint8_t>()[i] = i == 12 ? 0 : 7;
  const auto cb = ndimage::distance_transform_cdt(x, {.return_indices = true});
  const auto tx = ndimage::distance_transform_cdt(x, {.metric = "taxicab"});
  for (int r = 0; r < 5; ++r)
    for (int c = 0; c < 5; ++c) {
      EXPECT_EQ(cb.distances.data_as<std::int32_t>()[r * 5 + c], std::max(std::abs(r - 2), std::abs(c - 2)));
      EXPECT_EQ(tx.distances.data_as<std::int32_t>()[r * 5 + c], std::abs(r - 2) + std::abs(c - 2));
      EXPECT_EQ(cb.indices.data_as<std::int32_t>()[r * 5 + c], 2);       // row of the zero
      EXPECT_EQ(cb.indices.data_as<std::int32_t>()[25 + r * 5 + c], 2);  // its column
    }
  // A structure with only vertical steps: other columns never reach the zero (-1, own index).
  NDArray vertical = NDArray::empty({3, 3}, DType::bool_);
  for (int i = 0; i < 9; ++i) vertical.data_as<bool>()[i] = i == 1 || i == 4 || i == 7;
  const auto v = ndimage::distance_transform_cdt(x, {.structure = vertical, .return_indices = true});
  EXPECT_EQ(v.distances.data_as<std::int32_t>()[0 * 5 + 2], 2);
  EXPECT_EQ(v.distances.data_as<std::int32_t>()[0 * 5 + 1], -1);
  EXPECT_EQ(v.indices.data_as<std::int32_t>()[25 + 0 * 5 + 1], 1);
  EXPECT_THROW(ndimage::distance_transform_cdt(x, {.metric = "Chessboard"}), ValueError);
  EXPECT_THROW(ndimage::distance_transform_cdt(x, {.return_distances = false}), RuntimeError);
  EXPECT_THROW(ndimage::distance_transform_cdt(x, {.structure = NDArray::empty({3, 4}, DType::bool_)}), ValueError);
  EXPECT_THROW(ndimage::distance_transform_cdt(x, {.distances = NDArray::empty({5, 5}, DType::int64)}), ValueError);
}
