// libFuzzer target for cupix::io: the input is a whole file. Opening it, reading its properties,
// regions of its first and last levels (RGBA and RGB, single and batched, and every channel as
// stored) and its associated
// images must either work or throw cupix::Error, never crash, leak, hang or read out of bounds
// (AddressSanitizer and UBSan watch). Built by the `fuzz` preset (clang); scripts/fuzz runs it.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string>

#include "cupix/core/error.hpp"
#include "cupix/io.hpp"

namespace {

void exercise(const std::string& path) {
  using cupix::io::ReadOptions;
  (void)cupix::io::Slide::detect_vendor(path);
  const auto slide = cupix::io::Slide::open(path);
  (void)slide.properties();
  (void)slide.best_level_for_downsample(3.7);
  const auto& levels = slide.levels();
  for (int level : {0, slide.level_count() - 1}) {
    const auto& l = levels[static_cast<std::size_t>(level)];
    const auto x = static_cast<std::int64_t>(l.width * l.downsample / 2), y = static_cast<std::int64_t>(l.height * l.downsample / 3);
    (void)slide.read_region(x, y, level, 70, 45, ReadOptions{.threads = 1});
    (void)slide.read_region(-5, -7, level, 33, 20, ReadOptions{.channels = 3, .fill = 9, .threads = 1});
    (void)slide.read_regions({0, 0, x, y}, level, 40, 40, ReadOptions{.threads = 1}, 2);
    (void)slide.read_region_raw(x - 9, y, level, 50, 30);
  }
  for (const auto& name : slide.associated_image_names()) (void)slide.read_associated_image(name);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const int fd = memfd_create("cupix-fuzz.tif", 0);
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  if (fd < 0 || ftruncate(fd, 0) != 0) return 0;
  for (std::size_t done = 0; done < size;) {
    const ssize_t n = pwrite(fd, data + done, size - done, static_cast<off_t>(done));
    if (n <= 0) return 0;
    done += static_cast<std::size_t>(n);
  }
  try {
    exercise(path);
  } catch (const cupix::Error&) {
    // a clear error is the expected answer to a bad file
  }
  return 0;
}
