// rtl_test_util.hpp - helpers for the RTL tests: WCHAR text as std::u16string (gtest is
// built with 32-bit wchar_t, so wide text is never handed to it as wchar_t), and a raiser
// that turns the RTL's bug checks into exceptions carrying the rule.
#pragma once

#include <kwmi/rtl_settings.hpp>
#include <kwmi_rtl.h>

#include <cstdint>
#include <string>

namespace kwmi::rtl_test {

inline std::u16string U16(const wchar_t *text, size_t count) {
    std::u16string out;
    for (size_t i = 0; i < count; ++i) out.push_back(static_cast<char16_t>(text[i]));
    return out;
}
inline std::u16string U16(const wchar_t *text) { return U16(text, kwmi_wcslen16(text)); }
inline std::u16string U16(const UNICODE_STRING &text) { return U16(text.Buffer, text.Length / sizeof(WCHAR)); }

struct RaisedBugCheck {
    std::uint32_t code;
    std::uintptr_t parameters[4];
    std::string rule;
    std::string explanation;
    std::string function;
};

// Installs a raiser that throws RaisedBugCheck; restores the previous one on scope exit.
class ScopedBugCheckRaiser {
public:
    ScopedBugCheckRaiser() {
        previous_ = kwmi::rtl::SetBugCheckRaiser([](const kwmi::rtl::BugCheckRequest &request) {
            throw RaisedBugCheck{request.code,
                                 {request.parameters[0], request.parameters[1], request.parameters[2],
                                  request.parameters[3]},
                                 request.rule != nullptr ? request.rule : "",
                                 request.explanation,
                                 request.function != nullptr ? request.function : ""};
        });
    }
    ~ScopedBugCheckRaiser() { kwmi::rtl::SetBugCheckRaiser(std::move(previous_)); }
    ScopedBugCheckRaiser(const ScopedBugCheckRaiser &) = delete;
    ScopedBugCheckRaiser &operator=(const ScopedBugCheckRaiser &) = delete;

private:
    kwmi::rtl::BugCheckRaiser previous_;
};

}  // namespace kwmi::rtl_test
