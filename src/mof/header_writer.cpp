// `wmimofck -h` compatible header text (spec mof-toolchain §3).
#include <kwmi/mof/header.hpp>
#include <kwmi/mof/layout.hpp>

#include <cstdio>
#include <cstdlib>

namespace kwmi::mof {

namespace {

std::string cTypeOf(CimType t) {
    switch (t) {
    case CimType::Boolean: return "BOOLEAN";
    case CimType::Uint8: return "UCHAR";
    case CimType::Sint8: return "CHAR";
    case CimType::Uint16: return "USHORT";
    case CimType::Sint16: return "SHORT";
    case CimType::Char16: return "WCHAR";
    case CimType::Uint32: return "ULONG";
    case CimType::Sint32: return "LONG";
    case CimType::Uint64: return "ULONGLONG";
    case CimType::Sint64: return "LONGLONG";
    default: return "UCHAR";
    }
}

class HeaderWriter {
public:
    HeaderWriter(const Schema& schema, const HeaderOptions& options, Diagnostics& diags)
        : schema_(schema), options_(options), diags_(diags), layouts_(schema) {}

    std::string run() {
        std::string guard = includeGuardFor(options_.outputFileName);
        out_ = "#ifndef " + guard + "\n#define " + guard + "\n\n";
        for (const ClassDecl& c : schema_.classes) {
            if (!isGenerated(c)) continue;
            classBlock(c);
        }
        out_ += "#endif\n";
        return std::move(out_);
    }

    static bool isGenerated(const ClassDecl& c) {
        if (!c.qualifiers.flag("WMI")) return false;
        if (const Qualifier* q = c.qualifiers.find("WmiGenerateHeader"); q && !c.qualifiers.flag("WmiGenerateHeader"))
            return false;
        return true;
    }

    std::string structNameOf(const ClassDecl& c) const { return c.qualifiers.text("HeaderName").value_or(c.name); }

private:
    void cppQuote(const QualifierList& q) {
        if (auto text = q.text("cpp_quote")) out_ += "\n" + *text + "\n";
    }

    void classBlock(const ClassDecl& c) {
        std::string s = structNameOf(c);
        out_ += "// " + c.name + " - " + s + "\n";
        if (!options_.classCppQuoteAfterDescription) cppQuote(c.qualifiers);
        if (auto d = c.qualifiers.text("Description")) out_ += "// " + *d + "\n";
        if (options_.classCppQuoteAfterDescription) cppQuote(c.qualifiers);

        Guid g;
        auto gtext = c.qualifiers.text("guid");
        if (auto parsed = gtext ? parseGuid(*gtext) : std::nullopt) g = *parsed;
        else diags_.error(c.where, "class " + c.name + ": missing or malformed guid qualifier");
        std::string g1 = c.qualifiers.text("GuidName1").value_or(c.name + "Guid");
        std::string g2 = c.qualifiers.text("GuidName2").value_or(c.name + "_GUID");
        char buf[256];
        std::snprintf(buf, sizeof buf,
                      "#define %s \\\n    { 0x%08x,0x%04x,0x%04x, { 0x%02x,0x%02x,0x%02x,0x%02x,0x%02x,0x%02x,0x%02x,0x%02x } }\n\n",
                      g1.c_str(), unsigned(g.data1), unsigned(g.data2), unsigned(g.data3), g.data4[0], g.data4[1],
                      g.data4[2], g.data4[3], g.data4[4], g.data4[5], g.data4[6], g.data4[7]);
        out_ += buf;
        std::snprintf(buf, sizeof buf,
                      "#if ! (defined(MIDL_PASS))\nDEFINE_GUID(%s, \\\n            "
                      "0x%08x,0x%04x,0x%04x,0x%02x,0x%02x,0x%02x,0x%02x,0x%02x,0x%02x,0x%02x,0x%02x);\n#endif\n\n",
                      g2.c_str(), unsigned(g.data1), unsigned(g.data2), unsigned(g.data3), g.data4[0], g.data4[1],
                      g.data4[2], g.data4[3], g.data4[4], g.data4[5], g.data4[6], g.data4[7]);
        out_ += buf;

        if (!c.methods.empty()) {
            out_ += "//\n// Method id definitions for " + c.name + "\n";
            auto methods = layouts_.methodLayouts(c, diags_);
            for (const auto& ml : methods) {
                cppQuote(ml.method->qualifiers);
                out_ += "#define " + ml.method->name + "     " + std::to_string(ml.methodId) + "\n";
                if (!options_.methodStructs) continue;
                std::string mh = ml.method->qualifiers.text("HeaderName").value_or(ml.method->name);
                if (!ml.in.items.empty()) structBlock(mh + "_IN", ml.in);
                if (!ml.out.items.empty()) structBlock(mh + "_OUT", ml.out);
            }
            out_ += "\n";
        } else {
            out_ += "\n";
        }

        const ClassLayout* layout = layouts_.classLayout(c.name, diags_);
        if (!layout) return;
        if (!layout->items.empty()) structBlock(s, *layout);
    }

    bool isVariable(const ItemLayout& item) const {
        if (item.variableArray) return true;
        if (item.kind == ItemKind::String) return !(options_.unconditional && item.maxLen > 0);
        if (item.kind == ItemKind::Embedded) return !item.embedded->fixedSize;
        return false;
    }

