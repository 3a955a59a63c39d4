// Picks the backend from where the data lives. Algorithms are templates on a backend tag
// (backends::Cpu or backends::Cuda), defined once in src/kernels or next to the algorithm, and
// instantiated once per backend: in a .cpp file for Cpu and in a .cu file for Cuda. Callers only
// need the declarations, so plain C++ files can call CUDA instantiations.
#pragma once
#include "core/device_guard.hpp"
#include "cupix/core/device.hpp"
#include "cupix/core/error.hpp"

namespace cupix::backends {

struct Cpu;
struct Cuda;

template <class B>
struct Tag {
  using type = B;
};

// Calls f(Tag<Cpu>{}) or f(Tag<Cuda>{}) for `device`, with that GPU current for the call.
template <class F>
decltype(auto) with_backend(Device device, F&& f) {
  if (device.kind != DeviceKind::cuda) return f(Tag<Cpu>{});
#if CUPIX_WITH_CUDA
  detail::DeviceGuard guard(device);
  return f(Tag<Cuda>{});
#else
  throw NotSupported("the array is on " + device.str() + " but cupix was built without CUDA");
#endif
}

}  // namespace cupix::backends
