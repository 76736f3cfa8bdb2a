// Spec mof-toolchain §5 cases 28-31 and the lexical rules of §1.2: strings, escapes,
// numbers, keywords, encodings, error positions and recovery.
#include "mof_test_support.hpp"

namespace kwmi::mof::testing {
namespace {

TEST(MofCases, Case28_MissingCommaConcatenatesStrings) {
    ParseResult r = parse("[WmiEnum{\"0=Alpha\" \"1=Beta\", \"2=Gamma\", \"3=Delta\"}] class C { };");
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    auto items = r.schema.classes.at(0).qualifiers.texts("WmiEnum");
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0], "0=Alpha1=Beta");
    EXPECT_EQ(items[2], "3=Delta");
}

TEST(MofCases, Case29_EscapesInLocaleAndNamespace) {
    std::string mof = "#pragma namespace(\"\\\\\\\\.\\\\root\\\\wmi\")\n" +
                      blockClass("C", "    [WmiDataId(1)] uint32 V;\n", "Locale(\"MS\\\\0x409\")");
    Schema s = parseValid(mof);
    ASSERT_EQ(s.classes.size(), 1u);
    EXPECT_EQ(*s.classes[0].qualifiers.text("Locale"), "MS\\0x409");
    EXPECT_EQ(s.classes[0].nameSpace, "\\\\.\\root\\wmi");
    Diagnostics d;
    Bytes bmf = writeBmf(s);
    auto back = readBmf(bmf.data(), bmf.size(), d);
    ASSERT_TRUE(back) << d.str();
    EXPECT_EQ(back->classes[0].nameSpace, "\\\\.\\root\\wmi");
}

TEST(MofCases, Case30_GuidSpellingsAreEquivalent) {
    std::string a = header(blockClass("X", "    [WmiDataId(1)] uint32 V;\n", "", "1B2C3D4E-5F60-4718-8A9B-0C1D2E3F4A5B"));
    std::string b = header(blockClass("X", "    [WmiDataId(1)] uint32 V;\n", "", "{1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b}"));
    EXPECT_EQ(a, b);
    EXPECT_TRUE(contains(a, "{ 0x1b2c3d4e,0x5f60,0x4718, { 0x8a,0x9b,0x0c,0x1d,0x2e,0x3f,0x4a,0x5b } }"));
}

TEST(MofCases, Case31_UppercasePragmaAutorecover) {
    std::string mof = "#PRAGMA AUTORECOVER\n" + blockClass("X", "    [WmiDataId(1)] uint32 V;\n");
    Schema s = parseValid(mof);
    ASSERT_EQ(s.classes.size(), 1u);
    Schema plain = parseValid(blockClass("X", "    [WmiDataId(1)] uint32 V;\n"));
    EXPECT_EQ(serializeBmfObjects(s), serializeBmfObjects(plain));  // no trace in the BMF
}

TEST(MofLexer, EscapesCharsAndNumbers) {
    ParseResult r = parse(
        "[S(\"a\\tb\\n\\\"q\\\"\\x41\\X263A\"), C('A'), W('\\x4133'), H(0x1F), B(101b), O(017), N(-1), R(1.5e3),"
        " T(TRUE), F(false), Z(NULL)] class C { };");
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    const auto& q = r.schema.classes[0].qualifiers;
    EXPECT_EQ(*q.text("S"), "a\tb\n\"q\"A\xE2\x98\xBA");
    EXPECT_EQ(*q.integer("C"), 'A');
    EXPECT_EQ(*q.integer("W"), 0x4133);
    EXPECT_EQ(*q.integer("H"), 0x1F);
    EXPECT_EQ(*q.integer("B"), 5);
    EXPECT_EQ(*q.integer("O"), 15);
    EXPECT_EQ(*q.integer("N"), -1);
    EXPECT_DOUBLE_EQ(q.find("R")->value.real, 1500.0);
    EXPECT_TRUE(q.flag("T"));
    EXPECT_FALSE(q.flag("F"));
    EXPECT_EQ(q.find("Z")->value.kind, Value::Kind::Null);
}

TEST(MofLexer, KeywordsAreCaseInsensitive) {
    ParseResult r = parse("[WMI, GUID(\"1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b\")] CLASS C : WmiEvent {"
                          " [IN] UINT32 a; [Out] String b[]; };");
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    const ClassDecl& c = r.schema.classes[0];
    EXPECT_EQ(c.superclass, "WmiEvent");
    EXPECT_EQ(c.properties[0].type.type, CimType::Uint32);
    EXPECT_EQ(c.properties[1].type.type, CimType::String);
    EXPECT_TRUE(c.properties[1].isArray);
    EXPECT_TRUE(c.qualifiers.has("guid"));
}

