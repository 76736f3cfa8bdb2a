// Schema-aware data: decode WMI data blocks (raw bytes or a WNODE) into a tree of
// named, typed values, render it, and encode text assignments into instance data.
#pragma once

#include <kwmi/mof/diagnostics.hpp>
#include <kwmi/mof/layout.hpp>
#include <kwmi/mof/model.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kwmi::mof {

// One decoded item: a scalar, a string, an array of nodes or an embedded object.
struct ValueNode {
    enum class Kind { Unsigned, Signed, Boolean, Char16, String, Datetime, Array, Object };
    std::string name;
    Kind kind = Kind::Unsigned;
    CimType type = CimType::Void;
    uint64_t u = 0;
    int64_t s = 0;
    std::string text;               // String/Datetime (UTF-8)
    std::vector<ValueNode> children;  // Array elements / Object members
    uint32_t offset = 0;            // byte offset inside the decoded block
    const Property* property = nullptr;
};

struct DecodedInstance {
    std::string instanceName;  // "#<index>" for statically named instances
    ValueNode value;           // Kind::Object
    uint32_t size = 0;         // bytes consumed by the data items
};

// Decodes one data block laid out as `layout`; nullopt + diagnostic when truncated.
std::optional<ValueNode> decodeBlock(const ClassLayout& layout, const uint8_t* data, size_t size, Diagnostics& diags,
                                     uint32_t* consumed = nullptr);

// WNODE_SINGLE_INSTANCE or WNODE_ALL_DATA (wmi-service-and-wnode §1) → instances.
std::optional<std::vector<DecodedInstance>> decodeWnode(const ClassLayout& layout, const uint8_t* wnode, size_t size,
                                                        Diagnostics& diags);

// Text renderings: "Name  Value" aligned table (nested members indented) and JSON.
std::string renderTable(const ValueNode& value);
std::string renderJson(const ValueNode& value, int indent = 2);
std::string renderJson(const std::vector<DecodedInstance>& instances, int indent = 2);

// Encodes assignments such as `Count=5`, `Name="abc"`, `Data={1,2,3}`, `E={A=1,B=2}`
// into a data block for `layout`. Items not assigned are zero / empty; the count item
// of a variable array defaults to the array's length. Errors name the property and
// the valid choices.
std::optional<std::vector<uint8_t>> encodeBlock(const ClassLayout& layout, const std::vector<std::string>& assignments,
                                                Diagnostics& diags);

}  // namespace kwmi::mof
