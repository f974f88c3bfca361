// The `prefill` command line: serve, migrate, forms check (and keys, later).
// Every serve flag can also be set by its PREFILL_* environment variable.
#pragma once

namespace prefill {

int RunCli(int argc, char** argv);

}  // namespace prefill
