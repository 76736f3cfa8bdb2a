// `kwmi host` against the bundled acmewmi sample: what a driver developer sees.
#include "cli_run.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace kwmi::cli::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

constexpr int kCommandFailed = 1;
constexpr int kLoadFailed = 3;
constexpr int kLeaks = 4;
constexpr int kBugCheck = 5;

RunResult Host(const std::string& commands, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"host", ACMEWMI_DRIVER_PATH, "--manual-clock", "-c", commands};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunKwmi(args);
}

TEST(CliHost, ClassesListsEveryClassOfTheMofResourceWithInstanceCountsAndFlags) {
    RunResult r = Host("classes");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(MatchingLines(r.out, R"(^MOF resource "MofResource" of )"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^8a3c7e21-51d4-4b9e-a6f0-3c5d7e9f1b02 +AcmeWmi_Scalars +3\s*$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(AcmeWmi_Point +- +embedded)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(AcmeWmi_Notify +- +event)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(AcmeWmi_Statistics +1 +expensive)"), SizeIs(1)) << r.out;
    // The dynamic heartbeat instance does not exist before its timer ran.
    EXPECT_THAT(MatchingLines(r.out, R"(AcmeWmi_Heartbeat +0)"), SizeIs(1)) << r.out;
    EXPECT_THAT(r.err, HasSubstr("leak report: clean"));
}

TEST(CliHost, QueryDecodesStringsArraysAndEmbeddedObjectsWithWindowsInstanceNames) {
    RunResult r = Host("query AcmeWmi_Label; query AcmeWmi_Anchor");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(MatchingLines(r.out, R"(^instance ROOT\\KWMI\\0000_0$)"), SizeIs(2)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^  Vendor +"Acme Corporation"$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^  SampleCount +5$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^  Position$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^    Weight +3$)"), SizeIs(1)) << r.out;
}

TEST(CliHost, QueryByGuidAndSingleInstanceAsCsv) {
    RunResult r = Host("query {8A3C7E21-51D4-4B9E-A6F0-3C5D7E9F1B02} ROOT\\KWMI\\0000_2 --csv");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(MatchingLines(r.out, R"(^InstanceName,Enabled,S8,U8,)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^ROOT\\KWMI\\0000_2,TRUE,-102,202,)"), SizeIs(1)) << r.out;
}

TEST(CliHost, JsonOutputIsOneParsableDocument) {
    RunResult r = Host("query AcmeWmi_Route", {"--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json doc = nlohmann::json::parse(r.out);
    ASSERT_TRUE(doc.is_array());
    ASSERT_EQ(doc.size(), 1u);
    EXPECT_EQ(doc[0]["InstanceName"], "ROOT\\KWMI\\0000_0");
    EXPECT_EQ(doc[0]["Waypoints"].size(), 4u);
}

TEST(CliHost, SetThenQueryShowsTheNewValues) {
    RunResult r = Host("query AcmeWmi_Scalars ROOT\\KWMI\\0000_1; set AcmeWmi_Scalars ROOT\\KWMI\\0000_1 U32=7 "
                       "Enabled=TRUE; query AcmeWmi_Scalars ROOT\\KWMI\\0000_1; set AcmeWmi_Label "
                       "ROOT\\KWMI\\0000_0 Name=\"new name\"; query AcmeWmi_Label");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto u32 = MatchingLines(r.out, R"(^  U32 +)");
    ASSERT_THAT(u32, SizeIs(2)) << r.out;
    EXPECT_THAT(u32[0], ::testing::MatchesRegex("  U32 +4000000001"));
    EXPECT_THAT(u32[1], ::testing::MatchesRegex("  U32 +7"));
    const auto enabled = MatchingLines(r.out, R"(^  Enabled +)");
    ASSERT_THAT(enabled, SizeIs(2)) << r.out;
    EXPECT_THAT(enabled[0], ::testing::MatchesRegex("  Enabled +FALSE"));
    EXPECT_THAT(enabled[1], ::testing::MatchesRegex("  Enabled +TRUE"));
    EXPECT_THAT(MatchingLines(r.out, R"(^  Name +"new name"$)"), SizeIs(1)) << r.out;
}

TEST(CliHost, UnknownClassNamesTheValidClassesAndExitsWithOne) {
    RunResult r = Host("query AcmeWmi_Nope");
    EXPECT_EQ(r.exitCode, kCommandFailed);
    EXPECT_THAT(MatchingLines(r.err, R"(^error: unknown class 'AcmeWmi_Nope'; valid classes: AcmeWmi_Point, AcmeWmi_Scalars,)"),
                SizeIs(1))
        << r.err;
}

TEST(CliHost, BadInputNamesTheProblemAndTheValidChoices) {
    RunResult r = Host("set AcmeWmi_Scalars ROOT\\KWMI\\0000_0 Bogus=1; set AcmeWmi_Scalars ROOT\\KWMI\\0000_0 U8=300; "
                       "query AcmeWmi_Scalars ROOT\\KWMI\\0000_9; call AcmeWmi_Control ROOT\\KWMI\\0000_0 Nope; "
                       "tick soon; frobnicate");
    EXPECT_EQ(r.exitCode, kCommandFailed);
    EXPECT_THAT(r.err, HasSubstr("error: unknown property 'Bogus' of AcmeWmi_Scalars; valid properties: Enabled, S8, U8"));
    EXPECT_THAT(r.err, HasSubstr("out of range"));
    EXPECT_THAT(r.err, HasSubstr("ERROR_WMI_INSTANCE_NOT_FOUND (4201); instances of AcmeWmi_Scalars: "
                                 "ROOT\\KWMI\\0000_0, ROOT\\KWMI\\0000_1, ROOT\\KWMI\\0000_2"));
    EXPECT_THAT(r.err, HasSubstr("valid methods: AcmeSetLevel, AcmeFireNotify, AcmeAddValues"));
    EXPECT_THAT(r.err, HasSubstr("bad duration 'soon'"));
    EXPECT_THAT(r.err, HasSubstr("unknown command 'frobnicate'; valid commands: classes, query"));
}

TEST(CliHost, ReadOnlyItemGetsTheDriversWmiError) {
    RunResult r = Host("set AcmeWmi_Anchor ROOT\\KWMI\\0000_0 Moves=3");
    EXPECT_EQ(r.exitCode, kCommandFailed);
    EXPECT_THAT(r.err, HasSubstr("ERROR_WMI_READ_ONLY (4213)")) << r.err;
}

TEST(CliHost, MethodCallDecodesOutputAndWatchPrintsTheEvent) {
    RunResult r = Host("watch AcmeWmi_Notify; call AcmeWmi_Control ROOT\\KWMI\\0000_0 AcmeSetLevel Level=5; "
                       "call AcmeWmi_Control ROOT\\KWMI\\0000_0 AcmeFireNotify Code=85; "
                       "call AcmeWmi_Control ROOT\\KWMI\\0000_0 AcmeAddValues A=-7 B=3");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(MatchingLines(r.out, R"(^  PreviousLevel +1$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^event AcmeWmi_Notify:$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^  instance ROOT\\KWMI\\0000_0$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^    Code +85$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^    Level +5$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^  Sum +-4$)"), SizeIs(1)) << r.out;
}

TEST(CliHost, TickCreatesTheHeartbeatAtDispatchLevelAndTheNextTickRemovesIt) {
    RunResult r = Host("query AcmeWmi_Heartbeat; tick 10s; query AcmeWmi_Heartbeat; tick 10s; query AcmeWmi_Heartbeat");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(MatchingLines(r.out, R"(^\(no instances of AcmeWmi_Heartbeat)"), SizeIs(2)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^clock \+10s .*1 timer\(s\) fired)"), SizeIs(2)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^  CreatedAtIrql +2$)"), SizeIs(1)) << r.out;
}

TEST(CliHost, SelectFiltersWithWhereAndKeepsTheChosenColumns) {
    RunResult r = Host("select U8, Letter from AcmeWmi_Scalars where U8 >= 201");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(MatchingLines(r.out, R"(^instance )"), SizeIs(2)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^  U8 +20[12]$)"), SizeIs(2)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^  S8)"), SizeIs(0)) << r.out;
    RunResult bad = Host("select Nope from AcmeWmi_Scalars");
    EXPECT_EQ(bad.exitCode, kCommandFailed);
    EXPECT_THAT(bad.err, HasSubstr("unknown property 'Nope' of AcmeWmi_Scalars"));
}

