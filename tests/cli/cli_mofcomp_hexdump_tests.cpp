// `kwmi mofcomp -x FILE`: the binary MOF as C initializer text, as wmimofck -x writes it
// (mof-toolchain.md §3.1: `0x%02x, ` per byte; the line layout is [unverified] and a setting).
#include "cli_run.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

namespace kwmi::cli::test {
namespace {

std::string ReadText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Bytes of a hexdump; fails the test on any text that is not a `0x%02x, ` item or a line break.
std::vector<std::uint8_t> ParseItems(const std::string& text) {
    std::vector<std::uint8_t> bytes;
    const std::regex item("0x([0-9a-f]{2}), ");
    std::size_t at = 0;
    while (at < text.size()) {
        if (text[at] == '\n') {
            ++at;
            continue;
        }
        std::smatch m;
        std::string rest = text.substr(at, 6);
        if (!std::regex_match(rest, m, item)) {
            ADD_FAILURE() << "unexpected text at offset " << at << ": '" << rest << "'";
            break;
        }
        bytes.push_back(static_cast<std::uint8_t>(std::stoul(m[1].str(), nullptr, 16)));
        at += 6;
    }
    return bytes;
}

std::size_t ItemsOn(const std::string& line) { return line.size() / 6; }

TEST(MofcompHexdump, ItemsAreTheBinaryMofBytesInWmimofckFormat) {
    const std::string bmf = WriteTempFile("hexdump.bmf", "");
    const std::string hex = WriteTempFile("hexdump.x", "");
    RunResult r = RunKwmi({"mofcomp", ACMEWMI_MOF_PATH, "-B", bmf, "-x", hex});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string bytes = ReadText(bmf);
    ASSERT_GT(bytes.size(), 16u);
    ASSERT_EQ(bytes.compare(0, 4, "FOMB"), 0);
    const std::string text = ReadText(hex);
    EXPECT_EQ(ParseItems(text), std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
    EXPECT_EQ(text.substr(0, 24), "0x46, 0x4f, 0x4d, 0x42, ");  // "FOMB", lower-case hex
    EXPECT_EQ(text.back(), '\n');

    // -x alone (no -B) writes the same bytes.
    const std::string alone = WriteTempFile("hexdump_alone.x", "");
    ASSERT_EQ(RunKwmi({"mofcomp", ACMEWMI_MOF_PATH, "-x", alone}).exitCode, 0);
    EXPECT_EQ(ReadText(alone), text);
}

TEST(MofcompHexdump, LineLayoutDefaultsToSixteenItemsAndIsASetting) {
    const std::string bmf = WriteTempFile("layout.bmf", "");
    const std::string hex = WriteTempFile("layout.x", "");
    ASSERT_EQ(RunKwmi({"mofcomp", ACMEWMI_MOF_PATH, "-B", bmf, "-x", hex}).exitCode, 0);
    const std::size_t size = ReadText(bmf).size();
    auto lines = Lines(ReadText(hex));
    ASSERT_EQ(lines.size(), (size + 15) / 16);
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) EXPECT_EQ(ItemsOn(lines[i]), 16u) << "line " << i;
    EXPECT_EQ(ItemsOn(lines.back()), size % 16 == 0 ? 16u : size % 16);

    ASSERT_EQ(RunKwmi({"mofcomp", ACMEWMI_MOF_PATH, "-x", hex, "--hexdump-columns", "8"}).exitCode, 0);
    lines = Lines(ReadText(hex));
    EXPECT_EQ(lines.size(), (size + 7) / 8);
    EXPECT_EQ(ItemsOn(lines.front()), 8u);

    ASSERT_EQ(RunKwmi({"mofcomp", ACMEWMI_MOF_PATH, "-x", hex, "--hexdump-columns", "0"}).exitCode, 0);
    lines = Lines(ReadText(hex));
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(ItemsOn(lines[0]), size);
}

TEST(MofcompHexdump, InvalidMofWritesNoHexdump) {
    const std::string mof = WriteTempFile("broken.mof", "class Broken {\n  uint32 X\n");
    const std::string hex = WriteTempFile("broken.x", "untouched");
    RunResult r = RunKwmi({"mofcomp", mof, "-x", hex});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_EQ(ReadText(hex), "untouched");
}

}  // namespace
}  // namespace kwmi::cli::test
