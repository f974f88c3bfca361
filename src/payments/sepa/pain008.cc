#include "payments/sepa/pain008.h"

#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include <ctime>
#include <memory>
#include <set>

#include "payments/sepa/references.h"
#include "payments/sepa/sepa_text.h"
#include "validators/amount.h"
#include "validators/bic.h"
#include "validators/iban.h"

namespace prefill::sepa {
namespace {

constexpr int64_t kMaxAmountCents = 99999999999;  // 999,999,999.99

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

// A child element; text content (if any) is escaped by libxml2.
xmlNode* Add(xmlNode* parent, const char* name, const std::string* text = nullptr) {
  xmlNode* node = xmlNewChild(parent, nullptr, X(name), nullptr);
  if (text != nullptr) xmlNodeAddContentLen(node, X(text->c_str()), static_cast<int>(text->size()));
  return node;
}
xmlNode* AddText(xmlNode* parent, const char* name, const std::string& text) { return Add(parent, name, &text); }

std::string Amount(int64_t cents) { return validators::FormatCents(cents); }

Status CheckId(const std::string& id, const char* what, std::set<std::string>* seen) {
  if (id.empty() || id.size() > kMaxIdLength || !IsSepaText(id) || id.front() == '/' ||
      id.find("//") != std::string::npos) {
    return Status::InvalidArgument(std::string(what) + " '" + id + "' is not 1-35 SEPA characters");
  }
  if (seen != nullptr && !seen->insert(id).second) {
    return Status::InvalidArgument(std::string(what) + " '" + id + "' is not unique in the file");
  }
  return Status::OK();
}

Status CheckName(const std::string& name, const char* what) {
  if (name.empty() || name.size() > kMaxNameLength || !IsSepaText(name)) {
    return Status::InvalidArgument(std::string(what) + " must be 1-70 characters of the SEPA set");
  }
  return Status::OK();
}

Status CheckIban(const std::string& iban, const char* what) {
  const auto outcome = validators::ValidateIban(iban);
  if (!outcome.ok() || outcome.value() != iban) return Status::InvalidArgument(std::string(what) + " is not a canonical IBAN");
  return Status::OK();
}

Status CheckBic(const std::string& bic, const char* what, Pain008Format format) {
  if (bic.empty()) return Status::OK();
  const auto outcome = validators::ValidateBicSyntax(bic);
  if (!outcome.ok() || outcome.value() != bic) return Status::InvalidArgument(std::string(what) + " is not a canonical BIC");
  // pain.008.001.02's BICIdentifier is the ISO 9362 form before 2014: the location
  // code's first character is not 0 or 1 and its second not O
  // ([A-Z]{6}[A-Z2-9][A-NP-Z0-9]...). The .08 schema (BICFI) takes any letter or digit.
  if (format == Pain008Format::kV02 && (bic[6] == '0' || bic[6] == '1' || bic[7] == 'O')) {
    return Status::InvalidArgument(std::string(what) + " '" + bic + "' is not a BIC that pain.008.001.02 accepts");
  }
  return Status::OK();
}

Status Check(const Pain008Message& m) {
  std::set<std::string> ids, end_to_end;
  Status s = CheckId(m.message_id, "message id", &ids);
  if (!s.ok()) return s;
  if (!(s = CheckName(m.initiating_party, "initiating party")).ok()) return s;
  if (!(s = CheckName(m.creditor.name, "creditor name")).ok()) return s;
  if (!(s = CheckId(m.creditor.creditor_id, "creditor id", nullptr)).ok()) return s;
  if (!(s = CheckIban(m.creditor.iban, "creditor IBAN")).ok()) return s;
  if (!(s = CheckBic(m.creditor.bic, "creditor BIC", m.format)).ok()) return s;
  if (m.groups.empty()) return Status::InvalidArgument("a pain.008 file needs at least one payment information block");
  std::set<std::pair<int, std::string>> keys;
  for (const Pain008Group& g : m.groups) {
    if (!(s = CheckId(g.payment_information_id, "payment information id", &ids)).ok()) return s;
    if (!IsIsoDate(g.due_date)) return Status::InvalidArgument("due date is not a date of the years 0001-9999");
    if (!keys.insert({static_cast<int>(g.sequence), FormatIsoDate(g.due_date)}).second) {
      return Status::InvalidArgument("two payment information blocks for one sequence type and due date");
    }
    if (g.transactions.empty()) return Status::InvalidArgument("payment information block without transactions");
    for (const Pain008Transaction& t : g.transactions) {
      if (!(s = CheckId(t.end_to_end_id, "end-to-end id", &end_to_end)).ok()) return s;
      if (t.amount_cents < 1 || t.amount_cents > kMaxAmountCents) {
        return Status::InvalidArgument("amount of " + t.end_to_end_id + " is outside 0.01 - 999999999.99");
      }
      if (!IsValidMandateReference(t.mandate_reference)) {
        return Status::InvalidArgument("mandate reference '" + t.mandate_reference + "' is not valid");
      }
      if (!IsIsoDate(t.mandate_signature_date)) {
        return Status::InvalidArgument("mandate signature date is not a date of the years 0001-9999");
      }
      if (!(s = CheckName(t.debtor_name, "debtor name")).ok()) return s;
      if (!(s = CheckIban(t.debtor_iban, "debtor IBAN")).ok()) return s;
      if (!(s = CheckBic(t.debtor_bic, "debtor BIC", m.format)).ok()) return s;
      if (t.remittance.size() > kMaxRemittanceLength || !IsSepaText(t.remittance)) {
        return Status::InvalidArgument("remittance information must be at most 140 characters of the SEPA set");
      }
    }
  }
  return Status::OK();
}

std::string IsoDateTime(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

void AddAgent(xmlNode* parent, const char* name, const std::string& bic, Pain008Format format) {
  xmlNode* fin = Add(Add(parent, name), "FinInstnId");
  if (!bic.empty()) {
    AddText(fin, format == Pain008Format::kV08 ? "BICFI" : "BIC", bic);
  } else {
    AddText(Add(fin, "Othr"), "Id", "NOTPROVIDED");  // EPC IG: no BIC given
  }
}

void AddAccount(xmlNode* parent, const char* name, const std::string& iban) {
  AddText(Add(Add(parent, name), "Id"), "IBAN", iban);
}

}  // namespace

const char* Pain008FormatName(Pain008Format f) {
  return f == Pain008Format::kV08 ? "pain.008.001.08" : "pain.008.001.02";
}

bool ParsePain008Format(std::string_view name, Pain008Format* out) {
  if (name == "pain.008.001.08") {
    *out = Pain008Format::kV08;
  } else if (name == "pain.008.001.02") {
    *out = Pain008Format::kV02;
  } else {
    return false;
  }
  return true;
}

const char* SequenceTypeCode(SequenceType s) { return s == SequenceType::kOneOff ? "OOFF" : "RCUR"; }

bool ParseSequenceType(std::string_view code, SequenceType* out) {
  if (code == "OOFF") {
    *out = SequenceType::kOneOff;
  } else if (code == "RCUR") {
    *out = SequenceType::kRecurrent;
  } else {
    return false;
  }
  return true;
}

int64_t GroupControlSum(const Pain008Group& group) {
  int64_t sum = 0;
  for (const Pain008Transaction& t : group.transactions) sum += t.amount_cents;
  return sum;
}

Result<std::string> WritePain008(const Pain008Message& m) {
  Status checked = Check(m);
  if (!checked.ok()) return checked;

  std::unique_ptr<xmlDoc, DocFree> doc(xmlNewDoc(X("1.0")));
  xmlNode* root = xmlNewNode(nullptr, X("Document"));
  xmlDocSetRootElement(doc.get(), root);
  const std::string ns = std::string("urn:iso:std:iso:20022:tech:xsd:") + Pain008FormatName(m.format);
  xmlSetNs(root, xmlNewNs(root, X(ns.c_str()), nullptr));
  xmlNewNs(root, X("http://www.w3.org/2001/XMLSchema-instance"), X("xsi"));

  xmlNode* initiation = Add(root, "CstmrDrctDbtInitn");
  size_t count = 0;
  int64_t total = 0;
  for (const Pain008Group& g : m.groups) {
    count += g.transactions.size();
    total += GroupControlSum(g);
  }
  xmlNode* header = Add(initiation, "GrpHdr");
  AddText(header, "MsgId", m.message_id);
  AddText(header, "CreDtTm", IsoDateTime(m.created_at));
  AddText(header, "NbOfTxs", std::to_string(count));
  AddText(header, "CtrlSum", Amount(total));
  AddText(Add(header, "InitgPty"), "Nm", m.initiating_party);

  for (const Pain008Group& g : m.groups) {
    xmlNode* info = Add(initiation, "PmtInf");
    AddText(info, "PmtInfId", g.payment_information_id);
    AddText(info, "PmtMtd", "DD");
    AddText(info, "NbOfTxs", std::to_string(g.transactions.size()));
    AddText(info, "CtrlSum", Amount(GroupControlSum(g)));
    xmlNode* type = Add(info, "PmtTpInf");
    AddText(Add(type, "SvcLvl"), "Cd", "SEPA");
    AddText(Add(type, "LclInstrm"), "Cd", "CORE");
    AddText(type, "SeqTp", SequenceTypeCode(g.sequence));
    AddText(info, "ReqdColltnDt", FormatIsoDate(g.due_date));
    AddText(Add(info, "Cdtr"), "Nm", m.creditor.name);
    AddAccount(info, "CdtrAcct", m.creditor.iban);
    AddAgent(info, "CdtrAgt", m.creditor.bic, m.format);
    AddText(info, "ChrgBr", "SLEV");
    xmlNode* scheme = Add(Add(Add(Add(info, "CdtrSchmeId"), "Id"), "PrvtId"), "Othr");
    AddText(scheme, "Id", m.creditor.creditor_id);
    AddText(Add(scheme, "SchmeNm"), "Prtry", "SEPA");

    for (const Pain008Transaction& t : g.transactions) {
      xmlNode* tx = Add(info, "DrctDbtTxInf");
      AddText(Add(tx, "PmtId"), "EndToEndId", t.end_to_end_id);
      xmlNode* amount = AddText(tx, "InstdAmt", Amount(t.amount_cents));
      xmlNewProp(amount, X("Ccy"), X("EUR"));
      xmlNode* mandate = Add(Add(tx, "DrctDbtTx"), "MndtRltdInf");
      AddText(mandate, "MndtId", t.mandate_reference);
      AddText(mandate, "DtOfSgntr", FormatIsoDate(t.mandate_signature_date));
      AddAgent(tx, "DbtrAgt", t.debtor_bic, m.format);
      AddText(Add(tx, "Dbtr"), "Nm", t.debtor_name);
      AddAccount(tx, "DbtrAcct", t.debtor_iban);
      if (!t.remittance.empty()) AddText(Add(tx, "RmtInf"), "Ustrd", t.remittance);
    }
  }

  xmlChar* bytes = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc.get(), &bytes, &size, "UTF-8", 1);
  if (bytes == nullptr) return Status::Internal("libxml2 could not serialise the pain.008 document");
  std::string out(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size));
  xmlFree(bytes);
  return out;
}

}  // namespace prefill::sepa
