#include "storage/mysql_sepa_store.h"

#include <cppconn/connection.h>
#include <cppconn/datatype.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>

#include "common/fault_point.h"
#include "storage/mysql_time.h"

namespace prefill {
namespace {

using sepa::Batch;
using sepa::Collection;
using sepa::CollectionStatus;
using sepa::Date;
using sepa::DueCollection;
using sepa::Mandate;
using sepa::MandateStatus;

#define DATE_OUT(col) "DATE_FORMAT(" col ", '%Y-%m-%d')"

// 18 columns.
constexpr const char* kMandateColumns =
    "m.creditor_id, m.reference, m.transaction_id, m.form_id, m.debtor_name, m.debtor_iban, m.debtor_bic, "
    DATE_OUT("m.signature_date") ", m.interval_months, m.amount_cents, " DATE_OUT("m.anchor_date") ", m.last_period, "
    DATE_OUT("m.last_due_date") ", " DATE_OUT("m.next_due_date") ", m.status, m.end_reason, "
    PREFILL_SQL_MICROS("m.created_at") ", " PREFILL_SQL_MICROS("m.updated_at");
// 13 columns.
constexpr const char* kCollectionColumns =
    "c.id, c.creditor_id, c.mandate_reference, c.period, c.transaction_id, c.sequence_type, c.amount_cents, "
    DATE_OUT("c.due_date") ", c.status, c.batch_id, c.return_reason, " PREFILL_SQL_MICROS("c.created_at") ", "
    PREFILL_SQL_MICROS("c.updated_at");
constexpr const char* kJoin =
    " FROM sepa_collections c JOIN sepa_mandates m ON m.creditor_id = c.creditor_id AND m.reference = c.mandate_reference ";

Status ReadDate(sql::ResultSet& rs, int i, Date* out, const char* what) {
  auto d = sepa::ParseIsoDate(std::string(rs.getString(i)));
  if (!d) return Status::Internal(std::string("corrupt date in ") + what);
  *out = *d;
  return Status::OK();
}

Status ReadMandate(sql::ResultSet& rs, int first, Mandate* m) {
  int i = first;
  m->creditor_id = rs.getString(i++);
  m->reference = rs.getString(i++);
  m->transaction_id = rs.getString(i++);
  m->form_id = rs.getString(i++);
  m->debtor_name = rs.getString(i++);
  m->debtor_iban = rs.getString(i++);
  m->debtor_bic = rs.getString(i++);
  Status s = ReadDate(rs, i++, &m->signature_date, "sepa_mandates");
  if (!s.ok()) return s;
  m->interval_months = rs.getInt(i++);
  m->amount_cents = rs.getInt64(i++);
  if (!(s = ReadDate(rs, i++, &m->anchor_date, "sepa_mandates")).ok()) return s;
  m->last_period = rs.getInt(i++);
  if (!(s = ReadDate(rs, i++, &m->last_due_date, "sepa_mandates")).ok()) return s;
  if (rs.isNull(i)) {
    m->next_due_date.reset();
    ++i;
  } else {
    Date next;
    if (!(s = ReadDate(rs, i++, &next, "sepa_mandates")).ok()) return s;
    m->next_due_date = next;
  }
  if (!sepa::ParseMandateStatus(std::string(rs.getString(i++)), &m->status)) {
    return Status::Internal("corrupt sepa_mandates.status");
  }
  m->end_reason = rs.getString(i++);
  m->created_at = FromMicros(rs.getInt64(i++));
  m->updated_at = FromMicros(rs.getInt64(i++));
  return Status::OK();
}

Status ReadCollection(sql::ResultSet& rs, int first, Collection* c) {
  int i = first;
  c->id = rs.getString(i++);
  c->creditor_id = rs.getString(i++);
  c->mandate_reference = rs.getString(i++);
  c->period = rs.getInt(i++);
  c->transaction_id = rs.isNull(i) ? std::string() : std::string(rs.getString(i));
  ++i;
  if (!sepa::ParseSequenceType(std::string(rs.getString(i++)), &c->sequence)) {
    return Status::Internal("corrupt sepa_collections.sequence_type");
  }
  c->amount_cents = rs.getInt64(i++);
  Status s = ReadDate(rs, i++, &c->due_date, "sepa_collections");
  if (!s.ok()) return s;
  if (!sepa::ParseCollectionStatus(std::string(rs.getString(i++)), &c->status)) {
    return Status::Internal("corrupt sepa_collections.status");
  }
  c->batch_id = rs.isNull(i) ? std::string() : std::string(rs.getString(i));
  ++i;
  c->return_reason = rs.getString(i++);
  c->created_at = FromMicros(rs.getInt64(i++));
  c->updated_at = FromMicros(rs.getInt64(i++));
  return Status::OK();
}

void SetOptionalString(sql::PreparedStatement& st, int i, const std::string& value) {
  if (value.empty()) {
    st.setNull(i, sql::DataType::VARCHAR);
  } else {
    st.setString(i, value);
  }
}

constexpr const char* kInsertCollection =
    "INSERT INTO sepa_collections (id, creditor_id, mandate_reference, period, transaction_id, sequence_type, "
    "amount_cents, due_date, status, batch_id, return_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
    "?, NULL, '', " PREFILL_SQL_DATETIME_PARAM ", " PREFILL_SQL_DATETIME_PARAM ")";

void BindCollection(sql::PreparedStatement& st, const Collection& c) {
  st.setString(1, c.id);
  st.setString(2, c.creditor_id);
  st.setString(3, c.mandate_reference);
  st.setInt(4, c.period);
  SetOptionalString(st, 5, c.transaction_id);
  st.setString(6, sepa::SequenceTypeCode(c.sequence));
  st.setInt64(7, c.amount_cents);
  st.setString(8, sepa::FormatIsoDate(c.due_date));
  st.setString(9, sepa::CollectionStatusName(c.status));
  st.setInt64(10, ToMicros(c.created_at));
  st.setInt64(11, ToMicros(c.updated_at));
}

Status CheckText(const std::string& s, size_t max, const char* what) {
  if (s.size() > max) return Status::InvalidArgument(std::string(what) + " too long");
  return Status::OK();
}

Status CancelScheduled(ConnectionPool& pool, sql::Connection& c, const std::string& creditor,
                       const std::string& reference, TimePoint now) {
  sql::PreparedStatement& st = pool.Prepared(
      c, "UPDATE sepa_collections SET status = 'cancelled', updated_at = " PREFILL_SQL_DATETIME_PARAM
         " WHERE creditor_id = ? AND mandate_reference = ? AND status = 'scheduled'");
  st.setInt64(1, ToMicros(now));
  st.setString(2, creditor);
  st.setString(3, reference);
  st.executeUpdate();
  return Status::OK();
}

// Ends an active mandate; *ended tells whether it did (it may have ended before).
Status EndMandate(ConnectionPool& pool, sql::Connection& c, const std::string& creditor, const std::string& reference,
                  const std::string& reason, TimePoint now, bool* ended) {
  *ended = false;
  sql::PreparedStatement& st = pool.Prepared(
      c, "UPDATE sepa_mandates SET status = 'cancelled', end_reason = ?, next_due_date = NULL, updated_at = "
         PREFILL_SQL_DATETIME_PARAM " WHERE creditor_id = ? AND reference = ? AND status = 'active'");
  st.setString(1, reason.substr(0, 64));
  st.setInt64(2, ToMicros(now));
  st.setString(3, creditor);
  st.setString(4, reference);
  if (st.executeUpdate() == 0) return Status::OK();  // ended before
  *ended = true;
  return CancelScheduled(pool, c, creditor, reference, now);
}

// Defined below, beside the mandate queries.
Status WriteMandateEvent(MySqlOutbox* outbox, ConnectionPool& pool, sql::Connection& c, EventType type,
                         const std::string& creditor, const std::string& reference);

}  // namespace

Status MySqlSepaStore::CreateMandate(const Mandate& m, const Collection& first) {
  Status checked = CheckText(m.debtor_name, 70, "debtor name");
  if (!checked.ok()) return checked;
  return pool_.Run([&](sql::Connection& c) {
    return InTransaction(c, [&] {
      sql::PreparedStatement& st = pool_.Prepared(
          c, "INSERT INTO sepa_mandates (creditor_id, reference, transaction_id, form_id, debtor_name, debtor_iban, "
             "debtor_bic, signature_date, interval_months, amount_cents, anchor_date, last_period, last_due_date, "
             "next_due_date, status, end_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
             "?, ?, ?, " PREFILL_SQL_DATETIME_PARAM ", " PREFILL_SQL_DATETIME_PARAM ")");
      st.setString(1, m.creditor_id);
      st.setString(2, m.reference);
      st.setString(3, m.transaction_id);
      st.setString(4, m.form_id);
      st.setString(5, m.debtor_name);
      st.setString(6, m.debtor_iban);
      st.setString(7, m.debtor_bic);
      st.setString(8, sepa::FormatIsoDate(m.signature_date));
      st.setInt(9, m.interval_months);
      st.setInt64(10, m.amount_cents);
      st.setString(11, sepa::FormatIsoDate(m.anchor_date));
      st.setInt(12, m.last_period);
      st.setString(13, sepa::FormatIsoDate(m.last_due_date));
      if (m.next_due_date) {
        st.setString(14, sepa::FormatIsoDate(*m.next_due_date));
      } else {
        st.setNull(14, sql::DataType::DATE);
      }
      st.setString(15, sepa::MandateStatusName(m.status));
      st.setString(16, m.end_reason);
      st.setInt64(17, ToMicros(m.created_at));
      st.setInt64(18, ToMicros(m.updated_at));
      st.executeUpdate();  // duplicate reference or transaction: 1062, AlreadyExists from the pool
      sql::PreparedStatement& ins = pool_.Prepared(c, kInsertCollection);
      BindCollection(ins, first);
      ins.executeUpdate();
      return WriteMandateEvent(outbox_, pool_, c, EventType::kMandateCreated, m.creditor_id, m.reference);
    });
  });
}

Result<DueCollection> MySqlSepaStore::FindByTransaction(const std::string& transaction_id) {
  std::optional<DueCollection> found;
  Status s = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(
        c, std::string("SELECT ") + kCollectionColumns + ", " + kMandateColumns + kJoin + "WHERE c.transaction_id = ?");
    st.setString(1, transaction_id);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (!rs->next()) return Status::NotFound("no mandate for this transaction");
    DueCollection d;
    Status read = ReadCollection(*rs, 1, &d.collection);
    if (read.ok()) read = ReadMandate(*rs, 14, &d.mandate);
    if (!read.ok()) return read;
    found = std::move(d);
    return Status::OK();
  });
  if (!s.ok()) return s;
  return std::move(*found);
}

