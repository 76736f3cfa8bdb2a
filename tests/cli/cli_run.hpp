// Runs the built `kwmi` binary and captures its exit code and output.
#pragma once

#include <string>
#include <vector>

namespace kwmi::cli::test {

struct RunResult {
    int exitCode = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

// Runs `kwmi <args…>` (each argument shell-quoted).
RunResult RunKwmi(const std::vector<std::string>& args);
// Same, with `input` on stdin (a pipe, not a terminal).
RunResult RunKwmiWithInput(const std::vector<std::string>& args, const std::string& input);
// Writes `text` to a fresh file in the test's temporary directory; returns its path.
std::string WriteTempFile(const std::string& name, const std::string& text);
// Lines of `text` that match `pattern` (ECMAScript regex, whole-line search).
std::vector<std::string> MatchingLines(const std::string& text, const std::string& pattern);

}  // namespace kwmi::cli::test
