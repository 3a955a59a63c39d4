// read_file_to_device: file bytes into GPU memory through cuFile (loaded at run time), or through
// O_DIRECT reads into two pinned buffers, each copied to the GPU while the other is read.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "cupix/core/error.hpp"
#include "cupix/core/stream.hpp"
#include "cupix/io.hpp"
#include "io/pinned_staging.hpp"

#if CUPIX_WITH_CUDA
#include "core/cuda_check.hpp"
#include "core/device_guard.hpp"
#if CUPIX_WITH_CUFILE
#include <cufile.h>

#include "io/dynamic_library.hpp"
#endif
#endif

namespace cupix::io {

#if CUPIX_WITH_CUDA
namespace {

// A file descriptor closed on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

#if CUPIX_WITH_CUFILE
struct CuFile {
  decltype(&cuFileDriverOpen) driver_open = nullptr;
  decltype(&cuFileHandleRegister) handle_register = nullptr;
  decltype(&cuFileHandleDeregister) handle_deregister = nullptr;
  decltype(&cuFileRead) read = nullptr;
  bool ok = false;  // loaded, and its driver opened (GPUDirect Storage or compatibility mode)
};

const CuFile& cufile() {
  static const CuFile c = [] {
    CuFile c;
    if (!cuda_available()) return c;
    void* lib = detail::load_library({"libcufile.so.0", "libcufile.so", "/usr/local/cuda/lib64/libcufile.so.0"});
    c.ok = lib && detail::find_function(lib, "cuFileDriverOpen", c.driver_open) &&
           detail::find_function(lib, "cuFileHandleRegister", c.handle_register) &&
           detail::find_function(lib, "cuFileHandleDeregister", c.handle_deregister) &&
           detail::find_function(lib, "cuFileRead", c.read) && c.driver_open().err == CU_FILE_SUCCESS;
    return c;
  }();
  return c;
}

// Reads through cuFile; false (nothing read) when cuFile refuses this file or memory, so that
// the caller falls back to pinned reads.
bool read_with_cufile(int fd, std::uint8_t* dst, std::int64_t offset, std::int64_t size) {
  CUfileDescr_t descr{};
  descr.type = CU_FILE_HANDLE_TYPE_OPAQUE_FD;
  descr.handle.fd = fd;
  CUfileHandle_t handle;
  if (cufile().handle_register(&handle, &descr).err != CU_FILE_SUCCESS) return false;
  std::int64_t done = 0;
  while (done < size) {
    const ssize_t got = cufile().read(handle, dst, static_cast<std::size_t>(size - done), offset + done, done);
    if (got <= 0) break;
    done += got;
  }
  cufile().handle_deregister(handle);
  if (done == 0 && size > 0) return false;
  if (done < size) throw IOError("cuFile read " + std::to_string(done) + " of " + std::to_string(size) + " bytes");
  return true;
}
#endif

// CUPIX_CUFILE=0 turns cuFile off (to compare the two ways).
bool cufile_loaded() {
#if CUPIX_WITH_CUFILE
  const char* env = std::getenv("CUPIX_CUFILE");
  return cufile().ok && !(env && std::string(env) == "0");
#else
  return false;
#endif
}

// Chunks of 16 MiB: large enough for the disk's full rate, small enough that reading one while
// the other copies keeps both busy.
constexpr std::int64_t kChunk = std::int64_t{16} << 20;
constexpr std::int64_t kAlign = 4096;  // O_DIRECT's offset, length and address alignment

// False when the file system refuses O_DIRECT reads (the caller then reads through the cache).
bool read_with_pinned(int fd, bool direct, const std::string& path, std::uint8_t* dst, std::int64_t offset,
                      std::int64_t size, Device device) {
  const auto stream = static_cast<cudaStream_t>(current_stream().handle);
  std::unique_ptr<detail::PinnedBuffer> buffers[2];
  std::int64_t done = 0;
  for (int k = 0; done < size; ++k) {
    auto& buffer = buffers[k % 2];
    // The buffer's last copy must finish before it is refilled: handing it back and taking a
    // fresh one from the pool waits for exactly that.
    buffer.reset();
    buffer = std::make_unique<detail::PinnedBuffer>(static_cast<std::size_t>(kChunk + kAlign), device);
    const std::int64_t want_from = offset + done;
    const std::int64_t from = direct ? want_from / kAlign * kAlign : want_from;
    const std::int64_t skip = want_from - from;
    const std::int64_t take = std::min(kChunk - skip, size - done);
    std::int64_t length = skip + take;
    if (direct) length = (length + kAlign - 1) / kAlign * kAlign;
    std::int64_t got = 0;
    while (got < skip + take) {
      const ssize_t r = ::pread(fd, buffer->data() + got, static_cast<std::size_t>(length - got), from + got);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0 && errno == EINVAL && direct) return false;
      if (r < 0) throw IOError("reading " + path + " failed: " + std::strerror(errno));
      if (r == 0) throw IOError(path + " ended before the range read from it");
      got += r;
      if (direct && got % kAlign != 0) break;  // the end of the file
    }
    if (got < skip + take) throw IOError(path + " ended before the range read from it");
    CUPIX_CUDA_CHECK(cudaMemcpyAsync(dst + done, buffer->data() + skip, static_cast<std::size_t>(take),
                                     cudaMemcpyHostToDevice, stream));
    done += take;
  }
  return true;
}

}  // namespace

