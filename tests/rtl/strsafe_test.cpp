// strsafe_test.cpp - ntstrsafe: truncation (STATUS_BUFFER_OVERFLOW), bad sizes
// (STATUS_INVALID_PARAMETER), the Ex flags, and the UNICODE_STRING family.
#include <gtest/gtest.h>

#include <kwmi_rtl.h>
#include <ntstrsafe.h>

#include <cstring>

#include "rtl_test_util.hpp"

namespace {

using kwmi::rtl_test::U16;

TEST(StrSafeCopy, FitsAndTruncates) {
    wchar_t buffer[6];
    EXPECT_EQ(RtlStringCchCopyW(buffer, 6, L"abcde"), STATUS_SUCCESS);  // 5 + NUL fits exactly
    EXPECT_EQ(U16(buffer), u"abcde");
    EXPECT_EQ(RtlStringCchCopyW(buffer, 6, L"abcdef"), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(U16(buffer), u"abcde");  // truncated and terminated
    EXPECT_EQ(RtlStringCbCopyW(buffer, sizeof buffer, L"xy"), STATUS_SUCCESS);
    EXPECT_EQ(U16(buffer), u"xy");
    EXPECT_EQ(RtlStringCbCopyW(buffer, 7, L"abcdefgh"), STATUS_BUFFER_OVERFLOW);  // 7 bytes = 3 chars
    EXPECT_EQ(U16(buffer), u"ab");
    char narrow[4];
    EXPECT_EQ(RtlStringCbCopyA(narrow, sizeof narrow, "abc"), STATUS_SUCCESS);
    EXPECT_STREQ(narrow, "abc");
    EXPECT_EQ(RtlStringCchCopyA(narrow, sizeof narrow, "abcd"), STATUS_BUFFER_OVERFLOW);
    EXPECT_STREQ(narrow, "abc");
}

TEST(StrSafeCopy, BadSizesAreInvalidParameterAndLeaveTheBuffer) {
    wchar_t buffer[4] = {L'q', L'q', L'q', 0};
    EXPECT_EQ(RtlStringCchCopyW(buffer, 0, L"a"), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlStringCchCopyW(buffer, static_cast<size_t>(NTSTRSAFE_MAX_CCH) + 1, L"a"), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlStringCbCopyW(buffer, 1, L"a"), STATUS_INVALID_PARAMETER);  // less than one WCHAR
    EXPECT_EQ(U16(buffer), u"qqq");
    char narrow[2] = {'z', 0};
    EXPECT_EQ(RtlStringCbCopyA(narrow, 0, "a"), STATUS_INVALID_PARAMETER);
    EXPECT_STREQ(narrow, "z");
}

TEST(StrSafeCopy, CopyNLimitsTheSource) {
    wchar_t buffer[8];
    EXPECT_EQ(RtlStringCchCopyNW(buffer, 8, L"abcdef", 3), STATUS_SUCCESS);
    EXPECT_EQ(U16(buffer), u"abc");
    EXPECT_EQ(RtlStringCbCopyNW(buffer, sizeof buffer, L"abcdef", 4 * sizeof(wchar_t)), STATUS_SUCCESS);
    EXPECT_EQ(U16(buffer), u"abcd");
    EXPECT_EQ(RtlStringCchCopyNW(buffer, 3, L"abcdef", 5), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(U16(buffer), u"ab");
    EXPECT_EQ(RtlStringCchCopyNW(buffer, 8, L"abc", static_cast<size_t>(NTSTRSAFE_MAX_CCH) + 1),
              STATUS_INVALID_PARAMETER);
    EXPECT_EQ(buffer[0], 0);
    char narrow[8];
    EXPECT_EQ(RtlStringCchCopyNA(narrow, 8, "hello", 2), STATUS_SUCCESS);
    EXPECT_STREQ(narrow, "he");
}

TEST(StrSafeCat, AppendsAndTruncates) {
    wchar_t buffer[8];
    RtlStringCchCopyW(buffer, 8, L"abc");
    EXPECT_EQ(RtlStringCbCatW(buffer, sizeof buffer, L"de"), STATUS_SUCCESS);
    EXPECT_EQ(U16(buffer), u"abcde");
    EXPECT_EQ(RtlStringCchCatW(buffer, 8, L"fghij"), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(U16(buffer), u"abcdefg");
    EXPECT_EQ(RtlStringCchCatW(buffer, 8, L""), STATUS_SUCCESS);
    EXPECT_EQ(RtlStringCchCatNW(buffer, 8, L"zz", 0), STATUS_SUCCESS);
    char narrow[6] = "ab";
    EXPECT_EQ(RtlStringCbCatA(narrow, sizeof narrow, "cd"), STATUS_SUCCESS);
    EXPECT_STREQ(narrow, "abcd");
    EXPECT_EQ(RtlStringCchCatNA(narrow, sizeof narrow, "xyz", 1), STATUS_SUCCESS);
    EXPECT_STREQ(narrow, "abcdx");
}

TEST(StrSafeCat, UnterminatedDestinationIsInvalidParameter) {
    wchar_t buffer[3] = {L'a', L'b', L'c'};
    EXPECT_EQ(RtlStringCchCatW(buffer, 3, L"d"), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(buffer[2], L'c');
}

TEST(StrSafePrintf, FormatsAndTruncates) {
    char narrow[8];
    EXPECT_EQ(RtlStringCbPrintfA(narrow, sizeof narrow, "%s-%d", "ab", 42), STATUS_SUCCESS);
    EXPECT_STREQ(narrow, "ab-42");
    EXPECT_EQ(RtlStringCchPrintfA(narrow, sizeof narrow, "%s", "1234567"), STATUS_SUCCESS);  // exactly fits
    EXPECT_EQ(RtlStringCchPrintfA(narrow, sizeof narrow, "%s", "12345678"), STATUS_BUFFER_OVERFLOW);
    EXPECT_STREQ(narrow, "1234567");
    wchar_t wide[6];
    EXPECT_EQ(RtlStringCbPrintfW(wide, sizeof wide, L"%ws%u", L"Id", 1234u), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(U16(wide), u"Id123");
    EXPECT_EQ(RtlStringCchPrintfW(wide, 0, L"x"), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlStringCchPrintfA(narrow, sizeof narrow, nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(narrow[0], 0);
}

NTSTATUS CallVPrintf(char *buffer, size_t bytes, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    NTSTATUS status = RtlStringCbVPrintfA(buffer, bytes, format, arguments);
    va_end(arguments);
    return status;
}

NTSTATUS CallVPrintfW(wchar_t *buffer, size_t bytes, const wchar_t *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    NTSTATUS status = RtlStringCbVPrintfW(buffer, bytes, format, arguments);
    va_end(arguments);
    return status;
}

TEST(StrSafePrintf, VPrintfForms) {
    char narrow[16];
    EXPECT_EQ(CallVPrintf(narrow, sizeof narrow, "%I64u|%ws", 5ULL, L"w"), STATUS_SUCCESS);
    EXPECT_STREQ(narrow, "5|w");
    wchar_t wide[4];
    EXPECT_EQ(CallVPrintfW(wide, sizeof wide, L"%d", 123456), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(U16(wide), u"123");
}

TEST(StrSafeLength, CountsWithinTheLimit) {
    size_t length = 99;
    EXPECT_EQ(RtlStringCchLengthW(L"abc", 10, &length), STATUS_SUCCESS);
    EXPECT_EQ(length, 3u);
    EXPECT_EQ(RtlStringCbLengthW(L"abc", 10, &length), STATUS_SUCCESS);
    EXPECT_EQ(length, 6u);  // bytes, without the terminator
    EXPECT_EQ(RtlStringCchLengthW(L"abc", 3, &length), STATUS_INVALID_PARAMETER);  // no NUL within 3
    EXPECT_EQ(length, 0u);
    EXPECT_EQ(RtlStringCbLengthW(L"abc", 6, &length), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlStringCchLengthW(nullptr, 10, &length), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlStringCchLengthA("abc", static_cast<size_t>(NTSTRSAFE_MAX_CCH) + 1, &length),
              STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlStringCbLengthA("hello", 6, &length), STATUS_SUCCESS);
    EXPECT_EQ(length, 5u);
    EXPECT_EQ(RtlStringCchLengthA("hello", 6, nullptr), STATUS_SUCCESS);
}

TEST(StrSafeEx, EndPointerAndRemaining) {
    wchar_t buffer[8];
    wchar_t *end = nullptr;
    size_t remaining = 0;
    EXPECT_EQ(RtlStringCchCopyExW(buffer, 8, L"abc", &end, &remaining, 0), STATUS_SUCCESS);
    EXPECT_EQ(end, buffer + 3);
    EXPECT_EQ(remaining, 5u);
    EXPECT_EQ(RtlStringCchCatExW(buffer, 8, L"de", &end, &remaining, 0), STATUS_SUCCESS);
    EXPECT_EQ(end, buffer + 5);
    EXPECT_EQ(remaining, 3u);
    EXPECT_EQ(RtlStringCbCopyExW(buffer, 9, L"ab", &end, &remaining, 0), STATUS_SUCCESS);  // 4 chars + odd byte
    EXPECT_EQ(remaining, 2u * sizeof(wchar_t) + 1u);
}

TEST(StrSafeEx, FlagsOnSuccessAndFailure) {
    char buffer[8];
    char *end = nullptr;
    size_t remaining = 0;
    EXPECT_EQ(RtlStringCchCopyExA(buffer, 8, "ab", &end, &remaining, STRSAFE_FILL_BYTE('*')), STATUS_SUCCESS);
    EXPECT_EQ(std::memcmp(buffer, "ab\0*****", 8), 0);
    EXPECT_EQ(RtlStringCchCopyExA(buffer, 8, "overlong text", &end, &remaining, STRSAFE_NULL_ON_FAILURE),
              STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(buffer[0], 0);
    EXPECT_EQ(end, buffer);
    EXPECT_EQ(remaining, 8u);
    EXPECT_EQ(RtlStringCchCopyExA(buffer, 8, "overlong text", &end, &remaining, STRSAFE_FAILURE_BYTE('#')),
              STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(std::memcmp(buffer, "#######\0", 8), 0);
    EXPECT_EQ(remaining, 1u);
    RtlStringCchCopyA(buffer, 8, "abc");
    EXPECT_EQ(RtlStringCchCatExA(buffer, 8, "defghij", &end, &remaining, STRSAFE_NO_TRUNCATION),
              STATUS_BUFFER_OVERFLOW);
    EXPECT_STREQ(buffer, "abc");  // cat without truncation keeps the original string
    EXPECT_EQ(end, buffer + 3);
    EXPECT_EQ(RtlStringCchCopyExA(buffer, 8, nullptr, &end, &remaining, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    EXPECT_STREQ(buffer, "");
    EXPECT_EQ(RtlStringCchCopyExA(buffer, 8, "a", &end, &remaining, 0x10000), STATUS_INVALID_PARAMETER);
}

TEST(StrSafeEx, PrintfEx) {
    wchar_t buffer[8];
    wchar_t *end = nullptr;
    size_t remaining = 0;
    EXPECT_EQ(RtlStringCchPrintfExW(buffer, 8, &end, &remaining, 0, L"%d", 42), STATUS_SUCCESS);
    EXPECT_EQ(end, buffer + 2);
    EXPECT_EQ(remaining, 6u);
    char narrow[4];
    char *narrowEnd = nullptr;
    EXPECT_EQ(RtlStringCbPrintfExA(narrow, sizeof narrow, &narrowEnd, &remaining, STRSAFE_NULL_ON_FAILURE, "%s",
                                   "toolong"),
              STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(narrow[0], 0);
    EXPECT_EQ(remaining, 4u);
}

TEST(StrSafeUnicodeString, InitSetsLengthsOrFails) {
    UNICODE_STRING string;
    EXPECT_EQ(RtlUnicodeStringInit(&string, L"Wmi"), STATUS_SUCCESS);
    EXPECT_EQ(string.Length, 6u);
    EXPECT_EQ(string.MaximumLength, 8u);
    EXPECT_EQ(RtlUnicodeStringInit(&string, nullptr), STATUS_SUCCESS);
    EXPECT_EQ(string.Length, 0u);
    EXPECT_EQ(string.Buffer, nullptr);
    std::u16string tooLong(32767, u'x');
    EXPECT_EQ(RtlUnicodeStringInit(&string, reinterpret_cast<const wchar_t *>(tooLong.c_str())),
              STATUS_INVALID_PARAMETER);
    EXPECT_EQ(string.Length, 0u);
    EXPECT_EQ(RtlUnicodeStringInit(nullptr, L"x"), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlUnicodeStringInitEx(&string, L"x", 0x1), STATUS_INVALID_PARAMETER);
}

TEST(StrSafeUnicodeString, ValidateRejectsMalformedStrings) {
    wchar_t storage[4];
    UNICODE_STRING ok{2, 8, storage};
    EXPECT_EQ(RtlUnicodeStringValidate(&ok), STATUS_SUCCESS);
    UNICODE_STRING oddLength{3, 8, storage};
    UNICODE_STRING oddMaximum{2, 7, storage};
    UNICODE_STRING lengthOverMaximum{10, 8, storage};
    UNICODE_STRING nullBuffer{2, 8, nullptr};
    UNICODE_STRING empty{0, 0, nullptr};
    EXPECT_EQ(RtlUnicodeStringValidate(&oddLength), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlUnicodeStringValidate(&oddMaximum), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlUnicodeStringValidate(&lengthOverMaximum), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlUnicodeStringValidate(&nullBuffer), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlUnicodeStringValidate(&empty), STATUS_SUCCESS);
    EXPECT_EQ(RtlUnicodeStringValidate(nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlUnicodeStringValidateEx(nullptr, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
}

TEST(StrSafeUnicodeString, CopyAndCatFillWithoutTerminator) {
    wchar_t storage[5];
    UNICODE_STRING destination{0, sizeof storage, storage};
    UNICODE_STRING source = RTL_CONSTANT_STRING(L"abc");
    EXPECT_EQ(RtlUnicodeStringCopy(&destination, &source), STATUS_SUCCESS);
    EXPECT_EQ(U16(destination), u"abc");
    EXPECT_EQ(RtlUnicodeStringCat(&destination, &source), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(U16(destination), u"abcab");  // filled to MaximumLength, no terminator
    EXPECT_EQ(destination.Length, 10u);
    EXPECT_EQ(RtlUnicodeStringCopyString(&destination, L"wxyz"), STATUS_SUCCESS);
    EXPECT_EQ(U16(destination), u"wxyz");
    EXPECT_EQ(RtlUnicodeStringCatString(&destination, L"!?"), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(U16(destination), u"wxyz!");
    EXPECT_EQ(RtlUnicodeStringCchCopyStringN(&destination, L"12345", 2), STATUS_SUCCESS);
    EXPECT_EQ(U16(destination), u"12");
    EXPECT_EQ(RtlUnicodeStringCbCatStringN(&destination, L"3456", 2 * sizeof(wchar_t)), STATUS_SUCCESS);
    EXPECT_EQ(U16(destination), u"1234");
    UNICODE_STRING bad{1, 4, storage};
    EXPECT_EQ(RtlUnicodeStringCopy(&destination, &bad), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(destination.Length, 0u);
    EXPECT_EQ(RtlUnicodeStringCopy(&bad, &source), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlUnicodeStringCopyString(&destination, nullptr), STATUS_INVALID_PARAMETER);
}

TEST(StrSafeUnicodeString, PrintfUsesTheWholeBuffer) {
    wchar_t storage[4];
    UNICODE_STRING destination{0, sizeof storage, storage};
    EXPECT_EQ(RtlUnicodeStringPrintf(&destination, L"%ws%u", L"ab", 12u), STATUS_SUCCESS);  // exactly 4
    EXPECT_EQ(U16(destination), u"ab12");
    EXPECT_EQ(RtlUnicodeStringPrintf(&destination, L"%ws%u", L"ab", 123u), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(U16(destination), u"ab12");
    EXPECT_EQ(destination.Length, 8u);
    EXPECT_EQ(RtlUnicodeStringPrintf(&destination, nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(destination.Length, 0u);
    UNICODE_STRING bad{2, 3, storage};
    EXPECT_EQ(RtlUnicodeStringPrintf(&bad, L"x"), STATUS_INVALID_PARAMETER);
}

TEST(StrSafeCopy, ByteCountNForms) {
    char narrow[8];
    EXPECT_EQ(RtlStringCbCopyNA(narrow, sizeof narrow, "abcdef", 3), STATUS_SUCCESS);
    EXPECT_STREQ(narrow, "abc");
    EXPECT_EQ(RtlStringCbCatNA(narrow, sizeof narrow, "defghij", 10), STATUS_BUFFER_OVERFLOW);
    EXPECT_STREQ(narrow, "abcdefg");
    wchar_t wide[6];
    RtlStringCchCopyW(wide, 6, L"ab");
    EXPECT_EQ(RtlStringCbCatNW(wide, sizeof wide, L"cdef", 2 * sizeof(wchar_t)), STATUS_SUCCESS);
    EXPECT_EQ(U16(wide), u"abcd");
    EXPECT_EQ(RtlStringCchCatNW(wide, 6, L"xyz", static_cast<size_t>(NTSTRSAFE_MAX_CCH) + 1),
              STATUS_INVALID_PARAMETER);
}

TEST(StrSafeEx, IgnoreNullsWithZeroSizedDestination) {
    wchar_t *end = reinterpret_cast<wchar_t *>(1);
    size_t remaining = 99;
    EXPECT_EQ(RtlStringCchCatExW(nullptr, 0, L"", &end, &remaining, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    EXPECT_EQ(end, nullptr);
    EXPECT_EQ(remaining, 0u);
    EXPECT_EQ(RtlStringCchCopyExW(nullptr, 0, L"x", &end, &remaining, STRSAFE_IGNORE_NULLS),
              STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(RtlStringCchCopyExW(nullptr, 0, L"x", &end, &remaining, 0), STATUS_INVALID_PARAMETER);
}

TEST(StrSafeEx, ByteCountPrintfExReportsBytes) {
    wchar_t wide[5];
    wchar_t *end = nullptr;
    size_t remainingBytes = 0;
    EXPECT_EQ(RtlStringCbPrintfExW(wide, sizeof wide, &end, &remainingBytes, 0, L"%x", 0xABu), STATUS_SUCCESS);
    EXPECT_EQ(U16(wide), u"ab");
    EXPECT_EQ(end, wide + 2);
    EXPECT_EQ(remainingBytes, 3u * sizeof(wchar_t));
}

}  // namespace
