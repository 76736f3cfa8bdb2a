// intsafe_test.cpp - ntintsafe: exact results, STATUS_INTEGER_OVERFLOW and the *_ERROR value.
#include <gtest/gtest.h>

#include <ntintsafe.h>

namespace {

TEST(IntSafe, AddAndMultiply) {
    ULONG result = 0;
    EXPECT_EQ(RtlULongAdd(0xFFFFFFF0u, 0x0Fu, &result), STATUS_SUCCESS);
    EXPECT_EQ(result, 0xFFFFFFFFu);
    EXPECT_EQ(RtlULongAdd(0xFFFFFFF0u, 0x10u, &result), STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(result, ULONG_ERROR);
    EXPECT_EQ(RtlULongMult(0x10000u, 0xFFFFu, &result), STATUS_SUCCESS);
    EXPECT_EQ(result, 0xFFFF0000u);
    EXPECT_EQ(RtlULongMult(0x10000u, 0x10000u, &result), STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(RtlULongSub(1u, 2u, &result), STATUS_INTEGER_OVERFLOW);
    SIZE_T size = 0;
    EXPECT_EQ(RtlSizeTAdd(SIZE_MAX - 1, 1, &size), STATUS_SUCCESS);
    EXPECT_EQ(RtlSizeTAdd(SIZE_MAX, 1, &size), STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(size, SIZET_ERROR);
    EXPECT_EQ(RtlSizeTMult(SIZE_MAX / 2, 3, &size), STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(RtlSizeTMult(64, 4, &size), STATUS_SUCCESS);
    EXPECT_EQ(size, 256u);
    USHORT shortResult = 0;
    EXPECT_EQ(RtlUShortAdd(0xFFFF, 1, &shortResult), STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(shortResult, USHORT_ERROR);
    LONG signedResult = 0;
    EXPECT_EQ(RtlLongAdd(0x7FFFFFFF, 1, &signedResult), STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(signedResult, LONG_ERROR);
    EXPECT_EQ(RtlLongSub(-5, 5, &signedResult), STATUS_SUCCESS);
    EXPECT_EQ(signedResult, -10);
    ULONGLONG wide = 0;
    EXPECT_EQ(RtlULongLongMult(1ULL << 32, 1ULL << 32, &wide), STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(wide, ULONGLONG_ERROR);
}

TEST(IntSafe, Conversions) {
    ULONG result = 0;
    EXPECT_EQ(RtlULongLongToULong(0xFFFFFFFFULL, &result), STATUS_SUCCESS);
    EXPECT_EQ(result, 0xFFFFFFFFu);
    EXPECT_EQ(RtlULongLongToULong(0x100000000ULL, &result), STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(result, ULONG_ERROR);
    EXPECT_EQ(RtlSizeTToULong(static_cast<SIZE_T>(1) << 33, &result), STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(RtlLongToULong(-1, &result), STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(RtlLongToULong(7, &result), STATUS_SUCCESS);
    EXPECT_EQ(result, 7u);
    USHORT shortResult = 0;
    EXPECT_EQ(RtlULongToUShort(0x10000u, &shortResult), STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(shortResult, USHORT_ERROR);
    EXPECT_EQ(RtlULongToUShort(0xFFFFu, &shortResult), STATUS_SUCCESS);
    LONG signedResult = 0;
    EXPECT_EQ(RtlULongToLong(0x80000000u, &signedResult), STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(signedResult, LONG_ERROR);
    UCHAR byteResult = 0;
    EXPECT_EQ(RtlIntToUChar(256, &byteResult), STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(byteResult, UCHAR_ERROR);
    UINT uintResult = 0;
    EXPECT_EQ(RtlULongLongToUInt(42, &uintResult), STATUS_SUCCESS);
    EXPECT_EQ(uintResult, 42u);
}

}  // namespace
