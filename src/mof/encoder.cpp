// Encodes text assignments (`Count=5`, `Name="abc"`, `Data={1,2,3}`, `E={A=1,B=2}`) into a
// data block laid out per the class layout, for set-instance and method calls.
#include <kwmi/mof/data.hpp>

#include "qualifier_numbers.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>
#include "utf16.hpp"

namespace kwmi::mof {

namespace {

struct TextValue {
    enum class Kind { Scalar, List, Map };
    Kind kind = Kind::Scalar;
    std::string text;
    bool quoted = false;
    std::vector<TextValue> items;
    std::vector<std::string> fieldNames;  // Map members (parallel to fieldValues)
    std::vector<TextValue> fieldValues;
};

class TextParser {
public:
    explicit TextParser(std::string_view s) : s_(s) {}

    bool parse(TextValue& out, std::string& err, int depth = 0) {
        skipSpace();
        if (depth > 32) return fail(err, "values nested too deeply");
        if (i_ < s_.size() && s_[i_] == '{') {
            ++i_;
            skipSpace();
            bool first = true;
            while (i_ < s_.size() && s_[i_] != '}') {
                if (!first) {
                    if (s_[i_] != ',') return fail(err, "expected ',' or '}' at position " + std::to_string(i_ + 1));
                    ++i_;
                    skipSpace();
                }
                first = false;
                size_t save = i_;
                std::string name = identifier();
                skipSpace();
                if (!name.empty() && i_ < s_.size() && s_[i_] == '=') {
                    ++i_;
                    TextValue v;
                    if (!parse(v, err, depth + 1)) return false;
                    out.kind = TextValue::Kind::Map;
                    out.fieldNames.push_back(name);
                    out.fieldValues.push_back(std::move(v));
                } else {
                    i_ = save;
                    TextValue v;
                    if (!parse(v, err, depth + 1)) return false;
                    out.kind = TextValue::Kind::List;
                    out.items.push_back(std::move(v));
                }
                if (!out.items.empty() && !out.fieldNames.empty())
                    return fail(err, "mixes 'Name=value' members and plain array elements");
                skipSpace();
            }
            if (i_ >= s_.size()) return fail(err, "expected '}' before the end");
            ++i_;
            if (out.fieldNames.empty() && out.items.empty()) out.kind = TextValue::Kind::List;
            return true;
        }
        if (i_ < s_.size() && s_[i_] == '"') {
            ++i_;
            out.quoted = true;
            while (i_ < s_.size() && s_[i_] != '"') {
                char c = s_[i_++];
                if (c == '\\' && i_ < s_.size()) {
                    char e = s_[i_++];
                    c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == '0' ? '\0' : e;
                }
                out.text += c;
            }
            if (i_ >= s_.size()) return fail(err, "unterminated string: expected '\"'");
            ++i_;
            return true;
        }
        size_t start = i_;
        while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != '{') ++i_;
        out.text = std::string(s_.substr(start, i_ - start));
        while (!out.text.empty() && (out.text.back() == ' ' || out.text.back() == '\t')) out.text.pop_back();
        return true;
    }
    bool atEnd() {
        skipSpace();
        return i_ >= s_.size();
    }

private:
    static bool fail(std::string& err, std::string msg) {
        err = std::move(msg);
        return false;
    }
    void skipSpace() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
    }
    std::string identifier() {
        size_t start = i_;
        while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
        return std::string(s_.substr(start, i_ - start));
    }
    std::string_view s_;
    size_t i_ = 0;
};

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
    return s;
}

class BlockEncoder {
public:
    explicit BlockEncoder(Diagnostics& diags) : diags_(diags) {}

