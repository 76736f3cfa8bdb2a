// wnode_replies.cpp - provider answer validation, static names and chaining.
#include "wnode_replies.hpp"

#include <algorithm>
#include <cstring>

namespace kwmi::wmi {
namespace {

std::optional<std::string> CheckHeader(std::span<const std::uint8_t> buffer, ULONG minimum,
                                       ULONG typeFlag, ULONG* size) {
    auto bufferSize = wire::ReadU32(buffer, offsetof(WNODE_HEADER, BufferSize));
    auto flags = wire::ReadU32(buffer, offsetof(WNODE_HEADER, Flags));
    if (!bufferSize || !flags || buffer.size() < minimum)
        return "answer shorter than the " + std::to_string(minimum) + "-byte WNODE";
    if (*bufferSize < minimum || *bufferSize > buffer.size())
        return "WNODE BufferSize " + std::to_string(*bufferSize) + " outside [" +
               std::to_string(minimum) + ", " + std::to_string(buffer.size()) + "]";
    if (!(*flags & typeFlag)) return "WNODE type flag missing from Flags " + std::to_string(*flags);
    *size = *bufferSize;
    return std::nullopt;
}

}  // namespace

std::optional<ULONG> TooSmallSizeNeeded(std::span<const std::uint8_t> buffer) {
    auto flags = wire::ReadU32(buffer, offsetof(WNODE_HEADER, Flags));
    auto size = wire::ReadU32(buffer, offsetof(WNODE_HEADER, BufferSize));
    auto needed = wire::ReadU32(buffer, offsetof(WNODE_TOO_SMALL, SizeNeeded));
    if (!flags || !size || !needed || !(*flags & WNODE_FLAG_TOO_SMALL)) return std::nullopt;
    return *needed;
}

std::variant<AllDataLayout, std::string> CheckAllData(std::span<const std::uint8_t> buffer,
                                                      bool dynamicNames) {
    AllDataLayout layout;
    if (auto error = CheckHeader(buffer, sizeof(WNODE_ALL_DATA), WNODE_FLAG_ALL_DATA,
                                 &layout.bufferSize))
        return *error;
    auto wnode = buffer.first(layout.bufferSize);
    ULONG flags = *wire::ReadU32(wnode, offsetof(WNODE_HEADER, Flags));
    ULONG count = *wire::ReadU32(wnode, offsetof(WNODE_ALL_DATA, InstanceCount));
    ULONG dataOffset = *wire::ReadU32(wnode, offsetof(WNODE_ALL_DATA, DataBlockOffset));
    layout.instanceCount = count;
    const std::uint64_t arrayAt = offsetof(WNODE_ALL_DATA, OffsetInstanceDataAndLength);
    if (flags & WNODE_FLAG_FIXED_INSTANCE_SIZE) {
        ULONG fixed = *wire::ReadU32(wnode, offsetof(WNODE_ALL_DATA, FixedInstanceSize));
        std::uint64_t stride = wire::AlignUp(fixed, 8);
        if (fixed > wnode.size()) return std::string("FixedInstanceSize exceeds BufferSize");
        if (count && !wire::InBounds(wnode.size(), dataOffset,
                                     stride * (static_cast<std::uint64_t>(count) - 1) + fixed))
            return std::to_string(count) + " fixed-size instances of " + std::to_string(fixed) +
                   " bytes at " + std::to_string(dataOffset) + " exceed BufferSize " +
                   std::to_string(wnode.size());
    } else {
        if (!wire::InBounds(wnode.size(), arrayAt, static_cast<std::uint64_t>(count) * 8))
            return "InstanceCount " + std::to_string(count) +
                   " offset/length pairs exceed BufferSize " + std::to_string(wnode.size());
        for (ULONG i = 0; i < count; ++i) {
            ULONG offset = *wire::ReadU32(wnode, arrayAt + 8ull * i);
            ULONG length = *wire::ReadU32(wnode, arrayAt + 8ull * i + 4);
            if (!wire::InBounds(wnode.size(), offset, length))
                return "instance " + std::to_string(i) + " {" + std::to_string(offset) + ", " +
                       std::to_string(length) + "} lies outside BufferSize " +
                       std::to_string(wnode.size());
        }
    }
    if (dynamicNames) {
        ULONG table = *wire::ReadU32(wnode, offsetof(WNODE_ALL_DATA, OffsetInstanceNameOffsets));
        if (!wire::InBounds(wnode.size(), table, static_cast<std::uint64_t>(count) * 4))
            return std::string("instance-name offset table lies outside BufferSize");
        for (ULONG i = 0; i < count; ++i) {
            ULONG at = *wire::ReadU32(wnode, table + 4ull * i);
            auto name = wire::ReadCountedString(wnode, at);
            if (!name) return "instance name " + std::to_string(i) + " at " + std::to_string(at) +
                              " is not a counted string inside BufferSize";
            layout.dynamicNames.push_back(std::move(*name));
        }
    }
    return layout;
}

std::variant<ULONG, std::string> CheckSingleInstance(std::span<const std::uint8_t> buffer,
                                                     ULONG requestDataOffset) {
    ULONG size = 0;
    if (auto error = CheckHeader(buffer, sizeof(WNODE_SINGLE_INSTANCE), WNODE_FLAG_SINGLE_INSTANCE,
                                 &size))
        return *error;
    ULONG offset = *wire::ReadU32(buffer, offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset));
    ULONG length = *wire::ReadU32(buffer, offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock));
    if (offset != requestDataOffset)
        return "DataBlockOffset changed from " + std::to_string(requestDataOffset) + " to " +
               std::to_string(offset);
    if (!wire::InBounds(size, offset, length))
        return "instance data {" + std::to_string(offset) + ", " + std::to_string(length) +
               "} exceeds BufferSize " + std::to_string(size);
    return size;
}

