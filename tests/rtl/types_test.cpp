// types_test.cpp - LLP64 layouts, status values and the base macros of ntdef/ntstatus.
#include <gtest/gtest.h>

#include <ntdef.h>
#include <ntstatus.h>
#include <guiddef.h>

#include "c_driver_like.h"

namespace {

TEST(Llp64Types, ScalarSizes) {
    EXPECT_EQ(sizeof(ULONG), 4u);
    EXPECT_EQ(sizeof(LONG), 4u);
    EXPECT_EQ(sizeof(DWORD), 4u);
    EXPECT_EQ(sizeof(USHORT), 2u);
    EXPECT_EQ(sizeof(WCHAR), 2u);
    EXPECT_EQ(sizeof(BOOLEAN), 1u);
    EXPECT_EQ(sizeof(LONGLONG), 8u);
    EXPECT_EQ(sizeof(ULONG_PTR), sizeof(void *));
    EXPECT_EQ(sizeof(SIZE_T), sizeof(size_t));
    EXPECT_EQ(sizeof(KIRQL), 1u);
    EXPECT_EQ(sizeof(NTSTATUS), 4u);
}

TEST(Llp64Types, StructureLayouts) {
    EXPECT_EQ(sizeof(LARGE_INTEGER), 8u);
    EXPECT_EQ(offsetof(LARGE_INTEGER, HighPart), 4u);
    EXPECT_EQ(sizeof(UNICODE_STRING), 16u);
    EXPECT_EQ(offsetof(UNICODE_STRING, MaximumLength), 2u);
    EXPECT_EQ(offsetof(UNICODE_STRING, Buffer), 8u);
    EXPECT_EQ(sizeof(ANSI_STRING), 16u);
    EXPECT_EQ(sizeof(GUID), 16u);
    EXPECT_EQ(offsetof(GUID, Data2), 4u);
    EXPECT_EQ(offsetof(GUID, Data4), 8u);
    EXPECT_EQ(sizeof(LIST_ENTRY), 16u);
    EXPECT_EQ(sizeof(OBJECT_ATTRIBUTES), 48u);
}

TEST(Llp64Types, LargeIntegerHalvesAreLittleEndian) {
    LARGE_INTEGER value;
    value.QuadPart = 0x1122334455667788LL;
    EXPECT_EQ(value.LowPart, 0x55667788u);
    EXPECT_EQ(value.HighPart, 0x11223344);
    EXPECT_EQ(value.u.LowPart, 0x55667788u);
}

// Every status the specifications name, with its exact number.
TEST(NtStatusValues, SpecNamedValuesAreExact) {
    EXPECT_EQ(static_cast<ULONG>(STATUS_SUCCESS), 0x00000000u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_PENDING), 0x00000103u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_OBJECT_NAME_EXISTS), 0x40000000u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_BUFFER_OVERFLOW), 0x80000005u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_NO_MORE_ENTRIES), 0x8000001Au);
    EXPECT_EQ(static_cast<ULONG>(STATUS_UNSUCCESSFUL), 0xC0000001u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_NOT_IMPLEMENTED), 0xC0000002u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_INFO_LENGTH_MISMATCH), 0xC0000004u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_INVALID_PARAMETER), 0xC000000Du);
    EXPECT_EQ(static_cast<ULONG>(STATUS_NO_SUCH_DEVICE), 0xC000000Eu);
    EXPECT_EQ(static_cast<ULONG>(STATUS_INVALID_DEVICE_REQUEST), 0xC0000010u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_BUFFER_TOO_SMALL), 0xC0000023u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_INVALID_PARAMETER_MIX), 0xC0000030u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_OBJECT_NAME_COLLISION), 0xC0000035u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_DELETE_PENDING), 0xC0000056u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_INTEGER_OVERFLOW), 0xC0000095u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_INSUFFICIENT_RESOURCES), 0xC000009Au);
    EXPECT_EQ(static_cast<ULONG>(STATUS_NOT_SUPPORTED), 0xC00000BBu);
    EXPECT_EQ(static_cast<ULONG>(STATUS_INVALID_DEVICE_STATE), 0xC0000184u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_GUID_NOT_FOUND), 0xC0000295u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_INSTANCE_NOT_FOUND), 0xC0000296u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_ITEMID_NOT_FOUND), 0xC0000297u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_TRY_AGAIN), 0xC0000298u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_READ_ONLY), 0xC00002C6u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_SET_FAILURE), 0xC00002C7u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_NOT_SUPPORTED), 0xC00002DDu);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_GUID_DISCONNECTED), 0xC0000301u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_ALREADY_DISABLED), 0xC0000302u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WMI_ALREADY_ENABLED), 0xC0000303u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WDF_OBJECT_ATTRIBUTES_INVALID), 0xC0200209u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED), 0xC020020Fu);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WDF_SYNCHRONIZATION_SCOPE_INVALID), 0xC0200210u);
    EXPECT_EQ(static_cast<ULONG>(STATUS_WDF_EXECUTION_LEVEL_INVALID), 0xC0200211u);
}

