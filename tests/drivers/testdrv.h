/* testdrv.h - shared declarations of the kwmi host test driver (plain C, WDK style). */
#ifndef TESTDRV_H
#define TESTDRV_H

#include <ntddk.h>
#include <wdf.h>

#define TESTDRV_POOL_TAG 'vdTK'
/* Echo IOCTL: input ULONG v, output ULONG v + 1. */
#define IOCTL_TESTDRV_INCREMENT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Returns how many timer ticks the device has seen. */
#define IOCTL_TESTDRV_TICKS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* Returns the device description bytes the driver read in PrepareHardware and the
 * registry default it fell back to: ULONG[2] = { description bytes, setting }. */
#define IOCTL_TESTDRV_INFO CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _DEVICE_CONTEXT {
    ULONG DescriptionBytes;
    ULONG Setting;
    ULONG Ticks;
    WDFSPINLOCK Lock;
    WDFTIMER Timer;
    PVOID Scratch;  /* pool, freed in the destroy callback (not freed when KWMITEST_LEAK) */
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, TestDrvGetContext)

/* testdrv_util.C */
ULONG TestDrvIncrement(ULONG Value);

#endif
