// Token-level preprocessor (internal): #include/#pragma always; with the C-preprocessor
// pass also #define/#undef (object-like and simple function-like macros) and
// #if/#ifdef/#ifndef/#elif/#else/#endif with integer expressions and defined().
#pragma once

#include "lexer.hpp"
#include "token.hpp"

#include <kwmi/mof/diagnostics.hpp>
#include <kwmi/mof/parser.hpp>

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace kwmi::mof::detail {

class Preprocessor {
public:
    Preprocessor(const ParseOptions& options, Diagnostics& diags);
    ~Preprocessor();

    void openMain(std::string_view bytes, const std::string& fileName);
    Token next();  // expanded stream; pragma lines arrive between PragmaBegin and PragmaEnd
    SourceLocation location(const Token& t) const;
    void error(const Token& at, std::string message);

private:
    struct Macro {
        bool functionLike = false;
        std::vector<std::string> params;
        std::vector<Token> body;
    };
    struct Conditional {
        bool parentActive = true;
        bool active = false;
        bool taken = false;  // a branch of this group was already taken
        bool sawElse = false;
        Token where;
    };
    struct Frame;

    Token rawNext();
    std::vector<Token> readDirectiveLine();
    void handleDirective(const Token& hash);
    void handleInclude(const Token& at, std::vector<Token> line, bool pragmaForm);
    void handleDefine(const Token& at, const std::vector<Token>& line);
    void handleConditional(std::string_view name, const Token& at, const std::vector<Token>& line);
    bool evaluateCondition(const Token& at, std::vector<Token> line);
    void pushFile(std::string text, const std::string& path, const Token* includedFrom);
    bool active() const;
    bool expandable(const Token& t) const;
    // Expands macro `t` reading arguments through `fetch`; result goes to the front of `queue`.
    template <typename Fetch, typename Unread>
    bool expand(const Token& t, std::deque<Token>& queue, Fetch fetch, Unread unread);
    int32_t hideSetWith(int32_t base, const std::string& name);
    bool hidden(const Token& t, std::string_view name) const;
    std::string_view own(std::string text);

    const ParseOptions& options_;
    Diagnostics& diags_;
    std::vector<std::unique_ptr<Frame>> frames_;
    std::vector<std::string> fileNames_;
    std::deque<Token> pending_;
    std::unordered_map<std::string, Macro> macros_;
    std::vector<std::vector<std::string>> hideSets_;
    std::map<std::pair<int32_t, std::string>, int32_t> hideSetCache_;
    std::deque<std::string> ownedText_;
    size_t expansions_ = 0;
};

}  // namespace kwmi::mof::detail
