// The REST body decoders (rest/rest_bodies.h): what each accepts, typed, and
// the code and reasons of what each refuses - the same the /v1 endpoints
// answer with (tests/rest_api drives them over HTTP).
#include "rest/rest_bodies.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace prefill {
namespace {

using Reasons = std::vector<std::string>;

template <typename T>
BodyRefusal Refused(const Decoded<T>& decoded) {
  EXPECT_FALSE(decoded.ok());
  if (decoded.ok()) return {};
  EXPECT_FALSE(decoded.refusal().reasons.empty()) << decoded.refusal().code;
  return decoded.refusal();
}

const FormRegistry& Forms() {
  static const FormRegistry registry = [] {
    std::vector<FormProblem> problems;
    auto loaded = FormRegistry::LoadDirectory(std::string(PREFILL_SOURCE_DIR) + "/forms", &problems);
    EXPECT_TRUE(loaded.ok()) << (problems.empty() ? "" : problems[0].ToString());
    return loaded.ok() ? std::move(*loaded) : FormRegistry();
  }();
  return registry;
}

TEST(RestBodiesTest, EveryBodyIsOneJsonObjectAndBlankIsEmpty) {
  EXPECT_TRUE(DecodeNoMembers("").ok());
  EXPECT_TRUE(DecodeNoMembers(" \r\n\t").ok());
  EXPECT_TRUE(DecodeNoMembers("{}").ok());
  EXPECT_TRUE(DecodeTransferReceived("").ok());
  for (const char* body : {"[1]", "\"text\"", "12", "null"}) {
    BodyRefusal r = Refused(DecodeNoMembers(body));
    EXPECT_EQ(r.code, "bad_request") << body;
    EXPECT_EQ(r.message, "The body must be a JSON object.");
    EXPECT_EQ(r.reasons, Reasons{"the body is JSON, but not an object"});
  }
  for (const char* body : {"{", "{\"a\":1}x", "{'a':1}", "{\"a\":\"\xff\"}"}) {
    BodyRefusal r = Refused(DecodeProcessSession(body));
    EXPECT_EQ(r.code, "bad_request") << body;
    EXPECT_EQ(r.reasons, Reasons{"the body is not valid JSON"}) << body;
  }
  // Reasons name nested places by their path (built only for a reason).
  EXPECT_EQ(Refused(DecodeNoMembers(R"({"x":{"y":[1,["4111 1111 1111 1111"]]}})")).reasons,
            Reasons{"x.y[1][0] holds a card number"});
  EXPECT_EQ(Refused(DecodeNoMembers(R"({"x":[{"y":"a\u0000"}]})")).reasons,
            Reasons{"x[0].y holds a NUL character or a lone surrogate"});
  EXPECT_EQ(Refused(DecodeNoMembers(R"({"a\u0000":1})")).reasons,
            Reasons{"a member name in the body holds a NUL character or a lone surrogate"});
  // Nesting far beyond any stack: refused as unknown, not a crash.
  std::string deep = "{\"x\":" + std::string(200000, '[') + std::string(200000, ']') + "}";
  EXPECT_EQ(Refused(DecodeNoMembers(deep)).reasons, Reasons{"unknown parameter: x"});
}

TEST(RestBodiesTest, CardNumbersAreRefusedInEveryBodyButNotInFieldValues) {
  const std::string card = "4111 1111 1111 1111";
  BodyRefusal r = Refused(DecodeCreateSession(R"({"formId":"demo","metadata":{"note":")" + card + R"("}})", &Forms()));
  EXPECT_EQ(r.code, "card_number_refused");
  EXPECT_EQ(r.reasons, Reasons{"metadata.note holds a card number"});
  EXPECT_EQ(Refused(DecodePatchSession(R"({"metadata":{"4111111111111111":"x"}})")).reasons,
            Reasons{"metadata (a key) holds a card number"});
  EXPECT_EQ(Refused(DecodeProcessSession(R"({"expiresIn":4111111111111111})")).code, "card_number_refused");
  // Bodies outside the sessions as well: a webhook URL, a SEPA member.
  EXPECT_EQ(Refused(DecodeWebhookEndpoint(R"({"url":"https://shop.example/4111111111111111","events":["*"]})")).reasons,
            Reasons{"url holds a card number"});
  EXPECT_EQ(Refused(DecodeCollectionReturn(R"({"reasonCode":"4111-1111-1111-1111"})")).code, "card_number_refused");
  // A form field's value is the session core's to judge, with the field's own rule.
  auto create = DecodeCreateSession(R"({"formId":"demo","values":{"first_name":")" + card + R"("}})", &Forms());
  ASSERT_TRUE(create.ok());
  const auto& request = std::get<RestCreateRequest>(create.value());
  ASSERT_EQ(request.inputs.size(), 1u);
  EXPECT_EQ(request.inputs[0].value, card);
}

TEST(RestBodiesTest, CreateDecodesADonationFormSession) {
  auto decoded = DecodeCreateSession(
      R"({"formId":"demo","values":{"first_name":"Beate","amount":12.5},"fixedValues":{"country":"DE","email":null},
          "metadata":{"order":"1001","empty":"","gone":null},"successUrl":"https://shop.example/thanks",
          "userId":"u1","accountId":"a1","language":"en-GB","currency":"EUR","expiresIn":60,"sandbox":true})",
      &Forms());
  ASSERT_TRUE(decoded.ok()) << decoded.refusal().reasons[0];
  const auto& r = std::get<RestCreateRequest>(decoded.value());
  EXPECT_EQ(r.form_id, "demo");
  EXPECT_TRUE(r.sandbox);
  EXPECT_EQ(r.attributes.success_url, "https://shop.example/thanks");
  EXPECT_EQ(r.attributes.user_id, "u1");
  EXPECT_EQ(r.attributes.account_id, "a1");
  EXPECT_EQ(r.attributes.language, "en-GB");
  EXPECT_EQ(r.attributes.currency, "EUR");
  ASSERT_TRUE(r.ttl.has_value());
  EXPECT_EQ(r.ttl->count(), 60);
  EXPECT_EQ(r.metadata, (Metadata{{"order", "1001"}}));
  ASSERT_EQ(r.inputs.size(), 4u);
  EXPECT_EQ(r.inputs[0].field, "first_name");
  EXPECT_FALSE(r.inputs[0].fix);
  EXPECT_EQ(r.inputs[1].value, "12.5");  // a number keeps its JSON text
  EXPECT_EQ(r.inputs[2].field, "country");
  EXPECT_TRUE(r.inputs[2].fix);
  EXPECT_EQ(r.inputs[3].field, "email");  // null: clears the field
  EXPECT_EQ(r.inputs[3].value, "");
}

TEST(RestBodiesTest, CreateRefusesWithTheReasonsOfEveryMember) {
  auto refused = [](const std::string& body) { return Refused(DecodeCreateSession(body, &Forms())); };
  BodyRefusal unknown = refused(R"({"formId":"demo","colour":"red","size":1})");
  EXPECT_EQ(unknown.message, "The request has unknown parameters.");
  EXPECT_EQ(unknown.reasons, (Reasons{"unknown parameter: colour", "unknown parameter: size"}));
  EXPECT_EQ(refused("{}").reasons, Reasons{"formId is required"});
  EXPECT_EQ(refused(R"({"formId":7})").reasons, Reasons{"formId must be a string"});
  BodyRefusal many = refused(
      R"({"formId":"demo","amount":"1.00","successUrl":"https://evil.example/","language":"EN","currency":"EURO",
          "expiresIn":14,"sandbox":"yes","values":[],"fixedValues":{"a":true}})");
  EXPECT_EQ(many.code, "bad_request");
  EXPECT_EQ(many.message, "The request is invalid.");
  ASSERT_EQ(many.reasons.size(), 8u);
  EXPECT_EQ(many.reasons[0], "amount and campaigns belong to the commerce session types (type)");
  EXPECT_EQ(many.reasons[1].rfind("successUrl is not allowed: https://evil.example", 0), 0u) << many.reasons[1];
  EXPECT_EQ(many.reasons[2], "language must be a language tag such as de or en-GB");
  EXPECT_EQ(many.reasons[3], "currency is longer than 3 characters");
  EXPECT_EQ(many.reasons[4], "expiresIn must be an integer from 15 to 1440 (minutes)");
  EXPECT_EQ(many.reasons[5], "sandbox must be true or false");
  EXPECT_EQ(many.reasons[6], "values must be an object of field names to values");
  EXPECT_EQ(many.reasons[7], "fixedValues.a must be a string or a number");
  EXPECT_EQ(refused(R"({"formId":"demo","expiresIn":1441})").reasons[0],
            "expiresIn must be an integer from 15 to 1440 (minutes)");
  EXPECT_EQ(refused(R"({"formId":"demo","expiresIn":60.5})").reasons.size(), 1u);
  // Without a registry (or for a form it does not know) only the URL's shape counts.
  EXPECT_TRUE(DecodeCreateSession(R"({"formId":"demo","successUrl":"https://evil.example/"})", nullptr).ok());
  EXPECT_EQ(Refused(DecodeCreateSession(R"({"formId":"demo","successUrl":"ftp://x"})", nullptr)).reasons.size(), 1u);
  // Metadata: its own code, after the other reasons.
  BodyRefusal metadata = refused(R"({"formId":"demo","metadata":{"a":1,")" + std::string(51, 'k') + R"(":"v"}})");
  EXPECT_EQ(metadata.code, "donation_session/invalid_metadata");
  EXPECT_EQ(metadata.reasons.size(), 2u);
  EXPECT_EQ(metadata.reasons[0], "metadata.a must be a string");
  EXPECT_EQ(refused(R"({"formId":7,"metadata":[]})").code, "bad_request");
}

TEST(RestBodiesTest, CreateDecodesCommerceSessionsAndPassesAnUnknownTypeOn) {
  auto decoded = DecodeCreateSession(
      R"({"type":"add_on","amount":"2.50","campaigns":["tree","school-kit"],"expiresIn":30,"metadata":{"o":"1"}})",
      &Forms());
  ASSERT_TRUE(decoded.ok()) << decoded.refusal().reasons[0];
  const auto& c = std::get<CommerceCreateRequest>(decoded.value());
  EXPECT_EQ(c.type, "add_on");
  EXPECT_EQ(c.amount, "2.50");
  EXPECT_EQ(c.campaigns, (std::vector<std::string>{"tree", "school-kit"}));
  EXPECT_EQ(c.ttl->count(), 30);
  EXPECT_EQ(c.metadata.at("o"), "1");

  // The commerce rules refuse an unknown type first: nothing else of the body is judged.
  auto unknown = DecodeCreateSession(R"({"type":"raffle","amount":[],"values":{}})", &Forms());
  ASSERT_TRUE(unknown.ok());
  const auto& u = std::get<CommerceCreateRequest>(unknown.value());
  EXPECT_EQ(u.type, "raffle");
  EXPECT_TRUE(u.amount.empty());

  BodyRefusal r = Refused(DecodeCreateSession(
      R"({"type":"add_on","amount":1.5,"campaigns":["ok",""],"values":{"a":"b"}})", &Forms()));
  EXPECT_EQ(r.reasons, (Reasons{"amount must be a decimal string such as \"1.50\"",
                                "campaigns must hold form ids (strings of 1-64 characters)",
                                "a add_on session has no form values (values, fixedValues)"}));
  std::string many = "[";
  for (int i = 0; i < 101; ++i) many += std::string(i ? "," : "") + "\"c\"";
  EXPECT_EQ(Refused(DecodeCreateSession(R"({"type":"add_on","campaigns":)" + many + "]}", &Forms())).reasons,
            Reasons{"campaigns must be an array of at most 100 form ids"});
}

TEST(RestBodiesTest, PatchKeepsNullAsRemovalAndAbsentMetadataUntouched) {
  auto patch = DecodePatchSession(R"({"values":{"first_name":"Ann"},"metadata":{"a":"1","b":null,"c":""}})");
  ASSERT_TRUE(patch.ok());
  ASSERT_EQ(patch.value().inputs.size(), 1u);
  ASSERT_TRUE(patch.value().metadata.has_value());
  EXPECT_EQ(patch.value().metadata->at("a"), std::optional<std::string>("1"));
  EXPECT_EQ(patch.value().metadata->at("b"), std::nullopt);
  EXPECT_EQ(patch.value().metadata->at("c"), std::optional<std::string>(""));
  EXPECT_FALSE(DecodePatchSession(R"({"values":{}})").value().metadata.has_value());
  EXPECT_EQ(Refused(DecodePatchSession(R"({"metadata":null})")).reasons,
            Reasons{"metadata must be an object of strings (null removes a key)"});
  BodyRefusal r = Refused(DecodePatchSession(R"({"metadata":{"a":2}})"));
  EXPECT_EQ(r.code, "donation_session/invalid_metadata");
  EXPECT_EQ(r.reasons, Reasons{"metadata.a must be a string or null"});
  EXPECT_EQ(Refused(DecodePatchSession(R"({"status":"completed"})")).reasons,
            Reasons{"unknown parameter: status"});
}

TEST(RestBodiesTest, ProcessTakesMinutesWithinTheLifecycleBounds) {
  EXPECT_FALSE(DecodeProcessSession("{}").value().extend.has_value());
  EXPECT_EQ(DecodeProcessSession(R"({"expiresIn":1})").value().extend->count(), 1);
  EXPECT_EQ(DecodeProcessSession(R"({"expiresIn":43200})").value().extend->count(), 43200);
  for (const char* body : {R"({"expiresIn":0})", R"({"expiresIn":43201})", R"({"expiresIn":"5"})",
                           R"({"expiresIn":-9223372036854775808})", R"({"expiresIn":18446744073709551615})"}) {
    EXPECT_EQ(Refused(DecodeProcessSession(body)).reasons,
              Reasons{"expiresIn must be an integer from 1 to 43200 (minutes)"})
        << body;
  }
}

TEST(RestBodiesTest, ChooseCampaignAndAllocations) {
  EXPECT_EQ(DecodeChooseCampaign(R"({"campaign":"tree"})").value().campaign, "tree");
  BodyRefusal missing = Refused(DecodeChooseCampaign("{}"));
  EXPECT_EQ(missing.code, "donation_session/campaign_required");
  EXPECT_EQ(Refused(DecodeChooseCampaign(R"({"campaign":")" + std::string(65, 'c') + "\"}")).reasons,
            Reasons{"campaign is longer than 64 characters"});

  auto allocations = DecodeAllocations(
      R"({"allocations":[{"campaign":"tree","amount":"1.00"},{"campaign":"school-kit","amount":"2","currency":"EUR"}]})");
  ASSERT_TRUE(allocations.ok());
  ASSERT_EQ(allocations.value().allocations.size(), 2u);
  EXPECT_FALSE(allocations.value().allocations[0].currency.has_value());
  EXPECT_EQ(allocations.value().allocations[1].currency, std::optional<std::string>("EUR"));
  EXPECT_TRUE(DecodeAllocations("{}").value().allocations.empty());
  BodyRefusal r = Refused(DecodeAllocations(R"({"allocations":[1,{"amount":2,"x":"y"}]})"));
  EXPECT_EQ(r.code, "donation_session/invalid_allocations");
  EXPECT_EQ(r.reasons, (Reasons{"allocations[0] must be an object {\"campaign\", \"amount\"}",
                                "allocations[1].amount must be a string such as \"1.50\"",
                                "allocations[1]: unknown parameter x"}));
  EXPECT_EQ(Refused(DecodeAllocations(R"({"allocations":{}})")).code, "bad_request");
}

TEST(RestBodiesTest, WebhookEndpointBody) {
  auto ok = DecodeWebhookEndpoint(R"({"url":"https://shop.example/hook","events":["*"],"formId":null})");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value().url, "https://shop.example/hook");
  EXPECT_EQ(ok.value().events, std::vector<std::string>{"*"});
  EXPECT_EQ(ok.value().form_id, "");
  EXPECT_EQ(DecodeWebhookEndpoint(R"({"url":"u","events":[],"formId":"demo"})").value().form_id, "demo");
  EXPECT_EQ(Refused(DecodeWebhookEndpoint("")).reasons, (Reasons{"url is required", "events is required"}));
  EXPECT_EQ(Refused(DecodeWebhookEndpoint(R"({"url":1,"events":"*","secret":"mine","formId":2})")).reasons,
            (Reasons{"url must be a string", "events must be an array of event types, or [\"*\"]",
                     "unknown parameter: secret", "formId must be a string", "url is required",
                     "events is required"}));
  EXPECT_EQ(Refused(DecodeWebhookEndpoint(R"({"url":"u","events":["a",1]})")).reasons,
            Reasons{"events must hold strings"});
}

TEST(RestBodiesTest, SepaBodiesAreStringMembers) {
  auto exported = DecodeSepaExport(R"({"creditorId":"DE98ZZZ09999999999","until":"2026-12-31","format":"pain.008.001.02"})");
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(exported.value().creditor_id, "DE98ZZZ09999999999");
  EXPECT_EQ(sepa::FormatIsoDate(*exported.value().until), "2026-12-31");
  EXPECT_EQ(exported.value().format, sepa::Pain008Format::kV02);
  auto defaults = DecodeSepaExport(R"({"creditorId":"DE98ZZZ09999999999","until":null})");
  ASSERT_TRUE(defaults.ok());
  EXPECT_FALSE(defaults.value().until.has_value());
  EXPECT_EQ(defaults.value().format, sepa::Pain008Format::kV08);
  EXPECT_EQ(Refused(DecodeSepaExport(R"({"until":"2026-02-30","format":"pain.001"})")).reasons,
            (Reasons{"creditorId is required", "until must be a date YYYY-MM-DD",
                     "format must be pain.008.001.08 or pain.008.001.02"}));
  EXPECT_EQ(Refused(DecodeSepaExport(R"({"creditorId":5,"x":"y"})")).reasons,
            (Reasons{"creditorId must be a string", "unknown parameter: x"}));

  EXPECT_EQ(DecodeMandateCancel("").value().creditor_id, "");
  EXPECT_EQ(DecodeMandateCancel(R"({"creditorId":"DE98ZZZ09999999999"})").value().creditor_id, "DE98ZZZ09999999999");
  EXPECT_EQ(DecodeCollectionReturn(R"({"reasonCode":"AC04"})").value().reason_code, "AC04");
  EXPECT_EQ(Refused(DecodeCollectionReturn("{}")).reasons, Reasons{"reasonCode is required, e.g. AC04 or MD06"});
  BodyRefusal extra = Refused(DecodeTransferReceived(R"({"amount":"1.00"})"));
  EXPECT_EQ(extra.message, "The request is invalid.");
  EXPECT_EQ(extra.reasons, Reasons{"unknown parameter: amount"});
  EXPECT_EQ(Refused(DecodeNoMembers(R"({"amount":"1.00"})")).message, "The request has unknown parameters.");
}

// Found by fuzz_rest_body: names are guarded too, and no reason repeats a number.
TEST(RestBodiesTest, NoReasonRepeatsACardNumberAndEscapesCannotWriteNulOrSurrogates) {
  BodyRefusal top = Refused(DecodeCollectionReturn(R"({"r4111111111111111":"AC04"})"));
  EXPECT_EQ(top.code, "card_number_refused");
  EXPECT_EQ(top.reasons, Reasons{"a member name holds a card number"});
  EXPECT_EQ(Refused(DecodeCreateSession(R"({"formId":"demo","values":{"4111111111111111":true}})", nullptr)).reasons,
            Reasons{"values (a key) holds a card number"});
  BodyRefusal joined = Refused(DecodePatchSession(R"({"metadata":{"4111":{"1111":{"1111":{"1111":4111111111111111}}}}})"));
  EXPECT_EQ(joined.reasons, Reasons{"a member holds a card number"});
  for (const std::string body : {R"({"url":"https://x.example/\u0000","events":[]})",
                                 R"({"url":"https://x.example/\udc00","events":[]})",
                                 R"({"url":"u","events":[],"a\u0000":1})"}) {
    BodyRefusal r = Refused(DecodeWebhookEndpoint(body));
    EXPECT_EQ(r.code, "bad_request") << body;
    ASSERT_EQ(r.reasons.size(), 1u);
    EXPECT_NE(r.reasons[0].find("NUL character or a lone surrogate"), std::string::npos) << r.reasons[0];
  }
  EXPECT_EQ(Refused(DecodeCreateSession(R"({"formId":"demo","values":{"first_name":"a\u0000"}})", nullptr)).reasons,
            Reasons{"values.first_name holds a NUL character or a lone surrogate"});
  EXPECT_TRUE(DecodeWebhookEndpoint(R"({"url":"\ud83d\ude00","events":[]})").ok());  // a pair is fine
}

}  // namespace
}  // namespace prefill