std::variant<ULONG, std::string> CheckMethodItem(std::span<const std::uint8_t> buffer,
                                                 ULONG requestDataOffset) {
    ULONG size = 0;
    if (auto error = CheckHeader(buffer, sizeof(WNODE_METHOD_ITEM), WNODE_FLAG_METHOD_ITEM, &size))
        return *error;
    ULONG offset = *wire::ReadU32(buffer, offsetof(WNODE_METHOD_ITEM, DataBlockOffset));
    ULONG length = *wire::ReadU32(buffer, offsetof(WNODE_METHOD_ITEM, SizeDataBlock));
    if (offset != requestDataOffset)
        return "DataBlockOffset changed from " + std::to_string(requestDataOffset) + " to " +
               std::to_string(offset);
    if (!wire::InBounds(size, offset, length))
        return "method output {" + std::to_string(offset) + ", " + std::to_string(length) +
               "} exceeds BufferSize " + std::to_string(size);
    return length;
}

wire::Bytes WithStaticNames(std::span<const std::uint8_t> wnode, const AllDataLayout& layout,
                            const std::vector<std::u16string>& names, std::uint32_t alignment) {
    AllDataLayout counted = layout;
    counted.instanceCount = static_cast<ULONG>(names.size());
    wire::Bytes copy(wnode.begin(), wnode.begin() + std::min<std::size_t>(wnode.size(), layout.bufferSize));
    return WithStaticNames(std::move(copy), counted, StaticNameSource{&names, {}}, alignment);
}

namespace {

// Appends the counted names to `wnode` through a small staging buffer: the name region (about
// as large as the data at 64-byte instances) is written once, never zero-filled first.
class NameAppender {
public:
    explicit NameAppender(wire::Bytes& wnode) : wnode_(wnode) {}
    ~NameAppender() { Flush(); }
    NameAppender(const NameAppender&) = delete;
    NameAppender& operator=(const NameAppender&) = delete;

    // Appends USHORT byte length + the UTF-16 text of `first` then `second`.
    void Append(std::u16string_view first, std::u16string_view second = {}) {
        const std::size_t bytes = 2 * (first.size() + second.size());
        if (used_ + 2 + bytes > sizeof staging_) Flush();
        if (2 + bytes > sizeof staging_) {  // a name longer than the staging buffer
            AppendDirect(first, second);
            return;
        }
        const auto length = static_cast<std::uint16_t>(bytes);
        std::memcpy(staging_ + used_, &length, 2);
        if (!first.empty()) std::memcpy(staging_ + used_ + 2, first.data(), 2 * first.size());
        if (!second.empty()) std::memcpy(staging_ + used_ + 2 + 2 * first.size(), second.data(), 2 * second.size());
        used_ += 2 + bytes;
    }

private:
    void Flush() {
        wnode_.insert(wnode_.end(), staging_, staging_ + used_);
        used_ = 0;
    }
    void AppendDirect(std::u16string_view first, std::u16string_view second) {
        const auto length = static_cast<std::uint16_t>(2 * (first.size() + second.size()));
        const auto* lengthBytes = reinterpret_cast<const std::uint8_t*>(&length);
        wnode_.insert(wnode_.end(), lengthBytes, lengthBytes + 2);
        for (std::u16string_view part : {first, second}) {
            const auto* text = reinterpret_cast<const std::uint8_t*>(part.data());
            wnode_.insert(wnode_.end(), text, text + 2 * part.size());
        }
    }