namespace {

Result<std::vector<Mandate>> QueryMandates(ConnectionPool& pool, const std::string& sql,
                                           const std::function<void(sql::PreparedStatement&)>& bind) {
  std::vector<Mandate> out;
  Status s = pool.Run([&](sql::Connection& c) {
    out.clear();
    sql::PreparedStatement& st = pool.Prepared(c, sql);
    bind(st);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    while (rs->next()) {
      Mandate m;
      Status read = ReadMandate(*rs, 1, &m);
      if (!read.ok()) return read;
      out.push_back(std::move(m));
    }
    return Status::OK();
  });
  if (!s.ok()) return s;
  return out;
}

const std::string kSelectMandates = std::string("SELECT ") + kMandateColumns + " FROM sepa_mandates m ";

// The mandate as it is now on `c` (inside the writer's transaction).
Result<Mandate> MandateOn(ConnectionPool& pool, sql::Connection& c, const std::string& creditor,
                          const std::string& reference) {
  sql::PreparedStatement& st = pool.Prepared(c, kSelectMandates + "WHERE m.creditor_id = ? AND m.reference = ?");
  st.setString(1, creditor);
  st.setString(2, reference);
  std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
  if (!rs->next()) return Status::NotFound("mandate not found");
  Mandate m;
  Status read = ReadMandate(*rs, 1, &m);
  if (!read.ok()) return read;
  return m;
}

// mandate.* for the mandate as written, into the outbox of the same transaction.
Status WriteMandateEvent(MySqlOutbox* outbox, ConnectionPool& pool, sql::Connection& c, EventType type,
                         const std::string& creditor, const std::string& reference) {
  if (outbox == nullptr) return Status::OK();
  Result<Mandate> m = MandateOn(pool, c, creditor, reference);
  if (!m.ok()) return m.status();
  return outbox->InsertOn(c, {MandateEvent(type, *m, /*sandbox=*/false)});  // SEPA mandates are live only
}

}  // namespace

