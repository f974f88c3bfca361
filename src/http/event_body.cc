#include "http/event_body.h"

#include "common/time_format.h"
#include "http/form_api_wire.h"
#include "http/json_writer.h"
#include "http/payment_api.h"
#include "http/rest_wire.h"
#include "http/sepa_api.h"
#include "session/session_view.h"

namespace prefill {

EventBody MakeEventBodyEncoder(const FormRegistry* forms, std::function<std::string()> base_url) {
  return [forms, base_url = std::move(base_url)](const DomainEvent& event, const SessionAttributes& attributes,
                                                 const std::string& id, TimePoint created_at) -> Result<std::string> {
    JsonWriter w;
    w.StartObject();
    w.Member("id", id);
    w.Member("type", EventTypeName(event.type));
    w.Member("createdAt", Iso8601(created_at));
    w.Key("data");
    if (event.session) {
      const Form* form = forms->FindById(event.session->form_id);
      if (form == nullptr) return Status::Internal("the form of this session is no longer configured");
      const SessionView view = ViewOf(*form, *event.session, created_at);
      RestSession rest;
      rest.view = &view;
      rest.form = form;
      rest.attributes = &attributes;
      rest.url = HostedSessionUrl(base_url ? base_url() : std::string(), *form, view.record);
      WriteRestSession(w, rest);
    } else if (event.transaction) {
      WriteTransactionJson(w, *event.transaction, /*with_session_id=*/true);
    } else if (event.mandate) {
      WriteMandate(w, *event.mandate);
    } else {
      return Status::Internal("an event without its snapshot");
    }
    w.EndObject();
    return w.Take();
  };
}

}  // namespace prefill
