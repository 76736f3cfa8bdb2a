// Spec mof-toolchain §5 case 42: whole-file golden headers for MOFs we wrote ourselves
// (tests/mof/data/*.mof with the expected header beside them), through the library and
// through the `kwmi` command line.
#include "mof_test_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace kwmi::mof::testing {
namespace {

struct Golden {
    const char* mof;
    const char* headerName;
    bool methods;
    bool unconditional;
    const char* expected;
};

constexpr Golden kGoldens[] = {
    {"acme.mof", "AcmeMof.h", true, false, "acme_m.expected.h"},
    {"storage.mof", "StorageMof.h", true, true, "storage_mu.expected.h"},
    {"storage.mof", "StorageMof.h", false, false, "storage_plain.expected.h"},
};

std::string generate(const Golden& g) {
    ParseResult r = parseMofFile(dataPath(g.mof));
    EXPECT_TRUE(r.ok()) << r.diagnostics.str();
    validateSchema(r.schema, r.diagnostics);
    EXPECT_FALSE(r.diagnostics.hasErrors()) << r.diagnostics.str();
    HeaderOptions o;
    o.outputFileName = g.headerName;
    o.methodStructs = g.methods;
    o.unconditional = g.unconditional;
    return generateHeader(r.schema, o, r.diagnostics);
}

TEST(MofCases, Case42_WholeFileGoldenHeaders) {
    for (const Golden& g : kGoldens) {
        std::string expected = readFile(dataPath(g.expected));
        ASSERT_FALSE(expected.empty()) << g.expected;
        EXPECT_EQ(generate(g), expected) << g.mof << " → " << g.expected;
        EXPECT_EQ(expected.substr(expected.size() - 8), "\n#endif\n");  // one newline after the final #endif
    }
}

TEST(MofGolden, HeaderFromBmfEqualsHeaderFromMof) {
    for (const Golden& g : kGoldens) {
        ParseResult r = parseMofFile(dataPath(g.mof));
        ASSERT_TRUE(r.ok());
        Bytes bmf = writeBmf(r.schema);
        Diagnostics d;
        auto back = readBmf(bmf.data(), bmf.size(), d);
        ASSERT_TRUE(back) << d.str();
        HeaderOptions o;
        o.outputFileName = g.headerName;
        o.methodStructs = g.methods;
        o.unconditional = g.unconditional;
        EXPECT_EQ(generateHeader(*back, o, d), readFile(dataPath(g.expected))) << g.mof;
    }
}

class KwmiCli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("kwmi_mof_cli_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    int run(const std::string& args, std::string* output = nullptr) {
        std::string out = (dir_ / "out.txt").string();
        int rc = std::system((std::string(KWMI_CLI_PATH) + " " + args + " >" + out + " 2>&1").c_str());
        if (output) *output = readFile(out);
        return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    std::filesystem::path dir_;
};

TEST_F(KwmiCli, MofcompWritesGoldenHeaderBmfAndDepfile) {
    std::string log;
    ASSERT_EQ(run("mofcomp --header " + path("AcmeMof.h") + " -m -B " + path("acme.bmf") + " --depfile " +
                      path("acme.d") + " " + dataPath("layout.mof"),
                  &log),
              0)
        << log;
    ASSERT_EQ(run("mofcomp --header " + path("AcmeMof.h") + " -m " + dataPath("acme.mof"), &log), 0) << log;
    EXPECT_EQ(readFile(path("AcmeMof.h")), readFile(dataPath("acme_m.expected.h")));
    std::string dep = readFile(path("acme.d"));
    EXPECT_TRUE(contains(dep, "layout.mof")) << dep;
    EXPECT_TRUE(contains(dep, "acme.mof")) << dep;
    ASSERT_EQ(run("bmf2mof " + path("acme.bmf"), &log), 0) << log;
    EXPECT_TRUE(contains(log, "class Layout_Methods\n{\n")) << log;
    EXPECT_TRUE(contains(log, "#pragma namespace(\"\\\\\\\\.\\\\root\\\\wmi\")")) << log;
}

TEST_F(KwmiCli, ErrorsReportPositionsAndExitNonZero) {
    {
        std::FILE* f = std::fopen(path("bad.mof").c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs("class A {\n  uint32 X\n};\nclass B { uint8 ; };\n", f);
        std::fclose(f);
    }
    std::string log;
    EXPECT_EQ(run("mofcomp --header " + path("Bad.h") + " " + path("bad.mof"), &log), 1);
    EXPECT_TRUE(contains(log, "bad.mof:3:1: error: expected ';' after property 'X'")) << log;
    EXPECT_TRUE(contains(log, "bad.mof:4:17: error: expected a property or method name")) << log;
    EXPECT_FALSE(std::filesystem::exists(path("Bad.h")));
    EXPECT_EQ(run("bmf2mof " + path("bad.mof"), &log), 1);
    EXPECT_TRUE(contains(log, "not a binary MOF")) << log;
    EXPECT_NE(run("mofcomp", &log), 0);
}

}  // namespace
}  // namespace kwmi::mof::testing
