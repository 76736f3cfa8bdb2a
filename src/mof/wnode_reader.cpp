// Minimal WNODE reader (wmi-service-and-wnode §1): WNODE_SINGLE_INSTANCE and
// WNODE_ALL_DATA, bounds-checked, feeding the data-block decoder.
#include <kwmi/mof/data.hpp>

#include "lexer.hpp"

namespace kwmi::mof {

namespace {

// Offsets and flags of the WNODE structures we read.
constexpr size_t kHeaderSize = 48;
constexpr size_t kOffBufferSize = 0x00;
constexpr size_t kOffFlags = 0x2C;
constexpr size_t kSingleOffInstanceName = 0x30;
constexpr size_t kSingleOffInstanceIndex = 0x34;
constexpr size_t kSingleOffDataBlockOffset = 0x38;
constexpr size_t kSingleOffSizeDataBlock = 0x3C;
constexpr size_t kSingleInstanceSize = 64;
constexpr size_t kAllOffDataBlockOffset = 0x30;
constexpr size_t kAllOffInstanceCount = 0x34;
constexpr size_t kAllOffNameOffsets = 0x38;
constexpr size_t kAllOffFixedSizeOrPairs = 0x3C;
constexpr uint32_t kFlagAllData = 0x01;
constexpr uint32_t kFlagSingleInstance = 0x02;
constexpr uint32_t kFlagFixedInstanceSize = 0x10;
constexpr uint32_t kFlagStaticInstanceNames = 0x80;

class WnodeReader {
public:
    WnodeReader(const uint8_t* d, size_t n, Diagnostics& diags) : d_(d), n_(n), diags_(diags) {}

    bool u32(size_t at, uint32_t& v) {
        if (at > limit_ || limit_ - at < 4) {
            diags_.error(SourceLocation{}, "WNODE truncated: field at offset " + std::to_string(at) + " lies outside the " +
                                               std::to_string(limit_) + "-byte buffer");
            return false;
        }
        v = uint32_t(d_[at]) | uint32_t(d_[at + 1]) << 8 | uint32_t(d_[at + 2]) << 16 | uint32_t(d_[at + 3]) << 24;
        return true;
    }

    bool countedString(size_t at, std::string& out) {
        if (at % 2 || at > limit_ || limit_ - at < 2) {
            diags_.error(SourceLocation{}, "WNODE instance name offset " + std::to_string(at) + " is invalid");
            return false;
        }
        size_t len = d_[at] | (size_t(d_[at + 1]) << 8);
        if (len > limit_ - at - 2) {
            diags_.error(SourceLocation{}, "WNODE instance name at offset " + std::to_string(at) + " runs past the buffer");
            return false;
        }
        out.clear();
        for (size_t i = 0; i + 1 < len; i += 2) {
            uint32_t u = d_[at + 2 + i] | (uint32_t(d_[at + 3 + i]) << 8);
            if (u == 0 && i + 2 >= len) break;
            detail::appendUtf8(out, u);
        }
        return true;
    }

    bool block(const ClassLayout& layout, size_t offset, size_t length, DecodedInstance& inst) {
        if (offset > limit_ || length > limit_ - offset) {
            diags_.error(SourceLocation{}, "WNODE data block [" + std::to_string(offset) + ", +" + std::to_string(length) +
                                               ") lies outside the buffer");
            return false;
        }
        auto v = decodeBlock(layout, d_ + offset, length, diags_, &inst.size);
        if (!v) return false;
        inst.value = std::move(*v);
        return true;
    }

