#include "forms/form_registry.h"

#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "form_test_util.h"

namespace prefill {
namespace {

namespace fs = std::filesystem;
using testing_forms::Dump;
using testing_forms::HasProblem;

// A fresh directory under the system temp dir, removed with the fixture.
class FormRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "prefill-forms-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(fs::path(dir_) / name) << text;
  }

  static std::string Form(const std::string& id, const std::string& hash, const std::string& sandbox_hash = "") {
    std::string json = R"({"id": ")" + id + R"(", "name": "Form )" + id + R"(", "hash": ")" + hash + "\", ";
    if (!sandbox_hash.empty()) json += R"("sandbox_hash": ")" + sandbox_hash + "\", ";
    return json + R"("fields": {"amount": {"required": true}}})";
  }

  std::string File(const std::string& name) const { return (fs::path(dir_) / name).string(); }

  std::string dir_;
};

TEST_F(FormRegistryTest, ShippedFormsLoadAndResolve) {
  std::vector<FormProblem> problems;
  Result<FormRegistry> registry = FormRegistry::LoadDirectory(PREFILL_SOURCE_DIR "/forms", &problems);
  ASSERT_TRUE(registry.ok()) << Dump(problems);
  EXPECT_TRUE(problems.empty());
  ASSERT_EQ(registry->forms().size(), 2u);
  EXPECT_EQ(registry->forms()[0].id, "demo");  // sorted by file name
  EXPECT_EQ(registry->forms()[1].id, "spendenformular");

  FormLookup live = registry->FindByHash("demo_live_hash_0001");
  ASSERT_TRUE(live);
  EXPECT_EQ(live.form->id, "demo");
  EXPECT_FALSE(live.sandbox);

  FormLookup sandbox = registry->FindByHash("demo_sandbox_hash_0001");
  ASSERT_TRUE(sandbox);
  EXPECT_EQ(sandbox.form, live.form);
  EXPECT_TRUE(sandbox.sandbox);

  FormLookup german = registry->FindByHash("spendenformular_live_0001");
  ASSERT_TRUE(german);
  EXPECT_EQ(german.form->language(), "de-DE");

  EXPECT_FALSE(registry->FindByHash("no_such_hash_000001"));
  EXPECT_FALSE(registry->FindByHash(""));
  EXPECT_FALSE(registry->FindByHash("DEMO_LIVE_HASH_0001"));  // hashes are case-sensitive
  EXPECT_EQ(registry->FindByHash("unknown").form, nullptr);

  ASSERT_NE(registry->FindById("spendenformular"), nullptr);
  EXPECT_EQ(registry->FindById("spendenformular")->hash, "spendenformular_live_0001");
  EXPECT_EQ(registry->FindById("nope"), nullptr);
}

TEST_F(FormRegistryTest, EmptyRegistryFindsNothing) {
  FormRegistry empty;
  EXPECT_FALSE(empty.FindByHash("demo_live_hash_0001"));
  EXPECT_EQ(empty.FindById("demo"), nullptr);
  EXPECT_TRUE(empty.forms().empty());
}

TEST_F(FormRegistryTest, DuplicateLiveHashAcrossFilesIsRefused) {
  Write("a.json", Form("alpha", "shared_hash_000001"));
  Write("b.json", Form("beta", "shared_hash_000001"));
  std::vector<FormProblem> problems;
  Result<FormRegistry> registry = FormRegistry::LoadDirectory(dir_, &problems);
  EXPECT_FALSE(registry.ok());
  ASSERT_EQ(problems.size(), 1u) << Dump(problems);
  EXPECT_EQ(problems[0].file, File("b.json"));
  EXPECT_EQ(problems[0].path, "$.hash");
  EXPECT_NE(problems[0].reason.find("live hash of form 'alpha'"), std::string::npos) << problems[0].reason;
  EXPECT_NE(problems[0].reason.find(File("a.json")), std::string::npos) << problems[0].reason;
}

