#include "storage/mysql_outbox.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid.hpp>

#include "storage/mysql_session_query.h"
#include "storage/mysql_time.h"
#include "storage/statements.h"

namespace prefill {
namespace {

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr size_t kIdChars = 26;

constexpr const char* kInsertSql =
    "INSERT INTO webhook_events (id, type, form_id, sandbox, body, created_at) VALUES (?, ?, ?, ?, ?, "
    PREFILL_SQL_DATETIME_PARAM ")";

}  // namespace

namespace statements {
const char* const kOutboxInsert = kInsertSql;
}  // namespace statements

std::string NewEventId() {
  // Boost.Uuid's random_generator draws from the operating system's CSPRNG;
  // bytes of 248 and above are dropped so every character is equally likely.
  thread_local boost::uuids::random_generator random;
  std::string id = "evt_";
  while (id.size() < 4 + kIdChars) {
    const boost::uuids::uuid bytes = random();
    for (uint8_t b : bytes) {
      if (b < 248 && id.size() < 4 + kIdChars) id.push_back(kBase62[b % 62]);
    }
  }
  return id;
}

Status MySqlOutbox::InsertOn(sql::Connection& c, const std::vector<DomainEvent>& events) {
  for (const DomainEvent& event : events) {
    SessionAttributes attributes;
    if (event.session) {
      Result<SessionAttributes> read = ReadSessionAttributes(pool_, c, event.session->hash);
      if (!read.ok()) return read.status();
      attributes = std::move(read.value());
    }
    const std::string id = NewEventId();
    const TimePoint created_at = now_();
    Result<std::string> body = encode_(event, attributes, id, created_at);
    if (!body.ok()) return body.status();
    sql::PreparedStatement& st = pool_.Prepared(c, kInsertSql);
    st.setString(1, id);
    st.setString(2, EventTypeName(event.type));
    st.setString(3, event.form_id);
    st.setInt(4, event.sandbox ? 1 : 0);
    st.setString(5, *body);
    st.setInt64(6, ToMicros(created_at));
    st.executeUpdate();
    st.clearParameters();  // the cached statement need not keep the body
  }
  return Status::OK();
}

}  // namespace prefill
