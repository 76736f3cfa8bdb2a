// bugcheck_request.hpp - internal: raise a bug check on behalf of an RTL rule.
#pragma once

#include <kwmi/rtl_settings.hpp>

namespace kwmi::rtl {

// Hands the request to the installed raiser (default: KeBugCheckEx). Never returns.
[[noreturn]] void RaiseRtlBugCheck(const BugCheckRequest &request);

}  // namespace kwmi::rtl
