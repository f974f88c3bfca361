// The body of a webhook event (SPEC 7.2): the one encoder of outbox rows,
// which the app injects into storage (storage/mysql_outbox.h), so storage
// never depends on this layer:
//   {"id":"evt_...","type":"transaction.confirmed","createdAt":"<ISO 8601>",
//    "data":{...}}
// `data` is rendered by the REST API's own writers: the DonationSession object
// (rest_wire.h WriteRestSession, with the session's REST attributes and hosted
// page URL) for donation_session.*, the Transaction JSON with sessionId
// (payment_api.h) for transaction.*, the mandate object (sepa_api.h) for
// mandate.*. Internal for an event without the snapshot its type needs.
#pragma once

#include <functional>
#include <string>

#include "common/status.h"
#include "forms/form_registry.h"
#include "payments/domain_event.h"
#include "rest/session_attributes.h"

namespace prefill {

// `forms` must outlive the encoder; `base_url` gives the public base URL of
// the hosted page links, asked per event.
using EventBody = std::function<Result<std::string>(const DomainEvent& event, const SessionAttributes& attributes,
                                                    const std::string& id, TimePoint created_at)>;
EventBody MakeEventBodyEncoder(const FormRegistry* forms, std::function<std::string()> base_url);

}  // namespace prefill
