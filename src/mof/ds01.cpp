// DS-01 ("DoubleSpace") compression of binary MOF (spec mof-toolchain §4.3).
// Bits are consumed LSB-first from consecutive bytes.
#include <kwmi/mof/bmf.hpp>

#include <algorithm>
#include <vector>

namespace kwmi::mof {

namespace {

constexpr uint32_t kSyncOffset = 0x113F;  // 12-bit offset value 0xFFF + 320
constexpr size_t kBlock = 512;
constexpr size_t kMaxMatch = 512;
constexpr size_t kMaxOffset = kSyncOffset - 1;
constexpr size_t kGoodEnoughMatch = 128;

class BitWriter {
public:
    void put(uint32_t value, int bits) {
        for (int i = 0; i < bits; ++i) {
            if (bit_ == 0) out_.push_back(0);
            if ((value >> i) & 1) out_.back() |= uint8_t(1u << bit_);
            bit_ = (bit_ + 1) & 7;
        }
    }
    Bytes finish() {
        if (out_.size() % 2) out_.push_back(0);  // pad to a 16-bit boundary
        return std::move(out_);
    }

private:
    Bytes out_;
    int bit_ = 0;
};

class BitReader {
public:
    BitReader(const uint8_t* d, size_t n) : data_(d), size_(n) {}
    bool get(int bits, uint32_t& value) {
        value = 0;
        for (int i = 0; i < bits; ++i) {
            if (pos_ >= size_ * 8) return false;
            if ((data_[pos_ >> 3] >> (pos_ & 7)) & 1) value |= 1u << i;
            ++pos_;
        }
        return true;
    }

private:
    const uint8_t* data_;
    size_t size_;
    size_t pos_ = 0;
};

void putLiteral(BitWriter& w, uint8_t b) {
    if (b < 0x80) {
        w.put(2, 2);
        w.put(b, 7);
    } else {
        w.put(1, 2);
        w.put(b & 0x7F, 7);
    }
}

void putOffset(BitWriter& w, uint32_t offset) {
    if (offset < 64) {
        w.put(0, 2);
        w.put(offset, 6);
    } else if (offset < 320) {
        w.put(3, 2);
        w.put(0, 1);
        w.put(offset - 64, 8);
    } else {
        w.put(3, 2);
        w.put(1, 1);
        w.put(offset - 320, 12);
    }
}

void putLength(BitWriter& w, uint32_t length) {
    int n = 0;
    while ((2u << n) < length) ++n;  // 2^n + 1 <= length <= 2^(n+1)
    w.put(0, n);
    w.put(1, 1);
    w.put(length - 1 - (1u << n), n);
}

void putSync(BitWriter& w) { putOffset(w, kSyncOffset); }

}  // namespace

Bytes ds01Compress(const uint8_t* data, size_t size, bool literalsOnly) {
    BitWriter w;
    w.put(0x5344, 16);  // "DS"
    w.put(0x0100, 16);  // version bytes 00 01
    constexpr size_t kHashSize = 1 << 13;
    std::vector<int32_t> head(kHashSize, -1), prev(size, -1);
    auto hashAt = [&](size_t i) {
        return ((uint32_t(data[i]) << 10) ^ (uint32_t(data[i + 1]) << 5) ^ data[i + 2]) & (kHashSize - 1);
    };
    auto insert = [&](size_t i) {
        if (i + 2 >= size) return;
        uint32_t h = hashAt(i);
        prev[i] = head[h];
        head[h] = int32_t(i);
    };
    size_t pos = 0;
    while (pos < size) {
        size_t limit = std::min({kMaxMatch, size - pos, kBlock - pos % kBlock});
        size_t bestLen = 0, bestOff = 0;
        if (!literalsOnly && limit >= 3 && pos + 2 < size) {
            int steps = 32;  // bounded chain walk keeps the encoder linear on repetitive data
            for (int32_t cand = head[hashAt(pos)]; cand >= 0 && steps-- > 0; cand = prev[size_t(cand)]) {
                size_t off = pos - size_t(cand);
                if (off > kMaxOffset) break;
                if (bestLen > 0 && data[size_t(cand) + bestLen] != data[pos + bestLen]) continue;  // cannot beat best
                size_t len = 0;
                while (len < limit && data[size_t(cand) + len] == data[pos + len]) ++len;
                if (len > bestLen) {
                    bestLen = len;
                    bestOff = off;
                    if (len == limit || len >= kGoodEnoughMatch) break;
                }
            }
        }
        size_t advance = 1;
        if (bestLen >= 3) {
            putOffset(w, uint32_t(bestOff));
            putLength(w, uint32_t(bestLen));
            advance = bestLen;
        } else {
            putLiteral(w, data[pos]);
        }
        for (size_t i = 0; i < advance; ++i) insert(pos + i);
        pos += advance;
        if (pos % kBlock == 0 && pos < size) putSync(w);
    }
    putSync(w);  // end marker
    return w.finish();
}

std::optional<Bytes> ds01Decompress(const uint8_t* data, size_t size, size_t expectedSize, std::string* error) {
    auto fail = [&](const std::string& msg) -> std::optional<Bytes> {
        if (error) *error = msg;
        return std::nullopt;
    };
    if (size < 4 || data[0] != 0x44 || data[1] != 0x53) return fail("compressed stream does not start with \"DS\"");
    uint32_t version = (uint32_t(data[2]) << 8) | data[3];
    if (version < 1 || version > 3) return fail("unsupported DS compression version " + std::to_string(version));
    if (expectedSize > (size_t(64) << 20)) return fail("declared decompressed size is implausibly large");
    BitReader r(data + 4, size - 4);
    Bytes out;
    out.reserve(expectedSize);
    while (out.size() < expectedSize) {
        uint32_t code = 0, v = 0;
        if (!r.get(2, code)) return fail("compressed stream ends early at output byte " + std::to_string(out.size()));
        if (code == 1 || code == 2) {
            if (!r.get(7, v)) return fail("compressed stream ends inside a literal");
            out.push_back(uint8_t(code == 1 ? (v | 0x80) : v));
            continue;
        }
        uint32_t offset = 0;
        if (code == 0) {
            if (!r.get(6, offset)) return fail("compressed stream ends inside a match offset");
        } else {
            uint32_t wide = 0;
            if (!r.get(1, wide)) return fail("compressed stream ends inside a match offset");
            if (wide == 0) {
                if (!r.get(8, offset)) return fail("compressed stream ends inside a match offset");
                offset += 64;
            } else {
                if (!r.get(12, offset)) return fail("compressed stream ends inside a match offset");
                offset += 320;
                if (offset == kSyncOffset) {
                    if (out.size() % kBlock != 0)
                        return fail("end marker before the declared size (" + std::to_string(out.size()) + " of " +
                                    std::to_string(expectedSize) + " bytes)");
                    continue;
                }
            }
        }
        if (offset == 0) return fail("match with offset 0");
        int n = 0;
        uint32_t bit = 0;
        while (true) {
            if (!r.get(1, bit)) return fail("compressed stream ends inside a match length");
            if (bit) break;
            if (++n > 8) return fail("invalid match length code");
        }
        if (!r.get(n, v)) return fail("compressed stream ends inside a match length");
        size_t length = (size_t(1) << n) + 1 + v;
        if (offset > out.size()) return fail("match refers before the start of the output");
        if (out.size() + length > expectedSize) return fail("match runs past the declared decompressed size");
        size_t from = out.size() - offset;
        for (size_t i = 0; i < length; ++i) out.push_back(out[from + i]);
    }
    return out;
}

}  // namespace kwmi::mof
