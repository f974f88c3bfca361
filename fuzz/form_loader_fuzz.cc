// The form file loader: any bytes as a form file give a Form or problems, never a
// crash; a refused file names at least one problem.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "forms/form_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view json(reinterpret_cast<const char*>(data), size);
  std::vector<prefill::FormProblem> problems;
  auto form = prefill::ParseForm(json, "fuzz.json", &problems);
  if (!form.ok() && problems.empty()) std::abort();
  return 0;
}
