#include "session/session_merge.h"

#include <map>
#include <optional>

namespace prefill {
namespace {

using validators::MessageId;
using validators::ValidationContext;
using validators::ValidationError;
using validators::ValueMap;

ValidationError Error(MessageId id) { return ValidationError{id, {}}; }

// What the request asks for one declared field, after the first look.
struct Intent {
  enum class Kind { kSet, kClear, kKeep } kind = Kind::kKeep;
  std::string raw;        // kSet: the value as sent (re-validated in context)
  std::string canonical;  // kSet: the value to store
  bool fix = false;
};

// The value that would be stored if every intent in `intents` took effect.
ValueMap Propose(const ValueMap& original, const std::map<std::string, Intent>& intents) {
  ValueMap proposed = original;
  for (const auto& [field, intent] : intents) {
    if (intent.kind == Intent::Kind::kSet) proposed[field] = intent.canonical;
    if (intent.kind == Intent::Kind::kClear) proposed.erase(field);
  }
  return proposed;
}

// First look at one input of a declared field: locks, empties, the value on its own.
// Returns the intent, or nullopt with the error recorded.
std::optional<Intent> Judge(const Form& form, const FieldInput& input, Authority authority,
                            const validators::CivilDate& today, const SessionRecord& record,
                            SessionErrors* errors) {
  const std::string& field = input.field;
  const auto stored = record.values.find(field);
  const bool has_stored = stored != record.values.end();
  const bool locked = authority == Authority::kForm && record.fixed.count(field) > 0;

  // On its own first: cross-field rules are applied once the whole request is known.
  const ValueMap no_context;
  std::optional<validators::FieldOutcome> outcome;
  if (!input.value.empty()) {
    outcome = validators::ValidateField(ValidationContext{form.rules, no_context, today}, field, input.value);
  }
  // A value of only blanks counts as empty: an empty string is never stored.
  const bool blank = !outcome || (outcome->ok() && outcome->value().empty());

  if (blank) {
    if (input.fix) {
      errors->current_fields[field] = Error(MessageId::kRequired);
      return std::nullopt;
    }
    if (locked) {
      if (!has_stored) return Intent{};  // clearing an empty locked field changes nothing
      errors->current_fields[field] = Error(MessageId::kFixedValue);
      return std::nullopt;
    }
    Intent clear;
    clear.kind = Intent::Kind::kClear;
    return clear;
  }

  if (locked) {
    const bool same = has_stored && (input.value == stored->second ||
                                     (outcome->ok() && outcome->value() == stored->second));
    if (!same) {
      errors->current_fields[field] = Error(MessageId::kFixedValue);
      return std::nullopt;
    }
    return Intent{};
  }
  if (!outcome->ok()) {
    errors->current_fields[field] = outcome->error();
    return std::nullopt;
  }
  Intent set;
  set.kind = Intent::Kind::kSet;
  set.raw = input.value;
  set.canonical = outcome->value();
  set.fix = input.fix;
  return set;
}

// Re-validates every value to be set against the proposed record, dropping the ones
// that do not fit, until the remaining ones all fit each other. Each round only drops,
// so this ends after at most intents->size() rounds.
void SettleCrossFieldRules(const Form& form, const ValueMap& original, const validators::CivilDate& today,
                           std::map<std::string, Intent>* intents, SessionErrors* errors) {
  bool dropped = true;
  while (dropped) {
    dropped = false;
    const ValueMap proposed = Propose(original, *intents);
    for (auto it = intents->begin(); it != intents->end();) {
      Intent& intent = it->second;
      if (intent.kind != Intent::Kind::kSet) {
        ++it;
        continue;
      }
      const validators::FieldOutcome outcome =
          validators::ValidateField(ValidationContext{form.rules, proposed, today}, it->first, intent.raw);
      if (outcome.ok()) {
        intent.canonical = outcome.value();
        ++it;
      } else {
        errors->current_fields[it->first] = outcome.error();
        it = intents->erase(it);
        dropped = true;
      }
    }
  }
}

}  // namespace

MergeResult MergeInputs(const Form& form, const std::vector<FieldInput>& inputs, Authority authority,
                        const validators::CivilDate& today, SessionRecord* record) {
  MergeResult result;
  std::set<std::string> touched;
  std::set<std::string> extra_reported;
  std::map<std::string, Intent> intents;

  for (const FieldInput& input : inputs) {
    if (form.rules.fields.count(input.field) == 0) {
      if (extra_reported.insert(input.field).second) {
        result.errors.globals.push_back(ExtraFormFieldError(input.field));
      }
      continue;
    }
    touched.insert(input.field);
    // The last input for a field replaces whatever an earlier one asked or caused.
    intents.erase(input.field);
    result.errors.current_fields.erase(input.field);
    std::optional<Intent> intent = Judge(form, input, authority, today, *record, &result.errors);
    if (intent) intents[input.field] = std::move(*intent);
  }

  SettleCrossFieldRules(form, record->values, today, &intents, &result.errors);

  const ValueMap original_values = record->values;
  const std::set<std::string> original_fixed = record->fixed;
  record->values = Propose(original_values, intents);
  for (const auto& [field, intent] : intents) {
    if (intent.kind == Intent::Kind::kSet && intent.fix) {
      record->fixed.insert(field);
    } else if (intent.kind != Intent::Kind::kKeep) {
      // Only reachable for an unlocked field or with the secret key: a plain or
      // empty value leaves the field unlocked.
      record->fixed.erase(field);
    }
  }
  result.changed = record->values != original_values || record->fixed != original_fixed;
  result.complete = EvaluateSession(form, *record, today, touched, &result.errors);
  return result;
}

bool EvaluateSession(const Form& form, const SessionRecord& record, const validators::CivilDate& today,
                     const std::set<std::string>& touched, SessionErrors* errors) {
  const ValidationContext context{form.rules, record.values, today};
  std::map<std::string, ValidationError> outstanding;
  // A stored value's own rule first: it is more specific than a session-level one.
  for (const auto& [field, value] : record.values) {
    if (form.rules.fields.count(field) == 0) continue;  // the form file dropped it since
    validators::FieldOutcome outcome = validators::ValidateField(context, field, value);
    if (!outcome.ok()) outstanding.emplace(field, outcome.error());
  }
  for (auto& [field, error] : validators::CheckSession(context)) {
    outstanding.emplace(field, std::move(error));
  }

  std::set<std::string> current = touched;
  for (const std::string& field : touched) {
    for (const std::string& member : validators::FieldGroup(field)) current.insert(member);
  }
  for (auto& [field, error] : outstanding) {
    if (current.count(field) > 0) {
      errors->current_fields.emplace(field, std::move(error));
    } else {
      errors->other_fields.emplace(field, std::move(error));
    }
  }
  return outstanding.empty();
}

}  // namespace prefill
