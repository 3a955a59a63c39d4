// Painting a region of one directory (a level or an associated image) into 8-bit RGB(A) pixels
// with OpenSlide's rules: transparent outside the image, and a bilinear blend where the region
// starts between pixels.
#pragma once
#include <cstdint>
#include <vector>

#include "cupix/io.hpp"
#include "io/file.hpp"
#include "io/tiff_directory.hpp"

namespace cupix::io::detail {

// Fills the w × h pixels at `out` (rows `row_stride` bytes apart, options.channels bytes per
// pixel) from the image position (x, y), in the directory's pixels. Pixels outside the image are
// transparent (RGBA 0) or options.fill (RGB); so are tiles the file lacks. A non-integer
// position is sampled bilinearly between the four pixels around it, from premultiplied RGBA with
// 7-bit weights, as Cairo does inside OpenSlide (its rounding differs by a few units at most).
void paint_region(const File& file, const Directory& d, double x, double y, std::int64_t w, std::int64_t h,
                  std::uint8_t* out, std::int64_t row_stride, const ReadOptions& options);

// A batch of w × h regions at whole pixels of the directory's image and wholly inside it, region
// k at (xy[2k], xy[2k + 1]) into outs[k] (rows `row_stride` bytes apart), on `threads` threads:
// the same pixels as paint_region, made tile by tile. Each tile the regions meet is decoded once
// (or found in the tile cache) and at once copied into every region that needs it, while it is
// in the processor's cache; tiles the batch covers whole are not cached (no later region needs
// them), the others are, for the batches that follow. paint_region's pixel-aligned reads are a
// batch of one.
void paint_regions(const File& file, const Directory& d, const std::vector<std::int64_t>& xy, std::int64_t w,
                   std::int64_t h, const std::vector<std::uint8_t*>& outs, std::int64_t row_stride,
                   const ReadOptions& options, int threads);

// Copies the w × h pixels at (x, y) of the directory's image, each its stored samples (any type,
// chunky, native byte order), to `out`: rows `row_stride` bytes apart, pixels `pixel_stride`
// bytes apart (room for other planes' channels between them). Pixels outside the image, and
// tiles the file lacks, are zero.
void paint_raw(const File& file, const Directory& d, std::int64_t x, std::int64_t y, std::int64_t w, std::int64_t h,
               std::uint8_t* out, std::int64_t row_stride, std::int64_t pixel_stride);

// Sets w × h pixels to what lies outside an image: transparent, or options.fill.
void paint_outside(std::uint8_t* out, std::int64_t row_stride, std::int64_t w, std::int64_t h, const ReadOptions& options);

}  // namespace cupix::io::detail
