// Data-block decoder (spec mof-toolchain §2.2): walks a block item by item with the
// layout's alignment rules, trusting string lengths, never reading past the buffer.
#include <kwmi/mof/data.hpp>

#include "lexer.hpp"

#include <algorithm>

namespace kwmi::mof {

namespace {

struct DecodeFailure {};
constexpr int kMaxDepth = 32;

size_t alignUp(size_t v, size_t a) { return (v + a - 1) / a * a; }

class BlockDecoder {
public:
    BlockDecoder(const uint8_t* d, size_t n, Diagnostics& diags) : d_(d), n_(n), diags_(diags) {}

    ValueNode decodeClass(const ClassLayout& layout, size_t start, size_t& end, int depth) {
        if (depth > kMaxDepth) fail(start, "embedded classes nested too deeply");
        ValueNode obj;
        obj.kind = ValueNode::Kind::Object;
        obj.type = CimType::Object;
        obj.offset = uint32_t(start);
        size_t off = start;
        for (const ItemLayout& item : layout.items) {
            off = alignUp(off, item.align);
            uint64_t count = 1;
            if (item.variableArray) {
                if (item.sizeIsIndex < 0 || size_t(item.sizeIsIndex) >= obj.children.size())
                    fail(off, "count item '" + item.sizeIs + "' of '" + item.name + "' comes after the array");
                const ValueNode& c = obj.children[size_t(item.sizeIsIndex)];
                count = c.kind == ValueNode::Kind::Signed ? (c.s < 0 ? 0 : uint64_t(c.s)) : c.u;
            } else if (item.isArray) {
                count = item.fixedCount;
            }
            size_t minElement = item.kind == ItemKind::String     ? 2
                                : item.kind == ItemKind::Embedded ? std::max<size_t>(1, item.embedded->dataSize)
                                                                  : std::max<size_t>(1, item.elementSize);
            size_t remaining = off < n_ ? n_ - off : 0;
            if (count != 0 && count > remaining / minElement)
                fail(off, "'" + item.name + "' needs " + std::to_string(count) + " element(s) but the block ends");
            ValueNode node;
            node.name = item.name;
            node.property = item.property;
            node.type = item.type;
            node.offset = uint32_t(off);
            bool asArray = item.isArray || item.variableArray;
            if (asArray) node.kind = ValueNode::Kind::Array;
            for (uint64_t i = 0; i < count; ++i) {
                ValueNode element = decodeElement(item, off, depth);
                element.name = asArray ? item.name + "[" + std::to_string(i) + "]" : item.name;
                element.property = item.property;
                if (asArray) node.children.push_back(std::move(element));
                else node = std::move(element);
            }
            obj.children.push_back(std::move(node));
        }
        end = off;
        return obj;
    }

    [[noreturn]] void fail(size_t at, const std::string& msg) {
        diags_.error(SourceLocation{}, "data block offset " + std::to_string(at) + ": " + msg);
        throw DecodeFailure{};
    }

private:
    void need(size_t at, size_t len, const std::string& what) {
        if (at > n_ || len > n_ - at)
            fail(at, "truncated: " + what + " needs " + std::to_string(len) + " byte(s), " +
                         std::to_string(at > n_ ? 0 : n_ - at) + " left");
    }
    uint64_t readLe(size_t at, size_t bytes) const {
        uint64_t v = 0;
        for (size_t i = 0; i < bytes; ++i) v |= uint64_t(d_[at + i]) << (8 * i);
        return v;
    }
    std::string utf16(size_t at, size_t bytes) const {
        std::string out;
        size_t units = bytes / 2;
        while (units > 0 && readLe(at + 2 * (units - 1), 2) == 0) --units;  // strip trailing NULs
        for (size_t i = 0; i < units; ++i) {
            auto u = uint32_t(readLe(at + 2 * i, 2));
            if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
                auto lo = uint32_t(readLe(at + 2 * (i + 1), 2));
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    ++i;
                }
            }
            detail::appendUtf8(out, u);
        }
        return out;
    }

    ValueNode decodeElement(const ItemLayout& item, size_t& off, int depth) {
        ValueNode v;
        v.type = item.type;
        switch (item.kind) {
        case ItemKind::Scalar: {
            off = alignUp(off, item.align);
            need(off, item.elementSize, "'" + item.name + "'");
            v.offset = uint32_t(off);
            uint64_t raw = readLe(off, item.elementSize);
            off += item.elementSize;
            if (item.type == CimType::Boolean) {
                v.kind = ValueNode::Kind::Boolean;
                v.u = raw;
            } else if (item.type == CimType::Char16) {
                v.kind = ValueNode::Kind::Char16;
                v.u = raw;
            } else if (isSigned(item.type)) {
                v.kind = ValueNode::Kind::Signed;
                int shift = int(64 - 8 * item.elementSize);
                v.s = int64_t(raw << shift) >> shift;
            } else {
                v.kind = ValueNode::Kind::Unsigned;
                v.u = raw;
            }
            return v;
        }
        case ItemKind::String: {
            off = alignUp(off, 2);
            need(off, 2, "length of string '" + item.name + "'");
            v.offset = uint32_t(off);
            size_t len = size_t(readLe(off, 2));
            need(off + 2, len, "string '" + item.name + "'");
            v.kind = ValueNode::Kind::String;
            v.text = utf16(off + 2, len);
            off += 2 + len;
            return v;
        }
        case ItemKind::Datetime: {
            off = alignUp(off, 2);
            need(off, 50, "datetime '" + item.name + "'");
            v.offset = uint32_t(off);
            v.kind = ValueNode::Kind::Datetime;
            v.text = utf16(off, 50);
            off += 50;
            return v;
        }
        case ItemKind::Embedded: {
            const ClassLayout& el = *item.embedded;
            size_t start = alignUp(off, el.align);
            size_t end = start;
            v = decodeClass(el, start, end, depth + 1);
            v.type = CimType::Object;
            if (el.fixedSize) {
                // Stride is sizeof(E); the last element may omit its tail padding.
                off = std::max(end, std::min(start + el.structSize, n_));
            } else {
                off = end;
            }
            return v;
        }
        }
        return v;
    }

    const uint8_t* d_;
    size_t n_;
    Diagnostics& diags_;
};

}  // namespace

std::optional<ValueNode> decodeBlock(const ClassLayout& layout, const uint8_t* data, size_t size, Diagnostics& diags,
                                     uint32_t* consumed) {
    BlockDecoder dec(data, size, diags);
    try {
        size_t end = 0;
        ValueNode v = dec.decodeClass(layout, 0, end, 0);
        v.name = layout.className;
        if (consumed) *consumed = uint32_t(std::min(end, size));
        return v;
    } catch (const DecodeFailure&) {
        return std::nullopt;
    }
}

}  // namespace kwmi::mof
