#include "http/http_message.h"
#include "validators/text.h"

#include <algorithm>

namespace prefill {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && validators::AsciiLower(a) == validators::AsciiLower(b);
}

}  // namespace

std::string HttpRequest::header(std::string_view name) const {
  auto it = headers.find(validators::AsciiLower(name));
  return it == headers.end() ? std::string() : it->second;
}

bool HttpRequest::has_header(std::string_view name) const {
  return headers.find(validators::AsciiLower(name)) != headers.end();
}

HttpResponse HttpResponse::Json(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  return response;
}

void HttpResponse::SetHeader(std::string name, std::string value) {
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [&](const auto& h) { return EqualsIgnoreCase(h.first, name); }),
                headers.end());
  headers.emplace_back(std::move(name), std::move(value));
}

void HttpResponse::AddHeader(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
}

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& h : headers) {
    if (EqualsIgnoreCase(h.first, name)) return h.second;
  }
  return std::string();
}

}  // namespace prefill
