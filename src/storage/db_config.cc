#include "storage/db_config.h"
#include "common/text_codec.h"

#include <cctype>
#include <charconv>

namespace prefill {
namespace {

bool ParseInt(std::string_view s, int* out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

std::vector<DbHost> DbConfig::Hosts() const {
  std::vector<DbHost> hosts{{host, port}};
  hosts.insert(hosts.end(), more_hosts.begin(), more_hosts.end());
  return hosts;
}

std::string DbConfig::Describe() const {
  std::string s = "mysql://" + user + (password.empty() ? "" : ":***") + "@" + host;
  if (socket.empty()) s += ":" + std::to_string(port);
  for (const DbHost& h : more_hosts) s += "," + h.host + ":" + std::to_string(h.port);
  s += "/" + database;
  if (!socket.empty()) s += "?socket=" + socket;
  return s;
}

Result<DbConfig> ParseDatabaseUrl(const std::string& url) {
  constexpr std::string_view kScheme = "mysql://";
  if (url.compare(0, kScheme.size(), kScheme) != 0) {
    return Status::InvalidArgument("database URL must start with mysql://");
  }
  std::string_view rest(url);
  rest.remove_prefix(kScheme.size());

  std::string_view query;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string_view authority = rest, path;
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
    authority = rest.substr(0, slash);
    path = rest.substr(slash + 1);
  }

  DbConfig config;
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    std::string_view user = userinfo, password;
    if (size_t colon = userinfo.find(':'); colon != std::string_view::npos) {
      user = userinfo.substr(0, colon);
      password = userinfo.substr(colon + 1);
    }
    if (!PercentDecode(user, &config.user, /*plus_is_space=*/false) ||
        !PercentDecode(password, &config.password, /*plus_is_space=*/false)) {
      return Status::InvalidArgument("database URL: bad percent-encoding in user or password");
    }
  }
  // host[:port][,host[:port]...]
  std::vector<DbHost> hosts;
  while (true) {
    size_t comma = authority.find(',');
    std::string_view one = authority.substr(0, comma);
    DbHost h{"localhost", 3306};
    if (size_t colon = one.rfind(':'); colon != std::string_view::npos) {
      if (!ParseInt(one.substr(colon + 1), &h.port) || h.port <= 0 || h.port > 65535) {
        return Status::InvalidArgument("database URL: bad port");
      }
      one = one.substr(0, colon);
    }
    if (!one.empty()) {
      h.host = std::string(one);
    } else if (comma != std::string_view::npos || !hosts.empty()) {
      return Status::InvalidArgument("database URL: empty host in the host list");
    }
    hosts.push_back(std::move(h));
    if (comma == std::string_view::npos) break;
    authority = authority.substr(comma + 1);
  }
  config.host = hosts.front().host;
  config.port = hosts.front().port;
  config.more_hosts.assign(hosts.begin() + 1, hosts.end());
  if (!PercentDecode(path, &config.database, /*plus_is_space=*/false)) {
    return Status::InvalidArgument("database URL: bad percent-encoding in database name");
  }

  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string value;
    if (!PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), &value, /*plus_is_space=*/false)) {
      return Status::InvalidArgument("database URL: bad percent-encoding in " + std::string(key));
    }
    int* seconds = nullptr;
    if (key == "socket") {
      config.socket = value;
    } else if (key == "connect_timeout") {
      seconds = &config.connect_timeout_seconds;
    } else if (key == "read_timeout") {
      seconds = &config.read_timeout_seconds;
    } else if (key == "write_timeout") {
      seconds = &config.write_timeout_seconds;
    } else if (key == "wsrep_sync_wait") {
      if (!ParseInt(value, &config.wsrep_sync_wait) || config.wsrep_sync_wait < 0 || config.wsrep_sync_wait > 15) {
        return Status::InvalidArgument("database URL: wsrep_sync_wait must be 0-15");
      }
    } else {
      return Status::InvalidArgument("database URL: unknown parameter " + std::string(key));
    }
    if (seconds && (!ParseInt(value, seconds) || *seconds <= 0)) {
      return Status::InvalidArgument("database URL: " + std::string(key) + " must be a positive number of seconds");
    }
  }
  if (!config.socket.empty() && !config.more_hosts.empty()) {
    return Status::InvalidArgument("database URL: a socket and several hosts exclude each other");
  }
  return config;
}

}  // namespace prefill
