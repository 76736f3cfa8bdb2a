// Binary MOF writer (spec mof-toolchain §4.4/§4.5): class objects in declaration order,
// CIMTYPE/MAX/ID added, flavours in the trailing BMOFQUALFLAVOR11 section.
#include "bmf_format.hpp"
#include "utf16.hpp"

#include <kwmi/mof/bmf.hpp>
#include <kwmi/mof/layout.hpp>

#include <cstring>

namespace kwmi::mof {

namespace detail {
std::string utf16z(std::string_view s) {
    std::string out;
    for (char16_t u : Utf8ToUtf16(s)) {
        out += char(u & 0xFF);
        out += char((u >> 8) & 0xFF);
    }
    out.append(2, '\0');
    return out;
}
}  // namespace detail

namespace {
using namespace detail;

class BmfSerializer {
public:
    Bytes run(const Schema& schema) {
        put(0x424D4F46);  // "FOMB"
        size_t lengthAt = reserve();
        put(1);
        put(1);
        put(uint32_t(schema.classes.size()));
        for (const ClassDecl& c : schema.classes) classObject(c);
        patch(lengthAt, uint32_t(out_.size()));
        if (!flavors_.empty()) {
            out_.insert(out_.end(), kBmfFlavorMagic.begin(), kBmfFlavorMagic.end());
            put(uint32_t(flavors_.size()));
            for (auto [offset, bits] : flavors_) {
                put(offset);
                put(bits);
            }
        }
        return std::move(out_);
    }

private:
    void put(uint32_t v) {
        for (int i = 0; i < 4; ++i) out_.push_back(uint8_t(v >> (8 * i)));
    }
    void putBytes(std::string_view b) { out_.insert(out_.end(), b.begin(), b.end()); }
    size_t reserve() {
        size_t at = out_.size();
        put(0);
        return at;
    }
    void patch(size_t at, uint32_t v) {
        for (int i = 0; i < 4; ++i) out_[at + size_t(i)] = uint8_t(v >> (8 * i));
    }
    uint32_t rel(size_t heapStart) const { return uint32_t(out_.size() - heapStart); }

    // Storage type of a value (spec §4.4: integer values are sint32, reals real64).
    static uint32_t storageType(const Value& v) {
        switch (v.kind) {
        case Value::Kind::Bool: return uint32_t(CimType::Boolean);
        case Value::Kind::Int: return uint32_t(CimType::Sint32);
        case Value::Kind::Real: return uint32_t(CimType::Real64);
        case Value::Kind::String:
        case Value::Kind::Null: return uint32_t(CimType::String);
        case Value::Kind::Array: {
            uint32_t element = v.items.empty() ? uint32_t(CimType::String) : storageType(v.items.front());
            return element | kCimArrayFlag;
        }
        }
        return uint32_t(CimType::String);
    }
    // A property default's storage type: as storageType(), except that char16 is kept as
    // sint16 (spec §4.4; the declared type travels in the CIMTYPE qualifier).
    static uint32_t storageType(uint32_t declared, const Value& v) {
        const uint32_t stored = storageType(v);
        const bool char16 = (declared & ~kCimArrayFlag) == uint32_t(CimType::Char16);
        if (char16 && (stored & ~kCimArrayFlag) == uint32_t(CimType::Sint32))
            return uint32_t(CimType::Sint16) | (stored & kCimArrayFlag);
        return stored;
    }

    void scalarValue(uint32_t type, const Value& v) {
        switch (CimType(type)) {
        case CimType::Boolean:  // u16 0x0000 / 0xFFFF
            out_.push_back(v.boolean ? 0xFF : 0);
            out_.push_back(v.boolean ? 0xFF : 0);
            break;
        case CimType::Sint16: {
            const auto bits = uint16_t(int16_t(v.integer));
            out_.push_back(uint8_t(bits));
            out_.push_back(uint8_t(bits >> 8));
            break;
        }
        case CimType::Sint32: put(uint32_t(int32_t(v.integer))); break;
        case CimType::Real64: {
            uint64_t bits;
            std::memcpy(&bits, &v.real, 8);
            put(uint32_t(bits));
            put(uint32_t(bits >> 32));
            break;
        }
        default: putBytes(utf16z(v.kind == Value::Kind::String ? v.text : std::string())); break;
        }
    }

