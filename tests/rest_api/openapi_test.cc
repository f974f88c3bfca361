// docs/openapi.yaml: it parses (libyaml), is an OpenAPI 3 document whose
// internal $refs resolve, and documents exactly the routes the server registers.
#include <gtest/gtest.h>
#include <yaml.h>

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_app.h"

namespace prefill {
namespace {

// A YAML node: a scalar, a mapping (keys in order) or a sequence.
struct YamlNode {
  enum class Kind { kScalar, kMapping, kSequence } kind = Kind::kScalar;
  std::string scalar;
  std::vector<std::pair<std::string, std::unique_ptr<YamlNode>>> mapping;
  std::vector<std::unique_ptr<YamlNode>> sequence;

  const YamlNode* Get(const std::string& key) const {
    for (const auto& [k, v] : mapping) {
      if (k == key) return v.get();
    }
    return nullptr;
  }
};

// Builds the tree of the first document of `text` from libyaml's events.
// Aliases are refused: this file does not use them, and they would hide
// content from the checks below.
class YamlReader {
 public:
  explicit YamlReader(const std::string& text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  ~YamlReader() { yaml_parser_delete(&parser_); }

  std::unique_ptr<YamlNode> Read(std::string* error) {
    std::vector<YamlNode*> stack;
    std::vector<std::string> pending_keys;  // per open mapping: the key awaiting its value ("" none)
    std::unique_ptr<YamlNode> root;
    while (true) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser_, &event)) {
        *error = std::string(parser_.problem ? parser_.problem : "parse error") + " at line " +
                 std::to_string(parser_.problem_mark.line + 1);
        return nullptr;
      }
      const yaml_event_type_t type = event.type;
      std::unique_ptr<YamlNode> node;
      bool close = false;
      if (type == YAML_SCALAR_EVENT) {
        node = std::make_unique<YamlNode>();
        node->scalar.assign(reinterpret_cast<const char*>(event.data.scalar.value), event.data.scalar.length);
      } else if (type == YAML_MAPPING_START_EVENT || type == YAML_SEQUENCE_START_EVENT) {
        node = std::make_unique<YamlNode>();
        node->kind = type == YAML_MAPPING_START_EVENT ? YamlNode::Kind::kMapping : YamlNode::Kind::kSequence;
      } else if (type == YAML_MAPPING_END_EVENT || type == YAML_SEQUENCE_END_EVENT) {
        close = true;
      } else if (type == YAML_ALIAS_EVENT) {
        yaml_event_delete(&event);
        *error = "aliases are not supported";
        return nullptr;
      }
      yaml_event_delete(&event);
      if (type == YAML_STREAM_END_EVENT || (type == YAML_DOCUMENT_END_EVENT && root)) break;
      if (close) {
        stack.pop_back();
        pending_keys.pop_back();
        continue;
      }
      if (!node) continue;
      YamlNode* raw = node.get();
      const bool container = node->kind != YamlNode::Kind::kScalar;
      if (stack.empty()) {
        root = std::move(node);
      } else if (stack.back()->kind == YamlNode::Kind::kSequence) {
        stack.back()->sequence.push_back(std::move(node));
      } else if (pending_keys.back().empty() && !container) {
        pending_keys.back() = raw->scalar.empty() ? std::string("\0", 1) : raw->scalar;
      } else {
        stack.back()->mapping.emplace_back(pending_keys.back(), std::move(node));
        pending_keys.back().clear();
      }
      if (container) {
        stack.push_back(raw);
        pending_keys.emplace_back();
      }
    }
    if (!root) *error = "empty document";
    return root;
  }

 private:
  yaml_parser_t parser_;
};

std::unique_ptr<YamlNode> LoadOpenApi(std::string* error) {
  std::ifstream in(std::string(PREFILL_SOURCE_DIR) + "/docs/openapi.yaml");
  if (!in) {
    *error = "docs/openapi.yaml not found";
    return nullptr;
  }
  std::stringstream text;
  text << in.rdbuf();
  return YamlReader(text.str()).Read(error);
}

const std::set<std::string> kMethods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

