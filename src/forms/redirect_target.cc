#include "forms/redirect_target.h"

#include <algorithm>
#include <cctype>

namespace prefill {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Parts {
  std::string scheme;     // "http" or "https"
  std::string_view authority;  // between "//" and the first '/', '?' or '#'
};

// The scheme and authority of `url`, or the reason it has none we accept.
std::string Split(std::string_view url, Parts* parts) {
  const std::string head = Lower(url.substr(0, 8));
  size_t rest;
  if (head.rfind("https://", 0) == 0) {
    parts->scheme = "https";
    rest = 8;
  } else if (head.rfind("http://", 0) == 0) {
    parts->scheme = "http";
    rest = 7;
  } else {
    return "must be an absolute http or https URL";
  }
  const size_t end = std::min(url.find_first_of("/?#\\", rest), url.size());
  parts->authority = url.substr(rest, end - rest);
  if (parts->authority.empty()) return "must name a host after the scheme";
  return "";
}

}  // namespace

std::string RedirectUrlProblem(std::string_view url) {
  if (url.size() > kMaxRedirectUrlLength) {
    return "must be at most " + std::to_string(kMaxRedirectUrlLength) + " bytes long";
  }
  for (unsigned char c : url) {
    if (c == '\r' || c == '\n') return "must not contain CR or LF";
    if (c == ' ') return "must not contain spaces (percent-encode them)";
    if (c < 0x20 || c == 0x7f) return "must not contain control characters";
    if (c >= 0x80) return "must be ASCII (percent-encode other characters)";
    if (c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}') {
      return std::string("must not contain '") + static_cast<char>(c) + "' unencoded";
    }
  }
  Parts parts;
  if (std::string problem = Split(url, &parts); !problem.empty()) return problem;
  if (parts.authority.find('@') != std::string_view::npos) return "must not contain credentials (user@host)";
  return "";
}

std::string RedirectOrigin(std::string_view url) {
  if (!RedirectUrlProblem(url).empty()) return "";
  Parts parts;
  if (!Split(url, &parts).empty()) return "";
  std::string authority = Lower(parts.authority);
  const std::string default_port = parts.scheme == "https" ? ":443" : ":80";
  if (authority.size() > default_port.size() &&
      authority.compare(authority.size() - default_port.size(), default_port.size(), default_port) == 0) {
    authority.resize(authority.size() - default_port.size());
  }
  return parts.scheme + "://" + authority;
}

std::string RedirectTargetProblem(const Form& form, std::string_view url) {
  if (std::string problem = RedirectUrlProblem(url); !problem.empty()) return problem;
  const std::string origin = RedirectOrigin(url);
  for (const std::string& allowed : form.allowed_redirect_origins) {
    if (RedirectOrigin(allowed) == origin) return "";
  }
  if (form.allowed_redirect_origins.empty()) {
    return "is not allowed: form " + form.id + " allows no redirect origins (allowed_redirect_origins)";
  }
  return "is not allowed: " + origin + " is not one of the form's allowed_redirect_origins";
}

}  // namespace prefill