Result<Mandate> MySqlSepaStore::FindMandate(const std::string& creditor_id, const std::string& reference) {
  auto found = QueryMandates(pool_, kSelectMandates + "WHERE m.creditor_id = ? AND m.reference = ?",
                             [&](sql::PreparedStatement& st) {
                               st.setString(1, creditor_id);
                               st.setString(2, reference);
                             });
  if (!found.ok()) return found.status();
  if (found->empty()) return Status::NotFound("mandate not found");
  return std::move(found->front());
}

Result<std::vector<Mandate>> MySqlSepaStore::FindMandatesByReference(const std::string& reference) {
  return QueryMandates(pool_, kSelectMandates + "WHERE m.reference = ? ORDER BY m.creditor_id",
                       [&](sql::PreparedStatement& st) { st.setString(1, reference); });
}

Result<std::vector<Mandate>> MySqlSepaStore::ListMandates(const std::string& creditor_id,
                                                          const std::string& after_reference, size_t limit) {
  return QueryMandates(pool_, kSelectMandates + "WHERE m.creditor_id = ? AND m.reference > ? ORDER BY m.reference LIMIT ?",
                       [&](sql::PreparedStatement& st) {
                         st.setString(1, creditor_id);
                         st.setString(2, after_reference);
                         st.setInt64(3, static_cast<int64_t>(limit));
                       });
}

