// JPEG tiles through libjpeg-turbo's libjpeg API, which (unlike the TurboJPEG API) lets the TIFF
// tags decide the colour space: TIFF's Photometric says whether 3-component data is YCbCr or RGB,
// where a bare JPEG stream says nothing and decoders would guess YCbCr. Tiles that share tables
// (the JPEGTables tag) are read as an abbreviated table stream followed by the tile's stream.
#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <string>

#include <jpeglib.h>

#include "cupix/core/error.hpp"
#include "io/decode.hpp"

namespace cupix::io::detail {
namespace {

struct ErrorManager {
  jpeg_error_mgr base;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void on_error(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
  cinfo->err->format_message(cinfo, err->message);
  std::longjmp(err->jump, 1);
}
void on_message(j_common_ptr) {}  // warnings (e.g. extraneous bytes) are not errors

// One decompressor per thread, kept between tiles: creating one and reading the shared tables
// for every tile measured about a tenth of a 256² tile's decode. It holds the tables of one
// directory; a tile of another directory starts a fresh one, so that no tile can use tables
// its own file does not give it.
struct Decompressor {
  jpeg_decompress_struct cinfo;
  ErrorManager err;
  bool created = false;
  std::uint64_t tables_of = 0;  // Directory::cache_id whose JPEGTables are loaded, 0: none

  ~Decompressor() { reset(); }
  void reset() {
    if (created) jpeg_destroy_decompress(&cinfo);
    created = false;
    tables_of = 0;
  }
};

// Everything between setjmp and a possible longjmp is plain C data: no destructor is skipped.
// Returns the rows written, or -1 with err.message set (the decompressor is then reset).
long decode(Decompressor& z, const Directory& d, const std::uint8_t* src, std::size_t n, const JpegOutput& out) {
  jpeg_decompress_struct& cinfo = z.cinfo;
  ErrorManager& err = z.err;
  if (z.tables_of != d.cache_id) z.reset();
  if (!z.created) {
    cinfo.err = jpeg_std_error(&err.base);
    err.base.error_exit = on_error;
    err.base.output_message = on_message;
  }
  err.message[0] = 0;
  if (setjmp(err.jump)) {
    z.reset();
    return -1;
  }
  if (!z.created) {
    jpeg_create_decompress(&cinfo);
    z.created = true;
    if (!d.jpeg_tables.empty()) {
      jpeg_mem_src(&cinfo, d.jpeg_tables.data(), static_cast<unsigned long>(d.jpeg_tables.size()));
      jpeg_read_header(&cinfo, FALSE);
    }
    z.tables_of = d.cache_id;
  }
  jpeg_mem_src(&cinfo, src, static_cast<unsigned long>(n));
  jpeg_read_header(&cinfo, TRUE);
  const int components = d.samples_per_pixel;
  if (cinfo.num_components != components) {
    std::snprintf(err.message, sizeof err.message, "the JPEG data has %d components where the TIFF says %d",
                  cinfo.num_components, components);
    z.reset();
    return -1;
  }
  if (components == 3) {
    cinfo.jpeg_color_space = d.photometric == kYCbCr ? JCS_YCbCr : JCS_RGB;
    cinfo.out_color_space = out.channels == 4 ? JCS_EXT_RGBA : JCS_RGB;  // RGBA: alpha 255
  } else {
    cinfo.out_color_space = JCS_GRAYSCALE;
  }
  jpeg_start_decompress(&cinfo);
  if (cinfo.output_width > d.tile_width) {
    std::snprintf(err.message, sizeof err.message, "the JPEG data is %u pixels wide, the tile %lld",
                  cinfo.output_width, static_cast<long long>(d.tile_width));
    z.reset();
    return -1;
  }
  // Many rows per call: one at a time makes the upsampler go through a spare row buffer.
  const auto rows = static_cast<JDIMENSION>(std::min<std::int64_t>(cinfo.output_height, out.rows));
  constexpr JDIMENSION kBatch = 32;
  JSAMPROW pointers[kBatch];
  while (cinfo.output_scanline < rows) {
    const JDIMENSION count = std::min(kBatch, rows - cinfo.output_scanline);
    for (JDIMENSION i = 0; i < count; ++i) pointers[i] = out.data + (cinfo.output_scanline + i) * out.row_stride;
    if (jpeg_read_scanlines(&cinfo, pointers, count) == 0) break;  // data ran out
  }
  const long written = cinfo.output_scanline;
  jpeg_abort_decompress(&cinfo);  // ready for the next tile; the tables stay
  return written;
}

// The header of a standalone stream, read by a decompressor of its own (plain C data between
// setjmp and longjmp, as in decode()).
bool read_header(const std::uint8_t* src, std::size_t n, long dims[3]) {
  jpeg_decompress_struct cinfo;
  ErrorManager err;
  cinfo.err = jpeg_std_error(&err.base);
  err.base.error_exit = on_error;
  err.base.output_message = on_message;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, src, static_cast<unsigned long>(n));
  const bool ok = jpeg_read_header(&cinfo, TRUE) == JPEG_HEADER_OK;
  dims[0] = static_cast<long>(cinfo.image_width);
  dims[1] = static_cast<long>(cinfo.image_height);
  dims[2] = cinfo.num_components;
  jpeg_destroy_decompress(&cinfo);
  return ok;
}

}  // namespace

bool jpeg_header(const std::uint8_t* src, std::size_t n, std::int64_t& width, std::int64_t& height, int& components) {
  long dims[3] = {0, 0, 0};
  if (n == 0 || !read_header(src, n, dims)) return false;
  width = dims[0];
  height = dims[1];
  components = static_cast<int>(dims[2]);
  return width > 0 && height > 0;
}

std::int64_t decode_jpeg(const Directory& d, const std::uint8_t* src, std::size_t n, const JpegOutput& out) {
  if (d.samples_per_pixel != 1 && d.samples_per_pixel != 3)
    throw NotSupported("JPEG tiles with " + std::to_string(d.samples_per_pixel) + " samples per pixel are not supported");
  if (d.bits_per_sample != 8) throw NotSupported("JPEG tiles of 12 or 16 bits are not supported");
  thread_local Decompressor z;
  const long got = decode(z, d, src, n, out);
  if (got < 0) throw IOError(std::string("corrupt JPEG tile: ") + z.err.message);
  return got;
}

}  // namespace cupix::io::detail