    void encodeClass(const ClassLayout& layout, const std::vector<std::string>& fieldNames,
                     const std::vector<TextValue>& fieldValues, const std::string& path) {
        std::vector<const TextValue*> assigned(layout.items.size(), nullptr);
        for (size_t f = 0; f < fieldNames.size(); ++f) {
            const std::string& name = fieldNames[f];
            const TextValue& value = fieldValues[f];
            const ItemLayout* item = layout.find(name);
            if (!item) {
                std::vector<std::string> names;
                for (const auto& i : layout.items) names.push_back(i.name);
                error("unknown property '" + path + name + "' of " + layout.className + " (valid: " + join(names) + ")");
                continue;
            }
            size_t index = size_t(item - layout.items.data());
            if (assigned[index]) error("property '" + path + name + "' is assigned twice");
            assigned[index] = &value;
        }
        // Counts of variable arrays default to the number of elements given.
        std::vector<std::optional<uint64_t>> countOverride(layout.items.size());
        for (size_t i = 0; i < layout.items.size(); ++i) {
            const ItemLayout& item = layout.items[i];
            if (!item.variableArray || item.sizeIsIndex < 0 || !assigned[i]) continue;
            if (assigned[i]->kind != TextValue::Kind::List) continue;
            uint64_t n = assigned[i]->items.size();
            auto ci = size_t(item.sizeIsIndex);
            if (assigned[ci]) {
                auto given = parseInteger(*assigned[ci]);
                if (given && *given != n)
                    error("'" + path + layout.items[ci].name + "' is " + std::to_string(*given) + " but '" + path +
                          item.name + "' has " + std::to_string(n) + " element(s)");
            } else {
                countOverride[ci] = n;
            }
        }
        std::vector<uint64_t> counts(layout.items.size(), 0);
        for (size_t i = 0; i < layout.items.size(); ++i) {
            const ItemLayout& item = layout.items[i];
            pad(item.align);
            std::string name = path + item.name;
            if (countOverride[i]) {
                TextValue v;
                v.text = std::to_string(*countOverride[i]);
                writeScalar(item, &v, name);
                counts[i] = *countOverride[i];
                continue;
            }
            if (!item.isArray && !item.variableArray) {
                writeElement(item, assigned[i], name);
                if (assigned[i] && item.kind == ItemKind::Scalar) counts[i] = parseInteger(*assigned[i]).value_or(0);
                continue;
            }
            uint64_t n = item.variableArray ? counts[size_t(std::max(item.sizeIsIndex, 0))] : item.fixedCount;
            if (assigned[i] && assigned[i]->kind != TextValue::Kind::List) {
                error("'" + name + "' is an array: write {a, b, …}");
                continue;
            }
            size_t given = assigned[i] ? assigned[i]->items.size() : 0;
            if (item.variableArray && !assigned[i] && n > 4096) {
                error("'" + name + "' would need " + std::to_string(n) + " default elements");
                continue;
            }
            if (!item.variableArray && given > n)
                error("'" + name + "' holds " + std::to_string(n) + " element(s), " + std::to_string(given) + " given");
            for (uint64_t k = 0; k < n; ++k)
                writeElement(item, k < given ? &assigned[i]->items[k] : nullptr, name + "[" + std::to_string(k) + "]");
        }
    }

    std::vector<uint8_t> out;

private:
    void error(const std::string& msg) { diags_.error(SourceLocation{}, msg); }
    void pad(size_t align) {
        while (out.size() % align) out.push_back(0);
    }
    void putLe(uint64_t v, size_t bytes) {
        for (size_t i = 0; i < bytes; ++i) out.push_back(uint8_t(v >> (8 * i)));
    }

    static std::optional<uint64_t> parseInteger(const TextValue& v) {
        if (v.kind != TextValue::Kind::Scalar || v.quoted) return std::nullopt;
        return detail::parseNumber(v.text);
    }

    void writeScalar(const ItemLayout& item, const TextValue* v, const std::string& name) {
        size_t size = item.elementSize;
        if (!v) return putLe(0, size);
        if (v->kind != TextValue::Kind::Scalar) {
            error("'" + name + "' is a " + std::string(cimTypeName(item.type)) + ": write a single value");
            return putLe(0, size);
        }
        if (item.type == CimType::Boolean) {
            if (equalsIgnoreCase(v->text, "true") || v->text == "1") return putLe(1, 1);
            if (equalsIgnoreCase(v->text, "false") || v->text == "0") return putLe(0, 1);
            error("invalid value '" + v->text + "' for boolean property '" + name + "' (expected TRUE, FALSE, 1 or 0)");
            return putLe(0, 1);
        }
        if (item.type == CimType::Char16 && !v->text.empty() && (v->quoted || !parseInteger(*v))) {
            std::u16string u = detail::Utf8ToUtf16(v->text);
            if (u.size() != 1) error("'" + name + "' is a char16: write one character");
            return putLe(u.empty() ? 0 : u[0], 2);
        }
        std::optional<uint64_t> number = parseInteger(*v);
        std::vector<std::string> names;
        if (item.property) names = item.property->qualifiers.texts("Values");
        if (!number && !names.empty()) {
            auto map = item.property->qualifiers.texts("ValueMap");
            for (size_t i = 0; i < names.size(); ++i)
                if (equalsIgnoreCase(names[i], v->text)) number = detail::mappedNumber(map, i);
        }
        if (!number) {
            error("invalid value '" + v->text + "' for " + std::string(cimTypeName(item.type)) + " property '" + name +
                  "' (expected a number" + (names.empty() ? std::string() : " or one of: " + join(names)) + ")");
            return putLe(0, size);
        }
        bool negative = !v->text.empty() && v->text[0] == '-';
        int bits = int(size * 8);
        bool fits;
        if (isSigned(item.type)) {
            auto s = int64_t(*number);
            int64_t lo = bits == 64 ? std::numeric_limits<int64_t>::min() : -(int64_t(1) << (bits - 1));
            int64_t hi = bits == 64 ? std::numeric_limits<int64_t>::max() : (int64_t(1) << (bits - 1)) - 1;
            fits = negative ? s >= lo : (*number <= uint64_t(hi));
        } else {
            fits = !negative && (bits == 64 || *number < (uint64_t(1) << bits));
        }
        if (!fits) error("value " + v->text + " is out of range for " + std::string(cimTypeName(item.type)) + " property '" + name + "'");
        putLe(*number, size);
    }

