#include "payments/memory_payment_ledger.h"

#include <optional>

namespace prefill {

Status MemoryPaymentLedger::Commit(PaymentWrite& write) {
  std::lock_guard<std::mutex> lock(mu_);
  // What the undo needs, read before anything is written.
  std::optional<SessionRecord> session_before;
  if (write.session != nullptr) {
    Result<SessionRecord> found = sessions_->Find(write.session->hash);
    if (!found.ok()) return found.status();
    if (found->version != write.session->version) return Status::Conflict("session changed concurrently");
    session_before = std::move(found.value());
  }
  std::optional<Transaction> attempt_before;
  if (write.update) {
    Result<Transaction> found = transactions_->Find(write.update->id);
    if (!found.ok()) return found.status();
    attempt_before = std::move(found.value());
  }

  auto undo_session = [&] {
    if (!session_before) return;
    SessionRecord restore = *session_before;
    restore.version = write.session->version;  // as bumped by the write being undone
    (void)sessions_->Update(&restore);
    write.session->version = session_before->version;
  };
  // The attempt's compare-and-set first: it is the step other threads race for (a
  // return's claim, a cancel), and when it fails nothing has been written, so no
  // reader outside this mutex ever sees a session step that is then undone.
  if (write.update) {
    Status updated = transactions_->UpdateIf(*write.update, write.expected);
    if (!updated.ok()) return updated;
  }
  if (write.session != nullptr) {
    Status stored = sessions_->Update(write.session);
    if (!stored.ok()) {
      if (attempt_before) (void)transactions_->UpdateIf(*attempt_before, write.update->status);
      return stored;
    }
  }
  if (write.insert) {
    Status inserted = transactions_->Insert(*write.insert);
    if (!inserted.ok()) {
      if (attempt_before) (void)transactions_->UpdateIf(*attempt_before, write.update->status);
      undo_session();
      return inserted;
    }
  }
  events_.insert(events_.end(), write.events.begin(), write.events.end());
  return Status::OK();
}

std::vector<DomainEvent> MemoryPaymentLedger::events() const {
  std::lock_guard<std::mutex> lock(mu_);
  return events_;
}

}  // namespace prefill
