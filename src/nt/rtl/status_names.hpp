// status_names.hpp - symbolic names of NTSTATUS values, for diagnostics and %!STATUS!.
#pragma once

#include <ntdef.h>

namespace kwmi::rtl {

// "STATUS_BUFFER_TOO_SMALL" for 0xC0000023; nullptr for a value ntstatus.h does not name.
const char *StatusName(NTSTATUS status);

}  // namespace kwmi::rtl
