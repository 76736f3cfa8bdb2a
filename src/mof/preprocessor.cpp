#include "preprocessor.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

namespace kwmi::mof::detail {

namespace {
constexpr size_t kMaxIncludeDepth = 32;
// Files opened by one parse, the main file included: a file that includes itself twice would
// otherwise be expanded 2^kMaxIncludeDepth times.
constexpr size_t kMaxIncludedFiles = 1024;
constexpr size_t kMaxExpansions = 1u << 20;
constexpr int32_t kNoExpand = -2;

std::string lowerCopy(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

std::optional<std::string> readFromDisk(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string directoryOf(const std::string& path) {
    size_t slash = path.find_last_of("/\\");
    return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

// Integer expression of #if/#elif over already macro-expanded tokens.
class ExpressionEvaluator {
public:
    ExpressionEvaluator(const std::vector<Token>& toks, std::string& error) : toks_(toks), error_(error) {}

    int64_t evaluate() {
        int64_t v = conditional();
        if (error_.empty() && pos_ < toks_.size())
            fail("unexpected '" + std::string(toks_[pos_].text) + "' in #if expression");
        return v;
    }

private:
    const Token* peek() const { return pos_ < toks_.size() ? &toks_[pos_] : nullptr; }
    bool accept(std::string_view p) {
        if (peek() && peek()->isPunct(p)) {
            ++pos_;
            return true;
        }
        return false;
    }
    void fail(std::string msg) {
        if (error_.empty()) error_ = std::move(msg);
        pos_ = toks_.size();
    }
    int64_t conditional() {
        int64_t c = binary(0);
        if (accept("?")) {
            int64_t a = conditional();
            if (!accept(":")) fail("expected ':' in conditional expression");
            int64_t b = conditional();
            return c ? a : b;
        }
        return c;
    }
    static int precedence(std::string_view op) {
        static constexpr std::pair<std::string_view, int> kOps[] = {
            {"||", 1}, {"&&", 2}, {"|", 3}, {"^", 4},  {"&", 5},  {"==", 6}, {"!=", 6}, {"<", 7}, {">", 7},
            {"<=", 7}, {">=", 7}, {"<<", 8}, {">>", 8}, {"+", 9}, {"-", 9},  {"*", 10}, {"/", 10}, {"%", 10}};
        for (auto& [o, p] : kOps)
            if (o == op) return p;
        return 0;
    }
    int64_t binary(int minPrec) {
        int64_t lhs = unary();
        while (const Token* t = peek()) {
            int p = t->kind == TokKind::Punct ? precedence(t->text) : 0;
            if (p == 0 || p <= minPrec) break;
            std::string_view op = t->text;
            ++pos_;
            int64_t rhs = binary(p);
            lhs = apply(op, lhs, rhs);
        }
        return lhs;
    }
    int64_t apply(std::string_view op, int64_t a, int64_t b) {
        auto ua = uint64_t(a), ub = uint64_t(b);
        if (op == "||") return a || b;
        if (op == "&&") return a && b;
        if (op == "|") return a | b;
        if (op == "^") return a ^ b;
        if (op == "&") return a & b;
        if (op == "==") return a == b;
        if (op == "!=") return a != b;
        if (op == "<") return a < b;
        if (op == ">") return a > b;
        if (op == "<=") return a <= b;
        if (op == ">=") return a >= b;
        if (op == "<<") return int64_t(ua << (ub & 63));
        if (op == ">>") return a >> (ub & 63);
        if (op == "+") return int64_t(ua + ub);
        if (op == "-") return int64_t(ua - ub);
        if (op == "*") return int64_t(ua * ub);
        if (b == 0) {
            fail("division by zero in #if expression");
            return 0;
        }
        if (a == INT64_MIN && b == -1) return op == "/" ? a : 0;
        return op == "/" ? a / b : a % b;
    }
    int64_t unary() {
        const Token* t = peek();
        if (!t) {
            fail("expected a value in #if expression");
            return 0;
        }
        if (++depth_ > 200) {
            fail("#if expression nested too deeply");
            return 0;
        }
        int64_t v = 0;
        if (accept("-")) v = int64_t(0 - uint64_t(unary()));
        else if (accept("+")) v = unary();
        else if (accept("!")) v = !unary();
        else if (accept("~")) v = ~unary();
        else if (accept("(")) {
            v = conditional();
            if (!accept(")")) fail("expected ')' in #if expression");
        } else if (t->kind == TokKind::Integer || t->kind == TokKind::Char) {
            v = int64_t(t->integer);
            ++pos_;
        } else if (t->kind == TokKind::Identifier) {
            v = 0;  // an identifier that is not a macro evaluates to 0
            ++pos_;
        } else {
            fail("unexpected '" + std::string(t->text) + "' in #if expression");
        }
        --depth_;
        return v;
    }

    const std::vector<Token>& toks_;
    std::string& error_;
    size_t pos_ = 0;
    int depth_ = 0;
};
}  // namespace

struct Preprocessor::Frame {
    std::string path;
    Lexer lexer;
    std::optional<Token> peeked;
    std::vector<Conditional> conditionals;

    Frame(std::string p, std::string_view text, uint16_t index, Lexer::ErrorSink sink)
        : path(std::move(p)), lexer(text, index, std::move(sink)) {}
};

Preprocessor::Preprocessor(const ParseOptions& options, Diagnostics& diags) : options_(options), diags_(diags) {
    for (const auto& define : options_.defines) {
        const std::string& name = define.first;
        Macro m;
        std::string_view text = own(define.second);
        Lexer lex(text, 0, [&](uint32_t, uint32_t, std::string msg) {
            diags_.error(SourceLocation{"<command line>", 0, 0}, "in -D" + name + ": " + msg);
        });
        for (Token t = lex.next(); t.kind != TokKind::End; t = lex.next()) m.body.push_back(t);
        macros_[name] = std::move(m);
    }
}

Preprocessor::~Preprocessor() = default;

std::string_view Preprocessor::own(std::string text) {
    ownedText_.push_back(std::move(text));
    return ownedText_.back();
}

SourceLocation Preprocessor::location(const Token& t) const {
    SourceLocation loc;
    if (t.file < fileNames_.size()) loc.file = fileNames_[t.file];
    loc.line = t.line;
    loc.column = t.column;
    return loc;
}

void Preprocessor::error(const Token& at, std::string message) { diags_.error(location(at), std::move(message)); }

void Preprocessor::pushFile(std::string text, const std::string& path, const Token* includedFrom) {
    if (fileNames_.size() >= kMaxIncludedFiles) {
        if (includedFrom) error(*includedFrom, "too many included files (limit " + std::to_string(kMaxIncludedFiles) + ")");
        return;
    }
    auto index = uint16_t(fileNames_.size());
    fileNames_.push_back(path);
    if (options_.openedFiles) options_.openedFiles->push_back(path);
    std::string_view view = own(decodeSourceText(text));
    frames_.push_back(std::make_unique<Frame>(path, view, index, [this, index](uint32_t l, uint32_t c, std::string m) {
        diags_.error(SourceLocation{fileNames_[index], l, c}, std::move(m));
    }));
}

void Preprocessor::openMain(std::string_view bytes, const std::string& fileName) {
    pushFile(std::string(bytes), fileName, nullptr);
}

bool Preprocessor::active() const {
    if (frames_.empty()) return true;
    const auto& conds = frames_.back()->conditionals;
    return conds.empty() || conds.back().active;
}

Token Preprocessor::rawNext() {
    while (!frames_.empty()) {
        Frame& f = *frames_.back();
        Token t;
        if (f.peeked) {
            t = std::move(*f.peeked);
            f.peeked.reset();
        } else {
            t = f.lexer.next();
        }
        if (t.kind != TokKind::End) return t;
        if (!f.conditionals.empty()) {
            error(f.conditionals.back().where, "unterminated conditional: expected #endif before end of file");
            f.conditionals.clear();
        }
        if (frames_.size() == 1) return t;
        frames_.pop_back();
    }
    return Token{};
}

std::vector<Token> Preprocessor::readDirectiveLine() {
    std::vector<Token> line;
    Frame& f = *frames_.back();
    while (true) {
        Token t;
        if (f.peeked) {
            t = std::move(*f.peeked);
            f.peeked.reset();
        } else {
            t = f.lexer.next();
        }
        if (t.atLineStart || t.kind == TokKind::End) {
            f.peeked = std::move(t);
            return line;
        }
        line.push_back(std::move(t));
    }
}

void Preprocessor::handleDirective(const Token& hash) {
    std::vector<Token> line = readDirectiveLine();
    if (line.empty()) return;  // null directive
    const Token nameTok = line[0];  // a copy: `line` is edited below
    if (nameTok.kind != TokKind::Identifier) {
        if (active()) error(nameTok, "expected a directive name after '#'");
        return;
    }
    std::string name = lowerCopy(nameTok.text);
    bool isConditional = name == "if" || name == "ifdef" || name == "ifndef" || name == "elif" || name == "else" ||
                         name == "endif";
    if (isConditional) {
        if (!options_.cPreprocessor) {
            if (active()) error(nameTok, "#" + name + " needs the C-preprocessor pass (it is disabled)");
            return;
        }
        handleConditional(name, nameTok, line);
        frames_.back()->lexer.setQuiet(!active());
        return;
    }
    if (!active()) return;
    if (name == "include") {
        line.erase(line.begin());
        handleInclude(nameTok, std::move(line), false);
    } else if (name == "pragma") {
        if (line.size() >= 2 && line[1].kind == TokKind::Identifier && equalsIgnoreCase(line[1].text, "include")) {
            line.erase(line.begin(), line.begin() + 2);
            handleInclude(nameTok, std::move(line), true);
            return;
        }
        Token begin = nameTok;
        begin.kind = TokKind::PragmaBegin;
        begin.fromMacro = true;
        pending_.push_back(begin);
        for (size_t i = 1; i < line.size(); ++i) {
            line[i].fromMacro = true;
            line[i].hideSet = kNoExpand;
            pending_.push_back(line[i]);
        }
        Token end = line.back();
        end.kind = TokKind::PragmaEnd;
        end.fromMacro = true;
        end.text = {};
        pending_.push_back(end);
    } else if (name == "define" || name == "undef") {
        if (!options_.cPreprocessor) {
            error(nameTok, "#" + name + " needs the C-preprocessor pass (it is disabled)");
            return;
        }
        if (name == "define") {
            handleDefine(nameTok, line);
        } else if (line.size() < 2 || line[1].kind != TokKind::Identifier) {
            error(nameTok, "expected a macro name after #undef");
        } else {
            macros_.erase(std::string(line[1].text));
        }
    } else if (name == "error") {
        std::string text;
        for (size_t i = 1; i < line.size(); ++i) text += (i > 1 ? " " : "") + std::string(line[i].text);
        error(nameTok, "#error " + text);
    } else if (name == "warning") {
        std::string text;
        for (size_t i = 1; i < line.size(); ++i) text += (i > 1 ? " " : "") + std::string(line[i].text);
        diags_.warning(location(nameTok), "#warning " + text);
    } else if (name == "line") {
        // Accepted and ignored: diagnostics keep physical positions.
    } else {
        error(nameTok, "unknown preprocessor directive '#" + std::string(nameTok.text) +
                           "' (expected include, pragma, define, undef, if, ifdef, ifndef, elif, else or endif)");
    }
    (void)hash;
}

void Preprocessor::handleInclude(const Token& at, std::vector<Token> line, bool pragmaForm) {
    std::string target;
    size_t i = 0;
    bool paren = i < line.size() && line[i].is('(');
    if (paren) ++i;
    if (i < line.size() && line[i].kind == TokKind::String) {
        target = line[i].value;
        ++i;
    } else if (!pragmaForm && i < line.size() && line[i].is('<')) {
        ++i;
        for (; i < line.size() && !line[i].is('>'); ++i) target += std::string(line[i].spaceBefore && !target.empty() ? " " : "") + std::string(line[i].text);
        if (i < line.size()) ++i;
        else error(at, "expected '>' to close the #include file name");
    } else {
        error(at, "expected a file name in quotes after #include");
        return;
    }
    if (paren) {
        if (i < line.size() && line[i].is(')')) ++i;
        else error(at, "expected ')' after the #include file name");
    }
    if (frames_.size() >= kMaxIncludeDepth) {
        error(at, "#include nested too deeply (limit " + std::to_string(kMaxIncludeDepth) + ")");
        return;
    }
    std::vector<std::string> candidates;
    if (!target.empty() && target[0] != '/') candidates.push_back(directoryOf(frames_.back()->path) + target);
    for (const auto& dir : options_.includeDirs)
        candidates.push_back(dir.empty() || dir.back() == '/' ? dir + target : dir + "/" + target);
    candidates.push_back(target);
    for (const auto& path : candidates) {
        std::optional<std::string> text = options_.reader ? options_.reader(path) : readFromDisk(path);
        if (text) {
            pushFile(std::move(*text), path, &at);
            return;
        }
    }
    error(at, "cannot open include file '" + target + "'");
}

void Preprocessor::handleDefine(const Token& at, const std::vector<Token>& line) {
    if (line.size() < 2 || line[1].kind != TokKind::Identifier) {
        error(at, "expected a macro name after #define");
        return;
    }
    Macro m;
    size_t i = 2;
    if (i < line.size() && line[i].is('(') && !line[i].spaceBefore) {
        m.functionLike = true;
        ++i;
        bool expectParam = true;
        for (; i < line.size() && !line[i].is(')'); ++i) {
            if (expectParam && line[i].kind == TokKind::Identifier) {
                m.params.emplace_back(line[i].text);
                expectParam = false;
            } else if (!expectParam && line[i].is(',')) {
                expectParam = true;
            } else {
                error(line[i], "expected a parameter name or ')' in the #define of '" + std::string(line[1].text) + "'");
                return;
            }
        }
        if (i == line.size()) {
            error(at, "expected ')' to close the parameters of macro '" + std::string(line[1].text) + "'");
            return;
        }
        ++i;
    }
    m.body.assign(line.begin() + long(i), line.end());
    macros_[std::string(line[1].text)] = std::move(m);
}

void Preprocessor::handleConditional(std::string_view name, const Token& at, const std::vector<Token>& line) {
    auto& conds = frames_.back()->conditionals;
    if (name == "if" || name == "ifdef" || name == "ifndef") {
        Conditional c;
        c.parentActive = active();
        c.where = at;
        if (c.parentActive) {
            bool value = false;
            if (name == "if") {
                value = evaluateCondition(at, std::vector<Token>(line.begin() + 1, line.end()));
            } else if (line.size() < 2 || line[1].kind != TokKind::Identifier) {
                error(at, "expected a macro name after #" + std::string(name));
            } else {
                value = macros_.count(std::string(line[1].text)) != 0;
                if (name == "ifndef") value = !value;
            }
            c.active = value;
            c.taken = value;
        } else {
            c.taken = true;
        }
        conds.push_back(c);
        return;
    }
    if (conds.empty()) {
        error(at, "#" + std::string(name) + " without a matching #if");
        return;
    }
    Conditional& c = conds.back();
    if (name == "endif") {
        conds.pop_back();
    } else if (name == "else") {
        if (c.sawElse) error(at, "#else after #else");
        c.sawElse = true;
        c.active = c.parentActive && !c.taken;
        c.taken = true;
    } else {  // elif
        if (c.sawElse) error(at, "#elif after #else");
        if (c.parentActive && !c.taken) {
            c.active = evaluateCondition(at, std::vector<Token>(line.begin() + 1, line.end()));
            c.taken = c.active;
        } else {
            c.active = false;
        }
    }
}

bool Preprocessor::evaluateCondition(const Token& at, std::vector<Token> line) {
    if (line.empty()) {
        error(at, "expected an expression after #if");
        return false;
    }
    std::deque<Token> queue;
    for (size_t i = 0; i < line.size(); ++i) {
        if (line[i].kind == TokKind::Identifier && line[i].text == "defined") {
            Token v = line[i];
            v.kind = TokKind::Integer;
            size_t j = i + 1;
            bool paren = j < line.size() && line[j].is('(');
            if (paren) ++j;
            if (j < line.size() && line[j].kind == TokKind::Identifier) {
                v.integer = macros_.count(std::string(line[j].text)) ? 1 : 0;
                ++j;
            } else {
                error(line[i], "expected a macro name after 'defined'");
            }
            if (paren) {
                if (j < line.size() && line[j].is(')')) ++j;
                else error(line[i], "expected ')' after 'defined(NAME'");
            }
            v.text = v.integer ? "1" : "0";
            queue.push_back(v);
            i = j - 1;
        } else {
            queue.push_back(line[i]);
        }
    }
    std::vector<Token> expanded;
    auto fetch = [&]() {
        if (queue.empty()) return Token{};
        Token t = queue.front();
        queue.pop_front();
        return t;
    };
    auto unread = [&](Token t) {
        if (t.kind != TokKind::End) queue.push_front(std::move(t));
    };
    while (!queue.empty()) {
        Token t = fetch();
        if (expandable(t) && expand(t, queue, fetch, unread)) continue;
        expanded.push_back(std::move(t));
    }
    std::string err;
    int64_t v = ExpressionEvaluator(expanded, err).evaluate();
    if (!err.empty()) {
        error(at, err);
        return false;
    }
    return v != 0;
}

bool Preprocessor::expandable(const Token& t) const {
    if (!options_.cPreprocessor || t.kind != TokKind::Identifier || t.hideSet == kNoExpand) return false;
    if (macros_.empty()) return false;
    auto it = macros_.find(std::string(t.text));
    return it != macros_.end() && !hidden(t, t.text);
}

bool Preprocessor::hidden(const Token& t, std::string_view name) const {
    if (t.hideSet < 0) return false;
    const auto& set = hideSets_[size_t(t.hideSet)];
    return std::find(set.begin(), set.end(), name) != set.end();
}

int32_t Preprocessor::hideSetWith(int32_t base, const std::string& name) {
    auto key = std::make_pair(base, name);
    auto it = hideSetCache_.find(key);
    if (it != hideSetCache_.end()) return it->second;
    std::vector<std::string> set = base >= 0 ? hideSets_[size_t(base)] : std::vector<std::string>{};
    if (std::find(set.begin(), set.end(), name) == set.end()) set.push_back(name);
    hideSets_.push_back(std::move(set));
    auto id = int32_t(hideSets_.size() - 1);
    hideSetCache_[key] = id;
    return id;
}

template <typename Fetch, typename Unread>
bool Preprocessor::expand(const Token& t, std::deque<Token>& queue, Fetch fetch, Unread unread) {
    std::string name(t.text);
    const Macro& m = macros_.at(name);
    if (++expansions_ > kMaxExpansions) {
        if (expansions_ == kMaxExpansions + 1) error(t, "too many macro expansions");
        return false;
    }
    std::vector<Token> result;
    if (!m.functionLike) {
        result = m.body;
    } else {
        Token open = fetch();
        if (!open.is('(')) {
            unread(std::move(open));
            return false;
        }
        std::vector<std::vector<Token>> args(1);
        int depth = 0;
        while (true) {
            Token a = fetch();
            if (a.kind == TokKind::End) {
                error(t, "unterminated call of macro '" + name + "': expected ')'");
                break;
            }
            if (a.is('(')) ++depth;
            if (a.is(')')) {
                if (depth == 0) break;
                --depth;
            }
            if (a.is(',') && depth == 0) {
                args.emplace_back();
                continue;
            }
            args.back().push_back(std::move(a));
        }
        if (m.params.empty() && args.size() == 1 && args[0].empty()) args.clear();
        if (args.size() != m.params.size()) {
            error(t, "macro '" + name + "' expects " + std::to_string(m.params.size()) + " argument(s), got " +
                         std::to_string(args.size()));
            return true;
        }
        auto paramIndex = [&](const Token& b) -> int {
            if (b.kind != TokKind::Identifier) return -1;
            for (size_t p = 0; p < m.params.size(); ++p)
                if (m.params[p] == b.text) return int(p);
            return -1;
        };
        for (size_t i = 0; i < m.body.size(); ++i) {
            const Token& b = m.body[i];
            if (b.is('#') && i + 1 < m.body.size() && paramIndex(m.body[i + 1]) >= 0) {
                Token s = b;
                s.kind = TokKind::String;
                s.value.clear();
                for (const auto& a : args[size_t(paramIndex(m.body[i + 1]))])
                    s.value += (s.value.empty() ? "" : " ") + (a.kind == TokKind::String ? a.value : std::string(a.text));
                s.text = own("\"" + s.value + "\"");
                result.push_back(s);
                ++i;
            } else if (b.isPunct("##") && !result.empty() && i + 1 < m.body.size()) {
                const Token& nextBody = m.body[++i];
                int p = paramIndex(nextBody);
                std::vector<Token> rhs = p >= 0 ? args[size_t(p)] : std::vector<Token>{nextBody};
                if (rhs.empty()) continue;
                std::string_view pasted = own(std::string(result.back().text) + std::string(rhs.front().text));
                bool bad = false;
                Lexer lex(pasted, t.file, [&](uint32_t, uint32_t, std::string) { bad = true; });
                Token joined = lex.next();
                if (bad || lex.next().kind != TokKind::End) {
                    error(t, "pasting '" + std::string(result.back().text) + "' and '" +
                                 std::string(rhs.front().text) + "' does not give a valid token");
                } else {
                    result.back() = joined;
                }
                result.insert(result.end(), rhs.begin() + 1, rhs.end());
            } else if (int p = paramIndex(b); p >= 0) {
                result.insert(result.end(), args[size_t(p)].begin(), args[size_t(p)].end());
            } else {
                result.push_back(b);
            }
        }
    }
    int32_t hs = hideSetWith(t.hideSet, name);
    for (auto& r : result) {
        if (r.hideSet == kNoExpand) continue;
        int32_t merged = hs;
        if (r.hideSet >= 0)
            for (const auto& n : hideSets_[size_t(r.hideSet)]) merged = hideSetWith(merged, n);
        r.hideSet = merged;
        r.fromMacro = true;
        r.atLineStart = false;
        r.file = t.file;
        r.line = t.line;
        r.column = t.column;
    }
    queue.insert(queue.begin(), result.begin(), result.end());
    return true;
}

Token Preprocessor::next() {
    auto fetch = [&]() {
        if (!pending_.empty()) {
            Token t = std::move(pending_.front());
            pending_.pop_front();
            return t;
        }
        return rawNext();
    };
    auto unread = [&](Token t) { pending_.push_front(std::move(t)); };
    while (true) {
        Token t = fetch();
        if (t.kind == TokKind::End) return t;
        if (!t.fromMacro && t.atLineStart && t.is('#')) {
            handleDirective(t);
            continue;
        }
        if (!active()) continue;
        if (expandable(t) && expand(t, pending_, fetch, unread)) continue;
        return t;
    }
}

}  // namespace kwmi::mof::detail
