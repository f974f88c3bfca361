#include "app/cli.h"
#include "common/time_format.h"

#include <CLI/CLI.hpp>
#include <signal.h>
#include <spdlog/spdlog.h>

#include "app/buffered_stdout_sink.h"

#include <iostream>

#include "app/app.h"
#include "forms/form_registry.h"
#include "storage/connection_pool.h"
#include "storage/db_config.h"
#include "storage/migrations.h"
#include "storage/mysql_api_key_store.h"
#include "session/session_service.h"
#include "http/form_api_wire.h"
#include "providers/processor_accounts.h"
#include "payments/sepa/sepa_service.h"
#include "validators/amount.h"
#include "storage/mysql_sepa_store.h"
#include "storage/mysql_webhook_store.h"
#include "webhooks/webhook_endpoints.h"

#include <fstream>

namespace prefill {
namespace {

const char* kDefaultDb = "mysql://root@localhost/prefill";

int Fail(const Status& status) {
  std::cerr << "prefill: " << status.ToString() << "\n";
  return 1;
}

int Serve(const AppConfig& config) {
  // Block the stop signals in every thread (threads inherit the mask), then wait for them here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  // One log line per request, buffered: flushed every second and at once for warnings.
  auto logger = std::make_shared<spdlog::logger>("prefill", std::make_shared<BufferedStdoutSink>());
  logger->set_level(spdlog::default_logger()->level());  // SPDLOG_LEVEL, read in main
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));

  auto app = App::Start(config);
  if (!app.ok()) return Fail(app.status());
  spdlog::info("prefill listening on {} (port {})", config.listen, (*app)->port());
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  spdlog::info("signal {}: finishing in-flight requests", signal_number);
  (*app)->Shutdown();
  spdlog::info("stopped");
  spdlog::default_logger()->flush();
  return 0;
}

int Migrate(const std::string& db_url, const std::string& dir) {
  auto db = ParseDatabaseUrl(db_url);
  if (!db.ok()) return Fail(db.status());
  if (Status s = EnsureDatabaseExists(db.value()); !s.ok()) return Fail(s);
  ConnectionPool pool(db.value(), {});
  auto applied = ApplyMigrations(pool, dir);
  if (!applied.ok()) return Fail(applied.status());
  for (const auto& name : applied.value()) std::cout << "applied " << name << "\n";
  if (applied->empty()) std::cout << "database is up to date\n";
  return 0;
}

// `prefill keys create|list|revoke` (SPEC section 7): the secret of a new key is
// printed once, on its own line, and exists nowhere else afterwards.
int Keys(const std::string& db_url, const std::string& action, const std::string& name, const std::string& scopes) {
  auto db = ParseDatabaseUrl(db_url);
  if (!db.ok()) return Fail(db.status());
  ConnectionPool pool(db.value(), {});
  MySqlApiKeyStore store(pool);
  if (action == "create") {
    auto parsed = ParseScopes(scopes);
    if (!parsed.ok()) return Fail(parsed.status());
    auto created = CreateApiKey(store, name, *parsed, SystemNow());
    if (!created.ok()) return Fail(created.status());
    std::cerr << "created key \"" << name << "\" (" << FormatScopes(created->key.scopes)
              << "); store it now, it is not shown again:\n";
    std::cout << created->secret << "\n";
    return 0;
  }
  if (action == "list") {
    auto keys = store.List();
    if (!keys.ok()) return Fail(keys.status());
    for (const ApiKey& key : *keys) {
      std::cout << key.name << "\t" << key.prefix << "...\t" << FormatScopes(key.scopes) << "\tcreated "
                << Iso8601(key.created_at)
                << (key.revoked_at ? "\trevoked " + Iso8601(*key.revoked_at) : std::string("\tactive")) << "\n";
    }
    if (keys->empty()) std::cout << "no keys\n";
    return 0;
  }
  Status revoked = store.Revoke(name, SystemNow());
  if (!revoked.ok()) return Fail(revoked);
  std::cout << "revoked key \"" << name << "\"\n";
  return 0;
}

