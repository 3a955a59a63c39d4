// The few libxml2 pieces the vendors' XML metadata needs (Philips, OME-TIFF).
#pragma once
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>
#include <optional>
#include <string>

namespace cupix::io::detail {

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDoc = std::unique_ptr<xmlDoc, XmlDocFree>;

// The document, or null when `xml` does not parse (no network access, no messages printed).
XmlDoc parse_xml(const std::string& xml);

// Whether `n` is an element named `element` (false for null).
bool is_element(const xmlNode* n, const char* element);

// Attribute `name` of an element, if present.
std::optional<std::string> xml_attribute(const xmlNode* n, const char* name);

// The element's text content (its descendants' text, concatenated).
std::string xml_text(const xmlNode* n);

}  // namespace cupix::io::detail
