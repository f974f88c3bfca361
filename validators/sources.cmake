# The pure validators' sources, listed by hand (the `sources_listed` test fails on a
# file that is not). Read by validators/CMakeLists.txt and fuzz/CMakeLists.txt.
set(PREFILL_VALIDATOR_SOURCES
  amount.cc
  bic.cc
  card_guard.cc
  check_session.cc
  choices.cc
  country.cc
  custom_field.cc
  dates.cc
  email.cc
  field_registry.cc
  iban.cc
  messages.cc
  pattern.cc
  phone.cc
  post_code.cc
  standard_fields.cc
  text.cc
  validate_field.cc)
list(TRANSFORM PREFILL_VALIDATOR_SOURCES PREPEND ${CMAKE_CURRENT_LIST_DIR}/)
