// Which directories of a TIFF are a slide's levels and associated images, and the properties
// OpenSlide reports for it: the vendor-specific part of opening a slide.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "io/tiff_directory.hpp"

namespace cupix::io::detail {

struct Layout {
  std::string vendor;
  std::vector<const Directory*> levels;  // largest first
  std::vector<std::pair<std::string, const Directory*>> associated;
  std::map<std::string, std::string> properties;  // vendor and tiff.* keys; slide.cpp adds the level keys
};

// OpenSlide's vendor detection for TIFF files, in its order: Aperio, then generic tiled TIFF.
// Returns a Layout with an empty vendor when none applies. Marks the Aperio tiles that are
// repainted from a larger level (Directory::repainted).
Layout detect_layout(std::vector<Directory>& dirs);

// printf's %.17g, as OpenSlide formats floating-point properties (shortest exact round trip).
std::string format_property(double v);

}  // namespace cupix::io::detail
