// IRPs: allocation, IoCallDriver, IoCompleteRequest (completion routines bottom-up,
// STATUS_MORE_PROCESSING_REQUIRED, PendingReturned), cancel and the IoBuild* helpers.
#include <cstdlib>
#include <cstring>
#include <string>

#include <kwmi/bugcheck.hpp>
#include <kwmi/kernel.hpp>

#include "irp_internal.hpp"
#include "kernel_impl.hpp"

namespace kwmi::nt::detail {

NTSTATUS InvalidDeviceRequest(PDEVICE_OBJECT, PIRP Irp) {
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IofCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

namespace {

KSPIN_LOCK g_cancelSpinLock = 0;

void FinishIrp(PIRP irp) {
    if (Kernel* kernel = Kernel::Current()) kernel->impl().stats.irpsCompleted++;
    if (irp->UserIosb != nullptr) *irp->UserIosb = irp->IoStatus;
    const bool freeIt = (irp->AllocationFlags & kIrpFreeOnComplete) != 0;
    if (freeIt && (irp->Flags & IRP_BUFFERED_IO) != 0 && irp->AssociatedIrp.SystemBuffer != nullptr) {
        if ((irp->Flags & IRP_INPUT_OPERATION) != 0 && irp->UserBuffer != nullptr && NT_SUCCESS(irp->IoStatus.Status)) {
            std::memcpy(irp->UserBuffer, irp->AssociatedIrp.SystemBuffer, irp->IoStatus.Information);
        }
        if ((irp->Flags & IRP_DEALLOCATE_BUFFER) != 0) std::free(irp->AssociatedIrp.SystemBuffer);
        irp->AssociatedIrp.SystemBuffer = nullptr;
    }
    PKEVENT event = irp->UserEvent;
    if (freeIt) IoFreeIrp(irp);
    if (event != nullptr) KeSetEvent(event, IO_NO_INCREMENT, FALSE);
}

NTSTATUS SignalEventCompletion(PDEVICE_OBJECT, PIRP, PVOID context) {
    KeSetEvent(static_cast<PKEVENT>(context), IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

PIRP BuildIrp(ULONG major, PDEVICE_OBJECT device, PKEVENT event, PIO_STATUS_BLOCK iosb) {
    PIRP irp = IoAllocateIrp(device->StackSize, FALSE);
    if (irp == nullptr) return nullptr;
    irp->AllocationFlags |= kIrpFreeOnComplete;
    irp->UserEvent = event;
    irp->UserIosb = iosb;
    irp->RequestorMode = KernelMode;
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = static_cast<UCHAR>(major);
    return irp;
}

}  // namespace

}  // namespace kwmi::nt::detail

using namespace kwmi::nt::detail;

extern "C" {

VOID IoInitializeIrp(PIRP Irp, USHORT PacketSize, CCHAR StackSize) {
    std::memset(Irp, 0, PacketSize);
    Irp->Type = IO_TYPE_IRP;
    Irp->Size = PacketSize;
    Irp->StackCount = StackSize;
    Irp->CurrentLocation = static_cast<CHAR>(StackSize + 1);
    Irp->ApcEnvironment = 0;
    Irp->ThreadListEntry.Flink = &Irp->ThreadListEntry;
    Irp->ThreadListEntry.Blink = &Irp->ThreadListEntry;
    Irp->Tail.Overlay.CurrentStackLocation = reinterpret_cast<PIO_STACK_LOCATION>(Irp + 1) + StackSize;
}

PIRP IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota) {
    (void)ChargeQuota;
    if (StackSize < 1) StackSize = 1;
    const USHORT size = IoSizeOfIrp(StackSize);
    const std::size_t bytes = size + sizeof(IO_STACK_LOCATION);  // + the guard location
    void* memory = std::aligned_alloc(16, (bytes + 15u) & ~static_cast<std::size_t>(15));
    if (memory == nullptr) return nullptr;
    std::memset(memory, 0, bytes);
    auto irp = static_cast<PIRP>(memory);
    IoInitializeIrp(irp, size, StackSize);
    irp->AllocationFlags = kIrpAllocated | kIrpGuardLocation;
    irp->Tail.Overlay.CurrentStackLocation++;  // skip the guard
    return irp;
}

VOID IoReuseIrp(PIRP Irp, NTSTATUS Iostatus) {
    const UCHAR flags = Irp->AllocationFlags;
    if ((flags & kIrpGuardLocation) != 0) {
        std::memset(static_cast<void*>(Irp + 1), 0, sizeof(IO_STACK_LOCATION) * (Irp->StackCount + 1));
    }
    IoInitializeIrp(Irp, Irp->Size, Irp->StackCount);
    Irp->AllocationFlags = flags;
    if ((flags & kIrpGuardLocation) != 0) Irp->Tail.Overlay.CurrentStackLocation++;
    Irp->IoStatus.Status = Iostatus;
}

VOID IoFreeIrp(PIRP Irp) {
    if (Irp == nullptr) return;
    if (Irp->Type != IO_TYPE_IRP) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kDriverVerifierIomanagerViolation, 0x01,
                                reinterpret_cast<std::uintptr_t>(Irp), 0, 0, "IoFreeIrp",
                                "IoFreeIrp was called on an object whose type is not IO_TYPE_IRP.",
                                __builtin_return_address(0));
    }
    Irp->Type = 0;
    std::free(Irp);
}

NTSTATUS IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
    const KIRQL before = KeGetCurrentIrql();
    if (before > DISPATCH_LEVEL) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kDriverVerifierIomanagerViolation, 0x10, before, 0, 0,
                                "IoCallDriver", "IoCallDriver was called above DISPATCH_LEVEL.",
                                __builtin_return_address(0));
    }
    if (Irp->Type != IO_TYPE_IRP) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kDriverVerifierIomanagerViolation, 0x03,
                                reinterpret_cast<std::uintptr_t>(Irp), 0, 0, "IoCallDriver",
                                "IoCallDriver was passed something that is not an IRP.", __builtin_return_address(0));
    }
    Irp->CurrentLocation--;
    if (Irp->CurrentLocation <= 0) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kNoMoreIrpStackLocations, reinterpret_cast<std::uintptr_t>(Irp),
                                0, 0, 0, "IoCallDriver",
                                "IoCallDriver ran out of stack locations: the IRP was allocated with too small a "
                                "StackSize for the device stack.",
                                __builtin_return_address(0));
    }
    Irp->Tail.Overlay.CurrentStackLocation--;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    stack->DeviceObject = DeviceObject;
    PDRIVER_DISPATCH dispatch = DeviceObject->DriverObject != nullptr
                                    ? DeviceObject->DriverObject->MajorFunction[stack->MajorFunction]
                                    : &InvalidDeviceRequest;
    if (dispatch == nullptr) dispatch = &InvalidDeviceRequest;
    const NTSTATUS status = dispatch(DeviceObject, Irp);
    const KIRQL after = KeGetCurrentIrql();
    if (after != before) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kDriverVerifierIomanagerViolation, 0x05,
                                reinterpret_cast<std::uintptr_t>(DeviceObject), before, after, "IoCallDriver",
                                "The IRQL changed during a call to a driver dispatch routine.",
                                reinterpret_cast<const void*>(dispatch));
    }
    return status;
}

