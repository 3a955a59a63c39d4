// What the reader needs from one TIFF image file directory (IFD), parsed once through libtiff at
// open. Tile bytes are then read by offset (io/file.hpp) and decoded without libtiff, so that
// reads need no shared handle.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <algorithm>
#include <utility>
#include <vector>

namespace cupix::io::detail {

// TIFF Compression tag values the decoder knows.
enum Compression : std::uint16_t {
  kNone = 1,
  kLzw = 5,
  kOldJpeg = 6,
  kJpeg = 7,
  kAdobeDeflate = 8,
  kAperioJp2kYCbCr = 33003,
  kAperioJp2kRgb = 33005,
  kDeflate = 32946,
  kJp2k = 34712,
  kZstd = 50000,
  kWebp = 50001,
};

enum Photometric : std::uint16_t { kMinIsWhite = 0, kMinIsBlack = 1, kRgb = 2, kPalette = 3, kYCbCr = 6 };

struct Directory {
  int index = 0;  // position in the main IFD chain; SubIFDs carry their parent's index
  std::uint64_t cache_id = 0;  // unique in the process: names its tiles in the tile cache
  std::int64_t width = 0, height = 0;
  // Tiled images: the tile size. Striped images: width × RowsPerStrip, so both are a grid.
  bool tiled = false;
  std::int64_t tile_width = 0, tile_height = 0;
  std::uint16_t compression = kNone;
  std::uint16_t photometric = kMinIsBlack;
  std::uint16_t samples_per_pixel = 1;
  std::uint16_t bits_per_sample = 8;
  std::uint16_t sample_format = 1;  // 1 unsigned, 2 signed, 3 float
  bool planar = false;              // PlanarConfiguration 2: one plane of tiles per sample
  std::uint16_t predictor = 1;
  bool byte_swapped = false;        // multi-byte samples are stored in the other byte order
  std::uint32_t subfile_type = 0;
  std::vector<std::uint64_t> offsets, byte_counts;  // per tile (or strip), planes one after another
  std::vector<std::uint8_t> jpeg_tables;
  std::string description;
  double x_resolution = 0, y_resolution = 0;  // 0 when absent
  // The tags OpenSlide reports as tiff.* properties, already formatted.
  std::vector<std::pair<std::string, std::string>> tags;
  std::vector<Directory> subifds;
  // Aperio levels (io/vendor.cpp): the tiles OpenSlide paints from the next larger level, shrunk
  // by `repaint_scale` (this level's downsample over that one's), instead of decoding them: those
  // stored with no bytes, and those over such a tile of the larger level (it takes them as
  // corrupt). Without a larger level they are transparent. Empty for other vendors.
  std::vector<bool> repainted;
  const Directory* repaint_from = nullptr;
  double repaint_scale = 1;
  // A level smaller than its stored pixels (Philips: the size its XML gives): pixels past these
  // are transparent, as beyond the image. 0: the stored size.
  std::int64_t clip_width = 0, clip_height = 0;
  // Pixels held in memory, not in the file: offsets index these bytes (Philips' associated images
  // in its XML).
  std::shared_ptr<const std::vector<std::uint8_t>> memory;

  std::int64_t shown_width() const { return clip_width > 0 ? std::min(clip_width, width) : width; }
  std::int64_t shown_height() const { return clip_height > 0 ? std::min(clip_height, height) : height; }

  std::int64_t tiles_across() const { return (width + tile_width - 1) / tile_width; }
  std::int64_t tiles_down() const { return (height + tile_height - 1) / tile_height; }
  int bytes_per_sample() const { return bits_per_sample / 8; }
  // Bytes of one decoded (chunky) pixel: all its samples, whatever the planar configuration.
  std::int64_t pixel_bytes() const { return std::int64_t(samples_per_pixel) * bytes_per_sample(); }
  // Samples in one decoded tile row: a plane holds one sample per pixel.
  std::int64_t samples_per_tile_pixel() const { return planar ? 1 : samples_per_pixel; }
  std::int64_t tile_bytes() const {
    return tile_width * tile_height * samples_per_tile_pixel() * bytes_per_sample();
  }
};

// Every IFD of the main chain, with SubIFDs under their parent. Throws IOError for files libtiff
// cannot parse and for directories whose tile tables do not fit their dimensions.
std::vector<Directory> read_directories(const std::string& path);

}  // namespace cupix::io::detail
