#include "forms/redirect_target.h"

#include <gtest/gtest.h>

#include <string>

#include "form_test_util.h"
#include "forms/form_loader.h"

namespace prefill {
namespace {

Form ShopForm() {
  Form form;
  form.id = "shop";
  form.allowed_redirect_origins = {"https://shop.example.org", "http://localhost:8080"};
  return form;
}

TEST(RedirectTargetTest, ShapeProblemsAreNamed) {
  EXPECT_EQ(RedirectUrlProblem("https://shop.example.org/thanks?o=1#top"), "");
  EXPECT_EQ(RedirectUrlProblem("https://shop.example.org/a\r\nLocation: x"), "must not contain CR or LF");
  EXPECT_EQ(RedirectUrlProblem("https://shop.example.org/a\n"), "must not contain CR or LF");
  EXPECT_EQ(RedirectUrlProblem("https://shop.example.org/a b"), "must not contain spaces (percent-encode them)");
  EXPECT_EQ(RedirectUrlProblem(std::string("https://shop.example.org/\0", 26)), "must not contain control characters");
  EXPECT_EQ(RedirectUrlProblem("https://shop.example.org/\x7f"), "must not contain control characters");
  EXPECT_EQ(RedirectUrlProblem("https://shop.example.org/\xc3\xa4"), "must be ASCII (percent-encode other characters)");
  EXPECT_EQ(RedirectUrlProblem("https://shop.example.org/<x>"), "must not contain '<' unencoded");
  EXPECT_EQ(RedirectUrlProblem("https://user:pw@shop.example.org/"), "must not contain credentials (user@host)");
  EXPECT_EQ(RedirectUrlProblem("https://shop.example.org@evil.example/"), "must not contain credentials (user@host)");
  EXPECT_EQ(RedirectUrlProblem("javascript:alert(1)"), "must be an absolute http or https URL");
  EXPECT_EQ(RedirectUrlProblem("//shop.example.org/"), "must be an absolute http or https URL");
  EXPECT_EQ(RedirectUrlProblem("https:///path"), "must name a host after the scheme");
  EXPECT_EQ(RedirectUrlProblem("https://"), "must name a host after the scheme");
  EXPECT_EQ(RedirectUrlProblem("https://" + std::string(2100, 'a')), "must be at most 2048 bytes long");
  // An '@' after the authority is part of the path or query, not credentials.
  EXPECT_EQ(RedirectUrlProblem("https://shop.example.org/thanks?mail=a@b.example"), "");
}

TEST(RedirectTargetTest, OriginIsNormalised) {
  EXPECT_EQ(RedirectOrigin("HTTPS://Shop.Example.ORG:443/x"), "https://shop.example.org");
  EXPECT_EQ(RedirectOrigin("http://localhost:80?x"), "http://localhost");
  EXPECT_EQ(RedirectOrigin("http://localhost:8080#x"), "http://localhost:8080");
  EXPECT_EQ(RedirectOrigin("https://shop.example.org:8443/"), "https://shop.example.org:8443");
  EXPECT_EQ(RedirectOrigin("https://a b/"), "");
}

TEST(RedirectTargetTest, OnlyTheFormsOriginsAreTargets) {
  const Form form = ShopForm();
  EXPECT_EQ(RedirectTargetProblem(form, "https://shop.example.org/thanks"), "");
  EXPECT_EQ(RedirectTargetProblem(form, "https://SHOP.example.org:443/thanks"), "");
  EXPECT_EQ(RedirectTargetProblem(form, "http://localhost:8080/back"), "");
  EXPECT_EQ(RedirectTargetProblem(form, "http://shop.example.org/thanks"),
            "is not allowed: http://shop.example.org is not one of the form's allowed_redirect_origins");
  EXPECT_EQ(RedirectTargetProblem(form, "https://shop.example.org.evil.example/"),
            "is not allowed: https://shop.example.org.evil.example is not one of the form's allowed_redirect_origins");
  EXPECT_EQ(RedirectTargetProblem(form, "https://shop.example.org:8443/"),
            "is not allowed: https://shop.example.org:8443 is not one of the form's allowed_redirect_origins");
  EXPECT_EQ(RedirectTargetProblem(form, "https://shop.example.org/a\r\n"), "must not contain CR or LF");
  Form closed;
  closed.id = "closed";
  EXPECT_EQ(RedirectTargetProblem(closed, "https://shop.example.org/"),
            "is not allowed: form closed allows no redirect origins (allowed_redirect_origins)");
}

TEST(RedirectTargetTest, TheFormKeyDefaultsToTheEmbedOrigins) {
  using testing_forms::FormJson;
  std::vector<FormProblem> problems;
  auto embedded = ParseForm(FormJson(R"("allowed_embed_origins": ["https://shop.example.org"],)"), "f.json", &problems);
  ASSERT_TRUE(embedded.ok()) << testing_forms::Dump(problems);
  EXPECT_EQ(embedded->allowed_redirect_origins, std::vector<std::string>{"https://shop.example.org"});

  auto both = ParseForm(FormJson(R"("allowed_embed_origins": ["https://shop.example.org"],
                                    "allowed_redirect_origins": ["https://thanks.example.org"],)"),
                        "f.json", &problems);
  ASSERT_TRUE(both.ok()) << testing_forms::Dump(problems);
  EXPECT_EQ(both->allowed_redirect_origins, std::vector<std::string>{"https://thanks.example.org"});

  auto none = ParseForm(FormJson(R"("allowed_embed_origins": ["https://shop.example.org"],
                                    "allowed_redirect_origins": [],)"),
                        "f.json", &problems);
  ASSERT_TRUE(none.ok()) << testing_forms::Dump(problems);
  EXPECT_TRUE(none->allowed_redirect_origins.empty());

  auto bad = ParseForm(FormJson(R"("allowed_redirect_origins": ["https://shop.example.org/thanks", 7],)"), "f.json",
                       &problems);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(testing_forms::HasProblem(problems, "$.allowed_redirect_origins[0]", "not an origin"))
      << testing_forms::Dump(problems);
  EXPECT_TRUE(testing_forms::HasProblem(problems, "$.allowed_redirect_origins[1]", "must be a string"))
      << testing_forms::Dump(problems);
}

}  // namespace
}  // namespace prefill
