// IsStandardField and FieldGroup (SPEC 1), read from the registry.
#include <map>
#include <string>
#include <vector>

#include "validators/field_registry.h"
#include "validators/validation.h"

namespace prefill::validators {

bool IsStandardField(std::string_view field) { return FindStandardFieldSpec(field) != nullptr; }

const std::vector<std::string>& FieldGroup(std::string_view field) {
  static const std::vector<std::string> kNone;
  static const std::map<std::string, std::vector<std::string>> kGroups = [] {
    std::map<std::string, std::vector<std::string>> groups;
    for (const StandardFieldSpec& f : StandardFieldSpecs()) {
      if (f.group != nullptr) groups[f.group].push_back(f.name);
    }
    return groups;
  }();
  const StandardFieldSpec* spec = FindStandardFieldSpec(field);
  if (spec == nullptr || spec->group == nullptr) return kNone;
  return kGroups.at(spec->group);
}

}  // namespace prefill::validators
