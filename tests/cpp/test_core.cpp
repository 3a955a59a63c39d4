// Core types: dtypes, NDArray views and copies, DLPack round trips, dispatch and errors.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <numeric>
#include <random>
#include <set>
#include <vector>

#include "core/buffer_pool.hpp"
#include "cupix/core.hpp"

using namespace cupix;

namespace {

NDArray iota(const Shape& shape, DType dtype = DType::float64) {
  NDArray a = NDArray::empty(shape, DType::float64);
  std::iota(a.data_as<double>(), a.data_as<double>() + a.size(), 0.0);
  return dtype == DType::float64 ? a : a.astype(dtype);
}

}  // namespace

TEST(DType, SizesAndNames) {
  EXPECT_EQ(itemsize(DType::uint8), 1u);
  EXPECT_EQ(itemsize(DType::int16), 2u);
  EXPECT_EQ(itemsize(DType::float16), 2u);
  EXPECT_EQ(itemsize(DType::float32), 4u);
  EXPECT_EQ(itemsize(DType::uint64), 8u);
  EXPECT_EQ(name(DType::bool_), "bool");
  EXPECT_EQ(name(DType::float64), "float64");
  EXPECT_TRUE(is_floating(DType::float16));
  EXPECT_TRUE(is_integer(DType::int8));
  EXPECT_FALSE(is_integer(DType::bool_));
  EXPECT_TRUE(is_signed(DType::int32));
  EXPECT_FALSE(is_signed(DType::uint32));
  EXPECT_EQ(itemsize(DType::complex64), 8u);
  EXPECT_EQ(itemsize(DType::complex128), 16u);
  EXPECT_EQ(name(DType::complex128), "complex128");
  EXPECT_TRUE(is_complex(DType::complex64));
  EXPECT_FALSE(is_integer(DType::complex64) || is_floating(DType::complex64) || is_complex(DType::float64));
}

TEST(NDArray, ComplexCopiesKeepBothParts) {
  NDArray a = NDArray::empty({4, 6}, DType::complex128);
  for (std::int64_t i = 0; i < 2 * a.size(); ++i) a.data_as<double>()[i] = 0.25 * static_cast<double>(i) - 3.0;
  const NDArray strided = a.slice(1, 1, 6, 2).copy();  // same dtype, strided: 16-byte elements
  const NDArray narrow = a.slice(1, 1, 6, 2).astype(DType::complex64);
  const NDArray wide = narrow.astype(DType::complex128);
  for (std::int64_t r = 0; r < 4; ++r)
    for (std::int64_t c = 0; c < 3; ++c)
      for (int part = 0; part < 2; ++part) {
        const double want = a.data_as<double>()[2 * (r * 6 + 1 + 2 * c) + part];
        ASSERT_EQ(strided.data_as<double>()[2 * (r * 3 + c) + part], want);
        ASSERT_EQ(wide.data_as<double>()[2 * (r * 3 + c) + part], want);
      }
  const NDArray real = NDArray::from_vector(std::vector<double>{1.5, -2.0}).astype(DType::complex64);
  EXPECT_EQ(real.data_as<float>()[0], 1.5f);
  EXPECT_EQ(real.data_as<float>()[1], 0.0f);
  EXPECT_EQ(real.data_as<float>()[2], -2.0f);
  EXPECT_THROW(a.astype(DType::float64), TypeError);  // the imaginary part would be lost
  const auto* t = to_dlpack(a);
  EXPECT_EQ(t->dl_tensor.dtype.code, dlpack::kDLComplex);
  EXPECT_EQ(t->dl_tensor.dtype.bits, 128);
  const NDArray back = from_dlpack(const_cast<dlpack::DLManagedTensor*>(t));
  EXPECT_EQ(back.dtype(), DType::complex128);
  EXPECT_EQ(back.data(), a.data());
}