    void value(uint32_t type, const Value& v) {
        if (!(type & kCimArrayFlag)) return scalarValue(type, v);
        size_t totalAt = reserve();
        put(1);
        put(uint32_t(v.items.size()));
        size_t rowAt = reserve();
        for (const auto& item : v.items) scalarValue(type & ~kCimArrayFlag, item);
        patch(rowAt, uint32_t(out_.size() - rowAt));
        patch(totalAt, uint32_t(out_.size() - totalAt));
    }

    void qualifier(const std::string& name, const Value& v, uint32_t flavors) {
        size_t start = out_.size();
        if (flavors) flavors_.emplace_back(uint32_t(start), flavors);
        uint32_t type = storageType(v);
        put(0);
        put(type);
        put(0);  // name at heap offset 0
        size_t valueRefAt = reserve();
        size_t heap = out_.size();
        putBytes(utf16z(name));
        patch(valueRefAt, rel(heap));
        value(type, v);
        patch(start, uint32_t(out_.size() - start));
    }

    struct Extra {
        std::string name;
        Value value;
        uint32_t flavors;
    };

    void qualifierArray(const QualifierList& quals, const std::vector<Extra>& extra) {
        size_t start = reserve();
        put(uint32_t(quals.items.size() + extra.size()));
        for (const auto& q : quals.items) qualifier(q.name, q.value, q.flavors);
        for (const auto& e : extra) qualifier(e.name, e.value, e.flavors);
        patch(start, uint32_t(out_.size() - start));
    }

    static std::string cimtypeOf(const TypeRef& t) {
        if (t.type == CimType::Object) return t.className.empty() ? "object" : "object:" + t.className;
        if (t.type == CimType::Reference) return t.className.empty() ? "ref" : "ref:" + t.className;
        return std::string(cimTypeName(t.type));
    }

    // A property (or parameter) record.
    void property(const std::string& name, uint32_t type, const Value* v, const QualifierList* quals,
                  const std::vector<Extra>& extra) {
        size_t start = reserve();
        const uint32_t stored = v ? storageType(type, *v) : type;
        put(stored);
        put(0);
        size_t valueRefAt = reserve();
        size_t qualsRefAt = reserve();
        size_t heap = out_.size();
        putBytes(utf16z(name));
        if (v) {
            patch(valueRefAt, rel(heap));
            value(stored, *v);
        } else {
            patch(valueRefAt, kBmfNone);
        }
        patch(qualsRefAt, rel(heap));
        static const QualifierList kEmpty;
        qualifierArray(quals ? *quals : kEmpty, extra);
        patch(start, uint32_t(out_.size() - start));
    }

    void userProperty(const Property& p, std::vector<Extra> extra) {
        uint32_t type = uint32_t(p.type.type) | (p.isArray ? kCimArrayFlag : 0);
        if (p.isArray && p.fixedCount) extra.insert(extra.begin(), {"MAX", Value::fromInt(p.fixedCount), 0});
        extra.push_back({"CIMTYPE", Value::fromString(cimtypeOf(p.type)), kAutoCimtypeFlavor});
        property(p.name, type, p.defaultValue ? &*p.defaultValue : nullptr, &p.qualifiers, extra);
    }

    void systemProperty(const std::string& name, const Value& v) { property(name, 0, &v, nullptr, {}); }

    // Object header + heap (qualifiers, properties, methods), returns nothing; `kind` 0/1.
    template <typename Props, typename Methods>
    void object(uint32_t kind, const QualifierList* quals, Props writeProps, Methods writeMethods) {
        size_t start = reserve();
        size_t qualsRefAt = reserve();
        size_t propsRefAt = reserve();
        size_t methodsRefAt = reserve();
        put(kind);
        size_t heap = out_.size();
        if (quals) {
            patch(qualsRefAt, rel(heap));
            qualifierArray(*quals, {});
        } else {
            patch(qualsRefAt, kBmfNone);
        }
        patch(propsRefAt, rel(heap));
        size_t arrayStart = reserve();
        size_t countAt = reserve();
        patch(countAt, writeProps());
        patch(arrayStart, uint32_t(out_.size() - arrayStart));
        patch(methodsRefAt, rel(heap));
        arrayStart = reserve();
        size_t mCountAt = reserve();
        patch(mCountAt, writeMethods());
        patch(arrayStart, uint32_t(out_.size() - arrayStart));
        patch(start, uint32_t(out_.size() - start));
    }