VOID IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost) {
    (void)PriorityBoost;
    // Windows checks "> StackCount + 1" (completed and popped past the end). An IRP at
    // StackCount + 1 has no current stack location either: nobody owns it, so completing it is
    // the same bug; the usual case is a completion routine at the top that returned
    // STATUS_MORE_PROCESSING_REQUIRED (the WMI service's), then WmiCompleteRequest followed
    // by IoCompleteRequest.
    if (Irp->CurrentLocation > Irp->StackCount || Irp->Type != IO_TYPE_IRP) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kMultipleIrpCompleteRequests, reinterpret_cast<std::uintptr_t>(Irp),
                                0, 0, 0, "IoCompleteRequest",
                                "An IRP was completed that no driver owns any more: it was already completed.",
                                __builtin_return_address(0));
    }
    if (Irp->IoStatus.Status == STATUS_PENDING) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kDriverVerifierIomanagerViolation, 0x06,
                                static_cast<ULONG>(Irp->IoStatus.Status), reinterpret_cast<std::uintptr_t>(Irp), 0,
                                "IoCompleteRequest", "An IRP was completed with STATUS_PENDING.",
                                __builtin_return_address(0));
    }
    if (Irp->CancelRoutine != nullptr) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kDriverVerifierIomanagerViolation, 0x07,
                                reinterpret_cast<std::uintptr_t>(Irp->CancelRoutine),
                                reinterpret_cast<std::uintptr_t>(Irp), 0, "IoCompleteRequest",
                                "An IRP was completed while its cancel routine was still set.",
                                __builtin_return_address(0));
    }
    // Pop stack locations bottom-up; each holds the completion routine of the driver above.
    while (Irp->CurrentLocation <= Irp->StackCount) {
        PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
        Irp->PendingReturned = (stack->Control & SL_PENDING_RETURNED) != 0;
        const NTSTATUS status = Irp->IoStatus.Status;
        const bool invoke = (NT_SUCCESS(status) && (stack->Control & SL_INVOKE_ON_SUCCESS)) ||
                            (!NT_SUCCESS(status) && (stack->Control & SL_INVOKE_ON_ERROR)) ||
                            (Irp->Cancel && (stack->Control & SL_INVOKE_ON_CANCEL));
        PIO_COMPLETION_ROUTINE routine = stack->CompletionRoutine;
        PVOID context = stack->Context;
        stack->MinorFunction = 0;
        stack->Flags = 0;
        stack->Control = 0;
        stack->CompletionRoutine = nullptr;
        stack->Context = nullptr;
        stack->FileObject = nullptr;
        Irp->CurrentLocation++;
        Irp->Tail.Overlay.CurrentStackLocation++;
        if (invoke && routine != nullptr) {
            PDEVICE_OBJECT device = Irp->CurrentLocation == Irp->StackCount + 1
                                        ? nullptr
                                        : IoGetCurrentIrpStackLocation(Irp)->DeviceObject;
            if (routine(device, Irp, context) == STATUS_MORE_PROCESSING_REQUIRED) return;
        } else if (Irp->PendingReturned && Irp->CurrentLocation <= Irp->StackCount) {
            IoMarkIrpPending(Irp);  // propagate pending to the driver above
        }
    }
    // Past the last location, as Windows leaves it: a second completion is detectable.
    Irp->CurrentLocation++;
    Irp->Tail.Overlay.CurrentStackLocation++;
    FinishIrp(Irp);
}

