// Spec mof-toolchain §5 case 40 and the data codec: decoding blocks and WNODEs into
// named values, rendering them, encoding text assignments.
#include "mof_test_support.hpp"

#include <nlohmann/json.hpp>

namespace kwmi::mof::testing {
namespace {

const char* kWidget =
    "    [WmiDataId(1)] uint32 Kind;\n    [WmiDataId(2)] uint32 Capacity;\n    [WmiDataId(3)] uint32 Errors;\n"
    "    [WmiDataId(4)] uint32 Slots;\n    [WmiDataId(5)] uint32 LogLevel;\n    [WmiDataId(6)] string Label;\n";

std::vector<uint8_t> widgetBlock() {
    auto b = bytesOf({3, 0, 0, 0, 0xD0, 0x07, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 0x14, 0x00});
    for (char c : std::string("WidgetOne")) b.push_back(uint8_t(c)), b.push_back(0);
    b.push_back(0), b.push_back(0);
    return b;
}

TEST(MofCases, Case40_DecodeWidget) {
    auto l = layoutOf(blockClass("Acme_Widget", kWidget, "HeaderName(\"WIDGET\")"), "Acme_Widget");
    auto block = widgetBlock();
    ASSERT_EQ(block.size(), 42u);
    Diagnostics d;
    uint32_t consumed = 0;
    auto v = decodeBlock(*l->layout, block.data(), block.size(), d, &consumed);
    ASSERT_TRUE(v) << d.str();
    EXPECT_EQ(consumed, 42u);
    ASSERT_EQ(v->children.size(), 6u);
    EXPECT_EQ(v->children[0].name, "Kind");
    EXPECT_EQ(v->children[0].u, 3u);
    EXPECT_EQ(v->children[1].u, 2000u);
    EXPECT_EQ(v->children[2].u, 0u);
    EXPECT_EQ(v->children[3].u, 5u);
    EXPECT_EQ(v->children[4].u, 1u);
    EXPECT_EQ(v->children[5].kind, ValueNode::Kind::String);
    EXPECT_EQ(v->children[5].text, "WidgetOne");
    EXPECT_EQ(v->children[5].offset, 20u);
    // Encoding the same values gives the same bytes (without the NUL the driver added).
    auto enc = encodeBlock(*l->layout, {"Kind=3", "Capacity=2000", "Slots=5", "LogLevel=1", "Label=\"WidgetOne\""}, d);
    ASSERT_TRUE(enc) << d.str();
    auto expected = block;
    expected[20] = 18;
    expected.resize(40);
    EXPECT_EQ(*enc, expected);
}

TEST(MofData, TruncatedBlocksAreErrors) {
    auto l = layoutOf(blockClass("W", kWidget), "W");
    auto block = widgetBlock();
    for (size_t cut = 0; cut < 40; ++cut) {
        Diagnostics d;
        EXPECT_FALSE(decodeBlock(*l->layout, block.data(), cut, d)) << cut;
        EXPECT_TRUE(d.hasErrors());
    }
}

const char* kRich =
    "    [WmiDataId(1), Values{\"Off\",\"On\"}, ValueMap{\"0\",\"1\"}] uint32 Mode;\n"
    "    [WmiDataId(2), DisplayInHex] uint16 Mask;\n"
    "    [WmiDataId(3)] sint8 Delta;\n"
    "    [WmiDataId(4)] boolean Enabled;\n"
    "    [WmiDataId(5)] E Pair[2];\n"
    "    [WmiDataId(6)] char16 Letter;\n"
    "    [WmiDataId(7)] datetime When;\n"
    "    [WmiDataId(8)] uint32 Count;\n"
    "    [WmiDataId(9), WmiSizeIs(\"Count\")] uint16 Data[];\n";

std::string richMof() {
    return embeddedClass("E", "    [WmiDataId(1)] uint64 A;\n    [WmiDataId(2)] uint8 B;\n") + blockClass("R", kRich);
}

TEST(MofData, EncodeDecodeRoundTrip) {
    auto l = layoutOf(richMof(), "R");
    Diagnostics d;
    auto bytes = encodeBlock(*l->layout,
                             {"Mode=On", "Mask=0x8001", "Delta=-5", "Enabled=TRUE", "Pair={{A=1,B=2},{A=3}}", "Letter=\"Z\"",
                              "When=\"20260101120000.000000+000\"", "Data={7, 8, 9}"},
                             d);
    ASSERT_TRUE(bytes) << d.str();
    auto v = decodeBlock(*l->layout, bytes->data(), bytes->size(), d);
    ASSERT_TRUE(v) << d.str();
    EXPECT_EQ(v->children[0].u, 1u);
    EXPECT_EQ(v->children[1].u, 0x8001u);
    EXPECT_EQ(v->children[2].s, -5);
    EXPECT_EQ(v->children[3].u, 1u);
    EXPECT_EQ(v->children[4].children[0].children[1].u, 2u);
    EXPECT_EQ(v->children[4].children[1].children[0].u, 3u);
    EXPECT_EQ(v->children[4].children[1].offset, 24u);  // stride 16 after alignment to 8
    EXPECT_EQ(v->children[5].u, uint64_t('Z'));
    EXPECT_EQ(v->children[6].text, "20260101120000.000000+000");
    EXPECT_EQ(v->children[7].u, 3u);  // count defaulted from the array
    ASSERT_EQ(v->children[8].children.size(), 3u);
    EXPECT_EQ(v->children[8].children[2].u, 9u);

    std::string table = renderTable(*v);
    EXPECT_TRUE(contains(table, "Mode       1 (On)\n")) << table;
    EXPECT_TRUE(contains(table, "Mask       0x8001\n")) << table;
    EXPECT_TRUE(contains(table, "Pair\n  Pair[0]\n    A      1\n")) << table;
    EXPECT_TRUE(contains(table, "Data       {7, 8, 9}\n")) << table;
    auto json = nlohmann::json::parse(renderJson(*v));
    EXPECT_EQ(json["Mode"], 1);
    EXPECT_EQ(json["Delta"], -5);
    EXPECT_EQ(json["Enabled"], true);
    EXPECT_EQ(json["Pair"][1]["A"], 3);
    EXPECT_EQ(json["When"], "20260101120000.000000+000");
    EXPECT_EQ(json["Data"], nlohmann::json::parse("[7,8,9]"));
}

TEST(MofData, EncoderErrorsNamePropertyAndChoices) {
    auto l = layoutOf(richMof(), "R");
    auto error = [&](std::vector<std::string> a) {
        Diagnostics d;
        EXPECT_FALSE(encodeBlock(*l->layout, a, d));
        return d.str();
    };
    EXPECT_TRUE(contains(error({"Nope=1"}), "unknown property 'Nope' of R (valid: Mode, Mask, Delta, Enabled, Pair, Letter,"));
    EXPECT_TRUE(contains(error({"Mode=Maybe"}), "invalid value 'Maybe' for uint32 property 'Mode' (expected a number or one of: Off, On)"));
    EXPECT_TRUE(contains(error({"Delta=200"}), "value 200 is out of range for sint8 property 'Delta'"));
    EXPECT_TRUE(contains(error({"Mask=-1"}), "out of range for uint16 property 'Mask'"));
    EXPECT_TRUE(contains(error({"Enabled=yes"}), "expected TRUE, FALSE, 1 or 0"));
    EXPECT_TRUE(contains(error({"Pair={{C=1}}"}), "unknown property 'Pair[0].C' of E (valid: A, B)"));
    EXPECT_TRUE(contains(error({"Pair={1,2,3}"}), "'Pair' holds 2 element(s), 3 given"));
    EXPECT_TRUE(contains(error({"Count=2", "Data={1}"}), "'Count' is 2 but 'Data' has 1 element(s)"));
    EXPECT_TRUE(contains(error({"When=\"2026\""}), "must have 25 characters"));
    EXPECT_TRUE(contains(error({"Mode"}), "expected Name=value"));
    EXPECT_TRUE(contains(error({"Data={1,2"}), "expected '}'"));
    EXPECT_TRUE(contains(error({"Mode=1", "mode=2"}), "assigned twice"));
}

TEST(MofData, DecodeWnodeSingleInstanceAndAllDataWithNames) {
    auto l = layoutOf(blockClass("W", kWidget), "W");
    auto block = widgetBlock();
    auto put32 = [](std::vector<uint8_t>& w, size_t at, uint32_t v) {
        for (int i = 0; i < 4; ++i) w[at + size_t(i)] = uint8_t(v >> (8 * i));
    };
    auto name = [](std::vector<uint8_t>& w, size_t at, const std::string& n) {
        w[at] = uint8_t(n.size() * 2);
        for (size_t i = 0; i < n.size(); ++i) w[at + 2 + 2 * i] = uint8_t(n[i]);
    };
    // WNODE_SINGLE_INSTANCE with a dynamic name at 64 and data at 80.
    std::vector<uint8_t> single(80 + block.size(), 0);
    put32(single, 0x00, uint32_t(single.size()));
    put32(single, 0x2C, 0x02);
    put32(single, 0x30, 64);
    put32(single, 0x38, 80);
    put32(single, 0x3C, uint32_t(block.size()));
    name(single, 64, "W_0");
    std::copy(block.begin(), block.end(), single.begin() + 80);
    Diagnostics d;
    auto one = decodeWnode(*l->layout, single.data(), single.size(), d);
    ASSERT_TRUE(one) << d.str();
    ASSERT_EQ(one->size(), 1u);
    EXPECT_EQ((*one)[0].instanceName, "W_0");
    EXPECT_EQ((*one)[0].value.children[5].text, "WidgetOne");

    // WNODE_ALL_DATA, variable sizes: pairs at 60, names array at 80, names, data 8-aligned.
    std::vector<uint8_t> all(256, 0);
    put32(all, 0x00, uint32_t(all.size()));
    put32(all, 0x2C, 0x01);
    put32(all, 0x30, 112);
    put32(all, 0x34, 2);
    put32(all, 0x38, 80);
    put32(all, 0x3C, 112);
    put32(all, 0x40, uint32_t(block.size()));
    put32(all, 0x44, 160);
    put32(all, 0x48, uint32_t(block.size()));
    put32(all, 80, 88);
    put32(all, 84, 96);
    name(all, 88, "A");
    name(all, 96, "B");
    std::copy(block.begin(), block.end(), all.begin() + 112);
    std::copy(block.begin(), block.end(), all.begin() + 160);
    all[160] = 9;
    auto two = decodeWnode(*l->layout, all.data(), all.size(), d);
    ASSERT_TRUE(two) << d.str();
    ASSERT_EQ(two->size(), 2u);
    EXPECT_EQ((*two)[1].instanceName, "B");
    EXPECT_EQ((*two)[1].value.children[0].u, 9u);
    auto json = nlohmann::json::parse(renderJson(*two));
    EXPECT_EQ(json[0]["InstanceName"], "A");
    EXPECT_EQ(json[1]["Kind"], 9);

    // Out-of-range offsets and counts are errors, not crashes.
    put32(all, 0x44, 250);
    EXPECT_FALSE(decodeWnode(*l->layout, all.data(), all.size(), d));
    put32(all, 0x34, 0x7FFFFFFF);
    EXPECT_FALSE(decodeWnode(*l->layout, all.data(), all.size(), d));
    put32(all, 0x00, 4096);
    EXPECT_FALSE(decodeWnode(*l->layout, all.data(), all.size(), d));
    EXPECT_FALSE(decodeWnode(*l->layout, all.data(), 40, d));
}

// Spec §2.2 display hints: the table shows the raw number first and what it means after it;
// JSON keeps raw values.
TEST(MofRender, DisplayQualifiersShapeTheTable) {
    auto l = layoutOf(blockClass("H",
                                 "    [WmiDataId(1), WmiScale(-3), Units(\"volts\")] sint32 Volts;\n"
                                 "    [WmiDataId(2), Units(\"rpm\")] uint32 Speed;\n"
                                 "    [WmiDataId(3), WmiMissingData(-1)] sint32 Temp;\n"
                                 "    [WmiDataId(4), BitMap{\"0\", \"2\"}, BitValues{\"Ready\", \"Error\"}] uint32 State;\n"
                                 "    [WmiDataId(5), Values{\"Low\", \"High\"}, ValueMap{\"0x10\", \"0x20\"}] uint32 Level;\n"
                                 "    [WmiDataId(6), WmiTimeStamp] uint64 When;\n"
                                 "    [WmiDataId(7), WmiMissingData(-1)] sint32 Other;\n"),
                      "H");
    Diagnostics d;
    auto bytes = encodeBlock(*l->layout,
                             {"Volts=1500", "Speed=7", "Temp=-1", "State=5", "Level=32",
                              "When=133485408101234567", "Other=3"},
                             d);
    ASSERT_TRUE(bytes) << d.str();
    auto v = decodeBlock(*l->layout, bytes->data(), bytes->size(), d);
    ASSERT_TRUE(v) << d.str();
    const std::string table = renderTable(*v);
    EXPECT_TRUE(contains(table, "Volts  1500 (1.5 volts)\n")) << table;
    EXPECT_TRUE(contains(table, "Speed  7 rpm\n")) << table;
    EXPECT_TRUE(contains(table, "Temp   n/a\n")) << table;
    EXPECT_TRUE(contains(table, "State  5 (Ready | Error)\n")) << table;
    EXPECT_TRUE(contains(table, "Level  32 (High)\n")) << table;
    EXPECT_TRUE(contains(table, "When   133485408101234567 (2024-01-01 00:00:10.1234567 UTC)\n")) << table;
    EXPECT_TRUE(contains(table, "Other  3\n")) << table;
    auto json = nlohmann::json::parse(renderJson(*v));
    EXPECT_EQ(json["Volts"], 1500);
    EXPECT_EQ(json["Temp"], -1);
    EXPECT_EQ(json["When"], 133485408101234567ull);
}

}  // namespace
}  // namespace kwmi::mof::testing

