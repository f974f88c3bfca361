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
      {"required_note", "Fields marked with an asterisk are required."},
      {"amount_choices", "Choose an amount"},
      {"amount_other", "Other amount"},
      {"amount_other_label", "Other amount in {currency}"},
      {"choose", "Please choose"},
      {"locked_hint", "This value was set by the shop and cannot be changed."},
      {"thank_you_keep", "Please keep this confirmation."},
      {"thank_you_sandbox", "Sandbox: this was a test; no money was moved."},
      {"print", "Print or save"},
      {"ty_details", "Your donation"},
      {"ty_amount", "Amount"},
      {"ty_interval", "Interval"},
      {"ty_method", "Payment method"},
      {"ty_date", "Date"},
      {"ty_order", "Order number"},
      {"ty_reference", "Reference"},
      {"transfer_title", "Please transfer your donation"},
      {"transfer_note", "Please transfer {amount} to this account and quote the reference {reference}, so that we can match your gift."},
      {"transfer_holder", "Account holder"},
      {"transfer_iban", "IBAN"},
      {"transfer_bic", "BIC"},
      {"transfer_reference", "Reference to quote"},
      {"sepa_title", "SEPA direct debit"},
      {"sepa_note", "We will collect {amount} by SEPA direct debit from your account {account}."},
      {"sepa_note_plain", "We will collect {amount} by SEPA direct debit from your account."},
      {"sepa_account", "Account"},
      {"sepa_mandate", "Mandate reference"},
      {"sepa_creditor", "Creditor identifier"},
      {"sepa_due", "Due date"},
      {"sepa_creditor_name", "Creditor"},
      {"sepa_prenote", "{creditor} will collect {amount} by SEPA direct debit from your account {account} on {due}, under mandate reference {mandate} and creditor identifier {creditor_id}."},
      {"sepa_prenote_recurring", "{creditor} will collect {amount} by SEPA direct debit from your account {account} on {due} and then {repeat}, under mandate reference {mandate} and creditor identifier {creditor_id}."},
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
      {"required_note", "Mit Sternchen markierte Felder sind Pflichtfelder."},
      {"amount_choices", "Betrag wählen"},
      {"amount_other", "Anderer Betrag"},
      {"amount_other_label", "Anderer Betrag in {currency}"},
      {"choose", "Bitte wählen"},
      {"locked_hint", "Dieser Wert wurde vom Shop vorgegeben und kann nicht geändert werden."},
      {"thank_you_keep", "Bitte bewahren Sie diese Bestätigung auf."},
      {"thank_you_sandbox", "Testmodus: Dies war ein Test, es wurde kein Geld bewegt."},
      {"print", "Drucken oder speichern"},
      {"ty_details", "Ihre Spende"},
      {"ty_amount", "Betrag"},
      {"ty_interval", "Turnus"},
      {"ty_method", "Zahlungsart"},
      {"ty_date", "Datum"},
      {"ty_order", "Bestellnummer"},
      {"ty_reference", "Referenz"},
      {"transfer_title", "Bitte überweisen Sie Ihre Spende"},
      {"transfer_note", "Bitte überweisen Sie {amount} auf dieses Konto und geben Sie als Verwendungszweck {reference} an, damit wir Ihre Spende zuordnen können."},
      {"transfer_holder", "Kontoinhaber"},
      {"transfer_iban", "IBAN"},
      {"transfer_bic", "BIC"},
      {"transfer_reference", "Verwendungszweck"},
      {"sepa_title", "SEPA-Lastschrift"},
      {"sepa_note", "Wir ziehen {amount} per SEPA-Lastschrift von Ihrem Konto {account} ein."},
      {"sepa_note_plain", "Wir ziehen {amount} per SEPA-Lastschrift von Ihrem Konto ein."},
      {"sepa_account", "Konto"},
      {"sepa_mandate", "Mandatsreferenz"},
      {"sepa_creditor", "Gläubiger-Identifikationsnummer"},
      {"sepa_due", "Fälligkeitsdatum"},
      {"sepa_creditor_name", "Zahlungsempfänger"},
      {"sepa_prenote", "{creditor} zieht {amount} am {due} per SEPA-Lastschrift von Ihrem Konto {account} ein, mit der Mandatsreferenz {mandate} und der Gläubiger-Identifikationsnummer {creditor_id}."},
      {"sepa_prenote_recurring", "{creditor} zieht {amount} am {due} und danach {repeat} per SEPA-Lastschrift von Ihrem Konto {account} ein, mit der Mandatsreferenz {mandate} und der Gläubiger-Identifikationsnummer {creditor_id}."},
  };
  return IsGerman(language) ? kGerman : kEnglish;
}

std::string PageText(std::string_view language, std::string_view key) {
  for (const auto& [k, text] : PageTextsFor(language)) {
    if (k == key) return text;
  }
  return std::string(key);
}

std::string FillText(std::string text, std::string_view name, const std::string& value) {
  const std::string mark = "{" + std::string(name) + "}";
  for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size())) {
    text.replace(at, mark.size(), value);
  }
  return text;
}

}  // namespace prefill
