// Constants and small helpers of the decompressed binary MOF layout (internal).
#pragma once

#include <kwmi/mof/model.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace kwmi::mof::detail {

inline constexpr uint32_t kBmfNone = 0xFFFFFFFF;        // absent reference
inline constexpr uint32_t kBmfKindClass = 0;
inline constexpr uint32_t kBmfKindInstance = 1;
inline constexpr uint32_t kBmfObjectHeader = 20;        // length, 3 refs, kind
inline constexpr uint32_t kBmfQualifierHeader = 16;     // length, type, name ref, value ref
inline constexpr uint32_t kBmfPropertyHeader = 20;      // length, type, name ref, value ref, qualifiers ref
inline constexpr std::string_view kBmfFlavorMagic = "BMOFQUALFLAVOR11";
inline constexpr uint32_t kAutoCimtypeFlavor = 0x03;    // ToInstance | ToSubClass
inline constexpr uint32_t kAutoIdFlavor = 0x11;         // ToInstance | DisableOverride

// UTF-8 → UTF-16LE bytes with a terminating NUL.
std::string utf16z(std::string_view utf8);

}  // namespace kwmi::mof::detail