Result<Mandate> MySqlSepaStore::CancelMandate(const std::string& creditor_id, const std::string& reference,
                                              const std::string& reason, TimePoint now) {
  Status s = pool_.Run([&](sql::Connection& c) {
    return InTransaction(c, [&] {
      bool ended = false;
      Status s = EndMandate(pool_, c, creditor_id, reference, reason, now, &ended);
      if (!s.ok() || !ended) return s;
      return WriteMandateEvent(outbox_, pool_, c, EventType::kMandateCancelled, creditor_id, reference);
    });
  });
  if (!s.ok()) return s;
  return FindMandate(creditor_id, reference);
}

Result<std::vector<Mandate>> MySqlSepaStore::ListNextDue(Date horizon, const std::string& after_creditor,
                                                         const std::string& after_reference, size_t limit) {
  // Only mandates whose first payment went through: a failed or pending
  // attempt's mandate is never collected (docs/sepa.md).
  return QueryMandates(
      pool_,
      kSelectMandates +
          "JOIN transactions t ON t.id = m.transaction_id AND t.status IN ('confirmed', 'returned') "
          "WHERE m.status = 'active' AND m.next_due_date <= ? AND (m.creditor_id > ? OR (m.creditor_id = ? AND "
          "m.reference > ?)) ORDER BY m.creditor_id, m.reference LIMIT ?",
      [&](sql::PreparedStatement& st) {
        st.setString(1, sepa::FormatIsoDate(horizon));
        st.setString(2, after_creditor);
        st.setString(3, after_creditor);
        st.setString(4, after_reference);
        st.setInt64(5, static_cast<int64_t>(limit));
      });
}

Status MySqlSepaStore::AddCollection(const Mandate& m, const Collection& next, Date following, TimePoint now) {
  return pool_.Run([&](sql::Connection& c) {
    return InTransaction(c, [&] {
      sql::PreparedStatement& ins = pool_.Prepared(c, kInsertCollection);
      BindCollection(ins, next);
      ins.executeUpdate();  // that period collected already: 1062, AlreadyExists
      sql::PreparedStatement& st = pool_.Prepared(
          c, "UPDATE sepa_mandates SET last_period = ?, last_due_date = ?, next_due_date = ?, updated_at = "
             PREFILL_SQL_DATETIME_PARAM " WHERE creditor_id = ? AND reference = ? AND last_period = ? AND status = 'active'");
      st.setInt(1, next.period);
      st.setString(2, sepa::FormatIsoDate(next.due_date));
      st.setString(3, sepa::FormatIsoDate(following));
      st.setInt64(4, ToMicros(now));
      st.setString(5, m.creditor_id);
      st.setString(6, m.reference);
      st.setInt(7, next.period - 1);
      if (st.executeUpdate() != 1) return Status::Conflict("the mandate changed; not collected");
      return Status::OK();
    });
  });
}

