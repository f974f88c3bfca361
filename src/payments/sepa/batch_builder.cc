#include "payments/sepa/batch_builder.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "payments/sepa/references.h"

namespace prefill::sepa {

Result<Batch> BuildBatch(const SepaCreditorConfig& creditor, std::vector<DueCollection> due, Pain008Format format,
                         Date until, Date today, TimePoint now) {
  if (due.empty()) return Status::InvalidArgument("no collections to export");
  const Date earliest = DueDate(today, 1);
  std::sort(due.begin(), due.end(), [](const DueCollection& a, const DueCollection& b) {
    return std::tie(a.collection.mandate_reference, a.collection.period) <
           std::tie(b.collection.mandate_reference, b.collection.period);
  });
  // (date, sequence) -> transactions; std::map orders the groups.
  std::map<std::pair<std::chrono::sys_days, int>, std::vector<Pain008Transaction>> groups;
  Batch batch;
  batch.id = NewSepaId();
  batch.creditor_id = creditor.creditor_id;
  batch.format = format;
  batch.until = until;
  batch.created_at = now;
  for (const DueCollection& d : due) {
    const Collection& c = d.collection;
    if (c.creditor_id != creditor.creditor_id) return Status::InvalidArgument("collection of another creditor");
    const Date requested = std::chrono::sys_days{c.due_date} < std::chrono::sys_days{earliest} ? earliest : c.due_date;
    Pain008Transaction t;
    t.end_to_end_id = c.id;
    t.amount_cents = c.amount_cents;
    t.mandate_reference = d.mandate.reference;
    t.mandate_signature_date = d.mandate.signature_date;
    t.debtor_name = d.mandate.debtor_name;
    t.debtor_iban = d.mandate.debtor_iban;
    t.debtor_bic = d.mandate.debtor_bic;
    t.remittance = creditor.remittance_text.empty() ? "Donation" : creditor.remittance_text;
    groups[{std::chrono::sys_days{requested}, static_cast<int>(c.sequence)}].push_back(std::move(t));
    ++batch.count;
    batch.control_sum_cents += c.amount_cents;
  }
  Pain008Message message;
  message.format = format;
  message.message_id = batch.id;
  message.created_at = now;
  message.initiating_party = creditor.creditor_name;
  message.creditor = {creditor.creditor_name, creditor.creditor_id, creditor.iban, creditor.bic};
  int number = 0;
  for (auto& [key, transactions] : groups) {
    Pain008Group g;
    g.payment_information_id = batch.id.substr(0, 26) + "-" + std::to_string(++number);
    g.sequence = static_cast<SequenceType>(key.second);
    g.due_date = Date{key.first};
    g.transactions = std::move(transactions);
    message.groups.push_back(std::move(g));
  }
  Result<std::string> xml = WritePain008(message);
  if (!xml.ok()) return xml.status();
  batch.xml = std::move(*xml);
  return batch;
}

}  // namespace prefill::sepa