    void parametersObject(const Method& m, bool input) {
        object(kBmfKindInstance, nullptr,
               [&] {
                   uint32_t n = 0;
                   for (size_t i = 0; i < m.parameters.size(); ++i) {
                       const Property& p = m.parameters[i];
                       bool hasDirection = p.qualifiers.has("in") || p.qualifiers.has("out");
                       if (input ? !parameterIsIn(p) : !parameterIsOut(p)) continue;
                       std::vector<Extra> extra;
                       if (!hasDirection) extra.push_back({input ? "IN" : "OUT", Value::fromBool(true), 0});
                       if (!p.qualifiers.has("ID")) extra.push_back({"ID", Value::fromInt(parameterId(m, i)), kAutoIdFlavor});
                       userProperty(p, extra);
                       ++n;
                   }
                   if (!input && m.returnType.type != CimType::Void) {
                       Property ret;
                       ret.name = "ReturnValue";
                       ret.type = m.returnType;
                       userProperty(ret, {{"out", Value::fromBool(true), 0}});
                       ++n;
                   }
                   systemProperty("__CLASS", Value::fromString("__PARAMETERS"));
                   return n + 1;
               },
               [] { return 0u; });
    }

    void method(const Method& m) {
        bool hasIn = false, hasOut = m.returnType.type != CimType::Void;
        for (const auto& p : m.parameters) {
            hasIn |= parameterIsIn(p);
            hasOut |= parameterIsOut(p);
        }
        size_t start = reserve();
        put((hasIn || hasOut) ? (uint32_t(CimType::Object) | kCimArrayFlag) : 0);
        put(0);
        size_t valueRefAt = reserve();
        size_t qualsRefAt = reserve();
        size_t heap = out_.size();
        putBytes(utf16z(m.name));
        if (hasIn || hasOut) {
            patch(valueRefAt, rel(heap));
            size_t totalAt = reserve();
            put(1);
            put(uint32_t(hasIn) + uint32_t(hasOut));
            size_t rowAt = reserve();
            if (hasIn) parametersObject(m, true);
            if (hasOut) parametersObject(m, false);
            patch(rowAt, uint32_t(out_.size() - rowAt));
            patch(totalAt, uint32_t(out_.size() - totalAt));
        } else {
            patch(valueRefAt, kBmfNone);
        }
        patch(qualsRefAt, rel(heap));
        qualifierArray(m.qualifiers, {});
        patch(start, uint32_t(out_.size() - start));
    }

    void classObject(const ClassDecl& c) {
        object(kBmfKindClass, &c.qualifiers,
               [&] {
                   for (const auto& p : c.properties) userProperty(p, {});
                   uint32_t n = uint32_t(c.properties.size());
                   systemProperty("__CLASS", Value::fromString(c.name));
                   systemProperty("__NAMESPACE", Value::fromString(c.nameSpace));
                   n += 2;
                   if (!c.superclass.empty()) {
                       systemProperty("__SUPERCLASS", Value::fromString(c.superclass));
                       ++n;
                   }
                   if (c.classFlags) {
                       systemProperty("__CLASSFLAGS", Value::fromInt(*c.classFlags));
                       ++n;
                   }
                   if (c.instanceFlags) {
                       systemProperty("__INSTANCEFLAGS", Value::fromInt(*c.instanceFlags));
                       ++n;
                   }
                   return n;
               },
               [&] {
                   for (const auto& m : c.methods) method(m);
                   return uint32_t(c.methods.size());
               });
    }

    Bytes out_;
    std::vector<std::pair<uint32_t, uint32_t>> flavors_;
};

}  // namespace

Bytes serializeBmfObjects(const Schema& schema) { return BmfSerializer().run(schema); }

Bytes writeBmf(const Schema& schema) {
    Bytes objects = serializeBmfObjects(schema);
    Bytes stream = ds01Compress(objects.data(), objects.size());
    Bytes out;
    auto put = [&](uint32_t v) {
        for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
    };
    put(0x424D4F46);  // "FOMB"
    put(1);
    put(uint32_t(stream.size()));
    put(uint32_t(objects.size()));
    out.insert(out.end(), stream.begin(), stream.end());
    return out;
}

}  // namespace kwmi::mof
