// cli_pty_test.cpp - the interactive `kwmi host` shell on a pseudo-terminal, as a person uses
// it: readline prompt, tab completion of a command and of a class name, history recall with
// the up-arrow key, and the same results the script-mode tests (cli_host_tests.cpp) show for
// the same commands. Every wait is bounded: the whole session fails after 20 s, never hangs.
#include "cli_run.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

namespace kwmi::cli::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;
using Clock = std::chrono::steady_clock;

constexpr auto kSessionLimit = std::chrono::seconds(20);
constexpr const char* kPrompt = "kwmi> ";
constexpr const char* kUpArrow = "\x1b[A";

// A child process on the slave side of a pseudo-terminal; the test holds the master.
class PtySession {
public:
    PtySession() : deadline_(Clock::now() + kSessionLimit) {}
    ~PtySession() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        if (master_ >= 0) close(master_);
    }

    // Starts `argv` with TERM=dumb (plain redisplay), no inputrc, and HOME=`home` (history).
    bool Start(const std::vector<std::string>& argv, const std::string& home) {
        master_ = posix_openpt(O_RDWR | O_NOCTTY);
        if (master_ < 0 || grantpt(master_) != 0 || unlockpt(master_) != 0) return false;
        const char* slaveName = ptsname(master_);
        if (!slaveName) return false;
        const std::string slavePath = slaveName;
        winsize size{};
        size.ws_row = 50;
        size.ws_col = 200;  // long command lines stay on one line
        ioctl(master_, TIOCSWINSZ, &size);
        pid_ = fork();
        if (pid_ < 0) return false;
        if (pid_ == 0) {
            setsid();
            int slave = open(slavePath.c_str(), O_RDWR);
            if (slave < 0) _exit(126);
            ioctl(slave, TIOCSCTTY, 0);
            dup2(slave, STDIN_FILENO);
            dup2(slave, STDOUT_FILENO);
            dup2(slave, STDERR_FILENO);
            if (slave > STDERR_FILENO) close(slave);
            close(master_);
            setenv("TERM", "dumb", 1);
            setenv("INPUTRC", "/dev/null", 1);
            setenv("HOME", home.c_str(), 1);
            std::vector<char*> args;
            for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            execv(args[0], args.data());
            _exit(127);
        }
        return true;
    }

    void Type(const std::string& keys) {
        std::size_t done = 0;
        while (done < keys.size()) {
            ssize_t n = write(master_, keys.data() + done, keys.size() - done);
            if (n <= 0) return;
            done += static_cast<std::size_t>(n);
        }
    }

    // Reads until `text` appears after the mark, then moves the mark past it. False on
    // timeout or end of output.
    bool WaitFor(const std::string& text) {
        for (;;) {
            std::size_t at = output_.find(text, mark_);
            if (at != std::string::npos) {
                mark_ = at + text.size();
                return true;
            }
            if (!ReadSome()) return false;
        }
    }
    // Runs one command line: waits for `lastOutput` (text only the command's output
    // contains, never the echo or a readline redraw of the line), then for the next prompt.
    bool Command(const std::string& keys, const std::string& lastOutput) {
        Type(keys);
        return WaitFor(lastOutput) && WaitFor(kPrompt);
    }
    // Reads until the child closes the terminal, then reaps it. Exit code, or -1 on timeout.
    int WaitForExit() {
        while (ReadSome()) {
        }
        while (Clock::now() < deadline_) {
            int status = 0;
            pid_t done = waitpid(pid_, &status, WNOHANG);
            if (done == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            usleep(10000);
        }
        return -1;
    }

    // Output since `from` with the terminal's carriage returns removed.
    std::string Text(std::size_t from = 0) const {
        std::string text;
        for (std::size_t i = from; i < output_.size(); ++i)
            if (output_[i] != '\r') text += output_[i];
        return text;
    }
    std::size_t Mark() const { return mark_; }
    bool TimedOut() const { return Clock::now() >= deadline_; }

private:
    bool ReadSome() {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
        if (left.count() <= 0) return false;
        pollfd fd{master_, POLLIN, 0};
        if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) return false;
        char buffer[4096];
        ssize_t n = read(master_, buffer, sizeof buffer);
        if (n <= 0) return false;  // EIO: the child closed the terminal
        output_.append(buffer, static_cast<std::size_t>(n));
        return true;
    }

    Clock::time_point deadline_;
    int master_ = -1;
    pid_t pid_ = -1;
    std::string output_;
    std::size_t mark_ = 0;
};