TEST(MofLexer, QualifierFlavorsAndDeclarations) {
    ParseResult r = parse("qualifier Description : ToSubClass Amended;\n"
                          "[Description(\"d\") : Amended ToSubClass DisableOverride ToInstance, key : Restricted]"
                          " class C { [read : ToSubClass] uint8 x = 5; uint8 y[] = {1, 2}; };\n"
                          "instance of C as $c { x = 1; y = {3}; };");
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    const auto& q = r.schema.classes[0].qualifiers;
    EXPECT_EQ(q.find("Description")->flavors, uint32_t(FlavorAmended | FlavorToSubClass | FlavorDisableOverride | FlavorToInstance));
    EXPECT_EQ(q.find("key")->flavors, 0u);
    EXPECT_EQ(r.schema.classes[0].properties[0].defaultValue->integer, 5);
    EXPECT_EQ(r.schema.classes[0].properties[1].defaultValue->items.size(), 2u);
    ASSERT_EQ(r.schema.instances.size(), 1u);
    EXPECT_EQ(r.schema.instances[0].alias, "$c");
}

TEST(MofLexer, RefAndObjectTypes) {
    ParseResult r = parse("class A { }; class B { A ref Target; object Any; A Embedded; };");
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    const auto& p = r.schema.classes[1].properties;
    EXPECT_EQ(p[0].type.type, CimType::Reference);
    EXPECT_EQ(p[0].type.className, "A");
    EXPECT_EQ(p[1].type.type, CimType::Object);
    EXPECT_TRUE(p[1].type.className.empty());
    EXPECT_EQ(p[2].type.className, "A");
}

TEST(MofEncoding, Utf16WithBomAndUtf8) {
    std::string text = "// caf\xC3\xA9\nclass C { uint8 x; };";
    std::string le = "\xFF\xFE", be = "\xFE\xFF";
    for (unsigned char ch : std::string("// caf")) {
        le += char(ch), le += '\0';
        be += '\0', be += char(ch);
    }
    le += "\xE9"; le += '\0';
    be += '\0'; be += "\xE9";
    for (unsigned char ch : std::string("\nclass C { uint8 x; };")) {
        le += char(ch), le += '\0';
        be += '\0', be += char(ch);
    }
    for (const std::string& input : {text, "\xEF\xBB\xBF" + text, le, be}) {
        ParseResult r = parse(input);
        ASSERT_TRUE(r.ok()) << r.diagnostics.str();
        ASSERT_EQ(r.schema.classes.size(), 1u);
        EXPECT_EQ(r.schema.classes[0].properties[0].name, "x");
    }
    EXPECT_EQ(decodeSourceText(le), text);
}

TEST(MofErrors, PositionAndExpectation) {
    ParseResult r = parse("class C {\n  uint32 A\n};\n");
    ASSERT_FALSE(r.ok());
    const Diagnostic& d = r.diagnostics.all().at(0);
    EXPECT_EQ(d.where.file, "test.mof");
    EXPECT_EQ(d.where.line, 3u);
    EXPECT_EQ(d.where.column, 1u);
    EXPECT_TRUE(contains(d.message, "expected ';' after property 'A'")) << d.message;
    EXPECT_TRUE(contains(d.str(), "test.mof:3:1: error: expected ';'")) << d.str();
}

TEST(MofErrors, SeveralErrorsInOneRunWithRecovery) {
    ParseResult r = parse("class A { uint32 ; uint32 Ok1; };\n"
                          "class B { uint32 X[0]; uint32 Ok2; };\n"
                          "garbage here;\n"
                          "class C { [key uint32 K; uint32 Ok3; };\n"
                          "class D { uint32 Ok4; };\n");
    EXPECT_GE(r.diagnostics.errorCount(), 4u) << r.diagnostics.str();
    ASSERT_NE(r.schema.findClass("D"), nullptr);
    EXPECT_NE(r.schema.findClass("A")->findProperty("Ok1"), nullptr);
    EXPECT_NE(r.schema.findClass("B")->findProperty("Ok2"), nullptr);
    EXPECT_NE(r.schema.findClass("C")->findProperty("Ok3"), nullptr);
}

TEST(MofErrors, UnterminatedConstructsAreReported) {
    for (const char* bad : {"class C { string s = \"abc", "/* never closed", "class C {", "[key", "class",
                            "class C { uint8 x; } ", "#pragma namespace(", "char c = 'a"}) {
        ParseResult r = parse(bad);
        EXPECT_FALSE(r.ok()) << bad;
    }
}

TEST(MofPragmas, ClassAndInstanceFlags) {
    ParseResult r = parse("#pragma classflags(\"updateonly\", \"forceupdate\")\n#pragma instanceflags(\"createonly\")\n"
                          "class C {};\n#pragma classflags(\"safeupdate\")\nclass D {};\n"
                          "#pragma deleteclass(\"Old\", NOFAIL)\n#pragma locale(\"MS_409\")\n");
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    EXPECT_EQ(*r.schema.classes[0].classFlags, 0x41);
    EXPECT_EQ(*r.schema.classes[0].instanceFlags, 2);
    EXPECT_EQ(*r.schema.classes[1].classFlags, 0x20);
    ParseResult bad = parse("#pragma classflags(\"sometimes\")\nclass C {};");
    EXPECT_FALSE(bad.ok());
    EXPECT_TRUE(contains(bad.diagnostics.str(), "expected updateonly, createonly, safeupdate, forceupdate"));
    EXPECT_EQ(bad.schema.classes.size(), 1u);
}

}  // namespace
}  // namespace kwmi::mof::testing