Result<int> MySqlSepaStore::LapseUnused(Date cutoff, TimePoint now) {
  int lapsed = 0;
  Status s = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(
        c, "UPDATE sepa_mandates SET status = 'lapsed', end_reason = 'unused for 36 months', next_due_date = NULL, "
           "updated_at = " PREFILL_SQL_DATETIME_PARAM " WHERE status = 'active' AND last_due_date < ?");
    st.setInt64(1, ToMicros(now));
    st.setString(2, sepa::FormatIsoDate(cutoff));
    lapsed = st.executeUpdate();
    return Status::OK();
  });
  if (!s.ok()) return s;
  return lapsed;
}

Result<std::optional<Batch>> MySqlSepaStore::ExportDue(const std::string& creditor_id, Date until,
                                                       const BatchBuilder& build) {
  std::optional<Batch> stored;
  Status s = pool_.Run([&](sql::Connection& c) {
    stored.reset();
    return InTransaction(c, [&]() -> Status {
      // Lock first (collections only), then read them with their mandates.
      sql::PreparedStatement& lock = pool_.Prepared(
          c, "SELECT c.id FROM sepa_collections c LEFT JOIN transactions t ON t.id = c.transaction_id "
             "WHERE c.creditor_id = ? AND c.status = 'scheduled' AND c.due_date <= ? "
             "AND (c.transaction_id IS NULL OR t.status = 'confirmed') ORDER BY c.id FOR UPDATE");
      lock.setString(1, creditor_id);
      lock.setString(2, sepa::FormatIsoDate(until));
      std::vector<std::string> ids;
      {
        std::unique_ptr<sql::ResultSet> rs(lock.executeQuery());
        while (rs->next()) ids.push_back(rs->getString(1));
      }
      if (ids.empty()) return Status::OK();
      std::vector<DueCollection> due;
      sql::PreparedStatement& read = pool_.Prepared(
          c, std::string("SELECT ") + kCollectionColumns + ", " + kMandateColumns + kJoin +
                 "WHERE c.id = ? AND c.status = 'scheduled' AND c.batch_id IS NULL");
      for (const std::string& id : ids) {
        read.setString(1, id);
        std::unique_ptr<sql::ResultSet> rs(read.executeQuery());
        if (!rs->next()) return Status::Conflict("a due collection changed during the export");
        DueCollection d;
        Status r = ReadCollection(*rs, 1, &d.collection);
        if (r.ok()) r = ReadMandate(*rs, 14, &d.mandate);
        if (!r.ok()) return r;
        due.push_back(std::move(d));
      }
      Result<Batch> batch = build(due);
      if (!batch.ok()) return batch.status();
      FaultPoint("sepa_batch_built");
      sql::PreparedStatement& ins = pool_.Prepared(
          c, "INSERT INTO sepa_batches (id, creditor_id, format, until_date, tx_count, control_sum_cents, xml, "
             "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, " PREFILL_SQL_DATETIME_PARAM ")");
      ins.setString(1, batch->id);
      ins.setString(2, batch->creditor_id);
      ins.setString(3, sepa::Pain008FormatName(batch->format));
      ins.setString(4, sepa::FormatIsoDate(batch->until));
      ins.setInt(5, batch->count);
      ins.setInt64(6, batch->control_sum_cents);
      ins.setString(7, batch->xml);
      ins.setInt64(8, ToMicros(batch->created_at));
      ins.executeUpdate();
      sql::PreparedStatement& mark = pool_.Prepared(
          c, "UPDATE sepa_collections SET status = 'exported', batch_id = ?, updated_at = " PREFILL_SQL_DATETIME_PARAM
             " WHERE id = ? AND status = 'scheduled' AND batch_id IS NULL");
      for (const DueCollection& d : due) {
        mark.setString(1, batch->id);
        mark.setInt64(2, ToMicros(batch->created_at));
        mark.setString(3, d.collection.id);
        if (mark.executeUpdate() != 1) return Status::Conflict("a collection was exported concurrently");
      }
      stored = std::move(*batch);
      return Status::OK();
    });
  });
  if (!s.ok()) return s;
  return stored;
}

