#include "lexer.hpp"
#include <kwmi/utf8.hpp>

namespace kwmi::mof::detail {

namespace {
bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isIdentChar(char c) { return isIdentStart(c) || isDigit(c); }
int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
// Two-character punctuators of C preprocessor expressions.
constexpr std::string_view kTwoCharPuncts[] = {"==", "!=", "<=", ">=", "&&", "||", "<<", ">>", "##"};
}  // namespace

void appendUtf8(std::string& out, uint32_t cp) { text::AppendUtf8(out, cp); }

Lexer::Lexer(std::string_view text, uint16_t file, ErrorSink onError)
    : text_(text), file_(file), onError_(std::move(onError)) {}

void Lexer::error(uint32_t line, uint32_t col, std::string msg) {
    if (!quiet_ && onError_) onError_(line, col, std::move(msg));
}

void Lexer::advance() {
    if (pos_ >= text_.size()) return;
    if (text_[pos_] == '\n') {
        ++line_;
        column_ = 1;
    } else if ((static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) {
        ++column_;  // count code points, not UTF-8 continuation bytes
    }
    ++pos_;
}

void Lexer::skipSpaceAndComments(bool& sawNewline, bool& sawSpace) {
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == '\n') {
            sawNewline = true;
            sawSpace = true;
            advance();
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            sawSpace = true;
            advance();
        } else if (c == '\\' && (peek(1) == '\n' || (peek(1) == '\r' && peek(2) == '\n'))) {
            // Line splice: the logical line continues.
            sawSpace = true;
            advance();
            if (peek() == '\r') advance();
            advance();
        } else if (c == '/' && peek(1) == '/') {
            while (pos_ < text_.size() && text_[pos_] != '\n') advance();
        } else if (c == '/' && peek(1) == '*') {
            uint32_t l = line_, col = column_;
            advance();
            advance();
            bool closed = false;
            while (pos_ < text_.size()) {
                if (text_[pos_] == '*' && peek(1) == '/') {
                    advance();
                    advance();
                    closed = true;
                    break;
                }
                if (text_[pos_] == '\n') sawNewline = true;
                advance();
            }
            if (!closed) error(l, col, "unterminated comment: expected '*/' before end of file");
            sawSpace = true;
        } else {
            return;
        }
    }
}

Token Lexer::next() {
    bool sawNewline = false, sawSpace = false;
    skipSpaceAndComments(sawNewline, sawSpace);
    Token t;
    t.file = file_;
    t.line = line_;
    t.column = column_;
    t.atLineStart = atLineStart_ || sawNewline;
    t.spaceBefore = sawSpace;
    atLineStart_ = false;
    if (pos_ >= text_.size()) {
        t.kind = TokKind::End;
        t.atLineStart = true;
        return t;
    }
    size_t start = pos_;
    char c = text_[pos_];
    if (isIdentStart(c)) {
        while (pos_ < text_.size() && isIdentChar(text_[pos_])) advance();
        t.kind = TokKind::Identifier;
        t.text = text_.substr(start, pos_ - start);
    } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
        lexNumber(t);
    } else if (c == '"') {
        lexString(t);
    } else if (c == '\'') {
        lexChar(t);
    } else {
        t.kind = TokKind::Punct;
        std::string_view two = text_.substr(pos_, 2);
        size_t len = 1;
        for (auto p : kTwoCharPuncts)
            if (two == p) len = 2;
        static constexpr std::string_view kSingles = "()[]{},;:=#-+*/%!~<>&|^?.";
        if (len == 1 && kSingles.find(c) == std::string_view::npos) {
            unsigned char uc = static_cast<unsigned char>(c);
            error(line_, column_,
                  uc >= 0x20 && uc < 0x7F ? std::string("unexpected character '") + c + "'"
                                          : "unexpected byte 0x" + std::string(1, "0123456789abcdef"[uc >> 4]) +
                                                "0123456789abcdef"[uc & 15]);
        }
        for (size_t i = 0; i < len; ++i) advance();
        t.text = text_.substr(start, len);
    }
    return t;
}