std::string MakeHome() {
    std::string pattern = ::testing::TempDir() + "kwmi_pty_home_XXXXXX";
    std::vector<char> path(pattern.begin(), pattern.end());
    path.push_back('\0');
    return mkdtemp(path.data()) ? std::string(path.data()) : std::string();
}

TEST(CliPty, InteractiveShellCompletesRecallsAndAnswersLikeScriptMode) {
    const std::string home = MakeHome();
    ASSERT_FALSE(home.empty());
    PtySession pty;
    ASSERT_TRUE(pty.Start({KWMI_TOOL_PATH, "host", ACMEWMI_DRIVER_PATH, "--manual-clock"}, home));
    ASSERT_TRUE(pty.WaitFor("(type help for commands, quit to end)")) << pty.Text();
    ASSERT_TRUE(pty.WaitFor(kPrompt)) << pty.Text();

    // Tab completes the command name: "cla" + TAB = "classes ".
    std::size_t from = pty.Mark();
    ASSERT_TRUE(pty.Command("cla\t\r", "AcmeWmi_Heartbeat")) << pty.Text();
    std::string classes = pty.Text(from);
    EXPECT_THAT(classes, HasSubstr("classes"));
    EXPECT_THAT(MatchingLines(classes, R"(^MOF resource "MofResource" of )"), SizeIs(1)) << classes;
    EXPECT_THAT(MatchingLines(classes, R"(^8a3c7e21-51d4-4b9e-a6f0-3c5d7e9f1b02 +AcmeWmi_Scalars +3\s*$)"),
                SizeIs(1)) << classes;

    // Tab completes a class name after the command: "AcmeWmi_Sca" + TAB = "AcmeWmi_Scalars ".
    from = pty.Mark();
    ASSERT_TRUE(pty.Command("query AcmeWmi_Sca\tROOT\\KWMI\\0000_1\r", "Stamp")) << pty.Text();
    std::string before = pty.Text(from);
    EXPECT_THAT(before, HasSubstr("query AcmeWmi_Scalars ROOT\\KWMI\\0000_1"));
    EXPECT_THAT(MatchingLines(before, R"(^instance ROOT\\KWMI\\0000_1$)"), SizeIs(1)) << before;
    EXPECT_THAT(MatchingLines(before, R"(^  U32 +4000000001$)"), SizeIs(1)) << before;

    from = pty.Mark();
    ASSERT_TRUE(pty.Command("set AcmeWmi_Scalars ROOT\\KWMI\\0000_1 U32=7 Enabled=TRUE\r", "Enabled = TRUE"))
        << pty.Text();
    EXPECT_THAT(pty.Text(from), Not(HasSubstr("error:"))) << pty.Text(from);

    // Up arrow twice recalls the query (the set is the most recent line); Enter runs it.
    pty.Type(std::string(kUpArrow) + kUpArrow);
    ASSERT_TRUE(pty.WaitFor("query AcmeWmi_Scalars ROOT\\KWMI\\0000_1")) << pty.Text();
    from = pty.Mark();
    ASSERT_TRUE(pty.Command("\r", "Stamp")) << pty.Text();
    std::string after = pty.Text(from);
    EXPECT_THAT(MatchingLines(after, R"(^  U32 +7$)"), SizeIs(1)) << after;
    EXPECT_THAT(MatchingLines(after, R"(^  Enabled +TRUE$)"), SizeIs(1)) << after;

    // tick on the manual clock: the heartbeat timer fires, as in script mode.
    from = pty.Mark();
    ASSERT_TRUE(pty.Command("tick 10s\r", "timer(s) fired")) << pty.Text();
    std::string tick = pty.Text(from);
    EXPECT_THAT(MatchingLines(tick, R"(^clock \+10s .*1 timer\(s\) fired)"), SizeIs(1)) << tick;

    // A bad command prints an error and the shell goes on.
    from = pty.Mark();
    ASSERT_TRUE(pty.Command("query AcmeWmi_Nope\r", "valid classes:")) << pty.Text();
    EXPECT_THAT(pty.Text(from), HasSubstr("error: unknown class 'AcmeWmi_Nope'"));

    pty.Type("exit\r");
    const int exitCode = pty.WaitForExit();
    ASSERT_FALSE(pty.TimedOut()) << "the shell did not end within 20 s:\n" << pty.Text();
    EXPECT_EQ(exitCode, 1) << "a failed command makes the session's exit code 1\n" << pty.Text();
    EXPECT_THAT(pty.Text(), HasSubstr("leak report: clean"));

    // The history went to $HOME/.kwmi_history, with the completed command lines.
    std::ifstream history(home + "/.kwmi_history");
    std::stringstream lines;
    lines << history.rdbuf();
    EXPECT_THAT(lines.str(), HasSubstr("set AcmeWmi_Scalars ROOT\\KWMI\\0000_1 U32=7 Enabled=TRUE"));
    EXPECT_THAT(lines.str(), HasSubstr("query AcmeWmi_Scalars ROOT\\KWMI\\0000_1"));
    std::remove((home + "/.kwmi_history").c_str());
    rmdir(home.c_str());
}

