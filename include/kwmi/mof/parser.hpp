// MOF front end: optional C-preprocessor pass, lexer and parser producing a Schema.
#pragma once

#include <kwmi/mof/diagnostics.hpp>
#include <kwmi/mof/model.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kwmi::mof {

// Reads an included file; returns nullopt when it does not exist. Tests and fuzzers
// plug in an in-memory file system; the default reads from disk.
using FileReader = std::function<std::optional<std::string>(const std::string& path)>;

struct ParseOptions {
    std::vector<std::string> includeDirs;
    std::vector<std::pair<std::string, std::string>> defines;  // -D name=value
    // The C-preprocessor features (#define, #if …). #include and #pragma always work.
    bool cPreprocessor = true;
    FileReader reader;  // empty → read from disk
    // Every file opened (the main file first), for build-system dependency files.
    std::vector<std::string>* openedFiles = nullptr;
};

struct ParseResult {
    Schema schema;
    Diagnostics diagnostics;
    bool ok() const { return !diagnostics.hasErrors(); }
};

// Decodes raw file bytes to UTF-8: UTF-16LE/BE with BOM, UTF-8 with or without BOM.
std::string decodeSourceText(std::string_view bytes);

ParseResult parseMof(std::string_view bytes, const std::string& fileName, const ParseOptions& options = {});
ParseResult parseMofFile(const std::string& path, const ParseOptions& options = {});

}  // namespace kwmi::mof
