#include "storage/mysql_webhook_store.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <functional>
#include <memory>
#include <random>
#include <set>
#include <utility>

#include "storage/mysql_time.h"

namespace prefill {
namespace {

using webhooks::Attempt;
using webhooks::ClaimedDelivery;
using webhooks::DeliveryState;
using webhooks::Endpoint;
using webhooks::EventHead;

// See mysql_job_leases.cc: on Galera a claim first waits until this node has
// applied every earlier cluster write, so it judges the current row; on a
// plain server the setting does nothing.
#define PREFILL_CAUSAL "SET STATEMENT wsrep_sync_wait = 15 FOR "

constexpr const char* kEndpointColumns =
    "id, url, events, form_id, enabled, disabled_reason, " PREFILL_SQL_MICROS("created_at");
constexpr int kCandidates = 8;  // due deliveries looked at per claim

Result<Endpoint> ReadEndpoint(sql::ResultSet& rs) {
  Endpoint e;
  e.id = rs.getString(1);
  e.url = rs.getString(2);
  auto events = webhooks::ParseEventFilter(std::string(rs.getString(3)));
  if (!events.ok()) return Status::Internal("corrupt webhook_endpoints.events of " + e.id);
  e.events = *events;
  if (!rs.isNull(4)) e.form_id = rs.getString(4);
  e.enabled = rs.getInt(5) != 0;
  e.disabled_reason = rs.getString(6);
  e.created_at = FromMicros(rs.getInt64(7));
  return e;
}

const char* StateColumn(DeliveryState state) { return webhooks::DeliveryStateName(state); }

}  // namespace

Status MySqlWebhookStore::InsertEndpoint(const Endpoint& endpoint, const std::string& secret) {
  if (!FitsDatetime(endpoint.created_at)) return Status::InvalidArgument("creation time out of range");
  return pool_.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement(
        "INSERT INTO webhook_endpoints (id, url, events, form_id, secret, enabled, disabled_reason, created_at) "
        "VALUES (?, ?, ?, ?, ?, 1, '', " PREFILL_SQL_DATETIME_PARAM ")"));
    st->setString(1, endpoint.id);
    st->setString(2, endpoint.url);
    st->setString(3, webhooks::FormatEventFilter(endpoint.events));
    if (endpoint.form_id.empty()) {
      st->setNull(4, 0);
    } else {
      st->setString(4, endpoint.form_id);
    }
    st->setString(5, secret);
    st->setInt64(6, ToMicros(endpoint.created_at));
    st->executeUpdate();
    return Status::OK();
  });
}

Result<std::vector<Endpoint>> MySqlWebhookStore::ListEndpoints() {
  std::vector<Endpoint> out;
  Status s = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st =
        pool_.Prepared(c, std::string("SELECT ") + kEndpointColumns + " FROM webhook_endpoints ORDER BY created_at, id");
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    while (rs->next()) {
      auto e = ReadEndpoint(*rs);
      if (!e.ok()) return e.status();
      out.push_back(std::move(*e));
    }
    return Status::OK();
  });
  if (!s.ok()) return s;
  return out;
}

Result<Endpoint> MySqlWebhookStore::FindEndpoint(const std::string& id) {
  std::optional<Result<Endpoint>> found;
  Status s = pool_.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> st(
        c.prepareStatement(std::string("SELECT ") + kEndpointColumns + " FROM webhook_endpoints WHERE id = ?"));
    st->setString(1, id);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    if (rs->next()) found = ReadEndpoint(*rs);
    return Status::OK();
  });
  if (!s.ok()) return s;
  if (!found) return Status::NotFound("no such webhook endpoint");
  return *found;
}

Status MySqlWebhookStore::DeleteEndpoint(const std::string& id) {
  return pool_.Run([&](sql::Connection& c) {
    return InTransaction(c, [&]() -> Status {
      std::unique_ptr<sql::PreparedStatement> endpoint(c.prepareStatement("DELETE FROM webhook_endpoints WHERE id = ?"));
      endpoint->setString(1, id);
      if (endpoint->executeUpdate() != 1) return Status::NotFound("no such webhook endpoint");
      for (const char* table : {"webhook_deliveries", "webhook_attempts"}) {
        std::unique_ptr<sql::PreparedStatement> st(
            c.prepareStatement(std::string("DELETE FROM ") + table + " WHERE endpoint_id = ?"));
        st->setString(1, id);
        st->executeUpdate();
      }
      return Status::OK();
    });
  });
}