// Prints every problem of every form file of `dir`; non-zero if there is any.
int CheckForms(const std::string& dir, const std::string& processors_file) {
  std::vector<FormProblem> problems;
  auto registry = FormRegistry::LoadDirectory(dir, &problems);
  // Only its problems matter here (appended to `problems`); the accounts are not used.
  if (registry.ok()) (void)LoadAccountsForForms(registry->forms(), processors_file, &problems);
  for (const auto& problem : problems) std::cout << problem.ToString() << "\n";
  if (!registry.ok() || !problems.empty()) {
    std::cout << problems.size() << " problem(s) in " << dir << "\n";
    return 1;
  }
  std::cout << registry->forms().size() << " form(s) in " << dir << ": ok\n";
  return 0;
}

// `prefill sepa export|download|recurring` (SPEC 5.2): the same SepaService
// as the REST API, on the forms of `forms_dir` and the database `db_url`.
struct SepaCommand {
  std::string db = kDefaultDb;
  std::string forms_dir = "forms";
  std::string creditor, until, format = "pain.008.001.08", out, batch;
};

int WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.close();
  if (!file) return Fail(Status::Internal("cannot write " + path));
  return 0;
}

int Sepa(const std::string& action, const SepaCommand& cmd) {
  std::vector<FormProblem> problems;
  auto forms = FormRegistry::LoadDirectory(cmd.forms_dir, &problems);
  if (!forms.ok()) {
    for (const auto& p : problems) std::cerr << p.ToString() << "\n";
    return Fail(forms.status());
  }
  auto db = ParseDatabaseUrl(cmd.db);
  if (!db.ok()) return Fail(db.status());
  ConnectionPool pool(db.value(), {});
  MySqlSepaStore store(pool);
  sepa::SepaService service(&store, &forms.value());
  if (action == "export") {
    sepa::Pain008Format format;
    if (!sepa::ParsePain008Format(cmd.format, &format)) {
      return Fail(Status::InvalidArgument("--format must be pain.008.001.08 or pain.008.001.02"));
    }
    std::optional<sepa::Date> until;
    if (!cmd.until.empty()) {
      until = sepa::ParseIsoDate(cmd.until);
      if (!until) return Fail(Status::InvalidArgument("--until must be a date YYYY-MM-DD"));
    }
    auto exported = service.Export(cmd.creditor, until, format);
    if (!exported.ok()) return Fail(exported.status());
    if (!*exported) {
      std::cout << "nothing due for " << cmd.creditor << "; no batch, no file\n";
      return 0;
    }
    const sepa::Batch& b = **exported;
    if (int rc = WriteFile(cmd.out, b.xml); rc != 0) {
      std::cerr << "the batch is stored; download it again with: prefill sepa download --batch " << b.id << "\n";
      return rc;
    }
    std::cout << "batch " << b.id << ": " << b.count << " collection(s), " << validators::FormatCents(b.control_sum_cents)
              << " EUR, " << sepa::Pain008FormatName(b.format) << ", written to " << cmd.out << "\n";
    return 0;
  }
  if (action == "download") {
    auto batch = service.FindBatch(cmd.batch);
    if (!batch.ok()) return Fail(batch.status());
    if (int rc = WriteFile(cmd.out, batch->xml); rc != 0) return rc;
    std::cout << "batch " << batch->id << " written to " << cmd.out << "\n";
    return 0;
  }
  const sepa::RecurringReport r = service.RunRecurring();
  std::cout << r.created << " collection(s) created, " << r.already << " already there, " << r.lapsed
            << " mandate(s) lapsed\n";
  if (r.failures > 0) return Fail(r.first_failure);
  return 0;
}

// `prefill webhooks create|list|delete|retry` (SPEC 7.2): the same
// WebhookEndpoints as the REST API. The secret of a new endpoint is printed
// once, on its own line, like a new API key.
struct WebhooksCommand {
  std::string db = kDefaultDb;
  std::string forms_dir = "forms";
  std::string url, events, form, id;
  bool allow_private = false;
};

