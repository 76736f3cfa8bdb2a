// kwmi: command line of the portable KMDF WMI toolkit.
#include "commands.hpp"

#include <iostream>
#include <map>

namespace {

struct Registration {
    const char* name;
    kwmi::cli::CommandFactory factory;
};

// The registry: add a subcommand by writing cmd_<name>.cpp and listing it here.
constexpr Registration kCommands[] = {
    {"mofcomp", kwmi::cli::addMofcompCommand},
    {"bmf2mof", kwmi::cli::addBmf2mofCommand},
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"kwmi - portable KMDF WMI provider toolkit"};
    app.require_subcommand(1);
    std::map<std::string, kwmi::cli::CommandAction> actions;
    for (const auto& reg : kCommands) actions[reg.name] = reg.factory(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    for (CLI::App* sub : app.get_subcommands()) {
        auto it = actions.find(sub->get_name());
        if (it != actions.end()) return it->second();
    }
    std::cerr << "kwmi: no subcommand selected\n";
    return 2;
}
