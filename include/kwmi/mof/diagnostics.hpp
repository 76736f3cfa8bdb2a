// Diagnostics of the MOF toolchain: every problem carries file:line:column and a
// message saying what was expected; a run collects several of them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kwmi::mof {

struct SourceLocation {
    std::string file;
    uint32_t line = 0;    // 1-based; 0 = no position (e.g. a BMF object)
    uint32_t column = 0;  // 1-based

    std::string str() const;  // "file:line:column" (or just "file")
};

enum class Severity { Warning, Error };

struct Diagnostic {
    Severity severity = Severity::Error;
    SourceLocation where;
    std::string message;

    std::string str() const;  // "file:line:col: error: message"
};

class Diagnostics {
public:
    void error(const SourceLocation& where, std::string message);
    void warning(const SourceLocation& where, std::string message);
    void append(const Diagnostics& other);

    bool hasErrors() const { return errorCount_ != 0; }
    size_t errorCount() const { return errorCount_; }
    const std::vector<Diagnostic>& all() const { return items_; }
    std::string str() const;  // one diagnostic per line
    // Stop collecting after this many errors (a garbage input must not flood memory).
    static constexpr size_t kMaxErrors = 100;

private:
    std::vector<Diagnostic> items_;
    size_t errorCount_ = 0;
};

}  // namespace kwmi::mof
