# kwmi_mof_compile(<name>
#     MOF <file.mof> [HEADER <Name.h>] (HEADER, BMF or both)
#     [OUTPUT_DIR <dir>]            default: the current binary dir
#     [METHODS]                     wmimofck -m: _IN/_OUT structs for method parameters
#     [UNCONDITIONAL]               wmimofck -u
#     [BMF <out.bmf>]               also write the binary MOF (relative → OUTPUT_DIR)
#     [LAYOUT_ASSERTS <out.c>]      also write C_ASSERTs of the computed layout (tests)
#     [INCLUDE_DIRS <dir>...] [DEFINES <NAME[=VALUE]>...] [NO_CPP])
#
# Runs the built `kwmi mofcomp` at build time. The header is written under exactly the
# spelling given in HEADER. The command depends on the MOF, on every file it #includes
# (through a depfile) and on the compiler itself, so consumers rebuild when any changes.
#
# Results:
#  - If <name> is an existing target, the generated files become its sources and
#    OUTPUT_DIR a private include directory (so a driver target just works).
#  - Otherwise a custom target <name> is created that builds the files.
#  - Always: variables <name> (all generated files), <name>_HEADER, <name>_BMF,
#    <name>_LAYOUT_ASSERTS and <name>_INCLUDE_DIR in the caller's scope.
include_guard(GLOBAL)

function(kwmi_mof_compile name)
  cmake_parse_arguments(ARG "METHODS;UNCONDITIONAL;NO_CPP" "MOF;HEADER;OUTPUT_DIR;BMF;LAYOUT_ASSERTS"
                        "INCLUDE_DIRS;DEFINES" ${ARGN})
  if(NOT ARG_MOF OR (NOT ARG_HEADER AND NOT ARG_BMF))
    message(FATAL_ERROR "kwmi_mof_compile(${name}): MOF and one of HEADER or BMF are required")
  endif()
  if(NOT TARGET kwmi_cli)
    message(FATAL_ERROR "kwmi_mof_compile(${name}): the kwmi_cli target (tools/kwmi) is not part of this build")
  endif()
  get_filename_component(mof "${ARG_MOF}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(ARG_OUTPUT_DIR)
    get_filename_component(outdir "${ARG_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  else()
    set(outdir "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  set(header "")
  set(outputs "")
  set(args mofcomp "${mof}")
  if(ARG_HEADER)
    set(header "${outdir}/${ARG_HEADER}")
    list(APPEND outputs "${header}")
    list(APPEND args --header "${header}")
  endif()
  if(ARG_METHODS)
    list(APPEND args -m)
  endif()
  if(ARG_UNCONDITIONAL)
    list(APPEND args -u)
  endif()
  if(ARG_NO_CPP)
    list(APPEND args --no-cpp)
  endif()
  set(bmf "")
  if(ARG_BMF)
    get_filename_component(bmf "${ARG_BMF}" ABSOLUTE BASE_DIR "${outdir}")
    list(APPEND outputs "${bmf}")
    list(APPEND args --bmf "${bmf}")
  endif()
  set(asserts "")
  if(ARG_LAYOUT_ASSERTS)
    get_filename_component(asserts "${ARG_LAYOUT_ASSERTS}" ABSOLUTE BASE_DIR "${outdir}")
    list(APPEND outputs "${asserts}")
    list(APPEND args --layout-asserts "${asserts}")
  endif()
  foreach(dir IN LISTS ARG_INCLUDE_DIRS)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND args -I "${dir}")
  endforeach()
  foreach(def IN LISTS ARG_DEFINES)
    list(APPEND args -D "${def}")
  endforeach()

  set(depfile_args "")
  if(CMAKE_GENERATOR MATCHES "Ninja|Makefiles")
    if(ARG_HEADER)
      set(depfile "${outdir}/${ARG_HEADER}.d")
    else()
      set(depfile "${bmf}.d")
    endif()
    list(APPEND args --depfile "${depfile}")
    set(depfile_args DEPFILE "${depfile}")
  endif()

  file(MAKE_DIRECTORY "${outdir}")
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND kwmi_cli ${args}
    DEPENDS "${mof}" kwmi_cli
    ${depfile_args}
    COMMENT "kwmi mofcomp ${ARG_MOF} -> ${ARG_HEADER} ${ARG_BMF}"
    VERBATIM)

  if(TARGET ${name})
    target_sources(${name} PRIVATE ${outputs})
    target_include_directories(${name} PRIVATE "${outdir}")
  else()
    add_custom_target(${name} DEPENDS ${outputs})
  endif()
  set(${name} ${outputs} PARENT_SCOPE)
  set(${name}_HEADER "${header}" PARENT_SCOPE)
  set(${name}_BMF "${bmf}" PARENT_SCOPE)
  set(${name}_LAYOUT_ASSERTS "${asserts}" PARENT_SCOPE)
  set(${name}_INCLUDE_DIR "${outdir}" PARENT_SCOPE)
endfunction()
