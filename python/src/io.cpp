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
                             int channels, std::uint8_t fill) {
        nb::gil_scoped_release nogil;
        return Array{s.read_region(x, y, level, w, h, ReadOptions{channels, fill})};
      }, "x"_a, "y"_a, "level"_a, "w"_a, "h"_a, "channels"_a = 4, "fill"_a = 0)
      .def("read_region_into", [](const Slide& s, std::int64_t x, std::int64_t y, int level, std::int64_t w,
                                  std::int64_t h, const Array& out, int channels, std::uint8_t fill) {
        if (out.readonly) throw ValueError("out array is read-only");
        nb::gil_scoped_release nogil;
        s.read_region_into(x, y, level, w, h, out.array, ReadOptions{channels, fill});
      }, "x"_a, "y"_a, "level"_a, "w"_a, "h"_a, "out"_a, "channels"_a = 4, "fill"_a = 0)
      .def("read_regions", [](const Slide& s, const std::vector<std::int64_t>& xy, int level, std::int64_t w,
                              std::int64_t h, int channels, std::uint8_t fill, int threads) {
        nb::gil_scoped_release nogil;
        return Array{s.read_regions(xy, level, w, h, ReadOptions{channels, fill}, threads)};
      }, "xy"_a, "level"_a, "w"_a, "h"_a, "channels"_a = 4, "fill"_a = 0, "threads"_a = 0)
      .def("read_region_raw", [](const Slide& s, std::int64_t x, std::int64_t y, int level, std::int64_t w,
                                 std::int64_t h) {
        nb::gil_scoped_release nogil;
        return Array{s.read_region_raw(x, y, level, w, h)};
      }, "x"_a, "y"_a, "level"_a, "w"_a, "h"_a)
      .def("read_associated_image", [](const Slide& s, const std::string& name, int channels, std::uint8_t fill) {
        nb::gil_scoped_release nogil;
        return Array{s.read_associated_image(name, ReadOptions{channels, fill})};
      }, "name"_a, "channels"_a = 4, "fill"_a = 0);
}

}  // namespace cupix::python
