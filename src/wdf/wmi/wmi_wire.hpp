// wmi_wire.hpp - the WNODE / WMIREGINFO byte offsets, status codes and constants the KMDF WMI
// handler reads and writes. Kept private to src/wdf/wmi so the buffer logic works on raw bytes
// (spec kmdf-wmi-semantics.md §5, wmi-service-and-wnode.md §1-§2); the public wmistr.h
// structures are checked against these numbers in wmi_wire_checks.cpp.
#pragma once

#include "wmi_wdk.hpp"

#include <cstdint>
#include <cstring>
#include <functional>

namespace kwmi::wdf::wmi {

// ---- NTSTATUS values (kmdf-wmi-semantics.md §2.9) ----
inline constexpr NTSTATUS kStatusSuccess = 0x00000000;
inline constexpr NTSTATUS kStatusObjectNameExists = 0x40000000;
inline constexpr NTSTATUS kStatusPending = 0x00000103;
inline constexpr NTSTATUS kStatusUnsuccessful = static_cast<NTSTATUS>(0xC0000001);
inline constexpr NTSTATUS kStatusInfoLengthMismatch = static_cast<NTSTATUS>(0xC0000004);
inline constexpr NTSTATUS kStatusInvalidParameter = static_cast<NTSTATUS>(0xC000000D);
inline constexpr NTSTATUS kStatusInvalidDeviceRequest = static_cast<NTSTATUS>(0xC0000010);
inline constexpr NTSTATUS kStatusBufferTooSmall = static_cast<NTSTATUS>(0xC0000023);
inline constexpr NTSTATUS kStatusObjectNameCollision = static_cast<NTSTATUS>(0xC0000035);
inline constexpr NTSTATUS kStatusDeletePending = static_cast<NTSTATUS>(0xC0000056);
inline constexpr NTSTATUS kStatusIntegerOverflow = static_cast<NTSTATUS>(0xC0000095);
inline constexpr NTSTATUS kStatusInsufficientResources = static_cast<NTSTATUS>(0xC000009A);
inline constexpr NTSTATUS kStatusInvalidDeviceState = static_cast<NTSTATUS>(0xC0000184);
inline constexpr NTSTATUS kStatusWmiGuidNotFound = static_cast<NTSTATUS>(0xC0000295);
inline constexpr NTSTATUS kStatusWmiInstanceNotFound = static_cast<NTSTATUS>(0xC0000296);
inline constexpr NTSTATUS kStatusWmiReadOnly = static_cast<NTSTATUS>(0xC00002C6);
inline constexpr NTSTATUS kStatusWmiSetFailure = static_cast<NTSTATUS>(0xC00002C7);
inline constexpr NTSTATUS kStatusWmiGuidDisconnected = static_cast<NTSTATUS>(0xC0000301);

// ---- IRP_MN_* WMI minor codes ----
inline constexpr UCHAR kMnQueryAllData = 0x0;
inline constexpr UCHAR kMnQuerySingleInstance = 0x1;
inline constexpr UCHAR kMnChangeSingleInstance = 0x2;
inline constexpr UCHAR kMnChangeSingleItem = 0x3;
inline constexpr UCHAR kMnEnableEvents = 0x4;
inline constexpr UCHAR kMnDisableEvents = 0x5;
inline constexpr UCHAR kMnEnableCollection = 0x6;
inline constexpr UCHAR kMnDisableCollection = 0x7;
inline constexpr UCHAR kMnRegInfo = 0x8;
inline constexpr UCHAR kMnExecuteMethod = 0x9;
inline constexpr UCHAR kMnRegInfoEx = 0xB;

// ---- IoWMIRegistrationControl actions ----
inline constexpr ULONG kWmiRegActionRegister = 1;
inline constexpr ULONG kWmiRegActionDeregister = 2;
inline constexpr ULONG kWmiRegActionUpdateGuids = 4;

// MEMORY_ALLOCATION_ALIGNMENT: 16 on 64-bit hosts, 8 on 32-bit.
inline constexpr ULONG kMemoryAllocationAlignment = sizeof(void *) == 8 ? 16 : 8;

// ---- WNODE layouts (identical on x86 and x64) ----
namespace wnode {
inline constexpr ULONG kHeaderSize = 48;
inline constexpr ULONG kBufferSize = 0;
inline constexpr ULONG kProviderId = 4;
inline constexpr ULONG kHistoricalContext = 8;
inline constexpr ULONG kTimeStamp = 16;
inline constexpr ULONG kGuid = 24;
inline constexpr ULONG kFlags = 44;
// WNODE_ALL_DATA
inline constexpr ULONG kAllDataSize = 64;
inline constexpr ULONG kAllDataBlockOffset = 48;
inline constexpr ULONG kAllInstanceCount = 52;
inline constexpr ULONG kAllOffsetInstanceDataAndLength = 60;
// WNODE_SINGLE_INSTANCE
inline constexpr ULONG kSingleInstanceSize = 64;
inline constexpr ULONG kSiInstanceIndex = 52;
inline constexpr ULONG kSiDataBlockOffset = 56;
inline constexpr ULONG kSiSizeDataBlock = 60;
// WNODE_SINGLE_ITEM / WNODE_METHOD_ITEM (fields through offset 68)
inline constexpr ULONG kItemFixedSize = 68;
inline constexpr ULONG kItemId = 56; // ItemId / MethodId
inline constexpr ULONG kItemDataBlockOffset = 60;
inline constexpr ULONG kItemSizeData = 64; // SizeDataItem / SizeDataBlock
// WNODE_TOO_SMALL
inline constexpr ULONG kTooSmallSize = 56;
inline constexpr ULONG kTooSmallSizeNeeded = 48;
} // namespace wnode

inline constexpr ULONG kWnodeFlagSingleInstance = 0x00000002;
inline constexpr ULONG kWnodeFlagEventItem = 0x00000008;
inline constexpr ULONG kWnodeFlagFixedInstanceSize = 0x00000010;
inline constexpr ULONG kWnodeFlagTooSmall = 0x00000020;
inline constexpr ULONG kWnodeFlagStaticInstanceNames = 0x00000080;

// ---- WMIREGINFOW / WMIREGGUIDW ----
namespace reginfo {
inline constexpr ULONG kRegInfoSize = sizeof(void *) == 8 ? 24 : 20;
inline constexpr ULONG kRegGuidSize = sizeof(void *) == 8 ? 32 : 28;
inline constexpr ULONG kBufferSize = 0;
inline constexpr ULONG kNextWmiRegInfo = 4;
inline constexpr ULONG kRegistryPath = 8;
inline constexpr ULONG kMofResourceName = 12;
inline constexpr ULONG kGuidCount = 16;
// within one WMIREGGUIDW
inline constexpr ULONG kGuidGuid = 0;
inline constexpr ULONG kGuidFlags = 16;
inline constexpr ULONG kGuidInstanceCount = 20;
inline constexpr ULONG kGuidPdo = 24;
} // namespace reginfo

inline constexpr ULONG kWmiRegFlagExpensive = 0x00000001;
inline constexpr ULONG kWmiRegFlagInstancePdo = 0x00000020;
inline constexpr ULONG kWmiRegFlagEventOnlyGuid = 0x00000040;
inline constexpr ULONG kWmiRegFlagTraceControlGuid = 0x00001000;
inline constexpr ULONG kWmiRegFlagRemoveGuid = 0x00010000;
inline constexpr ULONG kWmiRegFlagTracedGuid = 0x00080000;

// ---- unaligned little-endian access to raw WNODE bytes ----
inline ULONG ReadU32(const void *base, ULONG offset)
{
    ULONG v;
    std::memcpy(&v, static_cast<const UCHAR *>(base) + offset, sizeof v);
    return v;
}
inline void WriteU32(void *base, ULONG offset, ULONG v)
{
    std::memcpy(static_cast<UCHAR *>(base) + offset, &v, sizeof v);
}
inline ULONG64 ReadU64(const void *base, ULONG offset)
{
    ULONG64 v;
    std::memcpy(&v, static_cast<const UCHAR *>(base) + offset, sizeof v);
    return v;
}
inline void WriteU64(void *base, ULONG offset, ULONG64 v)
{
    std::memcpy(static_cast<UCHAR *>(base) + offset, &v, sizeof v);
}
inline void WriteU16(void *base, ULONG offset, USHORT v)
{
    std::memcpy(static_cast<UCHAR *>(base) + offset, &v, sizeof v);
}

inline constexpr ULONG64 AlignUp(ULONG64 value, ULONG alignment)
{
    return (value + alignment - 1) & ~static_cast<ULONG64>(alignment - 1);
}

inline bool GuidEquals(const GUID &a, const GUID &b) { return std::memcmp(&a, &b, sizeof(GUID)) == 0; }
inline bool GuidIsZero(const GUID &g)
{
    static const GUID zero{};
    return GuidEquals(g, zero);
}

struct GuidHash {
    size_t operator()(const GUID &g) const noexcept
    {
        ULONG64 lo, hi;
        std::memcpy(&lo, &g, 8);
        std::memcpy(&hi, reinterpret_cast<const UCHAR *>(&g) + 8, 8);
        return std::hash<ULONG64>{}(lo ^ (hi * 0x9E3779B97F4A7C15ull));
    }
};
struct GuidEq {
    bool operator()(const GUID &a, const GUID &b) const noexcept { return GuidEquals(a, b); }
};

} // namespace kwmi::wdf::wmi
