#include "storage/mysql_payment_ledger.h"

#include <cppconn/connection.h>

#include "common/fault_point.h"

namespace prefill {
Status MySqlPaymentLedger::Commit(PaymentWrite& write) {
  const bool events = outbox_ != nullptr && !write.events.empty();
  if (write.session != nullptr && !write.insert && !write.update && !events) {
    // One statement is atomic on its own (a REST patch, say): no transaction
    // round trips.
    Status stored = pool_.Run([&](sql::Connection& c) { return sessions_.UpdateOn(c, *write.session); });
    if (stored.ok()) ++write.session->version;
    return stored;
  }
  Status committed = pool_.Run([&](sql::Connection& c) {
    return InTransaction(c, [&]() -> Status {
      if (write.session != nullptr) {
        Status s = sessions_.UpdateOn(c, *write.session);
        if (!s.ok()) return s;
      }
      if (write.update) {
        Status s = transactions_.UpdateIfOn(c, *write.update, write.expected);
        if (!s.ok()) return s;
      }
      if (write.insert) {
        Status s = transactions_.InsertOn(c, *write.insert);
        if (!s.ok()) return s;
      }
      if (outbox_ != nullptr) {
        Status s = outbox_->InsertOn(c, write.events);
        if (!s.ok()) return s;
      }
      FaultPoint("ledger_before_commit");
      if (write.update) FaultPoint("ledger_before_outcome_commit");
      return Status::OK();
    });
  });
  if (committed.ok() && write.session != nullptr) ++write.session->version;
  return committed;
}

}  // namespace prefill
