// Python <-> NDArray without copies: DLPack capsules in and out, __cuda_array_interface__ in.
#pragma once
#include <nanobind/nanobind.h>

#include <cstdint>

#include "cupix/core/ndarray.hpp"
#include "cupix/core/stream.hpp"

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

// The caller's stream: its handle, and the Python object owning it (None for default streams).
struct CallStream {
  std::uintptr_t ptr = 0;
  nb::object owner;
};
// From a `stream` argument: the handle alone, or (handle, owner).
CallStream to_stream(const nb::object& stream);

// GPU memory is freed stream-ordered on the stream it was allocated on, so a result must keep
// that stream alive: its owner also holds the stream's Python object, released after the memory.
NDArray keep_stream_alive(NDArray a, const nb::object& stream_owner);

// Runs f() on the caller's stream without the GIL.
template <class F>
auto on_stream(const CallStream& s, F&& f) {
  nb::gil_scoped_release nogil;
  StreamGuard guard(Stream{reinterpret_cast<void*>(s.ptr)});
  return f();
}

inline Array wrap(NDArray a, const CallStream& s) { return {keep_stream_alive(std::move(a), s.owner), s.ptr, false}; }

// Runs f() on the caller's stream without the GIL and wraps its result.
template <class F>
Array run(const nb::object& stream, F&& f) {
  const CallStream s = to_stream(stream);
  return wrap(on_stream(s, std::forward<F>(f)), s);
}

void bind_array(nb::module_& m);

}  // namespace cupix::python
