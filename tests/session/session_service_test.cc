// Merge semantics of the session core (SPEC section 3) on MemorySessionStore.
#include "session/session_service.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "session/memory_session_store.h"
#include "session/session_hash.h"
#include "session_test_forms.h"

namespace prefill {
namespace {

using testing_session::DonationForm;
using testing_session::FakeClock;
using testing_session::May2026;
using validators::MessageId;

FieldInput In(const std::string& field, const std::string& value) { return FieldInput{field, value, false}; }
FieldInput Fix(const std::string& field, const std::string& value) { return FieldInput{field, value, true}; }

const std::vector<FieldInput> kCompleteValues = {In("amount", "10"), In("last_name", "Muster"),
                                                 In("email", "beate@example.org")};

class SessionServiceTest : public ::testing::Test {
 protected:
  SessionView CreateOk(const std::vector<FieldInput>& inputs, Authority authority = Authority::kForm) {
    Result<SessionView> created = service_.Create(form_, false, inputs, authority);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : SessionView{};
  }
  SessionView UpdateOk(const std::string& hash, const std::vector<FieldInput>& inputs,
                       Authority authority = Authority::kForm) {
    Result<SessionView> updated = service_.Update(form_, hash, inputs, authority);
    EXPECT_TRUE(updated.ok()) << updated.status().ToString();
    return updated.ok() ? *updated : SessionView{};
  }
  SessionRecord Stored(const std::string& hash) {
    Result<SessionRecord> found = store_.Find(hash);
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : SessionRecord{};
  }

