#include "cupix/core/ndarray.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "backends/backend.hpp"
#include "cupix/core/allocator.hpp"
#include "cupix/core/error.hpp"
#include "kernels/copy.hpp"
#include "memcpy.hpp"

namespace cupix {

namespace {

std::string shape_str(const Shape& s) {
  std::string r = "(";
  for (std::size_t i = 0; i < s.size(); ++i) r += (i ? ", " : "") + std::to_string(s[i]);
  return r + (s.size() == 1 ? ",)" : ")");
}

std::int64_t checked_size(const Shape& shape) {
  std::int64_t n = 1;
  for (auto d : shape) {
    if (d < 0) throw ValueError("negative dimensions are not allowed: " + shape_str(shape));
    if (d != 0 && n > INT64_MAX / d) throw ValueError("array is too big: " + shape_str(shape));
    n *= d;
  }
  return n;
}

}  // namespace

Shape c_strides(const Shape& shape) {
  Shape s(shape.size());
  std::int64_t step = 1;
  for (std::size_t i = shape.size(); i-- > 0;) {
    s[i] = step;
    step *= std::max<std::int64_t>(shape[i], 1);
  }
  return s;
}

int normalize_axis(int axis, int ndim, const char* what) {
  if (axis < -ndim || axis >= ndim)
    throw AxisError(std::string(what) + " " + std::to_string(axis) + " is out of bounds for array of dimension " +
                    std::to_string(ndim));
  return axis < 0 ? axis + ndim : axis;
}

NDArray::NDArray(std::shared_ptr<void> owner, void* base, std::int64_t byte_offset, DType dtype, Shape shape,
                 Shape strides, Device device)
    : owner_(std::move(owner)), base_(base), byte_offset_(byte_offset), dtype_(dtype), shape_(std::move(shape)),
      strides_(std::move(strides)), device_(device) {
  if (strides_.empty()) strides_ = c_strides(shape_);
  if (strides_.size() != shape_.size())
    throw ValueError("strides " + shape_str(strides_) + " do not match shape " + shape_str(shape_));
  checked_size(shape_);
}

NDArray NDArray::empty(const Shape& shape, DType dtype, Device device) {
  const std::int64_t n = checked_size(shape);
  const auto item = static_cast<std::int64_t>(itemsize(dtype));
  if (n > INT64_MAX / item) throw ValueError("array is too big: " + shape_str(shape));
  auto owner = allocate(static_cast<std::size_t>(n * item), device);
  void* base = owner.get();
  return NDArray(std::move(owner), base, 0, dtype, shape, {}, device);
}

template <class T>
NDArray NDArray::from_vector(const std::vector<T>& values) {
  NDArray a = empty({static_cast<std::int64_t>(values.size())}, dtype_v<T>);
  if (!values.empty()) std::memcpy(a.data(), values.data(), values.size() * sizeof(T));
  return a;
}
template NDArray NDArray::from_vector(const std::vector<double>&);
template NDArray NDArray::from_vector(const std::vector<float>&);
template NDArray NDArray::from_vector(const std::vector<std::int64_t>&);
template NDArray NDArray::from_vector(const std::vector<std::uint64_t>&);

std::int64_t NDArray::size() const {
  std::int64_t n = 1;
  for (auto d : shape_) n *= d;
  return n;
}

bool NDArray::is_c_contiguous() const {
  std::int64_t step = 1;
  for (std::size_t i = shape_.size(); i-- > 0;) {
    if (shape_[i] == 0) return true;
    if (shape_[i] != 1 && strides_[i] != step) return false;
    step *= shape_[i];
  }
  return true;
}

NDArray NDArray::slice(int axis, std::int64_t start, std::int64_t stop, std::int64_t step) const {
  axis = normalize_axis(axis, ndim());
  if (step == 0) throw ValueError("slice step cannot be zero");
  const std::int64_t n = shape_[static_cast<std::size_t>(axis)];
  // Python slice semantics: negative indices count from the end, then clamp.
  auto clamp = [&](std::int64_t i, std::int64_t lo, std::int64_t hi) {
    if (i < 0) i += n;
    return std::clamp(i, lo, hi);
  };
  std::int64_t len;
  if (step > 0) {
    start = clamp(start, 0, n);
    stop = clamp(stop, 0, n);
    len = stop > start ? (stop - start + step - 1) / step : 0;
  } else {
    start = clamp(start, -1, n - 1);
    stop = clamp(stop, -1, n - 1);
    len = start > stop ? (start - stop - step - 1) / (-step) : 0;
  }
  NDArray v = *this;
  const auto ax = static_cast<std::size_t>(axis);
  if (len > 0) v.byte_offset_ += start * strides_[ax] * static_cast<std::int64_t>(itemsize(dtype_));
  v.shape_[ax] = len;
  v.strides_[ax] = strides_[ax] * step;
  return v;
}

NDArray NDArray::permute(const std::vector<int>& axes) const {
  if (static_cast<int>(axes.size()) != ndim()) throw ValueError("axes don't match array");
  NDArray v = *this;
  std::vector<bool> seen(axes.size(), false);
  for (std::size_t i = 0; i < axes.size(); ++i) {
    const auto a = static_cast<std::size_t>(normalize_axis(axes[i], ndim()));
    if (seen[a]) throw ValueError("repeated axis in transpose");
    seen[a] = true;
    v.shape_[i] = shape_[a];
    v.strides_[i] = strides_[a];
  }
  return v;
}

NDArray NDArray::moveaxis(int source, int destination) const {
  source = normalize_axis(source, ndim(), "source");
  destination = normalize_axis(destination, ndim(), "destination");
  std::vector<int> order;
  for (int i = 0; i < ndim(); ++i)
    if (i != source) order.push_back(i);
  order.insert(order.begin() + destination, source);
  return permute(order);
}

NDArray NDArray::reshape(const Shape& shape) const {
  if (checked_size(shape) != size())
    throw ValueError("cannot reshape array of size " + std::to_string(size()) + " into shape " + shape_str(shape));
  if (!is_c_contiguous()) throw ValueError("reshape needs a C-contiguous array");
  NDArray v = *this;
  v.shape_ = shape;
  v.strides_ = c_strides(shape);
  return v;
}

NDArray NDArray::copy() const { return astype(dtype_); }

NDArray NDArray::contiguous() const { return is_c_contiguous() ? *this : copy(); }

NDArray NDArray::astype(DType dtype) const {
  NDArray out = empty(shape_, dtype, device_);
  copy_into(*this, out);
  return out;
}

NDArray NDArray::to(Device device) const {
  if (device == device_) return *this;
  NDArray out = empty(shape_, dtype_, device);
  copy_into(*this, out);
  return out;
}

std::string NDArray::describe() const {
  return std::string(name(dtype_)) + shape_str(shape_) + " on " + device_.str();
}

bool may_share_memory(const NDArray& a, const NDArray& b) {
  if (a.size() == 0 || b.size() == 0) return false;
  if (a.device().is_cuda() != b.device().is_cuda()) return false;
  auto span = [](const NDArray& x) {
    std::int64_t lo = 0, hi = 0;
    for (int d = 0; d < x.ndim(); ++d) {
      const std::int64_t ext = (x.shape(d) - 1) * x.strides()[static_cast<std::size_t>(d)];
      (ext < 0 ? lo : hi) += ext;
    }
    const auto item = static_cast<std::int64_t>(itemsize(x.dtype()));
    const auto* p = static_cast<const char*>(x.data());
    return std::pair{p + lo * item, p + hi * item + item};
  };
  const auto [a0, a1] = span(a);
  const auto [b0, b1] = span(b);
  return a0 < b1 && b0 < a1;
}

void copy_into(const NDArray& src, const NDArray& dst) {
  if (src.shape() != dst.shape())
    throw ValueError("cannot copy " + src.describe() + " into " + dst.describe() + ": shapes differ");
  if (is_complex(src.dtype()) && !is_complex(dst.dtype()))
    throw TypeError("cannot cast " + std::string(name(src.dtype())) + " to " + std::string(name(dst.dtype())) +
                    " without losing the imaginary part");
  if (src.size() == 0) return;
  const bool src_gpu = src.device().is_cuda(), dst_gpu = dst.device().is_cuda();
  if (src_gpu == dst_gpu && (!src_gpu || src.device() == dst.device())) {
    backends::with_backend(dst.device(), [&]<class B>(backends::Tag<B>) { kernels::copy_strided<B>(src, dst); });
    return;
  }
  // Across devices: convert and compact on the source side, move the bytes, scatter on the target side.
  const NDArray packed = (src.is_c_contiguous() && src.dtype() == dst.dtype()) ? src : src.astype(dst.dtype());
  const NDArray landing = dst.is_c_contiguous() ? dst : NDArray::empty(dst.shape(), dst.dtype(), dst.device());
  detail::memcpy_between(landing.data(), landing.device(), packed.data(), packed.device(),
                         static_cast<std::size_t>(packed.nbytes()));
  if (landing.data() != dst.data()) copy_into(landing, dst);
}

}  // namespace cupix