Result<std::vector<Attempt>> MySqlWebhookStore::ListAttempts(const std::string& endpoint_id, size_t limit) {
  std::vector<Attempt> out;
  Status s = pool_.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement(
        "SELECT event_id, event_type, attempt, " PREFILL_SQL_MICROS("attempted_at") ", http_status, error, "
        PREFILL_SQL_MICROS("next_attempt_at") ", duration_ms FROM webhook_attempts WHERE endpoint_id = ? "
        "ORDER BY attempted_at DESC, event_id DESC, attempt DESC LIMIT ?"));
    st->setString(1, endpoint_id);
    st->setInt64(2, static_cast<int64_t>(limit));
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    while (rs->next()) {
      Attempt a;
      a.endpoint_id = endpoint_id;
      a.event_id = rs->getString(1);
      a.event_type = rs->getString(2);
      a.attempt = rs->getInt(3);
      a.attempted_at = FromMicros(rs->getInt64(4));
      if (!rs->isNull(5)) a.http_status = rs->getInt(5);
      a.error = rs->getString(6);
      if (!rs->isNull(7)) a.next_attempt_at = FromMicros(rs->getInt64(7));
      a.duration_ms = rs->getInt64(8);
      out.push_back(std::move(a));
    }
    return Status::OK();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::optional<TimePoint>> MySqlWebhookStore::FanOutCursor() {
  std::optional<TimePoint> cursor;
  Status s = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(
        c, "SELECT " PREFILL_SQL_MICROS("cursor_at") " FROM webhook_fanout WHERE name = 'events'");
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (rs->next()) cursor = FromMicros(rs->getInt64(1));
    return Status::OK();
  });
  if (!s.ok()) return s;
  return cursor;
}

Status MySqlWebhookStore::AdvanceFanOutCursor(TimePoint to) {
  return pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(
        c, "INSERT INTO webhook_fanout (name, cursor_at) VALUES ('events', " PREFILL_SQL_DATETIME_PARAM ") "
           "ON DUPLICATE KEY UPDATE cursor_at = GREATEST(cursor_at, VALUES(cursor_at))");
    st.setInt64(1, ToMicros(to));
    st.executeUpdate();
    return Status::OK();
  });
}

Result<std::vector<EventHead>> MySqlWebhookStore::EventsAfter(TimePoint from, const std::string& from_id,
                                                              size_t limit) {
  std::vector<EventHead> out;
  Status s = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(
        c, "SELECT id, type, form_id, sandbox, " PREFILL_SQL_MICROS("created_at") " FROM webhook_events "
           "WHERE created_at >= " PREFILL_SQL_DATETIME_PARAM " AND (created_at > " PREFILL_SQL_DATETIME_PARAM
           " OR id > ?) ORDER BY created_at, id LIMIT ?");
    st.setInt64(1, ToMicros(from));
    st.setInt64(2, ToMicros(from));
    st.setString(3, from_id);
    st.setInt64(4, static_cast<int64_t>(limit));
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    while (rs->next()) {
      EventHead e;
      e.id = rs->getString(1);
      e.type = rs->getString(2);
      e.form_id = rs->getString(3);
      e.sandbox = rs->getInt(4) != 0;
      e.created_at = FromMicros(rs->getInt64(5));
      out.push_back(std::move(e));
    }
    return Status::OK();
  });
  if (!s.ok()) return s;
  return out;
}

Status MySqlWebhookStore::AddDeliveries(const std::vector<webhooks::NewDelivery>& deliveries) {
  if (deliveries.empty()) return Status::OK();
  // The fan-out offers the same pairs again on every pass over its lookback
  // window: read which exist first (one query), so only new pairs are written.
  std::set<std::pair<std::string, std::string>> existing;
  std::set<std::string> event_ids;
  for (const auto& d : deliveries) event_ids.insert(d.event_id);
  Status read = pool_.Run([&](sql::Connection& c) {
    std::string sql = "SELECT endpoint_id, event_id FROM webhook_deliveries WHERE event_id IN (";
    for (size_t i = 0; i < event_ids.size(); ++i) sql += i == 0 ? "?" : ", ?";
    sql += ")";
    std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement(sql));
    int i = 1;
    for (const std::string& id : event_ids) st->setString(i++, id);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    while (rs->next()) existing.emplace(rs->getString(1), rs->getString(2));
    return Status::OK();
  });
  if (!read.ok()) return read;
  std::vector<const webhooks::NewDelivery*> fresh;
  for (const auto& d : deliveries) {
    if (!existing.count({d.endpoint_id, d.event_id})) fresh.push_back(&d);
  }
  if (fresh.empty()) return Status::OK();
  Status s;
  for (int round = 0; round < 3; ++round) {
    s = pool_.Run([&](sql::Connection& c) {
      return InTransaction(c, [&] {
        // A pair another node inserted meanwhile is left alone. The row is
        // written only while its endpoint exists: the fan-out read the
        // endpoints earlier, and an endpoint deleted since (its deliveries
        // deleted with it) would otherwise get a delivery nobody ever claims
        // (ClaimDue joins the endpoints). INSERT ... SELECT reads the endpoint
        // row with a shared lock, so it and DeleteEndpoint are serialised.
        sql::PreparedStatement& st = pool_.Prepared(
            c, "INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, status, attempts, failures, "
               "next_attempt_at, updated_at) SELECT e.id, ?, ?, 'pending', 0, 0, " PREFILL_SQL_DATETIME_PARAM ", "
               PREFILL_SQL_DATETIME_PARAM " FROM webhook_endpoints e WHERE e.id = ? "
               "ON DUPLICATE KEY UPDATE endpoint_id = webhook_deliveries.endpoint_id");
        for (const auto* d : fresh) {
          st.setString(1, d->event_id);
          st.setString(2, d->event_type);
          st.setInt64(3, ToMicros(d->due));
          st.setInt64(4, ToMicros(d->due));
          st.setString(5, d->endpoint_id);
          st.executeUpdate();
        }
        return Status::OK();
      });
    });
    if (!s.Is(Status::Code::kConflict)) return s;  // another node inserted the same rows at once: again
  }
  return s;
}

