// The class model shared by the MOF parser, the BMF reader and every back end.
#pragma once

#include <kwmi/mof/diagnostics.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kwmi::mof {

// CIM type codes (the CIMTYPE enumeration as stored in binary MOF).
enum class CimType : uint16_t {
    Void = 0,
    Sint16 = 2,
    Sint32 = 3,
    Real32 = 4,
    Real64 = 5,
    String = 8,
    Boolean = 11,
    Object = 13,
    Sint8 = 16,
    Uint8 = 17,
    Uint16 = 18,
    Uint32 = 19,
    Sint64 = 20,
    Uint64 = 21,
    Datetime = 101,
    Reference = 102,
    Char16 = 103,
};
inline constexpr uint32_t kCimArrayFlag = 0x2000;

std::string_view cimTypeName(CimType t);                       // "uint32", "object" …
std::optional<CimType> cimTypeFromName(std::string_view name);  // case-insensitive; no "object"/"ref"
bool isIntegral(CimType t);
bool isSigned(CimType t);

// Qualifier flavour bits as stored in binary MOF.
enum Flavor : uint32_t {
    FlavorToInstance = 0x01,
    FlavorToSubClass = 0x02,
    FlavorDisableOverride = 0x10,
    FlavorAmended = 0x80,
};

// A constant value (qualifier value, default value, instance property value).
struct Value {
    enum class Kind { Null, Bool, Int, Real, String, Array };
    Kind kind = Kind::Null;
    bool boolean = false;
    int64_t integer = 0;
    double real = 0;
    std::string text;  // UTF-8
    std::vector<Value> items;

    static Value null() { return {}; }
    static Value fromBool(bool b);
    static Value fromInt(int64_t i);
    static Value fromReal(double r);
    static Value fromString(std::string s);
    static Value array(std::vector<Value> items);

    bool operator==(const Value&) const = default;
};

struct Qualifier {
    std::string name;  // spelling as written
    Value value;
    uint32_t flavors = 0;
    SourceLocation where;
};

// Case-insensitive name lookup over a qualifier list.
struct QualifierList {
    std::vector<Qualifier> items;

    const Qualifier* find(std::string_view name) const;
    bool has(std::string_view name) const { return find(name) != nullptr; }
    // Boolean qualifiers: present without value or with TRUE.
    bool flag(std::string_view name) const;
    std::optional<std::string> text(std::string_view name) const;
    std::optional<int64_t> integer(std::string_view name) const;
    std::vector<std::string> texts(std::string_view name) const;  // array (or single) string qualifier
};

struct TypeRef {
    CimType type = CimType::Void;
    std::string className;  // embedded class (Object) or referenced class (Reference); may be empty
};

// A property of a class or a parameter of a method.
struct Property {
    std::string name;
    TypeRef type;
    bool isArray = false;
    uint32_t fixedCount = 0;  // N of X[N]; 0 for X[] or scalars
    std::optional<Value> defaultValue;
    QualifierList qualifiers;
    SourceLocation where;
};

struct Method {
    std::string name;
    TypeRef returnType;  // Void for WMI methods
    std::vector<Property> parameters;
    QualifierList qualifiers;
    SourceLocation where;
};

struct ClassDecl {
    std::string name;
    std::string superclass;  // empty when none
    QualifierList qualifiers;
    std::vector<Property> properties;
    std::vector<Method> methods;
    std::string nameSpace = "root\\default";  // from #pragma namespace
    std::optional<int32_t> classFlags;        // from #pragma classflags
    std::optional<int32_t> instanceFlags;     // from #pragma instanceflags
    SourceLocation where;

    const Property* findProperty(std::string_view name) const;  // case-insensitive, own properties
};

struct InstanceDecl {
    std::string className;
    std::string alias;
    QualifierList qualifiers;
    std::vector<std::pair<std::string, Value>> values;
    SourceLocation where;
};

struct Schema {
    std::vector<ClassDecl> classes;  // declaration order
    std::vector<InstanceDecl> instances;

    // Case-insensitive; the last declaration of a name wins. Backed by an index that is
    // rebuilt when the number of classes changes (call invalidateIndex() after renaming).
    const ClassDecl* findClass(std::string_view name) const;
    void invalidateIndex() const { indexedCount_ = 0; index_.clear(); }
    // Own properties plus inherited ones, base classes first.
    std::vector<const Property*> allProperties(const ClassDecl& c) const;
    // True if `c` is or derives from `base` (case-insensitive).
    bool derivesFrom(const ClassDecl& c, std::string_view base) const;

private:
    mutable std::unordered_map<std::string, size_t> index_;  // lower-case name → position
    mutable size_t indexedCount_ = 0;
};

bool equalsIgnoreCase(std::string_view a, std::string_view b);

// A GUID as written in a `guid("…")` qualifier (braces optional, hex case free).
struct Guid {
    uint32_t data1 = 0;
    uint16_t data2 = 0, data3 = 0;
    uint8_t data4[8] = {};
    bool operator==(const Guid&) const = default;
};
std::optional<Guid> parseGuid(std::string_view text);
std::string formatGuid(const Guid& g);  // "1b2c3d4e-5f60-…" lower case, no braces

}  // namespace kwmi::mof
