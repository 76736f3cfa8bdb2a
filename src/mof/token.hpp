// Tokens shared by the MOF lexer, the preprocessor and the parser (internal).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kwmi::mof::detail {

enum class TokKind : uint8_t {
    End,
    Identifier,
    Integer,
    Real,
    String,
    Char,
    Punct,        // one or two characters: ( ) [ ] { } , ; : = # - + == && …
    PragmaBegin,  // emitted by the preprocessor around the tokens of a #pragma line
    PragmaEnd,
};

struct Token {
    TokKind kind = TokKind::End;
    std::string_view text;  // spelling (identifier, number, punctuation)
    std::string value;      // decoded string / char literal (UTF-8)
    uint64_t integer = 0;   // Integer and Char tokens (magnitude; sign is a separate '-')
    double real = 0;
    uint16_t file = 0;  // index into the preprocessor's file table
    uint32_t line = 0;
    uint32_t column = 0;
    bool atLineStart = false;  // first token of a line
    bool spaceBefore = false;  // whitespace precedes it (function-like #define detection)
    bool fromMacro = false;    // produced by macro expansion or re-queued; never a directive
    int32_t hideSet = -1;      // macros that may not expand this token again (-1: none)

    bool is(char c) const { return kind == TokKind::Punct && text.size() == 1 && text[0] == c; }
    bool isPunct(std::string_view p) const { return kind == TokKind::Punct && text == p; }
};

}  // namespace kwmi::mof::detail
