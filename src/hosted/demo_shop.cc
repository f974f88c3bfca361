#include "hosted/demo_shop.h"
#include "common/text_codec.h"

#include <spdlog/spdlog.h>

#include <kainjow/mustache.hpp>

#include "hosted/embedded_assets.h"
#include "hosted/form_page.h"
#include "http/form_api_wire.h"

namespace prefill {
namespace {

struct BasketLine {
  const char* sku;
  const char* name;
  int quantity;
  const char* price;      // per piece
  const char* line_total;
};

constexpr BasketLine kBasket[] = {
    {"TREE-01", "Plant a tree", 2, "10.00", "20.00"},
    {"KIT-01", "School kit for a child (share)", 1, "15.00", "15.00"},
};

constexpr char kOrderId[] = "DEMO-1001";

// The shop's own page: no script at all, only its stylesheet and the framed form.
void SetShopHeaders(HttpResponse& response) {
  response.SetHeader("Content-Type", "text/html; charset=utf-8");
  response.SetHeader("Content-Security-Policy",
                     "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
                     "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("Referrer-Policy", "no-referrer");
  response.SetHeader("Cache-Control", "no-store");
}

HttpResponse ShopMessage(int status, const std::string& message) {
  HttpResponse response;
  response.status = status;
  kainjow::mustache::data d;
  d.set("error", message);
  d.set("has_error", kainjow::mustache::data::type::bool_true);
  kainjow::mustache::mustache tmpl{std::string(EmbeddedAsset("sandbox/shop/demo_shop.mustache"))};
  response.body = tmpl.render(d);
  SetShopHeaders(response);
  return response;
}

HttpResponse ShowShop(const FormRegistry& forms, SessionService& sessions, const std::string& form_hash) {
  FormLookup lookup = forms.FindByHash(form_hash);
  if (!lookup) return ShopMessage(404, "The demo shop's form (" + form_hash + ") is not loaded.");
  const Form& form = *lookup.form;
  const DemoBasket& basket = DemoShopBasket();

  std::vector<FieldInput> inputs;
  auto add = [&](const char* field, const std::string& value) {
    if (form.FindField(field)) inputs.push_back({field, value, /*fix=*/true});
  };
  add("amount", basket.total);
  add("basket", basket.json);
  add("order_id", kOrderId);
  auto created = sessions.Create(form, lookup.sandbox, inputs, Authority::kForm);
  if (!created.ok()) {
    // The driver's text (hosts, SQL states) is for the log, never for the page.
    spdlog::warn("demo shop: cannot create a session: {}", created.status().ToString());
    HttpResponse error = ShopMessage(NumberedError(NumberedErrorFor(created.status())).status,
                                     "The shop could not create a donation session. Please try again in a moment.");
    if (created.status().code() == Status::Code::kUnavailable) error.SetHeader("Retry-After", "1");
    return error;
  }

  kainjow::mustache::data d;
  kainjow::mustache::data lines{kainjow::mustache::data::type::list};
  for (const BasketLine& line : kBasket) {
    kainjow::mustache::data l;
    l.set("sku", line.sku);
    l.set("name", line.name);
    l.set("quantity", std::to_string(line.quantity));
    l.set("price", line.price);
    l.set("line_total", line.line_total);
    lines.push_back(l);
  }
  d.set("lines", lines);
  d.set("total", basket.total);
  d.set("currency", form.currency());
  d.set("order_id", kOrderId);
  d.set("form_name", form.name);
  d.set("session_hash", created.value().record.hash);
  d.set("frame_src", "/form/" + PercentEncode(form_hash) + "?fbSessionHash=" +
                         PercentEncode(created.value().record.hash));
  d.set("has_error", kainjow::mustache::data::type::bool_false);
  kainjow::mustache::mustache tmpl{std::string(EmbeddedAsset("sandbox/shop/demo_shop.mustache"))};
  HttpResponse response;
  response.body = tmpl.render(d);
  SetShopHeaders(response);
  return response;
}

}  // namespace

const DemoBasket& DemoShopBasket() {
  static const DemoBasket basket = [] {
    // Hand-written JSON of fixed ASCII data; the session stores it as the text it is.
    std::string json = "[";
    for (const BasketLine& line : kBasket) {
      if (json.size() > 1) json += ",";
      json += std::string("{\"sku\":\"") + line.sku + "\",\"name\":\"" + line.name + "\",\"quantity\":" +
              std::to_string(line.quantity) + ",\"price\":\"" + line.price + "\"}";
    }
    json += "]";
    return DemoBasket{json, "35.00"};
  }();
  return basket;
}

void RegisterDemoShopRoutes(Router& router, const FormRegistry& forms, SessionService& sessions,
                            const std::string& form_hash) {
  router.Add("GET", "/sandbox/shop", [&forms, &sessions, form_hash](const HttpRequest&, const PathParams&) {
    return ShowShop(forms, sessions, form_hash);
  });
  router.Add("GET", "/sandbox/shop/shop.css", [](const HttpRequest&, const PathParams&) {
    HttpResponse response;
    response.body = std::string(EmbeddedAsset("sandbox/shop/demo_shop.css"));
    response.SetHeader("Content-Type", "text/css; charset=utf-8");
    response.SetHeader("X-Content-Type-Options", "nosniff");
    return response;
  }, Execution::kInline);
}

}  // namespace prefill
