// cupix._core: the nanobind module. Functions take cupix Arrays (made zero-copy from the caller's
// arrays by cupix/_interop.py), run on the caller's stream with the GIL released, and return Arrays.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "convert.hpp"
#include "cupix/color.hpp"
#include "cupix/core.hpp"
#include "cupix/filters.hpp"
#include "cupix/ndimage.hpp"
#include "cupix/util.hpp"

namespace nb = nanobind;
using namespace nb::literals;

namespace cupix::python {
namespace {

// The function a binding that serves several operations runs for `operation`.
template <class Fn, std::size_t N>
Fn lookup(const std::pair<const char*, Fn> (&table)[N], const std::string& operation) {
  for (const auto& [name, fn] : table)
    if (operation == name) return fn;
  throw ValueError("unknown operation " + operation);
}

NDArray writable(const Array& a, const char* what) {
  if (a.readonly) throw ValueError(std::string(what) + " array is read-only");
  return a.array;
}

// An optional array argument (footprint, structure, labels, ...): an empty NDArray when absent.
NDArray or_empty(const std::optional<Array>& a) { return a ? a->array : NDArray{}; }

// Complex outputs only where a function computes complex values (the Fourier filters): SciPy's
// other functions refuse them or write garbage.
ndimage::Output to_output(const nb::object& output, bool complex_ok = false) {
  if (output.is_none()) return {};
  ndimage::Output o;
  if (nb::isinstance<nb::str>(output)) o = parse_dtype(nb::cast<std::string>(output));
  else o = writable(nb::cast<const Array&>(output), "output");
  const DType t = std::holds_alternative<DType>(o) ? std::get<DType>(o) : std::get<NDArray>(o).dtype();
  if (is_complex(t) && !complex_ok) throw RuntimeError("output dtype " + std::string(name(t)) + " is not supported");
  return o;
}

std::vector<ndimage::Mode> to_modes(const std::vector<std::string>& names) {
  std::vector<ndimage::Mode> modes;
  for (const auto& n : names) modes.push_back(ndimage::parse_mode(n));
  return modes;
}

// numpy.exceptions.AxisError is both a ValueError and an IndexError, as NumPy code expects.
PyObject* axis_error_type() {
  static PyObject* type = [] {
    nb::object mod = nb::module_::import_("numpy.exceptions");
    return nb::getattr(mod, "AxisError").release().ptr();
  }();
  return type;
}

}  // namespace

void bind_io(nb::module_& m);  // io.cpp, in builds with cupix::io
}  // namespace cupix::python

NB_MODULE(_core, m) {
  using namespace cupix;
  using namespace cupix::python;
  m.doc() = "cupix native core: n-D image processing on CPU and CUDA";

  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    try {
      std::rethrow_exception(p);
    } catch (const AxisError& e) {
      PyErr_SetString(axis_error_type(), e.what());
    } catch (const ValueError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const TypeError& e) {
      PyErr_SetString(PyExc_TypeError, e.what());
    } catch (const OutOfMemory& e) {
      PyErr_SetString(PyExc_MemoryError, e.what());
    } catch (const IOError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const NotSupported& e) {
      PyErr_SetString(PyExc_NotImplementedError, e.what());
    } catch (const Error& e) {  // RuntimeError, CudaError
      PyErr_SetString(PyExc_RuntimeError, e.what());
    }
  });

  bind_array(m);
  m.def("built_with_cuda", &built_with_cuda);
  m.def("cuda_available", &cuda_available);
  m.def("cuda_device_count", &cuda_device_count);
  m.def("built_with_io", [] { return bool(CUPIX_WITH_IO); });
#if CUPIX_WITH_IO
  bind_io(m);