    wire::Bytes& wnode_;
    std::uint8_t staging_[16 * 1024];
    std::size_t used_ = 0;
};

// Writes the name offset table at `table` (already sized) and appends the names behind it.
void AppendStaticNames(wire::Bytes& wnode, std::uint64_t table, ULONG count, const StaticNameSource& names) {
    std::uint64_t cursor = table + 4ull * count;
    NameAppender appender(wnode);
    // The index as UTF-16 decimal text, counted up in place (no division per instance).
    char16_t digits[10] = {u'0'};
    std::size_t n = 1;
    for (ULONG i = 0; i < count; ++i) {
        wire::WriteU32(wnode, table + 4ull * i, static_cast<std::uint32_t>(cursor));
        if (names.list) {
            appender.Append((*names.list)[i]);
            cursor += 2 + 2 * (*names.list)[i].size();
            continue;
        }
        appender.Append(names.prefix, std::u16string_view(digits, n));
        cursor += 2 + 2 * (names.prefix.size() + n);
        std::size_t d = n;
        while (d > 0 && digits[d - 1] == u'9') digits[--d] = u'0';
        if (d > 0) {
            ++digits[d - 1];
        } else if (n < 10) {  // 9...9 -> 10...0
            digits[0] = u'1';
            digits[n++] = u'0';
        }
    }
}

}  // namespace

std::uint64_t StaticNamesReplySize(const AllDataLayout& layout, const StaticNameSource& names,
                                   std::uint32_t alignment) {
    const ULONG count = layout.instanceCount;
    std::uint64_t total = wire::AlignUp(layout.bufferSize, alignment) + 4ull * count;
    if (names.list) {
        for (ULONG i = 0; i < count; ++i) total += 2 + 2 * (*names.list)[i].size();
    } else {
        // prefix + decimal index: sum the lengths per run of equal digit counts.
        std::uint64_t start = 0;
        for (std::size_t digits = 1; start < count; ++digits) {
            const std::uint64_t end = std::min<std::uint64_t>(count, start == 0 ? 10 : start * 10);
            total += (end - start) * (2 + 2 * (names.prefix.size() + digits));
            start = end;
        }
    }
    return total;
}

wire::Bytes WithStaticNames(wire::Bytes wnode, const AllDataLayout& layout, const StaticNameSource& names,
                            std::uint32_t alignment) {
    const std::uint64_t total = StaticNamesReplySize(layout, names, alignment);
    return WithStaticNames(std::move(wnode), layout, names, alignment, total);
}

wire::Bytes WithStaticNames(wire::Bytes wnode, const AllDataLayout& layout, const StaticNameSource& names,
                            std::uint32_t alignment, std::uint64_t total) {
    const ULONG count = layout.instanceCount;
    const std::uint32_t table = wire::AlignUp(layout.bufferSize, alignment);
    wnode.resize(std::min<std::size_t>(wnode.size(), layout.bufferSize));
    wnode.reserve(total);
    wnode.resize(table + 4ull * count, 0);  // padding zeroed, as a fresh buffer would be
    AppendStaticNames(wnode, table, count, names);
    wire::WriteU32(wnode, offsetof(WNODE_ALL_DATA, OffsetInstanceNameOffsets), table);
    wire::WriteU32(wnode, offsetof(WNODE_HEADER, BufferSize), static_cast<std::uint32_t>(total));
    return wnode;
}

wire::Bytes ChainWnodes(const std::vector<wire::Bytes>& wnodes, std::uint32_t alignment) {
    wire::Bytes out;
    std::size_t previous = 0;
    for (std::size_t i = 0; i < wnodes.size(); ++i) {
        std::size_t at = wire::AlignUp(static_cast<std::uint32_t>(out.size()), alignment);
        if (i > 0) wire::WriteU32(out, previous + offsetof(WNODE_HEADER, Linkage),
                                  static_cast<std::uint32_t>(at - previous));
        out.resize(at + wnodes[i].size(), 0);
        wire::WriteBytes(out, at, wnodes[i]);
        wire::WriteU32(out, at + offsetof(WNODE_HEADER, Linkage), 0);
        previous = at;
    }
    return out;
}

}  // namespace kwmi::wmi