TEST(NtStatusValues, SeverityMacros) {
    EXPECT_TRUE(NT_SUCCESS(STATUS_SUCCESS));
    EXPECT_TRUE(NT_SUCCESS(STATUS_PENDING));
    EXPECT_TRUE(NT_SUCCESS(STATUS_OBJECT_NAME_EXISTS));  // informational counts as success
    EXPECT_FALSE(NT_SUCCESS(STATUS_BUFFER_OVERFLOW));    // warnings do not
    EXPECT_FALSE(NT_SUCCESS(STATUS_UNSUCCESSFUL));
    EXPECT_TRUE(NT_INFORMATION(STATUS_OBJECT_NAME_EXISTS));
    EXPECT_TRUE(NT_WARNING(STATUS_BUFFER_OVERFLOW));
    EXPECT_TRUE(NT_ERROR(STATUS_WMI_READ_ONLY));
    EXPECT_FALSE(NT_ERROR(STATUS_BUFFER_OVERFLOW));
}

struct OffsetProbe {
    UCHAR a;
    ULONGLONG b;
    USHORT c[3];
};

// FIELD_OFFSET must be an integer constant expression (§4.1 #13).
constexpr LONG kProbeOffsets[] = {FIELD_OFFSET(OffsetProbe, b), FIELD_OFFSET(OffsetProbe, c)};
static_assert(kProbeOffsets[0] == 8 && kProbeOffsets[1] == 16, "FIELD_OFFSET is a constant expression");

TEST(PortabilityFindings, Item13_FieldOffsetInStaticInitialiser) {
    const ULONG *sizes = DlStaticSizes_O0();
    EXPECT_EQ(sizes[0], 16u);  // FIELD_OFFSET(Wide)=8 + 8
    EXPECT_EQ(sizes[1], 16u);  // Tail
    EXPECT_EQ(sizes[2], 5u);   // through Flag
    EXPECT_EQ(sizes[3], 8u);   // ALIGN_UP(5, ULONGLONG)
    EXPECT_EQ(DlStaticSizes_O2()[0], 16u);
}

TEST(NtdefMacros, AlignAndContainingRecord) {
    EXPECT_EQ(ALIGN_UP_BY(13, 8), 16u);
    EXPECT_EQ(ALIGN_DOWN_BY(13, 8), 8u);
    EXPECT_EQ(ALIGN_UP(9, ULONG), 12u);
    EXPECT_EQ(ALIGN_DOWN(9, ULONG), 8u);
    OffsetProbe probe{};
    EXPECT_EQ(CONTAINING_RECORD(&probe.c[0], OffsetProbe, c), &probe);
    int array[7];
    EXPECT_EQ(ARRAYSIZE(array), 7u);
    EXPECT_EQ(RTL_FIELD_SIZE(OffsetProbe, c), 6u);
}

TEST(NtdefMacros, ConstantStringsAndMinMaxInC) {
    const UNICODE_STRING *name = DlConstString_O0();
    EXPECT_EQ(name->Length, 20u);  // "KwmiDriver": 10 characters, no terminator
    EXPECT_EQ(name->MaximumLength, 22u);
    const UNICODE_STRING *constant = DlConstantString_O0();
    EXPECT_EQ(constant->Length, 16u);
    EXPECT_EQ(constant->MaximumLength, 18u);
    EXPECT_EQ(DlMinMax_O0(3, 9), 903);
    EXPECT_EQ(DlMinMax_O2(9, 3), 903);
}

TEST(NtdefMacros, DeclareUnicodeStringSize) {
    EXPECT_EQ(DlDeclareUnicodeStringSize_O0(), 6u * 1000u + 32u);
    EXPECT_EQ(DlDeclareUnicodeStringSize_O2(), 6u * 1000u + 32u);
}

TEST(PortabilityFindings, Item06_InlineFunctionsLinkAtO0AndO2) {
    // c_driver_inline.h's __inline helper is in two TUs of this binary: it links once each.
    EXPECT_EQ(DlInlineHelper_O0(21), 42u);
    EXPECT_EQ(DlInlineHelper_O2(21), 42u);
}

TEST(SalAnnotations, AnalysisAssumeDoesNotEvaluate) {
    EXPECT_EQ(DlAnalysisAssumeEvaluations_O0(), 0);
    EXPECT_EQ(DlAnalysisAssumeEvaluations_O2(), 0);
}

TEST(PortabilityFindings, Item06_LibcHeadersAfterWdkHeaders) {
    EXPECT_EQ(DlStdlibAfterWdk_O0(), 42u + 7u + 0u);
    EXPECT_EQ(DlStdlibAfterWdk_O2(), 42u + 7u + 0u);
}

}  // namespace
