// counted_strings_test.cpp - the wdm.h UNICODE_STRING/ANSI_STRING routines and GUID strings.
#include <gtest/gtest.h>

#include <kwmi_rtl.h>

#include <string>

#include "kernel_stubs.hpp"
#include "rtl_test_util.hpp"

namespace {

using kwmi::rtl_test::U16;

class CountedStrings : public ::testing::Test {
protected:
    void SetUp() override { kwmi::rtl_test::ResetPoolStats(); }
};

TEST_F(CountedStrings, InitUnicodeString) {
    UNICODE_STRING string;
    RtlInitUnicodeString(&string, L"Acme");
    EXPECT_EQ(string.Length, 8u);
    EXPECT_EQ(string.MaximumLength, 10u);
    EXPECT_EQ(U16(string), u"Acme");
    RtlInitUnicodeString(&string, nullptr);
    EXPECT_EQ(string.Length, 0u);
    EXPECT_EQ(string.MaximumLength, 0u);
    EXPECT_EQ(string.Buffer, nullptr);
    std::u16string huge(40000, u'h');
    RtlInitUnicodeString(&string, reinterpret_cast<const wchar_t *>(huge.c_str()));
    EXPECT_EQ(string.Length, 0xFFFCu);  // clamped
    EXPECT_EQ(string.MaximumLength, 0xFFFEu);
    EXPECT_EQ(RtlInitUnicodeStringEx(&string, reinterpret_cast<const wchar_t *>(huge.c_str())), STATUS_NAME_TOO_LONG);
    EXPECT_EQ(RtlInitUnicodeStringEx(&string, L"ok"), STATUS_SUCCESS);
    EXPECT_EQ(string.Length, 4u);
}

TEST_F(CountedStrings, InitAnsiString) {
    ANSI_STRING string;
    RtlInitAnsiString(&string, "pool");
    EXPECT_EQ(string.Length, 4u);
    EXPECT_EQ(string.MaximumLength, 5u);
    RtlInitString(&string, nullptr);
    EXPECT_EQ(string.MaximumLength, 0u);
    EXPECT_EQ(RtlInitAnsiStringEx(&string, "x"), STATUS_SUCCESS);
    EXPECT_EQ(string.Length, 1u);
}

TEST_F(CountedStrings, CopyTruncatesSilentlyAndTerminatesWhenRoom) {
    wchar_t storage[4] = {L'z', L'z', L'z', L'z'};
    UNICODE_STRING destination{0, sizeof storage, storage};
    UNICODE_STRING source = RTL_CONSTANT_STRING(L"ab");
    RtlCopyUnicodeString(&destination, &source);
    EXPECT_EQ(destination.Length, 4u);
    EXPECT_EQ(storage[2], 0);  // terminated: there was room
    UNICODE_STRING longer = RTL_CONSTANT_STRING(L"abcdef");
    RtlCopyUnicodeString(&destination, &longer);
    EXPECT_EQ(destination.Length, 8u);
    EXPECT_EQ(U16(destination), u"abcd");
    RtlCopyUnicodeString(&destination, nullptr);
    EXPECT_EQ(destination.Length, 0u);
}

TEST_F(CountedStrings, AppendFailsWholeWhenTooSmall) {
    wchar_t storage[6];
    UNICODE_STRING destination{0, sizeof storage, storage};
    EXPECT_EQ(RtlAppendUnicodeToString(&destination, L"abc"), STATUS_SUCCESS);
    EXPECT_EQ(storage[3], 0);
    UNICODE_STRING tail = RTL_CONSTANT_STRING(L"de");
    EXPECT_EQ(RtlAppendUnicodeStringToString(&destination, &tail), STATUS_SUCCESS);
    EXPECT_EQ(U16(destination), u"abcde");
    EXPECT_EQ(RtlAppendUnicodeToString(&destination, L"fg"), STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(U16(destination), u"abcde");  // unchanged
    EXPECT_EQ(RtlAppendUnicodeToString(&destination, L"f"), STATUS_SUCCESS);  // exactly full, no terminator
    EXPECT_EQ(destination.Length, 12u);
    EXPECT_EQ(RtlAppendUnicodeToString(&destination, nullptr), STATUS_SUCCESS);
}

TEST_F(CountedStrings, EqualAndCompare) {
    UNICODE_STRING a = RTL_CONSTANT_STRING(L"WmiDevice");
    UNICODE_STRING b = RTL_CONSTANT_STRING(L"wmidevice");
    UNICODE_STRING c = RTL_CONSTANT_STRING(L"WmiDev");
    EXPECT_FALSE(RtlEqualUnicodeString(&a, &b, FALSE));
    EXPECT_TRUE(RtlEqualUnicodeString(&a, &b, TRUE));
    EXPECT_FALSE(RtlEqualUnicodeString(&a, &c, TRUE));
    EXPECT_LT(RtlCompareUnicodeString(&a, &b, FALSE), 0);  // 'W' < 'w'
    EXPECT_EQ(RtlCompareUnicodeString(&a, &b, TRUE), 0);
    EXPECT_EQ(RtlCompareUnicodeString(&a, &c, FALSE), 6);  // longer by 3 characters = 6 bytes
    EXPECT_TRUE(RtlPrefixUnicodeString(&c, &a, FALSE));
    EXPECT_FALSE(RtlPrefixUnicodeString(&a, &c, FALSE));
    ANSI_STRING x = RTL_CONSTANT_STRING("Tag");
    ANSI_STRING y = RTL_CONSTANT_STRING("TAG");
    EXPECT_TRUE(RtlEqualString(&x, &y, TRUE));
    EXPECT_GT(RtlCompareString(&x, &y, FALSE), 0);
    EXPECT_EQ(RtlUpcaseUnicodeChar(L'q'), L'Q');
    EXPECT_EQ(RtlDowncaseUnicodeChar(L'Q'), L'q');
    EXPECT_EQ(RtlUpperChar('m'), 'M');
}

TEST_F(CountedStrings, UnicodeStringToInteger) {
    ULONG value = 0;
    UNICODE_STRING decimal = RTL_CONSTANT_STRING(L"  -42abc");
    EXPECT_EQ(RtlUnicodeStringToInteger(&decimal, 0, &value), STATUS_SUCCESS);
    EXPECT_EQ(value, static_cast<ULONG>(-42));
    UNICODE_STRING hex = RTL_CONSTANT_STRING(L"0x1F");
    EXPECT_EQ(RtlUnicodeStringToInteger(&hex, 0, &value), STATUS_SUCCESS);
    EXPECT_EQ(value, 31u);
    UNICODE_STRING binary = RTL_CONSTANT_STRING(L"0b101");
    EXPECT_EQ(RtlUnicodeStringToInteger(&binary, 0, &value), STATUS_SUCCESS);
    EXPECT_EQ(value, 5u);
    UNICODE_STRING plainHex = RTL_CONSTANT_STRING(L"ff");
    EXPECT_EQ(RtlUnicodeStringToInteger(&plainHex, 16, &value), STATUS_SUCCESS);
    EXPECT_EQ(value, 255u);
    EXPECT_EQ(RtlUnicodeStringToInteger(&plainHex, 10, &value), STATUS_SUCCESS);
    EXPECT_EQ(value, 0u);  // no decimal digits
    EXPECT_EQ(RtlUnicodeStringToInteger(&plainHex, 7, &value), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlCharToInteger("+17", 8, &value), STATUS_SUCCESS);
    EXPECT_EQ(value, 15u);
}

TEST_F(CountedStrings, IntegerToUnicodeString) {
    wchar_t storage[12];
    UNICODE_STRING string{0, sizeof storage, storage};
    EXPECT_EQ(RtlIntegerToUnicodeString(255, 16, &string), STATUS_SUCCESS);
    EXPECT_EQ(U16(string), u"FF");
    EXPECT_EQ(storage[2], 0);
    EXPECT_EQ(RtlIntegerToUnicodeString(4294967295u, 0, &string), STATUS_SUCCESS);
    EXPECT_EQ(U16(string), u"4294967295");
    EXPECT_EQ(RtlIntegerToUnicodeString(5, 2, &string), STATUS_SUCCESS);
    EXPECT_EQ(U16(string), u"101");
    EXPECT_EQ(RtlIntegerToUnicodeString(1, 3, &string), STATUS_INVALID_PARAMETER);
    UNICODE_STRING small{0, 4, storage};
    EXPECT_EQ(RtlIntegerToUnicodeString(12, 10, &small), STATUS_BUFFER_OVERFLOW);  // needs room for NUL
    EXPECT_EQ(small.Length, 4u);
    EXPECT_EQ(RtlInt64ToUnicodeString(0x123456789ULL, 16, &string), STATUS_SUCCESS);
    EXPECT_EQ(U16(string), u"123456789");
}

TEST_F(CountedStrings, AnsiUnicodeConversionAndFree) {
    ANSI_STRING ansi = RTL_CONSTANT_STRING("Widget");
    UNICODE_STRING unicode{};
    EXPECT_EQ(RtlAnsiStringToUnicodeString(&unicode, &ansi, TRUE), STATUS_SUCCESS);
    EXPECT_EQ(U16(unicode), u"Widget");
    EXPECT_EQ(unicode.MaximumLength, 14u);
    EXPECT_EQ(kwmi::rtl_test::GetPoolStats().lastTag, KWMI_RTL_STRING_POOL_TAG);
    ANSI_STRING back{};
    EXPECT_EQ(RtlUnicodeStringToAnsiString(&back, &unicode, TRUE), STATUS_SUCCESS);
    EXPECT_EQ(std::string(back.Buffer, back.Length), "Widget");
    RtlFreeUnicodeString(&unicode);
    RtlFreeAnsiString(&back);
    EXPECT_EQ(unicode.Buffer, nullptr);
    EXPECT_EQ(kwmi::rtl_test::GetPoolStats().frees, 2u);
    EXPECT_EQ(kwmi::rtl_test::GetPoolStats().lastFreeTag, KWMI_RTL_STRING_POOL_TAG);

    wchar_t storage[4];
    UNICODE_STRING small{0, sizeof storage, storage};
    EXPECT_EQ(RtlAnsiStringToUnicodeString(&small, &ansi, FALSE), STATUS_BUFFER_OVERFLOW);
    char narrow[4];
    ANSI_STRING shortAnsi{0, sizeof narrow, narrow};
    UNICODE_STRING source = RTL_CONSTANT_STRING(L"ab\u0100def");
    EXPECT_EQ(RtlUnicodeStringToAnsiString(&shortAnsi, &source, FALSE), STATUS_BUFFER_OVERFLOW);
    EXPECT_STREQ(narrow, "ab?");  // truncated to fit, non-Latin-1 as '?'
}

TEST_F(CountedStrings, AllocationFailureIsNoMemory) {
    kwmi::rtl_test::FailNextAllocations(1);
    ANSI_STRING ansi = RTL_CONSTANT_STRING("x");
    UNICODE_STRING unicode{};
    EXPECT_EQ(RtlAnsiStringToUnicodeString(&unicode, &ansi, TRUE), STATUS_NO_MEMORY);
    kwmi::rtl_test::FailNextAllocations(1);
    GUID guid{};
    EXPECT_EQ(RtlStringFromGUID(guid, &unicode), STATUS_NO_MEMORY);
}

TEST_F(CountedStrings, UpcaseAndDuplicate) {
    UNICODE_STRING source = RTL_CONSTANT_STRING(L"mixedCase");
    UNICODE_STRING upper{};
    EXPECT_EQ(RtlUpcaseUnicodeString(&upper, &source, TRUE), STATUS_SUCCESS);
    EXPECT_EQ(U16(upper), u"MIXEDCASE");
    RtlFreeUnicodeString(&upper);
    UNICODE_STRING copy{};
    EXPECT_EQ(RtlDuplicateUnicodeString(RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE, &source, &copy),
              STATUS_SUCCESS);
    EXPECT_EQ(U16(copy), u"mixedCase");
    EXPECT_EQ(copy.MaximumLength, source.Length + 2u);
    EXPECT_EQ(copy.Buffer[9], 0);
    RtlFreeUnicodeString(&copy);
    EXPECT_EQ(RtlDuplicateUnicodeString(4, &source, &copy), STATUS_INVALID_PARAMETER);
}

TEST_F(CountedStrings, GuidStringRoundTrip) {
    const GUID guid = {0x0a1b2c3d, 0x4e5f, 0x6071, {0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9}};
    UNICODE_STRING text{};
    ASSERT_EQ(RtlStringFromGUID(guid, &text), STATUS_SUCCESS);
    EXPECT_EQ(U16(text), u"{0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}");
    EXPECT_EQ(text.Length, 76u);
    EXPECT_EQ(text.MaximumLength, 78u);
    GUID parsed{};
    EXPECT_EQ(RtlGUIDFromString(&text, &parsed), STATUS_SUCCESS);
    EXPECT_TRUE(IsEqualGUID(parsed, guid));
    RtlFreeUnicodeString(&text);
    UNICODE_STRING lower = RTL_CONSTANT_STRING(L"{0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9}");
    EXPECT_EQ(RtlGUIDFromString(&lower, &parsed), STATUS_SUCCESS);
    EXPECT_TRUE(IsEqualGUID(parsed, guid));
}

TEST_F(CountedStrings, MalformedGuidStringsAreInvalidParameter) {
    GUID parsed{};
    const wchar_t *bad[] = {L"0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9",   // no braces
                            L"{0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8fg}",  // not hex
                            L"{0a1b2c3d-4e5f-6071+8293-a4b5c6d7e8f9}",  // wrong separator
                            L"{0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9}x"};  // too long
    for (const wchar_t *text : bad) {
        UNICODE_STRING string;
        RtlInitUnicodeString(&string, text);
        EXPECT_EQ(RtlGUIDFromString(&string, &parsed), STATUS_INVALID_PARAMETER);
    }
}

TEST(RtlMemory, CompareAndFill) {
    const char a[] = "abcdef";
    const char b[] = "abcxef";
    EXPECT_EQ(RtlCompareMemory(a, b, 6), 3u);
    EXPECT_EQ(RtlCompareMemory(a, a, 6), 6u);
    EXPECT_TRUE(RtlEqualMemory(a, a, 6));
    EXPECT_FALSE(RtlEqualMemory(a, b, 6));
    char buffer[8];
    RtlFillMemory(buffer, sizeof buffer, 0x5A);
    EXPECT_EQ(buffer[7], 0x5A);
    RtlZeroMemory(buffer, 4);
    EXPECT_EQ(buffer[3], 0);
    EXPECT_EQ(buffer[4], 0x5A);
    RtlMoveMemory(buffer + 1, buffer, 4);
    EXPECT_EQ(buffer[4], 0);
    EXPECT_EQ(RtlSecureZeroMemory(buffer, sizeof buffer), buffer);
    EXPECT_EQ(buffer[7], 0);
    ULONG pattern[3] = {7, 7, 8};
    EXPECT_EQ(RtlCompareMemoryUlong(pattern, sizeof pattern, 7), 8u);
}

}  // namespace
