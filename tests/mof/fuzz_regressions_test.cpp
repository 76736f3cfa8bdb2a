// fuzz_regressions_test.cpp - inputs the fuzzers (fuzz/) found that broke the MOF toolchain,
// replayed as plain tests. Each test names the fuzzer and what went wrong.
#include <gtest/gtest.h>

#include <kwmi/mof/parser.hpp>

#include <optional>
#include <string>

namespace kwmi::mof {
namespace {

// kwmi_fuzz_mof_parser (seed preprocessor_include.mof): a file that includes itself twice
// (#pragma include and #include) was expanded 2^32 times under the depth limit of 32, and
// the parse never ended. The number of files one parse opens is now bounded.
TEST(MofFuzzRegressions, MofParser01_FileIncludingItselfTwiceTerminates) {
    const std::string self = "#pragma include(\"self.mof\")\n#include \"self.mof\"\nclass Seed { uint32 A; };\n";
    std::size_t opened = 0;
    ParseOptions options;
    options.reader = [&](const std::string& path) -> std::optional<std::string> {
        if (path != "self.mof") return std::nullopt;
        ++opened;
        return self;
    };
    const ParseResult result = parseMof(self, "self.mof", options);
    EXPECT_FALSE(result.ok());  // "#include nested too deeply", then "too many included files"
    EXPECT_GE(opened, 31u);     // the legitimate part of the recursion still happens
    EXPECT_LE(opened, 1024u);   // before the fix: 65534 files (limit of the 16-bit file index)
}

}  // namespace
}  // namespace kwmi::mof
