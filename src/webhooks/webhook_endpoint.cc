#include "webhooks/webhook_endpoint.h"
#include "validators/text.h"

#include <algorithm>

#include "rest/encoding.h"

namespace prefill::webhooks {
const std::vector<std::string>& EventTypes() {
  static const std::vector<std::string> kTypes = {
      "donation_session.completed", "donation_session.expired", "transaction.confirmed", "transaction.failed",
      "transaction.returned",       "transaction.received",     "mandate.created",       "mandate.cancelled",
  };
  return kTypes;
}

bool IsEventType(std::string_view type) {
  const auto& types = EventTypes();
  return std::find(types.begin(), types.end(), type) != types.end();
}

bool EventFilter::Matches(std::string_view type) const {
  return all || std::find(types.begin(), types.end(), type) != types.end();
}

Result<EventFilter> EventFilterFrom(const std::vector<std::string>& names) {
  EventFilter filter;
  std::vector<std::string> wanted;
  for (const std::string& raw : names) {
    const std::string name(validators::TrimAscii(raw));
    if (name == "*") {
      filter.all = true;
    } else if (!IsEventType(name)) {
      return Status::InvalidArgument("unknown event type \"" + name.substr(0, 64) + "\"");
    } else {
      wanted.push_back(name);
    }
  }
  if (!filter.all && wanted.empty()) return Status::InvalidArgument("events must name at least one event type or *");
  if (filter.all && !wanted.empty()) return Status::InvalidArgument("events is either * or a list of event types");
  for (const std::string& type : EventTypes()) {
    if (std::find(wanted.begin(), wanted.end(), type) != wanted.end()) filter.types.push_back(type);
  }
  return filter;
}

Result<EventFilter> ParseEventFilter(std::string_view text) {
  std::vector<std::string> names;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view name = validators::TrimAscii(text.substr(start, comma - start));
    if (!name.empty()) names.emplace_back(name);
    start = comma + 1;
  }
  return EventFilterFrom(names);
}

std::string FormatEventFilter(const EventFilter& filter) {
  if (filter.all) return "*";
  std::string out;
  for (const std::string& type : filter.types) {
    if (!out.empty()) out += ',';
    out += type;
  }
  return out;
}

bool Wants(const Endpoint& endpoint, const EventHead& event) {
  return endpoint.enabled && event.created_at >= endpoint.created_at && endpoint.events.Matches(event.type) &&
         (endpoint.form_id.empty() || endpoint.form_id == event.form_id);
}

std::string NewEndpointId() { return "we_" + Base64UrlEncode(RandomBytes(18)); }

}  // namespace prefill::webhooks
