#include "providers/processor_accounts.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <fstream>
#include <set>
#include <sstream>

#include "providers/provider_http.h"

namespace prefill {
namespace {

using rapidjson::Value;

bool IsAccountName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (unsigned char c : name) {
    if (!std::isalnum(c) && c != '_' && c != '-') return false;
  }
  return true;
}

class AccountParser {
 public:
  AccountParser(std::string file, std::vector<FormProblem>* problems, const EnvironmentFunction& env)
      : file_(std::move(file)), problems_(problems), env_(env) {}

  void Report(std::string path, std::string reason) {
    problems_->push_back(FormProblem{file_, std::move(path), std::move(reason)});
    ++reported_;
  }
  int reported() const { return reported_; }

  std::optional<ProcessorAccount> ParseAccount(const std::string& name, const Value& v) {
    const std::string path = "$." + name;
    if (!IsAccountName(name)) {
      Report(path, "an account name is 1-64 characters of A-Z a-z 0-9 _ -");
      return std::nullopt;
    }
    if (!v.IsObject()) {
      Report(path, "an account must be an object");
      return std::nullopt;
    }
    ProcessorAccount account;
    account.name = name;
    const std::string provider = Text(v, "provider", path, true);
    std::set<std::string> allowed;
    if (provider == "stripe") {
      account.provider = Provider::kStripe;
      allowed = {"provider", "secret_key", "webhook_secret", "publishable_key", "api_base"};
      account.secret_key = SecretValue(v, "secret_key", path, true);
      account.webhook_secret = SecretValue(v, "webhook_secret", path, false);
      account.publishable_key = Text(v, "publishable_key", path, false);
      account.api_base = Text(v, "api_base", path, false);
      if (account.api_base.empty()) account.api_base = "https://api.stripe.com";
    } else if (provider == "paypal") {
      account.provider = Provider::kPaypal;
      allowed = {"provider", "client_id", "client_secret", "webhook_id", "api_base"};
      account.client_id = SecretValue(v, "client_id", path, true);
      account.client_secret = SecretValue(v, "client_secret", path, true);
      account.webhook_id = Text(v, "webhook_id", path, false);
      account.api_base = Text(v, "api_base", path, false);
      if (account.api_base.empty()) account.api_base = "https://api-m.paypal.com";
    } else {
      if (v.HasMember("provider")) Report(path + ".provider", "must be \"stripe\" or \"paypal\"");
      return std::nullopt;
    }
    for (const auto& member : v.GetObject()) {
      const std::string key(member.name.GetString(), member.name.GetStringLength());
      if (!allowed.count(key)) Report(path + "." + key, "unknown key for a " + provider + " account");
    }
    while (!account.api_base.empty() && account.api_base.back() == '/') account.api_base.pop_back();
    if (!IsAllowedProviderUrl(account.api_base)) {
      Report(path + ".api_base", "must be an https:// URL (http:// only to 127.0.0.1 or localhost, for tests)");
    }
    return account;
  }

 private:
  std::string Text(const Value& v, const char* key, const std::string& path, bool required) {
    auto it = v.FindMember(key);
    if (it == v.MemberEnd()) {
      if (required) Report(path, std::string("missing required key '") + key + "'");
      return "";
    }
    if (!it->value.IsString() || it->value.GetStringLength() == 0) {
      Report(path + "." + key, "must be a non-empty string");
      return "";
    }
    return std::string(it->value.GetString(), it->value.GetStringLength());
  }

  // "env:NAME" is read from the environment; anything else is the secret itself.
  Secret SecretValue(const Value& v, const char* key, const std::string& path, bool required) {
    const std::string text = Text(v, key, path, required);
    if (text.rfind("env:", 0) != 0) return Secret(text);
    const std::string variable = text.substr(4);
    const char* value = variable.empty() ? nullptr : env_(variable.c_str());
    if (value == nullptr || *value == '\0') {
      Report(path + "." + key, "environment variable '" + variable + "' is not set");
      return Secret();
    }
    return Secret(value);
  }

  std::string file_;
  std::vector<FormProblem>* problems_;
  const EnvironmentFunction& env_;
  int reported_ = 0;
};

}  // namespace

const char* MethodOfProvider(Provider provider) {
  return provider == Provider::kStripe ? "credit_card" : "paypal";
}

Result<ProcessorAccounts> ProcessorAccounts::LoadFile(const std::string& path, std::vector<FormProblem>* problems,
                                                      const EnvironmentFunction& env) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems->push_back(FormProblem{path, "$", "cannot read the processors file"});
    return Status::InvalidArgument("processors file refused");
  }
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path, problems, env);
}

Result<ProcessorAccounts> ProcessorAccounts::Parse(const std::string& json, const std::string& file,
                                                   std::vector<FormProblem>* problems, const EnvironmentFunction& env) {
  AccountParser parser(file, problems, env);
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) {
    parser.Report("$", "malformed JSON at offset " + std::to_string(doc.GetErrorOffset()) + ": " +
                           rapidjson::GetParseError_En(doc.GetParseError()));
  } else if (!doc.IsObject()) {
    parser.Report("$", "the processors file must hold a JSON object of accounts");
  }
  ProcessorAccounts accounts;
  if (parser.reported() == 0) {
    for (const auto& member : doc.GetObject()) {
      const std::string name(member.name.GetString(), member.name.GetStringLength());
      if (accounts.accounts_.count(name)) {
        parser.Report("$." + name, "duplicate account");
        continue;
      }
      auto account = parser.ParseAccount(name, member.value);
      if (account) accounts.accounts_.emplace(name, std::move(*account));
    }
  }
  if (parser.reported() > 0) return Status::InvalidArgument("processors file refused");
  return accounts;
}

const ProcessorAccount* ProcessorAccounts::Find(const std::string& name) const {
  auto it = accounts_.find(name);
  return it == accounts_.end() ? nullptr : &it->second;
}

void CheckLiveProcessors(const Form& form, const std::string& file, const ProcessorAccounts& accounts,
                         std::vector<FormProblem>* problems) {
  for (const auto& [method, name] : form.live_processors) {
    const std::string path = "$.live_processors." + method;
    const ProcessorAccount* account = accounts.Find(name);
    if (account == nullptr) {
      problems->push_back(FormProblem{file, path, "no processor account '" + name + "' in the processors file"});
    } else if (method != MethodOfProvider(account->provider)) {
      problems->push_back(FormProblem{file, path, "account '" + name + "' cannot take " + method});
    }
  }
}

Result<ProcessorAccounts> LoadAccountsForForms(const std::vector<Form>& forms, const std::string& path,
                                               std::vector<FormProblem>* problems, const EnvironmentFunction& env) {
  ProcessorAccounts accounts;
  if (!path.empty()) {
    auto loaded = ProcessorAccounts::LoadFile(path, problems, env);
    if (!loaded.ok()) return loaded.status();
    accounts = std::move(loaded.value());
  }
  const size_t before = problems->size();
  for (const Form& form : forms) {
    CheckLiveProcessors(form, "form '" + form.id + "'", accounts, problems);
  }
  if (problems->size() > before) return Status::InvalidArgument("forms route to processor accounts that do not exist");
  return accounts;
}

}  // namespace prefill
