// Session merge: how one request's field values enter a session record
// (SPEC section 3: Errors JSON, `_fix`), as a pure function of the record, the
// form, the inputs and today's date. No storage, no clock: the session service
// runs it inside its compare-and-set loop.
//
// Rules, for every field sent:
// - a field the form does not declare (form.rules.fields) -> a globals entry
//   "extra form field: <name>", nothing stored;
// - an empty value (or one of only blanks) clears the field; an empty `_fix` value
//   is refused (kRequired): a lock needs a value;
// - a value is validated (validators::ValidateField); an invalid value is not stored,
//   the field keeps its earlier value, and the error goes to current_fields.
//   Cross-field checks (BIC vs IBAN, post code vs country, amount vs item) see the
//   values of this very request whatever their order: values are first validated on
//   their own, then re-validated against the proposed record until no more are
//   rejected, so every stored value is valid against the values stored beside it;
// - `_fix` validates, stores and locks the field. Through Authority::kForm a locked
//   field is never changed, cleared or unlocked: a different value (plain or `_fix`)
//   -> current_fields kFixedValue, stored value kept; the same value (compared raw or
//   after canonicalisation) is accepted and the lock stays. Through
//   Authority::kSecretKey the input decides: `_fix` stores and locks, a plain or
//   empty value stores/clears and unlocks.
// - several inputs for one field: the last one counts.
//
// Evaluation (also used for plain reads): validators::CheckSession plus a
// re-validation of every stored value against the others (a stored BIC may no longer
// fit a new IBAN, a card expiry date may have passed) give the outstanding errors.
// Those of fields sent in this request, or of members of a field group
// (validators::FieldGroup) one of them belongs to, go to current_fields, the rest to
// other_fields; a field's error from this request wins over an outstanding one.
// The session is complete iff nothing is outstanding: rejected values of this request
// do not make a valid stored session incomplete.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "forms/form.h"
#include "session/session.h"
#include "session/session_errors.h"
#include "validators/validation.h"

namespace prefill {

struct FieldInput {
  std::string field;  // without the `_fix` suffix
  std::string value;  // raw, as received
  bool fix = false;   // sent as `<field>_fix`
};

enum class Authority {
  kForm,       // public form hash (form API, hosted page): `_fix` is permanent
  kSecretKey,  // REST API: may change or unlock fixed fields
};

struct MergeResult {
  bool changed = false;  // record->values or record->fixed differ from before
  bool complete = false;
  SessionErrors errors;
};

// Applies `inputs` to record->values and record->fixed; touches nothing else.
MergeResult MergeInputs(const Form& form, const std::vector<FieldInput>& inputs, Authority authority,
                        const validators::CivilDate& today, SessionRecord* record);

// Outstanding errors of `record` as it is. Fields in `touched` (and their groups) are
// reported in errors->current_fields, others in errors->other_fields; entries already
// in errors->current_fields are kept. Returns whether the session is complete.
bool EvaluateSession(const Form& form, const SessionRecord& record, const validators::CivilDate& today,
                     const std::set<std::string>& touched, SessionErrors* errors);

}  // namespace prefill