TEST(CliHost, EnableKeepsAnExpensiveBlockCollecting) {
    RunResult r = Host("enable AcmeWmi_Statistics; query AcmeWmi_Statistics; disable AcmeWmi_Statistics; "
                       "query AcmeWmi_Statistics");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    // Held open: one enable for both queries' worth of work; then each query enables again.
    const auto enables = MatchingLines(r.out, R"(^  CollectionEnables +)");
    ASSERT_THAT(enables, SizeIs(2)) << r.out;
    EXPECT_THAT(enables[0], ::testing::MatchesRegex("  CollectionEnables +1"));
    EXPECT_THAT(enables[1], ::testing::MatchesRegex("  CollectionEnables +2"));
}

TEST(CliHost, PnpRemoveUnloadsWithACleanLeakReportAndBlocksDisappear) {
    RunResult r = Host("pnp remove; query AcmeWmi_Scalars");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(MatchingLines(r.out, R"(^device 0: removed \(status 0x00000000\)$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^leak report: clean)"), SizeIs(1)) << r.out;
    EXPECT_THAT(r.out, HasSubstr("(no instances of AcmeWmi_Scalars: ERROR_WMI_GUID_NOT_FOUND (4200))"));
}

TEST(CliHost, SurpriseRemoveDeregistersAndAnAddedDeviceServesAgain) {
    RunResult r = Host("pnp surprise-remove; query AcmeWmi_Control; pnp remove 0; pnp add; query AcmeWmi_Control; "
                       "pnp start 5");
    EXPECT_EQ(r.exitCode, kCommandFailed);
    EXPECT_THAT(MatchingLines(r.out, R"(^device 0: surprise-removed$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(r.out, HasSubstr("(no instances of AcmeWmi_Control: ERROR_WMI_GUID_NOT_FOUND (4200))"));
    EXPECT_THAT(MatchingLines(r.out, R"(^device 1: started \(status 0x00000000\)$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^instance ROOT\\KWMI\\0001_0$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(r.err, HasSubstr("error: unknown device '5'; valid devices: 0..1"));
    EXPECT_THAT(r.err, HasSubstr("leak report: clean"));
}

TEST(CliHost, PnpStartThatFailsIsAnErrorAndFailsTheRun) {
    RunResult r = Host("pnp remove 0; pnp start 0");
    EXPECT_EQ(r.exitCode, kCommandFailed) << r.out << r.err;
    EXPECT_THAT(MatchingLines(r.out, R"(^device 0: removed \(status 0xC0000184\)$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(r.err, HasSubstr("error: pnp start failed: device 0 (status 0xC0000184)")) << r.err;
}

TEST(CliHost, CommandsPipedOnStdinRunWithoutEcho) {
    RunResult r = RunKwmiWithInput({"host", ACMEWMI_DRIVER_PATH, "--manual-clock"},
                                   "query AcmeWmi_Control --csv\nquit\nclasses\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(MatchingLines(r.out, R"(^ROOT\\KWMI\\0000_0,1,0$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(r.out, Not(HasSubstr("kwmi>")));
    EXPECT_THAT(r.out, Not(HasSubstr("AcmeWmi_Scalars"))) << "commands after quit must not run";
}

TEST(CliHost, TwoDevicesGiveTwiceTheInstances) {
    RunResult r = RunKwmi({"host", ACMEWMI_DRIVER_PATH, "--manual-clock", "--devices", "2", "-c", "classes"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(MatchingLines(r.out, R"(AcmeWmi_Scalars +6)"), SizeIs(1)) << r.out;
}

TEST(CliHost, EventInstanceNameNamesTheDeviceThatFiredIt) {
    RunResult r = RunKwmi({"host", ACMEWMI_DRIVER_PATH, "--manual-clock", "--devices", "2", "-c",
                           "watch AcmeWmi_Notify; call AcmeWmi_Control ROOT\\KWMI\\0001_0 AcmeFireNotify Code=9"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(MatchingLines(r.out, R"(^  instance ROOT\\KWMI\\0001_0$)"), SizeIs(1)) << r.out;
}

TEST(CliHost, ScriptModeEchoesEachCommandAndSkipsComments) {
    const std::string script = WriteTempFile("cli_script.kwmi", "# a comment\nclasses\n\nquery AcmeWmi_Control\n");
    RunResult r = RunKwmi({"host", ACMEWMI_DRIVER_PATH, "--manual-clock", "--script", script});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(MatchingLines(r.out, R"(^kwmi> )"), SizeIs(2)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^kwmi> query AcmeWmi_Control$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(r.out, Not(HasSubstr("a comment")));
}

TEST(CliHost, MissingDriverExitsWithThree) {
    RunResult r = RunKwmi({"host", "/nonexistent/libnothing.so", "--mof", ACMEWMI_MOF_PATH, "-c", "classes"});
    EXPECT_EQ(r.exitCode, kLoadFailed);
    EXPECT_THAT(r.err, HasSubstr("cannot load driver /nonexistent/libnothing.so"));
}

TEST(CliHost, MissingSchemaExitsWithThreeAndSaysWhereItLooked) {
    // The test driver names MOF resource "TestDrvWmi" but registers no WMI block and its image
    // holds no resources: the resource is still listed, and its absence reported.
    RunResult r = RunKwmi({"host", KWMITEST_LEAKY_PATH, "-c", "classes"});
    EXPECT_EQ(r.exitCode, kLoadFailed);
    EXPECT_THAT(r.err, HasSubstr("no MOF resource found")) << r.err;
    EXPECT_THAT(r.err, HasSubstr("MOF resource \"TestDrvWmi\"")) << r.err;
    EXPECT_THAT(r.err, HasSubstr("Win32 error 1812")) << r.err;  // ERROR_RESOURCE_DATA_NOT_FOUND
}

TEST(CliHost, LeakyDriverExitsWithFourAndPrintsTheLeaks) {
    RunResult r = RunKwmi({"host", KWMITEST_LEAKY_PATH, "--manual-clock", "--mof", ACMEWMI_MOF_PATH, "-c", "verifier"});
    EXPECT_EQ(r.exitCode, kLeaks) << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("leak report: the driver left these behind"));
    // The pool part is printed once, inside the host's report (not again by the kernel).
    EXPECT_THAT(MatchingLines(r.err, R"(^kwmi: pool leak report for )"), SizeIs(1)) << r.err;
}

TEST(CliHost, LeakReportGoesToStderrAlsoWhenTheSchemaCannotBeLoaded) {
    RunResult r = RunKwmi({"host", KWMITEST_LEAKY_PATH, "--manual-clock", "-c", "verifier"});
    EXPECT_EQ(r.exitCode, kLoadFailed) << r.out << r.err;
    EXPECT_THAT(r.out, Not(HasSubstr("leak report"))) << r.out;
    EXPECT_THAT(r.err, HasSubstr("leak report: the driver left these behind")) << r.err;
}

TEST(CliHost, BugCheckingDriverIsReportedByVerifierAndExitsWithFive) {
    RunResult r = RunKwmi({"host", KWMITEST_BUGCHECK_PATH, "--manual-clock", "--mof", ACMEWMI_MOF_PATH, "-c", "verifier"});
    EXPECT_EQ(r.exitCode, kBugCheck) << r.out << r.err;
    EXPECT_THAT(MatchingLines(r.out, R"(^bug check 0x[0-9A-F]{8} )"), Not(SizeIs(0))) << r.out;
}

TEST(CliHost, DemoScriptRunsCleanlyEndToEnd) {
    RunResult r = RunKwmi({"host", ACMEWMI_DRIVER_PATH, "--manual-clock", "--script", KWMI_DEMO_SCRIPT});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_THAT(r.err, Not(HasSubstr("error:")));
    EXPECT_THAT(MatchingLines(r.out, R"(^== [0-9]\. )"), SizeIs(7)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^  Name +"Renamed by kwmi"$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^event AcmeWmi_Notify:$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^  CreatedAtIrql +2$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^\(no instances of AcmeWmi_Heartbeat)"), SizeIs(2)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^verifier: no violations$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^leak report: clean)"), SizeIs(1)) << r.out;
}

TEST(CliHost, HelpListsTheHostCommands) {
    RunResult r = RunKwmi({"help"});
    ASSERT_EQ(r.exitCode, 0);
    for (const char* command : {"classes", "query", "select", "set", "call", "watch", "enable", "tick", "pnp", "verifier"})
        EXPECT_THAT(MatchingLines(r.out, std::string("^  ") + command + " "), Not(SizeIs(0))) << command;
}

// Every subcommand reports an invalid command line with the documented usage exit code 2,
// whatever code the option parser uses internally for the particular mistake.
TEST(CliUsage, InvalidCommandLinesExitWithTwo) {
    constexpr int kUsageError = 2;
    EXPECT_EQ(RunKwmi({"host", ACMEWMI_DRIVER_PATH, "--no-such-option"}).exitCode, kUsageError);
    EXPECT_EQ(RunKwmi({"host"}).exitCode, kUsageError);  // the driver argument is required
    EXPECT_EQ(RunKwmi({"mofcomp"}).exitCode, kUsageError);
    EXPECT_EQ(RunKwmi({"no-such-subcommand"}).exitCode, kUsageError);
    EXPECT_EQ(RunKwmi({}).exitCode, kUsageError);
    EXPECT_EQ(RunKwmi({"host", "--help"}).exitCode, 0);
}

}  // namespace
}  // namespace kwmi::cli::test

