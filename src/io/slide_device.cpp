// Slide reads onto a GPU: JPEG tiles decoded by nvJPEG and assembled into regions there, or
// regions decoded on the CPU into pinned memory and copied over.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <unordered_map>

#include <omp.h>

#include "cupix/core/error.hpp"
#include "cupix/core/stream.hpp"
#include "io/buffer_pool.hpp"
#include "io/nvjpeg.hpp"
#include "io/pinned_staging.hpp"
#include "io/slide_impl.hpp"
#include "io/tile.hpp"

#if CUPIX_WITH_CUDA
#include "core/cuda_check.hpp"
#include "core/device_guard.hpp"
#include "io/assemble.hpp"
#endif

namespace cupix::io {

bool nvjpeg_available() { return detail::nvjpeg_loaded(); }

namespace detail {

#if CUPIX_WITH_CUDA
namespace {

// An array over pinned memory that stays pinned (and unreused) until the copies queued from it
// finish: the buffer goes back to its pool when the array's last holder lets go.
NDArray pinned_array(const Shape& shape, Device device) {
  std::int64_t bytes = 1;
  for (auto n : shape) bytes *= n;
  auto buffer = std::make_shared<PinnedBuffer>(static_cast<std::size_t>(std::max<std::int64_t>(bytes, 1)), device);
  std::uint8_t* base = buffer->data();
  return NDArray(std::shared_ptr<void>(buffer, base), base, 0, DType::uint8, shape, {},
                 Device{DeviceKind::cuda_host, device.id});
}

cudaStream_t stream() { return static_cast<cudaStream_t>(current_stream().handle); }

// Host memory freed once the work queued so far on the stream has run (nvJPEG may read its input
// after returning).
template <class T>
void free_after_stream(std::unique_ptr<T> p) {
  CUPIX_CUDA_CHECK(cudaLaunchHostFunc(stream(), [](void* q) { delete static_cast<T*>(q); }, p.get()));
  p.release();
}

// A tile's frame header: its size and the luma's sampling factors (the chroma's must be 1x1).
struct Frame {
  int width = 0, height = 0, h = 0, v = 0;
  bool operator==(const Frame&) const = default;
};

// The frame of a JPEG stream; h = 0 when it has none, or not of 3 components with 1x1 chroma.
Frame read_frame(const std::uint8_t* p, std::size_t n) {
  std::size_t i = 2;
  while (i + 4 <= n && p[i] == 0xFF) {
    const int marker = p[i + 1];
    const std::size_t length = std::size_t(p[i + 2]) << 8 | p[i + 3];
    if (marker >= 0xC0 && marker <= 0xC2 && i + 2 + length <= n && length >= 17 && p[i + 9] == 3) {
      const std::uint8_t* c = p + i + 10;  // per component: id, sampling (H << 4 | V), table
      if (c[4] != 0x11 || c[7] != 0x11) return {};
      return {p[i + 7] << 8 | p[i + 8], p[i + 5] << 8 | p[i + 6], c[1] >> 4, c[1] & 15};
    }
    if (marker == 0xDA) break;
    i += 2 + length;
  }
  return {};
}

// The tiles the regions cover, read from the file as complete JPEG streams (the shared
// JPEGTables spliced in), decoded by nvJPEG, and made into the regions' RGB by a kernel. An
// undefined array when the tiles are not what that kernel takes (libjpeg's 4:2:0, 4:2:2 or
// 4:4:4 frames of the tile's size): the caller then decodes on the CPU.
NDArray read_with_nvjpeg(const Slide::Impl& slide, const std::vector<std::int64_t>& xy, int level, std::int64_t w,
                         std::int64_t h, const ReadOptions& options, int threads) {
  const Directory& d = *slide.layout.levels[static_cast<std::size_t>(level)];
  const double ds = slide.levels[static_cast<std::size_t>(level)].downsample;
  const std::int64_t n = static_cast<std::int64_t>(xy.size() / 2);
  const std::int64_t shown_w = d.shown_width(), shown_h = d.shown_height();

  // Placements, and a slot per distinct tile in first-use order (-1: the file lacks it).
  std::vector<Placement> placements(static_cast<std::size_t>(n));
  std::vector<std::int32_t> slots;
  std::vector<std::int64_t> tiles;  // tile index per slot
  std::unordered_map<std::int64_t, std::int32_t> slot_of;
  for (std::int64_t i = 0; i < n; ++i) {
    std::int64_t x = xy[2 * i], y = xy[2 * i + 1];
    const std::int64_t skip_x = skip_before_zero(x, ds, w), skip_y = skip_before_zero(y, ds, h);
    Placement& p = placements[static_cast<std::size_t>(i)];
    p.x = static_cast<std::int64_t>(double(x) / ds), p.y = static_cast<std::int64_t>(double(y) / ds);
    p.skip_x = static_cast<std::int32_t>(skip_x), p.skip_y = static_cast<std::int32_t>(skip_y);
    p.first_slot = static_cast<std::int32_t>(slots.size());
    const std::int64_t x1 = std::min(p.x + (w - skip_x), shown_w), y1 = std::min(p.y + (h - skip_y), shown_h);
    if (x1 <= p.x || y1 <= p.y) continue;  // wholly outside: no tiles
    p.tile_x0 = static_cast<std::int32_t>(p.x / d.tile_width), p.tile_y0 = static_cast<std::int32_t>(p.y / d.tile_height);
    p.tiles_across = static_cast<std::int32_t>((x1 - 1) / d.tile_width - p.tile_x0 + 1);
    p.tiles_down = static_cast<std::int32_t>((y1 - 1) / d.tile_height - p.tile_y0 + 1);
    for (std::int64_t ty = p.tile_y0; ty < p.tile_y0 + p.tiles_down; ++ty)
      for (std::int64_t tx = p.tile_x0; tx < p.tile_x0 + p.tiles_across; ++tx) {
        const std::int64_t index = ty * d.tiles_across() + tx;
        std::int32_t slot = -1;
        if (d.byte_counts[static_cast<std::size_t>(index)] > 0) {
          auto [it, fresh] = slot_of.try_emplace(index, static_cast<std::int32_t>(tiles.size()));
          if (fresh) tiles.push_back(index);
          slot = it->second;
        }
        slots.push_back(slot);
      }
  }
  if (slots.size() > std::size_t{1} << 30) throw ValueError("regions are too large");

  // Complete streams: JPEGTables without its end marker, then the tile without its start marker.
  const std::vector<std::uint8_t>& tables = d.jpeg_tables;
  const bool splice = tables.size() >= 4;
  if (splice && !(tables[0] == 0xFF && tables[1] == 0xD8 && tables[tables.size() - 2] == 0xFF && tables.back() == 0xD9))
    throw IOError(slide.file->path() + ": the JPEGTables of directory " + std::to_string(d.index) +
                  " are not a JPEG table stream");
  const std::size_t prefix = splice ? tables.size() - 2 : 0;
  std::vector<std::size_t> starts(tiles.size() + 1, 0);
  for (std::size_t k = 0; k < tiles.size(); ++k)
    starts[k + 1] = starts[k] + prefix + stored_bytes(*slide.file, d, tiles[k]);
  // Pooled, in whole huge pages (the pool reuses buffers of one size): fresh pages for every
  // batch would cost about as much as reading the tiles into them.
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  auto arena = std::make_unique<std::shared_ptr<std::uint8_t[]>>(
      batch_buffers().get((starts.back() + kHuge) / kHuge * kHuge));
  std::vector<const std::uint8_t*> data(tiles.size());
  std::vector<std::size_t> lengths(tiles.size());
  std::vector<Frame> frames(tiles.size());
  std::exception_ptr error;
  if (threads <= 0) threads = omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 16) num_threads(threads) if (threads > 1 && tiles.size() > 16)
  for (std::size_t k = 0; k < tiles.size(); ++k) {
    try {
      std::uint8_t* dst = arena->get() + starts[k];
      const std::uint64_t bytes = starts[k + 1] - starts[k] - prefix;
      const std::string what = "tile " + std::to_string(tiles[k]);
      // The tile lands over the tables' last two bytes with its start marker, which is checked
      // and then overwritten by those two bytes again: tables (without EOI) + tile (without SOI).
      std::uint8_t* at = dst;
      if (splice) std::memcpy(dst, tables.data(), prefix), at = dst + prefix - 2;
      slide.file->read(d.offsets[static_cast<std::size_t>(tiles[k])], bytes, at, what.c_str());
      if (bytes < 4 || at[0] != 0xFF || at[1] != 0xD8)
        throw IOError(slide.file->path() + ": " + what + " of directory " + std::to_string(d.index) +
                      " is not JPEG data");
      if (splice) at[0] = tables[prefix - 2], at[1] = tables[prefix - 1];
      lengths[k] = splice ? prefix + bytes - 2 : bytes;
      data[k] = dst;
      frames[k] = read_frame(dst, lengths[k]);
    } catch (...) {
#pragma omp critical(cupix_io_nvjpeg_error)
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
  const Frame frame = frames.empty() ? Frame{int(d.tile_width), int(d.tile_height), 1, 1} : frames[0];
  const bool known = frame.width == d.tile_width && frame.height == d.tile_height &&
                     ((frame.h == 1 && frame.v == 1) || (frame.h == 2 && (frame.v == 1 || frame.v == 2)));
  for (const Frame& f : frames)
    if (!known || !(f == frame)) return {};

  // Decode into tile slots (Y, Cb, Cr planes), then assemble. Placements and slots go over in
  // one pinned buffer.
  const Device device = options.device;
  const std::int64_t cw = (d.tile_width + frame.h - 1) / frame.h, ch = (d.tile_height + frame.v - 1) / frame.v;
  const std::int64_t slot_bytes = d.tile_width * d.tile_height + 2 * cw * ch;
  NDArray decoded = NDArray::empty({std::max<std::int64_t>(1, std::int64_t(tiles.size())), slot_bytes}, DType::uint8,
                                   device);
  std::vector<Planes> dst(tiles.size());
  for (std::size_t k = 0; k < tiles.size(); ++k) {
    std::uint8_t* slot = decoded.data_as<std::uint8_t>() + k * slot_bytes;
    dst[k] = {{slot, slot + d.tile_width * d.tile_height, slot + d.tile_width * d.tile_height + cw * ch},
              {std::size_t(d.tile_width), std::size_t(cw), std::size_t(cw)}};
  }
  nvjpeg_decode(data, lengths, dst, device);
  free_after_stream(std::move(arena));

  const std::size_t table_bytes = placements.size() * sizeof(Placement) + slots.size() * sizeof(std::int32_t);
  NDArray host_table = pinned_array({std::int64_t(table_bytes)}, device);
  NDArray table = NDArray::empty({std::int64_t(table_bytes)}, DType::uint8, device);
  std::memcpy(host_table.data(), placements.data(), placements.size() * sizeof(Placement));
  std::memcpy(host_table.data_as<std::uint8_t>() + placements.size() * sizeof(Placement), slots.data(),
              slots.size() * sizeof(std::int32_t));
  if (table_bytes > 0)
    CUPIX_CUDA_CHECK(cudaMemcpyAsync(table.data(), host_table.data(), table_bytes, cudaMemcpyHostToDevice, stream()));

  NDArray out = NDArray::empty({n, h, w, options.channels}, DType::uint8, device);
  AssembleArgs a{};
  a.tiles = decoded.data_as<std::uint8_t>();
  a.slot_bytes = slot_bytes;
  a.tile_width = d.tile_width, a.tile_height = d.tile_height;
  a.chroma_width = cw, a.chroma_height = ch, a.h2 = frame.h == 2, a.v2 = frame.v == 2;
  a.placements = table.data_as<Placement>();
  a.slots = reinterpret_cast<const std::int32_t*>(table.data_as<std::uint8_t>() + placements.size() * sizeof(Placement));
  a.n = n, a.width = w, a.height = h, a.channels = options.channels, a.fill = options.fill;
  a.level_width = shown_w, a.level_height = shown_h;
  a.out = out.data_as<std::uint8_t>();
  a.stream = stream();
  assemble_regions(a);
  return out;
}

}  // namespace

NDArray read_regions_on_device(const Slide::Impl& slide, bool use_nvjpeg, const std::vector<std::int64_t>& xy,
                               int level, std::int64_t w, std::int64_t h, const ReadOptions& options, int threads,
                               const std::function<void(const NDArray& host)>& read_host) {
  if (!cuda_available()) throw NotSupported("no GPU is available to read regions onto");
  if (options.device.id < 0 || options.device.id >= cuda_device_count())
    throw ValueError("there is no GPU " + options.device.str());
  cupix::detail::DeviceGuard guard(options.device);
  if (use_nvjpeg) {
    NDArray out = read_with_nvjpeg(slide, xy, level, w, h, options, threads);
    if (out.defined()) return out;
    if (options.decoder == Decoder::nvjpeg)
      throw NotSupported("nvJPEG cannot decode these tiles here: they are not 4:2:0, 4:2:2 or 4:4:4 frames of the "
                         "tile's size (decoder 'auto' reads them on the CPU)");
  }
  const Shape shape{std::int64_t(xy.size() / 2), h, w, options.channels};
  NDArray host = pinned_array(shape, options.device);
  read_host(host);
  NDArray out = NDArray::empty(shape, DType::uint8, options.device);
  if (out.nbytes() > 0)
    CUPIX_CUDA_CHECK(cudaMemcpyAsync(out.data(), host.data(), static_cast<std::size_t>(out.nbytes()),
                                     cudaMemcpyHostToDevice, stream()));
  return out;
}
#else
NDArray read_regions_on_device(const Slide::Impl&, bool, const std::vector<std::int64_t>&, int, std::int64_t,
                               std::int64_t, const ReadOptions&, int, const std::function<void(const NDArray&)>&) {
  throw NotSupported("cupix was built without the CUDA backend: regions can only be read to the CPU");
}
#endif

}  // namespace detail
}  // namespace cupix::io
