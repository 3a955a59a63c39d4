// Slide: open (directories, vendor layout, level properties) and read_region (tiles decoded and
// copied into the region; OpenSlide's transparent pixels outside the level).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <functional>
#include <exception>
#include <memory>

#include <omp.h>

#include "cupix/core/error.hpp"
#include "cupix/io.hpp"
#include "io/buffer_pool.hpp"
#include "io/file.hpp"
#include "io/paint.hpp"
#include "io/quickhash.hpp"
#include "io/slide_impl.hpp"
#include "io/vendor.hpp"

namespace cupix::io {

namespace {

using detail::Directory;

void check_readable(const Directory& d, const std::string& what) {
  if (d.width <= 0 || d.height <= 0 || d.tile_width <= 0 || d.tile_height <= 0)
    throw IOError(what + " has no pixels or no tile size");
  // A tile of more than 256 MiB is a corrupt header, not an image.
  if (d.tile_width > (1 << 16) || d.tile_height > (1 << 26) || d.tile_bytes() > (std::int64_t(1) << 28))
    throw IOError(what + " has tiles of " + std::to_string(d.tile_width) + "x" + std::to_string(d.tile_height) +
                  " pixels, too large to be real");
  const std::int64_t planes = d.planar ? d.samples_per_pixel : 1;
  const auto expected = static_cast<std::uint64_t>(d.tiles_across() * d.tiles_down() * planes);
  if (d.offsets.size() != expected || d.byte_counts.size() != expected)
    throw IOError(what + " lists " + std::to_string(d.offsets.size()) + " tiles where its size needs " +
                  std::to_string(expected));
}

}  // namespace

Slide Slide::open(const std::string& path) {
  auto impl = std::make_shared<Impl>();
  impl->file = std::make_unique<detail::File>(path);
  impl->dirs = detail::read_directories(path);
  impl->layout = detail::detect_layout(impl->dirs, impl->embedded);
  if (impl->layout.vendor.empty())
    throw NotSupported(path + " is not a slide cupix can read: it is a TIFF without tiled images");
  auto& props = impl->layout.properties;
  const Directory& base = *impl->layout.levels.front();
  for (std::size_t i = 0; i < impl->layout.levels.size(); ++i) {
    const Directory& d = *impl->layout.levels[i];
    check_readable(d, path + ": level " + std::to_string(i));
    Level l{d.width, d.height, 1.0, d.tile_width, d.tile_height};
    if (!impl->layout.geometry.empty()) l = impl->layout.geometry[i];
    else if (i > 0) l.downsample = (double(base.height) / d.height + double(base.width) / d.width) / 2;
    if (i > 0 && l.downsample < impl->levels.back().downsample)
      throw NotSupported(path + ": level " + std::to_string(i) + " is larger than level " + std::to_string(i - 1) +
                         "; OpenSlide rejects such files as well");
    impl->levels.push_back(l);
    const std::string key = "openslide.level[" + std::to_string(i) + "].";
    props[key + "width"] = std::to_string(l.width);
    props[key + "height"] = std::to_string(l.height);
    props[key + "downsample"] = detail::format_property(l.downsample);
    props[key + "tile-width"] = std::to_string(l.tile_width);
    props[key + "tile-height"] = std::to_string(l.tile_height);
  }
  props["openslide.level-count"] = std::to_string(impl->levels.size());
  for (const auto& [name, d] : impl->layout.associated) check_readable(*d, path + ": associated image " + name);
  for (std::size_t i = 0; i < impl->layout.planes.size(); ++i)
    for (const Directory* p : impl->layout.planes[i]) {
      check_readable(*p, path + ": a channel plane of level " + std::to_string(i));
      const Directory& first = *impl->layout.planes[i][0];
      if (p->width != first.width || p->height != first.height || p->bits_per_sample != first.bits_per_sample ||
          p->sample_format != first.sample_format)
        throw NotSupported(path + ": the channel planes of level " + std::to_string(i) + " differ in size or type");
    }
  if (auto hash = detail::quickhash(*impl->file, *impl->layout.levels.back(), impl->dirs[0]))
    props["openslide.quickhash-1"] = *hash;
  Slide s;
  s.impl_ = std::move(impl);
  return s;
}

std::string Slide::detect_vendor(const std::string& path) {
  detail::File file(path);  // a missing file is an IOError, not "no vendor"
  auto dirs = detail::read_directories(path);
  std::deque<detail::Directory> embedded;
  return detail::detect_layout(dirs, embedded).vendor;
}

const std::vector<Level>& Slide::levels() const { return impl_->levels; }
const std::map<std::string, std::string>& Slide::properties() const { return impl_->layout.properties; }

std::vector<std::string> Slide::associated_image_names() const {
  std::vector<std::string> names;
  for (const auto& a : impl_->layout.associated) names.push_back(a.first);
  return names;
}

int Slide::best_level_for_downsample(double downsample) const {
  const auto& ls = impl_->levels;
  if (downsample < ls[0].downsample) return 0;
  for (std::size_t i = 1; i < ls.size(); ++i)
    if (downsample < ls[i].downsample) return static_cast<int>(i - 1);
  return static_cast<int>(ls.size() - 1);
}

namespace {

// Reads write straight into `out`: it must be exactly the region's pixels, contiguous, on the CPU.
void check_out(const NDArray& out, const Shape& shape) {
  if (out.dtype() != DType::uint8 || out.device().is_cuda() || out.shape() != shape || !out.is_c_contiguous())
    throw ValueError(std::string("out must be a C-contiguous uint8 CPU array of shape ") +
                     (shape.size() == 4 ? "(n, h, w, channels)" : "(h, w, channels)"));
}

void check_size(std::int64_t w, std::int64_t h) {
  if (w < 0 || h < 0) throw ValueError("negative width (" + std::to_string(w) + ") or height (" + std::to_string(h) + ")");
  if (w > 0 && h > (std::int64_t(1) << 40) / w) throw ValueError("region is too large");
}

void check_level(int level, int count) {
  if (level < 0 || level >= count)
    throw ValueError("level " + std::to_string(level) + " is out of range (the slide has " + std::to_string(count) +
                     " levels)");
}

void check_region(std::int64_t w, std::int64_t h, int channels) {
  check_size(w, h);
  if (channels != 3 && channels != 4) throw ValueError("channels must be 3 (RGB) or 4 (RGBA)");
}

}  // namespace

NDArray Slide::read_region(std::int64_t x, std::int64_t y, int level, std::int64_t w, std::int64_t h,
                           const ReadOptions& options) const {
  check_region(w, h, options.channels);
  if (options.device.kind != DeviceKind::cpu) {  // one region of a batch on the GPU
    return read_regions({x, y}, level, w, h, options, options.threads).reshape({h, w, options.channels});
  }
  NDArray out = NDArray::empty({h, w, options.channels}, DType::uint8);
  read_region_into(x, y, level, w, h, out, options);
  return out;
}

void Slide::read_region_into(std::int64_t x, std::int64_t y, int level, std::int64_t w, std::int64_t h,
                             const NDArray& out, const ReadOptions& options) const {
  check_region(w, h, options.channels);
  check_level(level, level_count());
  check_out(out, {h, w, options.channels});
  const double ds = impl_->levels[level].downsample;
  const std::int64_t tx = detail::skip_before_zero(x, ds, w), ty = detail::skip_before_zero(y, ds, h);
  auto* dst = out.data_as<std::uint8_t>();
  const std::int64_t row_stride = w * options.channels;
  if (tx > 0 || ty > 0) detail::paint_outside(dst, row_stride, w, h, options);
  detail::paint_region(*impl_->file, *impl_->layout.levels[level], x / ds, y / ds, w - tx, h - ty,
                       dst + ty * row_stride + tx * options.channels, row_stride, options);
}

void Slide::read_regions_into(const std::vector<std::int64_t>& xy, int level, std::int64_t w, std::int64_t h,
                              const NDArray& out, const ReadOptions& options, int threads) const {
  check_region(w, h, options.channels);
  if (threads <= 0) threads = omp_get_max_threads();
  const auto n = static_cast<std::int64_t>(xy.size() / 2);
  if (xy.size() % 2 != 0) throw ValueError("locations must be (x, y) pairs");
  check_out(out, {n, h, w, options.channels});
  check_level(level, level_count());
  const std::int64_t region_bytes = h * w * options.channels;
  auto* base = out.data_as<std::uint8_t>();
  // Regions at whole pixels of the level and inside it go tile by tile together (paint_regions);
  // the others region by region.
  const detail::Directory& d = *impl_->layout.levels[static_cast<std::size_t>(level)];
  const double ds = impl_->levels[static_cast<std::size_t>(level)].downsample;
  std::vector<std::int64_t> rest, tiled_xy;
  std::vector<std::uint8_t*> tiled_out;
  for (std::int64_t i = 0; i < n; ++i) {
    const double lx = double(xy[2 * i]) / ds, ly = double(xy[2 * i + 1]) / ds;
    if (w > 0 && h > 0 && lx == std::floor(lx) && ly == std::floor(ly) && lx >= 0 && ly >= 0 &&
        lx + double(w) <= double(d.shown_width()) && ly + double(h) <= double(d.shown_height())) {
      tiled_xy.push_back(static_cast<std::int64_t>(lx));
      tiled_xy.push_back(static_cast<std::int64_t>(ly));
      tiled_out.push_back(base + i * region_bytes);
    } else {
      rest.push_back(i);
    }
  }
  std::exception_ptr error;  // the first failure, rethrown once every region was tried
  try {
    if (!tiled_out.empty())
      detail::paint_regions(*impl_->file, d, tiled_xy, w, h, tiled_out, w * options.channels, options, threads);
  } catch (...) {
    error = std::current_exception();
  }
  ReadOptions one_thread = options;  // the threads share out the regions, each region one thread
  one_thread.threads = 1;
  // Each thread takes runs of neighbouring regions: neighbours share tiles, and two threads that
  // want one tile at once would wait for each other (the cache decodes a tile once). Four runs
  // per thread balance the load.
  const auto others = static_cast<std::int64_t>(rest.size());
  const std::int64_t run = std::max<std::int64_t>(1, others / (4 * std::int64_t{threads}));
#pragma omp parallel for schedule(dynamic, run) num_threads(threads) if (threads > 1 && others > 1)
  for (std::int64_t k = 0; k < others; ++k) {
    const std::int64_t i = rest[static_cast<std::size_t>(k)];
    try {
      const NDArray one(out.owner(), out.base(), out.byte_offset() + i * region_bytes, DType::uint8,
                        {h, w, options.channels}, {}, out.device());
      read_region_into(xy[2 * i], xy[2 * i + 1], level, w, h, one, one_thread);
    } catch (...) {
#pragma omp critical(cupix_io_regions_error)
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
}

NDArray Slide::read_regions(const std::vector<std::int64_t>& xy, int level, std::int64_t w, std::int64_t h,
                            const ReadOptions& options, int threads) const {
  check_region(w, h, options.channels);
  const auto n = static_cast<std::int64_t>(xy.size() / 2);
  if (n > 0 && h * w * options.channels > (std::int64_t(1) << 40) / n) throw ValueError("regions are too large");
  if (xy.size() % 2 != 0) throw ValueError("locations must be (x, y) pairs");
  if (options.device.kind == DeviceKind::cuda_host) throw ValueError("regions are read to the CPU or to a GPU");
  if (options.device.is_cuda()) {
    check_level(level, level_count());
    bool nvjpeg = false;
    if (options.decoder != Decoder::cpu) {
      const bool applies = nvjpeg_applies(xy, level);
      if (options.decoder == Decoder::nvjpeg && !applies)
        throw NotSupported("nvJPEG cannot decode these regions: it takes JPEG tiles of 8-bit YCbCr, read at whole "
                           "pixels of the level (decoder 'auto' reads the others on the CPU)");
      if (options.decoder == Decoder::nvjpeg && !nvjpeg_available())
        throw NotSupported("nvJPEG is not available: cupix was built without nvjpeg.h, libnvjpeg was not found, "
                           "or no GPU is present");
      nvjpeg = applies && nvjpeg_available();
    }
    return detail::read_regions_on_device(*impl_, nvjpeg, xy, level, w, h, options, threads, [&](const NDArray& host) {
      if (n == 1) {  // one region: its tiles on all threads
        read_region_into(xy[0], xy[1], level, w, h, host.reshape({h, w, options.channels}), options);
      } else {
        read_regions_into(xy, level, w, h, host, options, threads);
      }
    });
  }
  std::shared_ptr<std::uint8_t[]> memory = detail::batch_buffers().get(static_cast<std::size_t>(n * h * w * options.channels));
  std::uint8_t* base = memory.get();
  const NDArray out(std::move(memory), base, 0, DType::uint8, {n, h, w, options.channels}, {}, Device::cpu());
  read_regions_into(xy, level, w, h, out, options, threads);
  return out;
}

bool Slide::nvjpeg_applies(const std::vector<std::int64_t>& xy, int level) const {
  check_level(level, level_count());
  const Directory& d = *impl_->layout.levels[static_cast<std::size_t>(level)];
  if (d.compression != detail::kJpeg || !d.tiled || d.planar || d.samples_per_pixel != 3 || d.bits_per_sample != 8 ||
      d.photometric != detail::kYCbCr || !d.repainted.empty() || d.memory)
    return false;
  const double ds = impl_->levels[static_cast<std::size_t>(level)].downsample;
  for (const std::int64_t v : xy) {  // a position left of or above the slide is read from 0
    const double p = double(v) / ds;
    if (v > 0 && std::floor(p) != p) return false;
  }
  return true;
}

namespace {

DType stored_dtype(const Directory& d) {
  const int bits = d.bits_per_sample;
  if (d.sample_format == 3) {
    if (bits == 16) return DType::float16;
    if (bits == 32) return DType::float32;
    if (bits == 64) return DType::float64;
  } else if (d.sample_format == 2) {
    if (bits == 8) return DType::int8;
    if (bits == 16) return DType::int16;
    if (bits == 32) return DType::int32;
    if (bits == 64) return DType::int64;
  } else {
    if (bits == 8) return DType::uint8;
    if (bits == 16) return DType::uint16;
    if (bits == 32) return DType::uint32;
    if (bits == 64) return DType::uint64;
  }
  throw NotSupported(std::to_string(bits) + "-bit samples of format " + std::to_string(d.sample_format) +
                     " are not supported");
}

}  // namespace

NDArray Slide::read_region_raw(std::int64_t x, std::int64_t y, int level, std::int64_t w, std::int64_t h) const {
  check_level(level, level_count());
  std::vector<const Directory*> planes{impl_->layout.levels[static_cast<std::size_t>(level)]};
  if (!impl_->layout.planes.empty()) planes = impl_->layout.planes[static_cast<std::size_t>(level)];
  std::int64_t channels = 0;
  for (const Directory* p : planes) channels += p->samples_per_pixel;
  check_size(w, h);
  const DType dtype = stored_dtype(*planes[0]);
  NDArray out = NDArray::empty({h, w, channels}, dtype);
  const double ds = impl_->levels[static_cast<std::size_t>(level)].downsample;
  const auto lx = static_cast<std::int64_t>(std::floor(double(x) / ds)), ly = static_cast<std::int64_t>(std::floor(double(y) / ds));
  const auto item = static_cast<std::int64_t>(itemsize(dtype));
  std::int64_t channel = 0;
  for (const Directory* p : planes) {
    detail::paint_raw(*impl_->file, *p, lx, ly, w, h, out.data_as<std::uint8_t>() + channel * item,
                      w * channels * item, channels * item);
    channel += p->samples_per_pixel;
  }
  return out;
}

NDArray Slide::read_associated_image(const std::string& name, const ReadOptions& options) const {
  for (const auto& [n, d] : impl_->layout.associated) {
    if (n != name) continue;
    check_region(d->width, d->height, options.channels);
    NDArray out = NDArray::empty({d->height, d->width, options.channels}, DType::uint8);
    detail::paint_region(*impl_->file, *d, 0, 0, d->width, d->height, out.data_as<std::uint8_t>(),
                         d->width * options.channels, options);
    return out;
  }
  throw ValueError("the slide has no associated image '" + name + "'");
}

}  // namespace cupix::io
