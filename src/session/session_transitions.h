// Session transitions: the one table of which action may change a session in
// which state, into what, and how every other state refuses it (SPEC sections
// 3, 4, 5 and 7). Every writer of session state (SessionService,
// SessionLifecycle, PaymentService, PaymentReconciler) asks this table; none
// decides a state change on its own. Pure: no storage, no clock. Thread-safe.
//
// The table, by the state the action finds (effective state, see session.h,
// except for the payment settlements, which look at the stored state: they
// finish what a payment lock started, even past expires_at):
//
//   action            open          processing    completed     expired
//   kEdit (values)    go (open)     Locked        Processed     Expired
//   kPay  (lock)      go processing Locked        Processed     Expired
//   kProcess (REST)   go processing go processing Processed     Expired
//   kConfirm (REST)   go completed  go completed  nothing to do Expired
//   kExpire (REST)    go expired    Locked        Processed     nothing to do
//   kSettlePaid       nothing       go completed  nothing       nothing
//   kSettleUnpaid     nothing       go open       nothing       nothing
//
// "nothing to do": the action already happened (Confirm/Expire are idempotent)
// or someone else decided (a payment outcome arriving after the session moved
// on). Refusals are the Status codes the dialects number: Locked (207),
// Processed (202), Expired (206).
#pragma once

#include "common/status.h"
#include "session/session.h"

namespace prefill {

enum class SessionAction {
  kEdit,          // read or change values/metadata through any dialect
  kPay,           // PaymentService locks the session for one payment attempt
  kProcess,       // REST /process: lock customer interaction (may extend expiry)
  kConfirm,       // REST /confirm: complete (the caller checks completeness)
  kExpire,        // REST /expire: end now
  kSettlePaid,    // a payment attempt was confirmed
  kSettleUnpaid,  // a payment attempt failed or was cancelled: back to the donor
};

enum class Verdict {
  kGo,           // change to `to` (which may equal the state found)
  kNothingToDo,  // leave the session as it is; not an error
  kRefuse,       // refuse with RefusalFor(state found)
};

struct TransitionRule {
  Verdict verdict = Verdict::kRefuse;
  SessionState to = SessionState::kOpen;  // kGo only
};

// The table entry for `action` on a session found in `from`.
TransitionRule RuleFor(SessionAction action, SessionState from);

// The Status with which a session in `state` refuses an action: Locked,
// Processed or Expired (Internal for open, which refuses nothing).
Status RefusalFor(SessionState state);

// Applies the table to `record` (whose state is the one the action found):
// kGo sets record->state = to and returns true; kNothingToDo returns false;
// kRefuse returns RefusalFor(record->state).
Result<bool> ApplyTransition(SessionAction action, SessionRecord* record);

const char* SessionActionName(SessionAction action);  // "edit", "pay", ... for messages and tests

}  // namespace prefill
