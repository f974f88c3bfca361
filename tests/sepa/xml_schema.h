// Test helper: validates an XML document against an XSD of tests/data/sepa/
// with libxml2's xmlSchemaValidateDoc, collecting libxml2's messages.
#pragma once

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <cstdarg>
#include <cstdio>
#include <string>

namespace prefill::testing_sepa {

inline std::string SchemaPath(const std::string& format) {
  return std::string(PREFILL_SOURCE_DIR) + "/tests/data/sepa/" + format + ".xsd";
}

// "" when `xml` is valid against the schema of `format` ("pain.008.001.08"),
// else libxml2's messages.
inline void CollectSchemaError(void* ctx, const char* msg, ...) {
  char buf[1024];
  va_list args;
  va_start(args, msg);
  vsnprintf(buf, sizeof buf, msg, args);
  va_end(args);
  *static_cast<std::string*>(ctx) += buf;
}

inline std::string SchemaErrors(const std::string& xml, const std::string& format) {
  std::string errors;
  xmlSchemaParserCtxt* parser = xmlSchemaNewParserCtxt(SchemaPath(format).c_str());
  xmlSchema* schema = parser ? xmlSchemaParse(parser) : nullptr;
  if (schema == nullptr) {
    if (parser) xmlSchemaFreeParserCtxt(parser);
    return "cannot load schema " + SchemaPath(format);
  }
  xmlDoc* doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "pain008.xml", nullptr, XML_PARSE_NONET);
  if (doc == nullptr) {
    errors = "not well-formed XML";
  } else {
    xmlSchemaValidCtxt* valid = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidErrors(valid, CollectSchemaError, CollectSchemaError, &errors);
    const int rc = xmlSchemaValidateDoc(valid, doc);
    if (rc != 0 && errors.empty()) errors = "invalid (code " + std::to_string(rc) + ")";
    xmlSchemaFreeValidCtxt(valid);
    xmlFreeDoc(doc);
  }
  xmlSchemaFree(schema);
  xmlSchemaFreeParserCtxt(parser);
  return errors;
}

}  // namespace prefill::testing_sepa
