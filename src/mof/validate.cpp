// wmimofck's structural checks (spec mof-toolchain §1.5), one message per violation.
#include <kwmi/mof/layout.hpp>
#include <kwmi/mof/validate.hpp>

#include <algorithm>
#include <map>

namespace kwmi::mof {

namespace {

bool isSystemName(std::string_view n) { return n.size() >= 2 && n[0] == '_' && n[1] == '_'; }
bool isInstanceNameOrActive(std::string_view n) {
    return equalsIgnoreCase(n, "InstanceName") || equalsIgnoreCase(n, "Active");
}

class Validator {
public:
    Validator(const Schema& schema, Diagnostics& diags) : schema_(schema), diags_(diags), layouts_(schema) {}

    void run() {
        for (const ClassDecl& c : schema_.classes) {
            checkTypesExist(c);
            if (c.qualifiers.flag("WMI")) checkWmiClass(c);
        }
    }

private:
    void error(const SourceLocation& at, const ClassDecl& c, const std::string& msg) {
        diags_.error(at, "class " + c.name + ": " + msg);
    }

    void checkTypesExist(const ClassDecl& c) {
        if (!c.superclass.empty() && !schema_.findClass(c.superclass) && !equalsIgnoreCase(c.superclass, "WMIEvent") &&
            !isSystemName(c.superclass))
            error(c.where, c, "superclass '" + c.superclass + "' is not declared");
        auto check = [&](const Property& p) {
            if ((p.type.type == CimType::Object || p.type.type == CimType::Reference) && !p.type.className.empty() &&
                !schema_.findClass(p.type.className))
                error(p.where, c, "type '" + p.type.className + "' of '" + p.name + "' is not a declared class");
        };
        for (const auto& p : c.properties) check(p);
        for (const auto& m : c.methods)
            for (const auto& p : m.parameters) check(p);
    }

    bool isEvent(const ClassDecl& c) const { return schema_.derivesFrom(c, "WMIEvent"); }
    // Data and event blocks are registered by a provider; embedded classes only describe layout.
    bool isBlock(const ClassDecl& c) const {
        return c.qualifiers.has("Dynamic") || c.qualifiers.has("Static") || c.qualifiers.has("Provider") || isEvent(c);
    }

    void checkWmiClass(const ClassDecl& c) {
        auto guid = c.qualifiers.text("guid");
        if (!guid) error(c.where, c, "a WMI class needs a guid(\"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\") qualifier");
        else if (!parseGuid(*guid))
            error(c.qualifiers.find("guid")->where, c,
                  "malformed guid \"" + *guid + "\" (expected 8-4-4-4-12 hexadecimal digits, braces optional)");
        if (c.name.empty() || !((c.name[0] >= 'a' && c.name[0] <= 'z') || (c.name[0] >= 'A' && c.name[0] <= 'Z')) ||
            c.name.back() == '_')
            error(c.where, c, "class names must start with a letter and must not begin or end with '_'");

        bool abstract = c.qualifiers.flag("abstract");
        auto props = schema_.allProperties(c);
        const Property* instanceName = nullptr;
        const Property* active = nullptr;
        for (const Property* p : props) {
            if (equalsIgnoreCase(p->name, "InstanceName")) instanceName = p;
            if (equalsIgnoreCase(p->name, "Active")) active = p;
        }
        if (isEvent(c) && abstract) error(c.where, c, "an event class (derived from WMIEvent) may not be abstract");
        if (isBlock(c)) {
            if (!c.qualifiers.has("Dynamic") && !c.qualifiers.has("Static"))
                error(c.where, c, "a WMI data block needs the Dynamic qualifier");
            if (!c.qualifiers.has("Provider"))
                error(c.where, c, "a WMI data block needs the Provider(\"WMIProv\") qualifier");
            else if (auto prov = c.qualifiers.text("Provider"); !prov || !equalsIgnoreCase(*prov, "WMIProv"))
                error(c.qualifiers.find("Provider")->where, c, "Provider must be \"WMIProv\"");
            if (!abstract) {
                if (!instanceName)
                    error(c.where, c, "a WMI data block needs the property [key, read] string InstanceName");
                if (!active) error(c.where, c, "a WMI data block needs the property [read] boolean Active");
            }
        } else {
            if (!c.methods.empty()) error(c.where, c, "an embedded class may not declare methods");
            if (!abstract && (instanceName || active))
                error(c.where, c, "an embedded class must be abstract or must not have InstanceName/Active");
        }
        if (instanceName) {
            if (instanceName->type.type != CimType::String || instanceName->isArray)
                error(instanceName->where, c, "InstanceName must be a string");
            if (!instanceName->qualifiers.flag("key")) error(instanceName->where, c, "InstanceName must carry the key qualifier");
            if (instanceName->qualifiers.has("WmiDataId"))
                error(instanceName->where, c, "InstanceName is not a data item and may not have WmiDataId");
        }
        if (active) {
            if (active->type.type != CimType::Boolean || active->isArray)
                error(active->where, c, "Active must be a boolean");
            if (active->qualifiers.has("WmiDataId"))
                error(active->where, c, "Active is not a data item and may not have WmiDataId");
        }
        checkEmbeddedClassesAreWmi(c, props);
        checkOneAbstractBase(c);
        checkDataIds(c, props);
        checkMethods(c);
        Diagnostics layoutDiags;
        layouts_.classLayout(c.name, layoutDiags);
        layouts_.methodLayouts(c, layoutDiags);
        diags_.append(layoutDiags);
    }

