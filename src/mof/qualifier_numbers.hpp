// Numbers written as text in MOF qualifiers and data assignments: decimal, 0x hex or negative
// (ValueMap, BitMap, `Name=0x10`). Shared by the encoder (names to numbers) and the table
// renderer (numbers to names).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kwmi::mof::detail {

// The number `text` spells (two's complement for negatives), or nullopt.
std::optional<std::uint64_t> parseNumber(std::string_view text);

// The number entry `i` of a Values/ValueMap (or BitValues/BitMap) pair stands for: map[i]
// when the map has it, else i.
std::optional<std::uint64_t> mappedNumber(const std::vector<std::string>& map, std::size_t i);

}  // namespace kwmi::mof::detail
