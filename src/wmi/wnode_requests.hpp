// wnode_requests.hpp - the request WNODEs the service puts into IRP_MN_* buffers.
//
// Placement rules (spec §1.5-§1.7, [inferred]): static names -> the instance is named by
// InstanceIndex and data starts at the first 8-aligned offset after the fixed part (64 for
// SINGLE_INSTANCE, 72 for SINGLE_ITEM / METHOD_ITEM); dynamic names -> the counted name
// follows the fixed part and data starts 8-aligned after it.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include <wmistr.h>

#include "wire_bytes.hpp"

namespace kwmi::wmi {

// Writable bytes the service keeps behind the end of every IRP buffer it sends (declared with
// nt::BufferTailScope), so the verifier's output-buffer guard works in place there. The
// builders reserve them, so adding them never moves the buffer.
inline constexpr std::size_t kIrpBufferSlack = 256;

// How a request names its instance.
struct InstanceRef {
    bool byIndex = true;    // static names: InstanceIndex + STATIC_INSTANCE_NAMES
    bool pdoNames = false;  // adds PDO_INSTANCE_NAMES
    ULONG index = 0;
    std::u16string_view name;  // dynamic names
};

// Offset where instance / item / method data starts for this reference.
ULONG RequestDataOffset(ULONG fixedPart, const InstanceRef& ref);

// Each builder returns a zero-filled buffer of max(capacity, request size) bytes.
// `reserveExtra`: room kept behind the buffer for the static-name table WMI appends in place.
wire::Bytes BuildAllDataRequest(const GUID& guid, ULONG nameFlags, ULONG capacity, std::size_t reserveExtra = 0);
wire::Bytes BuildSingleInstanceRequest(const GUID& guid, const InstanceRef& ref,
                                       std::span<const std::uint8_t> value, ULONG capacity);
wire::Bytes BuildSingleItemRequest(const GUID& guid, const InstanceRef& ref, ULONG itemId,
                                   std::span<const std::uint8_t> value, ULONG capacity);
wire::Bytes BuildMethodRequest(const GUID& guid, const InstanceRef& ref, ULONG methodId,
                               std::span<const std::uint8_t> input, ULONG capacity);
// ENABLE/DISABLE_EVENTS and _COLLECTION: a bare WNODE_HEADER.
wire::Bytes BuildControlRequest(const GUID& guid, ULONG flags);

}  // namespace kwmi::wmi
