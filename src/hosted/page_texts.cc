#include "hosted/page_texts.h"

#include "forms/standard_fields.h"

namespace prefill {

const PageTexts& PageTextsFor(std::string_view language) {
  static const PageTexts kEnglish = {
      {"submit", "Donate now"},
      {"sending", "Please wait…"},
      {"sandbox", "Sandbox: no money is moved."},
      {"required", "required"},
      {"locked", "set by the shop"},
      {"fix_errors", "Please correct the marked fields."},
      {"network_error", "The connection failed. Please try again."},
      {"thank_you_title", "Thank you!"},
      {"thank_you_text", "Your donation has been received."},
      {"redirecting", "You are being redirected to complete the payment…"},
      {"processing", "This donation is being processed. Please wait a moment and reload the page."},
      {"expired", "This donation session has expired. Please start again from the shop."},
      {"not_found", "This donation session does not exist. You can still donate with the form below."},
      {"card_token_hint", "Sandbox: use a test token such as tok_sandbox_ok."},
  };
  static const PageTexts kGerman = {
      {"submit", "Jetzt spenden"},
      {"sending", "Bitte warten…"},
      {"sandbox", "Testmodus: Es wird kein Geld bewegt."},
      {"required", "Pflichtfeld"},
      {"locked", "vom Shop vorgegeben"},
      {"fix_errors", "Bitte korrigieren Sie die markierten Felder."},
      {"network_error", "Die Verbindung ist fehlgeschlagen. Bitte versuchen Sie es erneut."},
      {"thank_you_title", "Vielen Dank!"},
      {"thank_you_text", "Ihre Spende ist eingegangen."},
      {"redirecting", "Sie werden zur Zahlung weitergeleitet…"},
      {"processing", "Diese Spende wird gerade verarbeitet. Bitte laden Sie die Seite gleich neu."},
      {"expired", "Diese Spenden-Sitzung ist abgelaufen. Bitte beginnen Sie erneut im Shop."},
      {"not_found", "Diese Spenden-Sitzung gibt es nicht. Sie können trotzdem mit dem Formular spenden."},
      {"card_token_hint", "Testmodus: Verwenden Sie ein Test-Token wie tok_sandbox_ok."},
  };
  return IsGerman(language) ? kGerman : kEnglish;
}

std::string PageText(std::string_view language, std::string_view key) {
  for (const auto& [k, text] : PageTextsFor(language)) {
    if (k == key) return text;
  }
  return std::string(key);
}

}  // namespace prefill
