// Redirect targets: where Prefill may send a donor's browser after a payment
// (form API `success_redirect_url` / `failure_redirect_url`, SPEC 3) and what
// a shop may store as a REST session's `successUrl`. Pure; no HTTP.
//
// One rule, in two parts:
//   RedirectUrlProblem - the URL's shape: an absolute http or https URL of at
//     most kMaxRedirectUrlLength bytes with a host; no credentials
//     (`user:pass@`), no space, control, DEL or non-ASCII byte (nothing that
//     could split a Location header or read differently to two browsers), none
//     of the characters RFC 3986 never allows unencoded. Also applied to the
//     URLs Prefill builds itself (the hosted page's way back).
//   RedirectTargetProblem - the shape and the origin: the URL's origin
//     (scheme://host[:port], lowercase, default port dropped) must be one of
//     the form's allowed_redirect_origins (forms/form.h; by default its
//     allowed_embed_origins). A form that allows no origin allows no redirect.
// Both answer "" when the URL is acceptable, else a reason a developer can act
// on (it names no secret: the URL came from the caller).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "forms/form.h"

namespace prefill {

inline constexpr size_t kMaxRedirectUrlLength = 2048;

std::string RedirectUrlProblem(std::string_view url);

// "scheme://host[:port]" of an acceptable `url` (lowercase, default port
// dropped); "" when RedirectUrlProblem finds a problem.
std::string RedirectOrigin(std::string_view url);

std::string RedirectTargetProblem(const Form& form, std::string_view url);

}  // namespace prefill
