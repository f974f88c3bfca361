#include "payments/sepa/references.h"

#include <array>
#include <random>

#include "payments/sepa/sepa_text.h"
#include "validators/text.h"

namespace prefill::sepa {
namespace {

constexpr std::string_view kTypable = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // 31 characters
constexpr std::string_view kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr size_t kTransferRandomLength = 8;

std::mt19937_64& Generator() {
  thread_local std::mt19937_64 generator = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return generator;
}

std::string RandomOf(std::string_view alphabet, size_t n) {
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string out;
  for (size_t i = 0; i < n; ++i) out.push_back(alphabet[pick(Generator())]);
  return out;
}

// A weighted sum modulo 31 (a prime, and the alphabet's size) with weights
// 1..8: every weight is invertible, so any single wrong character changes the
// sum, and neighbours' weights differ by one, so any swap of two different
// neighbouring characters does too.
char CheckCharacter(std::string_view payload) {
  size_t sum = 0;
  for (size_t i = 0; i < payload.size(); ++i) sum += (i + 1) * kTypable.find(payload[i]);
  return kTypable[sum % kTypable.size()];
}

}  // namespace

bool IsValidMandateReference(std::string_view r) {
  if (r.empty() || r.size() > kMaxMandateReferenceLength) return false;
  if (!IsSepaText(r)) return false;
  return validators::IsAsciiAlnum(r.front()) && validators::IsAsciiAlnum(r.back());
}

std::string NewMandateReference() { return "PF" + RandomOf(kAlnum, 16); }

std::string NewSepaId() { return RandomOf("0123456789abcdef", 32); }

std::string NewTransferReference() {
  const std::string payload = RandomOf(kTypable, kTransferRandomLength);
  return "PF-" + payload.substr(0, 4) + "-" + payload.substr(4) + "-" + CheckCharacter(payload);
}

std::optional<std::string> ParseTransferReference(std::string_view typed) {
  std::string compact;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    compact.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (compact.size() != 2 + kTransferRandomLength + 1 || compact.substr(0, 2) != "PF") return std::nullopt;
  const std::string payload = compact.substr(2, kTransferRandomLength);
  for (char c : payload) {
    if (kTypable.find(c) == std::string_view::npos) return std::nullopt;
  }
  if (CheckCharacter(payload) != compact.back()) return std::nullopt;
  return "PF-" + payload.substr(0, 4) + "-" + payload.substr(4) + "-" + compact.back();
}

}  // namespace prefill::sepa
