#include "http/router.h"

#include "http/json_writer.h"

namespace prefill {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool MatchPattern(const std::string& pattern, const std::string& path, PathParams* params) {
  auto want = Segments(pattern), have = Segments(path);
  if (want.size() != have.size()) return false;
  PathParams found;
  for (size_t i = 0; i < want.size(); ++i) {
    if (!want[i].empty() && want[i][0] == ':') {
      found[std::string(want[i].substr(1))] = std::string(have[i]);
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

}  // namespace

HttpResponse JsonError(int status, const std::string& message) {
  // JsonWriter, because `message` may quote a path with invalid UTF-8.
  JsonWriter w;
  w.StartObject();
  w.Member("status", "error");
  w.Member("error", message);
  w.EndObject();
  return HttpResponse::Json(status, w.Take());
}

void Router::Add(std::string method, std::string pattern, Handler handler, Execution execution) {
  routes_.push_back({std::move(method), std::move(pattern), std::move(handler), execution});
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match match;
  std::string allowed;
  for (const Route& route : routes_) {
    PathParams params;
    if (!MatchPattern(route.pattern, path, &params)) continue;
    if (route.method == method) {
      match.route = &route;
      match.params = std::move(params);
      return match;
    }
    if (allowed.find(route.method) == std::string::npos) allowed += (allowed.empty() ? "" : ", ") + route.method;
  }
  if (allowed.empty()) {
    match.fallback = JsonError(404, "not found: " + path);
  } else {
    match.fallback = JsonError(405, "method not allowed: " + method);
    match.fallback.SetHeader("Allow", allowed);
    match.allow = allowed;
  }
  return match;
}

}  // namespace prefill
