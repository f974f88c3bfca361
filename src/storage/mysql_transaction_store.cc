#include "storage/mysql_transaction_store.h"

#include <cppconn/connection.h>
#include <cppconn/datatype.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>

#include "storage/mysql_time.h"
#include "storage/sql_query.h"
#include "storage/statements.h"
#include "validators/amount.h"
#include "validators/text.h"

namespace prefill {
namespace {

constexpr const char* kInsertSql =
    "INSERT INTO transactions (id, session_hash, form_id, amount, currency, payment_method, interval_months, "
    "status, is_test, masked_iban, provider_reference, failure_reason, transfer_account_holder, transfer_iban, "
    "transfer_bic, transfer_reference, success_url, failure_url, sepa_mandate_reference, sepa_creditor_id, "
    "sepa_creditor_name, sepa_due_date, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " PREFILL_SQL_DATETIME_PARAM
    ", " PREFILL_SQL_DATETIME_PARAM ")";

constexpr const char* kColumns =
    "SELECT id, session_hash, form_id, amount, currency, payment_method, interval_months, status, is_test, "
    "masked_iban, provider_reference, failure_reason, transfer_account_holder, transfer_iban, transfer_bic, "
    "transfer_reference, success_url, failure_url, " PREFILL_SQL_MICROS("created_at") ", " PREFILL_SQL_MICROS("updated_at")
    ", sepa_mandate_reference, sepa_creditor_id, sepa_creditor_name, DATE_FORMAT(sepa_due_date, '%Y-%m-%d')"
    " FROM transactions ";

// Everything but id, session_hash and created_at, compared on status.
constexpr const char* kUpdateSql =
    "UPDATE transactions SET form_id = ?, amount = ?, currency = ?, payment_method = ?, interval_months = ?, "
    "status = ?, is_test = ?, masked_iban = ?, provider_reference = ?, failure_reason = ?, "
    "transfer_account_holder = ?, transfer_iban = ?, transfer_bic = ?, transfer_reference = ?, success_url = ?, "
    "failure_url = ?, sepa_mandate_reference = ?, sepa_creditor_id = ?, sepa_creditor_name = ?, sepa_due_date = ?, "
    "updated_at = " PREFILL_SQL_DATETIME_PARAM " WHERE id = ? AND status = ?";
constexpr const char* kStatusSql = "SELECT status FROM transactions WHERE id = ?";
constexpr const char* kLatestWhere = "WHERE session_hash = ? ORDER BY created_at DESC, id DESC LIMIT 1";
// (updated_at, id) after the previous page's last, spelled out so that the
// range on idx_transactions_status is used.
constexpr const char* kStaleWhere =
    "WHERE status = ? AND updated_at < " PREFILL_SQL_DATETIME_PARAM " AND (updated_at > " PREFILL_SQL_DATETIME_PARAM
    " OR (updated_at = " PREFILL_SQL_DATETIME_PARAM " AND id > ?)) ORDER BY updated_at, id LIMIT ?";
// Before every storable time: the first page starts here.
constexpr int64_t kFirstMicros = -30610224000LL * 1000000;  // 1000-01-01 00:00:00

bool FitsText(const std::string& s, size_t max_code_points) {
  return validators::IsValidUtf8(s) && validators::CodePointCount(s) <= max_code_points;
}

// DECIMAL(15,2): up to 13 integer digits, at most 2 decimals, no sign.
bool IsStorableAmount(const std::string& s) {
  size_t i = 0, integer = 0, fraction = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++integer;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++fraction;
    if (fraction == 0) return false;
  }
  return i == s.size() && integer >= 1 && integer <= 13 && fraction <= 2;
}

bool IsPrintableAscii(const std::string& s, size_t max_bytes) {
  if (s.empty() || s.size() > max_bytes) return false;
  for (char c : s) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

bool IsStorableId(const std::string& id) { return IsPrintableAscii(id, 36); }

Status Check(const Transaction& t) {
  if (!IsStorableId(t.id)) return Status::InvalidArgument("transaction id must be 1-36 printable ASCII characters");
  if (!IsPrintableAscii(t.session_hash, 64)) {
    return Status::InvalidArgument("session hash must be 1-64 printable ASCII characters");
  }
  if (!IsStorableAmount(t.amount)) return Status::InvalidArgument("amount is not a storable decimal");
  struct {
    const std::string& value;
    size_t max;
    const char* name;
  } texts[] = {{t.form_id, 64, "form id"},
               {t.currency, 3, "currency"},
               {t.payment_method, 32, "payment method"},
               {t.provider_reference, 255, "provider reference"},
               {t.failure_reason, 255, "failure reason"},
               {t.success_url, 2048, "success url"},
               {t.failure_url, 2048, "failure url"}};
  for (const auto& text : texts) {
    if (!FitsText(text.value, text.max)) {
      return Status::InvalidArgument(std::string(text.name) + " is not valid UTF-8 of at most " +
                                     std::to_string(text.max) + " characters");
    }
  }
  if (t.masked_iban && !FitsText(*t.masked_iban, 8)) return Status::InvalidArgument("masked iban too long");
  if (t.instructions) {
    const PaymentInstructions& i = *t.instructions;
    if (!FitsText(i.account_holder, 255) || !FitsText(i.iban, 34) || !FitsText(i.bic, 11) ||
        !FitsText(i.reference, 64)) {
      return Status::InvalidArgument("payment instructions too long");
    }
  }
  if (t.pre_notification) {
    const SepaPreNotification& p = *t.pre_notification;
    if (!IsPrintableAscii(p.mandate_reference, 35) && !p.mandate_reference.empty()) {
      return Status::InvalidArgument("mandate reference too long");
    }
    if (!FitsText(p.creditor_id, 35) || !FitsText(p.creditor_name, 70) || p.due_date.size() != 10) {
      return Status::InvalidArgument("pre-notification does not fit");
    }
  }
  if (t.interval < 0 || t.interval > 255) return Status::InvalidArgument("interval out of range");
  for (TimePoint time : {t.created_at, t.updated_at}) {
    if (!FitsDatetime(time)) {
      return Status::InvalidArgument("transaction time outside the years 1000-9999");
    }
  }
  return Status::OK();
}

void SetOptional(sql::PreparedStatement& st, int index, const std::optional<std::string>& value) {
  if (value) {
    st.setString(index, *value);
  } else {
    st.setNull(index, sql::DataType::VARCHAR);
  }
}

// Binds form_id .. sepa_due_date (20 parameters) from `first` on, in the order
// shared by INSERT (after id, session_hash) and UPDATE.
void BindContent(sql::PreparedStatement& st, int first, const Transaction& t) {
  int i = first;
  st.setString(i++, t.form_id);
  st.setString(i++, t.amount);
  st.setString(i++, t.currency);
  st.setString(i++, t.payment_method);
  st.setInt(i++, t.interval);
  st.setString(i++, TransactionStatusName(t.status));
  st.setInt(i++, t.is_test ? 1 : 0);
  SetOptional(st, i++, t.masked_iban);
  st.setString(i++, t.provider_reference);
  st.setString(i++, t.failure_reason);
  const PaymentInstructions* how = t.instructions ? &*t.instructions : nullptr;
  SetOptional(st, i++, how ? std::optional<std::string>(how->account_holder) : std::nullopt);
  SetOptional(st, i++, how ? std::optional<std::string>(how->iban) : std::nullopt);
  SetOptional(st, i++, how ? std::optional<std::string>(how->bic) : std::nullopt);
  SetOptional(st, i++, how ? std::optional<std::string>(how->reference) : std::nullopt);
  st.setString(i++, t.success_url);
  st.setString(i++, t.failure_url);
  const SepaPreNotification* pre = t.pre_notification ? &*t.pre_notification : nullptr;
  SetOptional(st, i++, pre ? std::optional<std::string>(pre->mandate_reference) : std::nullopt);
  SetOptional(st, i++, pre ? std::optional<std::string>(pre->creditor_id) : std::nullopt);
  SetOptional(st, i++, pre ? std::optional<std::string>(pre->creditor_name) : std::nullopt);
  SetOptional(st, i++, pre ? std::optional<std::string>(pre->due_date) : std::nullopt);
}

Status ReadRow(sql::ResultSet& rs, Transaction* t) {
  t->id = rs.getString(1);
  t->session_hash = rs.getString(2);
  t->form_id = rs.getString(3);
  t->amount = rs.getString(4);
  t->currency = rs.getString(5);
  t->payment_method = rs.getString(6);
  t->interval = rs.getInt(7);
  const std::string status = rs.getString(8);
  if (!ParseTransactionStatus(status, &t->status)) {
    return Status::Internal("corrupt transactions.status '" + status + "'");
  }
  t->is_test = rs.getInt(9) != 0;
  if (!rs.isNull(10)) t->masked_iban = rs.getString(10);
  t->provider_reference = rs.getString(11);
  t->failure_reason = rs.getString(12);
  if (!rs.isNull(13)) {
    t->instructions = PaymentInstructions{rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16)};
  }
  t->success_url = rs.getString(17);
  t->failure_url = rs.getString(18);
  t->created_at = FromMicros(rs.getInt64(19));
  t->updated_at = FromMicros(rs.getInt64(20));
  if (!rs.isNull(21)) {
    SepaPreNotification pre;
    pre.mandate_reference = rs.getString(21);
    pre.creditor_id = rs.getString(22);
    pre.creditor_name = rs.getString(23);
    pre.due_date = rs.getString(24);
    pre.amount_cents = validators::ParseAmount(t->amount).value_or(0);  // the transaction's amount
    pre.interval_months = t->interval;
    t->pre_notification = std::move(pre);
  }
  return Status::OK();
}

}  // namespace

