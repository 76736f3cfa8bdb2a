# Flags that let unchanged WDK driver sources compile with gcc/clang (see
# shared spec wdk-api-surface.md §4): 16-bit wchar_t, our wcslen, MSVC-isms tolerated,
# unwind tables so a bug check raised inside driver code can unwind to the host.
set(KWMI_DRIVER_C_FLAGS
  -fshort-wchar -fno-builtin-wcslen -fexceptions
  -Wno-multichar -Wno-unknown-pragmas -Wno-unused-parameter)

# kwmi_add_driver(<name> SOURCES ... [MOF file.mof HEADER Name.h] [DEFINES ...])
# is defined in cmake/KwmiAddDriver.cmake once the WDF layer provides it.
if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/KwmiAddDriver.cmake")
  include("${CMAKE_CURRENT_LIST_DIR}/KwmiAddDriver.cmake")
endif()
