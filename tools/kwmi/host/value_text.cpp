#include "value_text.hpp"

#include "text_util.hpp"

namespace kwmi::cli::host {

std::string ValueText(const mof::ValueNode& v) {
    using Kind = mof::ValueNode::Kind;
    switch (v.kind) {
    case Kind::Boolean: return v.u ? "TRUE" : "FALSE";
    case Kind::Unsigned: return std::to_string(v.u);
    case Kind::Signed: return std::to_string(v.s);
    case Kind::Char16:
        if (v.u >= 0x20 && v.u < 0x7F) return std::string(1, static_cast<char>(v.u));
        return ToUtf8(std::u16string(1, static_cast<char16_t>(v.u)));
    case Kind::String:
    case Kind::Datetime: return v.text;
    case Kind::Array:
    case Kind::Object: {
        std::string out = "{";
        for (std::size_t i = 0; i < v.children.size(); ++i) {
            if (i) out += ", ";
            if (v.kind == Kind::Object) out += v.children[i].name + "=";
            out += ValueText(v.children[i]);
        }
        return out + "}";
    }
    }
    return {};
}

const mof::ValueNode* FindMember(const mof::ValueNode& object, std::string_view name) {
    for (const auto& child : object.children)
        if (mof::equalsIgnoreCase(child.name, name)) return &child;
    return nullptr;
}

}  // namespace kwmi::cli::host