namespace statements {
const char* const kTransactionInsert = kInsertSql;
const char* const kTransactionUpdateIf = kUpdateSql;
}  // namespace statements

Status MySqlTransactionStore::Insert(const Transaction& t) {
  return pool_.Run([&](sql::Connection& c) { return InsertOn(c, t); });
}

Status MySqlTransactionStore::InsertOn(sql::Connection& c, const Transaction& t) {
  Status checked = Check(t);
  if (!checked.ok()) return checked;
  sql::PreparedStatement& st = pool_.Prepared(c, kInsertSql);
  st.setString(1, t.id);
  st.setString(2, t.session_hash);
  BindContent(st, 3, t);
  st.setInt64(23, ToMicros(t.created_at));
  st.setInt64(24, ToMicros(t.updated_at));
  st.executeUpdate();  // duplicate id: error 1062, AlreadyExists from the pool
  return Status::OK();
}

Result<Transaction> MySqlTransactionStore::FindOne(const char* where, const std::string& key, const char* missing) {
  std::optional<Transaction> found;
  Status status = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(c, std::string(kColumns) + where);
    st.setString(1, key);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (!rs->next()) return Status::NotFound(missing);
    Transaction t;
    Status read = ReadRow(*rs, &t);
    if (!read.ok()) return read;
    found = std::move(t);
    return Status::OK();
  });
  if (!status.ok()) return status;
  return std::move(*found);
}

