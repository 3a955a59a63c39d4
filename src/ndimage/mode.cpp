#include "cupix/ndimage/mode.hpp"

#include <string>

#include "cupix/core/error.hpp"

namespace cupix::ndimage {

Mode parse_mode(std::string_view name) {
  if (name == "reflect") return Mode::reflect;
  if (name == "constant") return Mode::constant;
  if (name == "nearest") return Mode::nearest;
  if (name == "mirror") return Mode::mirror;
  if (name == "wrap") return Mode::wrap;
  if (name == "grid-constant") return Mode::grid_constant;
  if (name == "grid-mirror") return Mode::grid_mirror;
  if (name == "grid-wrap") return Mode::grid_wrap;
  throw RuntimeError("boundary mode not supported: '" + std::string(name) +
                     "' (expected reflect, constant, nearest, mirror, wrap, grid-constant, grid-mirror or grid-wrap)");
}

std::string_view mode_name(Mode mode) {
  switch (mode) {
    case Mode::reflect: return "reflect";
    case Mode::constant: return "constant";
    case Mode::nearest: return "nearest";
    case Mode::mirror: return "mirror";
    case Mode::wrap: return "wrap";
    case Mode::grid_constant: return "grid-constant";
    case Mode::grid_mirror: return "grid-mirror";
    case Mode::grid_wrap: return "grid-wrap";
  }
  return "?";
}

}  // namespace cupix::ndimage
