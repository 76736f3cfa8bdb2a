#include <kwmi/mof/model.hpp>

#include <array>
#include <cstdio>

namespace kwmi::mof {

namespace {
struct TypeName {
    std::string_view name;
    CimType type;
};
constexpr std::array kTypeNames{
    TypeName{"boolean", CimType::Boolean}, TypeName{"uint8", CimType::Uint8},   TypeName{"sint8", CimType::Sint8},
    TypeName{"uint16", CimType::Uint16},   TypeName{"sint16", CimType::Sint16}, TypeName{"uint32", CimType::Uint32},
    TypeName{"sint32", CimType::Sint32},   TypeName{"uint64", CimType::Uint64}, TypeName{"sint64", CimType::Sint64},
    TypeName{"real32", CimType::Real32},   TypeName{"real64", CimType::Real64}, TypeName{"char16", CimType::Char16},
    TypeName{"string", CimType::String},   TypeName{"datetime", CimType::Datetime},
};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

std::string_view cimTypeName(CimType t) {
    for (const auto& tn : kTypeNames)
        if (tn.type == t) return tn.name;
    switch (t) {
    case CimType::Object: return "object";
    case CimType::Reference: return "ref";
    case CimType::Void: return "void";
    default: return "unknown";
    }
}

std::optional<CimType> cimTypeFromName(std::string_view name) {
    for (const auto& tn : kTypeNames)
        if (equalsIgnoreCase(tn.name, name)) return tn.type;
    return std::nullopt;
}

bool isIntegral(CimType t) {
    switch (t) {
    case CimType::Uint8: case CimType::Sint8: case CimType::Uint16: case CimType::Sint16:
    case CimType::Uint32: case CimType::Sint32: case CimType::Uint64: case CimType::Sint64:
        return true;
    default: return false;
    }
}

bool isSigned(CimType t) {
    return t == CimType::Sint8 || t == CimType::Sint16 || t == CimType::Sint32 || t == CimType::Sint64;
}

Value Value::fromBool(bool b) { Value v; v.kind = Kind::Bool; v.boolean = b; return v; }
Value Value::fromInt(int64_t i) { Value v; v.kind = Kind::Int; v.integer = i; return v; }
Value Value::fromReal(double r) { Value v; v.kind = Kind::Real; v.real = r; return v; }
Value Value::fromString(std::string s) { Value v; v.kind = Kind::String; v.text = std::move(s); return v; }
Value Value::array(std::vector<Value> items) { Value v; v.kind = Kind::Array; v.items = std::move(items); return v; }

const Qualifier* QualifierList::find(std::string_view name) const {
    for (const auto& q : items)
        if (equalsIgnoreCase(q.name, name)) return &q;
    return nullptr;
}

bool QualifierList::flag(std::string_view name) const {
    const Qualifier* q = find(name);
    if (!q) return false;
    switch (q->value.kind) {
    case Value::Kind::Null: return true;
    case Value::Kind::Bool: return q->value.boolean;
    case Value::Kind::Int: return q->value.integer != 0;
    default: return true;
    }
}

std::optional<std::string> QualifierList::text(std::string_view name) const {
    const Qualifier* q = find(name);
    if (!q) return std::nullopt;
    if (q->value.kind == Value::Kind::String) return q->value.text;
    if (q->value.kind == Value::Kind::Array && q->value.items.size() == 1 &&
        q->value.items[0].kind == Value::Kind::String)
        return q->value.items[0].text;
    return std::nullopt;
}

std::optional<int64_t> QualifierList::integer(std::string_view name) const {
    const Qualifier* q = find(name);
    if (!q) return std::nullopt;
    if (q->value.kind == Value::Kind::Int) return q->value.integer;
    return std::nullopt;
}

std::vector<std::string> QualifierList::texts(std::string_view name) const {
    std::vector<std::string> out;
    const Qualifier* q = find(name);
    if (!q) return out;
    auto add = [&](const Value& v) {
        if (v.kind == Value::Kind::String) out.push_back(v.text);
        else if (v.kind == Value::Kind::Int) out.push_back(std::to_string(v.integer));
    };
    if (q->value.kind == Value::Kind::Array)
        for (const auto& v : q->value.items) add(v);
    else add(q->value);
    return out;
}

const Property* ClassDecl::findProperty(std::string_view n) const {
    for (const auto& p : properties)
        if (equalsIgnoreCase(p.name, n)) return &p;
    return nullptr;
}

const ClassDecl* Schema::findClass(std::string_view name) const {
    auto lowered = [](std::string_view n) {
        std::string k(n);
        for (char& c : k) c = lower(c);
        return k;
    };
    if (indexedCount_ != classes.size()) {
        index_.clear();
        // Later declarations win (mofcomp updates a class declared twice).
        for (size_t i = 0; i < classes.size(); ++i) index_[lowered(classes[i].name)] = i;
        indexedCount_ = classes.size();
    }
    auto it = index_.find(lowered(name));
    if (it == index_.end() || it->second >= classes.size() || !equalsIgnoreCase(classes[it->second].name, name))
        return nullptr;
    return &classes[it->second];
}

std::vector<const Property*> Schema::allProperties(const ClassDecl& c) const {
    std::vector<const ClassDecl*> chain;
    for (const ClassDecl* k = &c; k && chain.size() < 64;) {
        chain.push_back(k);
        k = k->superclass.empty() ? nullptr : findClass(k->superclass);
        for (const ClassDecl* seen : chain)
            if (seen == k) k = nullptr;  // inheritance cycle: stop
    }
    std::vector<const Property*> out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        for (const auto& p : (*it)->properties) {
            bool overridden = false;
            for (auto& existing : out)
                if (equalsIgnoreCase(existing->name, p.name)) { existing = &p; overridden = true; }
            if (!overridden) out.push_back(&p);
        }
    }
    return out;
}

bool Schema::derivesFrom(const ClassDecl& c, std::string_view base) const {
    const ClassDecl* k = &c;
    for (int depth = 0; k && depth < 64; ++depth) {
        if (equalsIgnoreCase(k->name, base)) return true;
        if (k->superclass.empty()) return false;
        if (equalsIgnoreCase(k->superclass, base)) return true;
        k = findClass(k->superclass);
    }
    return false;
}

std::optional<Guid> parseGuid(std::string_view t) {
    if (t.size() == 38 && t.front() == '{' && t.back() == '}') t = t.substr(1, 36);
    if (t.size() != 36) return std::nullopt;
    for (size_t dash : {8u, 13u, 18u, 23u})
        if (t[dash] != '-') return std::nullopt;
    std::string hex;
    for (size_t i = 0; i < t.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) continue;
        if (hexDigit(t[i]) < 0) return std::nullopt;
        hex += t[i];
    }
    auto field = [&](size_t pos, size_t len) {
        uint64_t v = 0;
        for (size_t i = 0; i < len; ++i) v = (v << 4) | uint64_t(hexDigit(hex[pos + i]));
        return v;
    };
    Guid g;
    g.data1 = uint32_t(field(0, 8));
    g.data2 = uint16_t(field(8, 4));
    g.data3 = uint16_t(field(12, 4));
    for (size_t i = 0; i < 8; ++i) g.data4[i] = uint8_t(field(16 + 2 * i, 2));
    return g;
}

std::string formatGuid(const Guid& g) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", unsigned(g.data1),
                  unsigned(g.data2), unsigned(g.data3), g.data4[0], g.data4[1], g.data4[2], g.data4[3], g.data4[4],
                  g.data4[5], g.data4[6], g.data4[7]);
    return buf;
}

}  // namespace kwmi::mof