Result<Transaction> MySqlTransactionStore::FindOn(sql::Connection& c, const std::string& id) {
  sql::PreparedStatement& st = pool_.Prepared(c, std::string(kColumns) + "WHERE id = ?");
  st.setString(1, id);
  std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
  if (!rs->next()) return Status::NotFound("transaction not found");
  Transaction t;
  Status read = ReadRow(*rs, &t);
  if (!read.ok()) return read;
  return t;
}

Result<Transaction> MySqlTransactionStore::Find(const std::string& id) {
  if (!IsStorableId(id)) return Status::NotFound("transaction not found");
  return FindOne("WHERE id = ?", id, "transaction not found");
}

Status MySqlTransactionStore::UpdateIf(const Transaction& t, TransactionStatus expected) {
  return pool_.Run([&](sql::Connection& c) { return UpdateIfOn(c, t, expected); });
}

Status MySqlTransactionStore::UpdateIfOn(sql::Connection& c, const Transaction& t, TransactionStatus expected) {
  if (!IsStorableId(t.id)) return Status::NotFound("transaction not found");
  Status checked = Check(t);
  if (!checked.ok()) return checked;
  sql::PreparedStatement& st = pool_.Prepared(c, kUpdateSql);
  BindContent(st, 1, t);
  st.setInt64(21, ToMicros(t.updated_at));
  st.setString(22, t.id);
  st.setString(23, TransactionStatusName(expected));
  // updated_at always changes in practice, but a row that matched with
  // identical values counts as unaffected: tell the cases apart below.
  if (st.executeUpdate() == 1) return Status::OK();
  sql::PreparedStatement& exists = pool_.Prepared(c, kStatusSql);
  exists.setString(1, t.id);
  std::unique_ptr<sql::ResultSet> rs(exists.executeQuery());
  if (!rs->next()) return Status::NotFound("transaction not found");
  if (rs->getString(1) == TransactionStatusName(expected) && expected == t.status) return Status::OK();
  return Status::Conflict("transaction changed concurrently");
}

Result<std::vector<Transaction>> MySqlTransactionStore::ListForSession(const std::string& session_hash) {
  std::vector<Transaction> found;
  Status status = pool_.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> st(
        c.prepareStatement(std::string(kColumns) + "WHERE session_hash = ? ORDER BY created_at, id"));
    st->setString(1, session_hash);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    return CollectRows(*rs, [](sql::ResultSet& row, Transaction* t) { return ReadRow(row, t); }, &found);
  });
  if (!status.ok()) return status;
  return found;
}

Result<Transaction> MySqlTransactionStore::LatestForSession(const std::string& session_hash) {
  return FindOne(kLatestWhere, session_hash, "session has no transaction");
}

Result<std::vector<Transaction>> MySqlTransactionStore::ListStale(TransactionStatus status, TimePoint updated_before,
                                                                  const Transaction* after, size_t limit) {
  std::vector<Transaction> found;
  if (limit == 0) return found;
  if (!FitsDatetime(updated_before) || (after != nullptr && !FitsDatetime(after->updated_at))) {
    return Status::InvalidArgument("time outside the years 1000-9999");
  }
  const int64_t after_micros = after != nullptr ? ToMicros(after->updated_at) : kFirstMicros;
  const std::string after_id = after != nullptr ? after->id : std::string();
  Status listed = pool_.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement(std::string(kColumns) + kStaleWhere));
    st->setString(1, TransactionStatusName(status));
    st->setInt64(2, ToMicros(updated_before));
    st->setInt64(3, after_micros);
    st->setInt64(4, after_micros);
    st->setString(5, after_id);
    st->setInt64(6, static_cast<int64_t>(limit));
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    return CollectRows(*rs, [](sql::ResultSet& row, Transaction* t) { return ReadRow(row, t); }, &found);
  });
  if (!listed.ok()) return listed;
  return found;
}

}  // namespace prefill