Result<std::optional<ClaimedDelivery>> MySqlWebhookStore::ClaimDue(TimePoint now, TimePoint lease_until) {
  std::optional<ClaimedDelivery> claimed;
  Status s = pool_.Run([&](sql::Connection& c) {
    struct Candidate {
      std::string endpoint_id, event_id;
      int attempts;
    };
    std::vector<Candidate> candidates;
    {
      sql::PreparedStatement& st = pool_.Prepared(
          c, "SELECT d.endpoint_id, d.event_id, d.attempts FROM webhook_deliveries d "
             "JOIN webhook_endpoints e ON e.id = d.endpoint_id "
             "WHERE d.status = 'pending' AND d.next_attempt_at <= " PREFILL_SQL_DATETIME_PARAM
             " AND e.enabled = 1 ORDER BY d.next_attempt_at LIMIT ?");
      st.setInt64(1, ToMicros(now));
      st.setInt(2, kCandidates);
      std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
      while (rs->next()) candidates.push_back({rs->getString(1), rs->getString(2), rs->getInt(3)});
    }
    // Start at a random candidate, so concurrent workers mostly try different rows.
    const size_t n = candidates.size();
    thread_local std::mt19937 random{std::random_device{}()};
    const size_t start = n == 0 ? 0 : random() % n;
    for (size_t k = 0; k < n && !claimed; ++k) {
      const Candidate& cand = candidates[(start + k) % n];
      int affected = 0;
      try {
        sql::PreparedStatement& cas = pool_.Prepared(
            c, PREFILL_CAUSAL "UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = "
               PREFILL_SQL_DATETIME_PARAM ", updated_at = " PREFILL_SQL_DATETIME_PARAM
               " WHERE endpoint_id = ? AND event_id = ? AND attempts = ? AND status = 'pending' AND next_attempt_at <= "
               PREFILL_SQL_DATETIME_PARAM);
        cas.setInt64(1, ToMicros(lease_until));
        cas.setInt64(2, ToMicros(now));
        cas.setString(3, cand.endpoint_id);
        cas.setString(4, cand.event_id);
        cas.setInt(5, cand.attempts);
        cas.setInt64(6, ToMicros(now));
        affected = cas.executeUpdate();
      } catch (const sql::SQLException& e) {
        if (!IsLostRace(e)) throw;
        affected = 0;  // another worker took it at the same moment
      }
      if (affected != 1) continue;
      ClaimedDelivery d;
      d.endpoint_id = cand.endpoint_id;
      d.event_id = cand.event_id;
      d.attempt = cand.attempts + 1;
      sql::PreparedStatement& read = pool_.Prepared(
          c, "SELECT d.event_type, d.failures, e.url, e.secret, ev.body FROM webhook_deliveries d "
             "JOIN webhook_endpoints e ON e.id = d.endpoint_id LEFT JOIN webhook_events ev ON ev.id = d.event_id "
             "WHERE d.endpoint_id = ? AND d.event_id = ?");
      read.setString(1, cand.endpoint_id);
      read.setString(2, cand.event_id);
      std::unique_ptr<sql::ResultSet> rs(read.executeQuery());
      if (!rs->next()) continue;  // the endpoint was deleted just now
      d.event_type = rs->getString(1);
      d.failures = rs->getInt(2);
      d.url = rs->getString(3);
      d.secret = rs->getString(4);
      if (rs->isNull(5)) {
        d.event_missing = true;
      } else {
        d.body = rs->getString(5);
      }
      claimed = std::move(d);
    }
    return Status::OK();
  });
  if (s.Is(Status::Code::kConflict)) return std::optional<ClaimedDelivery>();
  if (!s.ok()) return s;
  return claimed;
}

