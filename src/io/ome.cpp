// OME-TIFF: the ImageDescription of the first directory is OME-XML. The first image's planes
// (one directory per channel, or one directory whose samples are the channels) are its level 0;
// each plane's SubIFDs, or else the reduced-resolution directories that follow, are the smaller
// levels. OpenSlide reads such files as a one-level generic TIFF; cupix reads every level, and
// with Slide::read_region_raw every channel in its stored type.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "cupix/core/error.hpp"
#include "io/vendor.hpp"
#include "io/xml.hpp"

namespace cupix::io::detail {
namespace {

// OME-XML, parsed only when the description looks like it (others are often large).
XmlDoc parse_ome(const std::string& xml) { return xml.find("<OME") == std::string::npos ? nullptr : parse_xml(xml); }

const xmlNode* child(const xmlNode* n, const char* element) {
  for (const xmlNode* c = n ? n->children : nullptr; c; c = c->next)
    if (is_element(c, element)) return c;
  return nullptr;
}

std::string property(const xmlNode* n, const char* name, const std::string& fallback = "") {
  return xml_attribute(n, name).value_or(fallback);
}

std::int64_t integer(const xmlNode* n, const char* name) {
  const std::string s = property(n, name);
  char* end = nullptr;
  const long long v = s.empty() ? -1 : std::strtoll(s.c_str(), &end, 10);
  return end && *end == 0 && v >= 0 ? v : -1;
}

// Microns per unit of OME's length units (the physical sizes' default is µm).
double microns(const std::string& unit) {
  if (unit.empty() || unit == "µm" || unit == "\u00b5m" || unit == "um") return 1;
  if (unit == "nm") return 1e-3;
  if (unit == "mm") return 1e3;
  if (unit == "cm") return 1e4;
  if (unit == "m") return 1e6;
  return 0;  // unknown: no mpp
}

}  // namespace

bool is_ome(const Directory& d0) {
  const auto doc = parse_ome(d0.description);
  return doc && is_element(xmlDocGetRootElement(doc.get()), "OME");
}

Layout ome(std::vector<Directory>& dirs) {
  const auto doc = parse_ome(dirs[0].description);
  const xmlNode* pixels = child(child(xmlDocGetRootElement(doc.get()), "Image"), "Pixels");
  if (!pixels) throw IOError("OME-TIFF: the OME-XML has no Image with Pixels");
  const std::int64_t size_c = std::max<std::int64_t>(1, integer(pixels, "SizeC"));
  const std::int64_t size_z = std::max<std::int64_t>(1, integer(pixels, "SizeZ"));
  const std::string order = property(pixels, "DimensionOrder", "XYCZT");
  Layout l;
  l.vendor = "ome-tiff";
  // The planes of channels 0..C-1 at Z = T = 0: one directory holding every channel as samples,
  // or one directory per channel, at plane index c (C before Z) or c * SizeZ (Z before C).
  std::vector<Directory*> planes;
  if (dirs[0].samples_per_pixel == size_c) {
    planes.push_back(&dirs[0]);
  } else {
    const bool c_first = order.rfind("XYC", 0) == 0;
    for (std::int64_t c = 0; c < size_c; ++c) {
      const std::int64_t ifd = c_first ? c : c * size_z;
      if (ifd >= static_cast<std::int64_t>(dirs.size()) || dirs[ifd].samples_per_pixel != 1)
        throw NotSupported("OME-TIFF: channel " + std::to_string(c) + " is not a one-sample directory at IFD " +
                           std::to_string(ifd));
      planes.push_back(&dirs[ifd]);
    }
  }
  // Levels: the planes' SubIFDs, else the reduced-resolution directories after the image's planes.
  const std::size_t sub_levels = planes[0]->subifds.size();
  for (const Directory* p : planes)
    if (p->subifds.size() != sub_levels || p->width != planes[0]->width || p->height != planes[0]->height)
      throw NotSupported("OME-TIFF: the channels' planes differ in size or levels");
  std::vector<std::vector<const Directory*>> levels{{planes.begin(), planes.end()}};
  if (sub_levels > 0) {
    for (std::size_t k = 0; k < sub_levels; ++k) {
      levels.emplace_back();
      for (const Directory* p : planes) levels.back().push_back(&p->subifds[k]);
    }
  } else if (planes.size() == 1) {
    for (const Directory& d : dirs)
      if (&d != planes[0] && d.tiled && (d.subfile_type & 1)) levels.push_back({&d});
  }
  std::stable_sort(levels.begin() + 1, levels.end(), [](auto& x, auto& y) { return x[0]->width > y[0]->width; });
  for (const auto& level : levels) {
    if (!level[0]->tiled) throw NotSupported("OME-TIFF: levels must be tiled");
    l.levels.push_back(level[0]);
    l.planes.push_back(level);
  }
  // Properties: the image's name, its pixels' and its channels' attributes, and the mpp.
  if (const std::string name = property(pixels->parent, "Name"); !name.empty()) l.properties["ome.Image.Name"] = name;
  for (const xmlAttr* a = pixels->properties; a; a = a->next) {
    const auto* name = reinterpret_cast<const char*>(a->name);
    l.properties["ome.Pixels." + std::string(name)] = property(pixels, name);
  }
  int c = 0;
  for (const xmlNode* ch = pixels->children; ch; ch = ch->next) {
    if (!is_element(ch, "Channel")) continue;
    for (const char* key : {"Name", "ID", "SamplesPerPixel", "EmissionWavelength", "ExcitationWavelength", "Color"})
      if (const std::string v = property(ch, key); !v.empty())
        l.properties["ome.Channel[" + std::to_string(c) + "]." + key] = v;
    ++c;
  }
  for (const auto& [axis, key] : {std::pair{"X", "openslide.mpp-x"}, std::pair{"Y", "openslide.mpp-y"}}) {
    double size = 0;
    const double scale = microns(property(pixels, (std::string("PhysicalSize") + axis + "Unit").c_str()));
    if (scale > 0 && parse_openslide_double(property(pixels, (std::string("PhysicalSize") + axis).c_str()), size) &&
        size > 0)
      l.properties[key] = format_property(size * scale);
  }
  return l;
}

}  // namespace cupix::io::detail
