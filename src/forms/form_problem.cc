#include "forms/form_problem.h"

namespace prefill {

std::string FormProblem::ToString() const {
  std::string out = file;
  if (!path.empty()) out += ": " + path;
  out += ": " + reason;
  return out;
}

}  // namespace prefill