    std::optional<std::vector<DecodedInstance>> run(const ClassLayout& layout) {
        limit_ = n_;
        uint32_t bufferSize = 0, flags = 0;
        if (n_ < kHeaderSize) {
            diags_.error(SourceLocation{}, "WNODE shorter than its 48-byte header");
            return std::nullopt;
        }
        u32(kOffBufferSize, bufferSize);
        u32(kOffFlags, flags);
        if (bufferSize < kHeaderSize || bufferSize > n_) {
            diags_.error(SourceLocation{}, "WNODE BufferSize " + std::to_string(bufferSize) + " does not fit the " +
                                               std::to_string(n_) + "-byte buffer");
            return std::nullopt;
        }
        limit_ = bufferSize;
        bool staticNames = flags & kFlagStaticInstanceNames;
        std::vector<DecodedInstance> out;
        if (flags & kFlagSingleInstance) {
            uint32_t nameOffset = 0, index = 0, dataOffset = 0, dataSize = 0;
            if (limit_ < kSingleInstanceSize) {
                diags_.error(SourceLocation{}, "WNODE_SINGLE_INSTANCE shorter than 64 bytes");
                return std::nullopt;
            }
            u32(kSingleOffInstanceName, nameOffset);
            u32(kSingleOffInstanceIndex, index);
            u32(kSingleOffDataBlockOffset, dataOffset);
            u32(kSingleOffSizeDataBlock, dataSize);
            DecodedInstance inst;
            if (staticNames) inst.instanceName = staticName(index);
            else if (!countedString(nameOffset, inst.instanceName)) return std::nullopt;
            if (!block(layout, dataOffset, dataSize, inst)) return std::nullopt;
            out.push_back(std::move(inst));
            return out;
        }
        if (!(flags & kFlagAllData)) {
            diags_.error(SourceLocation{}, "WNODE flags 0x" + hex(flags) +
                                               ": only WNODE_ALL_DATA and WNODE_SINGLE_INSTANCE can be decoded");
            return std::nullopt;
        }
        uint32_t dataOffset = 0, count = 0, nameOffsets = 0;
        if (!u32(kAllOffDataBlockOffset, dataOffset) || !u32(kAllOffInstanceCount, count) ||
            !u32(kAllOffNameOffsets, nameOffsets))
            return std::nullopt;
        if (count > limit_ / 2) {
            diags_.error(SourceLocation{}, "WNODE_ALL_DATA InstanceCount " + std::to_string(count) + " is implausible");
            return std::nullopt;
        }
        uint32_t fixedSize = 0;
        bool fixed = flags & kFlagFixedInstanceSize;
        if (fixed && !u32(kAllOffFixedSizeOrPairs, fixedSize)) return std::nullopt;
        for (uint32_t i = 0; i < count; ++i) {
            DecodedInstance inst;
            size_t offset = 0, length = 0;
            if (fixed) {
                offset = size_t(dataOffset) + size_t(i) * ((size_t(fixedSize) + 7) / 8 * 8);
                length = fixedSize;
            } else {
                uint32_t o = 0, l = 0;
                if (!u32(kAllOffFixedSizeOrPairs + 8 * size_t(i), o) || !u32(kAllOffFixedSizeOrPairs + 8 * size_t(i) + 4, l))
                    return std::nullopt;
                offset = o;
                length = l;
            }
            if (staticNames || nameOffsets == 0) {
                inst.instanceName = staticName(i);
            } else {
                uint32_t nameAt = 0;
                if (!u32(size_t(nameOffsets) + 4 * size_t(i), nameAt) || !countedString(nameAt, inst.instanceName))
                    return std::nullopt;
            }
            if (!block(layout, offset, length, inst)) return std::nullopt;
            out.push_back(std::move(inst));
        }
        return out;
    }

private:
    static std::string staticName(uint32_t index) {
        std::string name = "#";
        name += std::to_string(index);
        return name;
    }
    static std::string hex(uint32_t v) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%x", v);
        return buf;
    }

    const uint8_t* d_;
    size_t n_;
    size_t limit_ = 0;
    Diagnostics& diags_;
};

}  // namespace

std::optional<std::vector<DecodedInstance>> decodeWnode(const ClassLayout& layout, const uint8_t* wnode, size_t size,
                                                        Diagnostics& diags) {
    return WnodeReader(wnode, size, diags).run(layout);
}

}  // namespace kwmi::mof
