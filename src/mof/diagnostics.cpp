#include <kwmi/mof/diagnostics.hpp>

namespace kwmi::mof {

std::string SourceLocation::str() const {
    std::string s = file.empty() ? std::string("<input>") : file;
    if (line != 0) {
        s += ':' + std::to_string(line);
        if (column != 0) s += ':' + std::to_string(column);
    }
    return s;
}

std::string Diagnostic::str() const {
    return where.str() + (severity == Severity::Error ? ": error: " : ": warning: ") + message;
}

void Diagnostics::error(const SourceLocation& where, std::string message) {
    ++errorCount_;
    if (errorCount_ > kMaxErrors) return;
    items_.push_back({Severity::Error, where, std::move(message)});
}

void Diagnostics::warning(const SourceLocation& where, std::string message) {
    if (items_.size() > 4 * kMaxErrors) return;
    items_.push_back({Severity::Warning, where, std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
    for (const auto& d : other.items_) {
        if (d.severity == Severity::Error) error(d.where, d.message);
        else warning(d.where, d.message);
    }
    // Errors beyond the cap in `other` still count.
    if (other.errorCount_ > other.items_.size()) errorCount_ += other.errorCount_ - other.items_.size();
}

std::string Diagnostics::str() const {
    std::string s;
    for (const auto& d : items_) s += d.str() + '\n';
    if (errorCount_ > kMaxErrors) s += "too many errors; " + std::to_string(errorCount_ - kMaxErrors) + " more not shown\n";
    return s;
}

}  // namespace kwmi::mof
