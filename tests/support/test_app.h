// TestApp: a whole Prefill server for HTTP integration tests: a fresh
// database (TestDatabase), an App listening on a free loopback port, and a
// client for it. Header-only so that only suites which use it link the app.
#pragma once

#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "app/app.h"
#include "support/http_client.h"
#include "support/test_database.h"

namespace prefill::testing {

// The configuration of an App for a test: a free loopback port, the database
// of `db_url`, the repository's forms/ and `threads` threads; the rest default.
inline AppConfig LocalAppConfig(const std::string& db_url, int threads = 4) {
  AppConfig config;
  config.listen = "127.0.0.1:0";
  config.database_url = db_url;
  config.forms_dir = std::string(PREFILL_SOURCE_DIR) + "/forms";
  config.threads = threads;
  return config;
}

class TestApp {
 public:
  // `config` fields other than listen and database_url are kept; forms_dir
  // defaults to the repository's forms/.
  explicit TestApp(const std::string& suite, AppConfig config = {}) : db_(suite) {
    config.listen = "127.0.0.1:0";
    config.database_url = db_.url();
    if (config.forms_dir == AppConfig().forms_dir) config.forms_dir = std::string(PREFILL_SOURCE_DIR) + "/forms";
    if (config.threads == 0) config.threads = 8;
    auto app = App::Start(config);
    if (!app.ok()) {
      ADD_FAILURE() << "App::Start: " << app.status().ToString();
      std::abort();
    }
    app_ = std::move(app.value());
  }

  App& app() { return *app_; }
  TestDatabase& db() { return db_; }
  HttpClient client() const { return HttpClient(app_->port()); }
  uint16_t port() const { return app_->port(); }

  // Creates a session through the form API (`fields`: urlencoded `payment[...]`
  // pairs) on the form with public hash `form_hash`; returns its fbSessionHash.
  std::string CreateFormSession(const std::string& form_hash, const std::string& fields) const {
    auto r = client().Post("/app/createSession", "hash=" + form_hash + "&" + fields);
    EXPECT_EQ(r.status, 200) << r.body;
    return Str(ParseJson(r)["session"]["hash"]);
  }

 private:
  TestDatabase db_;  // declared first: outlives the app
  std::unique_ptr<App> app_;
};

}  // namespace prefill::testing
