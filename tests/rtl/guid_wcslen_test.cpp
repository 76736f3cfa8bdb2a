// guid_wcslen_test.cpp - weak GUID definitions across translation units, IsEqualGUID, and
// the 16-bit wcslen that C driver code gets instead of glibc's.
#include <gtest/gtest.h>

#include <initguid.h>
#include <kwmi_rtl.h>

#include "c_driver_like.h"
#include "rtl_test_util.hpp"

namespace {

TEST(WeakGuids, TwoTranslationUnitsLinkToOneObject) {
    const GUID *a = GuidAddressFromTuA();
    EXPECT_EQ(a, GuidAddressFromTuB());
    EXPECT_EQ(a, GuidAddressFromTuC());
    EXPECT_EQ(a, GuidAddressFromTuD());
    EXPECT_EQ(a->Data1, 0x12345678u);
    EXPECT_EQ(a->Data2, 0x9abcu);
    EXPECT_EQ(a->Data3, 0xdef0u);
    EXPECT_EQ(a->Data4[0], 0x01u);
    EXPECT_EQ(a->Data4[7], 0xefu);
}

TEST(WeakGuids, IsEqualGuidComparesAllBytes) {
    GUID copy = *GuidAddressFromTuA();
    EXPECT_TRUE(GuidTuDComparesEqual(&copy));
    copy.Data4[7] ^= 1;
    EXPECT_FALSE(GuidTuDComparesEqual(&copy));
    GUID same = *GuidAddressFromTuA();
    EXPECT_TRUE(IsEqualGUID(same, *GuidAddressFromTuA()));  // C++: references
}

DEFINE_GUID(KWMI_CXX_TEST_GUID, 0xaabbccdd, 0x1122, 0x3344, 0x55, 0x66, 0x77, 0x88, 0x99, 0x00, 0xab, 0xcd);

TEST(WeakGuids, DefineGuidInCxxAfterInitguid) {
    EXPECT_EQ(KWMI_CXX_TEST_GUID.Data1, 0xaabbccddu);
    EXPECT_EQ(KWMI_CXX_TEST_GUID.Data4[7], 0xcdu);
}

TEST(PortabilityFindings, Item10_WcslenCountsSixteenBitUnitsInC) {
    EXPECT_EQ(DlWcslenLiteral_O0(), 6u);
    EXPECT_EQ(DlWcslenLiteral_O2(), 6u);
    const wchar_t text[] = L"WMI";
    EXPECT_EQ(DlWcslen_O0(text), 3u);
    EXPECT_EQ(DlWcslen_O2(text), 3u);
}

TEST(PortabilityFindings, Item10_WcslenResolvesToTheRuntimeFunction) {
    EXPECT_EQ(DlWcslenAddress_O0(), reinterpret_cast<const void *>(&kwmi_wcslen16));
    EXPECT_EQ(DlWcslenAddress_O2(), reinterpret_cast<const void *>(&kwmi_wcslen16));
}

TEST(WideCrt, SixteenBitStringFunctions) {
    wchar_t buffer[16];
    EXPECT_EQ(wcslen(L"abc"), 3u);  // the macro redirect in C++ too
    EXPECT_EQ(wcsnlen(L"abcdef", 4), 4u);
    wcscpy(buffer, L"Hello");
    wcscat(buffer, L"Wmi");
    EXPECT_EQ(kwmi::rtl_test::U16(buffer), u"HelloWmi");
    EXPECT_EQ(wcscmp(buffer, L"HelloWmi"), 0);
    EXPECT_LT(wcscmp(L"abc", L"abd"), 0);
    EXPECT_GT(wcsncmp(L"abd", L"abc", 3), 0);
    EXPECT_EQ(wcsncmp(L"abd", L"abc", 2), 0);
    EXPECT_EQ(wcschr(buffer, L'W'), buffer + 5);
    EXPECT_EQ(wcsrchr(L"a.b.c", L'.') - L"a.b.c", 3);
    EXPECT_EQ(wcsstr(buffer, L"loW"), buffer + 3);
    EXPECT_EQ(wcsstr(buffer, L"xyz"), nullptr);
    EXPECT_EQ(_wcsicmp(L"WmiDevice", L"wmidevice"), 0);
    EXPECT_EQ(_wcsnicmp(L"WmiA", L"wmiB", 3), 0);
    EXPECT_EQ(_stricmp("Pool", "POOL"), 0);
    EXPECT_NE(_strnicmp("Pool", "Poem", 3), 0);
    wchar_t padded[6];
    wcsncpy(padded, L"ab", 6);
    EXPECT_EQ(padded[2], 0);
    EXPECT_EQ(padded[5], 0);
}

TEST(WideCrt, MicrosoftSnprintfTruncationContract) {
    char narrow[8];
    EXPECT_EQ(_snprintf(narrow, sizeof narrow, "%d-%s", 12, "ab"), 5);
    EXPECT_STREQ(narrow, "12-ab");
    char full[4] = {'x', 'x', 'x', 'x'};
    EXPECT_EQ(_snprintf(full, sizeof full, "%s", "abcd"), 4);  // fits exactly: not terminated
    EXPECT_EQ(full[3], 'd');
    EXPECT_EQ(_snprintf(full, sizeof full, "%s", "abcdef"), -1);
    wchar_t wide[8];
    EXPECT_EQ(_snwprintf(wide, 8, L"%s=%d", L"k", 5), 3);  // %s is wide in the W form
    EXPECT_EQ(kwmi::rtl_test::U16(wide), u"k=5");
    EXPECT_EQ(swprintf(wide, 4, L"%ls", L"abcdef"), -1);  // ISO form: truncated, terminated
    EXPECT_EQ(kwmi::rtl_test::U16(wide), u"abc");
}

}  // namespace