namespace kwmi::mof::testing {
namespace {

TEST(MofData, EncodeAndDecodeMethodBuffers) {
    std::string mof = blockClass("X", "    [WmiMethodId(1), Implemented] void Op([in] uint8 Flag, [in] uint64 Wide,"
                                      " [out] sint16 Result, [out] string Text);\n");
    auto l = layoutOf(mof, "X");
    Diagnostics d;
    auto methods = l->engine->methodLayouts(*l->schema.findClass("X"), d);
    ASSERT_EQ(methods.size(), 1u);
    auto in = encodeBlock(methods[0].in, {"Flag=1", "Wide=0x0102030405060708"}, d);
    ASSERT_TRUE(in) << d.str();
    EXPECT_EQ(*in, bytesOf({1, 0, 0, 0, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1}));
    auto out = bytesOf({0xFE, 0xFF, 4, 0, 'o', 0, 'k', 0});
    auto v = decodeBlock(methods[0].out, out.data(), out.size(), d);
    ASSERT_TRUE(v) << d.str();
    EXPECT_EQ(v->children[0].s, -2);
    EXPECT_EQ(v->children[1].text, "ok");
    EXPECT_FALSE(encodeBlock(methods[0].in, {"Result=1"}, d));  // an [out] parameter is not an input
}

}  // namespace
}  // namespace kwmi::mof::testing
