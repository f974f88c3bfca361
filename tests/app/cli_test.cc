// The command line and start-up refusal on broken form files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/app.h"
#include "app/cli.h"

namespace prefill {
namespace {

namespace fs = std::filesystem;

class BrokenFormsDir {
 public:
  BrokenFormsDir() : dir_(fs::temp_directory_path() / ("prefill_cli_forms_" + std::to_string(getpid()))) {
    fs::create_directories(dir_);
    fs::copy_file(std::string(PREFILL_SOURCE_DIR) + "/forms/demo.json", dir_ / "demo.json",
                  fs::copy_options::overwrite_existing);
    std::ofstream(dir_ / "broken.json") << R"({"id":"broken","name":"x","hash":"broken_hash_000001",
      "fields":{"basket":{"required":false}},"colour":"red"})";
  }
  ~BrokenFormsDir() { fs::remove_all(dir_); }
  std::string path() const { return dir_.string(); }

 private:
  fs::path dir_;
};

int RunPrefill(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return RunCli(static_cast<int>(argv.size()), argv.data());
}

TEST(CliTest, FormsCheckAcceptsTheShippedForms) {
  ::testing::internal::CaptureStdout();
  int rc = RunPrefill({"prefill", "forms", "check", std::string(PREFILL_SOURCE_DIR) + "/forms"});
  std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find(": ok"), std::string::npos) << out;
}

TEST(CliTest, FormsCheckPrintsEveryProblemWithFileAndPathAndFails) {
  BrokenFormsDir dir;
  ::testing::internal::CaptureStdout();
  int rc = RunPrefill({"prefill", "forms", "check", dir.path()});
  std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(rc, 1);
  EXPECT_NE(out.find("broken.json: $.colour: unknown key"), std::string::npos) << out;
  EXPECT_NE(out.find("broken.json: $.fields.basket.validator: custom field needs a validator"), std::string::npos) << out;
  EXPECT_NE(out.find("2 problem(s)"), std::string::npos) << out;
}

TEST(CliTest, ServerRefusesToStartWithABrokenFormFile) {
  BrokenFormsDir dir;
  AppConfig config;
  config.listen = "127.0.0.1:0";
  config.database_url = "mysql://root@localhost/unused?socket=/nonexistent.sock";
  config.forms_dir = dir.path();
  auto app = App::Start(config);
  ASSERT_FALSE(app.ok());
  EXPECT_NE(app.status().message().find("broken.json: $.colour"), std::string::npos) << app.status().ToString();
}

// A forms directory whose demo form routes cards to the account "gr-stripe".
class RoutedFormsDir {
 public:
  RoutedFormsDir() : dir_(fs::temp_directory_path() / ("prefill_cli_routed_" + std::to_string(getpid()))) {
    fs::create_directories(dir_ / "forms");
    std::ifstream in(std::string(PREFILL_SOURCE_DIR) + "/forms/demo.json");
    std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    json.replace(json.find("\"id\": \"demo\","), 13, R"("id": "demo", "live_processors": {"credit_card": "gr-stripe"},)");
    std::ofstream(dir_ / "forms" / "demo.json") << json;
    std::ofstream(dir_ / "processors.json")
        << R"({"gr-stripe": {"provider": "stripe", "secret_key": "sk_test_x", "api_base": "http://127.0.0.1:9"}})";
    std::ofstream(dir_ / "other.json")
        << R"({"gr-paypal": {"provider": "paypal", "client_id": "a", "client_secret": "b"}})";
  }
  ~RoutedFormsDir() { fs::remove_all(dir_); }
  std::string forms() const { return (dir_ / "forms").string(); }
  std::string file(const char* name) const { return (dir_ / name).string(); }

 private:
  fs::path dir_;
};

TEST(CliTest, FormsCheckRefusesARouteToAnAccountTheProcessorsFileLacks) {
  RoutedFormsDir dir;
  ::testing::internal::CaptureStdout();
  int missing = RunPrefill({"prefill", "forms", "check", dir.forms(), "--processors", dir.file("other.json")});
  int none = RunPrefill({"prefill", "forms", "check", dir.forms()});
  int good = RunPrefill({"prefill", "forms", "check", dir.forms(), "--processors", dir.file("processors.json")});
  std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(missing, 1) << out;
  EXPECT_EQ(none, 1) << out;
  EXPECT_EQ(good, 0) << out;
  EXPECT_NE(out.find("form 'demo': $.live_processors.credit_card: no processor account 'gr-stripe'"),
            std::string::npos) << out;
  EXPECT_EQ(out.find("sk_test_x"), std::string::npos) << out;
}

TEST(CliTest, ServerRefusesToStartWhenAFormNamesAMissingAccount) {
  RoutedFormsDir dir;
  AppConfig config;
  config.listen = "127.0.0.1:0";
  config.database_url = "mysql://root@localhost/unused?socket=/nonexistent.sock";
  config.forms_dir = dir.forms();
  config.processors_file = dir.file("other.json");
  auto app = App::Start(config);
  ASSERT_FALSE(app.ok());
  EXPECT_NE(app.status().message().find("no processor account 'gr-stripe'"), std::string::npos)
      << app.status().ToString();
}

}  // namespace
}  // namespace prefill