const char* ProblemText(webhooks::EndpointProblem problem) {
  switch (problem) {
    case webhooks::EndpointProblem::kInvalidUrl: return "--url is not an absolute https URL";
    case webhooks::EndpointProblem::kInsecureUrl: return "--url must be https:// (or pass --webhooks-allow-private)";
    case webhooks::EndpointProblem::kCredentialsInUrl: return "--url must not carry a user name or password";
    case webhooks::EndpointProblem::kPrivateAddress:
      return "--url points at a loopback, private or non-public address (or pass --webhooks-allow-private)";
    case webhooks::EndpointProblem::kInvalidEvents: return "--events must be * or a comma-separated list of event types";
    case webhooks::EndpointProblem::kFormNotFound: return "--form names no form of the forms directory";
  }
  return "refused";
}

int Webhooks(const std::string& action, const WebhooksCommand& cmd) {
  auto db = ParseDatabaseUrl(cmd.db);
  if (!db.ok()) return Fail(db.status());
  std::optional<FormRegistry> forms;
  if (action == "create" && !cmd.form.empty()) {
    std::vector<FormProblem> problems;
    auto loaded = FormRegistry::LoadDirectory(cmd.forms_dir, &problems);
    if (!loaded.ok()) {
      for (const auto& p : problems) std::cerr << p.ToString() << "\n";
      return Fail(loaded.status());
    }
    forms.emplace(std::move(loaded.value()));
  }
  ConnectionPool pool(db.value(), {});
  MySqlWebhookStore store(pool);
  webhooks::WebhookEndpoints endpoints(
      &store, [&forms](const std::string& id) { return forms && forms->FindById(id) != nullptr; }, cmd.allow_private);
  if (action == "create") {
    webhooks::EndpointRequest request;
    request.url = cmd.url;
    request.form_id = cmd.form;
    auto filter = webhooks::ParseEventFilter(cmd.events);
    if (!filter.ok()) {
      std::cerr << "prefill: " << ProblemText(webhooks::EndpointProblem::kInvalidEvents) << ": "
                << filter.status().message() << "\n";
      return 1;
    }
    request.events = filter->all ? std::vector<std::string>{"*"} : filter->types;
    webhooks::CreateOutcome outcome = endpoints.Create(request);
    if (auto* refusal = std::get_if<webhooks::EndpointRefusal>(&outcome)) {
      std::cerr << "prefill: " << ProblemText(refusal->problem) << ": " << refusal->reason << "\n";
      return 1;
    }
    if (auto* failed = std::get_if<Status>(&outcome)) return Fail(*failed);
    const auto& created = std::get<webhooks::CreatedEndpoint>(outcome);
    std::cerr << "created webhook endpoint " << created.endpoint.id << " for " << created.endpoint.url << " ("
              << webhooks::FormatEventFilter(created.endpoint.events) << "); its signing secret, not shown again:\n";
    std::cout << created.endpoint.id << "\n" << created.secret << "\n";
    return 0;
  }
  if (action == "list") {
    auto list = endpoints.List();
    if (!list.ok()) return Fail(list.status());
    for (const webhooks::Endpoint& e : *list) {
      std::cout << e.id << "\t" << e.url << "\t" << webhooks::FormatEventFilter(e.events) << "\t"
                << (e.form_id.empty() ? "every form" : "form " + e.form_id) << "\t"
                << (e.enabled ? std::string("enabled") : "disabled: " + e.disabled_reason) << "\tcreated "
                << Iso8601(e.created_at) << "\n";
    }
    if (list->empty()) std::cout << "no webhook endpoints\n";
    return 0;
  }
  if (action == "delete") {
    if (Status s = endpoints.Delete(cmd.id); !s.ok()) return Fail(s);
    std::cout << "deleted webhook endpoint " << cmd.id << "\n";
    return 0;
  }
  auto retried = endpoints.Retry(cmd.id);
  if (!retried.ok()) return Fail(retried.status());
  std::cout << "event " << cmd.id << ": " << *retried << " deliver" << (*retried == 1 ? "y" : "ies")
            << " scheduled again\n";
  return 0;
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App cli{"Prefill: donation form sessions"};
  cli.require_subcommand(1);

  AppConfig config;
  config.database_url = kDefaultDb;
  auto* serve = cli.add_subcommand("serve", "serve the form API, REST API and hosted forms");
  serve->add_option("--listen", config.listen, "host:port to listen on")->envname("PREFILL_LISTEN")->capture_default_str();
  serve->add_option("--db", config.database_url, "database URL")->envname("PREFILL_DB")->capture_default_str();
  serve->add_option("--forms", config.forms_dir, "forms directory")->envname("PREFILL_FORMS")->capture_default_str();
  serve->add_option("--processors", config.processors_file, "processor accounts file (JSON, SPEC 5.3)")
      ->envname("PREFILL_PROCESSORS");
  serve->add_option("--threads", config.threads, "worker threads (0: 4 per core)")->envname("PREFILL_THREADS")->capture_default_str();
  std::string dispatch = DispatchName(config.dispatch);
  serve->add_option("--dispatch", dispatch,
                    "where database work runs: pool (worker threads) or inline (on --threads I/O threads)")
      ->envname("PREFILL_DISPATCH")->capture_default_str()->check(CLI::IsMember({"pool", "inline"}));
  serve->add_option("--max-request-bytes", config.max_request_bytes, "largest accepted request body")
      ->envname("PREFILL_MAX_REQUEST_BYTES")->capture_default_str()->check(CLI::Range(1024, 64 * 1024 * 1024));
  serve->add_option("--max-header-bytes", config.max_header_bytes, "largest accepted request line and headers")
      ->envname("PREFILL_MAX_HEADER_BYTES")->capture_default_str()->check(CLI::Range(1024, 1024 * 1024));
  serve->add_option("--max-connections", config.max_connections, "open connections in total")
      ->envname("PREFILL_MAX_CONNECTIONS")->capture_default_str()->check(CLI::Range(1, 1000000));
  serve->add_option("--max-connections-per-client", config.max_connections_per_client,
                    "open connections per client address")
      ->envname("PREFILL_MAX_CONNECTIONS_PER_CLIENT")->capture_default_str()->check(CLI::Range(1, 1000000));
  serve->add_option("--header-timeout", config.header_timeout_seconds, "seconds for a request's headers")
      ->envname("PREFILL_HEADER_TIMEOUT")->capture_default_str()->check(CLI::Range(1, 3600));
  serve->add_option("--body-timeout", config.body_timeout_seconds, "seconds for a request's body")
      ->envname("PREFILL_BODY_TIMEOUT")->capture_default_str()->check(CLI::Range(1, 3600));
  serve->add_option("--idle-timeout", config.idle_timeout_seconds, "seconds an idle keep-alive connection is kept")
      ->envname("PREFILL_IDLE_TIMEOUT")->capture_default_str()->check(CLI::Range(1, 3600));
  serve->add_option("--max-failed-payments-per-session", config.failed_payments_per_session,
                    "failed payment attempts per session in the window (0: no cap)")
      ->envname("PREFILL_MAX_FAILED_PAYMENTS_PER_SESSION")->capture_default_str()->check(CLI::Range(0, 1000000));
  serve->add_option("--max-failed-payments-per-client", config.failed_payments_per_client,
                    "failed payment attempts per client address in the window (0: no cap)")
      ->envname("PREFILL_MAX_FAILED_PAYMENTS_PER_CLIENT")->capture_default_str()->check(CLI::Range(0, 1000000));
  serve->add_option("--failed-payment-window", config.failed_payment_window_seconds,
                    "seconds of the sliding window for failed payment attempts")
      ->envname("PREFILL_FAILED_PAYMENT_WINDOW")->capture_default_str()->check(CLI::Range(1, 7 * 24 * 3600));
  serve->add_option("--rate-limit", config.rate_limit, "requests per second per client IP (0: off)")
      ->envname("PREFILL_RATE_LIMIT")->capture_default_str();
  serve->add_option("--public-url", config.public_base_url, "base URL for links in answers")->envname("PREFILL_PUBLIC_URL");

  std::string migrate_db = kDefaultDb, migrations_dir = DefaultMigrationsDir();
  auto* migrate = cli.add_subcommand("migrate", "apply the schema migrations once each");
  migrate->add_option("--db", migrate_db, "database URL")->envname("PREFILL_DB")->capture_default_str();
  migrate->add_option("--migrations", migrations_dir, "directory of NNN_name.sql files")->capture_default_str();

  std::string forms_check_dir;
  auto* forms = cli.add_subcommand("forms", "form files");
  forms->require_subcommand(1);
  auto* forms_check = forms->add_subcommand("check", "check every form file of DIR without starting anything");
  forms_check->add_option("DIR", forms_check_dir, "forms directory")->required();
  std::string forms_check_processors;
  forms_check->add_option("--processors", forms_check_processors, "processor accounts file the forms route to")
      ->envname("PREFILL_PROCESSORS");

  std::string keys_db = kDefaultDb, key_name, key_scopes = "sessions:read,sessions:write";
  auto* keys = cli.add_subcommand("keys", "secret API keys of the REST API");
  keys->require_subcommand(1);
  keys->add_option("--db", keys_db, "database URL")->envname("PREFILL_DB")->capture_default_str();
  auto* keys_create = keys->add_subcommand("create", "create a key and print it once");
  keys_create->add_option("--name", key_name, "a name to tell the key by")->required();
  keys_create->add_option("--scopes", key_scopes, "comma-separated: sessions:read, sessions:write, sepa:export, webhooks:write")
      ->capture_default_str();
  keys_create->add_option("--db", keys_db, "database URL")->envname("PREFILL_DB");
  auto* keys_list = keys->add_subcommand("list", "list every key (never the secrets)");
  keys_list->add_option("--db", keys_db, "database URL")->envname("PREFILL_DB");
  auto* keys_revoke = keys->add_subcommand("revoke", "revoke the active key called NAME");
  keys_revoke->add_option("name", key_name, "the key's name")->required();
  keys_revoke->add_option("--db", keys_db, "database URL")->envname("PREFILL_DB");

  SepaCommand sepa_cmd;
  auto* sepa = cli.add_subcommand("sepa", "SEPA direct debit: export collections, download batches");
  sepa->require_subcommand(1);
  auto* sepa_export = sepa->add_subcommand("export", "export the due collections of a creditor as one pain.008 file");
  sepa_export->add_option("--creditor", sepa_cmd.creditor, "SEPA creditor id of a form")->required();
  sepa_export->add_option("--until", sepa_cmd.until, "last due date to include, YYYY-MM-DD (default: today + 14 days)");
  sepa_export->add_option("--format", sepa_cmd.format, "pain.008.001.08 or pain.008.001.02")->capture_default_str();
  sepa_export->add_option("--out", sepa_cmd.out, "file to write")->required();
  auto* sepa_download = sepa->add_subcommand("download", "write a stored batch's file again, byte for byte");
  sepa_download->add_option("--batch", sepa_cmd.batch, "batch id")->required();
  sepa_download->add_option("--out", sepa_cmd.out, "file to write")->required();
  auto* sepa_recurring = sepa->add_subcommand("recurring", "create due recurrent collections now (the server does it hourly)");
  for (CLI::App* sub : {sepa_export, sepa_download, sepa_recurring}) {
    sub->add_option("--db", sepa_cmd.db, "database URL")->envname("PREFILL_DB")->capture_default_str();
    sub->add_option("--forms", sepa_cmd.forms_dir, "forms directory")->envname("PREFILL_FORMS")->capture_default_str();
  }

  WebhooksCommand wh_cmd;
  auto* wh = cli.add_subcommand("webhooks", "webhook endpoints (SPEC 7.2, docs/webhooks.md)");
  wh->require_subcommand(1);
  auto* wh_create = wh->add_subcommand("create", "add an endpoint; prints its id and signing secret once");
  wh_create->add_option("--url", wh_cmd.url, "https:// URL that receives the events")->required();
  wh_create->add_option("--events", wh_cmd.events, "comma-separated event types, or '*'")->required();
  wh_create->add_option("--form", wh_cmd.form, "only this form's events (a form id)");
  wh_create->add_option("--forms", wh_cmd.forms_dir, "forms directory (to check --form)")->envname("PREFILL_FORMS")
      ->capture_default_str();
  wh_create->add_flag("--webhooks-allow-private", wh_cmd.allow_private,
                      "also allow http:// and loopback/private addresses")->envname("PREFILL_WEBHOOKS_ALLOW_PRIVATE");
  auto* wh_list = wh->add_subcommand("list", "list the endpoints (never their secrets)");
  auto* wh_delete = wh->add_subcommand("delete", "remove an endpoint with its deliveries");
  wh_delete->add_option("ID", wh_cmd.id, "endpoint id (we_...)")->required();
  auto* wh_retry = wh->add_subcommand("retry", "send an event again to every enabled endpoint that had it");
  wh_retry->add_option("EVENT_ID", wh_cmd.id, "event id (evt_...)")->required();
  for (CLI::App* sub : {wh_create, wh_list, wh_delete, wh_retry}) {
    sub->add_option("--db", wh_cmd.db, "database URL")->envname("PREFILL_DB")->capture_default_str();
  }

  std::string retry_schedule;
  serve->add_option("--webhook-retry-schedule", retry_schedule,
                    "webhook retry delays in seconds, e.g. 1,2,4 (default 5s,5m,30m,2h,5h,10h,10h)")
      ->envname("PREFILL_WEBHOOK_RETRY_SCHEDULE");
  serve->add_flag("--webhooks-allow-private", config.webhooks_allow_private,
                  "webhook endpoints may be http:// and loopback/private addresses")
      ->envname("PREFILL_WEBHOOKS_ALLOW_PRIVATE");
  int webhook_timeout_seconds = 15;
  serve->add_option("--webhook-timeout", webhook_timeout_seconds, "seconds a webhook receiver has to answer")
      ->envname("PREFILL_WEBHOOK_TIMEOUT")->capture_default_str()->check(CLI::Range(1, 60));

  CLI11_PARSE(cli, argc, argv);
  if (wh_create->parsed()) return Webhooks("create", wh_cmd);
  if (wh_list->parsed()) return Webhooks("list", wh_cmd);
  if (wh_delete->parsed()) return Webhooks("delete", wh_cmd);
  if (wh_retry->parsed()) return Webhooks("retry", wh_cmd);
  if (serve->parsed()) {
    ParseDispatch(dispatch, &config.dispatch);  // checked by IsMember above
    config.webhook_timeout = std::chrono::seconds(webhook_timeout_seconds);
    if (!retry_schedule.empty()) {
      auto schedule = webhooks::ParseRetrySchedule(retry_schedule);
      if (!schedule.ok()) return Fail(Status::InvalidArgument("--webhook-retry-schedule: " + schedule.status().message()));
      config.webhook_retry_schedule = *schedule;
    }
  }
  if (sepa_export->parsed()) return Sepa("export", sepa_cmd);
  if (sepa_download->parsed()) return Sepa("download", sepa_cmd);
  if (sepa_recurring->parsed()) return Sepa("recurring", sepa_cmd);
  if (keys_create->parsed()) return Keys(keys_db, "create", key_name, key_scopes);
  if (keys_list->parsed()) return Keys(keys_db, "list", key_name, key_scopes);
  if (keys_revoke->parsed()) return Keys(keys_db, "revoke", key_name, key_scopes);
  if (forms_check->parsed()) return CheckForms(forms_check_dir, forms_check_processors);
  if (serve->parsed()) return Serve(config);
  if (migrate->parsed()) return Migrate(migrate_db, migrations_dir);
  return 2;
}

}  // namespace prefill
