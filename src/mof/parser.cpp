// Recursive-descent parser for the MOF subset WMI drivers use (spec mof-toolchain §1.3),
// recovering at the next ';' / '}' so one run reports several errors.
#include "preprocessor.hpp"

#include <kwmi/mof/parser.hpp>

#include <fstream>
#include <sstream>

namespace kwmi::mof {
namespace detail {
namespace {

struct ParseFailure {};

struct FlavorName {
    std::string_view name;
    uint32_t bits;
};
constexpr FlavorName kFlavors[] = {
    {"Amended", FlavorAmended},     {"ToInstance", FlavorToInstance}, {"ToSubClass", FlavorToSubClass},
    {"DisableOverride", FlavorDisableOverride}, {"EnableOverride", 0}, {"NotToInstance", 0},
    {"NotToSubClass", 0},           {"Restricted", 0},                 {"Translatable", 0},
};

struct FlagName {
    std::string_view name;
    int32_t bits;
};
constexpr FlagName kClassFlags[] = {{"updateonly", 1}, {"createonly", 2}, {"safeupdate", 0x20}, {"forceupdate", 0x40}};
constexpr FlagName kInstanceFlags[] = {{"updateonly", 1}, {"createonly", 2}};

std::string describe(const Token& t) {
    switch (t.kind) {
    case TokKind::End: return "end of file";
    case TokKind::String: return "string \"" + t.value.substr(0, 40) + "\"";
    case TokKind::PragmaBegin: return "'#pragma'";
    case TokKind::PragmaEnd: return "end of the #pragma line";
    default: return "'" + std::string(t.text) + "'";
    }
}

class Parser {
public:
    Parser(Preprocessor& pp, Diagnostics& diags, Schema& schema) : pp_(pp), diags_(diags), schema_(schema) {}

    void parseFile() {
        while (peek().kind != TokKind::End) {
            if (diags_.errorCount() > Diagnostics::kMaxErrors) return;
            size_t before = consumed_;
            try {
                parseTopLevel();
            } catch (const ParseFailure&) {
                recoverTopLevel();
                if (consumed_ == before && peek().kind != TokKind::End) take();  // always make progress
            }
        }
    }

private:
    const Token& peek(size_t k = 0) {
        while (lookahead_.size() <= k) lookahead_.push_back(pp_.next());
        return lookahead_[k];
    }
    Token take() {
        peek();
        Token t = std::move(lookahead_.front());
        lookahead_.pop_front();
        ++consumed_;
        return t;
    }
    bool isIdent(const Token& t, std::string_view word) const {
        return t.kind == TokKind::Identifier && equalsIgnoreCase(t.text, word);
    }
    bool accept(char c) {
        if (peek().is(c)) {
            take();
            return true;
        }
        return false;
    }
    [[noreturn]] void fail(const Token& at, const std::string& expected) {
        diags_.error(pp_.location(at), "expected " + expected + ", found " + describe(at));
        throw ParseFailure{};
    }
    void expect(char c, const std::string& context) {
        if (!accept(c)) fail(peek(), std::string("'") + c + "' " + context);
    }
    Token expectIdentifier(const std::string& what) {
        if (peek().kind != TokKind::Identifier) fail(peek(), what);
        return take();
    }

    void parseTopLevel() {
        const Token& t = peek();
        if (t.kind == TokKind::PragmaBegin) return parsePragma();
        if (isIdent(t, "qualifier")) return skipQualifierDeclaration();
        QualifierList quals;
        if (t.is('[')) quals = parseQualifierList();
        if (isIdent(peek(), "class")) return parseClass(std::move(quals));
        if (isIdent(peek(), "instance")) {
            InstanceDecl inst = parseInstance(std::move(quals));
            expect(';', "after the instance declaration");
            schema_.instances.push_back(std::move(inst));
            return;
        }
        fail(peek(), "'class', 'instance', 'qualifier', a qualifier list '[' or '#pragma'");
    }

    void recoverTopLevel() {
        int depth = 0;
        while (true) {
            const Token& t = peek();
            if (t.kind == TokKind::End) return;
            if (depth == 0 && t.kind == TokKind::PragmaBegin) return;
            Token tok = take();
            if (tok.is('{')) ++depth;
            else if (tok.is('}')) {
                if (depth <= 1) {
                    accept(';');
                    return;
                }
                --depth;
            } else if (tok.is(';') && depth == 0) {
                return;
            }
        }
    }

