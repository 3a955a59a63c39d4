#include "cupix/ndimage/output.hpp"

#include "cupix/core/error.hpp"

namespace cupix::ndimage {

NDArray resolve_output(const Output& output, const NDArray& input, const Shape& shape) {
  if (const auto* array = std::get_if<NDArray>(&output)) {
    if (array->shape() != shape) throw RuntimeError("output shape not correct");
    if (array->device().is_cuda() != input.device().is_cuda() ||
        (input.device().is_cuda() && array->device().id != input.device().id))
      throw ValueError("output is on " + array->device().str() + " but the input is on " + input.device().str());
    return *array;
  }
  const DType dtype = std::holds_alternative<DType>(output) ? std::get<DType>(output) : input.dtype();
  return NDArray::empty(shape, dtype, input.device());
}

}  // namespace cupix::ndimage
