// irp_sender.cpp - the WMI service's use of the simulated kernel: builds a real
// IRP_MJ_SYSTEM_CONTROL IRP, sends it with IoCallDriver to the top of the provider's device
// stack at PASSIVE_LEVEL and waits for completion; system work items; pool and references.
#include <wdm.h>

#include <algorithm>

#include <cstdio>
#include <string>

#include <kwmi/kernel.hpp>

#include "../nt/pool_tracker.hpp"
#include "service_impl.hpp"
#include "wnode_requests.hpp"

namespace kwmi::wmi {
namespace {

thread_local std::vector<_DEVICE_OBJECT*> tDispatching;

struct CompletionSignal {
    KEVENT event;
};

NTSTATUS OnWmiIrpComplete(PDEVICE_OBJECT, PIRP irp, PVOID context) {
    (void)irp;
    KeSetEvent(&static_cast<CompletionSignal*>(context)->event, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;  // the IRP is ours: freed after the wait
}

struct SystemWork {
    WORK_QUEUE_ITEM item;
    std::function<void()> fn;
};

VOID RunSystemWork(PVOID parameter) {
    std::unique_ptr<SystemWork> work(static_cast<SystemWork*>(parameter));
    work->fn();
}

}  // namespace

bool ThreadIsDispatchingTo(_DEVICE_OBJECT* device) {
    return std::find(tDispatching.begin(), tDispatching.end(), device) != tDispatching.end();
}

IrpResult SendWmiIrp(_DEVICE_OBJECT* provider, UCHAR minor, void* dataPath, wire::Bytes& buffer,
                     NTSTATUS initialStatus) {
    PDEVICE_OBJECT top = IoGetAttachedDeviceReference(provider);
    struct TopReference {
        PDEVICE_OBJECT device;
        ~TopReference() { ObDereferenceObject(device); }
    } topReference{top};

    PIRP irp = IoAllocateIrp(static_cast<CCHAR>(top->StackSize), FALSE);
    if (!irp) return {STATUS_INSUFFICIENT_RESOURCES, 0};
    struct IrpOwner {
        PIRP irp;
        ~IrpOwner() { IoFreeIrp(irp); }
    } owner{irp};

    irp->IoStatus.Status = initialStatus;
    irp->IoStatus.Information = 0;
    PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
    stack->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
    stack->MinorFunction = minor;
    stack->Parameters.WMI.ProviderId = reinterpret_cast<ULONG_PTR>(provider);
    stack->Parameters.WMI.DataPath = dataPath;
    // Slack behind BufferSize (kIrpBufferSlack): a driver writing past its buffer hits memory
    // the service owns, and the verifier's guard tail goes there instead of into a copy.
    const std::size_t size = buffer.size();
    buffer.resize(size + kIrpBufferSlack);
    struct SlackTrim {
        wire::Bytes& buffer;
        std::size_t size;
        ~SlackTrim() { buffer.resize(size); }
    } trim{buffer, size};
    nt::BufferTailScope tail(buffer.data() + size, kIrpBufferSlack);
    stack->Parameters.WMI.BufferSize = static_cast<ULONG>(size);
    stack->Parameters.WMI.Buffer = buffer.data();

    CompletionSignal signal;
    KeInitializeEvent(&signal.event, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, OnWmiIrpComplete, &signal, TRUE, TRUE, TRUE);

    tDispatching.push_back(provider);
    struct DispatchMark {
        ~DispatchMark() { tDispatching.pop_back(); }
    } mark;
    NTSTATUS status = IoCallDriver(top, irp);
    if (status == STATUS_PENDING)
        KeWaitForSingleObject(&signal.event, Executive, KernelMode, FALSE, nullptr);
    return {irp->IoStatus.Status, irp->IoStatus.Information};
}

void QueueSystemWork(std::function<void()> fn) {
    auto* work = new SystemWork{};
    work->fn = std::move(fn);
    ExInitializeWorkItem(&work->item, RunSystemWork, work);
    ExQueueWorkItem(&work->item, DelayedWorkQueue);
}

KIRQL CurrentIrql() { return KeGetCurrentIrql(); }

void DereferenceDeviceObject(_DEVICE_OBJECT* device) { ObDereferenceObject(device); }

void FreeEventPool(void* wnode) { ExFreePool(wnode); }

void CheckDriverBufferRead(const char* ddi, const void* buffer, std::size_t bytes) {
    const void* base = nullptr;
    std::size_t size = 0;
    if (!nt::QueryPoolBlock(buffer, &base, &size)) return;  // not pool: nothing to check against
    const auto start = reinterpret_cast<std::uintptr_t>(buffer);
    const auto end = reinterpret_cast<std::uintptr_t>(base) + size;
    if (bytes <= end - start) return;
    // What special pool turns this read into: a fault on the first byte past the block.
    char where[160];
    std::snprintf(where, sizeof where, "the block at %p holds %zu bytes from the WNODE on, it claims %zu",
                  buffer, static_cast<std::size_t>(end - start), bytes);
    nt::RaiseBugCheck(nt::bugcode::kDriverPageFaultBeyondEndOfAllocation, end, 0,
                      reinterpret_cast<std::uint64_t>(__builtin_return_address(0)), 0,
                      "SpecialPoolBeyondEnd",
                      std::string("DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION: ") + ddi +
                          " read past the end of the driver's pool allocation (" + where +
                          " in WNODE_HEADER.BufferSize).");
}

void BugCheckIrql(const char* ddi, KIRQL irql, KIRQL maxIrql) {
    nt::RaiseBugCheck(nt::bugcode::kDriverVerifierDetectedViolation, 0x00020002, irql, maxIrql, 0,
                      "IrqlIoWmi",
                      std::string(ddi) + " called at IRQL " + std::to_string(irql) +
                          ", above its maximum of " + std::to_string(maxIrql),
                      __builtin_return_address(0));
}

}  // namespace kwmi::wmi
