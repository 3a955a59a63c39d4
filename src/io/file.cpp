#include "io/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cupix/core/error.hpp"

namespace cupix::io::detail {

File::File(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw IOError("cannot open " + path + ": " + std::strerror(errno));
  struct stat st{};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd_);
    throw IOError(path + " is not a regular file");
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
}

File::~File() { ::close(fd_); }

void File::read(std::uint64_t offset, std::uint64_t n, void* dst, const char* what) const {
  if (offset > size_ || n > size_ - offset)
    throw IOError(path_ + ": " + what + " (" + std::to_string(n) + " bytes at offset " + std::to_string(offset) +
                  ") lies past the end of the file (" + std::to_string(size_) + " bytes); the file is truncated or corrupt");
  auto* p = static_cast<char*>(dst);
  while (n > 0) {
    const ssize_t got = ::pread(fd_, p, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) throw IOError(path_ + ": reading " + what + " failed: " + (got < 0 ? std::strerror(errno) : "end of file"));
    p += got;
    offset += static_cast<std::uint64_t>(got);
    n -= static_cast<std::uint64_t>(got);
  }
}

}  // namespace cupix::io::detail
