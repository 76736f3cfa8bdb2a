# `kwmi host`: hosting a driver needs the runtime layers, the consumer API and readline
# (the layers bring the WDK headers and -fshort-wchar with them).
file(GLOB KWMI_CLI_HOST_SOURCES CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/host/*.cpp")
if(TARGET kwmi_host AND TARGET kwmi_consumer)
  find_library(KWMI_READLINE_LIBRARY readline REQUIRED)
  target_sources(kwmi_cli PRIVATE ${KWMI_CLI_HOST_SOURCES})
  target_link_libraries(kwmi_cli PRIVATE kwmi_host kwmi_consumer kwmi_wmi kwmi_nt ${KWMI_READLINE_LIBRARY})
else()
  # Without the runtime layers the subcommand is left out of the tool.
  set_source_files_properties("${CMAKE_CURRENT_SOURCE_DIR}/cmd_host.cpp" PROPERTIES HEADER_FILE_ONLY ON)
endif()
