/*
 * wdfglobals.h - the per-driver framework globals block.
 */
#ifndef KWMI_WDK_WDFGLOBALS_H
#define KWMI_WDK_WDFGLOBALS_H

#include <wdftypes.h>

WDF_EXTERN_C_START

#define WDF_DRIVER_GLOBALS_NAME_LEN (32)

typedef struct _WDF_DRIVER_GLOBALS {
    WDFDRIVER Driver;
    ULONG DriverFlags;
    ULONG DriverTag;
    CHAR DriverName[WDF_DRIVER_GLOBALS_NAME_LEN];
    BOOLEAN DisplaceDriverUniqueContextTypes;
} WDF_DRIVER_GLOBALS, *PWDF_DRIVER_GLOBALS;
C_ASSERT(sizeof(WDF_DRIVER_GLOBALS) == 56);
C_ASSERT(FIELD_OFFSET(WDF_DRIVER_GLOBALS, DriverName) == 16);

/* One framework serves every loaded driver, so the "current" globals are those of the
 * driver whose code is running on this thread. */
WDFAPI PWDF_DRIVER_GLOBALS NTAPI KwmiWdfCurrentDriverGlobals(VOID);
#define WdfDriverGlobals (KwmiWdfCurrentDriverGlobals())

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFGLOBALS_H */
