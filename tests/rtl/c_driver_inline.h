/* c_driver_inline.h - a driver header defining an __inline helper; included by several
 * translation units of one binary (MSVC COMDAT semantics: no duplicate symbols). */
#ifndef KWMI_RTL_TEST_DRIVER_INLINE_H
#define KWMI_RTL_TEST_DRIVER_INLINE_H
#include <ntdef.h>

__inline ULONG DriverDouble(ULONG value) { return value * 2; }

#endif