  FakeClock clock_{May2026()};
  MemorySessionStore store_;
  SessionService service_{&store_, clock_.AsFunction()};
  Form form_ = DonationForm();
};

// --- create / update / read --------------------------------------------------

TEST_F(SessionServiceTest, CreateStoresCanonicalValues) {
  SessionView view = CreateOk({In("amount", "12,5"), In("first_name", "  Beate ")});
  EXPECT_TRUE(LooksLikeSessionHash(view.record.hash));
  EXPECT_EQ(view.record.form_id, "demo");
  EXPECT_EQ(view.record.state, SessionState::kOpen);
  EXPECT_FALSE(view.record.sandbox);
  EXPECT_EQ(view.record.values.at("amount"), "12.50");
  EXPECT_EQ(view.record.values.at("first_name"), "Beate");
  EXPECT_EQ(view.record.created_at, May2026());
  EXPECT_EQ(view.record.expires_at, May2026() + std::chrono::minutes(60));

  SessionRecord stored = Stored(view.record.hash);
  EXPECT_EQ(stored.values, view.record.values);
  EXPECT_EQ(stored.form_id, "demo");
}

TEST_F(SessionServiceTest, CreateWithoutValuesIsRefused) {
  Result<SessionView> created = service_.Create(form_, false, {}, Authority::kForm);
  ASSERT_FALSE(created.ok());
  EXPECT_TRUE(created.status().Is(Status::Code::kInvalidArgument));
  EXPECT_EQ(created.status().message(), "new session requires values");
  EXPECT_EQ(store_.size(), 0u);
}

TEST_F(SessionServiceTest, CreateKeepsSandboxFlag) {
  Result<SessionView> created = service_.Create(form_, true, {In("amount", "5")}, Authority::kForm);
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(created->record.sandbox);
  EXPECT_TRUE(Stored(created->record.hash).sandbox);
}

TEST_F(SessionServiceTest, EveryCreateGetsItsOwnHash) {
  const std::string a = CreateOk({In("amount", "5")}).record.hash;
  const std::string b = CreateOk({In("amount", "5")}).record.hash;
  EXPECT_NE(a, b);
  EXPECT_EQ(store_.size(), 2u);
}

TEST_F(SessionServiceTest, CreateWithOnlyInvalidValuesStillCreatesTheSession) {
  SessionView view = CreateOk({In("email", "not an address")});
  EXPECT_TRUE(view.record.values.empty());
  ASSERT_EQ(view.errors.current_fields.count("email"), 1u);
  EXPECT_EQ(view.errors.current_fields.at("email").id, MessageId::kInvalidEmail);
  EXPECT_TRUE(store_.Find(view.record.hash).ok());
}

TEST_F(SessionServiceTest, UpdateMergesIntoEarlierValues) {
  const std::string hash = CreateOk({In("amount", "10")}).record.hash;
  SessionView view = UpdateOk(hash, {In("first_name", "Beate")});
  EXPECT_EQ(view.record.values.at("amount"), "10.00");
  EXPECT_EQ(view.record.values.at("first_name"), "Beate");
  EXPECT_EQ(Stored(hash).values, view.record.values);
}

TEST_F(SessionServiceTest, UpdateWithoutValuesOnlyReads) {
  const std::string hash = CreateOk({In("amount", "10")}).record.hash;
  const int64_t version = Stored(hash).version;
  SessionView view = UpdateOk(hash, {});
  EXPECT_EQ(view.record.values.at("amount"), "10.00");
  EXPECT_TRUE(view.errors.current_fields.empty());
  EXPECT_EQ(view.errors.other_fields.count("last_name"), 1u);
  EXPECT_EQ(Stored(hash).version, version);
}

TEST_F(SessionServiceTest, ReadPutsAllOutstandingErrorsInOtherFields) {
  const std::string hash = CreateOk({In("first_name", "Beate")}).record.hash;
  Result<SessionView> read = service_.Read(form_, hash);
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->complete);
  EXPECT_TRUE(read->errors.current_fields.empty());
  EXPECT_TRUE(read->errors.globals.empty());
  EXPECT_EQ(read->errors.other_fields.at("last_name").id, MessageId::kRequired);
  EXPECT_EQ(read->errors.other_fields.at("amount").id, MessageId::kRequired);
  EXPECT_EQ(read->errors.other_fields.at("email").id, MessageId::kRequired);
}

// --- invalid, empty, extra ----------------------------------------------------

TEST_F(SessionServiceTest, InvalidValueIsNotStoredAndFieldKeepsEarlierValue) {
  const std::string hash = CreateOk({In("email", "beate@example.org")}).record.hash;
  const int64_t version = Stored(hash).version;
  SessionView view = UpdateOk(hash, {In("email", "beate@@example")});
  ASSERT_EQ(view.errors.current_fields.count("email"), 1u);
  EXPECT_EQ(view.errors.current_fields.at("email").id, MessageId::kInvalidEmail);
  EXPECT_EQ(view.record.values.at("email"), "beate@example.org");
  EXPECT_EQ(Stored(hash).values.at("email"), "beate@example.org");
  EXPECT_EQ(Stored(hash).version, version) << "a request that changes nothing must not write";
}

TEST_F(SessionServiceTest, InvalidValueNextToValidOnesStoresTheValidOnes) {
  const std::string hash = CreateOk({In("amount", "10")}).record.hash;
  SessionView view = UpdateOk(hash, {In("amount", "ten"), In("last_name", "Muster")});
  EXPECT_EQ(view.errors.current_fields.at("amount").id, MessageId::kInvalidAmount);
  EXPECT_EQ(Stored(hash).values.at("amount"), "10.00");
  EXPECT_EQ(Stored(hash).values.at("last_name"), "Muster");
}

TEST_F(SessionServiceTest, RawCardNumberIsNeverStored) {
  const std::string hash = CreateOk({In("amount", "10")}).record.hash;
  SessionView view = UpdateOk(hash, {In("note_3", "4111 1111 1111 1111")});
  EXPECT_EQ(view.errors.current_fields.at("note_3").id, MessageId::kCardNumberRefused);
  EXPECT_EQ(Stored(hash).values.count("note_3"), 0u);
}

TEST_F(SessionServiceTest, EmptyValueClearsField) {
  const std::string hash = CreateOk({In("amount", "10"), In("first_name", "Beate")}).record.hash;
  SessionView view = UpdateOk(hash, {In("first_name", "")});
  EXPECT_EQ(view.record.values.count("first_name"), 0u);
  EXPECT_EQ(Stored(hash).values.count("first_name"), 0u);
  EXPECT_EQ(Stored(hash).values.at("amount"), "10.00");
  EXPECT_EQ(view.errors.current_fields.count("first_name"), 0u) << "first_name is optional";
}

TEST_F(SessionServiceTest, BlankValueClearsFieldAndIsNeverStored) {
  const std::string hash = CreateOk({In("amount", "10"), In("first_name", "Beate")}).record.hash;
  UpdateOk(hash, {In("first_name", "    ")});
  EXPECT_EQ(Stored(hash).values.count("first_name"), 0u);
  SessionView view = UpdateOk(hash, {In("city", "   ")});
  EXPECT_EQ(view.record.values.count("city"), 0u);
  EXPECT_EQ(Stored(hash).values.count("city"), 0u);
}

TEST_F(SessionServiceTest, ClearingARequiredFieldReportsItAsCurrent) {
  const std::string hash = CreateOk(kCompleteValues).record.hash;
  SessionView view = UpdateOk(hash, {In("email", "")});
  EXPECT_FALSE(view.complete);
  EXPECT_EQ(view.errors.current_fields.at("email").id, MessageId::kRequired);
}

TEST_F(SessionServiceTest, ExtraFieldsAreGlobalErrorsAndNotStored) {
  const std::string hash = CreateOk({In("amount", "10")}).record.hash;
  SessionView view = UpdateOk(hash, {In("interval", "1"), In("first_name", "Beate"), In("interval", "3"),
                                     Fix("shoe_size", "44")});
  EXPECT_EQ(view.errors.globals,
            (std::vector<std::string>{"extra form field: interval", "extra form field: shoe_size"}));
  EXPECT_EQ(Stored(hash).values.count("interval"), 0u);
  EXPECT_EQ(Stored(hash).values.count("shoe_size"), 0u);
  EXPECT_EQ(Stored(hash).values.at("first_name"), "Beate");
  EXPECT_EQ(view.errors.current_fields.count("interval"), 0u);
}

TEST_F(SessionServiceTest, ExtraFieldOnCreateIsReported) {
  SessionView view = CreateOk({In("interval", "1")});
  EXPECT_EQ(view.errors.globals, std::vector<std::string>{"extra form field: interval"});
  EXPECT_TRUE(view.record.values.empty());
}

TEST(ExtraFormFieldErrorTest, LongNamesAreCutAtACharacterBoundary) {
  EXPECT_EQ(ExtraFormFieldError("interval"), "extra form field: interval");
  // 99 ASCII bytes then a 2-byte character straddling the 100-byte cut.
  const std::string name = std::string(99, 'x') + "\xC3\xA4" + std::string(50, 'y');
  const std::string message = ExtraFormFieldError(name);
  EXPECT_EQ(message, "extra form field: " + std::string(99, 'x') + "...");
}

TEST_F(SessionServiceTest, LastInputForAFieldCounts) {
  const std::string hash = CreateOk({In("amount", "10")}).record.hash;
  SessionView good_last = UpdateOk(hash, {In("email", "bad"), In("email", "beate@example.org")});
  EXPECT_EQ(good_last.errors.current_fields.count("email"), 0u);
  EXPECT_EQ(Stored(hash).values.at("email"), "beate@example.org");

  SessionView bad_last = UpdateOk(hash, {In("email", "other@example.org"), In("email", "bad")});
  EXPECT_EQ(bad_last.errors.current_fields.at("email").id, MessageId::kInvalidEmail);
  EXPECT_EQ(Stored(hash).values.at("email"), "beate@example.org");
}

// --- completeness, current vs other ----------------------------------------------

TEST_F(SessionServiceTest, CompleteWhenAllRequiredFieldsHold) {
  SessionView view = CreateOk(kCompleteValues);
  EXPECT_TRUE(view.complete);
  EXPECT_TRUE(view.errors.empty());
  Result<SessionView> read = service_.Read(form_, view.record.hash);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->complete);
}

