// Response headers of the hosted page and its endpoints (SPEC sections 6 and 8).
//
// HTML pages get a Content-Security-Policy that runs only same-origin scripts
// and styles (no inline script: the page's data travels in a non-executed
// application/json block), `frame-ancestors` from the form's
// allowed_embed_origins ('self' always, so the server's own demo shop may
// embed it; `*` when the form lists none), nosniff, no referrer (the URL holds
// the fbSessionHash, which must not leak to payment providers) and no caching
// (the page holds donor data).
//
// The JSON endpoints answer browsers of other origins only when the form allows
// that origin to embed it (CORS), so a shop page may use prefill.js directly.
#pragma once

#include <string>

#include "forms/form.h"
#include "http/http_message.h"

namespace prefill {

// "'self' https://shop.example.org ..." or "*" when the form allows any origin.
std::string FrameAncestors(const Form& form);

// The Content-Security-Policy of a page that may be framed by `frame_ancestors`.
// `stripe`: the page collects a card with Stripe.js, so it may also load
// scripts and frames from https://js.stripe.com and connect to
// https://api.stripe.com — nothing more, and only on such pages.
std::string PageContentSecurityPolicy(const std::string& frame_ancestors, bool stripe = false);

// Content-Type text/html, CSP, nosniff, Referrer-Policy, Cache-Control no-store.
void SetHtmlPageHeaders(HttpResponse& response, const std::string& frame_ancestors, bool stripe = false);

// Access-Control-Allow-Origin for `request`'s Origin when `form` lets that
// origin embed it (every origin when it lists none), plus Vary: Origin,
// nosniff and no caching.
void SetJsonEndpointHeaders(HttpResponse& response, const Form* form, const HttpRequest& request);

}  // namespace prefill
