// kwmi bmf2mof: binary MOF (FOMB container, DS-01 compressed) → MOF text.
#include "commands.hpp"
#include "file_io.hpp"

#include <kwmi/mof/bmf.hpp>

#include <iostream>
#include <memory>

namespace kwmi::cli {

namespace {
struct Bmf2mofOptions {
    std::string input;
    std::string output;
};

int runBmf2mof(const Bmf2mofOptions& o) {
    auto bytes = readWholeFile(o.input);
    if (!bytes) {
        std::cerr << o.input << ": error: cannot open file\n";
        return 1;
    }
    mof::Diagnostics diags;
    auto schema = mof::readBmf(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size(), diags);
    for (const auto& d : diags.all()) {
        auto copy = d;
        if (copy.where.file.empty()) copy.where.file = o.input;
        std::cerr << copy.str() << '\n';
    }
    if (!schema) return 1;
    std::string text = mof::printMof(*schema);
    if (o.output.empty()) {
        std::cout << text;
        return 0;
    }
    return writeWholeFile(o.output, text) ? 0 : 1;
}
}  // namespace

CommandAction addBmf2mofCommand(CLI::App& app);
KWMI_REGISTER_COMMAND(bmf2mof, addBmf2mofCommand);

CommandAction addBmf2mofCommand(CLI::App& app) {
    auto o = std::make_shared<Bmf2mofOptions>();
    CLI::App* sub = app.add_subcommand("bmf2mof", "Print the classes of a binary MOF as MOF text");
    sub->add_option("file", o->input, "binary MOF file (.bmf, or an ACPI WQxx buffer dumped to a file)")->required();
    sub->add_option("-o,--output", o->output, "write to this file instead of standard output");
    return [o] { return runBmf2mof(*o); };
}

}  // namespace kwmi::cli
