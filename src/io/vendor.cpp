#include "io/vendor.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cupix::io::detail {
namespace {

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r\n\f\v");
  if (a == std::string::npos) return "";
  const auto b = s.find_last_not_of(" \t\r\n\f\v");
  return s.substr(a, b - a + 1);
}

// The tiff.* properties and openslide.comment, from directory 0 as OpenSlide reads them.
void tiff_properties(const Directory& d, std::map<std::string, std::string>& props) {
  bool unit = false;
  for (const auto& [k, v] : d.tags) {
    props["tiff." + k] = v;
    unit |= k == "ResolutionUnit";
  }
  if (!unit) props["tiff.ResolutionUnit"] = "inch";  // the TIFF default
  if (!d.description.empty()) props["openslide.comment"] = d.description;
}

// Generic TIFF: microns per pixel from the resolution tags (pixels per inch or per centimetre).
void resolution_mpp(const Directory& d, std::map<std::string, std::string>& props) {
  const std::string unit = props["tiff.ResolutionUnit"];
  const double microns = unit == "inch" ? 25400.0 : unit == "centimeter" ? 10000.0 : 0.0;
  if (microns == 0 || d.x_resolution == 0 || d.y_resolution == 0) return;
  props["openslide.mpp-x"] = format_property(microns / d.x_resolution);
  props["openslide.mpp-y"] = format_property(microns / d.y_resolution);
}

// Aperio's ImageDescription: a header, then "key = value" fields separated by '|'.
void aperio_properties(const std::string& desc, std::map<std::string, std::string>& props) {
  std::size_t start = desc.find('|');
  while (start != std::string::npos) {
    const std::size_t end = desc.find('|', start + 1);
    const std::string field = desc.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
    const std::size_t eq = field.find('=');
    if (eq != std::string::npos) props["aperio." + trim(field.substr(0, eq))] = trim(field.substr(eq + 1));
    start = end;
  }
  double v = 0;
  if (auto it = props.find("aperio.AppMag"); it != props.end() && parse_openslide_double(it->second, v))
    props["openslide.objective-power"] = format_property(v);
  if (auto it = props.find("aperio.MPP"); it != props.end() && parse_openslide_double(it->second, v))
    props["openslide.mpp-x"] = props["openslide.mpp-y"] = format_property(v);
}

// OpenSlide's rule for Aperio tiles stored with no bytes (an encoder bug): painted from the next
// larger level, as are the tiles of each smaller level over one (they are often corrupt too).
// The larger level's tile grid maps to this one's by the rounded ratio of their tile counts.
void mark_repainted(Directory& d, const Directory* larger, const Directory& base) {
  if (d.tile_width <= 0 || d.tile_height <= 0) return;  // rejected when the slide opens
  const std::int64_t across = d.tiles_across(), down = d.tiles_down();
  d.repainted.assign(static_cast<std::size_t>(across * down), false);
  for (std::size_t k = 0; k < d.repainted.size() && k < d.byte_counts.size(); ++k)
    if (d.byte_counts[k] == 0) d.repainted[k] = true;
  if (!larger || larger->repainted.empty()) return;
  const std::int64_t big_across = larger->tiles_across(), big_down = larger->tiles_down();
  const auto cx = std::max<std::int64_t>(1, std::llround(double(big_across) / double(across)));
  const auto cy = std::max<std::int64_t>(1, std::llround(double(big_down) / double(down)));
  for (std::size_t k = 0; k < larger->repainted.size(); ++k) {
    if (!larger->repainted[k]) continue;
    const std::int64_t col = static_cast<std::int64_t>(k) % big_across / cx;
    const std::int64_t row = static_cast<std::int64_t>(k) / big_across / cy;
    if (col < across && row < down) d.repainted[static_cast<std::size_t>(row * across + col)] = true;
  }
  d.repaint_from = larger;
  auto downsample = [&](const Directory& x) {
    return (double(base.height) / double(x.height) + double(base.width) / double(x.width)) / 2;
  };
  d.repaint_scale = downsample(d) / downsample(*larger);
}

Layout aperio(std::vector<Directory>& dirs) {
  Layout l;
  l.vendor = "aperio";
  Directory* larger = nullptr;
  for (Directory& d : dirs) {
    if (d.tiled) {
      if (d.width > 0 && d.height > 0 && dirs[0].width > 0 && dirs[0].height > 0) mark_repainted(d, larger, dirs[0]);
      larger = &d;
      l.levels.push_back(&d);
    } else if (d.index == 1) {
      l.associated.emplace_back("thumbnail", &d);
    } else if (d.subfile_type == 1 || d.subfile_type == 9) {
      l.associated.emplace_back(d.subfile_type == 1 ? "label" : "macro", &d);
    }
  }
  aperio_properties(dirs[0].description, l.properties);
  return l;
}

Layout generic(const std::vector<Directory>& dirs) {
  Layout l;
  l.vendor = "generic-tiff";
  for (const Directory& d : dirs)
    if (d.tiled && (d.index == 0 || (d.subfile_type & 1))) l.levels.push_back(&d);
  std::stable_sort(l.levels.begin(), l.levels.end(), [](auto* a, auto* b) { return a->width > b->width; });
  return l;
}

}  // namespace

bool parse_openslide_double(std::string s, double& v) {
  std::replace(s.begin(), s.end(), ',', '.');
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return end && *end == 0;
}

std::string format_property(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

Layout detect_layout(std::vector<Directory>& dirs, std::deque<Directory>& embedded) {
  if (dirs.empty() || !dirs[0].tiled) return {};
  Layout l = dirs[0].description.rfind("Aperio", 0) == 0 ? aperio(dirs)
             : is_philips(dirs[0])                      ? philips(dirs, embedded)
             : is_ome(dirs[0])                          ? ome(dirs)
                                                        : generic(dirs);
  tiff_properties(dirs[0], l.properties);
  if (l.vendor == "philips") {  // the XML went into philips.* properties
    l.properties.erase("tiff.ImageDescription");
    l.properties.erase("openslide.comment");
  }
  if (l.vendor == "generic-tiff") resolution_mpp(dirs[0], l.properties);
  for (const auto& [name, d] : l.associated) {
    l.properties["openslide.associated." + name + ".width"] = std::to_string(d->width);
    l.properties["openslide.associated." + name + ".height"] = std::to_string(d->height);
  }
  l.properties["openslide.vendor"] = l.vendor;
  return l;
}

}  // namespace cupix::io::detail