    void writeElement(const ItemLayout& item, const TextValue* v, const std::string& name) {
        switch (item.kind) {
        case ItemKind::Scalar: return writeScalar(item, v, name);
        case ItemKind::String: {
            pad(2);
            if (v && v->kind != TextValue::Kind::Scalar) error("'" + name + "' is a string: write \"text\"");
            std::u16string u = v && v->kind == TextValue::Kind::Scalar ? detail::Utf8ToUtf16(v->text) : std::u16string();
            if (item.maxLen && u.size() > item.maxLen)
                error("string '" + name + "' has " + std::to_string(u.size()) + " characters; MaxLen is " + std::to_string(item.maxLen));
            if (u.size() > 0x7FFF) {
                error("string '" + name + "' is longer than 32767 characters");
                u.resize(0);
            }
            putLe(u.size() * 2, 2);
            for (char16_t c : u) putLe(c, 2);
            return;
        }
        case ItemKind::Datetime: {
            pad(2);
            std::u16string u = v && v->kind == TextValue::Kind::Scalar ? detail::Utf8ToUtf16(v->text) : std::u16string();
            if (v && u.size() != 25)
                error("datetime '" + name + "' must have 25 characters (yyyymmddhhmmss.mmmmmmsutc), got " + std::to_string(u.size()));
            u.resize(25, u.empty() ? char16_t(0) : char16_t(u.back()));
            if (!v) u.assign(25, 0);
            for (char16_t c : u) putLe(c, 2);
            return;
        }
        case ItemKind::Embedded: {
            const ClassLayout& el = *item.embedded;
            pad(el.align);
            size_t start = out.size();
            static const std::vector<std::string> kNoNames;
            static const std::vector<TextValue> kNoValues;
            if (v && v->kind != TextValue::Kind::Map && !(v->kind == TextValue::Kind::List && v->items.empty())) {
                std::vector<std::string> names;
                for (const auto& i : el.items) names.push_back(i.name + "=…");
                error("'" + name + "' is an embedded " + el.className + ": write {" + join(names) + "}");
            }
            bool map = v && v->kind == TextValue::Kind::Map;
            encodeClass(el, map ? v->fieldNames : kNoNames, map ? v->fieldValues : kNoValues, name + ".");
            if (el.fixedSize)
                while (out.size() < start + el.structSize) out.push_back(0);
            return;
        }
        }
    }

    Diagnostics& diags_;
};

}  // namespace

std::optional<std::vector<uint8_t>> encodeBlock(const ClassLayout& layout, const std::vector<std::string>& assignments,
                                                Diagnostics& diags) {
    size_t errorsBefore = diags.errorCount();
    std::vector<std::string> names;
    std::vector<TextValue> values;
    for (const auto& a : assignments) {
        size_t eq = a.find('=');
        if (eq == std::string::npos) {
            diags.error(SourceLocation{}, "expected Name=value, got '" + a + "'");
            continue;
        }
        std::string name = a.substr(0, eq);
        while (!name.empty() && name.back() == ' ') name.pop_back();
        while (!name.empty() && name.front() == ' ') name.erase(name.begin());
        TextParser p(std::string_view(a).substr(eq + 1));
        TextValue v;
        std::string err;
        if (!p.parse(v, err) || (err.empty() && !p.atEnd() && (err = "unexpected text after the value", true))) {
            diags.error(SourceLocation{}, "value of '" + name + "': " + err);
            continue;
        }
        names.push_back(name);
        values.push_back(std::move(v));
    }
    BlockEncoder enc(diags);
    enc.encodeClass(layout, names, values, "");
    if (diags.errorCount() != errorsBefore) return std::nullopt;
    return std::move(enc.out);
}

}  // namespace kwmi::mof
