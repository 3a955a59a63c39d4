// cupix._core.Slide: the C++ reader of cupix::io, used by cupix/io (Slide and OpenSlide faces).
#include <nanobind/nanobind.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include "convert.hpp"
#include "cupix/core/error.hpp"
#include "cupix/io.hpp"

namespace nb = nanobind;
using namespace nb::literals;

namespace cupix::python {
namespace {

// device: a GPU's number, or -1 for the CPU.
io::ReadOptions read_options(int channels, std::uint8_t fill, int device, const std::string& decoder) {
  io::ReadOptions o{channels, fill};
  if (device >= 0) o.device = Device::cuda(device);
  if (decoder == "auto") o.decoder = io::Decoder::automatic;
  else if (decoder == "cpu") o.decoder = io::Decoder::cpu;
  else if (decoder == "nvjpeg") o.decoder = io::Decoder::nvjpeg;
  else throw ValueError("decoder must be 'auto', 'cpu' or 'nvjpeg', not '" + decoder + "'");
  return o;
}

}  // namespace

void bind_io(nb::module_& m) {
  using io::ReadOptions;
  using io::Slide;
  nb::class_<Slide>(m, "Slide")
      .def_static("open", [](const std::string& path) {
        nb::gil_scoped_release nogil;
        return Slide::open(path);
      }, "path"_a)
      .def_static("detect_vendor", [](const std::string& path) {
        nb::gil_scoped_release nogil;
        return Slide::detect_vendor(path);
      }, "path"_a)
      .def("levels", [](const Slide& s) {
        std::vector<std::tuple<std::int64_t, std::int64_t, double, std::int64_t, std::int64_t>> out;
        for (const auto& l : s.levels()) out.emplace_back(l.width, l.height, l.downsample, l.tile_width, l.tile_height);
        return out;
      })
      .def("best_level_for_downsample", &Slide::best_level_for_downsample, "downsample"_a)
      .def("properties", &Slide::properties)
      .def("associated_image_names", &Slide::associated_image_names)
      .def("read_region", [](const Slide& s, std::int64_t x, std::int64_t y, int level, std::int64_t w, std::int64_t h,
                             int channels, std::uint8_t fill, int device, const std::string& decoder,
                             const nb::object& stream) {
        const ReadOptions options = read_options(channels, fill, device, decoder);
        return run(stream, [&] { return s.read_region(x, y, level, w, h, options); });
      }, "x"_a, "y"_a, "level"_a, "w"_a, "h"_a, "channels"_a = 4, "fill"_a = 0, "device"_a = -1,
         "decoder"_a = "auto", "stream"_a = 0)
      .def("read_region_into", [](const Slide& s, std::int64_t x, std::int64_t y, int level, std::int64_t w,
                                  std::int64_t h, const Array& out, int channels, std::uint8_t fill) {
        if (out.readonly) throw ValueError("out array is read-only");
        nb::gil_scoped_release nogil;
        s.read_region_into(x, y, level, w, h, out.array, ReadOptions{channels, fill});
      }, "x"_a, "y"_a, "level"_a, "w"_a, "h"_a, "out"_a, "channels"_a = 4, "fill"_a = 0)
      .def("read_regions", [](const Slide& s, const std::vector<std::int64_t>& xy, int level, std::int64_t w,
                              std::int64_t h, int channels, std::uint8_t fill, int threads, int device,
                              const std::string& decoder, const nb::object& stream) {
        const ReadOptions options = read_options(channels, fill, device, decoder);
        return run(stream, [&] { return s.read_regions(xy, level, w, h, options, threads); });
      }, "xy"_a, "level"_a, "w"_a, "h"_a, "channels"_a = 4, "fill"_a = 0, "threads"_a = 0, "device"_a = -1,
         "decoder"_a = "auto", "stream"_a = 0)
      .def("nvjpeg_applies", &Slide::nvjpeg_applies, "xy"_a, "level"_a)
      .def("read_region_raw", [](const Slide& s, std::int64_t x, std::int64_t y, int level, std::int64_t w,
                                 std::int64_t h) {
        nb::gil_scoped_release nogil;
        return Array{s.read_region_raw(x, y, level, w, h)};
      }, "x"_a, "y"_a, "level"_a, "w"_a, "h"_a)
      .def("read_associated_image", [](const Slide& s, const std::string& name, int channels, std::uint8_t fill) {
        nb::gil_scoped_release nogil;
        return Array{s.read_associated_image(name, ReadOptions{channels, fill})};
      }, "name"_a, "channels"_a = 4, "fill"_a = 0);
  m.def("nvjpeg_available", &io::nvjpeg_available);
  m.def("file_to_device_method", &io::file_to_device_method);
  m.def("read_file_to_device", [](const std::string& path, std::int64_t offset, std::int64_t size, int device,
                                  const nb::object& stream) {
    return run(stream, [&] { return io::read_file_to_device(path, offset, size, Device::cuda(device)); });
  }, "path"_a, "offset"_a, "size"_a, "device"_a = 0, "stream"_a = 0);
}

}  // namespace cupix::python
