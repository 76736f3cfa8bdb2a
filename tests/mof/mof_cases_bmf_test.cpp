// Spec mof-toolchain §5 cases 36-39 and BMF round trips: DS-01 codec, container,
// decompressed object layout, flavours, class flags, method parameter objects.
#include "mof_test_support.hpp"

#include <random>

namespace kwmi::mof::testing {
namespace {

uint32_t le32(const Bytes& b, size_t at) {
    return uint32_t(b.at(at)) | uint32_t(b.at(at + 1)) << 8 | uint32_t(b.at(at + 2)) << 16 | uint32_t(b.at(at + 3)) << 24;
}

std::string utf16(const std::string& ascii) {
    std::string out;
    for (char c : ascii) out += c, out += '\0';
    return out + std::string(2, '\0');
}

// Position of a UTF-16 NUL-terminated name inside the blob, or npos.
size_t findName(const Bytes& b, const std::string& ascii, size_t from = 0) {
    std::string needle = utf16(ascii);
    std::string hay(b.begin(), b.end());
    return hay.find(needle, from);
}

TEST(MofCases, Case36_Ds01LiteralStream) {
    const uint8_t fomb[] = {0x46, 0x4F, 0x4D, 0x42};
    Bytes stream = ds01Compress(fomb, 4, true);
    EXPECT_EQ(stream, bytesOf({0x44, 0x53, 0x00, 0x01, 0x1a, 0x7d, 0xda, 0x54, 0xf8, 0xff, 0x07, 0x00}));
    std::string err;
    auto back = ds01Decompress(stream.data(), stream.size(), 4, &err);
    ASSERT_TRUE(back) << err;
    EXPECT_EQ(*back, Bytes(fomb, fomb + 4));
}

TEST(MofDs01, RoundTripsWithMatchesSyncsAndHighBytes) {
    std::mt19937 rng(1234);
    for (size_t size : {0u, 1u, 511u, 512u, 513u, 1024u, 5000u, 20000u}) {
        Bytes data(size);
        for (size_t i = 0; i < size; ++i)
            data[i] = (i % 97 < 40) ? uint8_t(rng() & 0xFF) : uint8_t("FOMB class Acme_Widget"[i % 22]);
        for (bool literalsOnly : {false, true}) {
            Bytes stream = ds01Compress(data.data(), data.size(), literalsOnly);
            std::string err;
            auto back = ds01Decompress(stream.data(), stream.size(), data.size(), &err);
            ASSERT_TRUE(back) << size << ": " << err;
            EXPECT_EQ(*back, data) << size;
            EXPECT_EQ(stream.size() % 2, 0u);
        }
    }
    // A repetitive payload must actually compress.
    Bytes text(4000, 'A');
    EXPECT_LT(ds01Compress(text.data(), text.size()).size(), 200u);
}

TEST(MofDs01, MalformedStreamsAreRejected) {
    std::string err;
    EXPECT_FALSE(ds01Decompress(bytesOf({0x44, 0x53, 0x00, 0x09}).data(), 4, 1, &err));
    EXPECT_TRUE(contains(err, "version"));
    EXPECT_FALSE(ds01Decompress(bytesOf({0x53, 0x44, 0x00, 0x01}).data(), 4, 1, &err));
    // Match with offset 1 at output position 0 refers before the start.
    Bytes bad = bytesOf({0x44, 0x53, 0x00, 0x01, 0x04, 0x01});
    EXPECT_FALSE(ds01Decompress(bad.data(), bad.size(), 4, &err));
}

const char* kRndisLike =
    "[WMI, Dynamic, Provider(\"WMIProv\"), guid(\"{11111111-2222-3333-4444-555555555555}\"), localeid(1033),"
    " WmiExpense(1), Description(\"Device property\")]\n"
    "class Rndis_Test\n{\n    [key, read] string InstanceName;\n    [read] boolean Active;\n"
    "    [read, Description(\"A property\"), WmiDataId(1)] uint32 DeviceProperty;\n};\n";

TEST(MofCases, Case37_ContainerAndObjectLayout) {
    Schema s = parseValid(kRndisLike);
    Bytes bmf = writeBmf(s);
    BmfContainerInfo info;
    Diagnostics d;
    auto objects = unpackBmf(bmf.data(), bmf.size(), &info, d);
    ASSERT_TRUE(objects) << d.str();
    EXPECT_EQ(le32(bmf, 0), 0x424D4F46u);
    EXPECT_EQ(info.version, 1u);
    EXPECT_EQ(info.compressedSize, bmf.size() - 16);
    EXPECT_EQ(info.decompressedSize, objects->size());
    const Bytes& o = *objects;
    EXPECT_EQ(std::string(o.begin(), o.begin() + 4), "FOMB");
    uint32_t n = le32(o, 4);
    EXPECT_EQ(le32(o, 8), 1u);
    EXPECT_EQ(le32(o, 12), 1u);
    EXPECT_EQ(le32(o, 16), 1u);  // one class object
    EXPECT_EQ(le32(o, 20) + 20, n);  // the object fills the object part
    EXPECT_EQ(le32(o, 36), 0u);  // kind 0 = class
    ASSERT_EQ(std::string(o.begin() + n, o.begin() + n + 16), "BMOFQUALFLAVOR11");
    ASSERT_EQ(le32(o, n + 16), 3u);  // the three CIMTYPE qualifiers
    for (uint32_t i = 0; i < 3; ++i) {
        uint32_t at = le32(o, n + 20 + 8 * i);
        EXPECT_EQ(le32(o, n + 24 + 8 * i), 0x3u);
        // Each entry points at a qualifier record named CIMTYPE.
        EXPECT_EQ(findName(o, "CIMTYPE", at), at + 16);
    }
    EXPECT_NE(findName(o, "__NAMESPACE"), std::string::npos);
    EXPECT_NE(findName(o, "root\\default"), std::string::npos);
    auto back = readBmf(bmf.data(), bmf.size(), d);
    ASSERT_TRUE(back) << d.str();
    EXPECT_EQ(*back->classes[0].qualifiers.integer("localeid"), 1033);
    EXPECT_EQ(back->classes[0].properties[2].type.type, CimType::Uint32);
}

TEST(MofCases, Case38_ClassFlags) {
    for (auto [pragma, expected] : {std::pair<std::string, int32_t>{"\"updateonly\",\"forceupdate\"", 0x41},
                                    {"\"createonly\"", 2}, {"\"safeupdate\"", 0x20}}) {
        ParseResult r = parse("#pragma classflags(" + pragma + ")\nclass C {};\n");
        ASSERT_TRUE(r.ok()) << r.diagnostics.str();
        Bytes objects = serializeBmfObjects(r.schema);
        size_t at = findName(objects, "__CLASSFLAGS");
        ASSERT_NE(at, std::string::npos);
        // PROPERTY record: value ref → sint32 right after the name.
        size_t record = at - 20;
        EXPECT_EQ(le32(objects, record + 4), uint32_t(CimType::Sint32));
        EXPECT_EQ(le32(objects, record + 20 + le32(objects, record + 12)), uint32_t(expected));
        Diagnostics d;
        Bytes bmf = writeBmf(r.schema);
        auto back = readBmf(bmf.data(), bmf.size(), d);
        ASSERT_TRUE(back) << d.str();
        EXPECT_EQ(back->classes[0].classFlags, expected);
    }
}

TEST(MofCases, Case39_MethodParameterObjects) {
    Schema s = parseValid("class M { boolean F(uint32 a); };");
    Bytes o = serializeBmfObjects(s);
    size_t name = findName(o, "F");
    ASSERT_NE(name, std::string::npos);
    size_t record = name - 20;
    EXPECT_EQ(le32(o, record + 4), 0x200Du);
    // Two __PARAMETERS instances: input {a: IN, ID 0}, output {a: OUT, ID 0; ReturnValue boolean}.
    size_t array = record + 20 + le32(o, record + 12);
    EXPECT_EQ(le32(o, array + 4), 1u);
    EXPECT_EQ(le32(o, array + 8), 2u);
    size_t in = array + 16;
    size_t out = in + le32(o, in);
    EXPECT_EQ(le32(o, in + 16), 1u);   // instance
    EXPECT_EQ(le32(o, out + 16), 1u);
    EXPECT_EQ(le32(o, in + 4), 0xFFFFFFFFu);  // no qualifiers on parameter objects
    size_t inEnd = out, outEnd = out + le32(o, out);
    auto inside = [&](const std::string& n, size_t from, size_t to) {
        size_t at = findName(o, n, from);
        return at != std::string::npos && at < to;
    };
    EXPECT_TRUE(inside("IN", in, inEnd));
    EXPECT_FALSE(inside("OUT", in, inEnd));
    EXPECT_TRUE(inside("OUT", out, outEnd));
    EXPECT_TRUE(inside("ReturnValue", out, outEnd));
    EXPECT_FALSE(inside("ReturnValue", in, inEnd));
    EXPECT_TRUE(inside("__PARAMETERS", in, inEnd));
    Diagnostics d;
    Bytes bmf = writeBmf(s);
    auto back = readBmf(bmf.data(), bmf.size(), d);
    ASSERT_TRUE(back) << d.str();
    const Method& m = back->classes[0].methods.at(0);
    EXPECT_EQ(m.returnType.type, CimType::Boolean);
    ASSERT_EQ(m.parameters.size(), 1u);
    EXPECT_TRUE(parameterIsIn(m.parameters[0]));
    EXPECT_TRUE(parameterIsOut(m.parameters[0]));
}

TEST(MofBmfRoundTrip, SchemaSurvivesMofToBmfToSchema) {
    Schema s = parseValid(readFile(dataPath("acme.mof")));
    Bytes bmf = writeBmf(s);
    Diagnostics d;
    auto back = readBmf(bmf.data(), bmf.size(), d);
    ASSERT_TRUE(back) << d.str();
    ASSERT_EQ(back->classes.size(), s.classes.size());
    for (size_t i = 0; i < s.classes.size(); ++i) {
        const ClassDecl& a = s.classes[i];
        const ClassDecl& b = back->classes[i];
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.superclass, b.superclass);
        EXPECT_EQ(a.nameSpace, b.nameSpace);
        ASSERT_EQ(a.properties.size(), b.properties.size()) << a.name;
        for (size_t k = 0; k < a.properties.size(); ++k) {
            EXPECT_EQ(a.properties[k].name, b.properties[k].name);
            EXPECT_EQ(a.properties[k].type.type, b.properties[k].type.type);
            EXPECT_EQ(a.properties[k].type.className, b.properties[k].type.className);
            EXPECT_EQ(a.properties[k].isArray, b.properties[k].isArray);
            EXPECT_EQ(a.properties[k].fixedCount, b.properties[k].fixedCount);
            ASSERT_EQ(a.properties[k].qualifiers.items.size(), b.properties[k].qualifiers.items.size());
            for (size_t q = 0; q < a.properties[k].qualifiers.items.size(); ++q) {
                EXPECT_EQ(a.properties[k].qualifiers.items[q].name, b.properties[k].qualifiers.items[q].name);
                EXPECT_EQ(a.properties[k].qualifiers.items[q].value, b.properties[k].qualifiers.items[q].value);
            }
        }
        EXPECT_EQ(a.methods.size(), b.methods.size());
    }
    // Same layouts and byte-identical headers from either source.
    for (bool u : {false, true}) {
        HeaderOptions o;
        o.methodStructs = true;
        o.unconditional = u;
        Diagnostics d1, d2;
        EXPECT_EQ(generateHeader(s, o, d1), generateHeader(*back, o, d2));
    }
    // And MOF text printed from the BMF parses back to the same header.
    ParseResult reparsed = parse(printMof(*back));
    ASSERT_TRUE(reparsed.ok()) << reparsed.diagnostics.str() << printMof(*back);
    HeaderOptions o;
    o.methodStructs = true;
    Diagnostics d1, d2;
    EXPECT_EQ(generateHeader(s, o, d1), generateHeader(reparsed.schema, o, d2));
}

TEST(MofBmfRoundTrip, DefaultValuesFlavorsAndInstanceFlags) {
    ParseResult r = parse("#pragma instanceflags(\"updateonly\")\n"
                          "[Description(\"x\") : Amended ToSubClass] class C { uint32 N = 7; string S = \"v\";"
                          " real64 R = 2.5; uint8 A[] = {1, 2}; [MaxLen(3)] char16 Ch; };");
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    Bytes bmf = writeBmf(r.schema);
    Diagnostics d;
    auto back = readBmf(bmf.data(), bmf.size(), d);
    ASSERT_TRUE(back) << d.str();
    const ClassDecl& c = back->classes[0];
    EXPECT_EQ(c.qualifiers.find("Description")->flavors, uint32_t(FlavorAmended | FlavorToSubClass));
    EXPECT_EQ(c.instanceFlags, 1);
    EXPECT_EQ(c.properties[0].type.type, CimType::Uint32);  // declared type from CIMTYPE, value stored as sint32
    EXPECT_EQ(c.properties[0].defaultValue->integer, 7);
    EXPECT_EQ(c.properties[1].defaultValue->text, "v");
    EXPECT_DOUBLE_EQ(c.properties[2].defaultValue->real, 2.5);
    EXPECT_EQ(c.properties[3].defaultValue->items.size(), 2u);
    EXPECT_EQ(c.properties[4].type.type, CimType::Char16);
}

// Spec §4.4: a boolean value is a u16 (0x0000 / 0xFFFF); array elements follow each other
// at that size.
TEST(MofBmfRoundTrip, BooleanValuesAreTwoBytesSoArraysKeepTheirElements) {
    ParseResult r = parse("class C { boolean B[] = {FALSE, TRUE, TRUE}; boolean One = TRUE; };");
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    Bytes objects = serializeBmfObjects(r.schema);
    const std::string hay(objects.begin(), objects.end());
    // total length 22 = 4 (itself) + dimensions + count + row length + 3 x 2-byte elements
    const std::string array = std::string("\x16\0\0\0\x01\0\0\0\x03\0\0\0\x0a\0\0\0", 16) +
                              std::string("\0\0\xff\xff\xff\xff", 6);
    EXPECT_NE(hay.find(array), std::string::npos);
    Bytes bmf = writeBmf(r.schema);
    Diagnostics d;
    auto back = readBmf(bmf.data(), bmf.size(), d);
    ASSERT_TRUE(back) << d.str();
    const auto& items = back->classes[0].properties[0].defaultValue->items;
    ASSERT_EQ(items.size(), 3u);
    EXPECT_FALSE(items[0].boolean);
    EXPECT_TRUE(items[1].boolean);
    EXPECT_TRUE(items[2].boolean);
    EXPECT_TRUE(back->classes[0].properties[1].defaultValue->boolean);
}

// Spec §4.4: integer defaults are stored as sint32, except char16, stored as sint16.
TEST(MofBmfRoundTrip, Char16DefaultIsStoredAsSint16) {
    ParseResult r = parse("class C { char16 Ch = 'A'; uint16 U = 7; };");
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    Bytes objects = serializeBmfObjects(r.schema);
    size_t ch = findName(objects, "Ch");
    size_t u = findName(objects, "U", ch + 1);
    ASSERT_NE(ch, std::string::npos);
    ASSERT_NE(u, std::string::npos);
    // A PROPERTY record: length, type, name ref, value ref, qualifiers ref, then its heap (the name).
    EXPECT_EQ(le32(objects, ch - 20 + 4), uint32_t(CimType::Sint16));
    EXPECT_EQ(le32(objects, u - 20 + 4), uint32_t(CimType::Sint32));
    Bytes bmf = writeBmf(r.schema);
    Diagnostics d;
    auto back = readBmf(bmf.data(), bmf.size(), d);
    ASSERT_TRUE(back) << d.str();
    EXPECT_EQ(back->classes[0].properties[0].type.type, CimType::Char16);
    EXPECT_EQ(back->classes[0].properties[0].defaultValue->integer, 'A');
}

}  // namespace
}  // namespace kwmi::mof::testing
