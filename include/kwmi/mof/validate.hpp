// The class-structure rules wmimofck enforces for WMI classes (spec mof-toolchain §1.5).
#pragma once

#include <kwmi/mof/diagnostics.hpp>
#include <kwmi/mof/model.hpp>

namespace kwmi::mof {

// Checks every class carrying the WMI qualifier (and the types it references);
// appends one diagnostic per violated rule.
void validateSchema(const Schema& schema, Diagnostics& diags);

}  // namespace kwmi::mof
