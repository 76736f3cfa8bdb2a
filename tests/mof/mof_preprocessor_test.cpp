// The C-preprocessor pass: #include (quoted, parenthesised, angled, #pragma include),
// object-like and function-like macros, conditionals with integer expressions.
#include "mof_test_support.hpp"

namespace kwmi::mof::testing {
namespace {

ParseOptions withFiles(std::map<std::string, std::string> files, std::vector<std::string> includeDirs = {}) {
    ParseOptions o;
    o.includeDirs = std::move(includeDirs);
    auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(files));
    o.reader = [shared](const std::string& path) -> std::optional<std::string> {
        auto it = shared->find(path);
        if (it == shared->end()) return std::nullopt;
        return it->second;
    };
    return o;
}

TEST(MofPreprocessor, IncludeForms) {
    auto o = withFiles({{"common.mof", "class A {};"},
                        {"inc/b.mof", "class B {};"},
                        {"inc/c.mof", "class C {};"},
                        {"d.mof", "class D {};"}},
                       {"inc"});
    std::vector<std::string> opened;
    o.openedFiles = &opened;
    ParseResult r = parseMof("#include \"common.mof\"\n#include <b.mof>\n#include (\"c.mof\")\n#pragma include(\"d.mof\")\n",
                             "main.mof", o);
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    ASSERT_EQ(r.schema.classes.size(), 4u);
    EXPECT_EQ(r.schema.classes[3].name, "D");
    EXPECT_EQ(opened, (std::vector<std::string>{"main.mof", "common.mof", "inc/b.mof", "inc/c.mof", "d.mof"}));
}

TEST(MofPreprocessor, MissingIncludeAndRecursionAreErrors) {
    auto o = withFiles({{"self.mof", "#include \"self.mof\"\n"}});
    ParseResult r = parseMof("#include \"nope.mof\"\nclass A {};", "main.mof", o);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.diagnostics.str(), "main.mof:1:2: error: cannot open include file 'nope.mof'")) << r.diagnostics.str();
    EXPECT_EQ(r.schema.classes.size(), 1u);
    ParseResult loop = parseMof("#include \"self.mof\"\n", "main.mof", o);
    EXPECT_TRUE(contains(loop.diagnostics.str(), "nested too deeply"));
}

TEST(MofPreprocessor, ErrorsInIncludedFileNameThatFile) {
    auto o = withFiles({{"bad.mof", "class X {\n  uint8 ;\n};\n"}});
    ParseResult r = parseMof("#include \"bad.mof\"\n", "main.mof", o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.diagnostics.all()[0].where.file, "bad.mof");
    EXPECT_EQ(r.diagnostics.all()[0].where.line, 2u);
}

TEST(MofPreprocessor, ObjectLikeMacrosAsTypesAndQualifierLists) {
    ParseResult r = parse("#define HBA_STATUS uint32\n"
                          "#define STATUS_QUALIFIERS WmiDataId(1), \\\n    read, \\\n    Description(\"status\")\n"
                          "class C { [STATUS_QUALIFIERS] HBA_STATUS Status; };\n"
                          "#undef HBA_STATUS\nclass HBA_STATUS {};\n");
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    const Property& p = r.schema.classes[0].properties[0];
    EXPECT_EQ(p.type.type, CimType::Uint32);
    EXPECT_EQ(*p.qualifiers.integer("WmiDataId"), 1);
    EXPECT_EQ(*p.qualifiers.text("Description"), "status");
    EXPECT_EQ(r.schema.classes[1].name, "HBA_STATUS");
}

TEST(MofPreprocessor, FunctionLikeMacros) {
    ParseResult r = parse("#define ID(n) WmiDataId(n), read\n#define STR(x) #x\n#define CAT(a, b) a##b\n"
                          "#define SELF SELF\n"
                          "class C { [ID(1), Description(STR(hello))] uint32 CAT(Fi, eld); uint32 SELF; };\n"
                          "class D { uint32 ID; };\n");
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    const Property& p = r.schema.classes[0].properties[0];
    EXPECT_EQ(p.name, "Field");
    EXPECT_EQ(*p.qualifiers.integer("WmiDataId"), 1);
    EXPECT_EQ(*p.qualifiers.text("Description"), "hello");
    EXPECT_EQ(r.schema.classes[0].properties[1].name, "SELF");
    EXPECT_EQ(r.schema.classes[1].properties[0].name, "ID");  // not followed by '(' → not expanded
    ParseResult bad = parse("#define TWO(a, b) a b\nclass C { TWO(uint8) x; };");
    EXPECT_TRUE(contains(bad.diagnostics.str(), "macro 'TWO' expects 2 argument(s), got 1"));
}

TEST(MofPreprocessor, Conditionals) {
    ParseOptions o;
    o.defines = {{"MOFCOMP_PASS", "1"}, {"LEVEL", "3"}};
    ParseResult r = parseMof("#if defined(MOFCOMP_PASS) && LEVEL >= 2 && (1 << 4) == 16\nclass A {};\n#else\nclass Bad1 {};\n#endif\n"
                             "#ifdef NOT_DEFINED\nclass Bad2 {};\n#elif LEVEL * 2 - 1 == 5 ? 1 : 0\nclass B {};\n#else\nclass Bad3 {};\n#endif\n"
                             "#ifndef NOT_DEFINED\n#if 0\n#error never\n#endif\nclass C {};\n#endif\n"
                             "#if UNKNOWN_IS_ZERO\nclass Bad4 {};\n#endif\n",
                             "t.mof", o);
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    ASSERT_EQ(r.schema.classes.size(), 3u);
    EXPECT_EQ(r.schema.classes[0].name, "A");
    EXPECT_EQ(r.schema.classes[1].name, "B");
    EXPECT_EQ(r.schema.classes[2].name, "C");
}

TEST(MofPreprocessor, ConditionalErrors) {
    EXPECT_TRUE(contains(parse("#if 1\nclass A {};\n").diagnostics.str(), "expected #endif"));
    EXPECT_TRUE(contains(parse("#endif\n").diagnostics.str(), "#endif without a matching #if"));
    EXPECT_TRUE(contains(parse("#if 1 / 0\n#endif\n").diagnostics.str(), "division by zero"));
    EXPECT_TRUE(contains(parse("#if 1\n#else\n#else\n#endif\n").diagnostics.str(), "#else after #else"));
    EXPECT_TRUE(contains(parse("#error stop here\n").diagnostics.str(), "#error stop here"));
    EXPECT_TRUE(contains(parse("#frobnicate\n").diagnostics.str(), "unknown preprocessor directive '#frobnicate'"));
}

TEST(MofPreprocessor, CPassCanBeDisabled) {
    ParseOptions o;
    o.cPreprocessor = false;
    ParseResult r = parseMof("#define X uint32\nclass C { X a; };", "t.mof", o);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.diagnostics.str(), "needs the C-preprocessor pass"));
    ParseResult pragma = parseMof("#pragma namespace(\"root\\\\wmi\")\nclass C { };", "t.mof", o);
    EXPECT_TRUE(pragma.ok()) << pragma.diagnostics.str();
}

}  // namespace
}  // namespace kwmi::mof::testing