    void recoverFeature() {
        int depth = 0;
        while (true) {
            const Token& t = peek();
            if (t.kind == TokKind::End) return;
            if (depth == 0 && t.is('}')) return;  // the class body ends here
            Token tok = take();
            if (tok.is('{') || tok.is('(') || tok.is('[')) ++depth;
            else if ((tok.is('}') || tok.is(')') || tok.is(']')) && depth > 0) --depth;
            else if (tok.is(';') && depth == 0) return;
        }
    }

    void skipPragmaRest() {
        while (peek().kind != TokKind::PragmaEnd && peek().kind != TokKind::End) take();
        if (peek().kind == TokKind::PragmaEnd) take();
    }

    std::vector<std::string> pragmaStrings(const std::string& pragma) {
        std::vector<std::string> out;
        expect('(', "after #pragma " + pragma);
        do {
            if (peek().kind != TokKind::String) fail(peek(), "a string argument of #pragma " + pragma);
            out.push_back(parseConstValue().text);
        } while (accept(','));
        expect(')', "to close #pragma " + pragma);
        return out;
    }

    int32_t parseFlagList(const std::string& pragma, const FlagName* names, size_t count, const Token& at) {
        int32_t bits = 0;
        for (const auto& s : pragmaStrings(pragma)) {
            bool found = false;
            std::string choices;
            for (size_t i = 0; i < count; ++i) {
                choices += (i ? ", " : "") + std::string(names[i].name);
                if (equalsIgnoreCase(names[i].name, s)) {
                    bits |= names[i].bits;
                    found = true;
                }
            }
            if (!found) {
                diags_.error(pp_.location(at), "unknown flag \"" + s + "\" in #pragma " + pragma + " (expected " + choices + ")");
                throw ParseFailure{};
            }
        }
        return bits;
    }

    void parsePragma() {
        Token begin = take();
        try {
            Token name = expectIdentifier("a pragma name after #pragma");
            std::string n(name.text);
            if (equalsIgnoreCase(n, "namespace")) {
                auto args = pragmaStrings("namespace");
                nameSpace_ = args.front();
            } else if (equalsIgnoreCase(n, "classflags")) {
                classFlags_ = parseFlagList("classflags", kClassFlags, std::size(kClassFlags), name);
            } else if (equalsIgnoreCase(n, "instanceflags")) {
                instanceFlags_ = parseFlagList("instanceflags", kInstanceFlags, std::size(kInstanceFlags), name);
            } else if (equalsIgnoreCase(n, "autorecover")) {
                // No trace in the compiled output.
            } else if (equalsIgnoreCase(n, "deleteclass") || equalsIgnoreCase(n, "deleteinstance") ||
                       equalsIgnoreCase(n, "locale") || equalsIgnoreCase(n, "amendment")) {
                // Repository operations / localisation: accepted, nothing to compile.
                while (peek().kind != TokKind::PragmaEnd && peek().kind != TokKind::End) take();
            } else {
                diags_.warning(pp_.location(name), "unknown #pragma '" + n + "' ignored");
                while (peek().kind != TokKind::PragmaEnd && peek().kind != TokKind::End) take();
            }
            if (peek().kind != TokKind::PragmaEnd) fail(peek(), "the end of the #pragma line");
            take();
        } catch (const ParseFailure&) {
            skipPragmaRest();
        }
        (void)begin;
    }

    void skipQualifierDeclaration() {
        take();  // 'qualifier'
        expectIdentifier("a qualifier name after 'qualifier'");
        int depth = 0;
        while (true) {
            const Token& t = peek();
            if (t.kind == TokKind::End || t.kind == TokKind::PragmaBegin)
                fail(t, "';' to end the qualifier declaration");
            Token tok = take();
            if (tok.is('(') || tok.is('{') || tok.is('[')) ++depth;
            else if ((tok.is(')') || tok.is('}') || tok.is(']')) && depth > 0) --depth;
            else if (tok.is(';') && depth == 0) return;
        }
    }

    uint32_t parseFlavors() {
        uint32_t bits = 0;
        if (peek().kind != TokKind::Identifier) fail(peek(), "a qualifier flavor after ':'");
        while (peek().kind == TokKind::Identifier) {
            Token f = take();
            bool found = false;
            for (const auto& fl : kFlavors)
                if (equalsIgnoreCase(fl.name, f.text)) {
                    bits |= fl.bits;
                    found = true;
                }
            if (!found) {
                diags_.error(pp_.location(f), "unknown qualifier flavor '" + std::string(f.text) +
                                                  "' (expected Amended, ToInstance, ToSubClass, DisableOverride, "
                                                  "EnableOverride, NotToInstance, NotToSubClass, Restricted or "
                                                  "Translatable)");
                throw ParseFailure{};
            }
        }
        return bits;
    }

