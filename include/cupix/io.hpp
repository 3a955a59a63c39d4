// cupix::io — TIFF and whole-slide image reading with OpenSlide's model of a slide: a pyramid of
// levels addressed in level-0 pixel coordinates, string properties with OpenSlide's keys, and
// associated images (label, macro, thumbnail). Tiles are read with positional reads and decoded
// without shared state, so any number of threads may read one Slide at once.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cupix/core/ndarray.hpp"

namespace cupix::io {

struct Level {
  std::int64_t width = 0, height = 0;
  double downsample = 1.0;  // OpenSlide's: the mean of level 0's width and height ratios
  std::int64_t tile_width = 0, tile_height = 0;
};

// What a read produces: OpenSlide's RGBA (alpha 0 outside the slide, 255 inside), or RGB with
// pixels outside the slide set to `fill`.
struct ReadOptions {
  int channels = 4;             // 4: RGBA as OpenSlide; 3: RGB
  std::uint8_t fill = 0;        // RGB value of pixels outside the slide when channels == 3
  int threads = 0;              // threads decoding one region's tiles (0: one per core)
};

class Slide {
 public:
  // Opens a TIFF-based slide (generic tiled TIFF, Aperio SVS, Philips TIFF, OME-TIFF). Throws
  // IOError when the file
  // cannot be read and NotSupported when it is not a slide this reader understands.
  static Slide open(const std::string& path);
  // The vendor OpenSlide would report ("aperio", "generic-tiff"), or "" when none applies.
  static std::string detect_vendor(const std::string& path);

  const std::vector<Level>& levels() const;
  int level_count() const { return static_cast<int>(levels().size()); }
  // OpenSlide's openslide_get_best_level_for_downsample.
  int best_level_for_downsample(double downsample) const;
  const std::map<std::string, std::string>& properties() const;
  std::vector<std::string> associated_image_names() const;

  // The h × w × channels uint8 region whose top-left corner is (x, y) in level-0 pixels, read
  // from `level` (w and h in that level's pixels), as OpenSlide's read_region.
  NDArray read_region(std::int64_t x, std::int64_t y, int level, std::int64_t w, std::int64_t h,
                      const ReadOptions& options = {}) const;
  // Writes the same region into `out` (h × w × channels uint8 on the CPU, any strides).
  void read_region_into(std::int64_t x, std::int64_t y, int level, std::int64_t w, std::int64_t h,
                        const NDArray& out, const ReadOptions& options = {}) const;
  // Reads regions of one level and size into out[i] (n × h × w × channels uint8, C-contiguous,
  // on the CPU) for the n level-0 corners in `xy` (x0, y0, x1, y1, ...), decoding them in
  // parallel on `threads` CPU threads (0: OpenMP's default, one per core).
  void read_regions_into(const std::vector<std::int64_t>& xy, int level, std::int64_t w, std::int64_t h,
                         const NDArray& out, const ReadOptions& options = {}, int threads = 0) const;
  // The same into a new n × h × w × channels array. Its memory is reused for later batches once
  // every holder has let it go (fresh memory this large costs page faults that rival decoding).
  NDArray read_regions(const std::vector<std::int64_t>& xy, int level, std::int64_t w, std::int64_t h,
                       const ReadOptions& options = {}, int threads = 0) const;
  NDArray read_associated_image(const std::string& name, const ReadOptions& options = {}) const;
  // The h × w × channels region of `level` at (x, y) in level-0 pixels (rounded down to the level's
  // pixel), every channel as stored: any sample type (uint8, uint16, float32, ...), one or many
  // channels (OME-TIFF's channel planes side by side); zero outside the image. For microscopy
  // images that are not RGB; read_region shows 8-bit images as OpenSlide does.
  NDArray read_region_raw(std::int64_t x, std::int64_t y, int level, std::int64_t w, std::int64_t h) const;

  struct Impl;

 private:
  std::shared_ptr<const Impl> impl_;
};

}  // namespace cupix::io