    // The header describes an embedded class only when it carries WMI (and is then checked as
    // one): any other class would leave its struct undefined in the generated header.
    void checkEmbeddedClassesAreWmi(const ClassDecl& c, const std::vector<const Property*>& props) {
        auto check = [&](const Property& p) {
            if (p.type.type != CimType::Object || p.type.className.empty()) return;
            const ClassDecl* embedded = schema_.findClass(p.type.className);
            if (embedded && !embedded->qualifiers.flag("WMI"))
                error(p.where, c, "embedded class '" + embedded->name + "' of '" + p.name +
                                      "' needs the WMI qualifier and a guid");
        };
        for (const Property* p : props) check(*p);
        for (const auto& m : c.methods)
            for (const auto& p : m.parameters) check(p);
    }

    // §1.5: only one abstract base per hierarchy (reported on the second abstract class).
    void checkOneAbstractBase(const ClassDecl& c) {
        if (!c.qualifiers.flag("abstract")) return;
        std::size_t depth = 0;
        for (const ClassDecl* base = schema_.findClass(c.superclass); base && depth < schema_.classes.size();
             base = schema_.findClass(base->superclass), ++depth) {
            if (base->qualifiers.flag("abstract")) {
                error(c.where, c, "only one abstract base class per hierarchy ('" + base->name + "' is abstract too)");
                return;
            }
        }
    }

    void checkDataIds(const ClassDecl& c, const std::vector<const Property*>& props) {
        std::map<int64_t, const Property*> ids;
        int64_t dataItems = 0;
        for (const Property* p : props)
            if (!isInstanceNameOrActive(p->name) && !isSystemName(p->name)) ++dataItems;
        for (const Property* p : props) {
            if (isInstanceNameOrActive(p->name) || isSystemName(p->name)) continue;
            const Qualifier* q = p->qualifiers.find("WmiDataId");
            if (!q) {
                error(p->where, c, "property '" + p->name + "' needs a WmiDataId(n) qualifier");
                continue;
            }
            if (q->value.kind != Value::Kind::Int) {
                error(q->where, c, "WmiDataId of '" + p->name + "' must be an integer");
                continue;
            }
            int64_t id = q->value.integer;
            if (id < 1 || id > dataItems) {
                error(q->where, c, "WmiDataId(" + std::to_string(id) + ") of '" + p->name + "' is out of range (1.." +
                                       std::to_string(dataItems) + ")");
                if (id < 1 || id > 0xFFFF) continue;  // still recorded so the gap below is reported too
            }
            if (auto it = ids.find(id); it != ids.end()) {
                error(q->where, c, "duplicate WmiDataId(" + std::to_string(id) + ") on '" + p->name + "' and '" +
                                       it->second->name + "'");
                continue;
            }
            ids[id] = p;
        }
        if (ids.empty()) return;
        for (int64_t expect = 1; expect < ids.rbegin()->first; ++expect)
            if (!ids.count(expect)) error(c.where, c, "WmiDataId " + std::to_string(expect) + " is not defined (ids must be contiguous from 1)");
    }

    void checkMethods(const ClassDecl& c) {
        std::map<int64_t, const Method*> ids;
        for (const Method& m : c.methods) {
            if (m.returnType.type != CimType::Void)
                error(m.where, c, "method '" + m.name + "' must return void (WMI methods return data through [out] parameters)");
            if (!m.qualifiers.flag("Implemented"))
                error(m.where, c, "method '" + m.name + "' needs the Implemented qualifier");
            auto id = m.qualifiers.integer("WmiMethodId");
            if (!id) {
                error(m.where, c, "method '" + m.name + "' needs a WmiMethodId(n) qualifier");
            } else if (*id <= 0 || *id > 0xFFFFFFFFLL) {
                error(m.where, c, "WmiMethodId of method '" + m.name + "' must be a positive 32-bit number");
            } else if (auto it = ids.find(*id); it != ids.end()) {
                error(m.where, c, "duplicate WmiMethodId(" + std::to_string(*id) + ") on methods '" + m.name + "' and '" +
                                      it->second->name + "'");
            } else {
                ids[*id] = &m;
            }
        }
    }

    const Schema& schema_;
    Diagnostics& diags_;
    LayoutEngine layouts_;
};

}  // namespace

void validateSchema(const Schema& schema, Diagnostics& diags) { Validator(schema, diags).run(); }

}  // namespace kwmi::mof
