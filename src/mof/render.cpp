// Text renderings of decoded values: an aligned table and JSON (nlohmann-json).
#include <kwmi/mof/data.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace kwmi::mof {

namespace {

std::string hexText(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

// "1 (On)" when Values/ValueMap name the number.
std::string symbolic(const ValueNode& v, const std::string& number) {
    if (!v.property) return number;
    auto values = v.property->qualifiers.texts("Values");
    auto map = v.property->qualifiers.texts("ValueMap");
    for (size_t i = 0; i < values.size(); ++i) {
        std::string key = i < map.size() ? map[i] : std::to_string(i);
        if (key == number) return number + " (" + values[i] + ")";
    }
    return number;
}

std::string scalarText(const ValueNode& v) {
    bool hex = v.property &&
               (v.property->qualifiers.flag("DisplayInHex") || v.property->qualifiers.flag("WmiDisplayInHex"));
    switch (v.kind) {
    case ValueNode::Kind::Boolean: return v.u ? "TRUE" : "FALSE";
    case ValueNode::Kind::Unsigned: return hex ? hexText(v.u) : symbolic(v, std::to_string(v.u));
    case ValueNode::Kind::Signed: return hex ? hexText(uint64_t(v.s)) : symbolic(v, std::to_string(v.s));
    case ValueNode::Kind::Char16: return hexText(v.u);
    case ValueNode::Kind::String:
    case ValueNode::Kind::Datetime: return "\"" + v.text + "\"";
    default: return {};
    }
}

bool isScalar(const ValueNode& v) { return v.kind != ValueNode::Kind::Array && v.kind != ValueNode::Kind::Object; }

struct Row {
    std::string label;
    std::string value;
};

void collect(const ValueNode& v, int indent, std::vector<Row>& rows) {
    std::string pad(size_t(indent) * 2, ' ');
    if (isScalar(v)) {
        rows.push_back({pad + v.name, scalarText(v)});
        return;
    }
    if (v.kind == ValueNode::Kind::Array &&
        std::all_of(v.children.begin(), v.children.end(), [](const ValueNode& c) { return isScalar(c); })) {
        std::string s = "{";
        for (size_t i = 0; i < v.children.size(); ++i) s += (i ? ", " : "") + scalarText(v.children[i]);
        rows.push_back({pad + v.name, s + "}"});
        return;
    }
    rows.push_back({pad + v.name, ""});
    for (const auto& c : v.children) collect(c, indent + 1, rows);
}

nlohmann::json toJson(const ValueNode& v) {
    switch (v.kind) {
    case ValueNode::Kind::Boolean: return v.u != 0;
    case ValueNode::Kind::Unsigned: return v.u;
    case ValueNode::Kind::Signed: return v.s;
    case ValueNode::Kind::Char16: return v.u;
    case ValueNode::Kind::String:
    case ValueNode::Kind::Datetime: return v.text;
    case ValueNode::Kind::Array: {
        auto a = nlohmann::json::array();
        for (const auto& c : v.children) a.push_back(toJson(c));
        return a;
    }
    case ValueNode::Kind::Object: {
        auto o = nlohmann::json::object();
        for (const auto& c : v.children) o[c.name] = toJson(c);
        return o;
    }
    }
    return nullptr;
}

}  // namespace

std::string renderTable(const ValueNode& value) {
    std::vector<Row> rows;
    if (value.kind == ValueNode::Kind::Object) {
        for (const auto& c : value.children) collect(c, 0, rows);
    } else {
        collect(value, 0, rows);
    }
    size_t width = 0;
    for (const auto& r : rows) width = std::max(width, r.label.size());
    std::string out;
    for (const auto& r : rows) {
        std::string line = r.label;
        if (!r.value.empty()) line += std::string(width - r.label.size() + 2, ' ') + r.value;
        out += line + "\n";
    }
    return out;
}

std::string renderJson(const ValueNode& value, int indent) {
    // Invalid UTF-8 from a driver must not throw: replace it.
    return toJson(value).dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string renderJson(const std::vector<DecodedInstance>& instances, int indent) {
    auto a = nlohmann::json::array();
    for (const auto& inst : instances) {
        nlohmann::json o = nlohmann::json::object();
        o["InstanceName"] = inst.instanceName;
        nlohmann::json data = toJson(inst.value);
        if (data.is_object())
            for (auto& [k, v] : data.items()) o[k] = v;
        a.push_back(std::move(o));
    }
    return a.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kwmi::mof
