#include "session/session_transitions.h"

namespace prefill {
namespace {

constexpr TransitionRule Go(SessionState to) { return {Verdict::kGo, to}; }
constexpr TransitionRule kNothing{Verdict::kNothingToDo, SessionState::kOpen};
constexpr TransitionRule kRefused{Verdict::kRefuse, SessionState::kOpen};

constexpr int kStates = 4;
constexpr int Index(SessionState s) { return static_cast<int>(s); }
static_assert(Index(SessionState::kOpen) == 0 && Index(SessionState::kProcessing) == 1 &&
              Index(SessionState::kCompleted) == 2 && Index(SessionState::kExpired) == 3);

// Columns: open, processing, completed, expired (the order of SessionState).
struct Row {
  SessionAction action;
  TransitionRule by_state[kStates];
};

constexpr Row kTable[] = {
    {SessionAction::kEdit, {Go(SessionState::kOpen), kRefused, kRefused, kRefused}},
    {SessionAction::kPay, {Go(SessionState::kProcessing), kRefused, kRefused, kRefused}},
    {SessionAction::kProcess, {Go(SessionState::kProcessing), Go(SessionState::kProcessing), kRefused, kRefused}},
    {SessionAction::kConfirm, {Go(SessionState::kCompleted), Go(SessionState::kCompleted), kNothing, kRefused}},
    {SessionAction::kExpire, {Go(SessionState::kExpired), kRefused, kRefused, kNothing}},
    {SessionAction::kSettlePaid, {kNothing, Go(SessionState::kCompleted), kNothing, kNothing}},
    {SessionAction::kSettleUnpaid, {kNothing, Go(SessionState::kOpen), kNothing, kNothing}},
};

}  // namespace

TransitionRule RuleFor(SessionAction action, SessionState from) {
  for (const Row& row : kTable) {
    if (row.action == action) return row.by_state[Index(from)];
  }
  return kRefused;  // unreachable: every action has a row
}

Status RefusalFor(SessionState state) {
  switch (state) {
    case SessionState::kOpen: return Status::Internal("an open session refuses nothing");
    case SessionState::kProcessing: return Status::Locked("session locked");
    case SessionState::kCompleted: return Status::Processed("session processed");
    case SessionState::kExpired: return Status::Expired("session expired");
  }
  return Status::Internal("unknown session state");
}

Result<bool> ApplyTransition(SessionAction action, SessionRecord* record) {
  const TransitionRule rule = RuleFor(action, record->state);
  switch (rule.verdict) {
    case Verdict::kGo: record->state = rule.to; return true;
    case Verdict::kNothingToDo: return false;
    case Verdict::kRefuse: return RefusalFor(record->state);
  }
  return Status::Internal("unknown verdict");
}

const char* SessionActionName(SessionAction action) {
  switch (action) {
    case SessionAction::kEdit: return "edit";
    case SessionAction::kPay: return "pay";
    case SessionAction::kProcess: return "process";
    case SessionAction::kConfirm: return "confirm";
    case SessionAction::kExpire: return "expire";
    case SessionAction::kSettlePaid: return "settle_paid";
    case SessionAction::kSettleUnpaid: return "settle_unpaid";
  }
  return "unknown";
}

}  // namespace prefill
