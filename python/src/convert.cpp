#include "convert.hpp"

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include "cupix/core.hpp"

namespace cupix::python {

namespace {

// Capsule owners may drop their last reference from any thread (the GIL is released while cupix
// computes), and producers' deleters touch Python objects, so run them under the GIL.
template <class Managed>
std::shared_ptr<void> gil_owner(Managed* m) {
  return std::shared_ptr<void>(m, [](void* p) {
    nb::gil_scoped_acquire gil;
    auto* t = static_cast<Managed*>(p);
    if (t->deleter) t->deleter(t);
  });
}

template <class Managed>
void capsule_destructor(PyObject* capsule, const char* name) {
  // A consumer renames the capsule when it takes ownership; only unconsumed tensors are ours to free.
  if (!PyCapsule_IsValid(capsule, name)) return;
  auto* m = static_cast<Managed*>(PyCapsule_GetPointer(capsule, name));
  if (m && m->deleter) m->deleter(m);
}

}  // namespace

DType parse_dtype(const std::string& n) {
  static const std::pair<const char*, DType> names[] = {
      {"bool", DType::bool_},     {"uint8", DType::uint8},     {"uint16", DType::uint16},
      {"uint32", DType::uint32},  {"uint64", DType::uint64},   {"int8", DType::int8},
      {"int16", DType::int16},    {"int32", DType::int32},     {"int64", DType::int64},
      {"float16", DType::float16}, {"float32", DType::float32}, {"float64", DType::float64},
      {"complex64", DType::complex64}, {"complex128", DType::complex128}};
  for (const auto& [k, v] : names)
    if (n == k) return v;
  throw TypeError("dtype " + n + " is not supported by cupix");
}

Array import_capsule(nb::handle capsule) {
  PyObject* c = capsule.ptr();
  if (PyCapsule_IsValid(c, "dltensor_versioned")) {
    auto* m = static_cast<dlpack::DLManagedTensorVersioned*>(PyCapsule_GetPointer(c, "dltensor_versioned"));
    PyCapsule_SetName(c, "used_dltensor_versioned");
    auto owner = gil_owner(m);
    if (m->version.major != dlpack::kVersion.major)
      throw ValueError("DLPack: unsupported major version " + std::to_string(m->version.major));
    return {from_dltensor(m->dl_tensor, std::move(owner)), 0, (m->flags & dlpack::kFlagReadOnly) != 0};
  }
  if (PyCapsule_IsValid(c, "dltensor")) {
    auto* m = static_cast<dlpack::DLManagedTensor*>(PyCapsule_GetPointer(c, "dltensor"));
    PyCapsule_SetName(c, "used_dltensor");
    auto owner = gil_owner(m);
    return {from_dltensor(m->dl_tensor, std::move(owner)), 0, false};
  }
  throw TypeError("expected an unconsumed DLPack capsule");
}

Array import_cuda_interface(std::uintptr_t ptr, const Shape& shape, const Shape& byte_strides, const std::string& typestr,
                            int device_id, bool readonly, nb::object owner) {
  if (typestr.size() < 3) throw TypeError("bad __cuda_array_interface__ typestr '" + typestr + "'");
  if (typestr[0] == '>' && typestr.substr(1) != "u1" && typestr.substr(1) != "i1" && typestr.substr(1) != "b1")
    throw TypeError("big-endian arrays are not supported");
  const char kind = typestr[1];
  const int bytes = std::stoi(typestr.substr(2));
  DType t;
  if (kind == 'b' && bytes == 1) t = DType::bool_;
  else if (kind == 'u') t = parse_dtype("uint" + std::to_string(8 * bytes));
  else if (kind == 'i') t = parse_dtype("int" + std::to_string(8 * bytes));
  else if (kind == 'f') t = parse_dtype("float" + std::to_string(8 * bytes));
  else if (kind == 'c') t = parse_dtype("complex" + std::to_string(8 * bytes));
  else throw TypeError("__cuda_array_interface__ typestr '" + typestr + "' is not supported");
  Shape strides;
  for (auto s : byte_strides) {
    if (s % bytes != 0) throw ValueError("strides that are not a multiple of the item size are not supported");
    strides.push_back(s / bytes);
  }
  auto* keep = new nb::object(std::move(owner));
  std::shared_ptr<void> holder(keep, [](void* p) {
    nb::gil_scoped_acquire gil;
    delete static_cast<nb::object*>(p);
  });
  return {NDArray(std::move(holder), reinterpret_cast<void*>(ptr), 0, t, shape, strides, Device::cuda(device_id)), 0,
          readonly};
}

void bind_array(nb::module_& m) {
  nb::class_<Array>(m, "Array", "An n-D array owned by cupix; exported zero-copy through DLPack.")
      .def_prop_ro("shape", [](const Array& a) { return nb::tuple(nb::cast(a.array.shape())); })
      .def_prop_ro("strides", [](const Array& a) { return nb::tuple(nb::cast(a.array.strides())); })
      .def_prop_ro("dtype", [](const Array& a) { return std::string(name(a.array.dtype())); })
      .def_prop_ro("device", [](const Array& a) { return a.array.device().str(); })
      .def_prop_ro("readonly", [](const Array& a) { return a.readonly; })
      .def("__dlpack_device__",
           [](const Array& a) {
             const auto d = to_dl_device(a.array.device());
             return std::make_tuple(static_cast<int>(d.device_type), static_cast<int>(d.device_id));
           })
      .def(
          "__dlpack__",
          [](const Array& a, nb::object stream, std::optional<std::tuple<int, int>> max_version, nb::object dl_device,
             nb::object copy) -> nb::object {
            NDArray out = a.array;
            if (!copy.is_none() && nb::cast<bool>(copy)) out = out.copy();
            if (!dl_device.is_none()) {
              auto [type, id] = nb::cast<std::tuple<int, int>>(dl_device);
              const auto d = to_dl_device(out.device());
              if (type != d.device_type || id != d.device_id) throw nb::buffer_error("cupix cannot export to another device");
            }
            if (!stream.is_none() && out.device().is_cuda()) {
              // The consumer reads on its stream: make it wait for the stream that wrote the data.
              const auto s = nb::cast<std::intptr_t>(stream);
              if (s != -1) {
                const std::uintptr_t producer = a.stream == 0 ? 1 : a.stream;  // 0 and 1: legacy default
                if (static_cast<std::uintptr_t>(s) != producer)
                  stream_wait(Stream{reinterpret_cast<void*>(s)}, Stream{reinterpret_cast<void*>(a.stream)});
              }
            }
            if (max_version && std::get<0>(*max_version) >= 1) {
              auto* t = to_dlpack_versioned(out);
              if (a.readonly) t->flags |= dlpack::kFlagReadOnly;
              return nb::steal(PyCapsule_New(t, "dltensor_versioned", [](PyObject* c) {
                capsule_destructor<dlpack::DLManagedTensorVersioned>(c, "dltensor_versioned");
              }));
            }
            auto* t = to_dlpack(out);
            return nb::steal(PyCapsule_New(t, "dltensor", [](PyObject* c) {
              capsule_destructor<dlpack::DLManagedTensor>(c, "dltensor");
            }));
          },
          nb::kw_only(), nb::arg("stream") = nb::none(), nb::arg("max_version") = nb::none(),
          nb::arg("dl_device") = nb::none(), nb::arg("copy") = nb::none());

  m.def("from_dlpack", &import_capsule, nb::arg("capsule"), "Wrap a DLPack capsule without copying.");
  m.def("from_cuda_array_interface", &import_cuda_interface, nb::arg("ptr"), nb::arg("shape"), nb::arg("strides"),
        nb::arg("typestr"), nb::arg("device_id"), nb::arg("readonly"), nb::arg("owner"));
}

CallStream to_stream(const nb::object& stream) {
  if (nb::isinstance<nb::tuple>(stream)) {
    auto t = nb::borrow<nb::tuple>(stream);
    return {nb::cast<std::uintptr_t>(t[0]), nb::borrow(t[1])};
  }
  return {nb::cast<std::uintptr_t>(stream), nb::none()};
}

NDArray keep_stream_alive(NDArray a, const nb::object& stream_owner) {
  if (stream_owner.is_none() || !a.device().is_cuda()) return a;
  struct Holder {
    std::shared_ptr<void> memory;
    nb::object stream;
  };
  auto* h = new Holder{a.owner(), stream_owner};
  std::shared_ptr<void> owner(h, [](void* p) {
    auto* holder = static_cast<Holder*>(p);
    holder->memory.reset();
    nb::gil_scoped_acquire gil;
    delete holder;
  });
  return NDArray(std::move(owner), a.base(), a.byte_offset(), a.dtype(), a.shape(), a.strides(), a.device());
}

}  // namespace cupix::python
