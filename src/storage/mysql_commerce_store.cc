#include "storage/mysql_commerce_store.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <memory>

#include "storage/mysql_time.h"
#include "storage/sql_query.h"

namespace prefill {
namespace {

constexpr unsigned kParseFlags = rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;

std::string EncodeCampaigns(const std::vector<std::string>& campaigns) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  for (const auto& c : campaigns) w.String(c.data(), static_cast<rapidjson::SizeType>(c.size()));
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string EncodeAllocations(const std::vector<Allocation>& allocations) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  for (const auto& a : allocations) {
    w.StartObject();
    w.Key("campaign");
    w.String(a.campaign.data(), static_cast<rapidjson::SizeType>(a.campaign.size()));
    w.Key("amount");
    w.Int64(a.amount);
    w.EndObject();
  }
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Status DecodeCampaigns(const std::string& text, std::vector<std::string>* out) {
  rapidjson::Document doc;
  doc.Parse<kParseFlags>(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsArray()) return Status::Internal("corrupt commerce_sessions.campaigns");
  for (const auto& item : doc.GetArray()) {
    if (!item.IsString()) return Status::Internal("corrupt commerce_sessions.campaigns");
    out->emplace_back(item.GetString(), item.GetStringLength());
  }
  return Status::OK();
}

Status DecodeAllocations(const std::string& text, std::vector<Allocation>* out) {
  const Status corrupt = Status::Internal("corrupt commerce_sessions.allocations");
  rapidjson::Document doc;
  doc.Parse<kParseFlags>(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsArray()) return corrupt;
  for (const auto& item : doc.GetArray()) {
    if (!item.IsObject() || !item.HasMember("campaign") || !item["campaign"].IsString() || !item.HasMember("amount") ||
        !item["amount"].IsInt64()) {
      return corrupt;
    }
    out->push_back(Allocation{std::string(item["campaign"].GetString(), item["campaign"].GetStringLength()),
                              item["amount"].GetInt64()});
  }
  return Status::OK();
}

constexpr const char* kDonationColumns =
    "SELECT id, public_id, session_hash, campaign, amount_minor, currency, status, sandbox, " PREFILL_SQL_MICROS(
        "created_at") " FROM donation_intents";

DonationIntent ReadDonation(sql::ResultSet& rs) {
  DonationIntent d;
  d.row_id = rs.getInt64(1);
  d.id = rs.getString(2);
  d.session_hash = rs.getString(3);
  d.campaign = rs.getString(4);
  d.amount = rs.getInt64(5);
  d.currency = rs.getString(6);
  d.status = rs.getString(7);
  d.sandbox = rs.getInt(8) != 0;
  d.created_at = FromMicros(rs.getInt64(9));
  return d;
}

// " WHERE ..." for `filter`, appending its parameters.
std::string DonationWhere(const DonationFilter& filter, SqlParams* params) {
  std::string where = " WHERE 1";
  if (filter.campaign) {
    where += " AND campaign = ?";
    params->push_back(*filter.campaign);
  }
  if (filter.status) {
    where += " AND status = ?";
    params->push_back(*filter.status);
  }
  return where;
}


}  // namespace

Status MySqlCommerceStore::Put(const std::string& hash, const CommerceTerms& t) {
  Status s = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(
        c,
        "REPLACE INTO commerce_sessions (session_hash, session_type, amount_minor, currency, campaigns, secret_hash, "
        "chosen_campaign, allocations) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    st.setString(1, hash);
    st.setString(2, SessionTypeName(t.type));
    st.setInt64(3, t.amount);
    st.setString(4, t.currency);
    st.setString(5, EncodeCampaigns(t.campaigns));
    if (t.secret_hash.empty()) {
      st.setNull(6, sql::DataType::VARCHAR);
    } else {
      st.setString(6, t.secret_hash);
    }
    if (t.chosen) {
      st.setString(7, *t.chosen);
    } else {
      st.setNull(7, sql::DataType::VARCHAR);
    }
    st.setString(8, EncodeAllocations(t.allocations));
    st.executeUpdate();
    st.clearParameters();
    return Status::OK();
  });
  // Error 1452 (foreign key): there is no such session.
  if (s.Is(Status::Code::kInternal) && s.message().find("1452") != std::string::npos) {
    return Status::NotFound("session not found");
  }
  return s;
}

Result<CommerceTerms> MySqlCommerceStore::Get(const std::string& hash) {
  CommerceTerms t;
  Status s = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(
        c,
        "SELECT session_type, amount_minor, currency, campaigns, secret_hash, chosen_campaign, allocations "
        "FROM commerce_sessions WHERE session_hash = ?");
    st.setString(1, hash);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (!rs->next()) return Status::NotFound("not a commerce session");
    if (!ParseSessionType(rs->getString(1), &t.type) || !IsCommerce(t.type)) {
      return Status::Internal("corrupt commerce_sessions.session_type");
    }
    t.amount = rs->getInt64(2);
    t.currency = rs->getString(3);
    if (Status d = DecodeCampaigns(rs->getString(4), &t.campaigns); !d.ok()) return d;
    if (!rs->isNull(5)) t.secret_hash = rs->getString(5);
    if (!rs->isNull(6)) t.chosen = std::string(rs->getString(6));
    return DecodeAllocations(rs->getString(7), &t.allocations);
  });
  if (!s.ok()) return s;
  return t;
}

