// Binary MOF reader: container, decompression and the object layout of spec §4.4,
// rebuilt into the class model. Every read is bounds-checked; bad input → diagnostic.
#include "bmf_format.hpp"
#include "lexer.hpp"

#include <kwmi/mof/bmf.hpp>

#include <algorithm>
#include <cstring>
#include <map>

namespace kwmi::mof {

namespace {
using namespace detail;

struct BmfFailure {};
constexpr int kMaxDepth = 8;

struct RawProperty {
    std::string name;
    uint32_t type = 0;
    std::optional<Value> value;
    QualifierList qualifiers;
    std::vector<struct RawObject> objects;  // method parameter objects
};

struct RawObject {
    uint32_t kind = 0;
    QualifierList qualifiers;
    std::vector<RawProperty> properties;
    std::vector<RawProperty> methods;
};

class BmfParser {
public:
    BmfParser(const uint8_t* d, size_t n, Diagnostics& diags) : d_(d), n_(n), diags_(diags) {}

    std::optional<Schema> run() {
        try {
            return parse();
        } catch (const BmfFailure&) {
            return std::nullopt;
        }
    }

private:
    [[noreturn]] void fail(size_t at, const std::string& msg) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "offset 0x%zx: ", at);
        diags_.error(SourceLocation{}, std::string("binary MOF ") + buf + msg);
        throw BmfFailure{};
    }
    void need(size_t at, size_t len, size_t limit, const char* what) {
        if (at > limit || len > limit - at) fail(at, std::string("truncated ") + what);
    }
    uint32_t u32(size_t at, size_t limit, const char* what) {
        need(at, 4, limit, what);
        return uint32_t(d_[at]) | uint32_t(d_[at + 1]) << 8 | uint32_t(d_[at + 2]) << 16 | uint32_t(d_[at + 3]) << 24;
    }
    uint64_t uN(size_t at, size_t bytes, size_t limit, const char* what) {
        need(at, bytes, limit, what);
        uint64_t v = 0;
        for (size_t i = 0; i < bytes; ++i) v |= uint64_t(d_[at + i]) << (8 * i);
        return v;
    }
    // NUL-terminated UTF-16LE string; *end receives the position after the NUL.
    std::string str16(size_t at, size_t limit, size_t* end = nullptr) {
        std::string out;
        size_t p = at;
        while (true) {
            need(p, 2, limit, "string (no terminating NUL)");
            uint32_t u = d_[p] | (uint32_t(d_[p + 1]) << 8);
            p += 2;
            if (u == 0) break;
            if (u >= 0xD800 && u <= 0xDBFF && p + 2 <= limit) {
                uint32_t lo = d_[p] | (uint32_t(d_[p + 1]) << 8);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    p += 2;
                }
            }
            appendUtf8(out, u);
        }
        if (end) *end = p;
        return out;
    }
    size_t refAt(size_t heap, uint32_t ref, size_t limit, const char* what) {
        if (ref >= limit - std::min(limit, heap)) fail(heap, std::string("reference out of range: ") + what);
        return heap + ref;
    }

    // One scalar element; advances *p.
    Value scalar(uint32_t type, size_t& p, size_t limit, int depth) {
        switch (CimType(type)) {
        case CimType::Boolean: {
            bool b = uN(p, 2, limit, "boolean") != 0;
            p += 2;
            return Value::fromBool(b);
        }
        case CimType::Sint8: { auto v = int8_t(uN(p, 1, limit, "sint8")); p += 1; return Value::fromInt(v); }
        case CimType::Uint8: { auto v = uint8_t(uN(p, 1, limit, "uint8")); p += 1; return Value::fromInt(v); }
        case CimType::Sint16: { auto v = int16_t(uN(p, 2, limit, "sint16")); p += 2; return Value::fromInt(v); }
        case CimType::Uint16:
        case CimType::Char16: { auto v = uint16_t(uN(p, 2, limit, "uint16")); p += 2; return Value::fromInt(v); }
        case CimType::Sint32: { auto v = int32_t(uN(p, 4, limit, "sint32")); p += 4; return Value::fromInt(v); }
        case CimType::Uint32: { auto v = uint32_t(uN(p, 4, limit, "uint32")); p += 4; return Value::fromInt(v); }
        case CimType::Sint64:
        case CimType::Uint64: { auto v = int64_t(uN(p, 8, limit, "64-bit value")); p += 8; return Value::fromInt(v); }
        case CimType::Real32: {
            auto bits = uint32_t(uN(p, 4, limit, "real32"));
            float f;
            std::memcpy(&f, &bits, 4);
            p += 4;
            return Value::fromReal(f);
        }
        case CimType::Real64: {
            uint64_t bits = uN(p, 8, limit, "real64");
            double f;
            std::memcpy(&f, &bits, 8);
            p += 8;
            return Value::fromReal(f);
        }
        case CimType::String:
        case CimType::Datetime:
        case CimType::Reference: {
            size_t end = 0;
            std::string s = str16(p, limit, &end);
            p = end;
            return Value::fromString(std::move(s));
        }
        case CimType::Object: {
            uint32_t len = u32(p, limit, "embedded object");
            if (len < kBmfObjectHeader) fail(p, "embedded object too short");
            (void)object(p, limit, depth + 1);
            p += len;
            return Value::null();
        }
        default: fail(p, "unknown value type " + std::to_string(type));
        }
    }

    Value value(uint32_t type, size_t at, size_t limit, int depth, std::vector<RawObject>* objects = nullptr) {
        if (!(type & kCimArrayFlag)) {
            size_t p = at;
            return scalar(type, p, limit, depth);
        }
        uint32_t total = u32(at, limit, "array value");
        if (total < 16) fail(at, "array value shorter than its header");
        need(at, total, limit, "array value");
        size_t end = at + total;
        uint32_t count = u32(at + 8, end, "array count");
        if (count > total) fail(at, "array count larger than the array");
        size_t p = at + 16;
        std::vector<Value> items;
        uint32_t element = type & ~kCimArrayFlag;
        for (uint32_t i = 0; i < count; ++i) {
            if (element == uint32_t(CimType::Object) && objects) {
                uint32_t len = u32(p, end, "parameter object");
                if (len < kBmfObjectHeader) fail(p, "parameter object too short");
                need(p, len, end, "parameter object");
                objects->push_back(object(p, end, depth + 1));
                p += len;
                continue;
            }
            items.push_back(scalar(element, p, end, depth));
        }
        return Value::array(std::move(items));
    }

    QualifierList qualifierArray(size_t at, size_t limit) {
        QualifierList list;
        uint32_t total = u32(at, limit, "qualifier array");
        if (total < 8) fail(at, "qualifier array shorter than its header");
        need(at, total, limit, "qualifier array");
        size_t end = at + total;
        uint32_t count = u32(at + 4, end, "qualifier count");
        size_t p = at + 8;
        for (uint32_t i = 0; i < count; ++i) {
            uint32_t len = u32(p, end, "qualifier");
            if (len < kBmfQualifierHeader) fail(p, "qualifier record too short");
            need(p, len, end, "qualifier");
            size_t recEnd = p + len;
            Qualifier q;
            uint32_t type = u32(p + 4, recEnd, "qualifier type");
            uint32_t nameRef = u32(p + 8, recEnd, "qualifier name");
            uint32_t valueRef = u32(p + 12, recEnd, "qualifier value");
            size_t heap = p + kBmfQualifierHeader;
            q.name = str16(refAt(heap, nameRef, recEnd, "qualifier name"), recEnd);
            if (valueRef != kBmfNone) q.value = value(type, refAt(heap, valueRef, recEnd, "qualifier value"), recEnd, 0);
            if (auto it = flavors_.find(uint32_t(p)); it != flavors_.end()) q.flavors = it->second;
            list.items.push_back(std::move(q));
            p = recEnd;
        }
        return list;
    }

    std::vector<RawProperty> propertyArray(size_t at, size_t limit, int depth) {
        std::vector<RawProperty> out;
        uint32_t total = u32(at, limit, "property array");
        if (total < 8) fail(at, "property array shorter than its header");
        need(at, total, limit, "property array");
        size_t end = at + total;
        uint32_t count = u32(at + 4, end, "property count");
        size_t p = at + 8;
        for (uint32_t i = 0; i < count; ++i) {
            uint32_t len = u32(p, end, "property");
            if (len < kBmfPropertyHeader) fail(p, "property record too short");
            need(p, len, end, "property");
            size_t recEnd = p + len;
            RawProperty rp;
            rp.type = u32(p + 4, recEnd, "property type");
            uint32_t nameRef = u32(p + 8, recEnd, "property name");
            uint32_t valueRef = u32(p + 12, recEnd, "property value");
            uint32_t qualsRef = u32(p + 16, recEnd, "property qualifiers");
            size_t heap = p + kBmfPropertyHeader;
            rp.name = str16(refAt(heap, nameRef, recEnd, "property name"), recEnd);
            if (valueRef != kBmfNone)
                rp.value = value(rp.type, refAt(heap, valueRef, recEnd, "property value"), recEnd, depth, &rp.objects);
            if (qualsRef != kBmfNone) rp.qualifiers = qualifierArray(refAt(heap, qualsRef, recEnd, "qualifiers"), recEnd);
            out.push_back(std::move(rp));
            p = recEnd;
        }
        return out;
    }

    RawObject object(size_t at, size_t limit, int depth) {
        if (depth > kMaxDepth) fail(at, "objects nested too deeply");
        uint32_t len = u32(at, limit, "object");
        if (len < kBmfObjectHeader) fail(at, "object record too short");
        need(at, len, limit, "object");
        size_t end = at + len;
        RawObject o;
        uint32_t qualsRef = u32(at + 4, end, "object qualifiers");
        uint32_t propsRef = u32(at + 8, end, "object properties");
        uint32_t methodsRef = u32(at + 12, end, "object methods");
        o.kind = u32(at + 16, end, "object kind");
        size_t heap = at + kBmfObjectHeader;
        if (qualsRef != kBmfNone) o.qualifiers = qualifierArray(refAt(heap, qualsRef, end, "class qualifiers"), end);
        if (propsRef != kBmfNone) o.properties = propertyArray(refAt(heap, propsRef, end, "properties"), end, depth);
        if (methodsRef != kBmfNone) o.methods = propertyArray(refAt(heap, methodsRef, end, "methods"), end, depth);
        return o;
    }

    static std::optional<Value> takeQualifier(QualifierList& q, std::string_view name, uint32_t* flavors = nullptr) {
        for (auto it = q.items.begin(); it != q.items.end(); ++it)
            if (equalsIgnoreCase(it->name, name)) {
                Value v = it->value;
                if (flavors) *flavors = it->flavors;
                q.items.erase(it);
                return v;
            }
        return std::nullopt;
    }

    Property toProperty(RawProperty& rp) {
        Property p;
        p.name = rp.name;
        p.isArray = (rp.type & kCimArrayFlag) != 0;
        auto cimtype = takeQualifier(rp.qualifiers, "CIMTYPE");
        std::string t = cimtype && cimtype->kind == Value::Kind::String ? cimtype->text : "";
        if (t.rfind("object:", 0) == 0) {
            p.type = {CimType::Object, t.substr(7)};
        } else if (t == "object") {
            p.type = {CimType::Object, {}};
        } else if (t.rfind("ref:", 0) == 0) {
            p.type = {CimType::Reference, t.substr(4)};
        } else if (t == "ref") {
            p.type = {CimType::Reference, {}};
        } else if (auto ct = cimTypeFromName(t)) {
            p.type.type = *ct;
        } else {
            p.type.type = CimType(rp.type & 0xFF);
        }
        if (auto max = takeQualifier(rp.qualifiers, "MAX"); max && max->kind == Value::Kind::Int && max->integer > 0)
            p.fixedCount = uint32_t(std::min<int64_t>(max->integer, 0xFFFFFF));
        if (rp.value && rp.objects.empty()) p.defaultValue = rp.value;
        p.qualifiers = std::move(rp.qualifiers);
        return p;
    }

    Method toMethod(RawProperty& rm) {
        Method m;
        m.name = rm.name;
        m.qualifiers = std::move(rm.qualifiers);
        std::vector<std::pair<int64_t, Property>> params;
        for (RawObject& po : rm.objects) {
            for (RawProperty& rp : po.properties) {
                if (rp.name.rfind("__", 0) == 0) continue;
                if (equalsIgnoreCase(rp.name, "ReturnValue")) {
                    m.returnType = toProperty(rp).type;
                    continue;
                }
                uint32_t idFlavors = 0;
                std::optional<Value> id;
                for (const auto& q : rp.qualifiers.items)
                    if (equalsIgnoreCase(q.name, "ID")) {
                        id = q.value;
                        idFlavors = q.flavors;
                    }
                int64_t position = id && id->kind == Value::Kind::Int ? id->integer : int64_t(params.size());
                if (id && idFlavors == kAutoIdFlavor) takeQualifier(rp.qualifiers, "ID");
                Property p = toProperty(rp);
                auto same = std::find_if(params.begin(), params.end(),
                                         [&](auto& e) { return equalsIgnoreCase(e.second.name, p.name); });
                if (same == params.end()) {
                    params.emplace_back(position, std::move(p));
                } else {
                    for (auto& q : p.qualifiers.items)
                        if (!same->second.qualifiers.has(q.name)) same->second.qualifiers.items.push_back(q);
                }
            }
        }
        std::stable_sort(params.begin(), params.end(), [](auto& a, auto& b) { return a.first < b.first; });
        for (auto& [pos, p] : params) m.parameters.push_back(std::move(p));
        return m;
    }

    std::optional<Schema> parse() {
        if (n_ < 20 || std::memcmp(d_, "FOMB", 4) != 0) fail(0, "data does not start with \"FOMB\"");
        uint32_t objectPart = u32(4, n_, "header");
        if (objectPart < 20 || objectPart > n_) fail(4, "object part length " + std::to_string(objectPart) + " exceeds the data");
        uint32_t count = u32(16, objectPart, "object count");
        // Flavour section after the object part.
        if (size_t(objectPart) + 20 <= n_ &&
            std::memcmp(d_ + objectPart, kBmfFlavorMagic.data(), kBmfFlavorMagic.size()) == 0) {
            uint32_t pairs = u32(objectPart + 16, n_, "flavour count");
            size_t p = size_t(objectPart) + 20;
            if (pairs > (n_ - p) / 8) fail(objectPart, "flavour section truncated");
            for (uint32_t i = 0; i < pairs; ++i, p += 8) flavors_[u32(p, n_, "flavour")] = u32(p + 4, n_, "flavour");
        }
        Schema schema;
        size_t p = 20;
        for (uint32_t i = 0; i < count; ++i) {
            uint32_t len = u32(p, objectPart, "object");
            if (len < kBmfObjectHeader) fail(p, "object record too short");
            RawObject o = object(p, objectPart, 0);
            p += len;
            if (o.kind != kBmfKindClass) {
                diags_.warning(SourceLocation{}, "binary MOF object " + std::to_string(i) + " is an instance; skipped");
                continue;
            }
            ClassDecl c;
            for (RawProperty& rp : o.properties) {
                auto text = [&] { return rp.value && rp.value->kind == Value::Kind::String ? rp.value->text : std::string(); };
                auto integer = [&] { return int32_t(rp.value && rp.value->kind == Value::Kind::Int ? rp.value->integer : 0); };
                if (rp.name == "__CLASS") c.name = text();
                else if (rp.name == "__SUPERCLASS") c.superclass = text();
                else if (rp.name == "__NAMESPACE") c.nameSpace = text();
                else if (rp.name == "__CLASSFLAGS") c.classFlags = integer();
                else if (rp.name == "__INSTANCEFLAGS") c.instanceFlags = integer();
                else if (rp.name.rfind("__", 0) == 0) continue;
                else c.properties.push_back(toProperty(rp));
            }
            if (c.name.empty()) fail(p - len, "class object without a __CLASS property");
            c.qualifiers = std::move(o.qualifiers);
            for (RawProperty& rm : o.methods) c.methods.push_back(toMethod(rm));
            c.where.file = "";
            schema.classes.push_back(std::move(c));
        }
        return schema;
    }

    const uint8_t* d_;
    size_t n_;
    Diagnostics& diags_;
    std::map<uint32_t, uint32_t> flavors_;
};

}  // namespace

