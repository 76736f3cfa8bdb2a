// wire_bytes.hpp - bounds-checked little-endian access to WNODE / WMIREGINFO byte buffers.
// Every read and write of provider-supplied bytes goes through these helpers so a lying
// provider can never make the service touch memory outside the buffer it owns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kwmi::wmi::wire {

using Bytes = std::vector<std::uint8_t>;

constexpr std::uint32_t AlignUp(std::uint32_t value, std::uint32_t alignment) {
    return (value + alignment - 1) & ~(alignment - 1);
}

// True when [offset, offset + length) lies inside a buffer of `size` bytes (overflow-safe).
constexpr bool InBounds(std::size_t size, std::uint64_t offset, std::uint64_t length) {
    return offset <= size && length <= size - offset;
}

inline std::optional<std::uint32_t> ReadU32(std::span<const std::uint8_t> buffer,
                                            std::uint64_t offset) {
    if (!InBounds(buffer.size(), offset, 4)) return std::nullopt;
    std::uint32_t value;
    std::memcpy(&value, buffer.data() + offset, 4);
    return value;
}

inline std::optional<std::uint16_t> ReadU16(std::span<const std::uint8_t> buffer,
                                            std::uint64_t offset) {
    if (!InBounds(buffer.size(), offset, 2)) return std::nullopt;
    std::uint16_t value;
    std::memcpy(&value, buffer.data() + offset, 2);
    return value;
}

inline std::optional<std::uint64_t> ReadU64(std::span<const std::uint8_t> buffer,
                                            std::uint64_t offset) {
    if (!InBounds(buffer.size(), offset, 8)) return std::nullopt;
    std::uint64_t value;
    std::memcpy(&value, buffer.data() + offset, 8);
    return value;
}

// Writers assume the caller sized the buffer; they are no-ops when out of bounds.
inline void WriteU32(std::span<std::uint8_t> buffer, std::uint64_t offset, std::uint32_t value) {
    if (InBounds(buffer.size(), offset, 4)) std::memcpy(buffer.data() + offset, &value, 4);
}
inline void WriteU16(std::span<std::uint8_t> buffer, std::uint64_t offset, std::uint16_t value) {
    if (InBounds(buffer.size(), offset, 2)) std::memcpy(buffer.data() + offset, &value, 2);
}
inline void WriteU64(std::span<std::uint8_t> buffer, std::uint64_t offset, std::uint64_t value) {
    if (InBounds(buffer.size(), offset, 8)) std::memcpy(buffer.data() + offset, &value, 8);
}
inline void WriteBytes(std::span<std::uint8_t> buffer, std::uint64_t offset,
                       std::span<const std::uint8_t> bytes) {
    if (InBounds(buffer.size(), offset, bytes.size()) && !bytes.empty())
        std::memcpy(buffer.data() + offset, bytes.data(), bytes.size());
}

// Counted string: USHORT byte length + UTF-16LE text, 2-byte aligned, no terminator.
inline std::optional<std::u16string> ReadCountedString(std::span<const std::uint8_t> buffer,
                                                       std::uint64_t offset) {
    if (offset % 2 != 0) return std::nullopt;
    auto length = ReadU16(buffer, offset);
    if (!length || *length % 2 != 0 || !InBounds(buffer.size(), offset + 2, *length))
        return std::nullopt;
    std::u16string text(*length / 2, u'\0');
    if (*length) std::memcpy(text.data(), buffer.data() + offset + 2, *length);
    // Producers may count a terminating NUL inside the length; consumers trim it.
    while (!text.empty() && text.back() == u'\0') text.pop_back();
    return text;
}

inline std::uint32_t CountedStringSize(std::u16string_view text) {
    return 2u + static_cast<std::uint32_t>(text.size() * 2);
}

inline void WriteCountedString(std::span<std::uint8_t> buffer, std::uint64_t offset,
                               std::u16string_view text) {
    WriteU16(buffer, offset, static_cast<std::uint16_t>(text.size() * 2));
    WriteBytes(buffer, offset + 2,
               {reinterpret_cast<const std::uint8_t *>(text.data()), text.size() * 2});
}

}  // namespace kwmi::wmi::wire
