#include "support/private_mariadb.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

namespace prefill::testing {

PrivateMariaDb::PrivateMariaDb(const std::string& name)
    : dir_(std::filesystem::temp_directory_path() / ("prefill_" + name + "_" + std::to_string(getpid()))) {}

PrivateMariaDb::~PrivateMariaDb() {
  Stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

bool PrivateMariaDb::Run(const std::string& verb) {
  const std::string cmd =
      std::string(PREFILL_SOURCE_DIR) + "/scripts/mariadb.sh " + verb + " " + dir_.string() + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

bool PrivateMariaDb::Start() { return Run("start"); }
bool PrivateMariaDb::Stop() { return Run("stop"); }

pid_t PrivateMariaDb::ServerPid() const {
  std::ifstream in(dir_ / "mariadb.pid");
  pid_t pid = 0;
  in >> pid;
  return pid;
}

namespace {

bool IsZombie(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const size_t close = text.rfind(')');  // the state follows "(comm) "
  return close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'Z';
}

}  // namespace

bool PrivateMariaDb::Kill() {
  const pid_t pid = ServerPid();
  if (pid <= 0 || ::kill(pid, SIGKILL) != 0) return false;
  // Not our child (mariadb.sh started it): wait until the pid is gone or a
  // zombie that nobody reaps (a container's first process may not).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (::kill(pid, 0) == 0 && !IsZombie(pid)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // mariadb.sh judges "running" by the pid file; a zombie's pid still answers kill -0.
  std::error_code ignored;
  std::filesystem::remove(dir_ / "mariadb.pid", ignored);
  return true;
}

std::string PrivateMariaDb::url(const std::string& database) const {
  return "mysql://root@localhost/" + database + "?socket=" + (dir_ / "mariadb.sock").string();
}

}  // namespace prefill::testing
