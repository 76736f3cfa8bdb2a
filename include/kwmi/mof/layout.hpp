// WMI data-block layout (spec mof-toolchain §2): offsets, sizes and alignment of the
// data items of a class (WmiDataId order) and of method input/output buffers, with the
// /Zp8 rules computed explicitly (never the host ABI).
#pragma once

#include <kwmi/mof/diagnostics.hpp>
#include <kwmi/mof/model.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kwmi::mof {

struct ClassLayout;

enum class ItemKind { Scalar, String, Datetime, Embedded };

struct ItemLayout {
    const Property* property = nullptr;  // the MOF property or parameter
    std::string name;
    uint32_t id = 0;  // WmiDataId, or parameter ID + 1 in method buffers
    ItemKind kind = ItemKind::Scalar;
    CimType type = CimType::Void;
    const ClassLayout* embedded = nullptr;  // kind == Embedded
    uint32_t align = 1;
    uint32_t elementSize = 0;  // stride of one element; 0 for strings (run-time length)
    bool isArray = false;
    uint32_t fixedCount = 1;  // elements of a scalar or fixed array
    bool variableArray = false;  // count comes from `sizeIs`
    std::string sizeIs;          // WmiSizeIs property name
    int sizeIsIndex = -1;        // index into ClassLayout::items of the count item
    uint32_t maxLen = 0;         // MaxLen(n) of a string, 0 = unlimited
    bool offsetKnown = false;    // offset is fixed (nothing variable before it)
    uint32_t offset = 0;         // valid when offsetKnown

    // Fixed bytes of the whole item (count × stride) if it has a fixed size.
    bool fixedSize() const;
    uint32_t fixedBytes() const { return elementSize * fixedCount; }
};

struct ClassLayout {
    std::string className;
    std::vector<ItemLayout> items;  // WmiDataId order (base class items first)
    uint32_t align = 1;             // max item alignment, capped at 8
    bool fixedSize = true;          // no string, variable array or variable embedded class
    uint32_t dataSize = 0;          // end of the last item (the header's <S>_SIZE), when fixedSize
    uint32_t structSize = 0;        // dataSize rounded up to align (C sizeof), when fixedSize

    const ItemLayout* find(std::string_view name) const;  // case-insensitive
};

struct MethodLayout {
    const Method* method = nullptr;
    uint32_t methodId = 0;
    ClassLayout in;   // [in] parameters, ascending ID
    ClassLayout out;  // [out] parameters, ascending ID
};

// Computes and caches layouts of the classes of one schema. The schema must outlive it.
class LayoutEngine {
public:
    explicit LayoutEngine(const Schema& schema) : schema_(schema) {}

    // nullptr (with diagnostics) when the class cannot be laid out.
    const ClassLayout* classLayout(std::string_view className, Diagnostics& diags);
    const ClassLayout* classLayout(std::string_view className);  // diagnostics dropped
    std::vector<MethodLayout> methodLayouts(const ClassDecl& c, Diagnostics& diags);

private:
    bool layOutItems(const std::vector<std::pair<const Property*, uint32_t>>& items, ClassLayout& out,
                     Diagnostics& diags, int depth);
    const ClassLayout* classLayoutAt(std::string_view className, Diagnostics& diags, int depth);

    const Schema& schema_;
    std::map<std::string, std::unique_ptr<ClassLayout>> cache_;  // key: lower-case class name
    std::map<std::string, bool> inProgress_;
};

// Parameter position: explicit ID(n) qualifier, else the declaration index.
uint32_t parameterId(const Method& m, size_t index);
bool parameterIsIn(const Property& p);
bool parameterIsOut(const Property& p);

}  // namespace kwmi::mof
