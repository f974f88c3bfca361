// References and identifiers of SEPA direct debits and bank transfers
// (SPEC 5.2, 5.4; EPC SDD Core rulebook attributes AT-01 mandate reference,
// AT-10 end-to-end id; ISO 20022 Max35Text ids).
//
// - Mandate reference: 1-35 characters of A-Z a-z 0-9 + ? / - : ( ) . , '
//   and space, not starting or ending with anything but a letter or digit
//   (SPEC 5.2). Made here as "PF" + 16 random letters and digits; unique per
//   creditor is the database's job (sepa_mandates primary key), a collision
//   is retried by the caller.
// - Message, payment information and end-to-end ids: at most 35 characters
//   of letters, digits and '-', made from random UUIDs (32 hex digits), so
//   they are unique without coordination.
// - Bank transfer reference: what a donor types into a banking app, so only
//   characters nobody confuses: no 0/O, 1/I/L; "PF-" + 8 characters of
//   23456789ABCDEFGHJKMNPQRSTUVWXYZ + "-" + a check character (weighted sum
//   mod 31), which catches every single mistyped character and every swap of
//   two neighbouring ones.
//   Matched case-insensitively, ignoring spaces and dashes.
//
// Random parts come from a per-thread generator seeded by std::random_device.
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace prefill::sepa {

inline constexpr size_t kMaxMandateReferenceLength = 35;
inline constexpr size_t kMaxIdLength = 35;

bool IsValidMandateReference(std::string_view reference);
std::string NewMandateReference();

// 32 lower-case hex digits of a random UUID: a message, batch or end-to-end id.
std::string NewSepaId();

// "PF-XXXX-XXXX-C".
std::string NewTransferReference();
// The canonical reference ("PF-XXXX-XXXX-C") of what a person typed
// ("pf xxxx xxxx c", "PFXXXXXXXXC"), or nullopt when it is not one (wrong
// characters, wrong length, check character wrong).
std::optional<std::string> ParseTransferReference(std::string_view typed);

}  // namespace prefill::sepa