TEST_F(FormRegistryTest, SandboxHashMayNotCollideWithAnyHash) {
  Write("a.json", Form("alpha", "alpha_live_hash_01", "alpha_sandbox_hash"));
  Write("b.json", Form("beta", "alpha_sandbox_hash", "alpha_live_hash_01"));
  std::vector<FormProblem> problems;
  EXPECT_FALSE(FormRegistry::LoadDirectory(dir_, &problems).ok());
  EXPECT_TRUE(HasProblem(problems, "$.hash", "already the sandbox hash of form 'alpha'")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.sandbox_hash", "already the live hash of form 'alpha'")) << Dump(problems);
  EXPECT_EQ(problems.size(), 2u) << Dump(problems);
}

TEST_F(FormRegistryTest, DuplicateIdIsRefused) {
  Write("a.json", Form("same", "alpha_live_hash_01"));
  Write("b.json", Form("same", "beta_live_hash_001"));
  std::vector<FormProblem> problems;
  EXPECT_FALSE(FormRegistry::LoadDirectory(dir_, &problems).ok());
  ASSERT_EQ(problems.size(), 1u) << Dump(problems);
  EXPECT_EQ(problems[0].file, File("b.json"));
  EXPECT_EQ(problems[0].path, "$.id");
  EXPECT_NE(problems[0].reason.find("duplicate form id 'same'"), std::string::npos);
}

TEST_F(FormRegistryTest, EveryBrokenFileIsReportedAndOthersIgnored) {
  Write("a_good.json", Form("good", "good_live_hash_001"));
  Write("b_broken.json", "{\"id\": ");
  Write("c_custom.json", R"({"id": "c", "name": "C", "hash": "c_live_hash_000001", "fields": {"x": {}}})");
  Write("notes.txt", "not a form");
  Write("d.json.bak", "{}");
  fs::create_directory(fs::path(dir_) / "sub.json");  // a directory, not a form file
  std::vector<FormProblem> problems;
  Result<FormRegistry> registry = FormRegistry::LoadDirectory(dir_, &problems);
  EXPECT_FALSE(registry.ok());
  ASSERT_EQ(problems.size(), 2u) << Dump(problems);
  EXPECT_EQ(problems[0].file, File("b_broken.json"));
  EXPECT_NE(problems[0].reason.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(problems[1].ToString(), File("c_custom.json") + ": $.fields.x.validator: custom field needs a validator");
}

TEST_F(FormRegistryTest, GoodDirectoryOfOwnForms) {
  Write("b.json", Form("beta", "beta_live_hash_001"));
  Write("a.json", Form("alpha", "alpha_live_hash_01", "alpha_sandbox_hash"));
  std::vector<FormProblem> problems;
  Result<FormRegistry> registry = FormRegistry::LoadDirectory(dir_ + "/", &problems);
  ASSERT_TRUE(registry.ok()) << Dump(problems);
  ASSERT_EQ(registry->forms().size(), 2u);
  EXPECT_EQ(registry->forms()[0].id, "alpha");
  EXPECT_TRUE(registry->FindByHash("alpha_sandbox_hash").sandbox);
  EXPECT_FALSE(registry->FindByHash("beta_live_hash_001").sandbox);
  EXPECT_EQ(registry->FindByHash("beta_live_hash_001").form, registry->FindById("beta"));
}

TEST_F(FormRegistryTest, EmptyOrMissingDirectory) {
  std::vector<FormProblem> problems;
  EXPECT_FALSE(FormRegistry::LoadDirectory(dir_, &problems).ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].file, dir_);
  EXPECT_NE(problems[0].reason.find("no form files"), std::string::npos);

  problems.clear();
  EXPECT_FALSE(FormRegistry::LoadDirectory(dir_ + "/missing", &problems).ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].reason.find("cannot read the forms directory"), std::string::npos);
}

TEST_F(FormRegistryTest, FromFormsChecksUniqueness) {
  prefill::Form a;
  a.id = "a";
  a.hash = "a_live_hash_000001";
  prefill::Form b = a;
  b.id = "b";
  std::vector<FormProblem> problems;
  EXPECT_FALSE(FormRegistry::FromForms({a, b}, &problems, {"one", "two"}).ok());
  EXPECT_TRUE(HasProblem(problems, "$.hash", "form 'a' (one)")) << Dump(problems);
  b.hash = "b_live_hash_000001";
  problems.clear();
  Result<FormRegistry> registry = FormRegistry::FromForms({a, b}, &problems);
  ASSERT_TRUE(registry.ok()) << Dump(problems);
  EXPECT_EQ(registry->FindByHash("b_live_hash_000001").form->id, "b");
}

TEST_F(FormRegistryTest, ConcurrentReadsSeeTheSameForms) {
  std::vector<FormProblem> problems;
  Result<FormRegistry> loaded = FormRegistry::LoadDirectory(PREFILL_SOURCE_DIR "/forms", &problems);
  ASSERT_TRUE(loaded.ok()) << Dump(problems);
  const FormRegistry& registry = loaded.value();
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        FormLookup l = registry.FindByHash(i % 2 ? "demo_sandbox_hash_0001" : "spendenformular_live_0001");
        if (!l || l.sandbox != (i % 2 == 1) || registry.FindById("demo") == nullptr) ++wrong;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace prefill
