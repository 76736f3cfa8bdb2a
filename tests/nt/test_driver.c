/* test_driver.c - see test_driver.h. Plain C against the WDK-named headers. */
#include "test_driver.h"

static char g_log[TEST_LOG_CAPACITY];
static int g_logCount;

static void Log(char c) {
    if (g_logCount < TEST_LOG_CAPACITY) g_log[g_logCount++] = c;
}

void TestLogReset(void) { g_logCount = 0; }
int TestLogCount(void) { return g_logCount; }
char TestLogAt(int index) { return index < g_logCount ? g_log[index] : '\0'; }

static IO_COMPLETION_ROUTINE UpperCompletion;

static NTSTATUS UpperCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
    PTEST_STACK_EXTENSION ext = (PTEST_STACK_EXTENSION)Context;
    Log('C');
    ext->SeenCompletionDevice = DeviceObject;
    ext->SeenPendingReturned = Irp->PendingReturned;
    if (ext->UpperCompletionResult != STATUS_MORE_PROCESSING_REQUIRED && Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    return ext->UpperCompletionResult;
}

NTSTATUS TestUpperDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
    PTEST_STACK_EXTENSION ext = (PTEST_STACK_EXTENSION)DeviceObject->DeviceExtension;
    Log('U');
    ext->SeenDispatchIrql = KeGetCurrentIrql();
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, UpperCompletion, ext, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->LowerDevice, Irp);
}

static IO_WORKITEM_ROUTINE CompleteLater;

static void CompleteLater(PDEVICE_OBJECT DeviceObject, PVOID Context) {
    PIRP irp = (PIRP)Context;
    PTEST_STACK_EXTENSION ext = (PTEST_STACK_EXTENSION)DeviceObject->DeviceExtension;
    irp->IoStatus.Status = ext->CompleteWith;
    IoFreeWorkItem(ext->PendingItem); /* allowed from the item's own routine */
    ext->PendingItem = NULL;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}

NTSTATUS TestLowerDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
    PTEST_STACK_EXTENSION ext = (PTEST_STACK_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    Log('L');
    ext->SeenDispatchIrql = KeGetCurrentIrql();
    if (stack->MajorFunction == IRP_MJ_SYSTEM_CONTROL) {
        Irp->IoStatus.Information = stack->Parameters.WMI.BufferSize;
    }
    if (ext->PendAndCompleteLater) {
        ext->PendingItem = IoAllocateWorkItem(DeviceObject);
        IoMarkIrpPending(Irp);
        IoQueueWorkItem(ext->PendingItem, CompleteLater, DelayedWorkQueue, Irp);
        return STATUS_PENDING;
    }
    Irp->IoStatus.Status = ext->CompleteWith;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return ext->CompleteWith;
}

NTSTATUS TestOriginatorCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
    (void)Irp;
    Log('O');
    *(PDEVICE_OBJECT *)Context = DeviceObject;
    return STATUS_MORE_PROCESSING_REQUIRED;
}

PVOID TestDriverAllocate(SIZE_T size, ULONG tag) { return ExAllocatePoolWithTag(NonPagedPoolNx, size, tag); }

VOID TestDriverFree(PVOID p, ULONG tag) { ExFreePoolWithTag(p, tag); }