NTSTATUS IoSetCompletionRoutineEx(PDEVICE_OBJECT DeviceObject, PIRP Irp, PIO_COMPLETION_ROUTINE CompletionRoutine,
                                  PVOID Context, BOOLEAN InvokeOnSuccess, BOOLEAN InvokeOnError,
                                  BOOLEAN InvokeOnCancel) {
    (void)DeviceObject;  // drivers are never unloaded under a pending IRP in the simulator
    IoSetCompletionRoutine(Irp, CompletionRoutine, Context, InvokeOnSuccess, InvokeOnError, InvokeOnCancel);
    return STATUS_SUCCESS;
}

VOID IoAcquireCancelSpinLock(PKIRQL Irql) { KeAcquireSpinLock(&g_cancelSpinLock, Irql); }
VOID IoReleaseCancelSpinLock(KIRQL Irql) { KeReleaseSpinLock(&g_cancelSpinLock, Irql); }

BOOLEAN IoCancelIrp(PIRP Irp) {
    KIRQL irql;
    IoAcquireCancelSpinLock(&irql);
    Irp->Cancel = TRUE;
    PDRIVER_CANCEL routine = IoSetCancelRoutine(Irp, nullptr);
    if (routine == nullptr) {
        IoReleaseCancelSpinLock(irql);
        return FALSE;
    }
    Irp->CancelIrql = irql;
    PDEVICE_OBJECT device = Irp->CurrentLocation <= Irp->StackCount ? IoGetCurrentIrpStackLocation(Irp)->DeviceObject
                                                                    : nullptr;
    routine(device, Irp);  // releases the cancel spin lock
    return TRUE;
}

