// debug_output.hpp - where DbgPrint/DbgPrintEx/KdPrint text goes, and its filter.
//
// Every debug print is formatted (Microsoft specifiers), filtered by component and level
// (DbgSetDebugFilterState semantics), cut to the per-call limit and handed to one sink.
// The default sink writes to stderr with "[kd] " at the start of each line, so the output
// reads like a kernel debugger log. The kernel, the host and tests may replace the sink.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace kwmi::debug {

struct DebugMessage {
    std::uint32_t component;  // DPFLTR_*_ID; DbgPrint reports DPFLTR_DEFAULT_ID (101)
    std::uint32_t level;      // as passed to DbgPrintEx (0..31 or a mask); DbgPrint: 3 (INFO)
    std::string_view text;    // the formatted bytes (UTF-8), not necessarily a whole line
};

using DebugSink = std::function<void(const DebugMessage &)>;

// Installs `sink` for the whole process and returns the previous one. An empty sink
// restores the default (stderr, "[kd] " line prefix).
DebugSink SetDebugSink(DebugSink sink);
// The default sink, for sinks that also want the console output.
void WriteToDefaultSink(const DebugMessage &message);

// Filter: a message passes when its level bit (level <= 31: 1 << level; otherwise the
// level itself is the mask) is set in its component's mask. Default: every bit set, as on
// a development machine with the Debug Print Filter opened up.
void SetComponentFilterMask(std::uint32_t component, std::uint32_t mask);
std::uint32_t ComponentFilterMask(std::uint32_t component);
void ResetDebugFilter();

// Windows transmits at most 512 bytes per DbgPrint call; longer text is cut there.
// 0 means unlimited. Default: 512.
inline constexpr std::size_t kDefaultMaxMessageBytes = 512;
void SetMaxMessageBytes(std::size_t bytes);
std::size_t MaxMessageBytes();

// Test helper: captures every message while alive, then restores the previous sink.
class ScopedDebugCapture {
public:
    struct Captured {
        std::uint32_t component;
        std::uint32_t level;
        std::string text;
    };

    ScopedDebugCapture();
    ~ScopedDebugCapture();
    ScopedDebugCapture(const ScopedDebugCapture &) = delete;
    ScopedDebugCapture &operator=(const ScopedDebugCapture &) = delete;

    std::string Text() const;  // all captured text, concatenated
    std::vector<Captured> Messages() const;
    void Clear();

private:
    mutable std::mutex mutex_;
    std::vector<Captured> messages_;
    DebugSink previous_;
};

}  // namespace kwmi::debug
