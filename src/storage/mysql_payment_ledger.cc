#include "storage/mysql_payment_ledger.h"

#include <cppconn/connection.h>
#include <cppconn/statement.h>

#include <memory>

#include "common/fault_point.h"

namespace prefill {
namespace {

void Execute(sql::Connection& c, const char* statement) {
  std::unique_ptr<sql::Statement> st(c.createStatement());
  st->execute(statement);
}

}  // namespace

Status MySqlPaymentLedger::Commit(PaymentWrite& write) {
  const bool events = outbox_ != nullptr && !write.events.empty();
  if (write.session != nullptr && !write.insert && !write.update && !events) {
    // One statement is atomic on its own (a REST patch, say): no transaction
    // round trips.
    Status stored = pool_.Run([&](sql::Connection& c) { return sessions_.UpdateOn(c, *write.session); });
    if (stored.ok()) ++write.session->version;
    return stored;
  }
  Status committed = pool_.Run([&](sql::Connection& c) -> Status {
    // Autocommit stays on: START TRANSACTION opens an explicit transaction
    // that COMMIT or ROLLBACK ends, two round trips instead of four. If a
    // statement throws, Run discards the connection and the server rolls back.
    Execute(c, "START TRANSACTION");
    auto refuse = [&](Status refused) {
      Execute(c, "ROLLBACK");
      return refused;
    };
    if (write.session != nullptr) {
      Status s = sessions_.UpdateOn(c, *write.session);
      if (!s.ok()) return refuse(s);
    }
    if (write.update) {
      Status s = transactions_.UpdateIfOn(c, *write.update, write.expected);
      if (!s.ok()) return refuse(s);
    }
    if (write.insert) {
      Status s = transactions_.InsertOn(c, *write.insert);
      if (!s.ok()) return refuse(s);
    }
    if (outbox_ != nullptr) {
      Status s = outbox_->InsertOn(c, write.events);
      if (!s.ok()) return refuse(s);
    }
    FaultPoint("ledger_before_commit");
    if (write.update) FaultPoint("ledger_before_outcome_commit");
    Execute(c, "COMMIT");
    return Status::OK();
  });
  if (committed.ok() && write.session != nullptr) ++write.session->version;
  return committed;
}

}  // namespace prefill
