// Plain text of decoded values for CSV cells and WQL comparisons (strings unquoted).
#pragma once

#include <kwmi/mof/data.hpp>

#include <string>

namespace kwmi::cli::host {

std::string ValueText(const mof::ValueNode& value);
// Top-level member by name (case-insensitive), or nullptr.
const mof::ValueNode* FindMember(const mof::ValueNode& object, std::string_view name);

}  // namespace kwmi::cli::host
