// `kwmi host` against the bus test driver (tests/drivers/busdrv.c): the children a driver
// reports through its default child list are enumerated, started and queried like PnP would,
// and come and go as the driver reports them present or missing.
#include "cli_run.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kwmi::cli::test {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// `text` cut before each occurrence of `marker` (the first piece is what precedes it).
std::vector<std::string> SplitOn(const std::string& text, const std::string& marker) {
    std::vector<std::string> pieces;
    std::size_t start = 0;
    for (std::size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
        pieces.push_back(text.substr(start, at - start));
        start = at;
    }
    pieces.push_back(text.substr(start));
    return pieces;
}

RunResult HostBus(const std::string& commands) {
    return RunKwmi({"host", KWMITEST_BUS_PATH, "--manual-clock", "-c", commands});
}

TEST(CliBus, ChildrenTheBusReportsAreStartedAndAnswerWmiUnderTheirPdoNames) {
    RunResult r = HostBus("query KwmiBus_Child; query KwmiBus_Bus");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(MatchingLines(r.out, R"(^device [12]: started \(child of device 0\)$)"), SizeIs(2)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^instance KWMIBUS\\Child\\0[12]_0$)"), SizeIs(2)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^  BusNumber +7$)"), SizeIs(2)) << r.out;  // WdfDeviceSetBusInformationForChildren
    EXPECT_THAT(MatchingLines(r.out, R"(^  Children +2$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(r.err, HasSubstr("leak report: clean"));
}

TEST(CliBus, ChildrenPluggedInAndOutThroughWmiComeAndGo) {
    RunResult r = HostBus(R"(call KwmiBus_Bus ROOT\KWMI\0000_0 PlugIn Serial=5
echo --- after plug-in
query KwmiBus_Child
call KwmiBus_Bus ROOT\KWMI\0000_0 Unplug Serial=1
call KwmiBus_Bus ROOT\KWMI\0000_0 Unplug Serial=9
echo --- after unplug
query KwmiBus_Child
query KwmiBus_Bus)");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto sections = SplitOn(r.out, "--- after");
    ASSERT_THAT(sections, SizeIs(3)) << r.out;
    EXPECT_THAT(MatchingLines(sections[0], R"(^device 3: started \(child of device 0\)$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(MatchingLines(sections[1], R"(^instance KWMIBUS\\Child\\0[125]_0$)"), SizeIs(3)) << r.out;
    EXPECT_THAT(MatchingLines(sections[1], R"(^device 1: removed \(reported missing by its bus\)$)"), SizeIs(1))
        << r.out;
    // Unplugging a serial the list never had: the driver's method returns the list's status.
    EXPECT_THAT(MatchingLines(sections[1], R"(^  Status +3221225486$)"), SizeIs(1)) << r.out;  // STATUS_NO_SUCH_DEVICE
    EXPECT_THAT(MatchingLines(sections[2], R"(^instance KWMIBUS\\Child\\01_0$)"), IsEmpty()) << r.out;
    EXPECT_THAT(MatchingLines(sections[2], R"(^instance KWMIBUS\\Child\\0[25]_0$)"), SizeIs(2)) << r.out;
    EXPECT_THAT(MatchingLines(sections[2], R"(^  Children +2$)"), SizeIs(1)) << r.out;
    EXPECT_THAT(r.err, HasSubstr("leak report: clean"));
}

TEST(CliBus, RemovingTheBusTakesItsChildrenAlong) {
    RunResult r = HostBus("pnp surprise-remove; pnp remove");
    ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^device [12]: surprise-removed \(with its bus\)$)"), SizeIs(2)) << r.out;
    EXPECT_THAT(MatchingLines(r.out, R"(^device [12]: removed \(with its bus\)$)"), SizeIs(2)) << r.out;
    EXPECT_THAT(r.out, HasSubstr("leak report: clean"));  // `pnp remove` of all unloads
}

}  // namespace
}  // namespace kwmi::cli::test