namespace {

constexpr const char* kBatchColumns =
    "id, creditor_id, format, " DATE_OUT("until_date") ", tx_count, control_sum_cents, " PREFILL_SQL_MICROS("created_at");

Status ReadBatch(sql::ResultSet& rs, Batch* b) {
  b->id = rs.getString(1);
  b->creditor_id = rs.getString(2);
  if (!sepa::ParsePain008Format(std::string(rs.getString(3)), &b->format)) {
    return Status::Internal("corrupt sepa_batches.format");
  }
  Status s = ReadDate(rs, 4, &b->until, "sepa_batches");
  if (!s.ok()) return s;
  b->count = rs.getInt(5);
  b->control_sum_cents = rs.getInt64(6);
  b->created_at = FromMicros(rs.getInt64(7));
  return Status::OK();
}

}  // namespace

Result<Batch> MySqlSepaStore::FindBatch(const std::string& id) {
  std::optional<Batch> found;
  Status s = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st =
        pool_.Prepared(c, std::string("SELECT ") + kBatchColumns + ", xml FROM sepa_batches WHERE id = ?");
    st.setString(1, id);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (!rs->next()) return Status::NotFound("batch not found");
    Batch b;
    Status r = ReadBatch(*rs, &b);
    if (!r.ok()) return r;
    b.xml = rs->getString(8);
    found = std::move(b);
    return Status::OK();
  });
  if (!s.ok()) return s;
  return std::move(*found);
}

Result<std::vector<Batch>> MySqlSepaStore::ListBatches(const std::string& creditor_id, size_t limit) {
  std::vector<Batch> out;
  Status s = pool_.Run([&](sql::Connection& c) {
    out.clear();
    sql::PreparedStatement& st = pool_.Prepared(
        c, std::string("SELECT ") + kBatchColumns +
               " FROM sepa_batches WHERE (? = '' OR creditor_id = ?) ORDER BY created_at DESC, id DESC LIMIT ?");
    st.setString(1, creditor_id);
    st.setString(2, creditor_id);
    st.setInt64(3, static_cast<int64_t>(limit));
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    while (rs->next()) {
      Batch b;
      Status r = ReadBatch(*rs, &b);
      if (!r.ok()) return r;
      out.push_back(std::move(b));
    }
    return Status::OK();
  });
  if (!s.ok()) return s;
  return out;
}

Result<Collection> MySqlSepaStore::FindCollection(const std::string& id) {
  std::optional<Collection> found;
  Status s = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st =
        pool_.Prepared(c, std::string("SELECT ") + kCollectionColumns + " FROM sepa_collections c WHERE c.id = ?");
    st.setString(1, id);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (!rs->next()) return Status::NotFound("collection not found");
    Collection col;
    Status r = ReadCollection(*rs, 1, &col);
    if (!r.ok()) return r;
    found = std::move(col);
    return Status::OK();
  });
  if (!s.ok()) return s;
  return std::move(*found);
}

