// reginfo_parser.hpp - turns a provider's IRP_MN_REGINFO(_EX) answer (one or more chained
// WMIREGINFOW) into registration records. Every offset is checked against the bytes the
// provider actually returned; a lie yields an error message, never an out-of-bounds read.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include <wmistr.h>

namespace kwmi::wmi {

enum class NamingMode { Dynamic, StaticList, BaseName, Pdo };

struct ParsedBlock {
    GUID guid{};
    ULONG flags = 0;          // WMIREG_FLAG_* as registered
    ULONG instanceCount = 0;  // static instances
    NamingMode naming = NamingMode::Dynamic;
    std::vector<std::u16string> listNames;  // StaticList
    std::u16string baseName;                // BaseName
    ULONG_PTR pdo = 0;                      // Pdo: the PDO pointer value
};

struct ParsedRegInfo {
    std::u16string registryPath;
    std::u16string mofResourceName;
    std::vector<ParsedBlock> blocks;
};

// Limits a registration may not exceed (a provider cannot make the service allocate
// without bound).
struct RegInfoLimits {
    ULONG maxGuids = 4096;
    ULONG maxListInstances = 65536;
};

// On success returns the parsed data; on failure a readable reason.
std::variant<ParsedRegInfo, std::string> ParseRegInfo(std::span<const std::uint8_t> bytes,
                                                      RegInfoLimits limits = {});

}  // namespace kwmi::wmi
