#include "app/cli.h"

int main(int argc, char** argv) { return prefill::RunCli(argc, argv); }
