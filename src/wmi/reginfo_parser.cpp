// reginfo_parser.cpp - bounds-checked WMIREGINFOW parsing (spec §2.1-§2.5).
#include "reginfo_parser.hpp"

#include <cstdio>
#include <cstring>

#include "wire_bytes.hpp"

namespace kwmi::wmi {
namespace {

constexpr std::uint32_t kRegInfoHeader = sizeof(WMIREGINFOW);
constexpr std::uint32_t kRegGuidSize = sizeof(WMIREGGUIDW);

std::string Hex(std::uint64_t v) {
    char text[32];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(v));
    return text;
}

// Parses one WMIREGINFOW occupying exactly `info` (already bounded by its BufferSize).
std::variant<bool, std::string> ParseOne(std::span<const std::uint8_t> info, ParsedRegInfo& out,
                                         const RegInfoLimits& limits) {
    auto guidCount = wire::ReadU32(info, offsetof(WMIREGINFOW, GuidCount));
    if (!guidCount) return std::string("WMIREGINFO shorter than its header");
    if (*guidCount > limits.maxGuids)
        return "GuidCount " + std::to_string(*guidCount) + " exceeds the limit";
    if (!wire::InBounds(info.size(), kRegInfoHeader,
                        static_cast<std::uint64_t>(*guidCount) * kRegGuidSize))
        return "GuidCount " + std::to_string(*guidCount) + " does not fit in BufferSize " +
               std::to_string(info.size());

    // Registry path and MOF name: offset 0 means "absent" (the header itself is there).
    for (int which = 0; which < 2; ++which) {
        std::uint32_t field = which == 0 ? offsetof(WMIREGINFOW, RegistryPath)
                                         : offsetof(WMIREGINFOW, MofResourceName);
        std::uint32_t offset = *wire::ReadU32(info, field);
        if (offset == 0) continue;
        auto text = wire::ReadCountedString(info, offset);
        if (!text)
            return std::string(which == 0 ? "RegistryPath" : "MofResourceName") + " offset " +
                   Hex(offset) + " is not a counted string inside the buffer";
        if (out.registryPath.empty() && which == 0) out.registryPath = *text;
        if (out.mofResourceName.empty() && which == 1) out.mofResourceName = *text;
    }

    for (std::uint32_t i = 0; i < *guidCount; ++i) {
        std::uint64_t at = kRegInfoHeader + static_cast<std::uint64_t>(i) * kRegGuidSize;
        ParsedBlock block;
        std::memcpy(&block.guid, info.data() + at, sizeof(GUID));
        block.flags = *wire::ReadU32(info, at + offsetof(WMIREGGUIDW, Flags));
        block.instanceCount = *wire::ReadU32(info, at + offsetof(WMIREGGUIDW, InstanceCount));
        std::uint64_t unionValue = *wire::ReadU64(info, at + offsetof(WMIREGGUIDW, Pdo));
        auto nameOffset = static_cast<std::uint32_t>(unionValue);
        std::string where = "WmiRegGuid[" + std::to_string(i) + "]: ";

        if (block.flags & WMIREG_FLAG_INSTANCE_LIST) {
            block.naming = NamingMode::StaticList;
            if (block.instanceCount > limits.maxListInstances)
                return where + "InstanceCount exceeds the limit";
            std::uint64_t cursor = nameOffset;
            for (std::uint32_t n = 0; n < block.instanceCount; ++n) {
                auto text = wire::ReadCountedString(info, cursor);
                if (!text) return where + "instance name " + std::to_string(n) + " at " +
                                  Hex(cursor) + " lies outside the buffer";
                auto length = *wire::ReadU16(info, cursor);
                block.listNames.push_back(*text);
                cursor += 2u + length;
                if (cursor % 2) ++cursor;
            }
        } else if (block.flags & WMIREG_FLAG_INSTANCE_BASENAME) {
            block.naming = NamingMode::BaseName;
            auto text = wire::ReadCountedString(info, nameOffset);
            if (!text) return where + "base name at " + Hex(nameOffset) + " lies outside the buffer";
            block.baseName = *text;
        } else if (block.flags & WMIREG_FLAG_INSTANCE_PDO) {
            block.naming = NamingMode::Pdo;
            block.pdo = static_cast<ULONG_PTR>(unionValue);
        }
        out.blocks.push_back(std::move(block));
    }
    return true;
}

}  // namespace

std::variant<ParsedRegInfo, std::string> ParseRegInfo(std::span<const std::uint8_t> bytes,
                                                      RegInfoLimits limits) {
    ParsedRegInfo result;
    std::uint64_t start = 0;
    for (unsigned chained = 0;; ++chained) {
        if (chained > 64) return std::string("NextWmiRegInfo chain longer than 64");
        if (start % 8 != 0) return "WMIREGINFO at " + Hex(start) + " is not 8-byte aligned";
        auto size = wire::ReadU32(bytes, start);
        auto next = wire::ReadU32(bytes, start + offsetof(WMIREGINFOW, NextWmiRegInfo));
        if (!size || !next || !wire::InBounds(bytes.size(), start, kRegInfoHeader))
            return "WMIREGINFO at " + Hex(start) + " is shorter than its 24-byte header";
        if (*size < kRegInfoHeader || !wire::InBounds(bytes.size(), start, *size))
            return "WMIREGINFO BufferSize " + std::to_string(*size) +
                   " does not fit in the " + std::to_string(bytes.size() - start) +
                   " bytes returned";
        auto one = ParseOne(bytes.subspan(start, *size), result, limits);
        if (auto* error = std::get_if<std::string>(&one)) return *error;
        if (*next == 0) break;
        if (*next < kRegInfoHeader) return "NextWmiRegInfo " + std::to_string(*next) + " overlaps";
        start += *next;
    }
    return result;
}

}  // namespace kwmi::wmi