#endif

  m.def("astype", [](const Array& a, const std::string& dtype, nb::object stream) {
    return run(stream, [&] { return a.array.astype(parse_dtype(dtype)); });
  }, "a"_a, "dtype"_a, "stream"_a = 0);

  for (const char* fname : {"correlate1d", "convolve1d"}) {
    const bool is_correlate = std::string(fname) == "correlate1d";
    m.def(fname,
          [is_correlate](const Array& input, const std::vector<double>& weights, int axis, nb::object output,
                         const std::string& mode, double cval, int origin, nb::object stream) {
            const ndimage::Correlate1dOptions o{axis, to_output(output), ndimage::parse_mode(mode), cval, origin};
            return run(stream, [&] {
              return is_correlate ? ndimage::correlate1d(input.array, weights, o)
                                  : ndimage::convolve1d(input.array, weights, o);
            });
          },
          "input"_a, "weights"_a, "axis"_a, "output"_a.none(), "mode"_a, "cval"_a, "origin"_a, "stream"_a = 0);
  }

  m.def("uniform_filter",
        [](const Array& input, const std::vector<int>& size, nb::object output, const std::vector<std::string>& mode,
           double cval, const std::vector<int>& origin, std::optional<std::vector<int>> axes, nb::object stream) {
          const ndimage::UniformFilterOptions o{to_output(output), to_modes(mode), cval, origin, axes};
          return run(stream, [&] { return ndimage::uniform_filter(input.array, size, o); });
        },
        "input"_a, "size"_a, "output"_a.none(), "mode"_a, "cval"_a, "origin"_a, "axes"_a.none(), "stream"_a = 0);

  for (const char* fname : {"sobel", "prewitt"}) {
    const bool is_sobel = std::string(fname) == "sobel";
    m.def(fname,
          [is_sobel](const Array& input, int axis, nb::object output, const std::vector<std::string>& mode, double cval,
                     nb::object stream) {
            const ndimage::DerivativeOptions o{axis, to_output(output), to_modes(mode), cval};
            return run(stream, [&] { return is_sobel ? ndimage::sobel(input.array, o) : ndimage::prewitt(input.array, o); });
          },
          "input"_a, "axis"_a, "output"_a.none(), "mode"_a, "cval"_a, "stream"_a = 0);
  }

  for (const char* fname : {"correlate", "convolve"}) {
    const bool is_correlate = std::string(fname) == "correlate";
    m.def(fname,
          [is_correlate](const Array& input, const Array& weights, nb::object output, const std::string& mode,
                         double cval, const std::vector<int>& origin, std::optional<std::vector<int>> axes,
                         nb::object stream) {
            const ndimage::CorrelateOptions o{to_output(output), ndimage::parse_mode(mode), cval, origin, axes};
            return run(stream, [&] {
              return is_correlate ? ndimage::correlate(input.array, weights.array, o)
                                  : ndimage::convolve(input.array, weights.array, o);
            });
          },
          "input"_a, "weights"_a, "output"_a.none(), "mode"_a, "cval"_a, "origin"_a, "axes"_a.none(),
          "stream"_a = 0);
  }

  using Filter1d = NDArray (*)(const NDArray&, int, const ndimage::Correlate1dOptions&);
  for (auto [fname, fn] : {std::pair<const char*, Filter1d>{"uniform_filter1d", &ndimage::uniform_filter1d},
                           {"minimum_filter1d", &ndimage::minimum_filter1d},
                           {"maximum_filter1d", &ndimage::maximum_filter1d}}) {
    m.def(fname,
          [fn](const Array& input, int size, int axis, nb::object output, const std::string& mode, double cval,
               int origin, nb::object stream) {
            const ndimage::Correlate1dOptions o{axis, to_output(output), ndimage::parse_mode(mode), cval, origin};
            return run(stream, [&] { return fn(input.array, size, o); });
          },
          "input"_a, "size"_a, "axis"_a, "output"_a.none(), "mode"_a, "cval"_a, "origin"_a, "stream"_a = 0);
  }

  for (const char* fname : {"minimum_filter", "maximum_filter"}) {
    const bool is_min = std::string(fname) == "minimum_filter";
    m.def(fname,
          [is_min](const Array& input, const std::vector<int>& size, std::optional<Array> footprint, nb::object output,
                   const std::vector<std::string>& mode, double cval, const std::vector<int>& origin,
                   std::optional<std::vector<int>> axes, nb::object stream) {
            const ndimage::MinMaxFilterOptions o{size, or_empty(footprint), to_output(output),
                                                 to_modes(mode), cval, origin, axes};
            return run(stream, [&] {
              return is_min ? ndimage::minimum_filter(input.array, o) : ndimage::maximum_filter(input.array, o);
            });
          },
          "input"_a, "size"_a, "footprint"_a.none(), "output"_a.none(), "mode"_a, "cval"_a, "origin"_a,
          "axes"_a.none(), "stream"_a = 0);
  }

  m.def("rank_filter",
        [](const Array& input, const std::string& operation, double value, const std::vector<int>& size,
           std::optional<Array> footprint, nb::object output, const std::vector<std::string>& mode, double cval,
           const std::vector<int>& origin, std::optional<std::vector<int>> axes, nb::object stream) {
          const ndimage::RankFilterOptions o{size, or_empty(footprint), to_output(output),
                                             to_modes(mode), cval, origin, axes};
          return run(stream, [&] {
            if (operation == "median") return ndimage::median_filter(input.array, o);
            if (operation == "percentile") return ndimage::percentile_filter(input.array, value, o);
            return ndimage::rank_filter(input.array, static_cast<int>(value), o);
          });
        },
        "input"_a, "operation"_a, "value"_a, "size"_a, "footprint"_a.none(), "output"_a.none(), "mode"_a, "cval"_a,
        "origin"_a, "axes"_a.none(), "stream"_a = 0);

  m.def("grey_morphology",
        [](const std::string& operation, const Array& input, const std::vector<int>& size,
           std::optional<Array> footprint, std::optional<Array> structure, nb::object output,
           const std::vector<std::string>& mode, double cval, const std::vector<int>& origin,
           std::optional<std::vector<int>> axes, nb::object stream) {
          using Fn = NDArray (*)(const NDArray&, const ndimage::GreyMorphologyOptions&);
          static const std::pair<const char*, Fn> table[] = {
              {"grey_erosion", &ndimage::grey_erosion},
              {"grey_dilation", &ndimage::grey_dilation},
              {"grey_opening", &ndimage::grey_opening},
              {"grey_closing", &ndimage::grey_closing},
              {"morphological_gradient", &ndimage::morphological_gradient},
              {"morphological_laplace", &ndimage::morphological_laplace},
              {"white_tophat", &ndimage::white_tophat},
              {"black_tophat", &ndimage::black_tophat}};
          const Fn fn = lookup(table, operation);
          const ndimage::GreyMorphologyOptions o{size, or_empty(footprint),
                                                or_empty(structure), to_output(output),
                                                to_modes(mode), cval, origin, axes};
          return run(stream, [&] { return fn(input.array, o); });
        },
        "operation"_a, "input"_a, "size"_a, "footprint"_a.none(), "structure"_a.none(), "output"_a.none(),
        "mode"_a, "cval"_a, "origin"_a, "axes"_a.none(), "stream"_a = 0);

  m.def("generate_binary_structure", [](int rank, int connectivity) {
    return Array{ndimage::generate_binary_structure(rank, connectivity)};
  });
  m.def("iterate_structure", [](const Array& structure, int iterations) {
    return Array{ndimage::iterate_structure(structure.array, iterations)};
  });

  m.def("binary_morphology",
        [](const std::string& operation, const Array& input, std::optional<Array> structure, int iterations,
           std::optional<Array> mask, nb::object output, bool border_value, const std::vector<int>& origin,
           std::optional<std::vector<int>> axes, nb::object stream) {
          using Fn = NDArray (*)(const NDArray&, const ndimage::BinaryMorphologyOptions&);
          static const std::pair<const char*, Fn> table[] = {{"binary_erosion", &ndimage::binary_erosion},
                                                             {"binary_dilation", &ndimage::binary_dilation},
                                                             {"binary_opening", &ndimage::binary_opening},
                                                             {"binary_closing", &ndimage::binary_closing},
                                                             {"binary_propagation", &ndimage::binary_propagation},
                                                             {"binary_fill_holes", &ndimage::binary_fill_holes}};
          const Fn fn = lookup(table, operation);
          const ndimage::BinaryMorphologyOptions o{or_empty(structure), iterations,
                                                  or_empty(mask), to_output(output), border_value,
                                                  origin, axes};
          return run(stream, [&] { return fn(input.array, o); });
        },
        "operation"_a, "input"_a, "structure"_a.none(), "iterations"_a, "mask"_a.none(), "output"_a.none(),
        "border_value"_a, "origin"_a, "axes"_a.none(), "stream"_a = 0);

  m.def("binary_hit_or_miss",
        [](const Array& input, std::optional<Array> structure1, std::optional<Array> structure2, nb::object output,
           const std::vector<int>& origin1, std::optional<std::vector<int>> origin2,
           std::optional<std::vector<int>> axes, nb::object stream) {
          return run(stream, [&] {
            return ndimage::binary_hit_or_miss(input.array, or_empty(structure1),
                                               or_empty(structure2), to_output(output), origin1,
                                               origin2, axes);
          });
        },
        "input"_a, "structure1"_a.none(), "structure2"_a.none(), "output"_a.none(), "origin1"_a, "origin2"_a.none(),
        "axes"_a.none(), "stream"_a = 0);

  m.def("label",
        [](const Array& input, std::optional<Array> structure, nb::object output, nb::object stream) {
          std::int64_t count = 0;
          Array labels = run(stream, [&] {
            auto r = ndimage::label(input.array, or_empty(structure), to_output(output));
            count = r.num_features;
            return r.labels;
          });
          return nb::make_tuple(labels, count);
        },
        "input"_a, "structure"_a.none(), "output"_a.none(), "stream"_a = 0);

  m.def("find_objects",
        [](const Array& input, std::int64_t max_label, nb::object stream) {
          const CallStream s = to_stream(stream);
          const auto boxes = on_stream(s, [&] { return ndimage::find_objects(input.array, max_label); });
          // The list of tuples of slices SciPy returns, built here: in Python it would cost more than
          // finding the boxes.
          // Coordinates are at most the longest axis: one Python int each, made once.
          std::int64_t longest = 0;
          for (auto n : input.array.shape()) longest = std::max(longest, n);
          std::vector<nb::object> ints(static_cast<std::size_t>(longest) + 1);
          auto as_int = [&](std::int64_t v) -> PyObject* {
            auto& o = ints[static_cast<std::size_t>(v)];
            if (!o.is_valid()) {
              PyObject* made = PyLong_FromLongLong(v);
              if (!made) throw nb::python_error();
              o = nb::steal(made);
            }
            return o.ptr();
          };
          // The cyclic collector would run every few hundred tuples made here, each time walking
          // all the objects made so far: it is off while the list is built (50 000 labels: 37 ms
          // with it, 16 ms without).
          struct CollectorOff {
#if PY_VERSION_HEX >= 0x030A0000
            int was = PyGC_Disable();
            ~CollectorOff() {
              if (was) PyGC_Enable();
            }
#endif
          } collector_off;
          nb::list result = nb::steal<nb::list>(PyList_New(static_cast<Py_ssize_t>(boxes.size())));
          if (!result.is_valid()) throw nb::python_error();
          for (std::size_t k = 0; k < boxes.size(); ++k) {
            PyObject* item = Py_None;
            if (const auto& box = boxes[k]) {
              item = PyTuple_New(static_cast<Py_ssize_t>(box->size()));
              if (!item) throw nb::python_error();
              PyList_SET_ITEM(result.ptr(), static_cast<Py_ssize_t>(k), item);  // the list owns it from here
              for (std::size_t d = 0; d < box->size(); ++d) {
                PyObject* slice = PySlice_New(as_int((*box)[d].first), as_int((*box)[d].second), nullptr);
                if (!slice) throw nb::python_error();
                PyTuple_SET_ITEM(item, static_cast<Py_ssize_t>(d), slice);
              }
            } else {
              Py_INCREF(item);
              PyList_SET_ITEM(result.ptr(), static_cast<Py_ssize_t>(k), item);
            }
          }
          return result;
        },
        "input"_a, "max_label"_a, "stream"_a = 0);

  m.def("region_statistic",
        [](const std::string& operation, const Array& input, std::optional<Array> labels, std::optional<Array> index,
           nb::object stream) {
          using Fn = NDArray (*)(const NDArray&, const NDArray&, const NDArray&);
          static const std::pair<const char*, Fn> table[] = {
              {"count_labels", &ndimage::count_labels},
              {"sum_labels", &ndimage::sum_labels},
              {"mean", &ndimage::mean},
              {"variance", &ndimage::variance},
              {"median", &ndimage::median},
              {"standard_deviation", &ndimage::standard_deviation},
              {"minimum", &ndimage::minimum},
              {"maximum", &ndimage::maximum},
              {"minimum_position", &ndimage::minimum_position},
              {"maximum_position", &ndimage::maximum_position},
              {"center_of_mass", &ndimage::center_of_mass}};
          const Fn fn = lookup(table, operation);
          return run(stream, [&] {
            return fn(input.array, or_empty(labels), or_empty(index));
          });
        },
        "operation"_a, "input"_a, "labels"_a.none(), "index"_a.none(), "stream"_a = 0);

  m.def("extrema",
        [](const Array& input, std::optional<Array> labels, std::optional<Array> index, nb::object stream) {
          const CallStream s = to_stream(stream);
          const auto r = on_stream(s, [&] {
            return ndimage::extrema(input.array, or_empty(labels), or_empty(index));
          });
          return nb::make_tuple(wrap(r.minimums, s), wrap(r.maximums, s), wrap(r.minimum_positions, s),
                                wrap(r.maximum_positions, s));
        },
        "input"_a, "labels"_a.none(), "index"_a.none(), "stream"_a = 0);

  m.def("histogram",
        [](const Array& input, double min, double max, std::int64_t bins, std::optional<Array> labels,
           std::optional<Array> index, nb::object stream) {
          return run(stream, [&] {
            return ndimage::histogram(input.array, min, max, bins, or_empty(labels),
                                      or_empty(index));
          });
        },
        "input"_a, "min"_a, "max"_a, "bins"_a, "labels"_a.none(), "index"_a.none(), "stream"_a = 0);

  m.def("value_indices",
        [](const Array& arr, std::optional<std::int64_t> ignore_value, nb::object stream) {
          const CallStream s = to_stream(stream);
          const auto r = on_stream(s, [&] { return ndimage::value_indices(arr.array, ignore_value); });
          return nb::make_tuple(Array{r.values}, Array{r.starts}, Array{r.counts}, wrap(r.coordinates, s));
        },
        "arr"_a, "ignore_value"_a.none(), "stream"_a = 0);

  m.def("distance_transform_edt",
        [](const Array& input, std::vector<double> sampling, bool return_distances, bool return_indices,
           std::optional<Array> distances, std::optional<Array> indices, nb::object stream) {
          const ndimage::DistanceTransformEdtOptions o{
              std::move(sampling), return_distances, return_indices,
              distances ? writable(*distances, "distances") : NDArray{},
              indices ? writable(*indices, "indices") : NDArray{}};
          const CallStream s = to_stream(stream);
          const auto r = on_stream(s, [&] { return ndimage::distance_transform_edt(input.array, o); });
          auto result = [&](const NDArray& a) { return a.defined() ? nb::cast(wrap(a, s)) : nb::none(); };
          return nb::make_tuple(result(r.distances), result(r.indices));
        },
        "input"_a, "sampling"_a, "return_distances"_a, "return_indices"_a, "distances"_a.none(),
        "indices"_a.none(), "stream"_a = 0);

  m.def("distance_transform_cdt",
        [](const Array& input, const std::string& metric, std::optional<Array> structure, bool return_distances,
           bool return_indices, std::optional<Array> distances, std::optional<Array> indices, nb::object stream) {
          const ndimage::DistanceTransformCdtOptions o{
              metric, structure ? structure->array : NDArray{}, return_distances, return_indices,
              distances ? writable(*distances, "distances") : NDArray{},
              indices ? writable(*indices, "indices") : NDArray{}};
          const CallStream s = to_stream(stream);
          const auto r = on_stream(s, [&] { return ndimage::distance_transform_cdt(input.array, o); });
          auto result = [&](const NDArray& a) { return a.defined() ? nb::cast(wrap(a, s)) : nb::none(); };
          return nb::make_tuple(result(r.distances), result(r.indices));
        },
        "input"_a, "metric"_a, "structure"_a.none(), "return_distances"_a, "return_indices"_a, "distances"_a.none(),
        "indices"_a.none(), "stream"_a = 0);

  m.def("spline_filter1d",
        [](const Array& input, int order, int axis, nb::object output, const std::string& mode, nb::object stream) {
          const ndimage::SplineFilter1dOptions o{order, axis, to_output(output), ndimage::parse_mode(mode)};
          return run(stream, [&] { return ndimage::spline_filter1d(input.array, o); });
        },
        "input"_a, "order"_a, "axis"_a, "output"_a.none(), "mode"_a, "stream"_a = 0);

  m.def("spline_filter",
        [](const Array& input, int order, nb::object output, const std::string& mode, nb::object stream) {
          const ndimage::SplineFilterOptions o{order, to_output(output), ndimage::parse_mode(mode)};
          return run(stream, [&] { return ndimage::spline_filter(input.array, o); });
        },
        "input"_a, "order"_a, "output"_a.none(), "mode"_a, "stream"_a = 0);

  // map_coordinates, affine_transform, shift, zoom and rotate: `transform` names the mapping and
  // `args` holds its arguments (coordinates; matrix, offset, output_shape; shift; zoom, grid_mode;
  // angle, axes, reshape).
  m.def("interpolate",
        [](const std::string& transform, const Array& input, nb::tuple args, nb::object output, int order,
           const std::string& mode, double cval, bool prefilter, nb::object stream) {
          const ndimage::InterpolationOptions o{to_output(output), order, ndimage::parse_mode(mode), cval, prefilter};
          if (transform == "map_coordinates") {
            const auto coordinates = nb::cast<Array>(args[0]);
            return run(stream, [&] { return ndimage::map_coordinates(input.array, coordinates.array, o); });
          }
          if (transform == "affine_transform") {
            const auto matrix = nb::cast<Array>(args[0]);
            const auto offset = nb::cast<std::vector<double>>(args[1]);
            const auto shape = nb::cast<std::optional<Shape>>(args[2]);
            return run(stream, [&] { return ndimage::affine_transform(input.array, matrix.array, offset, shape, o); });
          }
          if (transform == "shift") {
            const auto shift = nb::cast<std::vector<double>>(args[0]);
            return run(stream, [&] { return ndimage::shift(input.array, shift, o); });
          }
          if (transform == "zoom") {
            const auto zoom = nb::cast<std::vector<double>>(args[0]);
            const bool grid_mode = nb::cast<bool>(args[1]);
            return run(stream, [&] { return ndimage::zoom(input.array, zoom, o, grid_mode); });
          }
          if (transform == "rotate") {
            const auto angle = nb::cast<double>(args[0]);
            const auto axes = nb::cast<std::vector<int>>(args[1]);
            const bool reshape = nb::cast<bool>(args[2]);
            if (axes.size() != 2) throw ValueError("axes should contain exactly two values");
            return run(stream, [&] { return ndimage::rotate(input.array, angle, o, {axes[0], axes[1]}, reshape); });
          }
          throw ValueError("unknown transform " + transform);
        },
        "transform"_a, "input"_a, "args"_a, "output"_a.none(), "order"_a, "mode"_a, "cval"_a, "prefilter"_a,
        "stream"_a = 0);

  // fourier_gaussian, fourier_uniform, fourier_ellipsoid, fourier_shift, named by `filter`.
  m.def("fourier",
        [](const std::string& filter, const Array& input, const std::vector<double>& values, std::int64_t n, int axis,
           nb::object output, nb::object stream) {
          using Fn = NDArray (*)(const NDArray&, const std::vector<double>&, const ndimage::FourierOptions&);
          static const std::pair<const char*, Fn> filters[] = {{"gaussian", &ndimage::fourier_gaussian},
                                                               {"uniform", &ndimage::fourier_uniform},
                                                               {"ellipsoid", &ndimage::fourier_ellipsoid},
                                                               {"shift", &ndimage::fourier_shift}};
          const Fn fn = lookup(filters, filter);
          const ndimage::FourierOptions o{n, axis, to_output(output, true)};
          return run(stream, [&] { return fn(input.array, values, o); });
        },
        "filter"_a, "input"_a, "values"_a, "n"_a, "axis"_a, "output"_a.none(), "stream"_a = 0);

  m.def("laplace",
        [](const Array& input, nb::object output, const std::vector<std::string>& mode, double cval,
           std::optional<std::vector<int>> axes, nb::object stream) {
          const ndimage::LaplaceOptions o{to_output(output), to_modes(mode), cval, axes};
          return run(stream, [&] { return ndimage::laplace(input.array, o); });
        },
        "input"_a, "output"_a.none(), "mode"_a, "cval"_a, "axes"_a.none(), "stream"_a = 0);

  for (const char* fname : {"gaussian_laplace", "gaussian_gradient_magnitude"}) {
    const bool is_laplace = std::string(fname) == "gaussian_laplace";
    m.def(fname,
          [is_laplace](const Array& input, const std::vector<double>& sigma, nb::object output,
                       const std::vector<std::string>& mode, double cval, double truncate,
                       const std::vector<int>& radius, std::optional<std::vector<int>> axes, nb::object stream) {
            const ndimage::GaussianDerivativeOptions o{to_output(output), to_modes(mode), cval, truncate, radius, axes};
            return run(stream, [&] {
              return is_laplace ? ndimage::gaussian_laplace(input.array, sigma, o)
                                : ndimage::gaussian_gradient_magnitude(input.array, sigma, o);
            });
          },
          "input"_a, "sigma"_a, "output"_a.none(), "mode"_a, "cval"_a, "truncate"_a, "radius"_a, "axes"_a.none(),
          "stream"_a = 0);
  }

  m.def("gaussian_kernel1d", &ndimage::gaussian_kernel1d, "sigma"_a, "order"_a, "radius"_a);

  m.def("gaussian_filter1d",
        [](const Array& input, double sigma, int axis, int order, nb::object output, const std::string& mode, double cval,
           double truncate, std::optional<int> radius, nb::object stream) {
          const ndimage::GaussianFilter1dOptions o{axis, order, to_output(output), ndimage::parse_mode(mode), cval,
                                                   truncate, radius};
          return run(stream, [&] { return ndimage::gaussian_filter1d(input.array, sigma, o); });
        },
        "input"_a, "sigma"_a, "axis"_a, "order"_a, "output"_a.none(), "mode"_a, "cval"_a, "truncate"_a,
        "radius"_a.none(), "stream"_a = 0);

  m.def("gaussian_filter",
        [](const Array& input, const std::vector<double>& sigma, const std::vector<int>& order, nb::object output,
           const std::vector<std::string>& mode, double cval, double truncate, const std::vector<int>& radius,
           std::optional<std::vector<int>> axes, nb::object stream) {
          const ndimage::GaussianFilterOptions o{order, to_output(output), to_modes(mode), cval, truncate, radius, axes};
          return run(stream, [&] { return ndimage::gaussian_filter(input.array, sigma, o); });
        },
        "input"_a, "sigma"_a, "order"_a, "output"_a.none(), "mode"_a, "cval"_a, "truncate"_a, "radius"_a, "axes"_a.none(),
        "stream"_a = 0);

  m.def("gaussian",
        [](const Array& image, const std::vector<double>& sigma, const std::string& mode, double cval,
           bool preserve_range, double truncate, std::optional<int> channel_axis, std::optional<Array> out,
           nb::object stream) {
          filters::GaussianOptions o{sigma, ndimage::parse_mode(mode), cval, preserve_range, truncate, channel_axis,
                                     out ? writable(*out, "out") : NDArray{}};
          return run(stream, [&] { return filters::gaussian(image.array, o); });
        },
        "image"_a, "sigma"_a, "mode"_a, "cval"_a, "preserve_range"_a, "truncate"_a, "channel_axis"_a.none(),
        "out"_a.none(), "stream"_a = 0);

  m.def("rgb2gray", [](const Array& rgb, int channel_axis, nb::object stream) {
    return run(stream, [&] { return color::rgb2gray(rgb.array, {channel_axis}); });
  }, "rgb"_a, "channel_axis"_a, "stream"_a = 0);

  m.def("img_as_float32", [](const Array& a, nb::object stream) {
    return run(stream, [&] { return util::img_as_float32(a.array); });
  }, "image"_a, "stream"_a = 0);
  m.def("img_as_float64", [](const Array& a, nb::object stream) {
    return run(stream, [&] { return util::img_as_float64(a.array); });
  }, "image"_a, "stream"_a = 0);
}
