// Python <-> NDArray without copies: DLPack capsules in and out, __cuda_array_interface__ in.
#pragma once
#include <nanobind/nanobind.h>

#include <cstdint>

#include "cupix/core/ndarray.hpp"

namespace cupix::python {

namespace nb = nanobind;

// What Python holds: an NDArray, the stream that produced it, and whether it may be written.
struct Array {
  NDArray array;
  std::uintptr_t stream = 0;  // cudaStream_t of the producing call (0: legacy default)
  bool readonly = false;
};

// Takes ownership of a "dltensor" or "dltensor_versioned" capsule (renaming it "used_...").
Array import_capsule(nb::handle capsule);
// Wraps raw device memory described by __cuda_array_interface__; `owner` is kept alive.
Array import_cuda_interface(std::uintptr_t ptr, const Shape& shape, const Shape& byte_strides, const std::string& typestr,
                            int device_id, bool readonly, nb::object owner);
DType parse_dtype(const std::string& name);

void bind_array(nb::module_& m);

}  // namespace cupix::python