Status MySqlWebhookStore::RecordAttempt(const ClaimedDelivery& claimed, const webhooks::AttemptResult& result) {
  const Attempt& log = result.log;
  Status s;
  for (int round = 0; round < 5; ++round) {
    s = pool_.Run([&](sql::Connection& c) {
      return InTransaction(c, [&] {
        sql::PreparedStatement& insert = pool_.Prepared(
            c, "INSERT INTO webhook_attempts (endpoint_id, event_id, attempt, event_type, attempted_at, http_status, "
               "error, next_attempt_at, duration_ms) VALUES (?, ?, ?, ?, " PREFILL_SQL_DATETIME_PARAM ", ?, ?, "
               "IF(? IS NULL, NULL, " PREFILL_SQL_DATETIME_PARAM "), ?) "
               "ON DUPLICATE KEY UPDATE attempt = attempt");
        insert.setString(1, claimed.endpoint_id);
        insert.setString(2, claimed.event_id);
        insert.setInt(3, claimed.attempt);
        insert.setString(4, claimed.event_type);
        insert.setInt64(5, ToMicros(log.attempted_at));
        if (log.http_status) {
          insert.setInt(6, *log.http_status);
        } else {
          insert.setNull(6, 0);
        }
        insert.setString(7, log.error);
        if (log.next_attempt_at) {
          insert.setInt64(8, ToMicros(*log.next_attempt_at));
          insert.setInt64(9, ToMicros(*log.next_attempt_at));
        } else {
          insert.setNull(8, 0);
          insert.setNull(9, 0);
        }
        insert.setInt64(10, log.duration_ms);
        insert.executeUpdate();

        // Only the claim's holder moves the delivery on: if the lease ran out
        // and another worker claimed it since, its attempt decides.
        sql::PreparedStatement& update = pool_.Prepared(
            c, "UPDATE webhook_deliveries SET status = ?, failures = ?, next_attempt_at = " PREFILL_SQL_DATETIME_PARAM
               ", updated_at = " PREFILL_SQL_DATETIME_PARAM " WHERE endpoint_id = ? AND event_id = ? AND attempts = ?");
        update.setString(1, StateColumn(result.state));
        update.setInt(2, result.failures);
        update.setInt64(3, ToMicros(result.next_at.value_or(log.attempted_at)));
        update.setInt64(4, ToMicros(log.attempted_at));
        update.setString(5, claimed.endpoint_id);
        update.setString(6, claimed.event_id);
        update.setInt(7, claimed.attempt);
        update.executeUpdate();

        if (result.disable_endpoint) {
          sql::PreparedStatement& disable = pool_.Prepared(
              c, "UPDATE webhook_endpoints SET enabled = 0, disabled_reason = ? WHERE id = ?");
          disable.setString(1, result.disabled_reason);
          disable.setString(2, claimed.endpoint_id);
          disable.executeUpdate();
        }
        return Status::OK();
      });
    });
    if (!s.Is(Status::Code::kConflict)) return s;
  }
  return s;
}

Result<int> MySqlWebhookStore::RetryEvent(const std::string& event_id, TimePoint now) {
  int retried = 0;
  int64_t known = 0;
  Status s = pool_.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement(
        PREFILL_CAUSAL "UPDATE webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id "
        "SET d.status = 'pending', d.failures = 0, d.next_attempt_at = " PREFILL_SQL_DATETIME_PARAM
        ", d.updated_at = " PREFILL_SQL_DATETIME_PARAM
        " WHERE d.event_id = ? AND d.status <> 'pending' AND e.enabled = 1"));
    st->setInt64(1, ToMicros(now));
    st->setInt64(2, ToMicros(now));
    st->setString(3, event_id);
    retried = st->executeUpdate();
    std::unique_ptr<sql::PreparedStatement> count(
        c.prepareStatement("SELECT COUNT(*) FROM webhook_deliveries WHERE event_id = ?"));
    count->setString(1, event_id);
    std::unique_ptr<sql::ResultSet> rs(count->executeQuery());
    if (rs->next()) known = rs->getInt64(1);
    return Status::OK();
  });
  if (!s.ok()) return s;
  if (known == 0) return Status::NotFound("no endpoint has a delivery of event " + event_id.substr(0, 40));
  return retried;
}

}  // namespace prefill
