// The pain.008 writer (src/payments/sepa/pain008.h): any batch content gives
// either a refusal that says why (InvalidArgument with a message) or a
// document that libxml2 reads as well-formed XML and that is valid against the
// official XSD of its version (tests/data/sepa/), i.e. every text escaped and
// every rule the schema knows kept by the writer's own checks.
//
// Input: one record a line, fields split at '|' (readable seeds in
// fuzz/corpus/pain008):
//   M <format: 02 | 08>|<message id>|<initiating party>|<creditor name>|<creditor id>|<creditor iban>|<creditor bic>
//   G <payment information id>|<OOFF | RCUR>|<due date YYYY-MM-DD>
//   T <end-to-end id>|<cents>|<mandate>|<signature date>|<debtor name>|<debtor iban>|<debtor bic>|<remittance>
// A T line belongs to the last G line; lines of other shapes are ignored.
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "payments/sepa/pain008.h"

namespace {

using namespace prefill::sepa;

std::vector<std::string> Split(std::string_view line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t bar = line.find('|', start);
    out.emplace_back(line.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
    if (bar == std::string_view::npos) return out;
    start = bar + 1;
  }
}

std::string At(const std::vector<std::string>& f, size_t i) { return i < f.size() ? f[i] : std::string(); }

Date ParseDate(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (std::sscanf(text.c_str(), "%d-%u-%u", &y, &m, &d) != 3) return Date{};
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

int64_t ParseCents(const std::string& text) {
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  return static_cast<int64_t>(v);
}

xmlSchema* LoadSchema(const char* format) {
  const std::string path = std::string(PREFILL_SOURCE_DIR) + "/tests/data/sepa/" + format + ".xsd";
  xmlSchemaParserCtxt* parser = xmlSchemaNewParserCtxt(path.c_str());
  xmlSchema* schema = parser ? xmlSchemaParse(parser) : nullptr;
  if (parser) xmlSchemaFreeParserCtxt(parser);
  if (schema == nullptr) {
    std::fprintf(stderr, "cannot load %s\n", path.c_str());
    std::abort();
  }
  return schema;
}

void Quiet(void*, const char*, ...) {}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static xmlSchema* v08 = LoadSchema("pain.008.001.08");
  static xmlSchema* v02 = LoadSchema("pain.008.001.02");
  xmlSetGenericErrorFunc(nullptr, Quiet);

  Pain008Message message;
  message.created_at = std::chrono::sys_days{Date{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{1}}};
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t start = 0;
  while (start <= input.size()) {
    size_t nl = input.find('\n', start);
    std::string_view line = input.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? input.size() + 1 : nl + 1;
    if (line.size() < 2 || line[1] != ' ') continue;
    const std::vector<std::string> f = Split(line.substr(2));
    if (line[0] == 'M') {
      message.format = At(f, 0) == "02" ? Pain008Format::kV02 : Pain008Format::kV08;
      message.message_id = At(f, 1);
      message.initiating_party = At(f, 2);
      message.creditor = {At(f, 3), At(f, 4), At(f, 5), At(f, 6)};
    } else if (line[0] == 'G') {
      Pain008Group group;
      group.payment_information_id = At(f, 0);
      SequenceType sequence;
      if (ParseSequenceType(At(f, 1), &sequence)) group.sequence = sequence;
      group.due_date = ParseDate(At(f, 2));
      message.groups.push_back(std::move(group));
    } else if (line[0] == 'T' && !message.groups.empty()) {
      Pain008Transaction t;
      t.end_to_end_id = At(f, 0);
      t.amount_cents = ParseCents(At(f, 1));
      t.mandate_reference = At(f, 2);
      t.mandate_signature_date = ParseDate(At(f, 3));
      t.debtor_name = At(f, 4);
      t.debtor_iban = At(f, 5);
      t.debtor_bic = At(f, 6);
      t.remittance = At(f, 7);
      message.groups.back().transactions.push_back(std::move(t));
    }
  }

  prefill::Result<std::string> written = WritePain008(message);
  if (!written.ok()) {
    if (written.status().message().empty()) std::abort();  // a refusal says why
    return 0;
  }
  const std::string& xml = *written;
  xmlDoc* doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "pain008.xml", nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOENT);
  if (doc == nullptr) {
    std::fprintf(stderr, "not well-formed:\n%s\n", xml.c_str());
    std::abort();
  }
  xmlSchemaValidCtxt* valid = xmlSchemaNewValidCtxt(message.format == Pain008Format::kV02 ? v02 : v08);
  xmlSchemaSetValidErrors(valid, Quiet, Quiet, nullptr);
  const int rc = xmlSchemaValidateDoc(valid, doc);
  xmlSchemaFreeValidCtxt(valid);
  xmlFreeDoc(doc);
  if (rc != 0) {
    std::fprintf(stderr, "written but invalid against its XSD (rc %d):\n%s\n", rc, xml.c_str());
    std::abort();
  }
  // The same input gives the same bytes.
  prefill::Result<std::string> again = WritePain008(message);
  if (!again.ok() || *again != xml) std::abort();
  return 0;
}
