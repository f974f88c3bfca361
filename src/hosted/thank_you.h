// ThankYou: what the hosted page's thank-you state tells a donor to keep
// (SPEC section 6): the amount, the interval, the method, the date and a
// reference, and what the method needs the donor to know - for a bank
// transfer the account and the reference to quote, for a SEPA direct debit
// the account debited and, for a live collection, the pre-notification
// (creditor, creditor identifier, mandate reference, amount, due date and
// how often it repeats; SEPA rulebook 4.5).
//
// Every text is in the page's language, every amount and date written by
// locale_format.h, so the HTML and the page data for prefill.js show the
// same strings. Built from typed values (the session record and its
// confirmed Transaction), never from serialized JSON.
//
// Pure: no I/O, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "forms/form.h"
#include "payments/transaction.h"
#include "session/session_service.h"

namespace prefill {

struct ThankYouRow {
  std::string key;    // stable name for tests and styling: "amount", "iban", ...
  std::string label;  // in the page's language
  std::string value;
};

struct ThankYouView {
  std::string amount;             // e.g. "25,00 €"; empty when the session has none
  std::vector<ThankYouRow> rows;  // the donation: amount, interval, method, date, reference
  // What the method asks of the donor; empty title: nothing to add.
  std::string method_title;
  std::string method_note;
  std::vector<ThankYouRow> method_rows;
  bool sandbox = false;  // nothing was really paid
};

// `payment` is the session's confirmed attempt when known (none: the rows
// come from the session alone and the date is the session's last change).
ThankYouView BuildThankYou(const Form& form, const SessionRecord& session, const std::optional<Transaction>& payment,
                           const std::string& language);

// An IBAN in groups of four ("DE89 3704 0044 ..."), as it is printed for people.
std::string GroupIban(const std::string& iban);

}  // namespace prefill
