// Cost of ValidateField per field, for a realistic mix of what a donation form sends.
//
// Run: build-*/bench/validators_bench --benchmark_min_time=0.5
// BM_Field/<name> measures one field; BM_MixedSession validates the whole mix once per
// iteration and reports items_per_second (= fields per second) so ns/field can be read
// off directly. Results are recorded in docs/validators.md.
#include <string>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "validators/validation.h"

namespace {

using prefill::validators::CivilDate;
using prefill::validators::CustomValidator;
using prefill::validators::FieldRule;
using prefill::validators::FormRules;
using prefill::validators::ValidateField;
using prefill::validators::ValidationContext;
using prefill::validators::ValueMap;

std::string Basket() {
  // About 2 KiB of shop basket JSON, as a hidden custom field carries it.
  std::string basket = "[";
  for (int i = 0; basket.size() < 2000; ++i) {
    if (i > 0) basket += ",";
    basket += "{\"sku\":\"SKU-" + std::to_string(100000 + i) + "\",\"name\":\"Schulbuch für Klasse " +
              std::to_string(i % 12 + 1) + "\",\"qty\":" + std::to_string(i % 3 + 1) + ",\"price\":\"12.50\"}";
  }
  return basket + "]";
}

struct Fixture {
  FormRules rules;
  ValueMap values;
  std::vector<std::pair<std::string, std::string>> fields;

  Fixture() {
    rules.fields["basket"] = FieldRule{false, true, {}, CustomValidator{}};
    values["country"] = "DE";
    values["bank_iban"] = "DE89370400440532013000";
    fields = {
        {"amount", "25,50"},
        {"email", "Beate.Mueller@Example.org"},
        {"bank_iban", "DE89 3704 0044 0532 0130 00"},
        {"bank_bic", "COBADEFFXXX"},
        {"post_code", "10117"},
        {"phone", "030 12345678"},
        {"first_name", "Beate"},
        {"basket", Basket()},
    };
  }
  ValidationContext Context() const { return ValidationContext{rules, values, CivilDate{2025, 6, 15}}; }
};

void BM_Field(benchmark::State& state, size_t index) {
  Fixture f;
  ValidationContext ctx = f.Context();
  const auto& [name, value] = f.fields[index];
  for (auto _ : state) {
    auto outcome = ValidateField(ctx, name, value);
    if (!outcome.ok()) state.SkipWithError("field rejected");
    benchmark::DoNotOptimize(outcome);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(value.size()));
}

void BM_MixedSession(benchmark::State& state, bool with_phone) {
  Fixture f;
  ValidationContext ctx = f.Context();
  int64_t per_iteration = 0;
  for (auto _ : state) {
    per_iteration = 0;
    for (const auto& [name, value] : f.fields) {
      if (!with_phone && name == "phone") continue;
      auto outcome = ValidateField(ctx, name, value);
      benchmark::DoNotOptimize(outcome);
      ++per_iteration;
    }
  }
  state.SetItemsProcessed(state.iterations() * per_iteration);
}

void BM_CheckSession(benchmark::State& state) {
  Fixture f;
  f.rules.fields["first_name"].required = true;
  f.rules.fields["last_name"].required = true;
  f.values["payment_method"] = "sepa_direct_debit";
  f.values["wants_receipt"] = "receipt_now";
  f.values["first_name"] = "Beate";
  f.values["post_code"] = "10117";
  ValidationContext ctx = f.Context();
  for (auto _ : state) {
    auto errors = prefill::validators::CheckSession(ctx);
    benchmark::DoNotOptimize(errors);
  }
}

const bool registered = [] {
  Fixture f;
  for (size_t i = 0; i < f.fields.size(); ++i) {
    benchmark::RegisterBenchmark(("BM_Field/" + f.fields[i].first).c_str(), BM_Field, i);
  }
  benchmark::RegisterBenchmark("BM_MixedSession/all_8_fields", BM_MixedSession, true);
  benchmark::RegisterBenchmark("BM_MixedSession/without_phone", BM_MixedSession, false);
  benchmark::RegisterBenchmark("BM_CheckSession", BM_CheckSession);
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
