# Runs PROGRAM ARGUMENT; fails unless it exits with 0 and DOCUMENT contains its standard
# output verbatim (the example output pasted in the documentation).
execute_process(COMMAND "${PROGRAM}" "${ARGUMENT}"
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${result}\n${output}\n${errors}")
endif()
file(READ "${DOCUMENT}" document)
string(FIND "${document}" "${output}" found)
if(found EQUAL -1)
  message(FATAL_ERROR "${DOCUMENT} does not show this output of the example; paste it:\n${output}")
endif()
message(STATUS "the documented output matches:\n${output}")