TEST_F(SessionServiceTest, RejectedValueDoesNotMakeAValidSessionIncomplete) {
  const std::string hash = CreateOk(kCompleteValues).record.hash;
  SessionView view = UpdateOk(hash, {In("email", "broken")});
  EXPECT_TRUE(view.complete);
  EXPECT_EQ(view.errors.current_fields.at("email").id, MessageId::kInvalidEmail);
}

TEST_F(SessionServiceTest, SentFieldErrorsAreCurrentOthersAreOther) {
  SessionView view = CreateOk({In("email", "x"), In("amount", "10")});
  EXPECT_EQ(view.errors.current_fields.at("email").id, MessageId::kInvalidEmail)
      << "the field's own error wins over 'required'";
  EXPECT_EQ(view.errors.other_fields.count("email"), 0u);
  EXPECT_EQ(view.errors.other_fields.at("last_name").id, MessageId::kRequired);
  EXPECT_EQ(view.errors.current_fields.count("amount"), 0u);
  EXPECT_EQ(view.errors.other_fields.count("amount"), 0u);
}

TEST_F(SessionServiceTest, MembersOfATouchedGroupAreCurrent) {
  // salutation belongs to the name group, so the missing last_name is "current".
  SessionView view = CreateOk({In("salutation", "Mrs.")});
  EXPECT_EQ(view.errors.current_fields.at("last_name").id, MessageId::kRequired);
  EXPECT_EQ(view.errors.other_fields.count("last_name"), 0u);
  EXPECT_EQ(view.errors.other_fields.at("email").id, MessageId::kRequired);
  EXPECT_EQ(view.errors.other_fields.at("amount").id, MessageId::kRequired);

  // city is in the address group: last_name is "other" again.
  SessionView later = UpdateOk(view.record.hash, {In("city", "Berlin")});
  EXPECT_EQ(later.errors.other_fields.at("last_name").id, MessageId::kRequired);
  EXPECT_EQ(later.errors.current_fields.count("last_name"), 0u);
}