    void structBlock(const std::string& s, const ClassLayout& layout) {
        int firstVariable = -1;
        bool hasMaxLenBuffer = false;
        for (size_t i = 0; i < layout.items.size(); ++i) {
            if (firstVariable < 0 && isVariable(layout.items[i])) firstVariable = int(i);
            if (layout.items[i].kind == ItemKind::String && !isVariable(layout.items[i])) hasMaxLenBuffer = true;
        }
        bool somethingAfterVariable = firstVariable >= 0 && size_t(firstVariable) + 1 < layout.items.size();
        if (somethingAfterVariable && !options_.unconditional) {
            out_ += "// Warning: Header for class " + s + " cannot be created\n";
            out_ += "typedef struct _" + s + "\n{\n    char VariableData[1];\n\n} " + s + ", *P" + s + ";\n\n";
            return;
        }
        out_ += "typedef struct _" + s + "\n{\n";
        for (size_t i = 0; i < layout.items.size(); ++i)
            member(s, layout.items[i], firstVariable >= 0 && int(i) > firstVariable);
        out_ += "} " + s + ", *P" + s + ";\n\n";
        if (firstVariable < 0 && !hasMaxLenBuffer) {
            const std::string& last = layout.items.back().name;
            out_ += "#define " + s + "_SIZE (FIELD_OFFSET(" + s + ", " + last + ") + " + s + "_" + last + "_SIZE)\n\n";
        }
    }

    void enumerationBlock(const QualifierList& q, const char* namesQ, const char* valuesQ, const char* commentsQ,
                          bool bitmap) {
        if (!q.has(namesQ)) return;
        auto names = q.texts(namesQ);
        auto values = q.texts(valuesQ);
        auto comments = q.texts(commentsQ);
        out_ += "\n";
        if (values.size() != names.size()) {
            if (bitmap) {
                out_ += "// Warning: Cannot create Bitmap definitions\n";
                out_ += "//          Requires DefineBitMap, BitValues and BitMap qualifiers with the same number of elements\n";
            } else {
                out_ += "// Warning: Cannot create Enumeration definitions\n";
                out_ += "//          Requires DefineValues, Values and ValueMap qualifiers with the same number of elements\n";
            }
        } else {
            for (size_t i = 0; i < names.size(); ++i) {
                if (i < comments.size()) out_ += "// " + comments[i] + "\n";
                std::string value = values[i];
                if (bitmap) {
                    char* end = nullptr;
                    unsigned long long v = std::strtoull(value.c_str(), &end, 0);
                    if (options_.bitMapDefinesShiftedMask) v = v < 64 ? (1ull << v) : 0;
                    char buf[32];
                    std::snprintf(buf, sizeof buf, "0x%llx", v);
                    value = buf;
                }
                out_ += "#define " + names[i] + " " + value + "\n";
            }
        }
        out_ += "\n";
    }

    void member(const std::string& s, const ItemLayout& item, bool commented) {
        const QualifierList& q = item.property->qualifiers;
        if (options_.memberCppQuoteBeforeDefineValues) cppQuote(q);
        enumerationBlock(q, "DefineValues", "ValueMap", "Values", false);
        enumerationBlock(q, "DefineBitMap", "BitMap", "BitValues", true);
        if (!options_.memberCppQuoteBeforeDefineValues) cppQuote(q);
        std::string m = q.text("DefineDataId").value_or(s + "_" + item.name);
        out_ += "    // " + q.text("Description").value_or("") + "\n";

        std::string type, suffix, sizeType;
        std::string name = item.name;
        bool fixed = true;
        if (item.kind == ItemKind::Embedded) {
            const ClassDecl* e = schema_.findClass(item.embedded->className);
            type = e ? structNameOf(*e) : item.embedded->className;
        } else if (item.kind == ItemKind::String || item.kind == ItemKind::Datetime) {
            type = "WCHAR";
        } else {
            type = cTypeOf(item.type);
        }
        if (item.variableArray) {
            suffix = "[1]";
            fixed = false;
        } else if (item.kind == ItemKind::String) {
            fixed = false;
            if (options_.unconditional && item.maxLen > 0) {
                suffix = "[" + std::to_string(item.maxLen) + " + 1]";
            } else {
                type = "CHAR";
                name = "VariableData";
                suffix = "[1]";
            }
        } else if (item.kind == ItemKind::Datetime) {
            suffix = (item.isArray ? "[" + std::to_string(item.fixedCount) + "]" : "") + "[25]";
            sizeType = "WCHAR" + suffix;
        } else if (item.isArray) {
            suffix = "[" + std::to_string(item.fixedCount) + "]";
            sizeType = type + suffix;
        } else {
            sizeType = type;
            if (item.kind == ItemKind::Embedded && !item.embedded->fixedSize) fixed = false;
        }
        if (item.kind == ItemKind::Embedded && !item.embedded->fixedSize) fixed = false;
        out_ += (commented ? "//  " : "    ") + type + " " + name + suffix + ";\n";
        if (fixed && (!commented || options_.commentedMembersKeepSize))
            out_ += "    #define " + m + "_SIZE sizeof(" + sizeType + ")\n";
        out_ += "    #define " + m + "_ID " + std::to_string(item.id) + "\n\n";
    }

    const Schema& schema_;
    const HeaderOptions& options_;
    Diagnostics& diags_;
    LayoutEngine layouts_;
    std::string out_;
};

}  // namespace

std::string includeGuardFor(const std::string& outputFileName) {
    std::string base = outputFileName;
    if (size_t slash = base.find_last_of("/\\"); slash != std::string::npos) base = base.substr(slash + 1);
    if (size_t dot = base.find_last_of('.'); dot != std::string::npos && dot != 0) base = base.substr(0, dot);
    for (char& ch : base)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_')) ch = '_';
    return "_" + base + "_h_";
}

std::string generateHeader(const Schema& schema, const HeaderOptions& options, Diagnostics& diags) {
    return HeaderWriter(schema, options, diags).run();
}

}  // namespace kwmi::mof
