// Message(): English and German texts for every MessageId.
#include <string>

#include "validators/validation.h"

namespace prefill::validators {

namespace {

struct Texts {
  const char* en;
  const char* de;
};

Texts TextsFor(MessageId id) {
  switch (id) {
    case MessageId::kRequired: return {"This field is required", "Dieses Feld ist ein Pflichtfeld"};
    case MessageId::kInvalidValue: return {"Invalid value", "Ungültiger Wert"};
    case MessageId::kInvalidAmount:
      return {"Please enter an amount with at most two decimal places",
              "Bitte geben Sie einen Betrag mit höchstens zwei Nachkommastellen ein"};
    case MessageId::kAmountTooLow: return {"The amount must be at least {0}", "Der Betrag muss mindestens {0} betragen"};
    case MessageId::kAmountTooHigh: return {"The amount must not exceed {0}", "Der Betrag darf höchstens {0} betragen"};
    case MessageId::kAmountNotSuggested:
      return {"Please choose one of the suggested amounts", "Bitte wählen Sie einen der vorgeschlagenen Beträge"};
    case MessageId::kBelowItemMinimum:
      return {"The amount for this item must be at least {0}", "Der Betrag für diese Auswahl muss mindestens {0} betragen"};
    case MessageId::kUnknownItem: return {"Unknown item", "Unbekannte Auswahl"};
    case MessageId::kInvalidInterval: return {"Invalid donation interval", "Ungültiger Spendenrhythmus"};
    case MessageId::kInvalidPaymentMethod: return {"Invalid payment method", "Ungültige Zahlungsart"};
    case MessageId::kInvalidIban: return {"Invalid IBAN", "Ungültige IBAN"};
    case MessageId::kInvalidBic: return {"Invalid BIC", "Ungültige BIC"};
    case MessageId::kBicCountryMismatch:
      return {"The BIC does not belong to the country of the IBAN", "Die BIC passt nicht zum Land der IBAN"};
    case MessageId::kInvalidEmail: return {"Invalid e-mail address", "Ungültige E-Mail-Adresse"};
    case MessageId::kInvalidCountry: return {"Invalid country", "Ungültiges Land"};
    case MessageId::kInvalidPostCode: return {"Invalid post code", "Ungültige Postleitzahl"};
    case MessageId::kInvalidPhone: return {"Invalid phone number", "Ungültige Telefonnummer"};
    case MessageId::kInvalidOption: return {"Please choose one of the options", "Bitte wählen Sie eine der Optionen"};
    case MessageId::kInvalidBoolean: return {"Invalid yes/no value", "Ungültiger Ja/Nein-Wert"};
    case MessageId::kInvalidDate: return {"Invalid date", "Ungültiges Datum"};
    case MessageId::kDateNotInPast: return {"The date must be in the past", "Das Datum muss in der Vergangenheit liegen"};
    case MessageId::kCardExpired: return {"The card has expired", "Die Karte ist abgelaufen"};
    case MessageId::kCardNumberRefused:
      return {"Card numbers must not be entered here", "Kartennummern dürfen hier nicht eingegeben werden"};
    case MessageId::kControlCharacters: return {"Contains control characters", "Enthält Steuerzeichen"};
    case MessageId::kInvalidUtf8: return {"Invalid character encoding", "Ungültige Zeichenkodierung"};
    case MessageId::kTooLong: return {"At most {0} characters", "Höchstens {0} Zeichen"};
    case MessageId::kTooShort: return {"At least {0} characters", "Mindestens {0} Zeichen"};
    case MessageId::kPatternMismatch: return {"Invalid format", "Ungültiges Format"};
    case MessageId::kInvalidInteger: return {"Please enter a whole number", "Bitte geben Sie eine ganze Zahl ein"};
    case MessageId::kInvalidNumber: return {"Please enter a number", "Bitte geben Sie eine Zahl ein"};
    case MessageId::kOutOfRange: return {"Must be between {0} and {1}", "Muss zwischen {0} und {1} liegen"};
    case MessageId::kReceiptNeedsAddress:
      return {"A donation receipt needs your full address",
              "Für eine Zuwendungsbestätigung benötigen wir Ihre vollständige Adresse"};
    case MessageId::kNewsletterNeedsEmail:
      return {"The newsletter needs an e-mail address", "Für den Newsletter benötigen wir Ihre E-Mail-Adresse"};
    case MessageId::kFixedValue:
      return {"This value is fixed and cannot be changed", "Dieser Wert ist festgelegt und kann nicht geändert werden"};
    case MessageId::kValueTooLow: return {"Must be at least {0}", "Muss mindestens {0} sein"};
    case MessageId::kValueTooHigh: return {"Must be at most {0}", "Darf höchstens {0} sein"};
  }
  return {"Invalid value", "Ungültiger Wert"};
}

bool IsGerman(std::string_view language) {
  return language.size() >= 2 && (language[0] == 'd' || language[0] == 'D') &&
         (language[1] == 'e' || language[1] == 'E') && (language.size() == 2 || language[2] == '-' || language[2] == '_');
}

// Replaces {0}, {1}, ... by the arguments; a missing argument becomes empty.
std::string Substitute(std::string_view text, const std::vector<std::string>& args) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9' && text[i + 2] == '}') {
      size_t index = static_cast<size_t>(text[i + 1] - '0');
      if (index < args.size()) out += args[index];
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

std::string Message(const ValidationError& error, std::string_view language) {
  Texts texts = TextsFor(error.id);
  return Substitute(IsGerman(language) ? texts.de : texts.en, error.args);
}

}  // namespace prefill::validators
