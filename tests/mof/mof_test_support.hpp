// Helpers shared by the MOF toolchain tests.
#pragma once

#include <kwmi/mof/bmf.hpp>
#include <kwmi/mof/data.hpp>
#include <kwmi/mof/header.hpp>
#include <kwmi/mof/layout.hpp>
#include <kwmi/mof/parser.hpp>
#include <kwmi/mof/validate.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace kwmi::mof::testing {

// A data-block class with the boilerplate every WMI block needs (spec §5 preamble).
inline std::string blockClass(const std::string& name, const std::string& body, const std::string& extraQualifiers = "",
                              const std::string& guid = "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b",
                              const std::string& superclass = "") {
    return "[WMI, Dynamic, Provider(\"WMIProv\"), guid(\"" + guid + "\")" +
           (extraQualifiers.empty() ? "" : ", " + extraQualifiers) + "]\nclass " + name +
           (superclass.empty() ? "" : " : " + superclass) +
           "\n{\n    [key, read] string InstanceName;\n    [read] boolean Active;\n" + body + "};\n";
}

// An embedded class: WMI and guid only.
inline std::string embeddedClass(const std::string& name, const std::string& body, const std::string& extraQualifiers = "",
                                 const std::string& guid = "2b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b") {
    return "[WMI, guid(\"" + guid + "\")" + (extraQualifiers.empty() ? "" : ", " + extraQualifiers) + "]\nclass " + name +
           "\n{\n" + body + "};\n";
}

inline ParseResult parse(const std::string& text, const ParseOptions& options = {}) {
    return parseMof(text, "test.mof", options);
}

// Parses and validates; fails the test on any diagnostic error.
inline Schema parseValid(const std::string& text) {
    ParseResult r = parse(text);
    if (r.ok()) validateSchema(r.schema, r.diagnostics);
    EXPECT_TRUE(r.ok()) << r.diagnostics.str() << "\n--- input ---\n" << text;
    return std::move(r.schema);
}

inline std::string header(const std::string& text, bool methods = true, bool unconditional = false,
                          const std::string& fileName = "Test.h") {
    Schema s = parseValid(text);
    HeaderOptions o;
    o.outputFileName = fileName;
    o.methodStructs = methods;
    o.unconditional = unconditional;
    Diagnostics d;
    std::string h = generateHeader(s, o, d);
    EXPECT_FALSE(d.hasErrors()) << d.str();
    return h;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

inline std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::string dataPath(const std::string& name) { return std::string(KWMI_MOF_TEST_DATA_DIR) + "/" + name; }

// Layout of `className` in `text` (must be valid).
struct LaidOut {
    Schema schema;
    std::unique_ptr<LayoutEngine> engine;
    const ClassLayout* layout = nullptr;
};
inline std::unique_ptr<LaidOut> layoutOf(const std::string& text, const std::string& className) {
    auto l = std::make_unique<LaidOut>();
    l->schema = parseValid(text);
    l->engine = std::make_unique<LayoutEngine>(l->schema);
    Diagnostics d;
    l->layout = l->engine->classLayout(className, d);
    EXPECT_NE(l->layout, nullptr) << d.str();
    return l;
}

inline std::vector<uint8_t> bytesOf(std::initializer_list<int> v) {
    std::vector<uint8_t> out;
    for (int b : v) out.push_back(uint8_t(b));
    return out;
}

}  // namespace kwmi::mof::testing
