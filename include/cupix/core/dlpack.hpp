// DLPack interchange (https://dmlc.github.io/dlpack/latest/): the C ABI that NumPy, CuPy and
// PyTorch use to share arrays without copies. The structs below follow the published DLPack 1.x
// layout; they live in cupix::dlpack so they never clash with a copy of dlpack.h in user code.
#pragma once
#include <cstdint>
#include <memory>

#include "cupix/core/ndarray.hpp"

namespace cupix {
namespace dlpack {

enum DLDeviceType : std::int32_t { kDLCPU = 1, kDLCUDA = 2, kDLCUDAHost = 3, kDLCUDAManaged = 13 };
struct DLDevice {
  DLDeviceType device_type;
  std::int32_t device_id;
};
enum DLDataTypeCode : std::uint8_t { kDLInt = 0, kDLUInt = 1, kDLFloat = 2, kDLBfloat = 4, kDLComplex = 5, kDLBool = 6 };
struct DLDataType {
  std::uint8_t code;
  std::uint8_t bits;
  std::uint16_t lanes;
};
struct DLTensor {
  void* data;
  DLDevice device;
  std::int32_t ndim;
  DLDataType dtype;
  std::int64_t* shape;
  std::int64_t* strides;  // in elements; nullptr means C-contiguous
  std::uint64_t byte_offset;
};
struct DLManagedTensor {
  DLTensor dl_tensor;
  void* manager_ctx;
  void (*deleter)(DLManagedTensor* self);
};
struct DLPackVersion {
  std::uint32_t major;
  std::uint32_t minor;
};
inline constexpr std::uint64_t kFlagReadOnly = 1u << 0;
inline constexpr std::uint64_t kFlagIsCopied = 1u << 1;
struct DLManagedTensorVersioned {
  DLPackVersion version;
  void* manager_ctx;
  void (*deleter)(DLManagedTensorVersioned* self);
  std::uint64_t flags;
  DLTensor dl_tensor;
};
inline constexpr DLPackVersion kVersion{1, 0};

}  // namespace dlpack

// The DLPack device of a cupix device.
dlpack::DLDevice to_dl_device(Device device);

// Wraps a DLTensor without copying; `owner` keeps its memory alive. Throws TypeError for dtypes
// cupix has no DType for and ValueError for devices it cannot address.
NDArray from_dltensor(const dlpack::DLTensor& t, std::shared_ptr<void> owner);
// Take ownership of a managed tensor: its deleter runs when the last view of the NDArray goes away.
NDArray from_dlpack(dlpack::DLManagedTensor* t);
NDArray from_dlpack(dlpack::DLManagedTensorVersioned* t);
// Export without copying. The returned tensor holds a reference to the array's memory until the
// consumer calls its deleter.
dlpack::DLManagedTensor* to_dlpack(const NDArray& a);
dlpack::DLManagedTensorVersioned* to_dlpack_versioned(const NDArray& a);

}  // namespace cupix
