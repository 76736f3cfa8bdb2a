// Text renderings of decoded values: an aligned table (display qualifiers applied) and JSON
// (raw values, for scripts; nlohmann-json).
#include <kwmi/mof/data.hpp>

#include <nlohmann/json.hpp>

#include "qualifier_numbers.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

namespace kwmi::mof {

namespace {

std::string hexText(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

// "1 (On)" when Values/ValueMap name the number.
std::string symbolic(const Property& p, uint64_t value, const std::string& number) {
    auto values = p.qualifiers.texts("Values");
    auto map = p.qualifiers.texts("ValueMap");
    for (size_t i = 0; i < values.size(); ++i)
        if (detail::mappedNumber(map, i) == value) return number + " (" + values[i] + ")";
    return number;
}

// "5 (Ready | Error)" when BitMap/BitValues name the set bits (BitMap holds bit positions).
std::string bitNames(const Property& p, uint64_t value, const std::string& number) {
    auto names = p.qualifiers.texts("BitValues");
    auto bits = p.qualifiers.texts("BitMap");
    std::string set;
    for (size_t i = 0; i < names.size(); ++i) {
        const auto bit = detail::mappedNumber(bits, i);
        if (bit && *bit < 64 && (value >> *bit) & 1) set += (set.empty() ? "" : " | ") + names[i];
    }
    return set.empty() ? number : number + " (" + set + ")";
}

// value x 10^scale as exact decimal text ("1500", -3 -> "1.5").
std::string scaled(int64_t value, int64_t scale) {
    const bool negative = value < 0;
    std::string digits = std::to_string(negative ? 0 - uint64_t(value) : uint64_t(value));
    if (scale >= 0) {
        if (value != 0) digits += std::string(size_t(std::min<int64_t>(scale, 30)), '0');
    } else {
        const size_t places = size_t(std::min<int64_t>(-scale, 30));
        if (digits.size() <= places) digits = std::string(places - digits.size() + 1, '0') + digits;
        digits.insert(digits.size() - places, ".");
        while (digits.back() == '0') digits.pop_back();
        if (digits.back() == '.') digits.pop_back();
    }
    return (negative ? "-" : "") + digits;
}

// A FILETIME (100 ns since 1601-01-01 UTC) as "2026-11-27 23:31:59.1234567 UTC".
std::string fileTimeText(uint64_t ticks) {
    using namespace std::chrono;
    constexpr uint64_t kUnixEpoch = 116444736000000000ull;  // 1970-01-01 in FILETIME ticks
    const int64_t sinceUnix = int64_t(ticks / 10'000'000) - int64_t(kUnixEpoch / 10'000'000);
    const sys_days day = floor<days>(sys_seconds{seconds{sinceUnix}});
    const year_month_day date{day};
    const hh_mm_ss time{seconds{sinceUnix} - day.time_since_epoch()};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld:%02lld.%07llu UTC", int(date.year()),
                  unsigned(date.month()), unsigned(date.day()), static_cast<long long>(time.hours().count()),
                  static_cast<long long>(time.minutes().count()), static_cast<long long>(time.seconds().count()),
                  static_cast<unsigned long long>(ticks % 10'000'000));
    return buf;
}

// An integer with the property's display qualifiers applied (spec mof-toolchain §2.2): the raw
// number first, what it means after it.
std::string numberText(const ValueNode& v) {
    const bool isSigned = v.kind == ValueNode::Kind::Signed;
    const int64_t asSigned = isSigned ? v.s : int64_t(v.u);
    std::string number = isSigned ? std::to_string(v.s) : std::to_string(v.u);
    if (!v.property) return number;
    const QualifierList& q = v.property->qualifiers;
    if (auto missing = q.integer("WmiMissingData"); missing && *missing == asSigned) return "n/a";
    if (q.flag("DisplayInHex") || q.flag("WmiDisplayInHex")) number = hexText(isSigned ? uint64_t(v.s) : v.u);
    if (q.flag("WmiTimeStamp") && !isSigned) return number + " (" + fileTimeText(v.u) + ")";
    if (q.has("BitValues")) return bitNames(*v.property, v.u, number);
    if (q.has("Values")) return symbolic(*v.property, uint64_t(asSigned), number);
    const auto units = q.text("Units");
    const std::string suffix = units && !units->empty() ? " " + *units : "";
    if (auto scale = q.integer("WmiScale"); scale && *scale != 0)
        return number + " (" + scaled(asSigned, *scale) + suffix + ")";
    return number + suffix;
}

std::string scalarText(const ValueNode& v) {
    switch (v.kind) {
    case ValueNode::Kind::Boolean: return v.u ? "TRUE" : "FALSE";
    case ValueNode::Kind::Unsigned:
    case ValueNode::Kind::Signed: return numberText(v);
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
