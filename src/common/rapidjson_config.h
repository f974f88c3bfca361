// RapidJSON's configuration: the same in every translation unit of Prefill, its
// tests, benchmarks and fuzz harnesses. CMake forces this header in before any other
// (`-include`, top-level CMakeLists.txt and fuzz/CMakeLists.txt), so no file can see
// another definition of these macros: RapidJSON's inline templates are then defined
// alike everywhere (one definition rule).
//
// A broken precondition inside RapidJSON (GetString() on a number, a missing member
// through operator[]) throws std::logic_error instead of RapidJSON's default assert(),
// which is nothing at all under NDEBUG (the RelWithDebInfo build): undefined
// behaviour. The server catches and logs the exception and answers 500; a test fails
// with the message instead of aborting its binary. In noexcept code RapidJSON uses
// the second macro, which must not throw: there a broken precondition aborts.
#pragma once

#include <cstdlib>
#include <stdexcept>

#define RAPIDJSON_ASSERT(x) ((x) ? static_cast<void>(0) : throw std::logic_error("RapidJSON: " #x))
#define RAPIDJSON_NOEXCEPT_ASSERT(x) ((x) ? static_cast<void>(0) : std::abort())
