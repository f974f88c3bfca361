#include "webhooks/webhook_signature.h"

#include "rest/encoding.h"

namespace prefill::webhooks {

std::string GenerateSecret() { return std::string(kSecretPrefix) + Base64Encode(RandomBytes(32)); }

Result<std::string> SecretKey(std::string_view secret) {
  if (secret.substr(0, kSecretPrefix.size()) != kSecretPrefix) {
    return Status::InvalidArgument("a webhook secret starts with whsec_");
  }
  auto key = Base64Decode(secret.substr(kSecretPrefix.size()));
  if (!key || key->empty()) return Status::InvalidArgument("a webhook secret is whsec_ and base64");
  return *key;
}

Result<std::string> Sign(std::string_view secret, std::string_view id, int64_t timestamp, std::string_view body) {
  auto key = SecretKey(secret);
  if (!key.ok()) return key.status();
  std::string content;
  content.reserve(id.size() + body.size() + 24);
  content.append(id);
  content += '.';
  content += std::to_string(timestamp);
  content += '.';
  content.append(body);
  return "v1," + Base64Encode(HmacSha256(*key, content));
}

}  // namespace prefill::webhooks
