// `kwmi host`: starts a session, then runs -c commands, a script, or an interactive shell
// (readline history and completion) when stdin is a terminal.
#include "dispatch.hpp"
#include "session.hpp"
#include "text_util.hpp"

#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace kwmi::cli::host {

namespace {

Session* gCompletionSession = nullptr;

// Completion words: command names first on the line, class names after.
char* CompletionWord(const char* text, int state) {
    static std::vector<std::string> words;
    static std::size_t next = 0;
    if (state == 0) {
        words.clear();
        next = 0;
        // Completing the first word of the line: a command; later words: class names.
        const bool first = std::string(rl_line_buffer, static_cast<std::size_t>(rl_point)).find(' ') == std::string::npos;
        if (first) {
            words = CommandNames();
        } else if (gCompletionSession) {
            for (const auto& c : gCompletionSession->Classes()) words.push_back(c.decl->name);
        }
    }
    const std::string prefix = Lower(text);
    while (next < words.size()) {
        const std::string& word = words[next++];
        if (Lower(word).rfind(prefix, 0) == 0) return strdup(word.c_str());
    }
    return nullptr;
}

char** Complete(const char* text, int, int) {
    rl_attempted_completion_over = 1;
    return rl_completion_matches(text, CompletionWord);
}

int RunLines(Session& s, const std::vector<std::string>& lines, bool echo) {
    int result = kExitOk;
    bool quit = false;
    for (const std::string& line : lines) {
        const auto tokens = Tokenize(line);
        if (tokens.empty()) continue;
        if (echo && tokens[0].front() != '#' && Lower(tokens[0]) != "echo") {
            s.Out() << "kwmi> " << line.substr(line.find_first_not_of(" \t")) << "\n";
            s.Out().flush();  // keep the echo before the driver's debug output (stderr)
        }
        if (RunCommandLine(s, line, &quit) != kExitOk) result = kExitCommandFailed;
        if (quit) break;
    }
    return result;
}

int RunInteractive(Session& s) {
    gCompletionSession = &s;
    rl_attempted_completion_function = Complete;
    const char* home = std::getenv("HOME");
    const std::string historyFile = home ? std::string(home) + "/.kwmi_history" : std::string();
    if (!historyFile.empty()) read_history(historyFile.c_str());
    s.Out() << "kwmi host: " << s.Options().driverPath << " (type help for commands, quit to end)\n";
    int result = kExitOk;
    bool quit = false;
    while (!quit) {
        char* raw = readline("kwmi> ");
        if (!raw) break;
        std::string line(raw);
        std::free(raw);
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        add_history(line.c_str());
        for (const auto& command : SplitCommands(line))
            if (RunCommandLine(s, command, &quit) != kExitOk) result = kExitCommandFailed;
    }
    if (!historyFile.empty()) write_history(historyFile.c_str());
    gCompletionSession = nullptr;
    return result;
}

}  // namespace

int RunHost(const HostOptions& options) {
    std::vector<std::string> lines;
    if (!options.scriptPath.empty()) {
        std::ifstream in(options.scriptPath);
        if (!in) {
            std::cerr << "error: cannot read script " << options.scriptPath << "\n";
            return kExitUsage;
        }
        std::stringstream text;
        text << in.rdbuf();
        lines = SplitCommands(text.str());
    }
    if (!options.commands.empty()) {
        auto more = SplitCommands(options.commands);
        lines.insert(lines.end(), more.begin(), more.end());
    }
    const bool interactive = options.scriptPath.empty() && options.commands.empty();

    int result = kExitOk;
    bool leaked = false;
    std::size_t bugChecks = 0;
    {
        Session session(options, std::cout, std::cerr);
        if (!session.Start()) return kExitLoadFailed;
        if (interactive && isatty(STDIN_FILENO)) {
            result = RunInteractive(session);
        } else {
            if (interactive) {  // commands piped on stdin
                std::stringstream text;
                text << std::cin.rdbuf();
                lines = SplitCommands(text.str());
            }
            // A script is echoed command by command (it reads as a transcript); -c output stays
            // machine-readable (--json/--csv).
            result = RunLines(session, lines, /*echo=*/!options.scriptPath.empty());
        }
        // The final unload's leak report goes to stderr so stdout stays the commands' output.
        if (!session.Unloaded()) session.Unload(std::cerr);
        leaked = session.Leaked();
        bugChecks = session.BugChecks().size();
    }
    std::cout.flush();
    if (bugChecks) return kExitBugCheck;
    if (leaked) return kExitLeaks;
    return result;
}

}  // namespace kwmi::cli::host
