// JPEG 2000 tiles through OpenJPEG: TIFF's compression 34712 and Aperio's 33003 (YCbCr
// components, turned into RGB as OpenSlide does) and 33005 (RGB). Each tile holds a J2K
// codestream (or a JP2 file), decoded from memory; its header is checked against the tile's size
// before OpenJPEG allocates anything.
#include <openjpeg.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>

#include "cupix/core/error.hpp"
#include "io/decode.hpp"

namespace cupix::io::detail {
namespace {

struct Memory {
  const std::uint8_t* data;
  std::size_t size, pos = 0;
};

OPJ_SIZE_T read_memory(void* buffer, OPJ_SIZE_T n, void* user) {
  auto* m = static_cast<Memory*>(user);
  if (m->pos >= m->size) return static_cast<OPJ_SIZE_T>(-1);  // OpenJPEG's end of stream
  n = std::min<OPJ_SIZE_T>(n, m->size - m->pos);
  std::memcpy(buffer, m->data + m->pos, n);
  m->pos += n;
  return n;
}

OPJ_OFF_T skip_memory(OPJ_OFF_T n, void* user) {
  auto* m = static_cast<Memory*>(user);
  const auto to = std::clamp<OPJ_OFF_T>(static_cast<OPJ_OFF_T>(m->pos) + n, 0, static_cast<OPJ_OFF_T>(m->size));
  const OPJ_OFF_T moved = to - static_cast<OPJ_OFF_T>(m->pos);
  m->pos = static_cast<std::size_t>(to);
  return moved;
}

OPJ_BOOL seek_memory(OPJ_OFF_T to, void* user) {
  auto* m = static_cast<Memory*>(user);
  if (to < 0 || static_cast<std::size_t>(to) > m->size) return OPJ_FALSE;
  m->pos = static_cast<std::size_t>(to);
  return OPJ_TRUE;
}

struct CodecFree {
  void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct StreamFree {
  void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};
struct ImageFree {
  void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};

// libjpeg's YCbCr -> RGB (JFIF, full range), which OpenSlide applies to Aperio's 33003 tiles.
std::uint8_t clamp_byte(double v) { return static_cast<std::uint8_t>(std::clamp(std::floor(v + 0.5), 0.0, 255.0)); }

}  // namespace

std::size_t decode_jp2k(const Directory& d, const std::uint8_t* src, std::size_t n, std::uint8_t* dst, std::size_t cap) {
  static const std::uint8_t kJp2Signature[] = {0, 0, 0, 0x0c, 'j', 'P', ' ', ' '};
  const bool jp2 = n >= sizeof kJp2Signature && std::memcmp(src, kJp2Signature, sizeof kJp2Signature) == 0;
  std::unique_ptr<opj_codec_t, CodecFree> codec(opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K));
  std::unique_ptr<opj_stream_t, StreamFree> stream(opj_stream_create(1 << 16, OPJ_TRUE));
  if (!codec || !stream) throw OutOfMemory("cannot allocate a JPEG 2000 decoder");
  std::string error;
  opj_set_error_handler(codec.get(), [](const char* msg, void* user) {
    auto* e = static_cast<std::string*>(user);
    if (e->empty()) *e = msg;
  }, &error);
  opj_set_warning_handler(codec.get(), [](const char*, void*) {}, nullptr);
  opj_set_info_handler(codec.get(), [](const char*, void*) {}, nullptr);
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  Memory memory{src, n};
  opj_stream_set_read_function(stream.get(), read_memory);
  opj_stream_set_skip_function(stream.get(), skip_memory);
  opj_stream_set_seek_function(stream.get(), seek_memory);
  opj_stream_set_user_data(stream.get(), &memory, nullptr);
  opj_stream_set_user_data_length(stream.get(), n);
  auto fail = [&](const char* what) {
    return IOError(std::string("corrupt JPEG 2000 tile: ") + what + (error.empty() ? "" : " (OpenJPEG: " + error + ")"));
  };
  if (!opj_setup_decoder(codec.get(), &parameters)) throw fail("decoder setup failed");
  opj_image_t* raw = nullptr;
  if (!opj_read_header(stream.get(), codec.get(), &raw)) throw fail("bad header");
  std::unique_ptr<opj_image_t, ImageFree> image(raw);
  const std::int64_t w = std::int64_t(image->x1) - image->x0, h = std::int64_t(image->y1) - image->y0;
  if (w <= 0 || h <= 0 || w > d.tile_width || h > d.tile_height)
    throw IOError("JPEG 2000 tile of " + std::to_string(w) + "x" + std::to_string(h) + " does not fit the TIFF tile of " +
                  std::to_string(d.tile_width) + "x" + std::to_string(d.tile_height));
  const int spp = d.samples_per_pixel;
  if (image->numcomps != static_cast<OPJ_UINT32>(spp) || d.planar)
    throw NotSupported("JPEG 2000 tiles with " + std::to_string(image->numcomps) + " components for " +
                       std::to_string(spp) + " chunky samples per pixel are not supported");
  if (!opj_decode(codec.get(), stream.get(), image.get()) || !opj_end_decompress(codec.get(), stream.get()))
    throw fail("decoding failed");
  const int bytes = d.bytes_per_sample();
  if (bytes > 2) throw NotSupported("JPEG 2000 tiles of " + std::to_string(d.bits_per_sample) + "-bit samples are not supported");
  for (int c = 0; c < spp; ++c) {
    const opj_image_comp_t& comp = image->comps[c];
    if (!comp.data || comp.dx == 0 || comp.dy == 0 || comp.w == 0 || comp.h == 0 || comp.prec > 16 ||
        std::int64_t(comp.w) * comp.dx < w || std::int64_t(comp.h) * comp.dy < h)
      throw fail("component sizes do not cover the image");
  }
  const bool ycbcr = d.compression == kAperioJp2kYCbCr && spp == 3 && bytes == 1;
  const std::int64_t row = d.tile_width * spp;
  for (std::int64_t y = 0; y < h; ++y)
    for (std::int64_t x = 0; x < w; ++x) {
      double v[4] = {0, 0, 0, 0};
      for (int c = 0; c < spp; ++c) {
        const opj_image_comp_t& comp = image->comps[c];
        std::int64_t s = comp.data[(y / comp.dy) * comp.w + (x / comp.dx)];
        if (comp.sgnd) s += std::int64_t(1) << (comp.prec - 1);
        v[c] = static_cast<double>(s);
      }
      if (ycbcr) {
        const double cb = v[1] - 128, cr = v[2] - 128, luma = v[0];
        v[0] = luma + 1.402 * cr;
        v[1] = luma - 0.344136 * cb - 0.714136 * cr;
        v[2] = luma + 1.772 * cb;
      }
      for (int c = 0; c < spp; ++c) {
        if (bytes == 1) {
          dst[y * row + x * spp + c] = clamp_byte(v[c]);
        } else {
          const auto s = static_cast<std::uint16_t>(std::clamp(v[c], 0.0, 65535.0));
          std::memcpy(dst + (y * row + x * spp + c) * 2, &s, 2);
        }
      }
    }
  // Rows are whole tile rows: a codestream narrower than the tile leaves zeros on the right.
  return std::min<std::size_t>(cap, static_cast<std::size_t>(h * row * bytes));
}

}  // namespace cupix::io::detail
