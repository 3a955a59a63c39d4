#include "io/tiff_directory.hpp"

#include <tiffio.h>

#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <memory>

#include "cupix/core/error.hpp"
#include "io/vendor.hpp"

namespace cupix::io::detail {
namespace {

// libtiff reports problems through handlers; these keep the first error of one open file, so that
// parallel opens do not share state and the exception can say what libtiff saw.
int keep_error(TIFF*, void* user, const char* module, const char* fmt, va_list ap) {
  auto* first = static_cast<std::string*>(user);
  if (first->empty()) {
    char buf[512];
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    *first = std::string(module ? module : "libtiff") + ": " + buf;
  }
  return 1;
}
int ignore_warning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

struct TiffCloser {
  void operator()(TIFF* t) const { TIFFClose(t); }
};

template <class T>
T field_or(TIFF* tif, ttag_t tag, T fallback) {
  T v{};
  return TIFFGetField(tif, tag, &v) ? v : fallback;
}


void read_tags(TIFF* tif, Directory& d) {
  static constexpr std::pair<ttag_t, const char*> kStrings[] = {
      {TIFFTAG_IMAGEDESCRIPTION, "ImageDescription"}, {TIFFTAG_MAKE, "Make"},
      {TIFFTAG_MODEL, "Model"}, {TIFFTAG_SOFTWARE, "Software"}, {TIFFTAG_DATETIME, "DateTime"},
      {TIFFTAG_ARTIST, "Artist"}, {TIFFTAG_HOSTCOMPUTER, "HostComputer"},
      {TIFFTAG_COPYRIGHT, "Copyright"}, {TIFFTAG_DOCUMENTNAME, "DocumentName"}};
  for (auto [tag, name] : kStrings) {
    const char* s = nullptr;
    if (TIFFGetField(tif, tag, &s) && s) {
      d.tags.emplace_back(name, s);
      if (tag == TIFFTAG_IMAGEDESCRIPTION) d.description = s;
    }
  }
  // libtiff keeps these rationals as float; OpenSlide reads them as double (equal for the
  // integral and binary-fraction values scanners write).
  static constexpr std::pair<ttag_t, const char*> kReals[] = {
      {TIFFTAG_XRESOLUTION, "XResolution"}, {TIFFTAG_YRESOLUTION, "YResolution"},
      {TIFFTAG_XPOSITION, "XPosition"}, {TIFFTAG_YPOSITION, "YPosition"}};
  for (auto [tag, name] : kReals) {
    float v = 0;
    if (!TIFFGetField(tif, tag, &v)) continue;
    d.tags.emplace_back(name, format_property(v));
    if (tag == TIFFTAG_XRESOLUTION) d.x_resolution = v;
    if (tag == TIFFTAG_YRESOLUTION) d.y_resolution = v;
  }
  std::uint16_t unit = 0;
  if (TIFFGetField(tif, TIFFTAG_RESOLUTIONUNIT, &unit)) {
    const char* names[] = {"", "none", "inch", "centimeter"};
    d.tags.emplace_back("ResolutionUnit", unit >= 1 && unit <= 3 ? names[unit] : "unknown");
  }
}

Directory read_one(TIFF* tif, int index) {
  static std::atomic<std::uint64_t> next_id{1};
  Directory d;
  d.index = index;
  d.cache_id = next_id++;
  d.width = field_or<std::uint32_t>(tif, TIFFTAG_IMAGEWIDTH, 0);
  d.height = field_or<std::uint32_t>(tif, TIFFTAG_IMAGELENGTH, 0);
  d.tiled = TIFFIsTiled(tif);
  if (d.tiled) {
    d.tile_width = field_or<std::uint32_t>(tif, TIFFTAG_TILEWIDTH, 0);
    d.tile_height = field_or<std::uint32_t>(tif, TIFFTAG_TILELENGTH, 0);
  } else {
    d.tile_width = d.width;
    d.tile_height = std::min<std::int64_t>(field_or<std::uint32_t>(tif, TIFFTAG_ROWSPERSTRIP, 0xFFFFFFFFu), d.height);
  }
  d.compression = field_or<std::uint16_t>(tif, TIFFTAG_COMPRESSION, kNone);
  d.photometric = field_or<std::uint16_t>(tif, TIFFTAG_PHOTOMETRIC, kMinIsBlack);
  d.samples_per_pixel = field_or<std::uint16_t>(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
  d.bits_per_sample = field_or<std::uint16_t>(tif, TIFFTAG_BITSPERSAMPLE, 1);
  d.sample_format = field_or<std::uint16_t>(tif, TIFFTAG_SAMPLEFORMAT, 1);
  d.planar = field_or<std::uint16_t>(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG) == PLANARCONFIG_SEPARATE;
  d.predictor = field_or<std::uint16_t>(tif, TIFFTAG_PREDICTOR, 1);
  d.subfile_type = field_or<std::uint32_t>(tif, TIFFTAG_SUBFILETYPE, 0);
  d.byte_swapped = TIFFIsByteSwapped(tif);

  const std::uint64_t count = d.tiled ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
  std::uint64_t *offsets = nullptr, *counts = nullptr;
  const ttag_t off_tag = d.tiled ? TIFFTAG_TILEOFFSETS : TIFFTAG_STRIPOFFSETS;
  const ttag_t count_tag = d.tiled ? TIFFTAG_TILEBYTECOUNTS : TIFFTAG_STRIPBYTECOUNTS;
  if (TIFFGetField(tif, off_tag, &offsets) && TIFFGetField(tif, count_tag, &counts) && offsets && counts) {
    d.offsets.assign(offsets, offsets + count);
    d.byte_counts.assign(counts, counts + count);
  }
  std::uint32_t tables_size = 0;
  void* tables = nullptr;
  if (d.compression == kJpeg && TIFFGetField(tif, TIFFTAG_JPEGTABLES, &tables_size, &tables) && tables)
    d.jpeg_tables.assign(static_cast<std::uint8_t*>(tables), static_cast<std::uint8_t*>(tables) + tables_size);
  read_tags(tif, d);
  return d;
}

}  // namespace

std::vector<Directory> read_directories(const std::string& path) {
  std::string error;
  std::unique_ptr<TIFFOpenOptions, void (*)(TIFFOpenOptions*)> opts(TIFFOpenOptionsAlloc(), TIFFOpenOptionsFree);
  TIFFOpenOptionsSetErrorHandlerExtR(opts.get(), keep_error, &error);
  TIFFOpenOptionsSetWarningHandlerExtR(opts.get(), ignore_warning, nullptr);
  // A corrupt file must not make libtiff allocate gigabytes for one tag.
  TIFFOpenOptionsSetMaxSingleMemAlloc(opts.get(), tmsize_t(1) << 30);
  std::unique_ptr<TIFF, TiffCloser> tif(TIFFOpenExt(path.c_str(), "rm", opts.get()));
  // The file itself opened (the caller checked): what libtiff cannot parse is not a TIFF.
  if (!tif) throw NotSupported(path + " is not a TIFF file" + (error.empty() ? "" : " (" + error + ")"));

  std::vector<Directory> dirs;
  for (int index = 0;; ++index) {
    dirs.push_back(read_one(tif.get(), index));
    std::uint16_t n_sub = 0;
    std::uint64_t* sub = nullptr;
    if (TIFFGetField(tif.get(), TIFFTAG_SUBIFD, &n_sub, &sub) && n_sub > 0) {
      const std::vector<std::uint64_t> subs(sub, sub + n_sub);
      for (std::uint64_t off : subs)
        if (TIFFSetSubDirectory(tif.get(), off)) dirs.back().subifds.push_back(read_one(tif.get(), index));
      if (!TIFFSetDirectory(tif.get(), static_cast<tdir_t>(index)))
        throw IOError(path + ": cannot return to directory " + std::to_string(index) + ": " + error);
    }
    if (!TIFFReadDirectory(tif.get())) break;
  }
  if (!error.empty() && dirs.empty()) throw IOError(path + ": " + error);
  return dirs;
}

}  // namespace cupix::io::detail
