// debug_output.cpp - DbgPrint/DbgPrintEx/vDbgPrintEx: format, filter, cut, hand to the sink.
#include <kwmi/debug_output.hpp>

#include <kwmi_rtl.h>

#include <cstdio>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "debug_emit.hpp"
#include "ms_format.hpp"

namespace kwmi::debug {
namespace {

struct DebugOutputState {
    std::mutex mutex;
    DebugSink sink;  // empty: default sink
    std::unordered_map<std::uint32_t, std::uint32_t> masks;  // absent: every bit set
    std::size_t maxMessageBytes = kDefaultMaxMessageBytes;
    bool defaultSinkAtLineStart = true;
};

DebugOutputState &State() {
    static DebugOutputState state;
    return state;
}

std::uint32_t LevelMask(std::uint32_t level) {
    return level <= 31 ? (1u << level) : (level & ~static_cast<std::uint32_t>(DPFLTR_MASK));
}

bool Passes(std::uint32_t component, std::uint32_t level) {
    DebugOutputState &state = State();
    std::lock_guard lock(state.mutex);
    auto found = state.masks.find(component);
    std::uint32_t mask = found == state.masks.end() ? 0xFFFFFFFFu : found->second;
    return (mask & LevelMask(level)) != 0;
}

}  // namespace

void WriteToDefaultSink(const DebugMessage &message) {
    DebugOutputState &state = State();
    std::string out;
    {
        std::lock_guard lock(state.mutex);
        for (char c : message.text) {
            if (state.defaultSinkAtLineStart) out += "[kd] ";
            out += c;
            state.defaultSinkAtLineStart = (c == '\n');
        }
    }
    std::fwrite(out.data(), 1, out.size(), stderr);
}

DebugSink SetDebugSink(DebugSink sink) {
    DebugOutputState &state = State();
    std::lock_guard lock(state.mutex);
    DebugSink previous = std::move(state.sink);
    state.sink = std::move(sink);
    return previous;
}

void SetComponentFilterMask(std::uint32_t component, std::uint32_t mask) {
    DebugOutputState &state = State();
    std::lock_guard lock(state.mutex);
    state.masks[component] = mask;
}

std::uint32_t ComponentFilterMask(std::uint32_t component) {
    DebugOutputState &state = State();
    std::lock_guard lock(state.mutex);
    auto found = state.masks.find(component);
    return found == state.masks.end() ? 0xFFFFFFFFu : found->second;
}

void ResetDebugFilter() {
    DebugOutputState &state = State();
    std::lock_guard lock(state.mutex);
    state.masks.clear();
}

void SetMaxMessageBytes(std::size_t bytes) {
    DebugOutputState &state = State();
    std::lock_guard lock(state.mutex);
    state.maxMessageBytes = bytes;
}

std::size_t MaxMessageBytes() {
    DebugOutputState &state = State();
    std::lock_guard lock(state.mutex);
    return state.maxMessageBytes;
}

ScopedDebugCapture::ScopedDebugCapture() {
    previous_ = SetDebugSink([this](const DebugMessage &message) {
        std::lock_guard lock(mutex_);
        messages_.push_back({message.component, message.level, std::string(message.text)});
    });
}

ScopedDebugCapture::~ScopedDebugCapture() { SetDebugSink(std::move(previous_)); }

std::string ScopedDebugCapture::Text() const {
    std::lock_guard lock(mutex_);
    std::string text;
    for (const Captured &message : messages_) text += message.text;
    return text;
}

std::vector<ScopedDebugCapture::Captured> ScopedDebugCapture::Messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
}

void ScopedDebugCapture::Clear() {
    std::lock_guard lock(mutex_);
    messages_.clear();
}

// Delivers already formatted text (also used by RtlAssert and the bug-check notices).
void Emit(std::uint32_t component, std::uint32_t level, std::string text) {
    std::size_t limit = MaxMessageBytes();
    if (limit != 0 && text.size() > limit) text.resize(limit);
    DebugSink sink;
    {
        DebugOutputState &state = State();
        std::lock_guard lock(state.mutex);
        sink = state.sink;  // copied so a sink may itself print or swap sinks
    }
    DebugMessage message{component, level, text};
    if (sink) {
        sink(message);
    } else {
        WriteToDefaultSink(message);
    }
}

}  // namespace kwmi::debug

extern "C" {

ULONG vDbgPrintExWithPrefix(PCCH Prefix, ULONG ComponentId, ULONG Level, PCCH Format, va_list arglist) {
    if (!kwmi::debug::Passes(ComponentId, Level)) return STATUS_SUCCESS;
    std::string text = Prefix != nullptr ? std::string(Prefix) : std::string();
    text += kwmi::rtl::FormatNarrow(Format, arglist);
    kwmi::debug::Emit(ComponentId, Level, std::move(text));
    return STATUS_SUCCESS;
}

ULONG vDbgPrintEx(ULONG ComponentId, ULONG Level, PCCH Format, va_list arglist) {
    return vDbgPrintExWithPrefix(nullptr, ComponentId, Level, Format, arglist);
}

ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...) {
    va_list arguments;
    va_start(arguments, Format);
    ULONG status = vDbgPrintExWithPrefix(nullptr, ComponentId, Level, Format, arguments);
    va_end(arguments);
    return status;
}

ULONG DbgPrint(PCSTR Format, ...) {
    va_list arguments;
    va_start(arguments, Format);
    ULONG status = vDbgPrintExWithPrefix(nullptr, DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, Format, arguments);
    va_end(arguments);
    return status;
}

// TRUE/FALSE for whether (component, level) would print.
NTSTATUS DbgQueryDebugFilterState(ULONG ComponentId, ULONG Level) {
    return kwmi::debug::Passes(ComponentId, Level) ? TRUE : FALSE;
}

NTSTATUS DbgSetDebugFilterState(ULONG ComponentId, ULONG Level, BOOLEAN State) {
    std::uint32_t bits = Level <= 31 ? (1u << Level) : (Level & ~static_cast<std::uint32_t>(DPFLTR_MASK));
    std::uint32_t mask = kwmi::debug::ComponentFilterMask(ComponentId);
    kwmi::debug::SetComponentFilterMask(ComponentId, State ? (mask | bits) : (mask & ~bits));
    return STATUS_SUCCESS;
}

}  // extern "C"
