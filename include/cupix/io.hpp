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

#include "cupix/core/device.hpp"
#include "cupix/core/ndarray.hpp"

namespace cupix::io {

struct Level {
  std::int64_t width = 0, height = 0;
  double downsample = 1.0;  // OpenSlide's: the mean of level 0's width and height ratios
  std::int64_t tile_width = 0, tile_height = 0;
};

// Which decoder turns a read's JPEG tiles into pixels when the result goes to a GPU:
// - automatic: nvJPEG's batched GPU decoder where it applies (nvjpeg_applies), else the CPU's;
// - cpu: libjpeg-turbo on the CPU threads, the result copied to the GPU through pinned memory;
// - nvjpeg: nvJPEG, and NotSupported where it does not apply.
// nvJPEG's pixels equal libjpeg-turbo's within its IDCT and upsampling differences (tested).
enum class Decoder { automatic, cpu, nvjpeg };

// What a read produces: OpenSlide's RGBA (alpha 0 outside the slide, 255 inside), or RGB with
// pixels outside the slide set to `fill`; in CPU memory, or in a GPU's (device cuda), ordered on
// the current stream (cupix/core/stream.hpp).
struct ReadOptions {
  int channels = 4;             // 4: RGBA as OpenSlide; 3: RGB
  std::uint8_t fill = 0;        // RGB value of pixels outside the slide when channels == 3
  int threads = 0;              // threads decoding one region's tiles (0: one per core)
  Device device = Device::cpu();
  Decoder decoder = Decoder::automatic;
};

// True when nvJPEG can decode here: cupix was built where nvjpeg.h was found, libnvjpeg loads at
// run time, and a GPU is present. Builds and machines without it read with the CPU decoder.
bool nvjpeg_available();

// The bytes [offset, offset + size) of a file as a 1-D uint8 array on `device` (a GPU), ordered
// on the current stream: through cuFile (GPUDirect Storage, or its compatibility mode) when
// libcufile loads at run time, otherwise O_DIRECT reads into two pinned buffers whose copies to
// the GPU overlap the next read. Throws IOError for unreadable files and ranges past the end.
NDArray read_file_to_device(const std::string& path, std::int64_t offset, std::int64_t size,
                            Device device = Device::cuda());
// How read_file_to_device moves data here: "cufile" or "pinned" (NotSupported without CUDA).
std::string file_to_device_method();

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
  // from `level` (w and h in that level's pixels), as OpenSlide's read_region; on options.device.
  NDArray read_region(std::int64_t x, std::int64_t y, int level, std::int64_t w, std::int64_t h,
                      const ReadOptions& options = {}) const;
  // Writes the same region into `out` (h × w × channels uint8 on the CPU, any strides).
  void read_region_into(std::int64_t x, std::int64_t y, int level, std::int64_t w, std::int64_t h,
                        const NDArray& out, const ReadOptions& options = {}) const;
  // Reads regions of one level and size into out[i] (n × h × w × channels uint8, C-contiguous,
  // on the CPU; options.device is ignored) for the n level-0 corners in `xy` (x0, y0, x1, y1,
  // ...), decoding them in parallel on `threads` CPU threads (0: OpenMP's default, one per core).
  void read_regions_into(const std::vector<std::int64_t>& xy, int level, std::int64_t w, std::int64_t h,
                         const NDArray& out, const ReadOptions& options = {}, int threads = 0) const;
  // The same into a new n × h × w × channels array on options.device. CPU memory is reused for
  // later batches once every holder has let it go (fresh memory this large costs page faults that
  // rival decoding). On a GPU, JPEG tiles are decoded as options.decoder says, the rest on the CPU.
  NDArray read_regions(const std::vector<std::int64_t>& xy, int level, std::int64_t w, std::int64_t h,
                       const ReadOptions& options = {}, int threads = 0) const;
  // Whether nvJPEG can decode the regions at `xy` of `level`: JPEG tiles of 8-bit YCbCr (the usual
  // slide; RGB-coded JPEG stays with libjpeg-turbo, which the TIFF tags tell the colour space),
  // positions on whole pixels of the level (blends between pixels are computed on the CPU), and no
  // Aperio tiles painted from a larger level. Says nothing of nvjpeg_available().
  bool nvjpeg_applies(const std::vector<std::int64_t>& xy, int level) const;
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
