// Spec mof-toolchain §5 case 35 and the other wmimofck structure rules of §1.5.
#include "mof_test_support.hpp"

namespace kwmi::mof::testing {
namespace {

std::string validationErrors(const std::string& mof) {
    ParseResult r = parse(mof);
    EXPECT_TRUE(r.ok()) << r.diagnostics.str();
    Diagnostics d;
    validateSchema(r.schema, d);
    EXPECT_TRUE(d.hasErrors()) << "expected a validation error for:\n" << mof;
    return d.str();
}

TEST(MofCases, Case35_ValidationErrors) {
    EXPECT_TRUE(contains(validationErrors(blockClass("X", "    [WmiDataId(1)] uint32 A;\n    [WmiDataId(3)] uint32 B;\n")),
                         "WmiDataId 2 is not defined"));
    EXPECT_TRUE(contains(validationErrors(blockClass("X", "    [WmiDataId(1)] uint32 A;\n    [WmiDataId(1)] uint32 B;\n")),
                         "duplicate WmiDataId(1) on 'B' and 'A'"));
    EXPECT_TRUE(contains(validationErrors(blockClass("X", "    [WmiDataId(1)] uint32 A;\n    uint32 B;\n")),
                         "property 'B' needs a WmiDataId(n) qualifier"));
    EXPECT_TRUE(contains(validationErrors(blockClass("X", "    [Implemented] void M([in] uint32 A);\n")),
                         "method 'M' needs a WmiMethodId(n) qualifier"));
    EXPECT_TRUE(contains(validationErrors(blockClass("X", "    [WmiMethodId(1)] void M([in] uint32 A);\n")),
                         "method 'M' needs the Implemented qualifier"));
    EXPECT_TRUE(contains(validationErrors(blockClass("X", "    [WmiMethodId(1), Implemented] uint32 M([in] uint32 A);\n")),
                         "method 'M' must return void"));
    EXPECT_TRUE(contains(validationErrors(blockClass("X", "    [WmiDataId(1)] real32 R;\n")),
                         "type 'real32' cannot be a WMI data item"));
    EXPECT_TRUE(contains(validationErrors("[WMI, Dynamic, Provider(\"WMIProv\"), guid(\"1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b\")]\n"
                                          "class X { [read] string InstanceName; [read] boolean Active; };"),
                         "InstanceName must carry the key qualifier"));
}

TEST(MofValidation, StructureRules) {
    EXPECT_TRUE(contains(validationErrors("[WMI, Dynamic, Provider(\"WMIProv\")] class X { [key, read] string InstanceName;"
                                          " [read] boolean Active; };"),
                         "needs a guid"));
    EXPECT_TRUE(contains(validationErrors(blockClass("X", "", "", "not-a-guid")), "malformed guid \"not-a-guid\""));
    EXPECT_TRUE(contains(validationErrors("[WMI, Dynamic, Provider(\"WMIProv\"), guid(\"1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b\")]"
                                          " class X { };"),
                         "needs the property [key, read] string InstanceName"));
    EXPECT_TRUE(contains(validationErrors(blockClass("X", "    [WmiDataId(1), WmiSizeIs(\"Missing\")] uint8 D[];\n")),
                         "WmiSizeIs(\"Missing\") of 'D' in X names no data item"));
    EXPECT_TRUE(contains(validationErrors(blockClass("X", "    [WmiDataId(1)] uint8 D[];\n")), "array without dimension"));
    EXPECT_TRUE(contains(validationErrors(blockClass("X", "    [WmiDataId(1)] uint32 N;\n"
                                                          "    [WmiDataId(2), WmiSizeIs(\"N\")] uint8 D[4];\n")),
                         "both fixed (4) and variable"));
    EXPECT_TRUE(contains(validationErrors(blockClass("X", "    [WmiDataId(1)] string N;\n"
                                                          "    [WmiDataId(2), WmiSizeIs(\"N\")] uint8 D[];\n")),
                         "the count property must be a scalar integer"));
    EXPECT_TRUE(contains(validationErrors(blockClass("X", "    [WmiDataId(1)] Missing E;\n")), "'Missing' of 'E' is not a declared class"));
    EXPECT_TRUE(contains(validationErrors(embeddedClass("E", "    [WmiDataId(1)] uint8 A;\n    [WmiMethodId(1), Implemented] void M();\n")),
                         "an embedded class may not declare methods"));
    EXPECT_TRUE(contains(validationErrors(blockClass("E", "", "abstract", "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b", "WMIEvent")),
                         "event class (derived from WMIEvent) may not be abstract"));
    EXPECT_TRUE(contains(validationErrors(blockClass("X", "    [WmiMethodId(1), Implemented] void A();\n"
                                                          "    [WmiMethodId(1), Implemented] void B();\n")),
                         "duplicate WmiMethodId(1)"));
    EXPECT_TRUE(contains(validationErrors(blockClass("_X", "")), "must start with a letter"));
    EXPECT_TRUE(contains(validationErrors(embeddedClass("Loop", "    [WmiDataId(1)] Loop Self;\n")), "embeds itself"));
    // Without WMI the header would use a struct it never defines.
    EXPECT_TRUE(contains(validationErrors("class Inner { [WmiDataId(1)] uint32 A; };\n" +
                                          blockClass("Outer", "    [WmiDataId(1)] Inner X;\n")),
                         "embedded class 'Inner' of 'X' needs the WMI qualifier"));
    EXPECT_TRUE(contains(validationErrors("[WMI, abstract] class A { };\n[WMI, abstract] class B : A { };\n" +
                                          blockClass("C", "    [WmiDataId(1)] uint32 N;\n", "", "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b", "B")),
                         "class B: only one abstract base class per hierarchy ('A' is abstract too)"));
}

TEST(MofValidation, ValidSchemaHasNoDiagnostics) {
    std::string mof = readFile(dataPath("acme.mof"));
    ParseResult r = parse(mof);
    validateSchema(r.schema, r.diagnostics);
    EXPECT_TRUE(r.diagnostics.all().empty()) << r.diagnostics.str();
}

}  // namespace
}  // namespace kwmi::mof::testing
