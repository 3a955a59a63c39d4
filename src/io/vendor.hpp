// Which directories of a TIFF are a slide's levels and associated images, and the properties
// OpenSlide reports for it: the vendor-specific part of opening a slide.
#pragma once
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cupix/io.hpp"
#include "io/tiff_directory.hpp"

namespace cupix::io::detail {

struct Layout {
  std::string vendor;
  std::vector<const Directory*> levels;  // largest first
  std::vector<std::pair<std::string, const Directory*>> associated;
  std::map<std::string, std::string> properties;  // vendor and tiff.* keys; slide.cpp adds the level keys
  // Level sizes and downsamples the vendor gives (Philips); empty: from the directories.
  std::vector<Level> geometry;
  // Per level, the directories holding its channels in order (OME-TIFF: one per channel, or one
  // with every channel as samples); empty: each level's own directory.
  std::vector<std::vector<const Directory*>> planes;
};

// OpenSlide's vendor detection for TIFF files, in its order: Aperio, Philips, then generic tiled
// TIFF; OME-TIFF (which OpenSlide reads as a one-level generic TIFF) before the generic one. Returns a Layout with an empty vendor when none applies. May mark directories (Aperio's
// repainted tiles, Philips' clipped levels), and adds images that live outside the file's
// directories (Philips' XML label and macro) to `embedded`. IOError for a vendor's file that
// breaks its rules, as OpenSlide refuses to open it.
Layout detect_layout(std::vector<Directory>& dirs, std::deque<Directory>& embedded);

// OME-TIFF (io/ome.cpp).
bool is_ome(const Directory& d0);
Layout ome(std::vector<Directory>& dirs);

// Philips TIFF (io/philips.cpp).
bool is_philips(const Directory& d0);
Layout philips(std::vector<Directory>& dirs, std::deque<Directory>& embedded);

// OpenSlide's _openslide_parse_double: commas read as points; the whole string must parse.
bool parse_openslide_double(std::string s, double& v);

// printf's %.17g, as OpenSlide formats floating-point properties (shortest exact round trip).
std::string format_property(double v);

}  // namespace cupix::io::detail
