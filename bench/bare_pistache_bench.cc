// bare_pistache_bench: the HTTP ceiling for Prefill's /healthz.
//
// A Pistache endpoint with the options Prefill's HttpServer uses (one I/O
// thread per core unless --threads says otherwise, ReuseAddr) and one trivial
// handler: every request is answered 200 with the body of Prefill's /healthz
// and a JSON content type, on the I/O thread. What Prefill's /healthz costs
// beyond this is Prefill's own request path (translation, routing, metrics,
// the log line). Serves until SIGINT or SIGTERM; prints "listening PORT" first.
// Usage: bare_pistache_bench [--listen 127.0.0.1:0] [--threads N]
#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/net.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace {

using namespace Pistache;

class TrivialHandler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(TrivialHandler)
  void onRequest(const Http::Request&, Http::ResponseWriter writer) override {
    writer.send(Http::Code::Ok, R"({"status":"ok"})", MIME(Application, Json));
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:0";
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--listen") listen = argv[i + 1];
    else if (flag == "--threads") threads = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: bare_pistache_bench [--listen HOST:PORT] [--threads N]\n");
      return 2;
    }
  }
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || threads < 1) {
    std::fprintf(stderr, "bare_pistache_bench: bad --listen or --threads\n");
    return 2;
  }

  // Block the stop signals in every thread; the main thread waits for them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  Address address(listen.substr(0, colon), Port(static_cast<uint16_t>(std::atoi(listen.c_str() + colon + 1))));
  Http::Endpoint endpoint(address);
  endpoint.init(Http::Endpoint::options().threads(threads).flags(Tcp::Options::ReuseAddr));
  endpoint.setHandler(Http::make_handler<TrivialHandler>());
  endpoint.serveThreaded();
  std::printf("listening %u\n", static_cast<unsigned>(static_cast<uint16_t>(endpoint.getPort())));
  std::fflush(stdout);

  int signal = 0;
  sigwait(&stop, &signal);
  endpoint.shutdown();
  return 0;
}
