// format_test.cpp - Microsoft format specifiers, byte-exact, through DbgPrint and the
// ntstrsafe printf routines.
#include <gtest/gtest.h>

#include <kwmi/debug_output.hpp>
#include <kwmi_rtl.h>
#include <ntstrsafe.h>

#include <string>

#include "c_driver_like.h"
#include "rtl_test_util.hpp"

namespace {

using kwmi::debug::ScopedDebugCapture;
using kwmi::rtl_test::U16;

template <typename... Args>
std::string Dbg(const char *format, Args... args) {
    ScopedDebugCapture capture;
    DbgPrint(format, args...);
    return capture.Text();
}

TEST(MsFormat, IntegersFollowLlp64Sizes) {
    EXPECT_EQ(Dbg("%d|%i|%u", -5, 7, 4000000000u), "-5|7|4000000000");
    EXPECT_EQ(Dbg("%ld %lu %lx", -1, 0xFFFFFFFFu, 0xABCDu), "-1 4294967295 abcd");  // l is 32-bit
    EXPECT_EQ(Dbg("%I64x %I64d %I64u", 0x1122334455667788ULL, -2LL, 18446744073709551615ULL),
              "1122334455667788 -2 18446744073709551615");
    EXPECT_EQ(Dbg("%llx %lld", 0xFFFFFFFFFFULL, 123456789012LL), "ffffffffff 123456789012");
    EXPECT_EQ(Dbg("%Ix %Id %Iu", static_cast<ULONG_PTR>(0xABCDEF0123ULL), static_cast<LONG_PTR>(-3),
                  static_cast<ULONG_PTR>(9)),
              "abcdef0123 -3 9");
    EXPECT_EQ(Dbg("%I32x %I32d", 0xDEADBEEFu, -7), "deadbeef -7");
    EXPECT_EQ(Dbg("%hx %hhx %hd", 0x12345, 0x1FF, 70000), "2345 ff 4464");
    EXPECT_EQ(Dbg("%zu %X", static_cast<size_t>(77), 0xBEEFu), "77 BEEF");
}

TEST(MsFormat, WidthPrecisionAndFlags) {
    EXPECT_EQ(Dbg("[%5d][%-5d][%05d]", 42, 42, 42), "[   42][42   ][00042]");
    EXPECT_EQ(Dbg("[%08x][%#x][%#X][%#o]", 0xBEEFu, 0xBEEFu, 0xBEEFu, 8u), "[0000beef][0xbeef][0XBEEF][010]");
    EXPECT_EQ(Dbg("[%+d][% d][%.3d][%.0d]", 5, 5, 5, 0), "[+5][ 5][005][]");
    EXPECT_EQ(Dbg("[%*d][%-*d][%.*s]", 4, 7, 3, 8, 2, "abcdef"), "[   7][8  ][ab]");
    EXPECT_EQ(Dbg("[%0Ix]", static_cast<ULONG_PTR>(0x1F)), "[1f]");
    EXPECT_EQ(Dbg("[%016I64X]", 0xABCULL), "[0000000000000ABC]");
    EXPECT_EQ(Dbg("%%|%c|%5s|%-4s|", 'W', "ab", "cd"), "%|W|   ab|cd  |");
}

TEST(MsFormat, PointerIsSixteenUpperCaseDigits) {
    EXPECT_EQ(Dbg("%p", reinterpret_cast<void *>(0x1234ABCDULL)), "000000001234ABCD");
    EXPECT_EQ(Dbg("%p", static_cast<void *>(nullptr)), "0000000000000000");
}

TEST(MsFormat, WideAndCountedStringsInNarrowOutput) {
    UNICODE_STRING unicode = RTL_CONSTANT_STRING(L"Device0");
    ANSI_STRING ansi = RTL_CONSTANT_STRING("ansi");
    EXPECT_EQ(Dbg("%ws|%S|%ls|%hs", L"wide", L"cap", L"ell", "narrow"), "wide|cap|ell|narrow");
    EXPECT_EQ(Dbg("%wZ|%Z", &unicode, &ansi), "Device0|ansi");
    EXPECT_EQ(Dbg("%C|%wc|%lc", L'x', L'y', L'z'), "x|y|z");
    EXPECT_EQ(Dbg("%ws", L"caf\u00e9"), "caf\xc3\xa9");  // UTF-8 in the debug log
    EXPECT_EQ(Dbg("[%10wZ]", &unicode), "[   Device0]");
    EXPECT_EQ(Dbg("[%.3ws]", L"truncate"), "[tru]");
}

TEST(MsFormat, NullStringsPrintNull) {
    UNICODE_STRING empty{0, 0, nullptr};
    EXPECT_EQ(Dbg("%s|%ws|%wZ|%Z", static_cast<const char *>(nullptr), static_cast<const wchar_t *>(nullptr),
                  &empty, static_cast<ANSI_STRING *>(nullptr)),
              "(null)|(null)|(null)|(null)");
}

TEST(MsFormat, WppFormsSurviveReadably) {
    EXPECT_EQ(Dbg("status %!STATUS!", STATUS_WMI_GUID_NOT_FOUND), "status STATUS_WMI_GUID_NOT_FOUND (0xC0000295)");
    EXPECT_EQ(Dbg("%!STATUS!", static_cast<NTSTATUS>(0xC0DE0001)), "0xC0DE0001");
    EXPECT_EQ(Dbg("%!FUNC!: %d", 5), "!FUNC!: 5");  // no argument consumed
    EXPECT_EQ(Dbg("%!bool! %!BOOLEAN!", 1, 0), "TRUE FALSE");
    EXPECT_EQ(Dbg("%!HRESULT!", 0x80004005u), "0x80004005");
    GUID guid = {0x12345678, 0x9abc, 0xdef0, {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}};
    EXPECT_EQ(Dbg("%!GUID!", &guid), "{12345678-9abc-def0-0123-456789abcdef}");
    EXPECT_EQ(Dbg("%!HEXDUMP! after", 1), "!HEXDUMP! after");
}

TEST(MsFormat, FloatsAndUnknownConversions) {
    EXPECT_EQ(Dbg("%.2f|%e", 3.14159, 1000.0), "3.14|1.000000e+03");
    EXPECT_EQ(Dbg("%y|%d", 5), "%y|5");  // unknown conversion kept as text, consumes nothing
    EXPECT_EQ(Dbg("end%"), "end");
}

TEST(MsFormat, KdPrintFromCDriverCode) {
    ScopedDebugCapture capture;
    DlKdPrint_O0();
    DlKdPrint_O2();
    std::string line = "drv: wide dev0 1122334455667788 4000000000 abc\n";
    EXPECT_EQ(capture.Text(), line + line);
}

TEST(MsFormat, WideFormatTreatsPercentSAsWide) {
    wchar_t buffer[64];
    ASSERT_EQ(RtlStringCchPrintfW(buffer, 64, L"%s/%S/%hs/%c/%C/%wZ", L"wide", "narrow", "hs", L'w', 'n',
                                  static_cast<const UNICODE_STRING *>(nullptr)),
              STATUS_SUCCESS);
    EXPECT_EQ(U16(buffer), u"wide/narrow/hs/w/n/(null)");
}

TEST(MsFormat, UnicodeStringPrintfFromCDriver) {
    wchar_t storage[32];
    UNICODE_STRING out{0, sizeof storage, storage};
    EXPECT_EQ(DlFormatUnicode_O0(&out), STATUS_SUCCESS);
    EXPECT_EQ(U16(out), u"Instance7");
    EXPECT_EQ(out.Length, 18u);
}

}  // namespace
