// JPEG tiles through libjpeg-turbo's libjpeg API, which (unlike the TurboJPEG API) lets the TIFF
// tags decide the colour space: TIFF's Photometric says whether 3-component data is YCbCr or RGB,
// where a bare JPEG stream says nothing and decoders would guess YCbCr. Tiles that share tables
// (the JPEGTables tag) are read as an abbreviated table stream followed by the tile's stream.
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

// Everything between setjmp and a possible longjmp is plain C data: no destructor is skipped.
// Returns the bytes written, or -1 with err.message set.
long decode(const Directory& d, const std::uint8_t* src, std::size_t n, std::uint8_t* dst, std::size_t cap,
            ErrorManager& err) {
  jpeg_decompress_struct cinfo;
  cinfo.err = jpeg_std_error(&err.base);
  err.base.error_exit = on_error;
  err.base.output_message = on_message;
  err.message[0] = 0;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return -1;
  }
  jpeg_create_decompress(&cinfo);
  if (!d.jpeg_tables.empty()) {
    jpeg_mem_src(&cinfo, d.jpeg_tables.data(), static_cast<unsigned long>(d.jpeg_tables.size()));
    jpeg_read_header(&cinfo, FALSE);
  }
  jpeg_mem_src(&cinfo, src, static_cast<unsigned long>(n));
  jpeg_read_header(&cinfo, TRUE);
  const int components = d.samples_per_pixel;
  if (cinfo.num_components != components) {
    std::snprintf(err.message, sizeof err.message, "the JPEG data has %d components where the TIFF says %d",
                  cinfo.num_components, components);
    jpeg_destroy_decompress(&cinfo);
    return -1;
  }
  if (components == 3) {
    cinfo.jpeg_color_space = d.photometric == kYCbCr ? JCS_YCbCr : JCS_RGB;
    cinfo.out_color_space = JCS_RGB;
  } else {
    cinfo.out_color_space = JCS_GRAYSCALE;
  }
  jpeg_start_decompress(&cinfo);
  const std::size_t row_bytes = static_cast<std::size_t>(d.tile_width) * components;
  if (cinfo.output_width > d.tile_width) {
    std::snprintf(err.message, sizeof err.message, "the JPEG data is %u pixels wide, the tile %lld",
                  cinfo.output_width, static_cast<long long>(d.tile_width));
    jpeg_destroy_decompress(&cinfo);
    return -1;
  }
  std::size_t written = 0;
  while (cinfo.output_scanline < cinfo.output_height && cinfo.output_scanline < d.tile_height) {
    JSAMPROW row = dst + cinfo.output_scanline * row_bytes;
    if ((cinfo.output_scanline + 1) * row_bytes > cap) break;
    jpeg_read_scanlines(&cinfo, &row, 1);
    written = cinfo.output_scanline * row_bytes;
  }
  jpeg_abort_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return static_cast<long>(written);
}

}  // namespace

std::size_t decode_jpeg(const Directory& d, const std::uint8_t* src, std::size_t n, std::uint8_t* dst, std::size_t cap) {
  if (d.samples_per_pixel != 1 && d.samples_per_pixel != 3)
    throw NotSupported("JPEG tiles with " + std::to_string(d.samples_per_pixel) + " samples per pixel are not supported");
  if (d.bits_per_sample != 8) throw NotSupported("JPEG tiles of 12 or 16 bits are not supported");
  ErrorManager err;
  const long got = decode(d, src, n, dst, cap, err);
  if (got < 0) throw IOError(std::string("corrupt JPEG tile: ") + err.message);
  return static_cast<std::size_t>(got);
}

}  // namespace cupix::io::detail
