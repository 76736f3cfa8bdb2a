/*
 * wdfsync.h - WDFSPINLOCK (raises to DISPATCH_LEVEL) and WDFWAITLOCK (PASSIVE_LEVEL).
 */
#ifndef KWMI_WDK_WDFSYNC_H
#define KWMI_WDK_WDFSYNC_H

#include <wdfobject.h>

WDF_EXTERN_C_START

_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfSpinLockCreate(_In_opt_ PWDF_OBJECT_ATTRIBUTES SpinLockAttributes,
                                                              _Out_ WDFSPINLOCK *SpinLock);
WDFAPI VOID NTAPI WdfSpinLockAcquire(_In_ WDFSPINLOCK SpinLock);
WDFAPI VOID NTAPI WdfSpinLockRelease(_In_ WDFSPINLOCK SpinLock);

_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfWaitLockCreate(_In_opt_ PWDF_OBJECT_ATTRIBUTES LockAttributes,
                                                              _Out_ WDFWAITLOCK *Lock);
/* Timeout NULL waits forever; a zero timeout returns STATUS_TIMEOUT when the lock is held. */
WDFAPI NTSTATUS NTAPI WdfWaitLockAcquire(_In_ WDFWAITLOCK Lock, _In_opt_ PLONGLONG Timeout);
WDFAPI VOID NTAPI WdfWaitLockRelease(_In_ WDFWAITLOCK Lock);

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFSYNC_H */
