#include "cli_run.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
// gcc 12 with optimisation reports a false maybe-uninitialized inside std::regex's
// std::function members (GCC bug 105562).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace kwmi::cli::test {

namespace {

std::string ShellQuote(const std::string& arg) {
    std::string out = "'";
    for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

RunResult RunKwmi(const std::vector<std::string>& args) { return RunKwmiWithInput(args, ""); }

RunResult RunKwmiWithInput(const std::vector<std::string>& args, const std::string& input) {
    // CTest runs each test in its own process, several at once: the pid keeps their files apart.
    static int counter = 0;
    const std::string tag = std::to_string(getpid()) + "_" + std::to_string(++counter);
    const std::string inPath = WriteTempFile("kwmi_cli_stdin_" + std::to_string(counter) + ".txt", input);
    const std::string errPath = ::testing::TempDir() + "kwmi_cli_stderr_" + tag + ".txt";
    std::string command = ShellQuote(KWMI_TOOL_PATH);
    for (const auto& a : args) command += " " + ShellQuote(a);
    command += " <" + ShellQuote(inPath) + " 2>" + ShellQuote(errPath);
    RunResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return result;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) result.out.append(buffer, n);
    const int status = pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.err = ReadFile(errPath);
    std::remove(errPath.c_str());
    std::remove(inPath.c_str());
    return result;
}

std::string WriteTempFile(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + std::to_string(getpid()) + "_" + name;
    std::ofstream(path) << text;
    return path;
}

std::vector<std::string> MatchingLines(const std::string& text, const std::string& pattern) {
    const std::regex re(pattern);
    std::vector<std::string> out;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (std::regex_search(line, re)) out.push_back(line);
    return out;
}

}  // namespace kwmi::cli::test
