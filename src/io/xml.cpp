#include "io/xml.hpp"

namespace cupix::io::detail {

XmlDoc parse_xml(const std::string& xml) {
  if (xml.empty()) return nullptr;
  return XmlDoc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

bool is_element(const xmlNode* n, const char* element) {
  return n && n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST element) == 0;
}

std::optional<std::string> xml_attribute(const xmlNode* n, const char* name) {
  xmlChar* v = n ? xmlGetProp(n, BAD_CAST name) : nullptr;
  if (!v) return std::nullopt;
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

std::string xml_text(const xmlNode* n) {
  xmlChar* v = xmlNodeGetContent(n);
  std::string s = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return s;
}

}  // namespace cupix::io::detail
