// Data-block layout with explicit /Zp8 rules (spec mof-toolchain §2.1).
#include <kwmi/mof/layout.hpp>

#include <algorithm>

namespace kwmi::mof {

namespace {
constexpr int kMaxNesting = 32;

uint32_t alignUp(uint32_t v, uint32_t a) { return (v + a - 1) / a * a; }

std::string lowerKey(std::string_view s) {
    std::string k(s);
    for (char& c : k)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return k;
}

// Size (= alignment) of a scalar wire type; 0 when the type has no scalar mapping.
uint32_t scalarSize(CimType t) {
    switch (t) {
    case CimType::Boolean: case CimType::Uint8: case CimType::Sint8: return 1;
    case CimType::Uint16: case CimType::Sint16: case CimType::Char16: return 2;
    case CimType::Uint32: case CimType::Sint32: return 4;
    case CimType::Uint64: case CimType::Sint64: return 8;
    default: return 0;
    }
}
}  // namespace

bool ItemLayout::fixedSize() const {
    if (variableArray || kind == ItemKind::String) return false;
    return elementSize != 0;
}

const ItemLayout* ClassLayout::find(std::string_view n) const {
    for (const auto& i : items)
        if (equalsIgnoreCase(i.name, n)) return &i;
    return nullptr;
}

uint32_t parameterId(const Method& m, size_t index) {
    if (auto id = m.parameters[index].qualifiers.integer("ID"); id && *id >= 0) return uint32_t(*id);
    return uint32_t(index);
}

bool parameterIsIn(const Property& p) {
    return p.qualifiers.flag("in") || (!p.qualifiers.has("in") && !p.qualifiers.has("out"));
}

bool parameterIsOut(const Property& p) {
    return p.qualifiers.flag("out") || (!p.qualifiers.has("in") && !p.qualifiers.has("out"));
}

const ClassLayout* LayoutEngine::classLayout(std::string_view className) {
    Diagnostics ignored;
    return classLayout(className, ignored);
}

const ClassLayout* LayoutEngine::classLayout(std::string_view className, Diagnostics& diags) {
    return classLayoutAt(className, diags, 0);
}

const ClassLayout* LayoutEngine::classLayoutAt(std::string_view className, Diagnostics& diags, int depth) {
    std::string key = lowerKey(className);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second.get();
    const ClassDecl* c = schema_.findClass(className);
    if (!c) return nullptr;
    if (inProgress_[key] || depth > kMaxNesting) {
        diags.error(c->where, "class " + c->name + " embeds itself (directly or through other classes)");
        return nullptr;
    }
    inProgress_[key] = true;
    auto layout = std::make_unique<ClassLayout>();
    layout->className = c->name;
    std::vector<std::pair<const Property*, uint32_t>> items;
    for (const Property* p : schema_.allProperties(*c)) {
        auto id = p->qualifiers.integer("WmiDataId");
        if (!id) continue;
        if (*id < 1 || *id > 0xFFFF) {
            diags.error(p->where, "WmiDataId(" + std::to_string(*id) + ") of " + c->name + "." + p->name +
                                      " is out of range (ids start at 1)");
            inProgress_[key] = false;
            return nullptr;
        }
        items.emplace_back(p, uint32_t(*id));
    }
    std::stable_sort(items.begin(), items.end(), [](auto& a, auto& b) { return a.second < b.second; });
    bool ok = layOutItems(items, *layout, diags, depth);
    inProgress_[key] = false;
    if (!ok) return nullptr;
    auto* raw = layout.get();
    cache_[key] = std::move(layout);
    return raw;
}

bool LayoutEngine::layOutItems(const std::vector<std::pair<const Property*, uint32_t>>& props, ClassLayout& out,
                               Diagnostics& diags, int depth) {
    bool ok = true;
    for (const auto& entry : props) {
        const Property* p = entry.first;
        const uint32_t id = entry.second;
        ItemLayout item;
        item.property = p;
        item.name = p->name;
        item.id = id;
        item.type = p->type.type;
        item.isArray = p->isArray;
        auto fail = [&](const std::string& msg) {
            diags.error(p->where, "data item '" + p->name + "' of " + out.className + ": " + msg);
            ok = false;
        };
        if (p->type.type == CimType::String) {
            item.kind = ItemKind::String;
            item.align = 2;
            item.elementSize = 0;
            if (auto ml = p->qualifiers.integer("MaxLen"); ml && *ml > 0) item.maxLen = uint32_t(*ml);
        } else if (p->type.type == CimType::Datetime) {
            item.kind = ItemKind::Datetime;
            item.align = 2;
            item.elementSize = 50;
        } else if (p->type.type == CimType::Object && !p->type.className.empty()) {
            item.kind = ItemKind::Embedded;
            const ClassDecl* ec = schema_.findClass(p->type.className);
            if (!ec) {
                fail("embedded class '" + p->type.className + "' is not declared");
                continue;
            }
            const ClassLayout* el = classLayoutAt(ec->name, diags, depth + 1);
            if (!el) {
                fail("embedded class '" + p->type.className + "' cannot be laid out");
                continue;
            }
            item.embedded = el;
            item.align = el->align;
            item.elementSize = el->fixedSize ? el->structSize : 0;
        } else if (uint32_t size = scalarSize(p->type.type)) {
            item.kind = ItemKind::Scalar;
            item.align = size;
            item.elementSize = size;
        } else {
            fail("type '" + std::string(cimTypeName(p->type.type)) +
                 "' cannot be a WMI data item (expected boolean, uint8/16/32/64, sint8/16/32/64, char16, string, "
                 "datetime or an embedded class)");
            continue;
        }
        auto sizeIs = p->qualifiers.text("WmiSizeIs");
        if (p->qualifiers.has("WmiSizeIs") && !sizeIs) {
            fail("WmiSizeIs needs the name of the count property as a string");
            continue;
        }
        if (sizeIs) {
            if (p->fixedCount != 0) {
                fail("array is both fixed (" + std::to_string(p->fixedCount) + ") and variable (WmiSizeIs)");
                continue;
            }
            item.variableArray = true;
            item.sizeIs = *sizeIs;
            item.fixedCount = 0;
        } else if (p->isArray && p->fixedCount == 0) {
            fail("array without dimension: give a size [N] or a WmiSizeIs(\"CountProperty\") qualifier");
            continue;
        } else if (p->isArray) {
            item.fixedCount = p->fixedCount;
        }
        out.items.push_back(std::move(item));
    }
    // Resolve WmiSizeIs to the count item and compute offsets.
    uint32_t cursor = 0;
    bool known = true;
    out.align = 1;
    for (size_t i = 0; i < out.items.size(); ++i) {
        ItemLayout& item = out.items[i];
        if (item.variableArray) {
            for (size_t j = 0; j < out.items.size(); ++j)
                if (equalsIgnoreCase(out.items[j].name, item.sizeIs)) item.sizeIsIndex = int(j);
            if (item.sizeIsIndex < 0) {
                diags.error(item.property->where, "WmiSizeIs(\"" + item.sizeIs + "\") of '" + item.name + "' in " +
                                                      out.className + " names no data item of the class");
                ok = false;
            } else {
                const ItemLayout& count = out.items[size_t(item.sizeIsIndex)];
                if (count.kind != ItemKind::Scalar || !isIntegral(count.type) || count.isArray) {
                    diags.error(item.property->where, "WmiSizeIs(\"" + item.sizeIs + "\") of '" + item.name +
                                                          "': the count property must be a scalar integer");
                    ok = false;
                }
            }
        }
        out.align = std::max(out.align, std::min<uint32_t>(item.align, 8));
        if (known) {
            item.offsetKnown = true;
            item.offset = alignUp(cursor, item.align);
            if (item.fixedSize()) cursor = item.offset + item.fixedBytes();
            else known = false;
        }
    }
    out.fixedSize = known;
    out.dataSize = known ? cursor : 0;
    out.structSize = known ? alignUp(cursor, out.align) : 0;
    return ok;
}

std::vector<MethodLayout> LayoutEngine::methodLayouts(const ClassDecl& c, Diagnostics& diags) {
    std::vector<MethodLayout> out;
    for (const Method& m : c.methods) {
        MethodLayout ml;
        ml.method = &m;
        ml.methodId = uint32_t(m.qualifiers.integer("WmiMethodId").value_or(0));
        ml.in.className = c.name + "." + m.name + " input";
        ml.out.className = c.name + "." + m.name + " output";
        std::vector<std::pair<const Property*, uint32_t>> ins, outs;
        for (size_t i = 0; i < m.parameters.size(); ++i) {
            uint32_t id = parameterId(m, i) + 1;
            if (parameterIsIn(m.parameters[i])) ins.emplace_back(&m.parameters[i], id);
            if (parameterIsOut(m.parameters[i])) outs.emplace_back(&m.parameters[i], id);
        }
        auto byId = [](auto& a, auto& b) { return a.second < b.second; };
        std::stable_sort(ins.begin(), ins.end(), byId);
        std::stable_sort(outs.begin(), outs.end(), byId);
        layOutItems(ins, ml.in, diags, 0);
        layOutItems(outs, ml.out, diags, 0);
        out.push_back(std::move(ml));
    }
    return out;
}

}  // namespace kwmi::mof