// --- cross-field rules ------------------------------------------------------------

TEST_F(SessionServiceTest, CrossFieldValuesOfOneRequestSeeEachOtherInAnyOrder) {
  for (bool country_first : {true, false}) {
    const std::string hash = CreateOk({In("country", "DE")}).record.hash;
    std::vector<FieldInput> inputs = {In("post_code", "1010"), In("country", "at")};
    if (country_first) std::swap(inputs[0], inputs[1]);
    SessionView view = UpdateOk(hash, inputs);
    EXPECT_EQ(view.errors.current_fields.count("post_code"), 0u) << "country_first=" << country_first;
    EXPECT_EQ(Stored(hash).values.at("country"), "AT");
    EXPECT_EQ(Stored(hash).values.at("post_code"), "1010");
  }
}

TEST_F(SessionServiceTest, CrossFieldRuleAgainstStoredValueRejects) {
  const std::string hash = CreateOk({In("country", "DE")}).record.hash;
  SessionView view = UpdateOk(hash, {In("post_code", "1010")});
  EXPECT_EQ(view.errors.current_fields.at("post_code").id, MessageId::kInvalidPostCode);
  EXPECT_EQ(Stored(hash).values.count("post_code"), 0u);
}

TEST_F(SessionServiceTest, BicOfAnotherCountryThanTheStoredIbanIsRejected) {
  const std::string hash = CreateOk({In("bank_iban", "DE89 3704 0044 0532 0130 00")}).record.hash;
  EXPECT_EQ(Stored(hash).values.at("bank_iban"), "DE89370400440532013000");
  SessionView wrong = UpdateOk(hash, {In("bank_bic", "BKAUATWW")});
  EXPECT_EQ(wrong.errors.current_fields.at("bank_bic").id, MessageId::kBicCountryMismatch);
  EXPECT_EQ(Stored(hash).values.count("bank_bic"), 0u);
  SessionView right = UpdateOk(hash, {In("bank_bic", "deutdeff")});
  EXPECT_EQ(right.errors.current_fields.count("bank_bic"), 0u);
  EXPECT_EQ(Stored(hash).values.at("bank_bic"), "DEUTDEFF");
}

