// The sandbox's demo charity shop (SPEC section 6): GET /sandbox/shop.
//
// Shows what a shop integration looks like: the shop's server creates a session
// through the session core (as it would through /app/createSession) with the
// basket total as a locked (`_fix`) amount, the basket as JSON in the form's
// hidden `basket` field and an order number, then embeds
// /form/<sandbox hash>?fbSessionHash=<hash> in an <iframe>. Every visit makes
// a new session. Fields the form does not declare are left out, so any sandbox
// form can be used. Markup: sandbox/shop/demo_shop.mustache (embedded).
//
//   GET /sandbox/shop            the shop page
//   GET /sandbox/shop/shop.css   its styles
#pragma once

#include <string>

#include "forms/form_registry.h"
#include "http/router.h"
#include "session/session_service.h"

namespace prefill {

// The demo basket as JSON and its total, e.g. "35.00".
struct DemoBasket {
  std::string json;
  std::string total;
};
const DemoBasket& DemoShopBasket();

void RegisterDemoShopRoutes(Router& router, const FormRegistry& forms, SessionService& sessions,
                            const std::string& form_hash);

}  // namespace prefill
