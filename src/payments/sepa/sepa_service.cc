#include "payments/sepa/sepa_service.h"

#include "payments/sepa/batch_builder.h"
#include "payments/sepa/references.h"

namespace prefill::sepa {
namespace {

constexpr int kMaxExportAttempts = 10;
constexpr size_t kPage = 200;

Date PlusDays(const Date& d, int days) { return Date{std::chrono::sys_days{d} + std::chrono::days{days}}; }

}  // namespace

SepaService::SepaService(SepaStore* store, const FormRegistry* forms, NowFunction now)
    : store_(store), forms_(forms), now_(std::move(now)) {}

Result<SepaCreditorConfig> SepaService::Creditor(const std::string& creditor_id) const {
  std::optional<SepaCreditorConfig> found;
  for (const Form& form : forms_->forms()) {
    if (!form.sepa || form.sepa->creditor_id != creditor_id) continue;
    if (!found) {
      found = *form.sepa;
    } else if (found->creditor_name != form.sepa->creditor_name || found->iban != form.sepa->iban ||
               found->bic != form.sepa->bic) {
      return Status::InvalidArgument("forms with the creditor id " + creditor_id +
                                     " disagree about its name, IBAN or BIC; make them equal");
    }
  }
  if (!found) return Status::NotFound("no form has the SEPA creditor id " + creditor_id);
  return *found;
}

Result<std::optional<Batch>> SepaService::Export(const std::string& creditor_id, std::optional<Date> until,
                                                 Pain008Format format) {
  Result<SepaCreditorConfig> creditor = Creditor(creditor_id);
  if (!creditor.ok()) return creditor.status();
  const TimePoint now = now_();
  const Date today = UtcDay(now);
  const Date last_day = until ? *until : PlusDays(today, kExportHorizonDays);
  for (int attempt = 0;; ++attempt) {
    Result<std::optional<Batch>> exported =
        store_->ExportDue(creditor_id, last_day, [&](const std::vector<DueCollection>& due) {
          return BuildBatch(*creditor, due, format, last_day, today, now);
        });
    if (exported.ok() || !exported.status().Is(Status::Code::kConflict) || attempt + 1 >= kMaxExportAttempts) {
      return exported;
    }
  }
}

Result<std::vector<Batch>> SepaService::ListBatches(const std::string& creditor_id, size_t limit) {
  if (!creditor_id.empty()) {
    Result<SepaCreditorConfig> creditor = Creditor(creditor_id);
    if (!creditor.ok()) return creditor.status();
  }
  return store_->ListBatches(creditor_id, limit);
}

Result<std::vector<Mandate>> SepaService::ListMandates(const std::string& creditor_id, const std::string& after,
                                                       size_t limit) {
  Result<SepaCreditorConfig> creditor = Creditor(creditor_id);
  if (!creditor.ok()) return creditor.status();
  return store_->ListMandates(creditor_id, after, limit);
}

Result<Mandate> SepaService::FindMandate(const std::string& creditor_id, const std::string& reference) {
  if (!creditor_id.empty()) return store_->FindMandate(creditor_id, reference);
  Result<std::vector<Mandate>> found = store_->FindMandatesByReference(reference);
  if (!found.ok()) return found.status();
  if (found->empty()) return Status::NotFound("mandate not found");
  if (found->size() > 1) {
    return Status::InvalidArgument("several creditors have a mandate " + reference + "; name the creditorId");
  }
  return std::move(found->front());
}

Result<Mandate> SepaService::CancelMandate(const std::string& creditor_id, const std::string& reference) {
  Result<Mandate> mandate = FindMandate(creditor_id, reference);
  if (!mandate.ok()) return mandate;
  return store_->CancelMandate(mandate->creditor_id, mandate->reference, "cancelled by the creditor", now_());
}

Result<DueCollection> SepaService::ReturnCollection(const std::string& collection_id, const std::string& reason_code) {
  if (!IsReasonCode(reason_code)) {
    return Status::InvalidArgument("a reason code is four capital letters or digits, e.g. AC04 or MD06");
  }
  return store_->ReturnCollection(collection_id, reason_code, now_());
}

RecurringReport SepaService::RunRecurring() {
  RecurringReport report;
  auto fail = [&report](const Status& s) {
    if (report.failures++ == 0) report.first_failure = s;
  };
  const TimePoint now = now_();
  const Date today = UtcDay(now);
  const Date horizon = PlusDays(today, kScheduleHorizonDays);
  std::string after_creditor, after_reference;
  for (;;) {
    Result<std::vector<Mandate>> page = store_->ListNextDue(horizon, after_creditor, after_reference, kPage);
    if (!page.ok()) {
      fail(page.status());
      break;
    }
    for (const Mandate& m : *page) {
      after_creditor = m.creditor_id;
      after_reference = m.reference;
      if (!m.next_due_date || m.interval_months <= 0) continue;
      Collection next;
      next.id = NewSepaId();
      next.creditor_id = m.creditor_id;
      next.mandate_reference = m.reference;
      next.period = m.last_period + 1;
      next.sequence = SequenceType::kRecurrent;
      next.amount_cents = m.amount_cents;
      next.due_date = *m.next_due_date;
      next.status = CollectionStatus::kScheduled;
      next.created_at = now;
      next.updated_at = now;
      const Date following = CollectionDate(m.anchor_date, m.interval_months, next.period + 1);
      Status added = store_->AddCollection(m, next, following, now);
      if (added.ok()) {
        ++report.created;
      } else if (added.Is(Status::Code::kAlreadyExists) || added.Is(Status::Code::kConflict)) {
        ++report.already;
      } else {
        fail(added);
      }
    }
    if (page->size() < kPage) break;
  }
  const std::chrono::year_month_day cutoff = AddMonthsClamped(today, -kLapseMonths);
  Result<int> lapsed = store_->LapseUnused(cutoff, now);
  if (lapsed.ok()) {
    report.lapsed = *lapsed;
  } else {
    fail(lapsed.status());
  }
  return report;
}

}  // namespace prefill::sepa
