// A file read by positional reads (pread): no file position is shared, so threads read one File
// at once without locks.
#pragma once
#include <cstdint>
#include <string>

namespace cupix::io::detail {

class File {
 public:
  explicit File(const std::string& path);  // throws IOError
  ~File();
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  std::uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }
  // Reads exactly n bytes at offset into dst; `what` names them in the error when the file is
  // shorter or the read fails.
  void read(std::uint64_t offset, std::uint64_t n, void* dst, const char* what) const;

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace cupix::io::detail
