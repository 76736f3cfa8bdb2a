// Exit codes shared by every `kwmi` subcommand (a subcommand may add its own above them, as
// `kwmi host` does in host/host_options.hpp).
#pragma once

namespace kwmi::cli {

// The command line is invalid (unknown option, missing argument, no subcommand) or the script
// file cannot be read.
inline constexpr int kUsageError = 2;

}  // namespace kwmi::cli
