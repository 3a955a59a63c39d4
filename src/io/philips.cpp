// Philips TIFF, as OpenSlide's "philips" vendor reads it: the Software tag starts "Philips" and
// the ImageDescription is the slide's XML (a DataObject of type DPUfsImport). Levels are the
// tiled directories; their sizes and downsamples come from the XML's pixel spacings (the stored
// levels are padded to whole tiles); properties are the XML's attributes; the label and macro
// are directories described "Label"/"Macro", or base64 JPEG streams in the XML.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cupix/core/error.hpp"
#include "io/decode.hpp"
#include "io/vendor.hpp"
#include "io/xml.hpp"

namespace cupix::io::detail {
namespace {

bool has_element_child(const xmlNode* n) {
  for (const xmlNode* c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) return true;
  return false;
}

// The <Attribute> children of a DataObject.
std::vector<const xmlNode*> attributes(const xmlNode* object) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = object->children; c; c = c->next)
    if (is_element(c, "Attribute")) out.push_back(c);
  return out;
}

const xmlNode* attribute(const xmlNode* object, const char* name) {
  for (const xmlNode* a : attributes(object))
    if (xml_attribute(a, "Name") == name) return a;
  return nullptr;
}

// The DataObjects in an <Attribute>'s <Array>.
std::vector<const xmlNode*> array_objects(const xmlNode* attr) {
  std::vector<const xmlNode*> out;
  if (!attr) return out;
  for (const xmlNode* a = attr->children; a; a = a->next)
    if (is_element(a, "Array"))
      for (const xmlNode* o = a->children; o; o = o->next)
        if (is_element(o, "DataObject")) out.push_back(o);
  return out;
}

// The scanned images of one type ("WSI", "LABELIMAGE", "MACROIMAGE"), in document order.
std::vector<const xmlNode*> scanned_images(const xmlNode* root, const char* type) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* o : array_objects(attribute(root, "PIM_DP_SCANNED_IMAGES"))) {
    const xmlNode* t = attribute(o, "PIM_DP_IMAGE_TYPE");
    if (t && xml_text(t) == type) out.push_back(o);
  }
  return out;
}

// philips.* properties: leaf attributes by name, the first WSI image's attributes under the same
// prefix, and each pixel-data representation's under "<prefix>.<name>[i]".
void add_properties(const xmlNode* object, const std::string& prefix, const xmlNode* root,
                    std::map<std::string, std::string>& props) {
  for (const xmlNode* a : attributes(object)) {
    const auto name = xml_attribute(a, "Name");
    if (!name) continue;
    if (*name == "PIM_DP_SCANNED_IMAGES") {
      const auto wsi = scanned_images(root, "WSI");
      if (!wsi.empty()) add_properties(wsi.front(), prefix, root, props);
    } else if (*name == "PIIM_PIXEL_DATA_REPRESENTATION_SEQUENCE") {
      const auto reps = array_objects(a);
      for (std::size_t i = 0; i < reps.size(); ++i)
        add_properties(reps[i], prefix + "." + *name + "[" + std::to_string(i) + "]", root, props);
    } else if (!has_element_child(a)) {
      props[prefix + "." + *name] = xml_text(a);
    }
  }
}

// DICOM_PIXEL_SPACING: two quoted numbers, row spacing then column spacing (mm), one space apart.
bool pixel_spacing(const std::string& s, double& w, double& h) {
  const auto space = s.find(' ');
  if (space == std::string::npos || s.find(' ', space + 1) != std::string::npos) return false;
  auto number = [](std::string t, double& v) {
    t.erase(std::remove(t.begin(), t.end(), '"'), t.end());
    return parse_openslide_double(t, v) && !std::isnan(v);
  };
  return number(s.substr(space + 1), w) && number(s.substr(0, space), h);
}