// On the threaded scheduler an event can arrive while the shell waits at the prompt: it is
// printed at once, above the prompt, and the line being typed is drawn again and kept. The
// test driver's mode 9 fires KwmiFault_Event (Code 6782) one second after the query, from a
// work item queued by a timer.
TEST(CliPty, EventArrivingAtThePromptIsPrintedAtOnceAndTheTypedLineIsKept) {
    const std::string home = MakeHome();
    ASSERT_FALSE(home.empty());
    PtySession pty;
    ASSERT_TRUE(pty.Start({KWMI_TOOL_PATH, "host", KWMITEST_FAULT_PATH}, home));
    ASSERT_TRUE(pty.WaitFor("(type help for commands, quit to end)")) << pty.Text();
    ASSERT_TRUE(pty.WaitFor(kPrompt)) << pty.Text();
    ASSERT_TRUE(pty.Command("watch KwmiFault_Event\r", "(events are printed as they arrive)")) << pty.Text();
    ASSERT_TRUE(pty.Command("set KwmiFault_Data ROOT\\KWMI\\0000_0 Mode=9\r", "Mode = 9")) << pty.Text();
    ASSERT_TRUE(pty.Command("query KwmiFault_Data ROOT\\KWMI\\0000_0\r", "Queries")) << pty.Text();
    std::size_t from = pty.Mark();
    EXPECT_THAT(pty.Text(from), Not(HasSubstr("event KwmiFault_Event"))) << "fired before the delay";

    // Half a command typed, no Enter: the event still appears, and the prompt with the half
    // line after it.
    pty.Type("clas");
    ASSERT_TRUE(pty.WaitFor("clas")) << pty.Text();
    ASSERT_TRUE(pty.WaitFor("event KwmiFault_Event:")) << "the event waited for a key:\n" << pty.Text();
    ASSERT_TRUE(pty.WaitFor(std::string(kPrompt) + "clas")) << "prompt and typed text not drawn again:\n"
                                                             << pty.Text();
    const std::string event = pty.Text(from);
    EXPECT_THAT(MatchingLines(event, R"(^  instance ROOT\\KWMI\\0000_0$)"), SizeIs(1)) << event;
    EXPECT_THAT(MatchingLines(event, R"(^    Code +6782$)"), SizeIs(1)) << event;

    // The rest of the word and Enter: the kept line runs as "classes".
    from = pty.Mark();
    ASSERT_TRUE(pty.Command("ses\r", "KwmiFault_Event  -")) << pty.Text();
    EXPECT_THAT(pty.Text(from), Not(HasSubstr("error:"))) << pty.Text(from);

    pty.Type("exit\r");
    const int exitCode = pty.WaitForExit();
    ASSERT_FALSE(pty.TimedOut()) << "the shell did not end within 20 s:\n" << pty.Text();
    EXPECT_EQ(exitCode, 0) << pty.Text();
    EXPECT_THAT(pty.Text(), HasSubstr("leak report: clean"));
    std::remove((home + "/.kwmi_history").c_str());
    rmdir(home.c_str());
}

}  // namespace
}  // namespace kwmi::cli::test