NDArray read_file_to_device(const std::string& path, std::int64_t offset, std::int64_t size, Device device) {
  if (!device.is_cuda()) throw ValueError("read_file_to_device reads to a GPU, not to " + device.str());
  if (offset < 0 || size < 0) throw ValueError("offset and size must not be negative");
  if (!cuda_available()) throw NotSupported("no GPU is available");
  if (device.id >= cuda_device_count()) throw ValueError("there is no GPU " + device.str());
  Fd plain{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (plain.fd < 0) throw IOError("cannot open " + path + ": " + std::strerror(errno));
  const off_t end = ::lseek(plain.fd, 0, SEEK_END);
  if (end < 0) throw IOError(path + " is not a file that can be read at offsets");
  if (offset > end || size > end - offset)
    throw IOError(path + " has " + std::to_string(end) + " bytes; " + std::to_string(size) + " at offset " +
                  std::to_string(offset) + " lie past its end");
  cupix::detail::DeviceGuard guard(device);
  NDArray out = NDArray::empty({size}, DType::uint8, device);
  if (size == 0) return out;
  // O_DIRECT skips the page cache, as GPUDirect does; file systems without it (tmpfs) read
  // through the cache.
  Fd direct{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECT)};
#if CUPIX_WITH_CUFILE
  if (cufile_loaded() && direct.fd >= 0) {
    // cuFile writes from outside the stream: the memory must be allocated before it starts.
    CUPIX_CUDA_CHECK(cudaStreamSynchronize(static_cast<cudaStream_t>(current_stream().handle)));
    if (read_with_cufile(direct.fd, out.data_as<std::uint8_t>(), offset, size)) return out;
  }
#endif
  auto* dst = out.data_as<std::uint8_t>();
  if (direct.fd < 0 || !read_with_pinned(direct.fd, true, path, dst, offset, size, device))
    read_with_pinned(plain.fd, false, path, dst, offset, size, device);
  return out;
}

std::string file_to_device_method() { return cufile_loaded() ? "cufile" : "pinned"; }
#else
NDArray read_file_to_device(const std::string&, std::int64_t, std::int64_t, Device) {
  throw NotSupported("cupix was built without the CUDA backend");
}
std::string file_to_device_method() { throw NotSupported("cupix was built without the CUDA backend"); }
#endif

}  // namespace cupix::io
