// Robustness: every truncation and deterministic random corruptions of a small MOF,
// of a BMF container and of its decompressed objects give errors, never crashes.
// (The libFuzzer targets under fuzz/mof explore further.)
#include "mof_test_support.hpp"

#include <random>

namespace kwmi::mof::testing {
namespace {

const std::string& smallMof() {
    static const std::string mof =
        "#pragma namespace(\"\\\\\\\\.\\\\root\\\\wmi\")\n"
        "#define ITEM(n) WmiDataId(n), read\n"
        "[WMI, Dynamic, Provider(\"WMIProv\"), guid(\"{1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b}\"), Description(\"s\")]\n"
        "class Small_Block\n{\n    [key, read] string InstanceName;\n    [read] boolean Active;\n"
        "    [ITEM(1), Values{\"A\",\"B\"}, ValueMap{\"0\",\"1\"}] uint32 Count;\n"
        "    [ITEM(2), WmiSizeIs(\"Count\")] uint16 Data[];\n"
        "    [WmiMethodId(1), Implemented] void Go([in] uint8 X, [out] string Y);\n};";
    return mof;
}

// Runs every back end over whatever parsed; nothing may crash.
void exercise(const Schema& s) {
    Diagnostics d;
    validateSchema(s, d);
    HeaderOptions o;
    o.methodStructs = true;
    (void)generateHeader(s, o, d);
    o.unconditional = true;
    (void)generateHeader(s, o, d);
    (void)generateLayoutAsserts(s, o, "X.h", "f", d);
    Bytes bmf = writeBmf(s);
    (void)readBmf(bmf.data(), bmf.size(), d);
    (void)printMof(s);
    LayoutEngine engine(s);
    for (const auto& c : s.classes) {
        const ClassLayout* l = engine.classLayout(c.name, d);
        if (!l) continue;
        const uint8_t junk[64] = {5, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        (void)decodeBlock(*l, junk, sizeof junk, d);
        (void)encodeBlock(*l, {"Count=2", "Data={1,2}"}, d);
    }
}

TEST(MofRobustness, EveryTruncationOfASmallMofIsAnError) {
    const std::string& mof = smallMof();
    ParseResult full = parse(mof);
    ASSERT_TRUE(full.ok()) << full.diagnostics.str();
    for (size_t cut = 1; cut < mof.size(); ++cut) {
        std::string prefix = mof.substr(0, cut);
        ParseResult r = parse(prefix);
        bool onlyPreamble = prefix.find("\n[") == std::string::npos;
        if (!onlyPreamble) {
            EXPECT_TRUE(r.diagnostics.hasErrors()) << "cut at " << cut << ":\n" << prefix;
        }
        exercise(r.schema);
    }
}

TEST(MofRobustness, RandomCorruptionsOfAMof) {
    std::mt19937 rng(42);
    const std::string& mof = smallMof();
    for (int round = 0; round < 1500; ++round) {
        std::string bad = mof;
        int edits = 1 + int(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            size_t at = rng() % bad.size();
            switch (rng() % 3) {
            case 0: bad[at] = char(rng() & 0xFF); break;
            case 1: bad.erase(at, 1 + rng() % 8); break;
            default: bad.insert(at, 1, "{}[]();,:=\"'#\\/*"[rng() % 16]); break;
            }
            if (bad.empty()) bad = "x";
        }
        ParseResult r = parse(bad);
        exercise(r.schema);
    }
}

TEST(MofRobustness, EveryTruncationAndCorruptionOfABmf) {
    Schema s = parseValid(smallMof());
    Bytes bmf = writeBmf(s);
    Bytes objects = serializeBmfObjects(s);
    for (size_t cut = 0; cut < bmf.size(); ++cut) {
        Diagnostics d;
        EXPECT_FALSE(readBmf(bmf.data(), cut, d)) << cut;
        EXPECT_TRUE(d.hasErrors());
    }
    uint32_t objectPart = uint32_t(objects[4]) | uint32_t(objects[5]) << 8 | uint32_t(objects[6]) << 16;
    for (size_t cut = 0; cut < objects.size(); ++cut) {
        Diagnostics d;
        auto r = parseBmfObjects(objects.data(), cut, d);
        if (cut < objectPart) {
            EXPECT_FALSE(r) << cut;
        }
        if (r) exercise(*r);
    }
    std::mt19937 rng(7);
    for (int round = 0; round < 3000; ++round) {
        bool container = round % 2;
        Bytes bad = container ? bmf : objects;
        int edits = 1 + int(rng() % 3);
        for (int e = 0; e < edits; ++e) bad[rng() % bad.size()] = uint8_t(rng() & 0xFF);
        Diagnostics d;
        auto r = container ? readBmf(bad.data(), bad.size(), d) : parseBmfObjects(bad.data(), bad.size(), d);
        if (r) exercise(*r);
        else EXPECT_TRUE(d.hasErrors());
    }
}

TEST(MofRobustness, RandomBytesIntoTheDecoders) {
    Schema s = parseValid(smallMof() + "\n" + embeddedClass("E", "    [WmiDataId(1)] string S;\n    [WmiDataId(2)] uint64 Q;\n") +
                          blockClass("H", "    [WmiDataId(1)] uint8 N;\n    [WmiDataId(2), WmiSizeIs(\"N\")] E Items[];\n"
                                          "    [WmiDataId(3)] datetime T;\n",
                                     "", "5b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b"));
    LayoutEngine engine(s);
    std::mt19937 rng(99);
    for (const char* name : {"Small_Block", "H"}) {
        const ClassLayout* l = engine.classLayout(name);
        ASSERT_NE(l, nullptr);
        for (int round = 0; round < 2000; ++round) {
            Bytes data(rng() % 200);
            for (auto& b : data) b = uint8_t(rng() % 4 == 0 ? rng() & 0xFF : rng() % 8);
            Diagnostics d;
            (void)decodeBlock(*l, data.data(), data.size(), d);
            if (data.size() >= 4) data[0] = uint8_t(data.size()), data[1] = data[2] = data[3] = 0;
            auto w = decodeWnode(*l, data.data(), data.size(), d);
            if (w) (void)renderJson(*w);
        }
    }
}

}  // namespace
}  // namespace kwmi::mof::testing
