// One exception hierarchy for all of cupix. The Python bindings map each class to the Python
// exception scikit-image/SciPy raise in the same situation (see python/src/module.cpp).
#pragma once
#include <stdexcept>
#include <string>

namespace cupix {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A value is out of range or inconsistent (Python ValueError).
struct ValueError : Error {
  using Error::Error;
};
// An argument has the wrong type or dtype (Python TypeError).
struct TypeError : Error {
  using Error::Error;
};
// An axis index is out of range (Python numpy.exceptions.AxisError, a ValueError and IndexError).
struct AxisError : ValueError {
  using ValueError::ValueError;
};
// SciPy raises RuntimeError for some argument errors (e.g. unknown boundary mode); we follow it.
struct RuntimeError : Error {
  using Error::Error;
};
// Host or device memory could not be allocated (Python MemoryError).
struct OutOfMemory : Error {
  using Error::Error;
};
// A file could not be read or is malformed (Python OSError).
struct IOError : Error {
  using Error::Error;
};
// A CUDA runtime call failed (Python RuntimeError).
struct CudaError : Error {
  using Error::Error;
};
// The operation is not available in this build or on this device (Python NotImplementedError).
struct NotSupported : Error {
  using Error::Error;
};

}  // namespace cupix
