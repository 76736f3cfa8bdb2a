// `kwmi host`: starts a session, then runs -c commands, a script, or an interactive shell
// (readline history and completion; events printed as they arrive) when stdin is a terminal.
#include "dispatch.hpp"
#include "session.hpp"
#include "text_util.hpp"

#include <readline/history.h>
#include <readline/readline.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>

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

// Self-pipe: the event hook (any thread) makes the prompt loop's poll return.
class WakePipe {
public:
    WakePipe() {
        if (pipe2(fds_, O_NONBLOCK | O_CLOEXEC) != 0) fds_[0] = fds_[1] = -1;
    }
    ~WakePipe() {
        for (int fd : fds_)
            if (fd >= 0) close(fd);
    }
    WakePipe(const WakePipe&) = delete;
    WakePipe& operator=(const WakePipe&) = delete;

    int ReadEnd() const { return fds_[0]; }
    void Signal() const {
        const char byte = 1;
        if (fds_[1] >= 0) (void)!write(fds_[1], &byte, 1);  // a full pipe is already signalled
    }
    void Drain() const {
        char bytes[64];
        while (fds_[0] >= 0 && read(fds_[0], bytes, sizeof bytes) > 0) {
        }
    }

private:
    int fds_[2] = {-1, -1};
};

struct ShellState {
    Session* session = nullptr;
    bool quit = false;
    int result = kExitOk;
};
ShellState* gShell = nullptr;

// readline's line handler (callback interface): runs the commands of one entered line.
void OnLine(char* raw) {
    if (raw) {
        std::string line(raw);
        std::free(raw);
        if (line.find_first_not_of(" \t") == std::string::npos) return;
        add_history(line.c_str());
        for (const auto& command : SplitCommands(line)) {
            if (RunCommandLine(*gShell->session, command, &gShell->quit) != kExitOk)
                gShell->result = kExitCommandFailed;
            if (gShell->quit) break;
        }
    } else {
        gShell->quit = true;  // end of input (Ctrl-D on an empty line)
    }
    if (gShell->quit) rl_callback_handler_remove();  // no prompt after the last line
}

// Events that arrived while the shell waits at the prompt: printed above it, then the prompt
// and whatever was typed so far are drawn again.
void PrintEventsAbovePrompt(Session& s) {
    if (!s.HasUnprintedEvents()) return;  // already printed after the command they came in
    rl_clear_visible_line();
    s.PrintNewEvents();
    s.Out().flush();
    rl_on_new_line();
    rl_redisplay();
}

int RunInteractive(Session& s) {
    gCompletionSession = &s;
    rl_attempted_completion_function = Complete;
    const char* home = std::getenv("HOME");
    const std::string historyFile = home ? std::string(home) + "/.kwmi_history" : std::string();
    if (!historyFile.empty()) read_history(historyFile.c_str());
    s.Out() << "kwmi host: " << s.Options().driverPath << " (type help for commands, quit to end)\n";
    s.Out().flush();

    WakePipe wake;
    s.SetEventQueuedHook([&wake] { wake.Signal(); });
    ShellState state;
    state.session = &s;
    gShell = &state;
    // The callback interface lets the loop wait for a key or an event, whichever comes first.
    // readline's signal handlers stay installed while it waits, so Ctrl-C still restores the
    // terminal (as with readline()) before the default action ends the process.
    rl_persistent_signal_handlers = 1;
    rl_callback_handler_install("kwmi> ", OnLine);
    while (!state.quit) {
        pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {wake.ReadEnd(), POLLIN, 0}};
        if (poll(fds, wake.ReadEnd() >= 0 ? 2 : 1, -1) < 0) {
            if (errno == EINTR) {
                rl_check_signals();  // Ctrl-C: readline restores the terminal, then the default action
                continue;
            }
            break;
        }
        if (fds[1].revents & POLLIN) {
            wake.Drain();
            PrintEventsAbovePrompt(s);
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) rl_callback_read_char();
    }
    if (!state.quit) rl_callback_handler_remove();
    s.SetEventQueuedHook(nullptr);
    gShell = nullptr;
    if (!historyFile.empty()) write_history(historyFile.c_str());
    gCompletionSession = nullptr;
    return state.result;
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