void Lexer::lexNumber(Token& t) {
    size_t start = pos_;
    uint32_t l = line_, col = column_;
    t.kind = TokKind::Integer;
    bool overflow = false;
    auto accumulate = [&](uint64_t base, int digit) {
        if (t.integer > (UINT64_MAX - uint64_t(digit)) / base) overflow = true;
        t.integer = t.integer * base + uint64_t(digit);
    };
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
        advance();
        advance();
        if (hexValue(peek()) < 0) error(l, col, "expected hexadecimal digits after '0x'");
        while (hexValue(peek()) >= 0) {
            accumulate(16, hexValue(peek()));
            advance();
        }
    } else {
        while (isDigit(peek())) advance();
        bool isReal = false;
        if (peek() == '.' && isDigit(peek(1))) {
            isReal = true;
            advance();
            while (isDigit(peek())) advance();
        }
        if ((peek() == 'e' || peek() == 'E') &&
            (isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && isDigit(peek(2))))) {
            isReal = true;
            advance();
            if (peek() == '+' || peek() == '-') advance();
            while (isDigit(peek())) advance();
        }
        std::string_view digits = text_.substr(start, pos_ - start);
        if (isReal) {
            t.kind = TokKind::Real;
            t.real = std::strtod(std::string(digits).c_str(), nullptr);
        } else if ((peek() == 'b' || peek() == 'B') && !isIdentChar(peek(1))) {
            advance();  // DSP0004 binary literal: 101b
            for (char d : digits) {
                if (d != '0' && d != '1') error(l, col, "binary literal may contain only 0 and 1");
                accumulate(2, d - '0');
            }
        } else if (digits.size() > 1 && digits[0] == '0') {
            for (char d : digits.substr(1)) {
                if (d > '7') error(l, col, "octal literal may contain only digits 0-7");
                accumulate(8, d - '0');
            }
        } else {
            for (char d : digits) accumulate(10, d - '0');
        }
    }
    while (peek() == 'u' || peek() == 'U' || peek() == 'l' || peek() == 'L') advance();  // C suffixes
    if (isIdentChar(peek())) {
        error(line_, column_, "invalid character in number");
        while (isIdentChar(peek())) advance();
    }
    if (overflow) error(l, col, "integer literal does not fit in 64 bits");
    t.text = text_.substr(start, pos_ - start);
}

uint32_t Lexer::readEscape() {
    uint32_t l = line_, col = column_;
    char c = peek();
    advance();
    switch (c) {
    case 'b': return '\b';
    case 't': return '\t';
    case 'n': return '\n';
    case 'f': return '\f';
    case 'r': return '\r';
    case '"': return '"';
    case '\'': return '\'';
    case '\\': return '\\';
    case '0': return 0;
    case 'x':
    case 'X': {
        uint32_t v = 0;
        int n = 0;
        while (n < 4 && hexValue(peek()) >= 0) {
            v = v * 16 + uint32_t(hexValue(peek()));
            advance();
            ++n;
        }
        if (n == 0) error(l, col, "expected hexadecimal digits after '\\x'");
        return v;
    }
    default:
        error(l, col - 1, std::string("unknown escape sequence '\\") + c + "'");
        return uint32_t(static_cast<unsigned char>(c));
    }
}

void Lexer::lexString(Token& t) {
    size_t start = pos_;
    uint32_t l = line_, col = column_;
    t.kind = TokKind::String;
    advance();
    while (true) {
        char c = peek();
        if (pos_ >= text_.size() || c == '\n') {
            error(l, col, "unterminated string literal: expected '\"'");
            break;
        }
        advance();
        if (c == '"') break;
        if (c == '\\') {
            if (pos_ >= text_.size()) continue;
            appendUtf8(t.value, readEscape());
        } else {
            t.value += c;
        }
    }
    t.text = text_.substr(start, pos_ - start);
}

void Lexer::lexChar(Token& t) {
    size_t start = pos_;
    uint32_t l = line_, col = column_;
    t.kind = TokKind::Char;
    advance();
    uint32_t cp = 0;
    if (peek() == '\\') {
        advance();
        cp = readEscape();
    } else if (pos_ < text_.size() && peek() != '\n' && peek() != '\'') {
        // Decode one UTF-8 sequence.
        unsigned char b = static_cast<unsigned char>(peek());
        int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
        cp = extra ? (b & (0x3F >> extra)) : b;
        advance();
        for (int i = 0; i < extra && (static_cast<unsigned char>(peek()) & 0xC0) == 0x80; ++i) {
            cp = (cp << 6) | (static_cast<unsigned char>(peek()) & 0x3F);
            advance();
        }
    } else {
        error(l, col, "empty character literal");
    }
    if (peek() == '\'') advance();
    else error(l, col, "unterminated character literal: expected '''");
    t.integer = cp;
    appendUtf8(t.value, cp);
    t.text = text_.substr(start, pos_ - start);
}

}  // namespace kwmi::mof::detail
