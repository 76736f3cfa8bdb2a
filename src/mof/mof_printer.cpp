// MOF text for a schema (bmf2mof); the output parses back to an equivalent schema.
#include <kwmi/mof/bmf.hpp>

#include <cstdio>

namespace kwmi::mof {

namespace {

std::string quote(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", c);
                out += buf;
            } else {
                out += char(c);
            }
        }
    }
    return out + "\"";
}

std::string constant(const Value& v) {
    switch (v.kind) {
    case Value::Kind::Null: return "NULL";
    case Value::Kind::Bool: return v.boolean ? "TRUE" : "FALSE";
    case Value::Kind::Int: return std::to_string(v.integer);
    case Value::Kind::Real: {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", v.real);
        std::string s = buf;
        if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
        return s;
    }
    case Value::Kind::String: return quote(v.text);
    case Value::Kind::Array: {
        std::string s = "{";
        for (size_t i = 0; i < v.items.size(); ++i) s += (i ? ", " : "") + constant(v.items[i]);
        return s + "}";
    }
    }
    return "NULL";
}

std::string flavors(uint32_t bits) {
    std::string s;
    if (bits & FlavorAmended) s += " Amended";
    if (bits & FlavorToInstance) s += " ToInstance";
    if (bits & FlavorToSubClass) s += " ToSubClass";
    if (bits & FlavorDisableOverride) s += " DisableOverride";
    return s.empty() ? s : " :" + s;
}

std::string qualifierList(const QualifierList& q) {
    if (q.items.empty()) return {};
    std::string s = "[";
    for (size_t i = 0; i < q.items.size(); ++i) {
        const Qualifier& x = q.items[i];
        s += (i ? ", " : "") + x.name;
        if (x.value.kind == Value::Kind::Array) s += constant(x.value);
        else if (!(x.value.kind == Value::Kind::Bool && x.value.boolean)) s.append("(").append(constant(x.value)).append(")");
        s += flavors(x.flavors);
    }
    return s + "]";
}

std::string typeName(const TypeRef& t) {
    if (t.type == CimType::Object) return t.className.empty() ? "object" : t.className;
    if (t.type == CimType::Reference) return (t.className.empty() ? "object" : t.className) + " ref";
    return std::string(cimTypeName(t.type));
}

std::string declaration(const Property& p) {
    std::string s;
    if (!p.qualifiers.items.empty()) s += qualifierList(p.qualifiers) + " ";
    s += typeName(p.type) + " " + p.name;
    if (p.isArray) s.append("[").append(p.fixedCount ? std::to_string(p.fixedCount) : std::string()).append("]");
    return s;
}

std::string flagNames(int32_t bits, bool classFlags) {
    std::string s;
    auto add = [&](int32_t bit, const char* name) {
        if (bits & bit) s += (s.empty() ? "" : ", ") + quote(name);
    };
    add(1, "updateonly");
    add(2, "createonly");
    if (classFlags) {
        add(0x20, "safeupdate");
        add(0x40, "forceupdate");
    }
    return s;
}

}  // namespace

std::string printMof(const Schema& schema) {
    std::string out;
    std::string nameSpace = "root\\default";
    std::optional<int32_t> classFlags, instanceFlags;
    for (const ClassDecl& c : schema.classes) {
        if (c.nameSpace != nameSpace) {
            out += "#pragma namespace(" + quote(c.nameSpace) + ")\n\n";
            nameSpace = c.nameSpace;
        }
        if (c.classFlags && c.classFlags != classFlags) out += "#pragma classflags(" + flagNames(*c.classFlags, true) + ")\n\n";
        classFlags = c.classFlags;
        if (c.instanceFlags && c.instanceFlags != instanceFlags)
            out += "#pragma instanceflags(" + flagNames(*c.instanceFlags, false) + ")\n\n";
        instanceFlags = c.instanceFlags;
        if (!c.qualifiers.items.empty()) out += qualifierList(c.qualifiers) + "\n";
        out += "class " + c.name + (c.superclass.empty() ? "" : " : " + c.superclass) + "\n{\n";
        for (const Property& p : c.properties) {
            out += "    " + declaration(p);
            if (p.defaultValue) out += " = " + constant(*p.defaultValue);
            out += ";\n";
        }
        if (!c.properties.empty() && !c.methods.empty()) out += "\n";
        for (const Method& m : c.methods) {
            out += "    ";
            if (!m.qualifiers.items.empty()) out += qualifierList(m.qualifiers) + " ";
            out += (m.returnType.type == CimType::Void ? std::string("void") : typeName(m.returnType)) + " " + m.name + "(";
            for (size_t i = 0; i < m.parameters.size(); ++i) out += (i ? ", " : "") + declaration(m.parameters[i]);
            out += ");\n";
        }
        out += "};\n\n";
    }
    return out;
}

}  // namespace kwmi::mof
