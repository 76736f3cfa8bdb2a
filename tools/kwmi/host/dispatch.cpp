#include "dispatch.hpp"

#include "commands.hpp"
#include "text_util.hpp"

#include <kwmi/bugcheck.hpp>

namespace kwmi::cli::host {

namespace {

using Handler = void (*)(Session&, const Args&, OutputFormat);

struct CommandEntry {
    const char* name;
    Handler handler;
};

void CmdHelp(Session& s, const Args&, OutputFormat) { s.Out() << CommandHelpText(); }

const CommandEntry kCommands[] = {
    {"classes", CmdClasses}, {"query", CmdQuery},       {"select", CmdSelect},   {"set", CmdSet},
    {"call", CmdCall},       {"watch", CmdWatch},       {"unwatch", CmdUnwatch}, {"enable", CmdEnable},
    {"disable", CmdDisable}, {"tick", CmdTick},         {"pnp", CmdPnp},         {"verifier", CmdVerifier},
    {"echo", CmdEcho},       {"help", CmdHelp},
};

}  // namespace

std::vector<std::string> CommandNames() {
    std::vector<std::string> names;
    for (const auto& c : kCommands) names.push_back(c.name);
    names.push_back("quit");
    return names;
}

int RunCommandLine(Session& s, const std::string& line, bool* quit) {
    std::vector<std::string> tokens = Tokenize(line);
    if (tokens.empty() || tokens[0].front() == '#') return kExitOk;
    OutputFormat format = s.Options().format;
    Args args;
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        if (tokens[i] == "--json") format = OutputFormat::Json;
        else if (tokens[i] == "--csv") format = OutputFormat::Csv;
        else if (tokens[i] == "--table") format = OutputFormat::Table;
        else args.push_back(tokens[i]);
    }
    const std::string name = Lower(tokens[0]);
    if (name == "quit" || name == "exit") {
        if (quit) *quit = true;
        return kExitOk;
    }
    const CommandEntry* entry = nullptr;
    for (const auto& c : kCommands)
        if (name == c.name) entry = &c;
    int result = kExitOk;
    try {
        if (!entry) {
            std::string choices;
            for (const auto& c : kCommands) AppendListItem(choices, std::string(c.name), ", ");
            throw CommandError("unknown command '" + tokens[0] + "'; valid commands: " + choices + ", quit");
        }
        entry->handler(s, args, format);
    } catch (const CommandError& e) {
        s.Out().flush();
        s.Err() << "error: " << e.what() << "\n";
        result = kExitCommandFailed;
    } catch (const nt::BugCheckException& e) {
        s.Out().flush();
        s.Err() << "error: the driver raised bug check during `" << tokens[0] << "`: " << e.what() << "\n";
        result = kExitCommandFailed;
    }
    try {
        s.Settle();
        s.PrintNewEvents();
    } catch (const CommandError& e) {
        s.Err() << "error: " << e.what() << "\n";
        result = kExitCommandFailed;
    }
    s.Out().flush();
    return result;
}

}  // namespace kwmi::cli::host
