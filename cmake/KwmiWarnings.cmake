# Warnings for our own code: everything we write compiles clean at -Wall -Wextra -Werror.
# -Wrestrict is off for GCC: gcc 12 reports it falsely on std::string concatenation at -O2/-O3
# (GCC bug 105651), which -Werror would turn into a broken Release build.
function(kwmi_target_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Werror -Wno-multichar>
    $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Werror -Wno-multichar>
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
  # Sanitizer instrumentation makes gcc 12 report -Wmaybe-uninitialized falsely inside
  # libstdc++ (std::regex, std::function); the plain build keeps the warning.
  if(NOT KWMI_SANITIZE STREQUAL "")
    target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
  endif()
endfunction()
