// Router: which handler answers a (method, path).
//
// Patterns are literal segments and ":name" parameters, e.g.
// "/v1/donation-sessions/:id/confirm". A path that matches no pattern is a
// 404; a path that matches only for other methods is a 405 with an Allow
// header. Every method, known or not, is answered this way, so no request
// ever reaches an unrouted code path.
//
// A route says whether its handler may block (database work): blocking
// handlers run on the worker pool, the others on the I/O thread.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http/http_message.h"

namespace prefill {

using PathParams = std::map<std::string, std::string>;
using Handler = std::function<HttpResponse(const HttpRequest&, const PathParams&)>;

enum class Execution { kInline, kBlocking };

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  Execution execution = Execution::kBlocking;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler, Execution execution = Execution::kBlocking);

  struct Match {
    const Route* route = nullptr;  // null: answer `fallback`
    PathParams params;
    HttpResponse fallback;         // 404 or 405 when no route
    std::string allow;             // 405: the methods the path has ("GET, POST"); 404: empty
  };
  Match Find(const std::string& method, const std::string& path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// {"status":"error","error":message} with `status`, the shape of every
// transport-level error (unknown route, wrong method, busy).
HttpResponse JsonError(int status, const std::string& message);

}  // namespace prefill
