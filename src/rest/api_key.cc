#include "rest/api_key.h"
#include "validators/text.h"

#include <cctype>

#include "rest/encoding.h"

namespace prefill {
const char* ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kSessionsRead: return "sessions:read";
    case Scope::kSessionsWrite: return "sessions:write";
    case Scope::kSepaExport: return "sepa:export";
    case Scope::kWebhooksWrite: return "webhooks:write";
  }
  return "unknown";
}

Result<std::set<Scope>> ParseScopes(std::string_view list) {
  if (validators::TrimAscii(list).empty()) return Status::InvalidArgument("a key needs at least one scope");
  std::set<Scope> scopes;
  while (true) {
    const size_t comma = list.find(',');
    const std::string_view name = validators::TrimAscii(list.substr(0, comma));
    if (name == "sessions:read") {
      scopes.insert(Scope::kSessionsRead);
    } else if (name == "sessions:write") {
      scopes.insert(Scope::kSessionsWrite);
    } else if (name == "sepa:export") {
      scopes.insert(Scope::kSepaExport);
    } else if (name == "webhooks:write") {
      scopes.insert(Scope::kWebhooksWrite);
    } else {
      return Status::InvalidArgument("unknown scope \"" + std::string(name) +
                                     "\" (known: sessions:read, sessions:write, sepa:export, webhooks:write)");
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return scopes;
}

std::string FormatScopes(const std::set<Scope>& scopes) {
  std::string out;
  for (Scope s : scopes) {
    if (!out.empty()) out += ',';
    out += ScopeName(s);
  }
  return out;
}

GeneratedApiKey GenerateApiKey() {
  GeneratedApiKey key;
  key.secret = std::string(kApiKeyMarker) + Base64UrlEncode(RandomBytes(32));
  key.hash = HashApiKey(key.secret);
  key.prefix = key.secret.substr(0, kApiKeyPrefixLength);
  return key;
}

std::string HashApiKey(std::string_view secret) { return Sha256Hex(secret); }

bool LooksLikeApiKey(std::string_view s) {
  if (s.size() != kApiKeyLength || s.substr(0, kApiKeyMarker.size()) != kApiKeyMarker) return false;
  auto decoded = Base64UrlDecode(s.substr(kApiKeyMarker.size()));
  return decoded && decoded->size() == 32;
}

bool IsValidApiKeyName(std::string_view name) {
  if (name.empty() || name.size() > 100 || name.front() == ' ' || name.back() == ' ') return false;
  for (char c : name) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

std::string BearerToken(std::string_view authorization) {
  authorization = validators::TrimAscii(authorization);
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return "";
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return "";
  }
  return std::string(validators::TrimAscii(authorization.substr(kScheme.size())));
}

}  // namespace prefill
