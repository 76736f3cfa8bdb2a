// kwmi mofcomp: MOF → validated schema → C header (wmimofck -h format), binary MOF and/or
// the binary MOF as C initializer text (wmimofck -x).
#include "commands.hpp"
#include "file_io.hpp"

#include <kwmi/mof/bmf.hpp>
#include <kwmi/mof/header.hpp>
#include <kwmi/mof/parser.hpp>
#include <kwmi/mof/validate.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace kwmi::cli {

namespace {

struct MofcompOptions {
    std::string input;
    std::string header;
    std::string bmf;
    std::string hexdump;              // wmimofck -x
    unsigned hexdumpColumns = 16;     // items per line ([unverified] layout; 0: one line)
    bool methods = false;
    bool unconditional = false;
    std::vector<std::string> includeDirs;
    std::vector<std::string> defines;
    bool noCpp = false;
    std::string depfile;
    std::string layoutAsserts;
    std::string layoutAssertsFunction = "kwmi_mof_layout_assert_count";
};

// Make-style dependency file: the first output depends on every file the MOF read.
std::string dependencyFile(const std::string& target, const std::vector<std::string>& files) {
    auto escape = [](const std::string& s) {
        std::string out;
        for (char c : s) {
            if (c == ' ' || c == '#') out += '\\';
            if (c == '$') out += '$';
            out += c;
        }
        return out;
    };
    std::string out = escape(target) + ":";
    for (const auto& f : files) out += " \\\n  " + escape(f);
    return out + "\n";
}

// wmimofck -x: every byte as a `0x%02x, ` item, for `UCHAR Mof[] = {\n#include "x"\n};`.
// The items are exact (mof-toolchain.md §3.1); the line layout is not known, hence columns.
std::string hexdumpText(const mof::Bytes& bytes, unsigned columns) {
    std::string out;
    out.reserve(bytes.size() * 6 + bytes.size() / 8 + 2);
    char item[8];
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        std::snprintf(item, sizeof item, "0x%02x, ", bytes[i]);
        out += item;
        if (columns != 0 && (i + 1) % columns == 0) out += '\n';
    }
    if (out.empty() || out.back() != '\n') out += '\n';
    return out;
}

int runMofcomp(const MofcompOptions& o) {
    mof::ParseOptions po;
    po.includeDirs = o.includeDirs;
    po.cPreprocessor = !o.noCpp;
    for (const auto& d : o.defines) {
        size_t eq = d.find('=');
        po.defines.emplace_back(d.substr(0, eq), eq == std::string::npos ? "1" : d.substr(eq + 1));
    }
    std::vector<std::string> opened;
    po.openedFiles = &opened;
    mof::ParseResult parsed = mof::parseMofFile(o.input, po);
    mof::Diagnostics& diags = parsed.diagnostics;
    if (!diags.hasErrors()) mof::validateSchema(parsed.schema, diags);

    std::string headerText, assertsText;
    mof::Bytes bmf;
    mof::HeaderOptions ho;
    ho.outputFileName = o.header.empty() ? "wmidata.h" : o.header;
    ho.methodStructs = o.methods;
    ho.unconditional = o.unconditional;
    if (!diags.hasErrors() && !o.header.empty()) headerText = mof::generateHeader(parsed.schema, ho, diags);
    if (!diags.hasErrors() && !o.layoutAsserts.empty()) {
        std::string base = o.header.substr(o.header.find_last_of("/\\") + 1);
        assertsText = mof::generateLayoutAsserts(parsed.schema, ho, base, o.layoutAssertsFunction, diags);
    }
    if (!diags.hasErrors() && (!o.bmf.empty() || !o.hexdump.empty())) bmf = mof::writeBmf(parsed.schema);
    std::cerr << diags.str();
    if (diags.hasErrors()) {
        std::cerr << "kwmi mofcomp: " << diags.errorCount() << " error(s); no output written\n";
        return 1;
    }
    bool ok = true;
    if (!o.header.empty()) ok = writeWholeFile(o.header, headerText) && ok;
    if (!o.layoutAsserts.empty()) ok = writeWholeFile(o.layoutAsserts, assertsText) && ok;
    if (!o.bmf.empty()) ok = writeWholeFile(o.bmf, std::string_view(reinterpret_cast<const char*>(bmf.data()), bmf.size())) && ok;
    if (!o.hexdump.empty()) ok = writeWholeFile(o.hexdump, hexdumpText(bmf, o.hexdumpColumns)) && ok;
    if (!o.depfile.empty()) {
        std::string target = !o.header.empty() ? o.header : !o.bmf.empty() ? o.bmf : !o.hexdump.empty() ? o.hexdump : o.layoutAsserts;
        ok = writeWholeFile(o.depfile, dependencyFile(target, opened)) && ok;
    }
    return ok ? 0 : 1;
}

}  // namespace

CommandAction addMofcompCommand(CLI::App& app);
KWMI_REGISTER_COMMAND(mofcomp, addMofcompCommand);

CommandAction addMofcompCommand(CLI::App& app) {
    auto o = std::make_shared<MofcompOptions>();
    CLI::App* sub = app.add_subcommand("mofcomp", "Compile a MOF file: validate it, write the C header and/or binary MOF");
    sub->add_option("file", o->input, "MOF source (ASCII, UTF-8 or UTF-16 with BOM)")->required();
    sub->add_option("--header", o->header, "write the wmimofck-style C header to this file (wmimofck -h)");
    sub->add_flag("-m", o->methods, "also emit _IN/_OUT structures for method parameters (wmimofck -m)");
    sub->add_flag("-u", o->unconditional, "generate structures unconditionally (wmimofck -u)");
    sub->add_option("-B,--bmf", o->bmf, "write the binary MOF (FOMB container) to this file");
    sub->add_option("-x,--hexdump", o->hexdump,
                    "write the binary MOF as C initializer text, `0x%02x, ` per byte (wmimofck -x)");
    sub->add_option("--hexdump-columns", o->hexdumpColumns, "bytes per line of --hexdump (0: one line)")
        ->capture_default_str();
    sub->add_option("-I,--include-dir", o->includeDirs, "directory searched by #include");
    sub->add_option("-D,--define", o->defines, "predefine a macro: NAME or NAME=VALUE");
    sub->add_flag("--no-cpp", o->noCpp, "disable the C-preprocessor pass (#define/#if); #include/#pragma still work");
    sub->add_option("--depfile", o->depfile, "write a make-style dependency file (for build systems)");
    sub->add_option("--layout-asserts", o->layoutAsserts,
                    "write a C file of C_ASSERTs pinning the header's struct layout to the computed one");
    sub->add_option("--layout-asserts-function", o->layoutAssertsFunction,
                    "name of the function in --layout-asserts returning the number of assertions");
    return [o] { return runMofcomp(*o); };
}

}  // namespace kwmi::cli
