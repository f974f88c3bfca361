# Embeds the hosted page's templates and static files into prefill_http at build
# time, so the binary never reads them from the working directory.
# Included by src/CMakeLists.txt after prefill_http is defined.
#
# Each listed file becomes one entry of EmbeddedAsset() (src/hosted/embedded_assets.h),
# named by its path relative to the repository root, e.g. "src/hosted/static/prefill.js".
set(PREFILL_EMBEDDED_ASSETS
  ${CMAKE_SOURCE_DIR}/src/hosted/templates/form_page.mustache
  ${CMAKE_SOURCE_DIR}/src/hosted/templates/message_page.mustache
  ${CMAKE_SOURCE_DIR}/src/hosted/static/prefill.js
  ${CMAKE_SOURCE_DIR}/src/hosted/static/prefill-stripe.js
  ${CMAKE_SOURCE_DIR}/src/hosted/static/prefill.css
  ${CMAKE_SOURCE_DIR}/sandbox/shop/demo_shop.mustache
  ${CMAKE_SOURCE_DIR}/sandbox/shop/demo_shop.css)
set(PREFILL_EMBEDDED_CC ${CMAKE_BINARY_DIR}/generated/hosted/embedded_assets_data.cc)
add_custom_command(
  OUTPUT ${PREFILL_EMBEDDED_CC}
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${PREFILL_EMBEDDED_CC} -DROOT=${CMAKE_SOURCE_DIR}
          "-DFILES=${PREFILL_EMBEDDED_ASSETS}" -P ${CMAKE_SOURCE_DIR}/src/hosted/embed_files.cmake
  DEPENDS ${PREFILL_EMBEDDED_ASSETS} ${CMAKE_SOURCE_DIR}/src/hosted/embed_files.cmake
  COMMENT "Embedding hosted page templates and static files"
  VERBATIM)
target_sources(prefill_http PRIVATE ${PREFILL_EMBEDDED_CC})
