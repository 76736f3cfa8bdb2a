/* c_test_guids.h - a header in the WDK style: its GUID block sits outside the include
 * guard, so including it again after <initguid.h> defines what it first only declared. */
#ifndef KWMI_RTL_TEST_GUIDS_H
#define KWMI_RTL_TEST_GUIDS_H
#include <guiddef.h>
#endif

/* {12345678-9ABC-DEF0-0123-456789ABCDEF} */
DEFINE_GUID(KWMI_TEST_GUID_ALPHA, 0x12345678, 0x9abc, 0xdef0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef);