PIRP IoBuildSynchronousFsdRequest(ULONG MajorFunction, PDEVICE_OBJECT DeviceObject, PVOID Buffer, ULONG Length,
                                  PLARGE_INTEGER StartingOffset, PKEVENT Event, PIO_STATUS_BLOCK IoStatusBlock) {
    PIRP irp = BuildIrp(MajorFunction, DeviceObject, Event, IoStatusBlock);
    if (irp == nullptr) return nullptr;
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
    if (MajorFunction == IRP_MJ_READ || MajorFunction == IRP_MJ_WRITE) {
        next->Parameters.Read.Length = Length;
        if (StartingOffset != nullptr) next->Parameters.Read.ByteOffset = *StartingOffset;
        irp->UserBuffer = Buffer;
        if ((DeviceObject->Flags & DO_BUFFERED_IO) != 0 && Length != 0) {
            irp->AssociatedIrp.SystemBuffer = std::malloc(Length);
            if (irp->AssociatedIrp.SystemBuffer == nullptr) {
                IoFreeIrp(irp);
                return nullptr;
            }
            irp->Flags = IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
            if (MajorFunction == IRP_MJ_WRITE) {
                std::memcpy(irp->AssociatedIrp.SystemBuffer, Buffer, Length);
            } else {
                irp->Flags |= IRP_INPUT_OPERATION;
            }
        }
    }
    return irp;
}

PIRP IoBuildDeviceIoControlRequest(ULONG IoControlCode, PDEVICE_OBJECT DeviceObject, PVOID InputBuffer,
                                   ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength,
                                   BOOLEAN InternalDeviceIoControl, PKEVENT Event, PIO_STATUS_BLOCK IoStatusBlock) {
    PIRP irp = BuildIrp(InternalDeviceIoControl ? IRP_MJ_INTERNAL_DEVICE_CONTROL : IRP_MJ_DEVICE_CONTROL,
                        DeviceObject, Event, IoStatusBlock);
    if (irp == nullptr) return nullptr;
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
    next->Parameters.DeviceIoControl.IoControlCode = IoControlCode;
    next->Parameters.DeviceIoControl.InputBufferLength = InputBufferLength;
    next->Parameters.DeviceIoControl.OutputBufferLength = OutputBufferLength;
    irp->UserBuffer = OutputBuffer;
    if (METHOD_FROM_CTL_CODE(IoControlCode) == METHOD_NEITHER) {
        next->Parameters.DeviceIoControl.Type3InputBuffer = InputBuffer;
        return irp;
    }
    // METHOD_BUFFERED (and, without MDLs, the direct methods): one system buffer.
    const ULONG size = InputBufferLength > OutputBufferLength ? InputBufferLength : OutputBufferLength;
    if (size != 0) {
        irp->AssociatedIrp.SystemBuffer = std::calloc(1, size);
        if (irp->AssociatedIrp.SystemBuffer == nullptr) {
            IoFreeIrp(irp);
            return nullptr;
        }
        if (InputBuffer != nullptr && InputBufferLength != 0) {
            std::memcpy(irp->AssociatedIrp.SystemBuffer, InputBuffer, InputBufferLength);
        }
        irp->Flags = IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER | (OutputBuffer != nullptr ? IRP_INPUT_OPERATION : 0);
    }
    return irp;
}

BOOLEAN IoForwardIrpSynchronously(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, &SignalEventCompletion, &event, TRUE, TRUE, TRUE);
    if (IofCallDriver(DeviceObject, Irp) == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr);
    }
    return TRUE;
}

}  // extern "C"
