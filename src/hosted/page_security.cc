#include "hosted/page_security.h"

#include <algorithm>

namespace prefill {

std::string FrameAncestors(const Form& form) {
  if (form.allowed_embed_origins.empty()) return "*";
  std::string value = "'self'";
  for (const std::string& origin : form.allowed_embed_origins) value += " " + origin;
  return value;
}

std::string PageContentSecurityPolicy(const std::string& frame_ancestors, bool stripe) {
  if (stripe) {
    return "default-src 'none'; script-src 'self' https://js.stripe.com; style-src 'self'; img-src 'self' data:; "
           "connect-src 'self' https://api.stripe.com; frame-src https://js.stripe.com; form-action 'self'; "
           "base-uri 'none'; frame-ancestors " +
           frame_ancestors;
  }
  return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
         "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors " +
         frame_ancestors;
}

void SetHtmlPageHeaders(HttpResponse& response, const std::string& frame_ancestors, bool stripe) {
  response.SetHeader("Content-Type", "text/html; charset=utf-8");
  response.SetHeader("Content-Security-Policy", PageContentSecurityPolicy(frame_ancestors, stripe));
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("Referrer-Policy", "no-referrer");
  response.SetHeader("Cache-Control", "no-store");
}

void SetJsonEndpointHeaders(HttpResponse& response, const Form* form, const HttpRequest& request) {
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("Cache-Control", "no-store");
  response.SetHeader("Vary", "Origin");
  const std::string origin = request.header("Origin");
  if (form == nullptr || origin.empty()) return;
  const auto& allowed = form->allowed_embed_origins;
  if (allowed.empty() || std::find(allowed.begin(), allowed.end(), origin) != allowed.end()) {
    response.SetHeader("Access-Control-Allow-Origin", allowed.empty() ? "*" : origin);
  }
}

}  // namespace prefill
