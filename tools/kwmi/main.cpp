// kwmi: command line of the portable KMDF WMI toolkit. Subcommands register themselves
// (see commands.hpp); this file owns the registry and dispatches to the chosen one.
#include "commands.hpp"

#include <algorithm>
#include <iostream>
#include <map>

namespace kwmi::cli {

std::vector<CommandRegistration>& commandRegistry() {
    static std::vector<CommandRegistration> registry;
    return registry;
}

}  // namespace kwmi::cli

int main(int argc, char** argv) {
    CLI::App app{"kwmi - portable KMDF WMI provider toolkit"};
    app.require_subcommand(1);
    auto registry = kwmi::cli::commandRegistry();
    std::sort(registry.begin(), registry.end(), [](auto& a, auto& b) { return a.name < b.name; });
    std::map<std::string, kwmi::cli::CommandAction> actions;
    for (const auto& reg : registry) actions[reg.name] = reg.factory(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help/--version end with 0; every invalid command line is the documented usage error 2,
        // whatever CLI11's own code for the particular mistake is.
        const int parserCode = app.exit(e);
        return parserCode == 0 ? 0 : kwmi::cli::kUsageError;
    }
    for (CLI::App* sub : app.get_subcommands()) {
        auto it = actions.find(sub->get_name());
        if (it != actions.end()) return it->second();
    }
    std::cerr << "kwmi: no subcommand selected\n";
    return kwmi::cli::kUsageError;
}
