#include "backends/backend.hpp"
#include "cupix/core/error.hpp"
#include "cupix/util.hpp"
#include "img_as_float.hpp"

namespace cupix::util {

DType supported_float_type(DType t) {
  return t == DType::float16 || t == DType::float32 ? DType::float32 : DType::float64;
}

namespace {

NDArray img_as(const NDArray& image, DType target) {
  if (image.dtype() == target) return image;
  NDArray out = NDArray::empty(image.shape(), target, image.device());
  if (image.size() == 0) return out;
  if (image.dtype() == DType::float16) {  // float -> float is a plain cast
    copy_into(image, out);
    return out;
  }
  backends::with_backend(image.device(),
                         [&]<class B>(backends::Tag<B>) { detail::img_as_float_run<B>(image, out); });
  return out;
}

}  // namespace

NDArray img_as_float32(const NDArray& image) { return img_as(image, DType::float32); }
NDArray img_as_float64(const NDArray& image) { return img_as(image, DType::float64); }
NDArray img_as_float(const NDArray& image) { return is_floating(image.dtype()) ? image : img_as_float64(image); }

}  // namespace cupix::util