    Qualifier parseQualifier() {
        Qualifier q;
        Token name = expectIdentifier("a qualifier name");
        q.name = std::string(name.text);
        q.where = pp_.location(name);
        if (accept('(')) {
            q.value = parseConstValue();
            expect(')', "to close the value of qualifier " + q.name);
        } else if (accept('{')) {
            std::vector<Value> items;
            if (!peek().is('}')) {
                do items.push_back(parseConstValue());
                while (accept(','));
            }
            expect('}', "to close the values of qualifier " + q.name);
            q.value = Value::array(std::move(items));
        } else {
            q.value = Value::fromBool(true);
        }
        if (accept(':')) q.flavors = parseFlavors();
        return q;
    }

    QualifierList parseQualifierList() {
        QualifierList list;
        expect('[', "to open a qualifier list");
        do list.items.push_back(parseQualifier());
        while (accept(','));
        expect(']', "or ',' in the qualifier list");
        return list;
    }

    Value parseConstValue() {
        const Token& t = peek();
        if (t.is('-') || t.is('+')) {
            bool negative = take().is('-');
            const Token& n = peek();
            if (n.kind == TokKind::Integer) {
                uint64_t mag = take().integer;
                return Value::fromInt(negative ? int64_t(0 - mag) : int64_t(mag));
            }
            if (n.kind == TokKind::Real) {
                double r = take().real;
                return Value::fromReal(negative ? -r : r);
            }
            fail(n, "a number after the sign");
        }
        switch (t.kind) {
        case TokKind::Integer: return Value::fromInt(int64_t(take().integer));
        case TokKind::Real: return Value::fromReal(take().real);
        case TokKind::Char: return Value::fromInt(int64_t(take().integer));
        case TokKind::String: {
            std::string s = take().value;
            while (peek().kind == TokKind::String) s += take().value;  // adjacent literals concatenate
            return Value::fromString(std::move(s));
        }
        case TokKind::Identifier:
            if (isIdent(t, "true")) { take(); return Value::fromBool(true); }
            if (isIdent(t, "false")) { take(); return Value::fromBool(false); }
            if (isIdent(t, "null")) { take(); return Value::null(); }
            if (t.text.size() > 1 && t.text[0] == '$') return Value::fromString(std::string(take().text));
            break;
        default: break;
        }
        fail(t, "a constant value (number, string, character, TRUE, FALSE or NULL)");
    }

    Value parseInitializer() {
        if (accept('{')) {
            std::vector<Value> items;
            if (!peek().is('}')) {
                do items.push_back(parseConstValue());
                while (accept(','));
            }
            expect('}', "to close the array initializer");
            return Value::array(std::move(items));
        }
        if (isIdent(peek(), "instance")) {
            parseInstance({});
            return Value::null();
        }
        return parseConstValue();
    }

    TypeRef parseType(const Token& typeTok, bool allowVoid) {
        TypeRef type;
        if (isIdent(typeTok, "void")) {
            if (!allowVoid) fail(typeTok, "a data type ('void' is only a method return type)");
            type.type = CimType::Void;
        } else if (auto builtin = cimTypeFromName(typeTok.text)) {
            type.type = *builtin;
        } else if (isIdent(typeTok, "object")) {
            type.type = CimType::Object;
        } else {
            type.type = CimType::Object;
            type.className = std::string(typeTok.text);
        }
        if (isIdent(peek(), "ref")) {
            Token r = take();
            if (type.className.empty() && !isIdent(typeTok, "object"))
                fail(r, "a property name ('ref' needs a class name before it)");
            type.type = CimType::Reference;
        }
        return type;
    }

    void parseArraySuffix(Property& p) {
        if (!accept('[')) return;
        p.isArray = true;
        if (peek().kind == TokKind::Integer) {
            Token n = take();
            if (n.integer == 0 || n.integer > 0xFFFFFF) {
                diags_.error(pp_.location(n), "array dimension of '" + p.name + "' must be between 1 and 16777215");
                throw ParseFailure{};
            }
            p.fixedCount = uint32_t(n.integer);
        }
        expect(']', "to close the array dimension of '" + p.name + "'");
    }

    Property parseParameter() {
        Property p;
        if (peek().is('[')) p.qualifiers = parseQualifierList();
        Token typeTok = expectIdentifier("a parameter type");
        p.where = pp_.location(typeTok);
        p.type = parseType(typeTok, false);
        Token name = expectIdentifier("a parameter name after type '" + std::string(typeTok.text) + "'");
        p.name = std::string(name.text);
        p.where = pp_.location(name);
        parseArraySuffix(p);
        return p;
    }

