// `kwmi host` reads the driver's schema from the MOF resource linked into its image (as a
// Windows consumer gets it from the repository); --mof FILE overrides it.
#include "cli_run.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

namespace kwmi::cli::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr int kLoadFailed = 3;

// A fresh directory holding only a copy of the sample driver: no .bmf/.mof beside it.
std::string LoneDriverCopy() {
    const fs::path dir = fs::path(::testing::TempDir()) / ("kwmi_lone_" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path copy = dir / "libacmewmi.so";
    fs::copy_file(ACMEWMI_DRIVER_PATH, copy);
    return copy.string();
}

TEST(CliHostMofResource, ClassesComeFromTheImageOfALoneSharedObject) {
    const std::string lone = LoneDriverCopy();
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(lone).parent_path())) files += entry.is_regular_file();
    ASSERT_EQ(files, 1u);
    RunResult r = RunKwmi({"host", lone, "--manual-clock", "-c", "classes"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(MatchingLines(r.out, "^schema: MOF resource \"MofResource\" in " + lone + "$"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^8a3c7e21-51d4-4b9e-a6f0-3c5d7e9f1b02 +AcmeWmi_Scalars +3\s*$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(AcmeWmi_Point +- +embedded)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(AcmeWmi_Notify +- +event)"), SizeIs(1)) << r.out;
    // Decoding works from the same schema.
    RunResult q = RunKwmi({"host", lone, "--manual-clock", "-c", "query AcmeWmi_Label"});
    ASSERT_EQ(q.exitCode, 0) << q.err;
    EXPECT_THAT(MatchingLines(q.out, R"(^  Vendor +"Acme Corporation"$)"), SizeIs(1)) << q.out;
    fs::remove_all(fs::path(lone).parent_path());
}

TEST(CliHostMofResource, MofOptionOverridesTheImageResource) {
    RunResult r = RunKwmi({"host", ACMEWMI_DRIVER_PATH, "--manual-clock", "--mof", KWMITEST_RESDRV_MOF, "-c", "classes"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(MatchingLines(r.out, std::string("^schema: ") + KWMITEST_RESDRV_MOF + "$"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(KwmiResDrv_Value)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(AcmeWmi_Scalars)"), IsEmpty()) << r.out;
}

TEST(CliHostMofResource, ResourceMissingFromTheImageExitsWithThreeAndNamesIt) {
    RunResult r = RunKwmi({"host", KWMITEST_RESOURCES_MISSING_PATH, "--manual-clock", "-c", "classes"});
    EXPECT_EQ(r.exitCode, kLoadFailed) << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("no MOF resource found")) << r.err;
    EXPECT_THAT(r.err, HasSubstr("MOF resource \"NoSuchMof\"")) << r.err;
    EXPECT_THAT(r.err, HasSubstr("Win32 error 1814")) << r.err;  // ERROR_RESOURCE_NAME_NOT_FOUND
    EXPECT_THAT(r.err, Not(HasSubstr("KwmiResDrv_Value")));
}

TEST(CliHostMofResource, VerifierReportsTheMissingResourceWhenTheSchemaIsGiven) {
    RunResult r = RunKwmi({"host", KWMITEST_RESOURCES_MISSING_PATH, "--manual-clock", "--mof", KWMITEST_RESDRV_MOF,
                           "-c", "verifier"});
    EXPECT_THAT(MatchingLines(r.out, R"(^wmi: REGINFO of \\Driver\\kwmitest_resources_missing names MOF resource "NoSuchMof", which is missing)"),
                SizeIs(1))
        << r.out << r.err;
}

}  // namespace
}  // namespace kwmi::cli::test
