// Boundary modes of scipy.ndimage. For filters the grid-* names are aliases (SciPy treats
// grid-constant as constant, grid-mirror as reflect and grid-wrap as wrap); interpolation, when it
// comes, tells them apart.
#pragma once
#include <string_view>

namespace cupix::ndimage {

enum class Mode { reflect, constant, nearest, mirror, wrap, grid_constant, grid_mirror, grid_wrap };

// SciPy's mode names ("reflect", "grid-wrap", ...). Unknown names raise RuntimeError, as SciPy does.
Mode parse_mode(std::string_view name);
std::string_view mode_name(Mode mode);

}  // namespace cupix::ndimage
