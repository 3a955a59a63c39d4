// NDArray: a strided n-dimensional view of memory on one device, sharing ownership of that memory.
// Views (slices, transposes, axis moves) share the owner; nothing here copies unless it says so.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cupix/core/device.hpp"
#include "cupix/core/dtype.hpp"

namespace cupix {

using Shape = std::vector<std::int64_t>;

// Kernels take layouts by value; this bounds their size. NumPy allows 64 dimensions; images use < 8.
inline constexpr int kMaxDims = 16;

class NDArray {
 public:
  NDArray() = default;
  // Wraps existing memory. `strides` are in elements (empty means C-contiguous); `byte_offset` is
  // added to `base` to reach element 0; `owner` keeps the memory alive.
  NDArray(std::shared_ptr<void> owner, void* base, std::int64_t byte_offset, DType dtype, Shape shape,
          Shape strides, Device device);

  // New C-contiguous array; on a GPU it is allocated stream-ordered on the current stream.
  static NDArray empty(const Shape& shape, DType dtype, Device device = Device::cpu());
  // New C-contiguous CPU array holding a copy of `values`.
  template <class T>
  static NDArray from_vector(const std::vector<T>& values);

  const Shape& shape() const { return shape_; }
  const Shape& strides() const { return strides_; }  // in elements
  std::int64_t shape(int axis) const { return shape_.at(static_cast<std::size_t>(axis)); }
  int ndim() const { return static_cast<int>(shape_.size()); }
  std::int64_t size() const;  // number of elements
  std::int64_t nbytes() const { return size() * static_cast<std::int64_t>(itemsize(dtype_)); }
  DType dtype() const { return dtype_; }
  Device device() const { return device_; }
  std::int64_t byte_offset() const { return byte_offset_; }
  void* base() const { return base_; }
  const std::shared_ptr<void>& owner() const { return owner_; }
  // An empty GPU array has no memory (a null pointer) but an owner all the same.
  bool defined() const { return owner_.use_count() > 0 || base_ != nullptr; }

  // Address of element (0, ..., 0).
  void* data() const { return static_cast<char*>(base_) + byte_offset_; }
  template <class T>
  T* data_as() const { return static_cast<T*>(data()); }

  bool is_c_contiguous() const;

  // Views.
  NDArray slice(int axis, std::int64_t start, std::int64_t stop, std::int64_t step = 1) const;
  NDArray permute(const std::vector<int>& axes) const;
  NDArray moveaxis(int source, int destination) const;
  // Reinterprets a C-contiguous array with another shape of the same size.
  NDArray reshape(const Shape& shape) const;

  // Copies.
  NDArray copy() const;                     // C-contiguous copy on the same device
  NDArray contiguous() const;               // *this if already C-contiguous, else copy()
  NDArray to(Device device) const;          // copy to another device (or *this if already there)
  NDArray astype(DType dtype) const;        // element-wise C cast into a new C-contiguous array

  std::string describe() const;  // "float32[3, 4] on cuda:0", for error messages

 private:
  std::shared_ptr<void> owner_;
  void* base_ = nullptr;
  std::int64_t byte_offset_ = 0;
  DType dtype_ = DType::float64;
  Shape shape_;
  Shape strides_;
  Device device_;
};

// C-contiguous strides (in elements) for a shape.
Shape c_strides(const Shape& shape);
// Normalises a possibly negative axis; throws AxisError naming `what` if out of range.
int normalize_axis(int axis, int ndim, const char* what = "axis");
// True when the memory spans of a and b overlap (a conservative test, like numpy.may_share_memory).
bool may_share_memory(const NDArray& a, const NDArray& b);
// Copies `src` into `dst` (same shape, any strides and devices), converting dtype with C casts.
void copy_into(const NDArray& src, const NDArray& dst);

}  // namespace cupix