Result<DueCollection> MySqlSepaStore::ReturnCollection(const std::string& id, const std::string& reason,
                                                       TimePoint now) {
  Status s = pool_.Run([&](sql::Connection& c) {
    return InTransaction(c, [&]() -> Status {
      sql::PreparedStatement& lock = pool_.Prepared(
          c, std::string("SELECT ") + kCollectionColumns + " FROM sepa_collections c WHERE c.id = ? FOR UPDATE");
      lock.setString(1, id);
      Collection col;
      {
        std::unique_ptr<sql::ResultSet> rs(lock.executeQuery());
        if (!rs->next()) return Status::NotFound("collection not found");
        Status r = ReadCollection(*rs, 1, &col);
        if (!r.ok()) return r;
      }
      if (col.status == CollectionStatus::kReturned) {
        return Status::AlreadyExists("the collection was returned before (" + col.return_reason + ")");
      }
      if (col.status != CollectionStatus::kExported) {
        return Status::InvalidArgument(std::string("the collection is ") + sepa::CollectionStatusName(col.status) +
                                       ", never sent to the bank");
      }
      sql::PreparedStatement& st = pool_.Prepared(
          c, "UPDATE sepa_collections SET status = 'returned', return_reason = ?, updated_at = "
             PREFILL_SQL_DATETIME_PARAM " WHERE id = ? AND status = 'exported'");
      st.setString(1, reason);
      st.setInt64(2, ToMicros(now));
      st.setString(3, id);
      st.executeUpdate();
      if (!col.transaction_id.empty()) {
        sql::PreparedStatement& tx = pool_.Prepared(
            c, "UPDATE transactions SET status = 'returned', failure_reason = ?, updated_at = "
               PREFILL_SQL_DATETIME_PARAM " WHERE id = ? AND status = 'confirmed'");
        tx.setString(1, "direct debit returned (" + reason + ")");
        tx.setInt64(2, ToMicros(now));
        tx.setString(3, col.transaction_id);
        if (tx.executeUpdate() == 1 && outbox_ != nullptr && transactions_ != nullptr) {
          // transaction.returned, with the attempt as now written.
          Result<Transaction> returned = transactions_->FindOn(c, col.transaction_id);
          if (!returned.ok()) return returned.status();
          Status event = outbox_->InsertOn(c, {TransactionEvent(EventType::kTransactionReturned, *returned)});
          if (!event.ok()) return event;
        }
      }
      if (sepa::ReturnEndsMandate(reason)) {
        bool ended = false;
        Status s = EndMandate(pool_, c, col.creditor_id, col.mandate_reference, "returned " + reason, now, &ended);
        if (!s.ok() || !ended) return s;
        return WriteMandateEvent(outbox_, pool_, c, EventType::kMandateCancelled, col.creditor_id,
                                 col.mandate_reference);
      }
      return Status::OK();
    });
  });
  if (!s.ok()) return s;
  Result<Collection> col = FindCollection(id);
  if (!col.ok()) return col.status();
  Result<Mandate> mandate = FindMandate(col->creditor_id, col->mandate_reference);
  if (!mandate.ok()) return mandate.status();
  return DueCollection{std::move(*col), std::move(*mandate)};
}

Status MySqlBankTransferStore::Insert(const BankTransfer& t) {
  return pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(
        c, "INSERT INTO bank_transfers (reference, transaction_id, form_id, amount_cents, currency, created_at) "
           "VALUES (?, ?, ?, ?, ?, " PREFILL_SQL_DATETIME_PARAM ")");
    st.setString(1, t.reference);
    st.setString(2, t.transaction_id);
    st.setString(3, t.form_id);
    st.setInt64(4, t.amount_cents);
    st.setString(5, t.currency);
    st.setInt64(6, ToMicros(t.created_at));
    st.executeUpdate();
    return Status::OK();
  });
}

Result<BankTransfer> MySqlBankTransferStore::FindByTransaction(const std::string& transaction_id) {
  std::optional<BankTransfer> found;
  Status s = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(
        c, "SELECT reference, transaction_id, form_id, amount_cents, currency, " PREFILL_SQL_MICROS("created_at")
           " FROM bank_transfers WHERE transaction_id = ?");
    st.setString(1, transaction_id);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (!rs->next()) return Status::NotFound("no transfer for this transaction");
    BankTransfer t;
    t.reference = rs->getString(1);
    t.transaction_id = rs->getString(2);
    t.form_id = rs->getString(3);
    t.amount_cents = rs->getInt64(4);
    t.currency = rs->getString(5);
    t.created_at = FromMicros(rs->getInt64(6));
    found = std::move(t);
    return Status::OK();
  });
  if (!s.ok()) return s;
  return std::move(*found);
}

}  // namespace prefill
