#include "io/paint.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include <omp.h>

#include "cupix/core/error.hpp"
#include "io/tile.hpp"
#include "io/tile_cache.hpp"

namespace cupix::io::detail {
namespace {

void check_paintable(const Directory& d) {
  if (d.bits_per_sample != 8)
    throw NotSupported("reading " + std::to_string(d.bits_per_sample) + "-bit images as RGB is not supported");
  if (d.samples_per_pixel < 1 || d.samples_per_pixel > 4)
    throw NotSupported(std::to_string(d.samples_per_pixel) + " samples per pixel cannot be shown as RGB");
  if (d.photometric == kPalette) throw NotSupported("palette images are not supported");
}

// One row of n decoded pixels into RGB(A): gray, gray + alpha, RGB or RGBA samples.
void to_rgba(const Directory& d, const std::uint8_t* src, std::int64_t n, std::uint8_t* dst, int channels) {
  const int spp = d.samples_per_pixel;
  if (spp == channels) {  // RGB into RGB, RGBA into RGBA: the samples as they are
    std::memcpy(dst, src, static_cast<std::size_t>(n * spp));
    return;
  }
  const bool invert = d.photometric == kMinIsWhite;
  for (std::int64_t i = 0; i < n; ++i, src += spp, dst += channels) {
    if (spp >= 3) {
      dst[0] = src[0], dst[1] = src[1], dst[2] = src[2];
    } else {
      dst[0] = dst[1] = dst[2] = invert ? 255 - src[0] : src[0];
    }
    if (channels == 4) dst[3] = (spp == 2 || spp == 4) ? src[spp - 1] : 255;
  }
}

void copy_window(const File& file, const Directory& d, std::int64_t x, std::int64_t y, std::int64_t w, std::int64_t h,
                 std::uint8_t* out, std::int64_t row_stride, const ReadOptions& o);

// One pixel from premultiplied RGBA `v` (each 0-255): un-premultiplied as openslide-python does
// (truncating) for RGBA, composited over the fill colour for RGB.
void store_premultiplied(const int v[4], std::uint8_t* dst, const ReadOptions& o) {
  const int alpha = v[3];
  for (int c = 0; c < 3; ++c) {
    if (o.channels == 4)
      dst[c] = static_cast<std::uint8_t>(alpha == 0 ? 0 : alpha == 255 ? v[c] : std::min(255, 255 * v[c] / alpha));
    else
      dst[c] = static_cast<std::uint8_t>(v[c] + o.fill * (255 - alpha) / 255);
  }
  if (o.channels == 4) dst[3] = static_cast<std::uint8_t>(alpha);
}

// The w x h pixels at (x, y) of a tile OpenSlide repaints (Directory::repainted): each the mean of
// the larger level's pixels it covers, area-weighted (Cairo's box filter when it shrinks), over
// premultiplied RGBA; transparent without a larger level.
void repaint(const File& file, const Directory& d, std::int64_t x, std::int64_t y, std::int64_t w, std::int64_t h,
             std::uint8_t* out, std::int64_t row_stride, const ReadOptions& o) {
  if (!d.repaint_from) return paint_outside(out, row_stride, w, h, o);
  const Directory& big = *d.repaint_from;
  const double f = d.repaint_scale;
  const auto sx0 = static_cast<std::int64_t>(std::floor(double(x) * f));
  const auto sy0 = static_cast<std::int64_t>(std::floor(double(y) * f));
  const std::int64_t sw = static_cast<std::int64_t>(std::ceil(double(x + w) * f)) - sx0 + 1;
  const std::int64_t sh = static_cast<std::int64_t>(std::ceil(double(y + h) * f)) - sy0 + 1;
  if (!(f >= 1) || double(sw) * double(sh) > double(1 << 26))
    throw IOError("a missing tile would be painted from " + std::to_string(sw) + "x" + std::to_string(sh) +
                  " pixels of the level above it; the file's levels are not a pyramid");
  std::vector<std::uint8_t> src(static_cast<std::size_t>(sw * sh * 4));
  ReadOptions rgba = o;
  rgba.channels = 4;
  rgba.threads = 1;
  copy_window(file, big, sx0, sy0, sw, sh, src.data(), sw * 4, rgba);
  // Each output pixel covers [u f, (u + 1) f) of the larger level along each axis: per source
  // pixel, the length of that overlap.
  auto overlaps = [f](std::int64_t u, std::int64_t s0, std::vector<std::pair<std::int64_t, double>>& out_w) {
    out_w.clear();
    const double a = double(u) * f, b = double(u + 1) * f;
    for (auto i = static_cast<std::int64_t>(std::floor(a)); double(i) < b; ++i) {
      const double wgt = std::min(b, double(i + 1)) - std::max(a, double(i));
      if (wgt > 0) out_w.emplace_back(i - s0, wgt);
    }
  };
  std::vector<std::pair<std::int64_t, double>> wx, wy;
  const double area = f * f;
  for (std::int64_t r = 0; r < h; ++r) {
    overlaps(y + r, sy0, wy);
    std::uint8_t* dst = out + r * row_stride;
    for (std::int64_t i = 0; i < w; ++i, dst += o.channels) {
      overlaps(x + i, sx0, wx);
      double acc[4] = {0, 0, 0, 0};
      for (const auto& [sy, ky] : wy)
        for (const auto& [sx, kx] : wx) {
          const std::uint8_t* p = src.data() + (sy * sw + sx) * 4;
          const double k = kx * ky;
          for (int c = 0; c < 3; ++c) acc[c] += k * (p[c] * p[3] / 255.0);
          acc[3] += k * p[3];
        }
      int v[4];
      for (int c = 0; c < 4; ++c) v[c] = std::min(255, static_cast<int>(acc[c] / area + 0.5));
      store_premultiplied(v, dst, o);
    }
  }
}

// The pixel-aligned case: the part beyond the image painted as outside, the rest tile by tile.
void copy_window(const File& file, const Directory& d, std::int64_t x, std::int64_t y, std::int64_t w, std::int64_t h,
                 std::uint8_t* out, std::int64_t row_stride, const ReadOptions& o) {
  const std::int64_t x0 = std::max<std::int64_t>(x, 0), x1 = std::min(x + w, d.shown_width());
  const std::int64_t y0 = std::max<std::int64_t>(y, 0), y1 = std::min(y + h, d.shown_height());
  if (x0 >= x1 || y0 >= y1) return paint_outside(out, row_stride, w, h, o);
  // The parts of the region beyond the image: rows above and below it, columns left and right.
  const int c = o.channels;
  paint_outside(out, row_stride, w, y0 - y, o);
  paint_outside(out + (y1 - y) * row_stride, row_stride, w, y + h - y1, o);
  paint_outside(out + (y0 - y) * row_stride, row_stride, x0 - x, y1 - y0, o);
  paint_outside(out + (y0 - y) * row_stride + (x1 - x) * c, row_stride, x + w - x1, y1 - y0, o);
  // Regions of several tiles decode them in parallel, unless the caller runs regions in parallel.
  paint_regions(file, d, {x0, y0}, x1 - x0, y1 - y0, {out + (y0 - y) * row_stride + (x0 - x) * c}, row_stride, o,
                o.threads > 0 ? o.threads : omp_get_max_threads());
}

// 7-bit weights and a truncating sum over premultiplied RGBA, like pixman's bilinear filter.
void bilinear(const std::uint8_t* src, std::int64_t src_stride, double fx, double fy, std::int64_t w, std::int64_t h,
              std::uint8_t* out, std::int64_t row_stride, const ReadOptions& o) {
  const int wx = static_cast<int>(fx * 128), wy = static_cast<int>(fy * 128);
  const int k00 = (128 - wx) * (128 - wy), k01 = wx * (128 - wy), k10 = (128 - wx) * wy, k11 = wx * wy;
  auto premultiplied = [](const std::uint8_t* p, int c) { return c == 3 ? p[3] : p[c] * p[3] / 255; };
  for (std::int64_t r = 0; r < h; ++r) {
    const std::uint8_t* a = src + r * src_stride;
    const std::uint8_t* b = a + src_stride;
    std::uint8_t* dst = out + r * row_stride;
    for (std::int64_t i = 0; i < w; ++i, a += 4, b += 4, dst += o.channels) {
      int v[4];
      for (int c = 0; c < 4; ++c)
        v[c] = (premultiplied(a, c) * k00 + premultiplied(a + 4, c) * k01 + premultiplied(b, c) * k10 +
                premultiplied(b + 4, c) * k11) >> 14;
      store_premultiplied(v, dst, o);
    }
  }
}

}  // namespace

void paint_raw(const File& file, const Directory& d, std::int64_t x, std::int64_t y, std::int64_t w, std::int64_t h,
               std::uint8_t* out, std::int64_t row_stride, std::int64_t pixel_stride) {
  const std::int64_t pixel_bytes = d.pixel_bytes();
  for (std::int64_t r = 0; r < h; ++r)
    for (std::int64_t i = 0; i < w; ++i) std::memset(out + r * row_stride + i * pixel_stride, 0, pixel_bytes);
  const std::int64_t x0 = std::max<std::int64_t>(x, 0), x1 = std::min(x + w, d.shown_width());
  const std::int64_t y0 = std::max<std::int64_t>(y, 0), y1 = std::min(y + h, d.shown_height());
  if (x0 >= x1 || y0 >= y1) return;
  TileScratch scratch;
  for (std::int64_t ty = y0 / d.tile_height; ty <= (y1 - 1) / d.tile_height; ++ty)
    for (std::int64_t tx = x0 / d.tile_width; tx <= (x1 - 1) / d.tile_width; ++tx) {
      const DecodedTile tile = cached_tile(file, d, ty * d.tiles_across() + tx, scratch);
      if (!tile.data) continue;  // not in the file: zero
      const std::int64_t cx0 = std::max(x0, tx * d.tile_width), cx1 = std::min(x1, (tx + 1) * d.tile_width);
      const std::int64_t cy0 = std::max(y0, ty * d.tile_height), cy1 = std::min(y1, (ty + 1) * d.tile_height);
      for (std::int64_t r = cy0; r < cy1; ++r) {
        const std::uint8_t* src =
            tile.data.get() + ((r - ty * d.tile_height) * d.tile_width + (cx0 - tx * d.tile_width)) * pixel_bytes;
        std::uint8_t* dst = out + (r - y) * row_stride + (cx0 - x) * pixel_stride;
        for (std::int64_t i = cx0; i < cx1; ++i, src += pixel_bytes, dst += pixel_stride) std::memcpy(dst, src, pixel_bytes);
      }
    }
}

void paint_outside(std::uint8_t* out, std::int64_t row_stride, std::int64_t w, std::int64_t h, const ReadOptions& o) {
  for (std::int64_t r = 0; r < h; ++r) std::memset(out + r * row_stride, o.channels == 4 ? 0 : o.fill, w * o.channels);
}

void paint_regions(const File& file, const Directory& d, const std::vector<std::int64_t>& xy, std::int64_t w,
                   std::int64_t h, const std::vector<std::uint8_t*>& outs, std::int64_t row_stride,
                   const ReadOptions& o, int threads) {
  const auto n = static_cast<std::int64_t>(xy.size() / 2);
  if (n == 0 || w <= 0 || h <= 0) return;
  check_paintable(d);
  const int c = o.channels;
  const std::int64_t tw = d.tile_width, th = d.tile_height, pixel_bytes = d.pixel_bytes();
  // Each region's part of each tile it meets, grouped by tile.
  struct Part {
    std::int64_t tile, region, x0, y0, x1, y1;  // the part in the image's pixels
  };
  std::vector<Part> parts;
  for (std::int64_t k = 0; k < n; ++k) {
    const std::int64_t x = xy[2 * k], y = xy[2 * k + 1];
    for (std::int64_t ty = y / th; ty <= (y + h - 1) / th; ++ty)
      for (std::int64_t tx = x / tw; tx <= (x + w - 1) / tw; ++tx)
        parts.push_back({ty * d.tiles_across() + tx, k, std::max(x, tx * tw), std::max(y, ty * th),
                         std::min(x + w, (tx + 1) * tw), std::min(y + h, (ty + 1) * th)});
  }
  std::stable_sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.tile < b.tile; });
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (i == 0 || parts[i].tile != parts[i - 1].tile) starts.push_back(i);
  starts.push_back(parts.size());
  const auto groups = static_cast<std::int64_t>(starts.size() - 1);
  const auto corner = [&](const Part& p) {
    return outs[static_cast<std::size_t>(p.region)] + (p.y0 - xy[2 * p.region + 1]) * row_stride +
           (p.x0 - xy[2 * p.region]) * c;
  };
  std::exception_ptr error;
  // A tile at a time: each is a whole decode, and threads that end a batch together waste less
  // (measured on 2 cores, one tile against runs of a quarter of each thread's share: unaligned
  // batches 0.78 -> 0.81 of libjpeg-turbo x cores). Fewer than 4 tiles are not worth the threads.
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1 && groups >= 4)
  for (std::int64_t g = 0; g < groups; ++g) {
    thread_local TileScratch scratch;
    thread_local std::vector<std::uint8_t> decoded;
    try {
      const Part* first = parts.data() + starts[static_cast<std::size_t>(g)];
      const Part* last = parts.data() + starts[static_cast<std::size_t>(g) + 1];
      const std::int64_t index = first->tile, tx = index % d.tiles_across(), ty = index / d.tiles_across();
      std::int64_t covered = 0;  // overlapping regions count twice: such a tile may go uncached, never wrong
      for (const Part* p = first; p != last; ++p) covered += (p->x1 - p->x0) * (p->y1 - p->y0);
      if (!d.repainted.empty() && d.repainted[static_cast<std::size_t>(index)]) {
        for (const Part* p = first; p != last; ++p)
          repaint(file, d, p->x0, p->y0, p->x1 - p->x0, p->y1 - p->y0, corner(*p), row_stride, o);
        continue;
      }
      std::optional<DecodedTile> found = find_cached_tile(d, index);
      bool present;
      const std::uint8_t* samples = nullptr;
      if (!found && last - first == 1 && covered == tw * th && can_read_into(d, c)) {
        // One region covers the tile: decoded straight into it.
        present = read_tile_into(file, d, index, scratch, corner(*first), row_stride, c);
        if (!present) paint_outside(corner(*first), row_stride, tw, th, o);
        continue;
      } else if (found || covered < tw * th) {
        if (!found) found = cached_tile(file, d, index, scratch);
        present = found->data != nullptr;
        samples = found->data.get();
      } else {
        decoded.resize(static_cast<std::size_t>(tw * th * pixel_bytes));
        present = read_tile(file, d, index, scratch, decoded.data());
        samples = decoded.data();
      }
      for (const Part* p = first; p != last; ++p) {
        std::uint8_t* dst = corner(*p);
        if (!present) {
          paint_outside(dst, row_stride, p->x1 - p->x0, p->y1 - p->y0, o);  // not in the file: transparent
          continue;
        }
        for (std::int64_t r = p->y0; r < p->y1; ++r)
          to_rgba(d, samples + ((r - ty * th) * tw + (p->x0 - tx * tw)) * pixel_bytes, p->x1 - p->x0,
                  dst + (r - p->y0) * row_stride, c);
      }
    } catch (...) {
#pragma omp critical(cupix_io_paint_error)
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
}

void paint_region(const File& file, const Directory& d, double x, double y, std::int64_t w, std::int64_t h,
                  std::uint8_t* out, std::int64_t row_stride, const ReadOptions& o) {
  check_paintable(d);
  if (w <= 0 || h <= 0) return;
  const double fx0 = std::floor(x), fy0 = std::floor(y);
  if (!std::isfinite(x) || !std::isfinite(y) || std::abs(fx0) > 9e15 || std::abs(fy0) > 9e15)
    throw ValueError("region position is out of range");
  const auto ix = static_cast<std::int64_t>(fx0), iy = static_cast<std::int64_t>(fy0);
  if (fx0 == x && fy0 == y) return copy_window(file, d, ix, iy, w, h, out, row_stride, o);
  std::vector<std::uint8_t> window((w + 1) * (h + 1) * 4);
  copy_window(file, d, ix, iy, w + 1, h + 1, window.data(), (w + 1) * 4, ReadOptions{.channels = 4, .threads = o.threads});
  bilinear(window.data(), (w + 1) * 4, x - fx0, y - fy0, w, h, out, row_stride, o);
}

}  // namespace cupix::io::detail
