// Subcommand registry of the `kwmi` tool. Each subcommand lives in its own
// cmd_<name>.cpp (picked up by tools/kwmi/CMakeLists.txt) and registers itself with
// KWMI_REGISTER_COMMAND; main.cpp adds every registered subcommand to the CLI11 app.
#pragma once

#include <CLI/CLI.hpp>

#include "exit_codes.hpp"

#include <functional>
#include <string>
#include <vector>

namespace kwmi::cli {

// What main runs when the subcommand was selected; returns the process exit code.
using CommandAction = std::function<int()>;
// Adds the subcommand (and its options) to `app`; the returned action reads the
// parsed options when it runs.
using CommandFactory = CommandAction (*)(CLI::App& app);

struct CommandRegistration {
    std::string name;
    CommandFactory factory;
};

// The registry (defined in main.cpp), filled before main() by the registrars below.
std::vector<CommandRegistration>& commandRegistry();

struct CommandRegistrar {
    CommandRegistrar(const char* name, CommandFactory factory) { commandRegistry().push_back({name, factory}); }
};

}  // namespace kwmi::cli

// In cmd_<name>.cpp, at namespace scope: KWMI_REGISTER_COMMAND(mofcomp, addMofcompCommand);
#define KWMI_REGISTER_COMMAND(name, factory) \
    static const ::kwmi::cli::CommandRegistrar kwmiCommandRegistrar_##name(#name, factory)
