// Whole-file reads and writes for the CLI.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kwmi::cli {

std::optional<std::string> readWholeFile(const std::string& path);
// Prints an error to stderr and returns false when the file cannot be written.
bool writeWholeFile(const std::string& path, std::string_view bytes);

}  // namespace kwmi::cli
