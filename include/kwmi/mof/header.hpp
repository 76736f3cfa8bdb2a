// C header generator reproducing `wmimofck -h <file> [-m] [-u]` (spec mof-toolchain §3).
#pragma once

#include <kwmi/mof/diagnostics.hpp>
#include <kwmi/mof/model.hpp>

#include <string>

namespace kwmi::mof {

struct HeaderOptions {
    std::string outputFileName = "wmidata.h";  // only its base name matters (include guard)
    bool methodStructs = false;                // -m
    bool unconditional = false;                // -u
    // Points the spec marks [Unverified] (mof-toolchain §6), pinned by tests:
    bool classCppQuoteAfterDescription = true;     // class cpp_quote block follows the Description line
    bool memberCppQuoteBeforeDefineValues = true;  // member cpp_quote block precedes the DefineValues block
    bool commentedMembersKeepSize = true;          // -u: a commented-out fixed member keeps its _SIZE define
    bool bitMapDefinesShiftedMask = true;          // DefineBitMap value = 1 << BitMap[i] (else BitMap[i] itself)
};

// "_<Base>_h_" for an output file name: directory and last extension stripped.
std::string includeGuardFor(const std::string& outputFileName);

// The whole header text. Classes that cannot be laid out produce diagnostics.
std::string generateHeader(const Schema& schema, const HeaderOptions& options, Diagnostics& diags);

// A C translation unit of C_ASSERTs (sizeof and FIELD_OFFSET of every member of every
// fixed-size generated struct, from our computed layout) that includes `headerName`,
// plus `int <functionName>(void)` returning the number of assertions.
std::string generateLayoutAsserts(const Schema& schema, const HeaderOptions& options, const std::string& headerName,
                                  const std::string& functionName, Diagnostics& diags);

}  // namespace kwmi::mof
