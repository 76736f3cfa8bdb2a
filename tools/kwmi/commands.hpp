// Subcommand registry of the `kwmi` tool. Each subcommand lives in its own
// cmd_<name>.cpp and exposes one factory; main.cpp lists the factories.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace kwmi::cli {

// What main runs when the subcommand was selected; returns the process exit code.
using CommandAction = std::function<int()>;
// Adds the subcommand (and its options) to `app`; the returned action reads the
// parsed options when it runs.
using CommandFactory = CommandAction (*)(CLI::App& app);

CommandAction addMofcompCommand(CLI::App& app);
CommandAction addBmf2mofCommand(CLI::App& app);

}  // namespace kwmi::cli
