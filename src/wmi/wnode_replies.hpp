// wnode_replies.hpp - checks a provider's answer WNODE before anything is read from it, adds
// the static instance names WMI supplies, and joins per-provider results into one chain.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <wmistr.h>

#include "wire_bytes.hpp"

namespace kwmi::wmi {

// WNODE_TOO_SMALL answer (TOO_SMALL flag, BufferSize >= 56 inside the capacity): SizeNeeded.
std::optional<ULONG> TooSmallSizeNeeded(std::span<const std::uint8_t> buffer);

// Validated WNODE_ALL_DATA: every instance [offset, offset+length) and every dynamic name
// lies inside BufferSize, which lies inside the buffer.
struct AllDataLayout {
    ULONG bufferSize = 0;
    ULONG instanceCount = 0;
    std::vector<std::u16string> dynamicNames;  // when the block uses dynamic names
};
std::variant<AllDataLayout, std::string> CheckAllData(std::span<const std::uint8_t> buffer,
                                                      bool dynamicNames);

// Validated WNODE_SINGLE_INSTANCE answer: data [DataBlockOffset, +SizeDataBlock) inside
// BufferSize inside the buffer, DataBlockOffset unchanged from the request.
std::variant<ULONG, std::string> CheckSingleInstance(std::span<const std::uint8_t> buffer,
                                                     ULONG requestDataOffset);

// Validated WNODE_METHOD_ITEM answer; returns SizeDataBlock (output bytes).
std::variant<ULONG, std::string> CheckMethodItem(std::span<const std::uint8_t> buffer,
                                                 ULONG requestDataOffset);

// Copies the first `layout.bufferSize` bytes and appends, `alignment`-aligned, the ULONG
// name-offset table followed by the counted names; updates BufferSize and
// OffsetInstanceNameOffsets.
wire::Bytes WithStaticNames(std::span<const std::uint8_t> wnode, const AllDataLayout& layout,
                            const std::vector<std::u16string>& names, std::uint32_t alignment);
// Where static instance names come from: a list (WMIREG_FLAG_INSTANCE_LIST) or a prefix
// followed by the decimal instance index (base name, PDO path + "_").
struct StaticNameSource {
    const std::vector<std::u16string>* list = nullptr;
    std::u16string_view prefix;
};
// The BufferSize of the reply WithStaticNames builds (64-bit: a lying InstanceCount can ask
// for more than a WNODE can hold).
std::uint64_t StaticNamesReplySize(const AllDataLayout& layout, const StaticNameSource& names,
                                   std::uint32_t alignment);
// Same bytes as above, built in place in `wnode` without materialising the names.
// `names.list`, when given, has at least layout.instanceCount entries. `total` is
// StaticNamesReplySize(layout, names, alignment) when the caller has it already.
wire::Bytes WithStaticNames(wire::Bytes wnode, const AllDataLayout& layout, const StaticNameSource& names,
                            std::uint32_t alignment, std::uint64_t total);
wire::Bytes WithStaticNames(wire::Bytes wnode, const AllDataLayout& layout, const StaticNameSource& names,
                            std::uint32_t alignment);

// Concatenates WNODEs, each starting `alignment`-aligned, Linkage = offset to the next.
wire::Bytes ChainWnodes(const std::vector<wire::Bytes>& wnodes, std::uint32_t alignment);

}  // namespace kwmi::wmi