TEST_F(SessionServiceTest, StoredValueThatNoLongerFitsIsReportedAndBlocksCompletion) {
  std::vector<FieldInput> inputs = kCompleteValues;
  inputs.push_back(In("bank_bic", "BKAUATWW"));
  const std::string hash = CreateOk(inputs).record.hash;
  SessionView view = UpdateOk(hash, {In("bank_iban", "DE89370400440532013000")});
  EXPECT_EQ(Stored(hash).values.at("bank_iban"), "DE89370400440532013000");
  EXPECT_EQ(Stored(hash).values.at("bank_bic"), "BKAUATWW") << "values not sent are never dropped";
  EXPECT_EQ(view.errors.current_fields.at("bank_bic").id, MessageId::kBicCountryMismatch)
      << "bank_bic is in the bank group of the sent IBAN";
  EXPECT_FALSE(view.complete);
}

TEST_F(SessionServiceTest, AmountBelowTheItemChosenInTheSameRequestIsRejected) {
  for (bool item_first : {true, false}) {
    std::vector<FieldInput> inputs = {In("amount", "5"), In("fb_item_id", "big")};
    if (item_first) std::swap(inputs[0], inputs[1]);
    SessionView view = CreateOk(inputs);
    EXPECT_EQ(view.errors.current_fields.at("amount").id, MessageId::kBelowItemMinimum)
        << "item_first=" << item_first;
    EXPECT_EQ(view.record.values.count("amount"), 0u);
    EXPECT_EQ(view.record.values.at("fb_item_id"), "big");
  }
}

TEST_F(SessionServiceTest, TodayComesFromTheInjectedClock) {
  SessionView early = CreateOk({In("birthday", "2027-03-01")});
  EXPECT_EQ(early.errors.current_fields.at("birthday").id, MessageId::kDateNotInPast);
  EXPECT_EQ(early.record.values.count("birthday"), 0u);

  clock_.Advance(std::chrono::hours(24 * 366));  // 2027-05-21
  SessionView later = CreateOk({In("birthday", "2027-03-01")});
  EXPECT_EQ(later.errors.current_fields.count("birthday"), 0u);
  EXPECT_EQ(later.record.values.at("birthday"), "2027-03-01");
}

TEST(UtcDateTest, UsesTheUtcCalendarDay) {
  using namespace std::chrono;
  const TimePoint t =
      time_point_cast<microseconds>(sys_days{year{2024} / February / 29} + hours(23) + minutes(59) + seconds(59));
  const validators::CivilDate d = UtcDate(t);
  EXPECT_EQ(d.year, 2024);
  EXPECT_EQ(d.month, 2);
  EXPECT_EQ(d.day, 29);
  const validators::CivilDate next = UtcDate(t + seconds(1));
  EXPECT_EQ(next.month, 3);
  EXPECT_EQ(next.day, 1);
}

// --- rendering ----------------------------------------------------------------------

TEST_F(SessionServiceTest, ErrorsRenderInTheFormLanguage) {
  SessionView view = CreateOk({In("email", "x"), In("interval", "1")});
  RenderedSessionErrors text = RenderSessionErrors(view.errors, form_.language());
  ASSERT_EQ(text.current_fields.size(), view.errors.current_fields.size());
  ASSERT_EQ(text.other_fields.size(), view.errors.other_fields.size());
  for (const auto& [field, error] : view.errors.current_fields) {
    EXPECT_EQ(text.current_fields.at(field), validators::Message(error, "de-DE"));
  }
  for (const auto& [field, error] : view.errors.other_fields) {
    EXPECT_EQ(text.other_fields.at(field), validators::Message(error, "de-DE"));
  }
  EXPECT_NE(text.current_fields.at("email"), validators::Message(view.errors.current_fields.at("email"), "en-GB"))
      << "German and English texts differ";
  EXPECT_EQ(text.globals, std::vector<std::string>{"extra form field: interval"});
}

// --- _fix ------------------------------------------------------------------------------

