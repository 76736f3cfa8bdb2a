# Warnings for our own code: everything we write compiles clean at -Wall -Wextra -Werror.
function(kwmi_target_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Werror -Wno-multichar>
    $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Werror -Wno-multichar>)
endfunction()
