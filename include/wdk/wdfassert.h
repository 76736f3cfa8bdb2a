/*
 * wdfassert.h - WDF assertion helpers (compiled out, as in a free build).
 */
#ifndef KWMI_WDK_WDFASSERT_H
#define KWMI_WDK_WDFASSERT_H

#include <wdfcore.h>

#endif /* KWMI_WDK_WDFASSERT_H */