class FixedFieldTest : public SessionServiceTest {
 protected:
  void SetUp() override {
    SessionView view = CreateOk({Fix("amount", "10"), In("first_name", "Beate")});
    hash_ = view.record.hash;
    ASSERT_EQ(view.record.values.at("amount"), "10.00");
    ASSERT_EQ(view.record.fixed, std::set<std::string>{"amount"});
    ASSERT_EQ(view.errors.current_fields.count("amount"), 0u);
  }
  void ExpectStillFixedAt(const std::string& value) {
    SessionRecord stored = Stored(hash_);
    EXPECT_EQ(stored.values.at("amount"), value);
    EXPECT_EQ(stored.fixed.count("amount"), 1u);
  }
  std::string hash_;
};

TEST_F(FixedFieldTest, FormCannotChangeIt) {
  SessionView view = UpdateOk(hash_, {In("amount", "20")});
  EXPECT_EQ(view.errors.current_fields.at("amount").id, MessageId::kFixedValue);
  ExpectStillFixedAt("10.00");
}

TEST_F(FixedFieldTest, FormCannotChangeItWithFixEither) {
  SessionView view = UpdateOk(hash_, {Fix("amount", "20")});
  EXPECT_EQ(view.errors.current_fields.at("amount").id, MessageId::kFixedValue);
  ExpectStillFixedAt("10.00");
}

TEST_F(FixedFieldTest, FormCannotClearIt) {
  SessionView view = UpdateOk(hash_, {In("amount", "")});
  EXPECT_EQ(view.errors.current_fields.at("amount").id, MessageId::kFixedValue);
  ExpectStillFixedAt("10.00");
}

TEST_F(FixedFieldTest, FormCannotClearItWithBlanks) {
  SessionView view = UpdateOk(hash_, {In("amount", "   ")});
  EXPECT_EQ(view.errors.current_fields.at("amount").id, MessageId::kFixedValue);
  ExpectStillFixedAt("10.00");
}

TEST_F(FixedFieldTest, FormCannotSneakAnInvalidValueIn) {
  SessionView view = UpdateOk(hash_, {In("amount", "lots")});
  EXPECT_EQ(view.errors.current_fields.at("amount").id, MessageId::kFixedValue);
  ExpectStillFixedAt("10.00");
}

TEST_F(FixedFieldTest, SameValueIsAcceptedRawOrCanonical) {
  const int64_t version = Stored(hash_).version;
  for (const FieldInput& input : {In("amount", "10"), In("amount", "10.00"), In("amount", "10,0"),
                                  Fix("amount", "10")}) {
    SessionView view = UpdateOk(hash_, {input, In("last_name", "Muster")});
    EXPECT_EQ(view.errors.current_fields.count("amount"), 0u) << input.value;
    ExpectStillFixedAt("10.00");
  }
  EXPECT_EQ(Stored(hash_).values.at("last_name"), "Muster");
  EXPECT_EQ(Stored(hash_).version, version + 1) << "only the first request changed anything";
}

TEST_F(FixedFieldTest, OtherFieldsOfTheSameRequestStillTakeEffect) {
  SessionView view = UpdateOk(hash_, {In("amount", "99"), In("first_name", "Anna")});
  EXPECT_EQ(view.errors.current_fields.at("amount").id, MessageId::kFixedValue);
  EXPECT_EQ(Stored(hash_).values.at("first_name"), "Anna");
  ExpectStillFixedAt("10.00");
}

TEST_F(FixedFieldTest, SecretKeyMayChangeAndLockAgain) {
  SessionView view = UpdateOk(hash_, {Fix("amount", "30")}, Authority::kSecretKey);
  EXPECT_EQ(view.errors.current_fields.count("amount"), 0u);
  ExpectStillFixedAt("30.00");
}

TEST_F(FixedFieldTest, SecretKeyPlainValueChangesAndUnlocks) {
  UpdateOk(hash_, {In("amount", "20")}, Authority::kSecretKey);
  EXPECT_EQ(Stored(hash_).values.at("amount"), "20.00");
  EXPECT_EQ(Stored(hash_).fixed.count("amount"), 0u);
  // Unlocked: the donor may now change it.
  SessionView view = UpdateOk(hash_, {In("amount", "25")});
  EXPECT_EQ(view.errors.current_fields.count("amount"), 0u);
  EXPECT_EQ(Stored(hash_).values.at("amount"), "25.00");
}