std::optional<Bytes> unpackBmf(const uint8_t* data, size_t size, BmfContainerInfo* info, Diagnostics& diags) {
    auto u32 = [&](size_t at) {
        return uint32_t(data[at]) | uint32_t(data[at + 1]) << 8 | uint32_t(data[at + 2]) << 16 | uint32_t(data[at + 3]) << 24;
    };
    if (size < 16 || std::memcmp(data, "FOMB", 4) != 0) {
        diags.error(SourceLocation{}, "not a binary MOF: expected a 16-byte header starting with \"FOMB\"");
        return std::nullopt;
    }
    BmfContainerInfo ci{u32(4), u32(8), u32(12)};
    if (info) *info = ci;
    if (ci.version != 1) {
        diags.error(SourceLocation{}, "binary MOF container version " + std::to_string(ci.version) + " (expected 1)");
        return std::nullopt;
    }
    if (ci.compressedSize > size - 16) {
        diags.error(SourceLocation{}, "binary MOF truncated: header announces " + std::to_string(ci.compressedSize) +
                                          " compressed bytes, file has " + std::to_string(size - 16));
        return std::nullopt;
    }
    std::string err;
    auto out = ds01Decompress(data + 16, ci.compressedSize, ci.decompressedSize, &err);
    if (!out) diags.error(SourceLocation{}, "binary MOF decompression failed: " + err);
    return out;
}

std::optional<Schema> parseBmfObjects(const uint8_t* data, size_t size, Diagnostics& diags) {
    return BmfParser(data, size, diags).run();
}

std::optional<Schema> readBmf(const uint8_t* data, size_t size, Diagnostics& diags) {
    auto objects = unpackBmf(data, size, nullptr, diags);
    if (!objects) return std::nullopt;
    return parseBmfObjects(objects->data(), objects->size(), diags);
}

}  // namespace kwmi::mof
