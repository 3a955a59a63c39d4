// What a Slide holds (shared by slide.cpp and the GPU reads in slide_device.cpp).
#pragma once
#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "cupix/io.hpp"
#include "io/file.hpp"
#include "io/vendor.hpp"

namespace cupix::io {

struct Slide::Impl {
  std::unique_ptr<detail::File> file;
  std::vector<detail::Directory> dirs;
  std::deque<detail::Directory> embedded;  // images outside the directories (Philips' XML label)
  detail::Layout layout;
  std::vector<Level> levels;
};

namespace detail {

// OpenSlide's rule for a region starting left of or above the slide: the part before 0 is skipped
// whole level pixels at a time (truncated; at most the region's `extent`), and the rest is read
// from 0. Returns the level pixels skipped and sets a negative level-0 position `v` to 0.
inline std::int64_t skip_before_zero(std::int64_t& v, double downsample, std::int64_t extent) {
  if (v >= 0) return 0;
  const std::int64_t skip = std::min(static_cast<std::int64_t>(double(-v) / downsample), extent);
  v = 0;
  return skip;
}

// Regions read onto a GPU: JPEG tiles decoded by nvJPEG where options.decoder allows and
// Slide::nvjpeg_applies, otherwise `read_host` fills pinned memory that is copied over.
NDArray read_regions_on_device(const Slide::Impl& slide, bool use_nvjpeg, const std::vector<std::int64_t>& xy,
                               int level, std::int64_t w, std::int64_t h, const ReadOptions& options, int threads,
                               const std::function<void(const NDArray& host)>& read_host);

}  // namespace detail
}  // namespace cupix::io