TEST_F(FixedFieldTest, SecretKeyMayClearAndUnlock) {
  UpdateOk(hash_, {In("amount", "")}, Authority::kSecretKey);
  EXPECT_EQ(Stored(hash_).values.count("amount"), 0u);
  EXPECT_EQ(Stored(hash_).fixed.count("amount"), 0u);
}

TEST_F(FixedFieldTest, SecretKeyInvalidValueIsStillRejected) {
  SessionView view = UpdateOk(hash_, {In("amount", "0,001")}, Authority::kSecretKey);
  EXPECT_EQ(view.errors.current_fields.count("amount"), 1u);
  ExpectStillFixedAt("10.00");
}

TEST_F(SessionServiceTest, FixLocksAFieldOnUpdate) {
  const std::string hash = CreateOk({In("amount", "10")}).record.hash;
  UpdateOk(hash, {Fix("email", "Beate@Example.ORG")});
  EXPECT_EQ(Stored(hash).fixed.count("email"), 1u);
  SessionView view = UpdateOk(hash, {In("email", "anna@example.org")});
  EXPECT_EQ(view.errors.current_fields.at("email").id, MessageId::kFixedValue);
  EXPECT_NE(Stored(hash).values.at("email"), "anna@example.org");
}

TEST_F(SessionServiceTest, InvalidFixValueIsNeitherStoredNorLocked) {
  SessionView view = CreateOk({Fix("email", "nope")});
  EXPECT_EQ(view.errors.current_fields.at("email").id, MessageId::kInvalidEmail);
  EXPECT_EQ(view.record.values.count("email"), 0u);
  EXPECT_EQ(view.record.fixed.count("email"), 0u);
}

TEST_F(SessionServiceTest, EmptyFixValueIsRefused) {
  const std::string hash = CreateOk({In("first_name", "Beate")}).record.hash;
  SessionView view = UpdateOk(hash, {Fix("first_name", "")});
  EXPECT_EQ(view.errors.current_fields.at("first_name").id, MessageId::kRequired);
  SessionView blanks = UpdateOk(hash, {Fix("first_name", "  ")});
  EXPECT_EQ(blanks.errors.current_fields.at("first_name").id, MessageId::kRequired);
  EXPECT_EQ(Stored(hash).values.at("first_name"), "Beate");
  EXPECT_EQ(Stored(hash).fixed.count("first_name"), 0u);
}

// --- visibility ------------------------------------------------------------------------

TEST_F(SessionServiceTest, SessionOfAnotherFormIsNotFound) {
  const std::string hash = CreateOk({In("amount", "10")}).record.hash;
  const Form other = DonationForm("other");
  const int64_t version = Stored(hash).version;
  EXPECT_TRUE(service_.Update(other, hash, {In("amount", "20")}, Authority::kForm).status().Is(
      Status::Code::kNotFound));
  EXPECT_TRUE(service_.Update(other, hash, {}, Authority::kForm).status().Is(Status::Code::kNotFound));
  EXPECT_TRUE(service_.Read(other, hash).status().Is(Status::Code::kNotFound));
  EXPECT_TRUE(service_.Inspect(other, hash).status().Is(Status::Code::kNotFound));
  EXPECT_EQ(Stored(hash).values.at("amount"), "10.00");
  EXPECT_EQ(Stored(hash).version, version);
}

TEST_F(SessionServiceTest, UnknownHashIsNotFound) {
  const std::string unknown = NewSessionHash();
  EXPECT_TRUE(service_.Update(form_, unknown, {In("amount", "20")}, Authority::kForm).status().Is(
      Status::Code::kNotFound));
  EXPECT_TRUE(service_.Read(form_, unknown).status().Is(Status::Code::kNotFound));
  EXPECT_TRUE(service_.Read(form_, "").status().Is(Status::Code::kNotFound));
  EXPECT_EQ(store_.size(), 0u);
}

}  // namespace
}  // namespace prefill
