// The host shell's command table: runs one command line against a session.
#pragma once

#include "session.hpp"

#include <string>
#include <vector>

namespace kwmi::cli::host {

// Runs one command line; returns 0 or kExitCommandFailed. Prints events received meanwhile.
// `quit` / `exit` set *quit.
int RunCommandLine(Session& s, const std::string& line, bool* quit);
// Command names, for completion.
std::vector<std::string> CommandNames();

}  // namespace kwmi::cli::host
