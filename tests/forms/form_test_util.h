// Helpers shared by the forms tests: a minimal valid form file and problem matchers.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "forms/form_problem.h"

namespace prefill::testing_forms {

// A valid form file; `top` is spliced in as extra top-level members (end it with a
// comma), `fields` is the content of the "fields" object.
inline std::string FormJson(const std::string& top = "",
                            const std::string& fields = R"("amount": {"required": true})") {
  return R"({"id": "t", "name": "Test form", "hash": "test_live_hash_0001", )" + top + R"( "fields": {)" +
         fields + "}}";
}

inline bool HasProblem(const std::vector<FormProblem>& problems, const std::string& path,
                       const std::string& reason_part) {
  return std::any_of(problems.begin(), problems.end(), [&](const FormProblem& p) {
    return p.path == path && p.reason.find(reason_part) != std::string::npos;
  });
}

inline std::string Dump(const std::vector<FormProblem>& problems) {
  std::string out;
  for (const FormProblem& p : problems) out += p.ToString() + "\n";
  return out;
}

}  // namespace prefill::testing_forms