TEST(NDArray, EmptyIsContiguousWithCStrides) {
  NDArray a = NDArray::empty({2, 3, 5}, DType::float32);
  EXPECT_EQ(a.strides(), (Shape{15, 5, 1}));
  EXPECT_EQ(a.size(), 30);
  EXPECT_EQ(a.nbytes(), 120);
  EXPECT_TRUE(a.is_c_contiguous());
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(a.data()) % 64, 0u);
}

TEST(NDArray, RejectsBadShapes) {
  EXPECT_THROW(NDArray::empty({-1, 3}, DType::uint8), ValueError);
  EXPECT_THROW(NDArray::empty({1LL << 40, 1LL << 40}, DType::uint8), ValueError);
  EXPECT_THROW(NDArray::empty({1LL << 62}, DType::float64), ValueError);
}

TEST(NDArray, SliceSharesMemoryAndFollowsPythonSemantics) {
  NDArray a = iota({4, 6});
  NDArray s = a.slice(1, 1, 6, 2);  // columns 1, 3, 5
  EXPECT_EQ(s.shape(), (Shape{4, 3}));
  EXPECT_EQ(s.strides(), (Shape{6, 2}));
  EXPECT_EQ(s.owner(), a.owner());
  EXPECT_FALSE(s.is_c_contiguous());
  EXPECT_DOUBLE_EQ(s.data_as<double>()[0], 1.0);
  NDArray r = a.slice(0, -1, -5, -1);  // rows 3, 2, 1, 0
  EXPECT_EQ(r.shape(0), 4);
  EXPECT_DOUBLE_EQ(r.data_as<double>()[0], 18.0);
  EXPECT_EQ(r.strides()[0], -6);
  EXPECT_EQ(a.slice(0, 3, 1).shape(0), 0);
  EXPECT_THROW(a.slice(0, 0, 1, 0), ValueError);
  EXPECT_THROW(a.slice(2, 0, 1), AxisError);
}

TEST(NDArray, PermuteMoveaxisAndCopy) {
  NDArray a = iota({2, 3, 4});
  NDArray t = a.moveaxis(2, 0);
  EXPECT_EQ(t.shape(), (Shape{4, 2, 3}));
  EXPECT_EQ(t.strides(), (Shape{1, 12, 4}));
  NDArray c = t.copy();
  EXPECT_TRUE(c.is_c_contiguous());
  // c[k, i, j] == a[i, j, k]
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) EXPECT_DOUBLE_EQ(c.data_as<double>()[k * 6 + i * 3 + j], i * 12 + j * 4 + k);
  EXPECT_THROW(a.permute({0, 0, 1}), ValueError);
  EXPECT_THROW(a.permute({0, 1}), ValueError);
  EXPECT_THROW(t.reshape({24}), ValueError);
  EXPECT_EQ(a.reshape({6, 4}).shape(), (Shape{6, 4}));
  EXPECT_THROW(a.reshape({5, 5}), ValueError);
}

