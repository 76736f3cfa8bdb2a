// System work items (IoXxxWorkItem, ExQueueWorkItem): run at PASSIVE_LEVEL on a worker
// thread or in RunUntilIdle(); the I/O object stays referenced while the item is queued.
#include <atomic>
#include <new>
#include <string>

#include <kwmi/bugcheck.hpp>
#include <kwmi/kernel.hpp>

#include "kernel_impl.hpp"

struct _IO_WORKITEM {
    std::uint32_t magic;
    PVOID ioObject;
    std::atomic<bool> queued;
    bool fromPool;
};

namespace {

constexpr std::uint32_t kWorkItemMagic = 0x49576f49;  // "IoWI" in memory order
constexpr std::uint32_t kWorkItemTag = 0x6b576f49;    // pool tag "IoWk"

void CheckReturnIrql(const void* routine, PVOID parameter, const void* item) {
    const KIRQL irql = KeGetCurrentIrql();
    if (irql != PASSIVE_LEVEL) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kWorkerThreadReturnedAtBadIrql,
                                reinterpret_cast<std::uintptr_t>(routine), irql,
                                reinterpret_cast<std::uintptr_t>(parameter), reinterpret_cast<std::uintptr_t>(item),
                                "WorkItemReturnedAtBadIrql",
                                "A work item routine returned at IRQL " + std::to_string(irql) +
                                    " instead of PASSIVE_LEVEL (a spin lock left held or an IRQL not lowered).",
                                routine);
    }
}

// Drops the I/O object's reference when the routine returns or a bug check unwinds it.
class ObjectReference {
public:
    ObjectReference(kwmi::nt::Kernel::Impl& kernel, PVOID object) : kernel_(kernel), object_(object) {}
    ~ObjectReference() {
        if (object_ != nullptr) kernel_.Dereference(object_, nullptr);
    }

private:
    kwmi::nt::Kernel::Impl& kernel_;
    PVOID object_;
};

// WORKER_INVALID (0xE4) P1 = 0x1: "an active worker item was queued" (it would run twice).
[[noreturn]] void ActiveItemQueued(const void* item, WORK_QUEUE_TYPE queueType, const char* ddi, const void* site) {
    kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kWorkerInvalid, 0x1, reinterpret_cast<std::uintptr_t>(item),
                            static_cast<std::uintptr_t>(queueType), 0, "WorkItemQueuedTwice",
                            std::string(ddi) + " was called on a work item that is still queued; queue it again "
                                               "only once its routine has started.",
                            site);
}

void Queue(PIO_WORKITEM item, PIO_WORKITEM_ROUTINE routine, PIO_WORKITEM_ROUTINE_EX routineEx, PVOID context,
           WORK_QUEUE_TYPE queueType, const void* site) {
    auto& k = kwmi::nt::RequireKernel("IoQueueWorkItem");
    if (item->queued.exchange(true)) ActiveItemQueued(item, queueType, "IoQueueWorkItem", site);
    if (item->ioObject != nullptr) k.Reference(item->ioObject);
    PVOID object = item->ioObject;
    k.queues.QueueWork({[&k, item, routine, routineEx, context, object] {
        ObjectReference reference(k, object);
        item->queued = false;  // the routine may queue the item again
        if (routine != nullptr) {
            routine(static_cast<PDEVICE_OBJECT>(object), context);
            CheckReturnIrql(reinterpret_cast<const void*>(routine), context, item);
        } else {
            routineEx(object, context, item);
            CheckReturnIrql(reinterpret_cast<const void*>(routineEx), context, item);
        }
    }});
}

}  // namespace

extern "C" {

ULONG IoSizeofWorkItem(VOID) { return sizeof(IO_WORKITEM); }

VOID IoInitializeWorkItem(PVOID IoObject, PIO_WORKITEM IoWorkItem) {
    new (IoWorkItem) IO_WORKITEM{};
    IoWorkItem->magic = kWorkItemMagic;
    IoWorkItem->ioObject = IoObject;
    IoWorkItem->fromPool = false;
}

VOID IoUninitializeWorkItem(PIO_WORKITEM IoWorkItem) {
    IoWorkItem->magic = 0;
    IoWorkItem->~IO_WORKITEM();
}

PIO_WORKITEM IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject) {
    auto& k = kwmi::nt::RequireKernel("IoAllocateWorkItem");
    const void* site = __builtin_return_address(0);
    void* memory = k.pool.Allocate(sizeof(IO_WORKITEM), kWorkItemTag, NonPagedPoolNx, true, false, site,
                                   k.AllocationOwner(site));
    if (memory == nullptr) return nullptr;
    auto item = static_cast<PIO_WORKITEM>(memory);
    IoInitializeWorkItem(DeviceObject, item);
    item->fromPool = true;
    return item;
}

VOID IoFreeWorkItem(PIO_WORKITEM IoWorkItem) {
    auto& k = kwmi::nt::RequireKernel("IoFreeWorkItem");
    if (IoWorkItem->queued) {
        kwmi::nt::RaiseBugCheck(kwmi::nt::bugcode::kDriverVerifierIomanagerViolation, 0x20,
                                reinterpret_cast<std::uintptr_t>(IoWorkItem), 0, 0, "IoFreeWorkItemWhileQueued",
                                "IoFreeWorkItem was called on a work item that is still queued.",
                                __builtin_return_address(0));
    }
    IoUninitializeWorkItem(IoWorkItem);
    std::uint32_t actualTag = 0;
    k.pool.Free(IoWorkItem, false, 0, actualTag);
}

VOID IoQueueWorkItem(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE WorkerRoutine, WORK_QUEUE_TYPE QueueType,
                     PVOID Context) {
    Queue(IoWorkItem, WorkerRoutine, nullptr, Context, QueueType, __builtin_return_address(0));
}

VOID IoQueueWorkItemEx(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE_EX WorkerRoutine, WORK_QUEUE_TYPE QueueType,
                       PVOID Context) {
    Queue(IoWorkItem, nullptr, WorkerRoutine, Context, QueueType, __builtin_return_address(0));
}

VOID ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem, WORK_QUEUE_TYPE QueueType) {
    auto& k = kwmi::nt::RequireKernel("ExQueueWorkItem");
    // ExInitializeWorkItem leaves List.Flink NULL; it is non-NULL while the item is queued.
    if (WorkItem->List.Flink != nullptr)
        ActiveItemQueued(WorkItem, QueueType, "ExQueueWorkItem", __builtin_return_address(0));
    WorkItem->List.Flink = &WorkItem->List;
    k.queues.QueueWork({[WorkItem] {
        PWORKER_THREAD_ROUTINE routine = WorkItem->WorkerRoutine;
        PVOID parameter = WorkItem->Parameter;
        WorkItem->List.Flink = nullptr;  // the routine may free or requeue the item
        routine(parameter);
        CheckReturnIrql(reinterpret_cast<const void*>(routine), parameter, WorkItem);
    }});
}

}  // extern "C"
