// BufferedStdoutSink: log lines to stdout through stdio's buffer instead of a
// write(2) and flush per line (spdlog's stdout sinks flush every message,
// which costs a system call per request). The owner flushes on a timer and at
// every warning, so a line waits at most that long; on a terminal stdio is
// line-buffered and lines appear at once.
#pragma once

#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>

#include <cstdio>
#include <mutex>

namespace prefill {

class BufferedStdoutSink : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::fwrite(formatted.data(), 1, formatted.size(), stdout);
  }
  void flush_() override { std::fflush(stdout); }
};

}  // namespace prefill
