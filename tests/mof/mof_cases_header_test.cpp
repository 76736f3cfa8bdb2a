// Spec mof-toolchain §5, cases 1-27 and 32-34, 41: layout and `wmimofck -h` header shape.
#include "mof_test_support.hpp"

namespace kwmi::mof::testing {
namespace {

const char* kScalarItems =
    "    [WmiDataId(1), read] boolean Flag;\n    [WmiDataId(2), read] uint8 U8;\n"
    "    [WmiDataId(3), read] uint16 U16;\n    [WmiDataId(4), read] uint32 U32;\n"
    "    [WmiDataId(5), read] uint64 U64;\n    [WmiDataId(6), read] sint8 S8;\n"
    "    [WmiDataId(7), read] sint16 S16;\n    [WmiDataId(8), read] sint32 S32;\n"
    "    [WmiDataId(9), read] sint64 S64;\n";

const char* kArrayItems =
    "    [WmiDataId(1), read] boolean Flags[8];\n    [WmiDataId(2), read] uint8 U8[8];\n"
    "    [WmiDataId(3), read] uint16 U16[4];\n    [WmiDataId(4), read] uint32 U32[2];\n"
    "    [WmiDataId(5), read] uint64 U64;\n    [WmiDataId(6), read] sint8 S8[8];\n"
    "    [WmiDataId(7), read] sint16 S16[4];\n    [WmiDataId(8), read] sint32 S32[2];\n"
    "    [WmiDataId(9), read] sint64 S64;\n";

std::vector<uint32_t> offsets(const ClassLayout& l) {
    std::vector<uint32_t> out;
    for (const auto& i : l.items) {
        EXPECT_TRUE(i.offsetKnown) << i.name;
        out.push_back(i.offset);
    }
    return out;
}

TEST(MofCases, Case01_Scalars) {
    std::string mof = blockClass("Acme_Scalars", kScalarItems, "HeaderName(\"SCALARS\")");
    auto l = layoutOf(mof, "Acme_Scalars");
    EXPECT_EQ(offsets(*l->layout), (std::vector<uint32_t>{0, 1, 2, 4, 8, 16, 18, 20, 24}));
    EXPECT_EQ(l->layout->dataSize, 32u);
    std::string h = header(mof);
    EXPECT_TRUE(contains(h, "typedef struct _SCALARS\n{\n"));
    EXPECT_TRUE(contains(h, "} SCALARS, *PSCALARS;\n"));
    for (const char* member : {"BOOLEAN Flag;", "UCHAR U8;", "USHORT U16;", "ULONG U32;", "ULONGLONG U64;", "CHAR S8;",
                               "SHORT S16;", "LONG S32;", "LONGLONG S64;"})
        EXPECT_TRUE(contains(h, std::string("    ") + member + "\n")) << member;
    EXPECT_TRUE(contains(h, "    #define SCALARS_U64_SIZE sizeof(ULONGLONG)\n    #define SCALARS_U64_ID 5\n"));
    EXPECT_TRUE(contains(h, "#define SCALARS_SIZE (FIELD_OFFSET(SCALARS, S64) + SCALARS_S64_SIZE)\n"));
    EXPECT_TRUE(contains(h, "#define Acme_ScalarsGuid \\\n"));
    EXPECT_TRUE(contains(h, "DEFINE_GUID(Acme_Scalars_GUID, \\\n"));
}

TEST(MofCases, Case02_Arrays) {
    std::string mof = blockClass("Acme_Arrays", kArrayItems, "HeaderName(\"ARRAYS\")");
    auto l = layoutOf(mof, "Acme_Arrays");
    EXPECT_EQ(offsets(*l->layout), (std::vector<uint32_t>{0, 8, 16, 24, 32, 40, 48, 56, 64}));
    EXPECT_EQ(l->layout->dataSize, 72u);
    std::string h = header(mof);
    EXPECT_TRUE(contains(h, "    BOOLEAN Flags[8];\n    #define ARRAYS_Flags_SIZE sizeof(BOOLEAN[8])\n"));
    EXPECT_TRUE(contains(h, "    USHORT U16[4];\n    #define ARRAYS_U16_SIZE sizeof(USHORT[4])\n"));
    EXPECT_TRUE(contains(h, "#define ARRAYS_SIZE (FIELD_OFFSET(ARRAYS, S64) + ARRAYS_S64_SIZE)\n"));
}

TEST(MofCases, Case03_EmbeddedArray) {
    std::string mof = embeddedClass("Acme_Scalars", kScalarItems, "HeaderName(\"SCALARS\")") +
                      blockClass("Acme_Holder", "    [WmiDataId(1), read] Acme_Scalars Items[4];\n", "",
                                 "3b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b");
    auto l = layoutOf(mof, "Acme_Holder");
    EXPECT_EQ(l->layout->dataSize, 128u);
    std::string h = header(mof);
    EXPECT_TRUE(contains(h, "    SCALARS Items[4];\n    #define Acme_Holder_Items_SIZE sizeof(SCALARS[4])\n"));
    EXPECT_TRUE(contains(h, "#define Acme_Holder_SIZE (FIELD_OFFSET(Acme_Holder, Items) + Acme_Holder_Items_SIZE)\n"));
}

TEST(MofCases, Case04_AlignUint32AfterUint8) {
    auto l = layoutOf(blockClass("X", "    [WmiDataId(1)] uint8 A;\n    [WmiDataId(2)] uint32 B;\n"), "X");
    EXPECT_EQ(l->layout->items[1].offset, 4u);
    EXPECT_EQ(l->layout->dataSize, 8u);
    EXPECT_EQ(l->layout->structSize, 8u);
}

TEST(MofCases, Case05_NoTailPaddingInSize) {
    std::string mof = blockClass("X", "    [WmiDataId(1)] uint32 A;\n    [WmiDataId(2)] uint8 B;\n");
    auto l = layoutOf(mof, "X");
    EXPECT_EQ(l->layout->dataSize, 5u);
    EXPECT_EQ(l->layout->structSize, 8u);
    // WNODE_ALL_DATA, fixed instance size 5, two instances: the second starts at +8.
    std::vector<uint8_t> w(64 + 16, 0);
    auto put32 = [&](size_t at, uint32_t v) {
        for (int i = 0; i < 4; ++i) w[at + size_t(i)] = uint8_t(v >> (8 * i));
    };
    put32(0x00, uint32_t(w.size()));
    put32(0x2C, 0x01 | 0x10 | 0x80);  // ALL_DATA | FIXED_INSTANCE_SIZE | STATIC_INSTANCE_NAMES
    put32(0x30, 64);
    put32(0x34, 2);
    put32(0x3C, 5);
    put32(64, 0x11111111);
    w[68] = 0x22;
    put32(72, 0x33333333);
    w[76] = 0x44;
    Diagnostics d;
    auto inst = decodeWnode(*l->layout, w.data(), w.size(), d);
    ASSERT_TRUE(inst) << d.str();
    ASSERT_EQ(inst->size(), 2u);
    EXPECT_EQ((*inst)[1].value.children[0].u, 0x33333333u);
    EXPECT_EQ((*inst)[1].value.children[1].u, 0x44u);
}

TEST(MofCases, Case06_EmbeddedStrideAndAlignment) {
    std::string mof = embeddedClass("E", "    [WmiDataId(1)] uint64 A;\n    [WmiDataId(2)] uint8 B;\n") +
                      blockClass("X", "    [WmiDataId(1)] E X[2];\n");
    auto l = layoutOf(mof, "X");
    const ClassLayout* e = l->engine->classLayout("E");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->dataSize, 9u);
    EXPECT_EQ(e->structSize, 16u);
    EXPECT_EQ(e->align, 8u);
    EXPECT_EQ(l->layout->items[0].elementSize, 16u);
    EXPECT_EQ(l->layout->dataSize, 32u);
    EXPECT_TRUE(contains(header(mof), "#define E_SIZE (FIELD_OFFSET(E, B) + E_B_SIZE)\n"));
}

TEST(MofCases, Case07_BooleanPacking) {
    auto l = layoutOf(blockClass("X", "    [WmiDataId(1)] boolean A;\n    [WmiDataId(2)] uint16 B;\n"
                                      "    [WmiDataId(3)] boolean C;\n"), "X");
    EXPECT_EQ(offsets(*l->layout), (std::vector<uint32_t>{0, 2, 4}));
    EXPECT_EQ(l->layout->dataSize, 5u);
    EXPECT_EQ(l->layout->structSize, 6u);
}

TEST(MofCases, Case08_Datetime) {
    std::string mof = blockClass("X", "    [WmiDataId(1)] uint8 A;\n    [WmiDataId(2)] datetime D;\n");
    auto l = layoutOf(mof, "X");
    EXPECT_EQ(l->layout->items[1].offset, 2u);
    EXPECT_EQ(l->layout->dataSize, 52u);
    EXPECT_TRUE(contains(header(mof), "    WCHAR D[25];\n    #define X_D_SIZE sizeof(WCHAR[25])\n"));
}

TEST(MofCases, Case09_VariableByteArray) {
    std::string mof = blockClass("X", "    [WmiDataId(1)] uint32 Count;\n"
                                      "    [WmiDataId(2), WmiSizeIs(\"Count\")] uint8 Data[];\n");
    std::string h = header(mof);
    EXPECT_TRUE(contains(h, "    UCHAR Data[1];\n    #define X_Data_ID 2\n\n"));
    EXPECT_FALSE(contains(h, "X_Data_SIZE"));
    EXPECT_FALSE(contains(h, "#define X_SIZE"));
    auto l = layoutOf(mof, "X");
    auto bytes = bytesOf({3, 0, 0, 0, 0xAA, 0xBB, 0xCC});
    Diagnostics d;
    auto v = decodeBlock(*l->layout, bytes.data(), bytes.size(), d);
    ASSERT_TRUE(v) << d.str();
    ASSERT_EQ(v->children[1].children.size(), 3u);
    EXPECT_EQ(v->children[1].children[0].offset, 4u);
    EXPECT_EQ(v->children[1].children[2].u, 0xCCu);
}

TEST(MofCases, Case10_VariableStringArray) {
    std::string mof = blockClass("X", "    [WmiDataId(1)] uint32 Count;\n"
                                      "    [WmiDataId(2), WmiSizeIs(\"Count\")] string Names[];\n");
    std::string h = header(mof);
    EXPECT_TRUE(contains(h, "    WCHAR Names[1];\n    #define X_Names_ID 2\n"));
    auto l = layoutOf(mof, "X");
    // First string has an odd length (5): the second one starts at the next even offset (12).
    auto bytes = bytesOf({2, 0, 0, 0, 5, 0, 'a', 0, 'b', 0, 0, 0xEE, 2, 0, 'c', 0});
    Diagnostics d;
    auto v = decodeBlock(*l->layout, bytes.data(), bytes.size(), d);
    ASSERT_TRUE(v) << d.str();
    ASSERT_EQ(v->children[1].children.size(), 2u);
    EXPECT_EQ(v->children[1].children[0].text, "ab");
    EXPECT_EQ(v->children[1].children[1].text, "c");
    EXPECT_EQ(v->children[1].children[1].offset, 12u);
}

TEST(MofCases, Case11_BooleanThenString) {
    std::string mof = blockClass("X", "    [WmiDataId(1)] boolean Flag;\n    [WmiDataId(2)] string Name;\n");
    std::string h = header(mof);
    EXPECT_TRUE(contains(h, "    BOOLEAN Flag;\n    #define X_Flag_SIZE sizeof(BOOLEAN)\n    #define X_Flag_ID 1\n"));
    EXPECT_TRUE(contains(h, "    // \n    CHAR VariableData[1];\n    #define X_Name_ID 2\n\n} X, *PX;\n"));
    EXPECT_FALSE(contains(h, "#define X_SIZE"));
    auto l = layoutOf(mof, "X");
    EXPECT_EQ(l->layout->items[1].offset, 2u);
    auto bytes = bytesOf({1, 0xCC, 4, 0, 'h', 0, 'i', 0});
    Diagnostics d;
    auto v = decodeBlock(*l->layout, bytes.data(), bytes.size(), d);
    ASSERT_TRUE(v) << d.str();
    EXPECT_EQ(v->children[1].text, "hi");
}

TEST(MofCases, Case12_TwoStringsGiveStub) {
    std::string h = header(blockClass("X", "    [WmiDataId(1)] string A;\n    [WmiDataId(2)] string B;\n"));
    EXPECT_TRUE(contains(h, "#endif\n\n\n// Warning: Header for class X cannot be created\ntypedef struct _X\n{\n"
                            "    char VariableData[1];\n\n} X, *PX;\n\n"));
    EXPECT_FALSE(contains(h, "X_A_ID"));
    EXPECT_FALSE(contains(h, "X_B_ID"));
}

TEST(MofCases, Case13_TwoVariableArraysWithAndWithoutU) {
    std::string mof = blockClass("X", "    [WmiDataId(1)] uint32 N1;\n    [WmiDataId(2)] uint32 N2;\n"
                                      "    [WmiDataId(3), WmiSizeIs(\"N1\")] uint8 A[];\n"
                                      "    [WmiDataId(4), WmiSizeIs(\"N2\")] uint8 B[];\n");
    std::string plain = header(mof, true, false);
    EXPECT_TRUE(contains(plain, "// Warning: Header for class X cannot be created\n"));
    std::string u = header(mof, true, true);
    EXPECT_FALSE(contains(u, "Warning"));
    EXPECT_TRUE(contains(u, "    ULONG N1;\n    #define X_N1_SIZE sizeof(ULONG)\n"));
    EXPECT_TRUE(contains(u, "    UCHAR A[1];\n    #define X_A_ID 3\n"));
    EXPECT_TRUE(contains(u, "//  UCHAR B[1];\n    #define X_B_ID 4\n"));
    EXPECT_FALSE(contains(u, "#define X_SIZE"));
}

TEST(MofCases, Case14_MaxLenStringWithU) {
    std::string mof = blockClass("X", "    [WmiDataId(1)] uint32 X;\n    [WmiDataId(2), MaxLen(32)] string Name;\n");
    std::string h = header(mof, true, true);
    EXPECT_TRUE(contains(h, "    WCHAR Name[32 + 1];\n    #define X_Name_ID 2\n"));
    EXPECT_FALSE(contains(h, "X_Name_SIZE"));
    EXPECT_FALSE(contains(h, "#define X_SIZE"));
    auto l = layoutOf(mof, "X");
    Diagnostics d;
    auto bytes = encodeBlock(*l->layout, {"X=7", "Name=\"abc\""}, d);
    ASSERT_TRUE(bytes) << d.str();
    EXPECT_EQ(*bytes, bytesOf({7, 0, 0, 0, 6, 0, 'a', 0, 'b', 0, 'c', 0}));
    EXPECT_FALSE(encodeBlock(*l->layout, {"Name=\"" + std::string(33, 'x') + "\""}, d));
}

TEST(MofCases, Case15_HeaderNameRenamesStructNotGuids) {
    std::string h = header(blockClass("Foo_Bar", "    [WmiDataId(1)] uint32 V;\n", "HeaderName(\"FB\")"));
    EXPECT_TRUE(contains(h, "// Foo_Bar - FB\n"));
    EXPECT_TRUE(contains(h, "} FB, *PFB;\n"));
    EXPECT_TRUE(contains(h, "    #define FB_V_SIZE sizeof(ULONG)\n    #define FB_V_ID 1\n"));
    EXPECT_TRUE(contains(h, "#define FB_SIZE (FIELD_OFFSET(FB, V) + FB_V_SIZE)\n"));
    EXPECT_TRUE(contains(h, "#define Foo_BarGuid \\\n"));
    EXPECT_TRUE(contains(h, "DEFINE_GUID(Foo_Bar_GUID, \\\n"));
}

TEST(MofCases, Case16_GuidNames) {
    std::string h = header(blockClass("X", "    [WmiDataId(1)] uint32 V;\n",
                                      "GuidName1(\"MY_GUID_INIT\"), GuidName2(\"MyGuidVar\")"));
    EXPECT_TRUE(contains(h, "#define MY_GUID_INIT \\\n    { 0x1b2c3d4e,0x5f60,0x4718, { 0x8a,0x9b,0x0c,0x1d,0x2e,0x3f,0x4a,0x5b } }\n"));
    EXPECT_TRUE(contains(h, "DEFINE_GUID(MyGuidVar, \\\n            0x1b2c3d4e,0x5f60,0x4718,0x8a,0x9b,0x0c,0x1d,0x2e,0x3f,0x4a,0x5b);\n"));
}

TEST(MofCases, Case17_DefineDataIdKeepsSizeQuirk) {
    std::string h = header(blockClass("X", "    [WmiDataId(1)] uint32 A;\n"
                                           "    [WmiDataId(2), DefineDataId(\"MY_LAST\")] uint32 Last;\n"));
    EXPECT_TRUE(contains(h, "    #define MY_LAST_SIZE sizeof(ULONG)\n    #define MY_LAST_ID 2\n"));
    EXPECT_TRUE(contains(h, "#define X_SIZE (FIELD_OFFSET(X, Last) + X_Last_SIZE)\n"));
}

TEST(MofCases, Case18_DefineValues) {
    std::string h = header(blockClass("X", "    [WmiDataId(1), Values{\"None\",\"Odd\"}, ValueMap{\"0\",\"1\"},"
                                           " DefineValues{\"P_NONE\",\"P_ODD\"}] uint32 Parity;\n"));
    EXPECT_TRUE(contains(h, "{\n\n// None\n#define P_NONE 0\n// Odd\n#define P_ODD 1\n\n    // \n    ULONG Parity;\n"));
}

TEST(MofCases, Case19_DefineValuesCountMismatch) {
    std::string h = header(blockClass("X", "    [WmiDataId(1), Values{\"None\",\"Odd\"}, ValueMap{\"0\"},"
                                           " DefineValues{\"P_NONE\",\"P_ODD\"}] uint32 Parity;\n"));
    EXPECT_TRUE(contains(h, "{\n\n// Warning: Cannot create Enumeration definitions\n//          "));
    EXPECT_FALSE(contains(h, "#define P_NONE"));
}

TEST(MofCases, Case20_EmptyEventClass) {
    std::string h = header("[WMI, Dynamic, Provider(\"WMIProv\"), guid(\"1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b\")]\n"
                           "class E : WMIEvent\n{\n    [key, read] string InstanceName;\n    [read] boolean Active;\n};\n");
    EXPECT_EQ(h, "#ifndef _Test_h_\n#define _Test_h_\n\n// E - E\n#define EGuid \\\n"
                 "    { 0x1b2c3d4e,0x5f60,0x4718, { 0x8a,0x9b,0x0c,0x1d,0x2e,0x3f,0x4a,0x5b } }\n\n"
                 "#if ! (defined(MIDL_PASS))\nDEFINE_GUID(E_GUID, \\\n"
                 "            0x1b2c3d4e,0x5f60,0x4718,0x8a,0x9b,0x0c,0x1d,0x2e,0x3f,0x4a,0x5b);\n#endif\n\n\n#endif\n");
}

const char* kControlBody =
    "    [WmiDataId(1), read] uint32 Level;\n"
    "    [WmiMethodId(1), Implemented] void Op1([in] uint32 Value, [out] uint32 Result);\n"
    "    [WmiMethodId(2), Implemented] void Op2([in] uint32 A, [in] uint32 B, [out] uint32 Result);\n"
    "    [WmiMethodId(3), Implemented] void Op3([in] uint32 A, [in] uint32 B, [out] uint32 Lo, [out] uint32 Hi);\n";

TEST(MofCases, Case21_MethodStructs) {
    std::string mof = blockClass("Acme_Control", kControlBody);
    std::string h = header(mof, true);
    EXPECT_TRUE(contains(h, "#endif\n\n//\n// Method id definitions for Acme_Control\n#define Op1     1\n"
                            "typedef struct _Op1_IN\n{\n    // \n    ULONG Value;\n    #define Op1_IN_Value_SIZE sizeof(ULONG)\n"
                            "    #define Op1_IN_Value_ID 1\n\n} Op1_IN, *POp1_IN;\n\n"
                            "#define Op1_IN_SIZE (FIELD_OFFSET(Op1_IN, Value) + Op1_IN_Value_SIZE)\n\n"
                            "typedef struct _Op1_OUT\n{\n    // \n    ULONG Result;\n    #define Op1_OUT_Result_SIZE sizeof(ULONG)\n"
                            "    #define Op1_OUT_Result_ID 2\n\n} Op1_OUT, *POp1_OUT;\n\n"));
    EXPECT_TRUE(contains(h, "    #define Op2_IN_A_ID 1\n"));
    EXPECT_TRUE(contains(h, "    #define Op2_IN_B_ID 2\n"));
    EXPECT_TRUE(contains(h, "    #define Op3_OUT_Lo_ID 3\n"));
    EXPECT_TRUE(contains(h, "    #define Op3_OUT_Hi_ID 4\n"));
    EXPECT_TRUE(contains(h, "#define Op3_OUT_SIZE (FIELD_OFFSET(Op3_OUT, Hi) + Op3_OUT_Hi_SIZE)\n\n\n"
                            "typedef struct _Acme_Control\n"));
    EXPECT_TRUE(contains(h, "#define Acme_Control_SIZE (FIELD_OFFSET(Acme_Control, Level) + Acme_Control_Level_SIZE)\n"));
    auto l = layoutOf(mof, "Acme_Control");
    Diagnostics d;
    auto methods = l->engine->methodLayouts(*l->schema.findClass("Acme_Control"), d);
    ASSERT_EQ(methods.size(), 3u);
    EXPECT_EQ(methods[0].in.dataSize, 4u);
    EXPECT_EQ(methods[1].in.dataSize, 8u);
    EXPECT_EQ(methods[2].out.dataSize, 8u);
    EXPECT_EQ(methods[2].out.items[1].offset, 4u);
    EXPECT_EQ(l->layout->dataSize, 4u);
}

TEST(MofCases, Case22_InOutParameterInBothStructs) {
    std::string h = header(blockClass("X", "    [WmiMethodId(7), Implemented] void M([in] uint32 A, [in, out] uint32 B,"
                                           " [out] uint32 C);\n"));
    EXPECT_TRUE(contains(h, "#define M     7\n"));
    EXPECT_TRUE(contains(h, "    #define M_IN_A_ID 1\n"));
    EXPECT_TRUE(contains(h, "    #define M_IN_B_ID 2\n"));
    EXPECT_TRUE(contains(h, "    #define M_OUT_B_ID 2\n"));
    EXPECT_TRUE(contains(h, "    #define M_OUT_C_ID 3\n"));
    EXPECT_FALSE(contains(h, "M_IN_C_ID"));
    EXPECT_FALSE(contains(h, "M_OUT_A_ID"));
}

TEST(MofCases, Case23_MethodsWithoutM) {
    std::string h = header(blockClass("Acme_Control", kControlBody), false);
    EXPECT_TRUE(contains(h, "// Method id definitions for Acme_Control\n#define Op1     1\n#define Op2     2\n"
                            "#define Op3     3\n\ntypedef struct _Acme_Control\n"));
    EXPECT_FALSE(contains(h, "_IN"));
}

TEST(MofCases, Case24_MethodHeaderName) {
    std::string h = header(blockClass("X", "    [WmiMethodId(5), Implemented, HeaderName(\"RUN_PARAMS\")] void Run([in] uint8 X);\n"));
    EXPECT_TRUE(contains(h, "#define Run     5\ntypedef struct _RUN_PARAMS_IN\n"));
    EXPECT_TRUE(contains(h, "} RUN_PARAMS_IN, *PRUN_PARAMS_IN;\n"));
    EXPECT_TRUE(contains(h, "    #define RUN_PARAMS_IN_X_SIZE sizeof(UCHAR)\n"));
    EXPECT_TRUE(contains(h, "#define RUN_PARAMS_IN_SIZE (FIELD_OFFSET(RUN_PARAMS_IN, X) + RUN_PARAMS_IN_X_SIZE)\n"));
}

TEST(MofCases, Case25_MethodWithoutParameters) {
    std::string h = header(blockClass("X", "    [WmiMethodId(2), Implemented] void Ping();\n"));
    EXPECT_TRUE(contains(h, "// Method id definitions for X\n#define Ping     2\n\n#endif\n"));
    EXPECT_FALSE(contains(h, "Ping_IN"));
    EXPECT_FALSE(contains(h, "Ping_OUT"));
}

TEST(MofCases, Case26_WmiGenerateHeaderFalse) {
    std::string h = header(blockClass("Hidden", "    [WmiDataId(1)] uint32 V;\n", "WmiGenerateHeader(FALSE)") +
                           blockClass("Shown", "    [WmiDataId(1)] uint32 V;\n", "", "4b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b"));
    EXPECT_FALSE(contains(h, "Hidden"));
    EXPECT_TRUE(contains(h, "// Shown - Shown\n"));
}

TEST(MofCases, Case27_ClassWithoutWmiQualifier) {
    std::string h = header("[abstract] class Base {};\n" + blockClass("D", "    [WmiDataId(1)] uint32 V;\n"));
    EXPECT_FALSE(contains(h, "Base"));
    EXPECT_TRUE(contains(h, "// D - D\n"));
}

TEST(MofCases, Case32_EmptyDescription) {
    std::string h = header(blockClass("C", "    [WmiDataId(1)] uint32 V;\n", "Description(\"\")"));
    EXPECT_TRUE(contains(h, "// C - C\n// \n#define CGuid"));
}

TEST(MofCases, Case33_SizeIsOnNonArrayEmbedded) {
    std::string mof = embeddedClass("MSSmBios_SysidUUID", "    [WmiDataId(1)] uint8 Uuid[16];\n", "HeaderName(\"SYSID_UUID\")") +
                      blockClass("X", "    [WmiDataId(1)] uint32 Count;\n"
                                      "    [WmiDataId(2), WmiSizeIs(\"Count\")] MSSmBios_SysidUUID List;\n");
    std::string h = header(mof);
    EXPECT_TRUE(contains(h, "    SYSID_UUID List[1];\n    #define X_List_ID 2\n"));
}

TEST(MofCases, Case34_ClassCppQuote) {
    std::string h = header(blockClass("C", "    [WmiDataId(1)] uint32 V;\n", "cpp_quote(\"\\n//x\\n\\n\")"));
    EXPECT_TRUE(contains(h, "// C - C\n\n\n//x\n\n\n#define CGuid \\\n"));
}

TEST(MofCases, Case41_IncludeGuards) {
    EXPECT_EQ(includeGuardFor("AcmeMof.h"), "_AcmeMof_h_");
    EXPECT_EQ(includeGuardFor("wmidata.h"), "_wmidata_h_");
    EXPECT_EQ(includeGuardFor("out/dir/AcmeMof.h"), "_AcmeMof_h_");
    std::string h = header(blockClass("X", "    [WmiDataId(1)] uint32 V;\n"), true, false, "AcmeMof.h");
    EXPECT_EQ(h.rfind("#ifndef _AcmeMof_h_\n#define _AcmeMof_h_\n\n// X - X\n", 0), 0u);
    EXPECT_EQ(h.substr(h.size() - 7), "#endif\n");
}

// Defaults of the [Unverified] header points (spec §6), pinned.
TEST(MofHeaderSettings, UnverifiedDefaultsArePinned) {
    HeaderOptions o;
    EXPECT_TRUE(o.classCppQuoteAfterDescription);
    EXPECT_TRUE(o.memberCppQuoteBeforeDefineValues);
    EXPECT_TRUE(o.commentedMembersKeepSize);
    EXPECT_TRUE(o.bitMapDefinesShiftedMask);
    std::string h = header(blockClass("C", "    [WmiDataId(1), cpp_quote(\"//q\"), BitValues{\"A\",\"B\"}, BitMap{\"0\",\"3\"},"
                                           " DefineBitMap{\"F_A\",\"F_B\"}] uint32 V;\n",
                                      "Description(\"d\"), cpp_quote(\"//c\")"));
    EXPECT_TRUE(contains(h, "// C - C\n// d\n\n//c\n#define CGuid"));
    EXPECT_TRUE(contains(h, "{\n\n//q\n\n// A\n#define F_A 0x1\n// B\n#define F_B 0x8\n\n    // \n    ULONG V;\n"));
    // -u: a fixed member after a variable one is commented out and keeps its _SIZE.
    std::string u = header(blockClass("X", "    [WmiDataId(1)] string S;\n    [WmiDataId(2)] uint32 After;\n"), true, true);
    EXPECT_TRUE(contains(u, "//  ULONG After;\n    #define X_After_SIZE sizeof(ULONG)\n    #define X_After_ID 2\n"));
}

}  // namespace
}  // namespace kwmi::mof::testing