// Every copy path: same dtype and both contiguous (memcpy), same dtype through strided views
// (bit copies of 1, 2, 4 and 8 bytes, axes merged where they can be), and converting copies.
TEST(NDArray, CopiesEveryPathAndItemSize) {
  const NDArray a = iota({5, 6, 7});  // float64, values 0..209
  const NDArray view = a.moveaxis(2, 0).slice(1, 1, 5, 2);  // (7, 2, 6), non-contiguous
  for (DType t : {DType::uint8, DType::int16, DType::float16, DType::int32, DType::float32, DType::int64, DType::float64}) {
    const NDArray typed = a.astype(t);  // converting copy
    const NDArray plain = typed.copy();  // same dtype, contiguous
    const NDArray strided = typed.moveaxis(2, 0).slice(1, 1, 5, 2).copy();  // same dtype, strided
    const NDArray back = strided.astype(DType::float64);
    const NDArray expected = view.astype(t).astype(DType::float64);
    ASSERT_EQ(back.shape(), (Shape{7, 2, 6}));
    for (std::int64_t i = 0; i < back.size(); ++i)
      ASSERT_EQ(back.data_as<double>()[i], expected.data_as<double>()[i]) << name(t) << " at " << i;
    const NDArray plain64 = plain.astype(DType::float64), typed64 = typed.astype(DType::float64);
    for (std::int64_t i = 0; i < a.size(); ++i) ASSERT_EQ(plain64.data_as<double>()[i], typed64.data_as<double>()[i]);
  }
  // A strided source into a strided destination of the same dtype, with a length-1 axis.
  const NDArray source = view.slice(1, 0, 1);  // (7, 1, 6)
  NDArray target = NDArray::empty({7, 1, 12}, DType::float64).slice(2, 0, 12, 2);
  copy_into(source, target);
  const NDArray got = target.copy(), want = source.copy();
  for (std::int64_t i = 0; i < got.size(); ++i) ASSERT_EQ(got.data_as<double>()[i], want.data_as<double>()[i]);
}

TEST(NDArray, AstypeFollowsCCastsAndNumpyBool) {
  NDArray a = NDArray::from_vector(std::vector<double>{-2.7, 0.5, 300.0, 2.7, std::nan("")});
  NDArray u8 = a.astype(DType::uint8);
  const auto* p = u8.data_as<std::uint8_t>();
  EXPECT_EQ(p[0], 254);  // truncate toward zero, then wrap
  EXPECT_EQ(p[1], 0);
  EXPECT_EQ(p[2], 44);
  EXPECT_EQ(p[3], 2);
  EXPECT_EQ(p[4], 0);  // NaN is defined as 0
  NDArray b = a.astype(DType::bool_);
  EXPECT_TRUE(b.data_as<bool>()[1]);  // NumPy: 0.5 != 0
  NDArray h = a.astype(DType::float16).astype(DType::float64);
  EXPECT_DOUBLE_EQ(h.data_as<double>()[1], 0.5);
  EXPECT_DOUBLE_EQ(h.data_as<double>()[2], 300.0);
  EXPECT_NEAR(h.data_as<double>()[0], -2.7, 2e-3);
  NDArray big = NDArray::from_vector(std::vector<std::int64_t>{(1LL << 62) + 1});
  EXPECT_EQ(big.astype(DType::uint64).data_as<std::uint64_t>()[0], (1ULL << 62) + 1);
}

