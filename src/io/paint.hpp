// Painting a region of one directory (a level or an associated image) into 8-bit RGB(A) pixels
// with OpenSlide's rules: transparent outside the image, and a bilinear blend where the region
// starts between pixels.
#pragma once
#include <cstdint>

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

// Copies the w × h pixels at (x, y) of the directory's image, each its stored samples (any type,
// chunky, native byte order), to `out`: rows `row_stride` bytes apart, pixels `pixel_stride`
// bytes apart (room for other planes' channels between them). Pixels outside the image, and
// tiles the file lacks, are zero.
void paint_raw(const File& file, const Directory& d, std::int64_t x, std::int64_t y, std::int64_t w, std::int64_t h,
               std::uint8_t* out, std::int64_t row_stride, std::int64_t pixel_stride);

// Sets w × h pixels to what lies outside an image: transparent, or options.fill.
void paint_outside(std::uint8_t* out, std::int64_t row_stride, std::int64_t w, std::int64_t h, const ReadOptions& options);

}  // namespace cupix::io::detail