    void parseFeature(ClassDecl& c) {
        QualifierList quals;
        if (peek().is('[')) quals = parseQualifierList();
        Token typeTok = expectIdentifier("a data type, a class name or 'void'");
        TypeRef type = parseType(typeTok, true);
        Token name = expectIdentifier("a property or method name after '" + std::string(typeTok.text) + "'");
        if (accept('(')) {
            Method m;
            m.name = std::string(name.text);
            m.where = pp_.location(name);
            m.returnType = type;
            m.qualifiers = std::move(quals);
            if (!peek().is(')')) {
                do m.parameters.push_back(parseParameter());
                while (accept(','));
            }
            expect(')', "or ',' in the parameter list of method '" + m.name + "'");
            expect(';', "after method '" + m.name + "'");
            c.methods.push_back(std::move(m));
            return;
        }
        if (type.type == CimType::Void) fail(name, "'(' (only methods may be 'void')");
        Property p;
        p.name = std::string(name.text);
        p.where = pp_.location(name);
        p.type = type;
        p.qualifiers = std::move(quals);
        parseArraySuffix(p);
        if (accept('=')) p.defaultValue = parseInitializer();
        expect(';', "after property '" + p.name + "'");
        c.properties.push_back(std::move(p));
    }

    void parseClass(QualifierList quals) {
        take();  // 'class'
        ClassDecl c;
        Token name = expectIdentifier("a class name after 'class'");
        c.name = std::string(name.text);
        c.where = pp_.location(name);
        c.qualifiers = std::move(quals);
        c.nameSpace = nameSpace_;
        c.classFlags = classFlags_;
        c.instanceFlags = instanceFlags_;
        if (accept(':')) c.superclass = std::string(expectIdentifier("a superclass name after ':'").text);
        expect('{', "to open the body of class " + c.name);
        while (!peek().is('}')) {
            if (peek().kind == TokKind::End) {
                schema_.classes.push_back(std::move(c));
                fail(peek(), "'}' to close class " + schema_.classes.back().name);
            }
            if (diags_.errorCount() > Diagnostics::kMaxErrors) break;
            try {
                parseFeature(c);
            } catch (const ParseFailure&) {
                recoverFeature();
            }
        }
        accept('}');
        schema_.classes.push_back(std::move(c));
        expect(';', "after the '}' of class " + schema_.classes.back().name);
    }

    InstanceDecl parseInstance(QualifierList quals) {
        Token kw = take();  // 'instance'
        InstanceDecl inst;
        inst.where = pp_.location(kw);
        inst.qualifiers = std::move(quals);
        if (!isIdent(peek(), "of")) fail(peek(), "'of' after 'instance'");
        take();
        inst.className = std::string(expectIdentifier("a class name after 'instance of'").text);
        if (isIdent(peek(), "as")) {
            take();
            inst.alias = std::string(expectIdentifier("an alias ($name) after 'as'").text);
        }
        expect('{', "to open the instance body");
        while (!peek().is('}')) {
            if (peek().kind == TokKind::End) fail(peek(), "'}' to close the instance of " + inst.className);
            if (peek().is('[')) parseQualifierList();
            Token prop = expectIdentifier("a property name in the instance of " + inst.className);
            expect('=', "after property '" + std::string(prop.text) + "'");
            inst.values.emplace_back(std::string(prop.text), parseInitializer());
            expect(';', "after the value of '" + std::string(prop.text) + "'");
        }
        take();
        return inst;
    }

    Preprocessor& pp_;
    Diagnostics& diags_;
    Schema& schema_;
    std::deque<Token> lookahead_;
    size_t consumed_ = 0;
    std::string nameSpace_ = "root\\default";
    std::optional<int32_t> classFlags_;
    std::optional<int32_t> instanceFlags_;
};

}  // namespace
}  // namespace detail

ParseResult parseMof(std::string_view bytes, const std::string& fileName, const ParseOptions& options) {
    ParseResult result;
    detail::Preprocessor pp(options, result.diagnostics);
    pp.openMain(bytes, fileName);
    detail::Parser parser(pp, result.diagnostics, result.schema);
    parser.parseFile();
    return result;
}

ParseResult parseMofFile(const std::string& path, const ParseOptions& options) {
    std::optional<std::string> text;
    if (options.reader) {
        text = options.reader(path);
    } else {
        std::ifstream in(path, std::ios::binary);
        if (in) {
            std::ostringstream ss;
            ss << in.rdbuf();
            text = ss.str();
        }
    }
    if (!text) {
        ParseResult r;
        r.diagnostics.error(SourceLocation{path, 0, 0}, "cannot open file");
        return r;
    }
    return parseMof(*text, path, options);
}

}  // namespace kwmi::mof
