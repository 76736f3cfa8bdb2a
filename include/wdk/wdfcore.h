/*
 * wdfcore.h - KMDF core helpers: structure sizes, pointer arithmetic, timeouts, and the
 * framework's NTSTATUS values (defined here only when ntstatus.h did not).
 */
#ifndef KWMI_WDK_WDFCORE_H
#define KWMI_WDK_WDFCORE_H

#include <wdftypes.h>

/* The 1.33 header versions structures through a table; `sizeof` is exact for one version. */
#define WDF_STRUCTURE_SIZE(_s) ((ULONG)sizeof(_s))
#define WDF_ALIGN_SIZE_DOWN(_len, _align) ((_len) & ~((_align) - 1))
#define WDF_ALIGN_SIZE_UP(_len, _align) (((_len) + (_align) - 1) & ~((_align) - 1))
#define WDF_PTR_ADD_OFFSET_TYPE(_ptr, _offset, _type) ((_type)(((PUCHAR)(_ptr)) + (_offset)))
#define WDF_PTR_ADD_OFFSET(_ptr, _offset) WDF_PTR_ADD_OFFSET_TYPE(_ptr, _offset, PVOID)
#define WDF_PTR_GET_OFFSET(_base, _addr) ((size_t)(((PUCHAR)(_addr)) - ((PUCHAR)(_base))))

#define WDFCASSERT(c) C_ASSERT(c)
#define WDFVERIFY(_exp) ((void)0)

/* Timeouts are LONGLONG counts of 100 ns units; relative ones are negative. */
#define WDF_TIMEOUT_TO_SEC ((LONGLONG)1 * 10 * 1000 * 1000)
#define WDF_TIMEOUT_TO_MS ((LONGLONG)1 * 10 * 1000)
#define WDF_TIMEOUT_TO_US ((LONGLONG)1 * 10)

#ifdef __cplusplus
extern "C" {
#endif

FORCEINLINE LONGLONG WDF_REL_TIMEOUT_IN_SEC(ULONGLONG Time) { return (LONGLONG)Time * -WDF_TIMEOUT_TO_SEC; }
FORCEINLINE LONGLONG WDF_ABS_TIMEOUT_IN_SEC(ULONGLONG Time) { return (LONGLONG)Time * WDF_TIMEOUT_TO_SEC; }
FORCEINLINE LONGLONG WDF_REL_TIMEOUT_IN_MS(ULONGLONG Time) { return (LONGLONG)Time * -WDF_TIMEOUT_TO_MS; }
FORCEINLINE LONGLONG WDF_ABS_TIMEOUT_IN_MS(ULONGLONG Time) { return (LONGLONG)Time * WDF_TIMEOUT_TO_MS; }
FORCEINLINE LONGLONG WDF_REL_TIMEOUT_IN_US(ULONGLONG Time) { return (LONGLONG)Time * -WDF_TIMEOUT_TO_US; }
FORCEINLINE LONGLONG WDF_ABS_TIMEOUT_IN_US(ULONGLONG Time) { return (LONGLONG)Time * WDF_TIMEOUT_TO_US; }

#ifdef __cplusplus
}
#endif

/* STATUS_WDF_* values come from <ntstatus.h>. */
#include <ntstatus.h>

#endif /* KWMI_WDK_WDFCORE_H */
