#include <spdlog/cfg/env.h>

#include "app/cli.h"

int main(int argc, char** argv) {
  // SPDLOG_LEVEL=warn (or off, debug, ...) sets the log level; the default is info.
  spdlog::cfg::load_env_levels();
  return prefill::RunCli(argc, argv);
}
