// Libraries cupix uses where they exist (nvJPEG, cuFile), loaded at run time so that neither the
// build nor a machine without them needs them.
#pragma once
#include <dlfcn.h>

#include <initializer_list>

namespace cupix::io::detail {

// The first of `names` that loads (sonames, then a path in the CUDA toolkit), or null.
inline void* load_library(std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (void* lib = dlopen(name, RTLD_NOW | RTLD_LOCAL)) return lib;
  return nullptr;
}

// Points `fn` at the library's function `name`; false when the library lacks it.
template <class F>
bool find_function(void* lib, const char* name, F& fn) {
  fn = reinterpret_cast<F>(dlsym(lib, name));
  return fn != nullptr;
}

}  // namespace cupix::io::detail
