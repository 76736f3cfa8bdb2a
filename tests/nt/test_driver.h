/* test_driver.h - a tiny WDM driver written in C for the kernel tests: a two-device stack
 * whose dispatch and completion routines log their order, and pool calls made from C. */
#ifndef KWMI_TESTS_NT_TEST_DRIVER_H
#define KWMI_TESTS_NT_TEST_DRIVER_H

#include <ntddk.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TEST_LOG_CAPACITY 32

typedef struct _TEST_STACK_EXTENSION {
    PDEVICE_OBJECT LowerDevice;      /* upper device: where to forward */
    NTSTATUS CompleteWith;           /* lower device: status to complete with */
    BOOLEAN PendAndCompleteLater;    /* lower device: return STATUS_PENDING, complete via work item */
    NTSTATUS UpperCompletionResult;  /* upper device: what its completion routine returns */
    PDEVICE_OBJECT SeenCompletionDevice;
    BOOLEAN SeenPendingReturned;
    KIRQL SeenDispatchIrql;
    PIO_WORKITEM PendingItem;
} TEST_STACK_EXTENSION, *PTEST_STACK_EXTENSION;

/* Call log: 'U' upper dispatch, 'L' lower dispatch, 'C' upper completion, 'O' originator completion. */
void TestLogReset(void);
int TestLogCount(void);
char TestLogAt(int index);

DRIVER_DISPATCH TestUpperDispatch;
DRIVER_DISPATCH TestLowerDispatch;
IO_COMPLETION_ROUTINE TestOriginatorCompletion;

/* Pool calls from C code: the allocation site is this module. */
PVOID TestDriverAllocate(SIZE_T size, ULONG tag);
VOID TestDriverFree(PVOID p, ULONG tag);

/* test_driver_nx.c: ExInitializeDriverRuntime(DrvRtPoolNxOptIn), then NonPagedPool. */
PVOID TestNxDriverEntryAndAllocate(SIZE_T size, ULONG tag);

#ifdef __cplusplus
}
#endif

#endif
