// wnode_requests.cpp - request WNODE construction.
#include "wnode_requests.hpp"

#include <algorithm>
#include <cstring>

namespace kwmi::wmi {
namespace {

constexpr std::uint32_t kTypeOffset = offsetof(WNODE_HEADER, Flags);

void WriteHeader(wire::Bytes& buffer, const GUID& guid, ULONG size, ULONG flags) {
    wire::WriteU32(buffer, offsetof(WNODE_HEADER, BufferSize), size);
    std::memcpy(buffer.data() + offsetof(WNODE_HEADER, Guid), &guid, sizeof guid);
    wire::WriteU32(buffer, kTypeOffset, flags);
}

ULONG NameFlags(const InstanceRef& ref) {
    if (!ref.byIndex) return 0;
    return WNODE_FLAG_STATIC_INSTANCE_NAMES | (ref.pdoNames ? WNODE_FLAG_PDO_INSTANCE_NAMES : 0);
}

// Shared shape of SINGLE_INSTANCE / SINGLE_ITEM / METHOD_ITEM: name or index at 48/52,
// `idField` (ItemId/MethodId) if any, DataBlockOffset and size fields, then data.
wire::Bytes BuildAddressed(const GUID& guid, const InstanceRef& ref, ULONG typeFlag,
                           ULONG fixedPart, int idFieldOffset, ULONG id, ULONG dataOffsetField,
                           ULONG sizeField, std::span<const std::uint8_t> value, ULONG capacity) {
    ULONG dataOffset = RequestDataOffset(fixedPart, ref);
    ULONG size = dataOffset + static_cast<ULONG>(value.size());
    wire::Bytes buffer;
    const std::size_t total = std::max<std::uint64_t>(capacity, size);
    buffer.reserve(total + kIrpBufferSlack);
    buffer.resize(total, 0);
    WriteHeader(buffer, guid, size, typeFlag | NameFlags(ref));
    if (ref.byIndex) {
        wire::WriteU32(buffer, 52, ref.index);  // InstanceIndex is at 52 in all three
    } else {
        wire::WriteU32(buffer, 48, fixedPart);  // OffsetInstanceName
        wire::WriteCountedString(buffer, fixedPart, ref.name);
    }
    if (idFieldOffset >= 0) wire::WriteU32(buffer, idFieldOffset, id);
    wire::WriteU32(buffer, dataOffsetField, dataOffset);
    wire::WriteU32(buffer, sizeField, static_cast<ULONG>(value.size()));
    wire::WriteBytes(buffer, dataOffset, value);
    return buffer;
}

}  // namespace

ULONG RequestDataOffset(ULONG fixedPart, const InstanceRef& ref) {
    if (ref.byIndex) return wire::AlignUp(fixedPart, 8);
    return wire::AlignUp(fixedPart + wire::CountedStringSize(ref.name), 8);
}

wire::Bytes BuildAllDataRequest(const GUID& guid, ULONG nameFlags, ULONG capacity, std::size_t reserveExtra) {
    wire::Bytes buffer;
    const std::size_t size = std::max<ULONG>(capacity, sizeof(WNODE_ALL_DATA));
    buffer.reserve(size + std::max(reserveExtra, kIrpBufferSlack));  // names or the IRP's slack
    buffer.resize(size, 0);
    WriteHeader(buffer, guid, sizeof(WNODE_ALL_DATA), WNODE_FLAG_ALL_DATA | nameFlags);
    return buffer;
}

wire::Bytes BuildSingleInstanceRequest(const GUID& guid, const InstanceRef& ref,
                                       std::span<const std::uint8_t> value, ULONG capacity) {
    return BuildAddressed(guid, ref, WNODE_FLAG_SINGLE_INSTANCE, sizeof(WNODE_SINGLE_INSTANCE), -1,
                          0, offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset),
                          offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock), value, capacity);
}

wire::Bytes BuildSingleItemRequest(const GUID& guid, const InstanceRef& ref, ULONG itemId,
                                   std::span<const std::uint8_t> value, ULONG capacity) {
    return BuildAddressed(guid, ref, WNODE_FLAG_SINGLE_ITEM,
                          offsetof(WNODE_SINGLE_ITEM, VariableData),
                          offsetof(WNODE_SINGLE_ITEM, ItemId), itemId,
                          offsetof(WNODE_SINGLE_ITEM, DataBlockOffset),
                          offsetof(WNODE_SINGLE_ITEM, SizeDataItem), value, capacity);
}

wire::Bytes BuildMethodRequest(const GUID& guid, const InstanceRef& ref, ULONG methodId,
                               std::span<const std::uint8_t> input, ULONG capacity) {
    return BuildAddressed(guid, ref, WNODE_FLAG_METHOD_ITEM,
                          offsetof(WNODE_METHOD_ITEM, VariableData),
                          offsetof(WNODE_METHOD_ITEM, MethodId), methodId,
                          offsetof(WNODE_METHOD_ITEM, DataBlockOffset),
                          offsetof(WNODE_METHOD_ITEM, SizeDataBlock), input, capacity);
}

wire::Bytes BuildControlRequest(const GUID& guid, ULONG flags) {
    wire::Bytes buffer(sizeof(WNODE_HEADER), 0);
    WriteHeader(buffer, guid, sizeof(WNODE_HEADER), flags);
    return buffer;
}

}  // namespace kwmi::wmi