// "/v1/donation-sessions/:id/confirm" -> "/v1/donation-sessions/{id}/confirm"
std::string OpenApiPath(const std::string& pattern) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == ':' && (i == 0 || pattern[i - 1] == '/')) {
      size_t end = pattern.find('/', i);
      if (end == std::string::npos) end = pattern.size();
      out += "{" + pattern.substr(i + 1, end - i - 1) + "}";
      i = end;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

void CollectRefs(const YamlNode& node, std::vector<std::string>* refs) {
  for (const auto& [key, value] : node.mapping) {
    if (key == "$ref" && value->kind == YamlNode::Kind::kScalar) refs->push_back(value->scalar);
    CollectRefs(*value, refs);
  }
  for (const auto& item : node.sequence) CollectRefs(*item, refs);
}

TEST(OpenApiTest, ParsesAndIsOpenApi3WithResolvableRefs) {
  std::string error;
  auto doc = LoadOpenApi(&error);
  ASSERT_NE(doc, nullptr) << error;
  ASSERT_NE(doc->Get("openapi"), nullptr);
  EXPECT_EQ(doc->Get("openapi")->scalar.rfind("3.", 0), 0u);
  ASSERT_NE(doc->Get("info"), nullptr);
  EXPECT_NE(doc->Get("info")->Get("title"), nullptr);
  ASSERT_NE(doc->Get("paths"), nullptr);

  std::vector<std::string> refs;
  CollectRefs(*doc, &refs);
  EXPECT_GT(refs.size(), 20u);
  for (const std::string& ref : refs) {
    ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
    const YamlNode* at = doc.get();
    std::stringstream parts(ref.substr(2));
    std::string part;
    while (at && std::getline(parts, part, '/')) at = at->Get(part);
    EXPECT_NE(at, nullptr) << "unresolved " << ref;
  }
}

TEST(OpenApiTest, EveryOperationHasResponsesAndRestOperationsNeedTheKey) {
  std::string error;
  auto doc = LoadOpenApi(&error);
  ASSERT_NE(doc, nullptr) << error;
  for (const auto& [path, item] : doc->Get("paths")->mapping) {
    for (const auto& [method, operation] : item->mapping) {
      if (!kMethods.count(method)) continue;
      const YamlNode* responses = operation->Get("responses");
      ASSERT_NE(responses, nullptr) << method << " " << path;
      EXPECT_FALSE(responses->mapping.empty()) << method << " " << path;
      if (path.rfind("/v1/", 0) == 0) {
        EXPECT_NE(operation->Get("security"), nullptr) << method << " " << path;
      }
    }
  }
}

TEST(OpenApiTest, DocumentsExactlyTheRoutesTheServerRegisters) {
  std::string error;
  auto doc = LoadOpenApi(&error);
  ASSERT_NE(doc, nullptr) << error;
  std::set<std::string> documented;
  for (const auto& [path, item] : doc->Get("paths")->mapping) {
    for (const auto& [method, operation] : item->mapping) {
      if (kMethods.count(method)) {
        std::string upper = method;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        documented.insert(upper + " " + path);
      }
    }
  }
  prefill::testing::TestApp app("openapi");
  std::set<std::string> served;
  for (const Route& route : app.app().routes()) served.insert(route.method + " " + OpenApiPath(route.pattern));
  ASSERT_FALSE(served.empty());
  for (const std::string& route : served) EXPECT_TRUE(documented.count(route)) << "not in docs/openapi.yaml: " << route;
  for (const std::string& route : documented) EXPECT_TRUE(served.count(route)) << "documented but not served: " << route;
  for (const char* rest : {"POST /v1/donation-sessions", "GET /v1/donation-sessions", "GET /v1/donation-sessions/{id}",
                           "PATCH /v1/donation-sessions/{id}", "POST /v1/donation-sessions/{id}/process",
                           "POST /v1/donation-sessions/{id}/confirm", "POST /v1/donation-sessions/{id}/expire",
                           "POST /app/createSession", "GET /app/updateSession"}) {
    EXPECT_TRUE(served.count(rest)) << rest;
  }
}

TEST(OpenApiTest, PathConversion) {
  EXPECT_EQ(OpenApiPath("/v1/donation-sessions/:id/confirm"), "/v1/donation-sessions/{id}/confirm");
  EXPECT_EQ(OpenApiPath("/form/:hash"), "/form/{hash}");
  EXPECT_EQ(OpenApiPath("/healthz"), "/healthz");
}

TEST(OpenApiTest, ReaderRefusesBrokenYaml) {
  std::string error;
  EXPECT_EQ(YamlReader("a: b: c\n").Read(&error), nullptr);
  EXPECT_FALSE(error.empty());
  error.clear();
  EXPECT_EQ(YamlReader("a: &x 1\nb: *x\n").Read(&error), nullptr);
  auto ok = YamlReader("a:\n  - 1\n  - {b: c}\nd: e\n").Read(&error);
  ASSERT_NE(ok, nullptr) << error;
  EXPECT_EQ(ok->Get("a")->sequence.size(), 2u);
  EXPECT_EQ(ok->Get("a")->sequence[1]->Get("b")->scalar, "c");
  EXPECT_EQ(ok->Get("d")->scalar, "e");
}

}  // namespace
}  // namespace prefill
