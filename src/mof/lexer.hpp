// Single-pass MOF/C lexer over a string_view (internal).
#pragma once

#include "token.hpp"

#include <kwmi/mof/diagnostics.hpp>

#include <functional>

namespace kwmi::mof::detail {

class Lexer {
public:
    using ErrorSink = std::function<void(uint32_t line, uint32_t column, std::string message)>;

    Lexer(std::string_view text, uint16_t file, ErrorSink onError);

    Token next();
    void setQuiet(bool quiet) { quiet_ = quiet; }

private:
    void skipSpaceAndComments(bool& sawNewline, bool& sawSpace);
    void lexNumber(Token& t);
    void lexString(Token& t);
    void lexChar(Token& t);
    uint32_t readEscape();  // after the backslash; returns a code point
    void error(uint32_t line, uint32_t col, std::string msg);
    char peek(size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
    void advance();

    std::string_view text_;
    size_t pos_ = 0;
    uint32_t line_ = 1;
    uint32_t column_ = 1;
    uint16_t file_;
    bool atLineStart_ = true;
    bool quiet_ = false;
    ErrorSink onError_;
};

void appendUtf8(std::string& out, uint32_t codePoint);

}  // namespace kwmi::mof::detail