Status MySqlCommerceStore::Write(SessionRecord* session, const CommerceTerms& terms,
                                 std::vector<DonationIntent>* new_donations) {
  if (!FitsDatetime(session->updated_at) || !FitsDatetime(session->expires_at)) {
    return Status::InvalidArgument("timestamp outside the years 1000-9999");
  }
  Status status = pool_.Run([&](sql::Connection& c) { return InTransaction(c, [&]() -> Status {
    sql::PreparedStatement& cas = pool_.Prepared(
        c, "UPDATE sessions SET state = ?, updated_at = " PREFILL_SQL_DATETIME_PARAM
           ", expires_at = " PREFILL_SQL_DATETIME_PARAM ", version = version + 1 WHERE hash = ? AND version = ?");
    cas.setString(1, SessionStateName(session->state));
    cas.setInt64(2, ToMicros(session->updated_at));
    cas.setInt64(3, ToMicros(session->expires_at));
    cas.setString(4, session->hash);
    cas.setInt64(5, session->version);
    if (cas.executeUpdate() != 1) {
      sql::PreparedStatement& exists = pool_.Prepared(c, "SELECT 1 FROM sessions WHERE hash = ?");
      exists.setString(1, session->hash);
      std::unique_ptr<sql::ResultSet> rs(exists.executeQuery());
      return rs->next() ? Status::Conflict("session changed concurrently") : Status::NotFound("session not found");
    }
    sql::PreparedStatement& terms_st = pool_.Prepared(
        c, "UPDATE commerce_sessions SET chosen_campaign = ?, allocations = ? WHERE session_hash = ?");
    if (terms.chosen) {
      terms_st.setString(1, *terms.chosen);
    } else {
      terms_st.setNull(1, sql::DataType::VARCHAR);
    }
    terms_st.setString(2, EncodeAllocations(terms.allocations));
    terms_st.setString(3, session->hash);
    terms_st.executeUpdate();
    sql::PreparedStatement& insert = pool_.Prepared(
        c,
        "INSERT INTO donation_intents (public_id, session_hash, campaign, amount_minor, currency, status, sandbox, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, " PREFILL_SQL_DATETIME_PARAM ")");
    for (DonationIntent& d : *new_donations) {
      insert.setString(1, d.id);
      insert.setString(2, d.session_hash);
      insert.setString(3, d.campaign);
      insert.setInt64(4, d.amount);
      insert.setString(5, d.currency);
      insert.setString(6, d.status);
      insert.setInt(7, d.sandbox ? 1 : 0);
      insert.setInt64(8, ToMicros(d.created_at));
      insert.executeUpdate();  // (session, campaign) taken: 1062, AlreadyExists from the pool
      std::unique_ptr<sql::Statement> id_st(c.createStatement());
      std::unique_ptr<sql::ResultSet> rs(id_st->executeQuery("SELECT LAST_INSERT_ID()"));
      if (rs->next()) d.row_id = rs->getInt64(1);
    }
    // A commerce session is written completed only by its confirm (a completed
    // one is never written again): its donation_session.completed event
    // belongs to this transaction.
    if (outbox_ != nullptr && session->state == SessionState::kCompleted) {
      Status event = outbox_->InsertOn(c, {SessionEvent(EventType::kSessionCompleted, *session)});
      if (!event.ok()) return event;
    }
    return Status::OK();  // a Galera certification failure surfaces at COMMIT: 1213, Conflict
  }); });
  if (status.ok()) ++session->version;
  return status;
}

Result<std::vector<DonationIntent>> MySqlCommerceStore::DonationsOf(const std::string& hash) {
  std::vector<DonationIntent> out;
  Status s = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st =
        pool_.Prepared(c, std::string(kDonationColumns) + " WHERE session_hash = ? ORDER BY id");
    st.setString(1, hash);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    while (rs->next()) out.push_back(ReadDonation(*rs));
    return Status::OK();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<DonationIntent>> MySqlCommerceStore::ScanDonations(const DonationFilter& filter, ListOrder order,
                                                                      std::optional<int64_t> after_id, int limit) {
  if (limit < 1) return std::vector<DonationIntent>();
  SqlParams params;
  std::string sql = kDonationColumns + DonationWhere(filter, &params);
  AppendKeysetPage("id", order == ListOrder::kAscending, after_id, limit, &sql, &params);
  std::vector<DonationIntent> out;
  Status s = RunQuery(pool_, sql, params, [&](sql::ResultSet& rs) {
    out.push_back(ReadDonation(rs));
    return Status::OK();
  });
  if (!s.ok()) return s;
  return out;
}

Result<int64_t> MySqlCommerceStore::CountDonations(const DonationFilter& filter) {
  SqlParams params;
  std::string sql = "SELECT COUNT(*) FROM donation_intents" + DonationWhere(filter, &params);
  return CountRows(pool_, sql, params);
}

}  // namespace prefill