// The objective power from DICOM_DERIVATION_DESCRIPTION's "levels=<power>,..." field, where the
// first value looks like one (1-200); fields are '-'-separated, up to sourceFilename.
std::optional<int> objective_power(const std::string& s) {
  std::size_t start = 0;
  while (start <= s.size()) {
    const auto end = std::min(s.find('-', start), s.size());
    const std::string item = s.substr(start, end - start);
    const auto eq = item.find('=');
    const std::string key = item.substr(0, eq);
    if (key == "sourceFilename") break;
    if (key == "levels" && eq != std::string::npos) {
      const std::string first = item.substr(eq + 1, item.find(',', eq) - eq - 1);
      char* tail = nullptr;
      const unsigned long long v = first.empty() ? 0 : std::strtoull(first.c_str(), &tail, 10);
      if (tail && *tail == 0 && v >= 1 && v <= 200) return static_cast<int>(v);
      break;
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::vector<std::uint8_t>> base64_decode(const std::string& s) {
  std::vector<std::uint8_t> out;
  unsigned bits = 0;
  int count = 0;
  for (char c : s) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else if (c == '=' || std::isspace(static_cast<unsigned char>(c))) continue;
    else return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(v);
    if ((count += 6) >= 8) {
      count -= 8;
      out.push_back(static_cast<std::uint8_t>(bits >> count));
    }
  }
  return out;
}

// An associated image held as a JPEG stream in the XML: a one-strip directory over the bytes.
std::optional<Directory> xml_jpeg_image(const xmlNode* image) {
  const xmlNode* data = image ? attribute(image, "PIM_DP_IMAGE_DATA") : nullptr;
  if (!data) return std::nullopt;
  auto bytes = base64_decode(xml_text(data));
  std::int64_t w = 0, h = 0;
  int components = 0;
  if (!bytes || !jpeg_header(bytes->data(), bytes->size(), w, h, components) || (components != 1 && components != 3))
    return std::nullopt;  // OpenSlide skips such images too
  Directory d;
  d.width = d.tile_width = w;
  d.height = d.tile_height = h;
  d.compression = kJpeg;
  d.samples_per_pixel = static_cast<std::uint16_t>(components);
  d.photometric = components == 3 ? kYCbCr : kMinIsBlack;
  d.offsets = {0};
  d.byte_counts = {bytes->size()};
  d.memory = std::make_shared<const std::vector<std::uint8_t>>(std::move(*bytes));
  return d;
}

}  // namespace

bool is_philips(const Directory& d0) {
  bool software = false;
  for (const auto& [k, v] : d0.tags) software |= k == "Software" && v.rfind("Philips", 0) == 0;
  if (!software) return false;
  const XmlDoc doc = parse_xml(d0.description);
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  return root && is_element(root, "DataObject") && xml_attribute(root, "ObjectType") == "DPUfsImport";
}

Layout philips(std::vector<Directory>& dirs, std::deque<Directory>& embedded) {
  const XmlDoc doc = parse_xml(dirs[0].description);
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  const auto wsi = scanned_images(root, "WSI");
  if (wsi.size() != 1) throw IOError("Philips slide: expected one WSI image in the XML, found " + std::to_string(wsi.size()));
  Layout l;
  l.vendor = "philips";
  std::vector<Directory*> levels;
  for (Directory& d : dirs) {
    if (d.tiled) {
      if (!levels.empty() && !(d.subfile_type & 1))
        throw IOError("Philips slide: directory " + std::to_string(d.index) + " is not reduced-resolution");
      if (!levels.empty() && (d.width > levels.back()->width || d.height > levels.back()->height))
        throw IOError("Philips slide: unexpected dimensions for directory " + std::to_string(d.index));
      levels.push_back(&d);
    } else if (d.description.rfind("Label", 0) == 0) {
      l.associated.emplace_back("label", &d);
    } else if (d.description.rfind("Macro", 0) == 0) {
      l.associated.emplace_back("macro", &d);
    }
  }
  // Level sizes and downsamples from the pixel spacings (integer downsamples, as OpenSlide).
  std::vector<std::pair<double, double>> spacings;
  for (const xmlNode* rep : array_objects(attribute(wsi.front(), "PIIM_PIXEL_DATA_REPRESENTATION_SEQUENCE"))) {
    const xmlNode* s = xml_attribute(rep, "ObjectType") == "PixelDataRepresentation" ? attribute(rep, "DICOM_PIXEL_SPACING")
                                                                                  : nullptr;
    if (!s) continue;
    double w = 0, h = 0;
    if (!pixel_spacing(xml_text(s), w, h))
      throw IOError("Philips slide: level " + std::to_string(spacings.size()) + ": cannot parse the pixel spacing");
    spacings.emplace_back(w, h);
  }
  if (spacings.size() != levels.size() || levels.empty())
    throw IOError("Philips slide: the XML gives " + std::to_string(spacings.size()) + " level spacings for " +
                  std::to_string(levels.size()) + " levels");
  const Directory& base = *levels.front();
  for (std::size_t i = 0; i < levels.size(); ++i) {
    Directory& d = *levels[i];
    double ds = 1;
    if (i > 0) ds = std::round((spacings[i].first / spacings[0].first + spacings[i].second / spacings[0].second) / 2);
    if (!(ds >= 1 && ds < 1e9)) throw IOError("Philips slide: level " + std::to_string(i) + " has no valid downsample");
    const auto factor = static_cast<std::int64_t>(ds);
    l.geometry.push_back({base.width / factor, base.height / factor, ds, d.tile_width, d.tile_height});
    d.clip_width = l.geometry.back().width;
    d.clip_height = l.geometry.back().height;
    l.levels.push_back(&d);
  }
  // Properties: tiff.* without the XML, then the XML's own.
  add_properties(root, "philips", root, l.properties);
  if (auto it = l.properties.find("philips.DICOM_PIXEL_SPACING"); it != l.properties.end()) {
    double w = 0, h = 0;
    if (pixel_spacing(it->second, w, h)) {
      l.properties["openslide.mpp-x"] = format_property(1e3 * w);
      l.properties["openslide.mpp-y"] = format_property(1e3 * h);
    }
  }
  if (auto it = l.properties.find("philips.DICOM_DERIVATION_DESCRIPTION"); it != l.properties.end())
    if (auto power = objective_power(it->second)) l.properties["openslide.objective-power"] = std::to_string(*power);
  if (auto it = l.properties.find("philips.PIM_DP_UFS_BARCODE"); it != l.properties.end())
    if (auto bytes = base64_decode(it->second)) l.properties["openslide.barcode"] = std::string(bytes->begin(), bytes->end());
  // Associated images in the XML, where no directory gave them (errors are not fatal).
  for (const auto& [name, type] : {std::pair{"label", "LABELIMAGE"}, std::pair{"macro", "MACROIMAGE"}}) {
    bool have = false;
    for (const auto& a : l.associated) have |= a.first == name;
    const auto images = scanned_images(root, type);
    if (have || images.empty()) continue;
    if (auto d = xml_jpeg_image(images.front())) {
      embedded.push_back(std::move(*d));
      l.associated.emplace_back(name, &embedded.back());
    }
  }
  return l;
}

}  // namespace cupix::io::detail
