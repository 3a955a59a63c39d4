// What a Slide holds (shared by slide.cpp and the GPU reads in slide_device.cpp).
#pragma once
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

// Regions read onto a GPU: JPEG tiles decoded by nvJPEG where options.decoder allows and
// Slide::nvjpeg_applies, otherwise `read_host` fills pinned memory that is copied over.
NDArray read_regions_on_device(const Slide::Impl& slide, bool use_nvjpeg, const std::vector<std::int64_t>& xy,
                               int level, std::int64_t w, std::int64_t h, const ReadOptions& options, int threads,
                               const std::function<void(const NDArray& host)>& read_host);

}  // namespace detail
}  // namespace cupix::io
