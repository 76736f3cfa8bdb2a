// classes, query, select, set, call: the commands that read and write WMI blocks.
#include "commands.hpp"

#include "text_util.hpp"
#include "value_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <iomanip>
#include <sstream>

namespace kwmi::cli::host {

namespace {

std::string InstanceChoices(Session& s, const BlockClass& c) {
    Reply all = s.Consumer().QueryAllData(c.guid);
    if (!all) return "(none)";
    std::vector<InstanceView> views;
    if (!ParseAllDataChain(all.bytes, views) || views.empty()) return "(none)";
    std::string out;
    for (const auto& v : views) AppendListItem(out, ToUtf8(v.name), ", ");
    return out;
}

std::string PropertyChoices(const mof::ClassLayout& layout) {
    std::string out;
    for (const auto& item : layout.items) AppendListItem(out, item.name, ", ");
    return out.empty() ? "(none)" : out;
}

[[noreturn]] void Fail(Session& s, const BlockClass& c, const std::string& what, ULONG error,
                       const std::string& instance = "") {
    std::string message = what + " failed: " + Win32Text(error);
    if (error == ERROR_WMI_INSTANCE_NOT_FOUND)
        message += "; instances of " + c.decl->name + ": " + InstanceChoices(s, c);
    if (!instance.empty() && error == ERROR_WMI_GUID_NOT_FOUND) message += " (no provider has registered it now)";
    throw CommandError(message);
}

void RequireDataClass(const BlockClass& c, const char* command) {
    if (c.isEvent)
        throw CommandError(std::string(command) + ": " + c.decl->name + " is an event class; use `watch " +
                           c.decl->name + "` to receive its events");
}

mof::ValueNode KeepColumns(const mof::ValueNode& value, const std::vector<std::string>& columns) {
    if (columns.empty()) return value;
    mof::ValueNode kept = value;
    kept.children.clear();
    for (const auto& column : columns)
        if (const auto* member = FindMember(value, column)) kept.children.push_back(*member);
    return kept;
}

}  // namespace

std::string Win32Text(unsigned long error) {
    static const std::pair<unsigned long, const char*> kNames[] = {
        {ERROR_SUCCESS, "ERROR_SUCCESS"},
        {ERROR_INVALID_FUNCTION, "ERROR_INVALID_FUNCTION"},
        {ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED"},
        {ERROR_INVALID_HANDLE, "ERROR_INVALID_HANDLE"},
        {ERROR_NOT_ENOUGH_MEMORY, "ERROR_NOT_ENOUGH_MEMORY"},
        {ERROR_INVALID_DATA, "ERROR_INVALID_DATA"},
        {ERROR_GEN_FAILURE, "ERROR_GEN_FAILURE"},
        {ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED"},
        {ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER"},
        {ERROR_INSUFFICIENT_BUFFER, "ERROR_INSUFFICIENT_BUFFER"},
        {ERROR_MORE_DATA, "ERROR_MORE_DATA"},
        {ERROR_WMI_GUID_NOT_FOUND, "ERROR_WMI_GUID_NOT_FOUND"},
        {ERROR_WMI_INSTANCE_NOT_FOUND, "ERROR_WMI_INSTANCE_NOT_FOUND"},
        {ERROR_WMI_ITEMID_NOT_FOUND, "ERROR_WMI_ITEMID_NOT_FOUND"},
        {ERROR_WMI_TRY_AGAIN, "ERROR_WMI_TRY_AGAIN"},
        {ERROR_WMI_READ_ONLY, "ERROR_WMI_READ_ONLY"},
        {ERROR_WMI_SET_FAILURE, "ERROR_WMI_SET_FAILURE"},
    };
    for (const auto& [code, name] : kNames)
        if (code == error) return std::string(name) + " (" + std::to_string(error) + ")";
    return "Win32 error " + std::to_string(error);
}

void PrintInstances(Session& s, const std::vector<mof::DecodedInstance>& instances, OutputFormat format,
                    const std::vector<std::string>& columns) {
    std::ostream& out = s.Out();
    if (format == OutputFormat::Json) {
        std::vector<mof::DecodedInstance> kept;
        for (const auto& i : instances) kept.push_back({i.instanceName, KeepColumns(i.value, columns), i.size});
        out << mof::renderJson(kept) << "\n";
        return;
    }
    if (format == OutputFormat::Csv) {
        if (instances.empty()) return;
        mof::ValueNode first = KeepColumns(instances.front().value, columns);
        out << "InstanceName";
        for (const auto& member : first.children) out << "," << CsvField(member.name);
        out << "\n";
        for (const auto& i : instances) {
            out << CsvField(i.instanceName);
            for (const auto& member : KeepColumns(i.value, columns).children) out << "," << CsvField(ValueText(member));
            out << "\n";
        }
        return;
    }
    for (const auto& i : instances) {
        out << "instance " << i.instanceName << "\n";
        std::istringstream table(mof::renderTable(KeepColumns(i.value, columns)));
        for (std::string line; std::getline(table, line);) out << "  " << line << "\n";
    }
}

void CmdClasses(Session& s, const Args& args, OutputFormat format) {
    if (!args.empty()) throw CommandError("classes takes no arguments");
    struct Row {
        std::string guid, name, instances, flags;
    };
    std::vector<Row> rows;
    for (const BlockClass& c : s.Classes()) {
        Row row{c.guidText, c.decl->name, "-", ""};
        std::vector<std::string> flags;
        WMIGUIDINFORMATION info{};
        info.Size = sizeof info;
        const ULONG infoError = s.Consumer().QueryGuidInformation(c.guid, &info);
        const bool embedded = !c.isEvent && !c.decl->findProperty("InstanceName");
        if (embedded) flags.push_back("embedded");
        else if (infoError == ERROR_WMI_GUID_NOT_FOUND) flags.push_back("not-registered");
        if (c.isEvent) flags.push_back("event");
        if (infoError == ERROR_SUCCESS && info.IsExpensive) flags.push_back("expensive");
        if (infoError == ERROR_SUCCESS && info.IsEventOnly && !c.isEvent) flags.push_back("event-only");
        if (!c.isEvent && infoError == ERROR_SUCCESS) {
            Reply all = s.Consumer().QueryAllData(c.guid);
            std::vector<InstanceView> views;
            if (all && ParseAllDataChain(all.bytes, views)) row.instances = std::to_string(views.size());
            else if (all.error == ERROR_WMI_INSTANCE_NOT_FOUND || all.error == ERROR_WMI_GUID_NOT_FOUND) row.instances = "0";
            else row.instances = "? (" + Win32Text(all.error) + ")";
        }
        if (!c.layout) flags.push_back("no-layout");
        for (const auto& f : flags) AppendListItem(row.flags, f, ",");
        rows.push_back(row);
    }
    std::ostream& out = s.Out();
    if (format == OutputFormat::Json) {
        auto array = nlohmann::json::array();
        for (const auto& r : rows)
            array.push_back({{"guid", r.guid}, {"class", r.name}, {"instances", r.instances}, {"flags", r.flags}});
        out << array.dump(2) << "\n";
        return;
    }
    if (format == OutputFormat::Csv) {
        out << "Guid,Class,Instances,Flags\n";
        for (const auto& r : rows)
            out << r.guid << "," << CsvField(r.name) << "," << r.instances << "," << CsvField(r.flags) << "\n";
        return;
    }
    std::vector<wmi::MofResource> resources;
    if (s.Consumer().MofResources(resources) == ERROR_SUCCESS)
        for (const auto& r : resources)
            out << "MOF resource \"" << ToUtf8(r.resourceName) << "\" of " << ToUtf8(r.imagePath) << "\n";
    out << "schema: " << s.SchemaSource() << "\n";
    std::size_t width = 5;
    for (const auto& r : rows) width = std::max(width, r.name.size());
    out << std::left << std::setw(38) << "GUID" << std::setw(static_cast<int>(width) + 2) << "CLASS"
        << std::setw(11) << "INSTANCES" << "FLAGS\n";
    for (const auto& r : rows)
        out << std::setw(38) << r.guid << std::setw(static_cast<int>(width) + 2) << r.name << std::setw(11)
            << r.instances << r.flags << "\n";
    out << std::right;
}

void CmdQuery(Session& s, const Args& args, OutputFormat format) {
    if (args.empty() || args.size() > 2) throw CommandError("usage: query CLASS|GUID [INSTANCE]");
    const BlockClass& c = s.Resolve(args[0]);
    RequireDataClass(c, "query");
    if (args.size() == 2) {
        const std::string instance = Unquote(args[1]);
        Reply reply = s.Consumer().QuerySingleInstance(c.guid, ToUtf16(instance));
        if (!reply) Fail(s, c, "query " + c.decl->name + " " + instance, reply.error, instance);
        auto decoded = s.DecodeSingle(c, reply.bytes);
        for (auto& i : decoded) i.instanceName = instance;  // as asked (the decoder may show "#n")
        PrintInstances(s, decoded, format);
        return;
    }
    Reply reply = s.Consumer().QueryAllData(c.guid);
    if (reply.error == ERROR_WMI_GUID_NOT_FOUND || reply.error == ERROR_WMI_INSTANCE_NOT_FOUND) {
        if (format == OutputFormat::Json) s.Out() << "[]\n";
        else if (format == OutputFormat::Table)
            s.Out() << "(no instances of " << c.decl->name << ": " << Win32Text(reply.error) << ")\n";
        return;
    }
    if (!reply) Fail(s, c, "query " + c.decl->name, reply.error);
    PrintInstances(s, s.DecodeAll(c, reply.bytes), format);
}

namespace {

struct Condition {
    std::string property, op, value;
};

bool Matches(const mof::DecodedInstance& instance, const Condition& cond) {
    std::string actual;
    if (mof::equalsIgnoreCase(cond.property, "InstanceName")) {
        actual = instance.instanceName;
    } else if (const auto* member = FindMember(instance.value, cond.property)) {
        actual = ValueText(*member);
    } else {
        return false;
    }
    char* endA = nullptr;
    char* endB = nullptr;
    const double a = std::strtod(actual.c_str(), &endA);
    const double b = std::strtod(cond.value.c_str(), &endB);
    const bool numeric = !actual.empty() && !cond.value.empty() && *endA == '\0' && *endB == '\0';
    const int order = numeric ? (a < b ? -1 : a > b ? 1 : 0) : Lower(actual).compare(Lower(cond.value));
    if (cond.op == "=") return order == 0;
    if (cond.op == "!=" || cond.op == "<>") return order != 0;
    if (cond.op == "<") return order < 0;
    if (cond.op == ">") return order > 0;
    if (cond.op == "<=") return order <= 0;
    return order >= 0;  // ">="
}

}  // namespace

void CmdSelect(Session& s, const Args& args, OutputFormat format) {
    // Re-split so "a,b", "a , b" and "prop=value" all parse.
    std::string text;
    for (const auto& a : args) text += a + " ";
    std::vector<std::string> tokens;
    {
        std::string current;
        bool quoted = false;
        auto flush = [&] {
            if (!current.empty()) tokens.push_back(current);
            current.clear();
        };
        for (std::size_t i = 0; i < text.size(); ++i) {
            char ch = text[i];
            if (ch == '"') quoted = !quoted;
            if (!quoted && (ch == ' ' || ch == ',')) {
                flush();
                continue;
            }
            if (!quoted && std::strchr("=<>!", ch)) {
                flush();
                std::string op(1, ch);
                if (i + 1 < text.size() && std::strchr("=>", text[i + 1])) op += text[++i];
                tokens.push_back(op);
                continue;
            }
            current += ch;
        }
        flush();
    }
    const char* usage = "usage: select *|PROP[,PROP…] from CLASS [where PROP =|!=|<|>|<=|>= VALUE]";
    auto from = std::find_if(tokens.begin(), tokens.end(), [](const std::string& t) { return Lower(t) == "from"; });
    if (from == tokens.begin() || from == tokens.end() || from + 1 == tokens.end()) throw CommandError(usage);
    std::vector<std::string> columns(tokens.begin(), from);
    if (columns.size() == 1 && columns[0] == "*") columns.clear();
    const BlockClass& c = s.Resolve(*(from + 1));
    RequireDataClass(c, "select");
    const auto& layout = s.LayoutOf(c);
    auto known = [&](const std::string& name) { return mof::equalsIgnoreCase(name, "InstanceName") || layout.find(name); };
    for (const auto& column : columns)
        if (!known(column))
            throw CommandError("unknown property '" + column + "' of " + c.decl->name + "; valid properties: " +
                               PropertyChoices(layout));
    std::optional<Condition> condition;
    auto rest = from + 2;
    if (rest != tokens.end()) {
        if (Lower(*rest) != "where" || tokens.end() - rest != 4) throw CommandError(usage);
        condition = Condition{rest[1], rest[2], Unquote(rest[3])};
        static const char* kOps[] = {"=", "!=", "<>", "<", ">", "<=", ">="};
        if (std::none_of(std::begin(kOps), std::end(kOps), [&](const char* op) { return condition->op == op; }))
            throw CommandError("unknown operator '" + condition->op + "'; valid operators: = != <> < > <= >=");
        if (!known(condition->property))
            throw CommandError("unknown property '" + condition->property + "' of " + c.decl->name +
                               "; valid properties: " + PropertyChoices(layout));
    }
    Reply reply = s.Consumer().QueryAllData(c.guid);
    std::vector<mof::DecodedInstance> instances;
    if (reply) {
        instances = s.DecodeAll(c, reply.bytes);
    } else if (reply.error != ERROR_WMI_GUID_NOT_FOUND && reply.error != ERROR_WMI_INSTANCE_NOT_FOUND) {
        Fail(s, c, "select from " + c.decl->name, reply.error);
    }
    if (condition)
        instances.erase(std::remove_if(instances.begin(), instances.end(),
                                       [&](const auto& i) { return !Matches(i, *condition); }),
                        instances.end());
    if (instances.empty() && format == OutputFormat::Table) s.Out() << "(no matching instances)\n";
    PrintInstances(s, instances, format, columns);
}

void CmdSet(Session& s, const Args& args, OutputFormat /*format*/) {
    if (args.size() < 3) throw CommandError("usage: set CLASS INSTANCE PROP=VALUE [PROP=VALUE…]");
    const BlockClass& c = s.Resolve(args[0]);
    RequireDataClass(c, "set");
    const auto& layout = s.LayoutOf(c);
    const std::string instance = Unquote(args[1]);
    for (std::size_t a = 2; a < args.size(); ++a) {
        const std::string& assignment = args[a];
        const auto eq = assignment.find('=');
        if (eq == std::string::npos || eq == 0)
            throw CommandError("'" + assignment + "' is not PROP=VALUE; properties of " + c.decl->name + ": " +
                               PropertyChoices(layout));
        const std::string name = assignment.substr(0, eq);
        const mof::ItemLayout* item = layout.find(name);
        if (!item)
            throw CommandError("unknown property '" + name + "' of " + c.decl->name + "; valid properties: " +
                               PropertyChoices(layout));
        mof::Diagnostics diags;
        auto block = mof::encodeBlock(layout, {assignment}, diags);
        if (!block) {
            std::string message = diags.all().empty() ? "invalid value" : diags.all().front().message;
            throw CommandError("set " + c.decl->name + "." + item->name + ": " + message);
        }
        // The item's bytes inside the encoded block: its offset from decoding it back.
        auto decoded = mof::decodeBlock(layout, block->data(), block->size(), diags);
        const mof::ValueNode* node = decoded ? FindMember(*decoded, item->name) : nullptr;
        if (!node) throw CommandError("set " + c.decl->name + "." + item->name + ": cannot locate the item");
        std::size_t size = 0;
        if (item->fixedSize()) {
            size = item->fixedBytes();
        } else if (item->kind == mof::ItemKind::String && !item->isArray && node->offset + 2 <= block->size()) {
            size = 2 + ((*block)[node->offset] | ((*block)[node->offset + 1] << 8));
        } else {
            throw CommandError(c.decl->name + "." + item->name + " has a variable size and cannot be set on its own");
        }
        if (node->offset + size > block->size()) throw CommandError("set " + item->name + ": encoded item truncated");
        std::span<const std::uint8_t> bytes(block->data() + node->offset, size);
        const ULONG error = s.Consumer().SetSingleItem(c.guid, ToUtf16(instance), item->id, bytes);
        if (error != ERROR_SUCCESS) Fail(s, c, "set " + c.decl->name + "." + item->name + " on " + instance, error, instance);
        s.Out() << "set " << c.decl->name << " " << instance << ": " << item->name << " = " << ValueText(*node) << "\n";
    }
}

void CmdCall(Session& s, const Args& args, OutputFormat format) {
    if (args.size() < 3) throw CommandError("usage: call CLASS INSTANCE METHOD [ARG=VALUE…]");
    const BlockClass& c = s.Resolve(args[0]);
    RequireDataClass(c, "call");
    const std::string instance = Unquote(args[1]);
    auto methods = s.Methods(c);
    auto method = std::find_if(methods.begin(), methods.end(),
                               [&](const auto& m) { return mof::equalsIgnoreCase(m.method->name, args[2]); });
    if (method == methods.end()) {
        std::string choices;
        for (const auto& m : methods) AppendListItem(choices, m.method->name, ", ");
        throw CommandError("unknown method '" + args[2] + "' of " + c.decl->name + "; valid methods: " +
                           (choices.empty() ? "(none)" : choices));
    }
    std::vector<std::string> assignments(args.begin() + 3, args.end());
    for (const auto& a : assignments) {
        const std::string name = a.substr(0, a.find('='));
        if (!method->in.find(name))
            throw CommandError("unknown argument '" + name + "' of " + method->method->name + "; valid arguments: " +
                               PropertyChoices(method->in));
    }
    std::vector<std::uint8_t> input;
    if (!method->in.items.empty()) {
        mof::Diagnostics diags;
        auto encoded = mof::encodeBlock(method->in, assignments, diags);
        if (!encoded)
            throw CommandError("call " + method->method->name + ": " +
                               (diags.all().empty() ? "invalid arguments" : diags.all().front().message));
        input = std::move(*encoded);
    }
    ULONG needed = 0;
    Reply reply = s.Consumer().ExecuteMethod(c.guid, ToUtf16(instance), method->methodId, input, 4096, &needed);
    if (reply.error == ERROR_INSUFFICIENT_BUFFER && needed > 0)
        reply = s.Consumer().ExecuteMethod(c.guid, ToUtf16(instance), method->methodId, input, needed, &needed);
    if (!reply) Fail(s, c, "call " + c.decl->name + "." + method->method->name + " on " + instance, reply.error, instance);
    s.Settle();
    if (method->out.items.empty()) {
        if (format == OutputFormat::Table) s.Out() << "call " << method->method->name << ": ok (no output)\n";
        return;
    }
    mof::Diagnostics diags;
    auto output = mof::decodeBlock(method->out, reply.bytes.data(), reply.bytes.size(), diags);
    if (!output) throw CommandError("cannot decode the output of " + method->method->name + ": " + diags.str());
    output->name = method->method->name;
    if (format == OutputFormat::Table) s.Out() << "call " << method->method->name << ": ok\n";
    PrintInstances(s, {{instance, *output, 0}}, format);
}

}  // namespace kwmi::cli::host