TEST(NDArray, Float16RoundTripIsExactForAllHalves) {
  NDArray h = NDArray::empty({65536}, DType::uint16);
  for (int i = 0; i < 65536; ++i) h.data_as<std::uint16_t>()[i] = static_cast<std::uint16_t>(i);
  NDArray as_half(h.owner(), h.base(), 0, DType::float16, h.shape(), {}, h.device());
  NDArray back = as_half.astype(DType::float32).astype(DType::float16);
  int mismatches = 0;
  for (int i = 0; i < 65536; ++i) {
    const bool nan = ((i >> 10) & 0x1f) == 0x1f && (i & 0x3ff);
    if (!nan && back.data_as<std::uint16_t>()[i] != i) ++mismatches;
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(NDArray, MayShareMemory) {
  NDArray a = iota({10});
  EXPECT_TRUE(may_share_memory(a, a));
  EXPECT_TRUE(may_share_memory(a.slice(0, 0, 5), a.slice(0, 4, 10)));
  EXPECT_FALSE(may_share_memory(a.slice(0, 0, 5), a.slice(0, 5, 10)));
  EXPECT_FALSE(may_share_memory(a, a.copy()));
}

TEST(DLPack, RoundTripWithoutCopy) {
  NDArray a = iota({3, 4}, DType::int16).slice(1, 0, 4, 2);
  dlpack::DLManagedTensor* m = to_dlpack(a);
  EXPECT_EQ(m->dl_tensor.data, a.data());
  EXPECT_EQ(m->dl_tensor.ndim, 2);
  EXPECT_EQ(m->dl_tensor.dtype.code, dlpack::kDLInt);
  EXPECT_EQ(m->dl_tensor.dtype.bits, 16);
  EXPECT_EQ(m->dl_tensor.strides[1], 2);
  NDArray b = from_dlpack(m);
  EXPECT_EQ(b.data(), a.data());
  EXPECT_EQ(b.shape(), a.shape());
  EXPECT_EQ(b.strides(), a.strides());
  EXPECT_EQ(b.dtype(), DType::int16);
  std::weak_ptr<void> alive = a.owner();
  a = NDArray();
  EXPECT_FALSE(alive.expired());  // b keeps the memory
  b = NDArray();
  EXPECT_TRUE(alive.expired());
}

TEST(DLPack, VersionedAndDevices) {
  NDArray a = iota({5}, DType::bool_);
  auto* m = to_dlpack_versioned(a);
  EXPECT_EQ(m->version.major, 1u);
  EXPECT_EQ(m->dl_tensor.dtype.code, dlpack::kDLBool);
  EXPECT_EQ(m->dl_tensor.device.device_type, dlpack::kDLCPU);
  NDArray b = from_dlpack(m);
  EXPECT_EQ(b.dtype(), DType::bool_);

  std::int64_t shape[1] = {4};
  float data[4] = {1, 2, 3, 4};
  dlpack::DLTensor t{data, {dlpack::kDLCUDAHost, 0}, 1, {dlpack::kDLFloat, 32, 1}, shape, nullptr, 4};
  NDArray pinned = from_dltensor(t, nullptr);
  EXPECT_EQ(pinned.device().kind, DeviceKind::cuda_host);
  EXPECT_EQ(pinned.data_as<float>()[0], 2.0f);  // byte_offset honoured
  EXPECT_EQ(pinned.strides(), (Shape{1}));
  t.device = {dlpack::kDLCUDA, 1};
  EXPECT_EQ(from_dltensor(t, nullptr).device(), Device::cuda(1));
}

TEST(DLPack, RejectsUnsupported) {
  std::int64_t shape[1] = {2};
  float data[4] = {};
  dlpack::DLTensor t{data, {dlpack::kDLCPU, 0}, 1, {dlpack::kDLComplex, 32, 1}, shape, nullptr, 0};  // complex32
  EXPECT_THROW(from_dltensor(t, nullptr), TypeError);
  t.dtype = {dlpack::kDLFloat, 32, 4};
  EXPECT_THROW(from_dltensor(t, nullptr), TypeError);
  t.dtype = {dlpack::kDLFloat, 32, 1};
  t.device = {static_cast<dlpack::DLDeviceType>(4), 0};  // OpenCL
  EXPECT_THROW(from_dltensor(t, nullptr), ValueError);
  bool deleted = false;
  struct Ctx { bool* flag; };
  auto* m = new dlpack::DLManagedTensor{t, new Ctx{&deleted}, [](dlpack::DLManagedTensor* self) {
                                          *static_cast<Ctx*>(self->manager_ctx)->flag = true;
                                          delete static_cast<Ctx*>(self->manager_ctx);
                                          delete self;
                                        }};
  EXPECT_THROW(from_dlpack(m), ValueError);
  EXPECT_TRUE(deleted);  // ownership was taken, so the deleter ran exactly once
}

TEST(Dispatch, CallsTheMatchingTypeAndNamesSupportedOnes) {
  EXPECT_EQ(dispatch<AllTypes>(DType::int16, "f", []<class T>(TypeTag<T>) { return sizeof(T); }), 2u);
  EXPECT_EQ(dispatch<FloatTypes>(DType::float64, "f", []<class T>(TypeTag<T>) { return sizeof(T); }), 8u);
  int calls = 0;
  dispatch<RealTypes>(DType::uint8, "f", [&]<class T>(TypeTag<T>) { calls += std::is_same_v<T, std::uint8_t>; });
  EXPECT_EQ(calls, 1);
  try {
    dispatch<FloatTypes>(DType::uint8, "my_function", []<class T>(TypeTag<T>) {});
    FAIL() << "no exception";
  } catch (const TypeError& e) {
    EXPECT_NE(std::string(e.what()).find("my_function: dtype uint8 is not supported (supported: float32, float64)"),
              std::string::npos)
        << e.what();
  }
}

TEST(Errors, HierarchyAndAxes) {
  EXPECT_THROW(normalize_axis(3, 3), AxisError);
  EXPECT_THROW(normalize_axis(-4, 3), ValueError);
  EXPECT_EQ(normalize_axis(-1, 3), 2);
  try {
    normalize_axis(5, 2, "channel_axis");
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "channel_axis 5 is out of bounds for array of dimension 2");
  }
}

TEST(Stream, GuardRestoresPrevious) {
  EXPECT_EQ(current_stream().handle, nullptr);
  int dummy = 0;
  {
    StreamGuard g(Stream{&dummy});
    EXPECT_EQ(current_stream().handle, &dummy);
  }
  EXPECT_EQ(current_stream().handle, nullptr);
}

TEST(Device, CpuOnlyMachinesReportNoGpu) {
  EXPECT_EQ(built_with_cuda(), CUPIX_WITH_CUDA != 0);
  if (!built_with_cuda()) {
    EXPECT_FALSE(cuda_available());
    EXPECT_THROW(NDArray::empty({4}, DType::float32, Device::cuda()), NotSupported);
  }
  EXPECT_EQ(Device::cuda(2).str(), "cuda:2");
}

TEST(BufferPool, CarvedBuffersAreDistinctAlignedAndReused) {
  using cupix::detail::BufferPool;
  BufferPool pool(0, 3 * BufferPool::kSlabBytes);  // no spare budget: only carved buffers come back
  constexpr std::size_t kSize = 196608;     // a 256x256 RGB tile: 21 per slab
  std::vector<std::shared_ptr<std::uint8_t[]>> held;
  for (int i = 0; i < 45; ++i) held.push_back(pool.get(kSize));  // three slabs
  std::set<std::uint8_t*> seen;
  for (std::size_t i = 0; i < held.size(); ++i) {
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(held[i].get()) % 64, 0u);
    seen.insert(held[i].get());
    std::memset(held[i].get(), static_cast<int>(i), kSize);
  }
  EXPECT_EQ(seen.size(), held.size());
  for (std::size_t i = 0; i < held.size(); ++i) {  // no buffer overlaps another
    EXPECT_EQ(held[i][0], static_cast<std::uint8_t>(i));
    EXPECT_EQ(held[i][kSize - 1], static_cast<std::uint8_t>(i));
  }
  held.clear();
  for (int i = 0; i < 45; ++i) {
    held.push_back(pool.get(kSize));
    EXPECT_TRUE(seen.count(held.back().get())) << "a released carved buffer is handed out again";
    std::memset(held.back().get(), i, kSize);
  }
  // Past the three slabs allowed, and for larger sizes, buffers are allocated one by one (and,
  // with no spare budget, freed when released).
  std::vector<std::shared_ptr<std::uint8_t[]>> more;
  for (int i = 0; i < 30; ++i) {
    more.push_back(pool.get(kSize));
    std::memset(more.back().get(), 7, kSize);
  }
  for (const auto& b : more) EXPECT_EQ(b[kSize / 2], 7);
  for (const auto& b : held) EXPECT_EQ(b[0], static_cast<std::uint8_t>(&b - held.data()));
  auto large = pool.get(BufferPool::kSlabBytes);
  std::memset(large.get(), 1, BufferPool::kSlabBytes);
}
