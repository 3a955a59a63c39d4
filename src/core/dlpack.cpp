#include "cupix/core/dlpack.hpp"

#include "cupix/core/error.hpp"

namespace cupix {

namespace {

using namespace dlpack;

DType dtype_from(DLDataType t) {
  if (t.lanes != 1) throw TypeError("DLPack: vector dtypes (lanes=" + std::to_string(t.lanes) + ") are not supported");
  switch (t.code) {
    case kDLBool:
      if (t.bits == 8) return DType::bool_;
      break;
    case kDLUInt:
      switch (t.bits) {
        case 8: return DType::uint8;
        case 16: return DType::uint16;
        case 32: return DType::uint32;
        case 64: return DType::uint64;
      }
      break;
    case kDLInt:
      switch (t.bits) {
        case 8: return DType::int8;
        case 16: return DType::int16;
        case 32: return DType::int32;
        case 64: return DType::int64;
      }
      break;
    case kDLFloat:
      switch (t.bits) {
        case 16: return DType::float16;
        case 32: return DType::float32;
        case 64: return DType::float64;
      }
      break;
    case kDLComplex:
      switch (t.bits) {
        case 64: return DType::complex64;
        case 128: return DType::complex128;
      }
      break;
    default: break;
  }
  const char* kind = t.code == kDLComplex ? "complex" : t.code == kDLBfloat ? "bfloat" : "type code ";
  throw TypeError("DLPack: unsupported dtype (" + std::string(kind) +
                  (t.code == kDLComplex || t.code == kDLBfloat ? "" : std::to_string(t.code)) +
                  ", " + std::to_string(t.bits) + " bits)");
}

DLDataType dl_dtype(DType t) {
  const auto bits = static_cast<std::uint8_t>(8 * itemsize(t));
  if (t == DType::bool_) return {kDLBool, 8, 1};
  if (is_floating(t)) return {kDLFloat, bits, 1};
  if (is_complex(t)) return {kDLComplex, bits, 1};
  return {is_signed(t) ? static_cast<std::uint8_t>(kDLInt) : static_cast<std::uint8_t>(kDLUInt), bits, 1};
}

Device device_from(DLDevice d) {
  switch (d.device_type) {
    case kDLCPU: return Device::cpu();
    case kDLCUDA: return Device::cuda(d.device_id);
    case kDLCUDAHost: return {DeviceKind::cuda_host, 0};
    default: break;
  }
  throw ValueError("DLPack: unsupported device type " + std::to_string(static_cast<int>(d.device_type)) +
                   " (cupix handles CPU, CUDA and CUDA pinned host memory)");
}

// What an exported tensor points at: a copy of the NDArray (keeping its memory alive) and the
// shape/strides arrays the DLTensor refers to.
struct ExportContext {
  NDArray array;
  Shape shape, strides;
};

template <class Managed>
Managed* export_tensor(const NDArray& a) {
  auto* ctx = new ExportContext{a, a.shape(), a.strides()};
  auto* m = new Managed{};
  DLTensor& t = m->dl_tensor;
  t.data = a.data();
  t.device = to_dl_device(a.device());
  t.ndim = a.ndim();
  t.dtype = dl_dtype(a.dtype());
  t.shape = ctx->shape.data();
  t.strides = ctx->strides.data();
  t.byte_offset = 0;
  m->manager_ctx = ctx;
  m->deleter = [](Managed* self) {
    delete static_cast<ExportContext*>(self->manager_ctx);
    delete self;
  };
  return m;
}

}  // namespace

DLDevice to_dl_device(Device d) {
  switch (d.kind) {
    case DeviceKind::cpu: return {kDLCPU, 0};
    case DeviceKind::cuda: return {kDLCUDA, d.id};
    case DeviceKind::cuda_host: return {kDLCUDAHost, 0};
  }
  return {kDLCPU, 0};
}

NDArray from_dltensor(const DLTensor& t, std::shared_ptr<void> owner) {
  const DType dtype = dtype_from(t.dtype);
  const Device device = device_from(t.device);
  if (t.ndim < 0) throw ValueError("DLPack: negative ndim");
  Shape shape(t.shape, t.shape + t.ndim);
  Shape strides = t.strides ? Shape(t.strides, t.strides + t.ndim) : Shape{};
  return NDArray(std::move(owner), t.data, static_cast<std::int64_t>(t.byte_offset), dtype, std::move(shape),
                 std::move(strides), device);
}

NDArray from_dlpack(DLManagedTensor* t) {
  if (!t) throw ValueError("DLPack: null tensor");
  std::shared_ptr<void> owner(t, [](void* p) {
    auto* m = static_cast<DLManagedTensor*>(p);
    if (m->deleter) m->deleter(m);
  });
  return from_dltensor(t->dl_tensor, std::move(owner));
}

NDArray from_dlpack(DLManagedTensorVersioned* t) {
  if (!t) throw ValueError("DLPack: null tensor");
  std::shared_ptr<void> owner(t, [](void* p) {
    auto* m = static_cast<DLManagedTensorVersioned*>(p);
    if (m->deleter) m->deleter(m);
  });
  if (t->version.major != kVersion.major)
    throw ValueError("DLPack: unsupported major version " + std::to_string(t->version.major));
  return from_dltensor(t->dl_tensor, std::move(owner));
}

DLManagedTensor* to_dlpack(const NDArray& a) { return export_tensor<DLManagedTensor>(a); }

DLManagedTensorVersioned* to_dlpack_versioned(const NDArray& a) {
  auto* m = export_tensor<DLManagedTensorVersioned>(a);
  m->version = kVersion;
  m->flags = 0;
  return m;
}

}  // namespace cupix
