// WDFWORKITEM over the kernel's system work queue: the callback runs at PASSIVE_LEVEL.
// Enqueueing an already queued item does nothing; the item keeps a reference on itself
// while queued or running, and disposal at PASSIVE_LEVEL waits for a pending callback.
#include "wdf/callback_site.hpp"
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"
#include "wdf/object.hpp"
#include "wdf/parent.hpp"
#include "verifier/verifier.hpp"

#include <atomic>
#include <mutex>

using namespace kwmi::wdf;

namespace {

thread_local const void *tRunningWorkItem = nullptr;

class WorkItem final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::WorkItem;
    WorkItem(DriverGlobals *globals, const WDF_WORKITEM_CONFIG &config) : Object(kType, globals), config_(config) {
        KeInitializeEvent(&idle_, NotificationEvent, TRUE);
        ExInitializeWorkItem(&item_, &WorkItem::Routine, this);
    }

    void Enqueue() {
        if (IsDeleting() || queued_.exchange(true)) return;
        {
            // Idle = no execution queued or running. A re-enqueue while the callback runs must
            // keep Flush waiting for the second run (race found by tests/stress).
            std::lock_guard lock(idleMutex_);
            if (outstanding_++ == 0) KeClearEvent(&idle_);
        }
        AddRef(this);
        ExQueueWorkItem(&item_, DelayedWorkQueue);
    }

    void Flush() {
        if (tRunningWorkItem == this) return;  // flushing from its own callback would deadlock
        KeWaitForSingleObject(&idle_, Executive, KernelMode, FALSE, nullptr);
    }

private:
    ~WorkItem() override = default;

    void OnDispose() override {
        if (KeGetCurrentIrql() == PASSIVE_LEVEL) Flush();
    }

    static VOID Routine(PVOID context) {
        auto *self = static_cast<WorkItem *>(context);
        self->queued_.store(false);
        {
            const void *previous = tRunningWorkItem;
            tRunningWorkItem = self;
            DriverCallScope scope(self->Globals(), "EvtWorkItem");
            // The verifier's callback boundary: a bug check fails only this item's device,
            // and the item still signals idle and drops its reference.
            const kwmi::verifier::CallbackSite site = MakeCallbackSite("EvtWorkItem", self->config_.EvtWorkItemFunc, self);
            if (!kwmi::verifier::IsDeviceFailed(site.device)) {
                (void)kwmi::verifier::RunDriverCallback(site, kwmi::verifier::Boundary::Catch,
                                                  [&] { self->config_.EvtWorkItemFunc(self->Handle()); });
            }
            tRunningWorkItem = previous;
        }
        {
            std::lock_guard lock(self->idleMutex_);
            if (--self->outstanding_ == 0) KeSetEvent(&self->idle_, IO_NO_INCREMENT, FALSE);
        }
        self->Release(self);
    }

    WDF_WORKITEM_CONFIG config_;
    WORK_QUEUE_ITEM item_{};
    KEVENT idle_{};
    std::atomic<bool> queued_{false};
    std::mutex idleMutex_;
    int outstanding_ = 0;  // executions queued or running, under idleMutex_
};

}  // namespace

extern "C" {

NTSTATUS WdfWorkItemCreate(PWDF_WORKITEM_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFWORKITEM *WorkItemHandle) {
    KWMI_DDI_ENTRY(WdfWorkItemCreate);
    KWMI_WDF_REQUIRE_POINTER(Config, "WdfWorkItemCreate");
    KWMI_WDF_REQUIRE_POINTER(Attributes, "WdfWorkItemCreate");
    KWMI_WDF_REQUIRE_POINTER(WorkItemHandle, "WdfWorkItemCreate");
    *WorkItemHandle = nullptr;
    if (Config->Size != sizeof(WDF_WORKITEM_CONFIG)) return STATUS_INFO_LENGTH_MISMATCH;
    if (Config->EvtWorkItemFunc == nullptr) return STATUS_INVALID_PARAMETER;
    NTSTATUS status = ValidateObjectAttributes(Attributes);
    if (!NT_SUCCESS(status)) return status;
    if (Attributes->ParentObject == nullptr) return STATUS_INVALID_PARAMETER;
    Object *parent = ResolveOptionalParent(Attributes);
    auto *item = new WorkItem(CallerGlobals(), *Config);
    status = item->Initialize(Attributes);
    if (NT_SUCCESS(status)) status = item->Commit(parent, WorkItemHandle);
    if (!NT_SUCCESS(status)) {
        item->DeleteFromFailedCreate();
        *WorkItemHandle = nullptr;
    }
    return status;
}

VOID WdfWorkItemEnqueue(WDFWORKITEM WorkItemHandle) {
    KWMI_DDI_ENTRY(WdfWorkItemEnqueue);
    Resolve<WorkItem>(WorkItemHandle)->Enqueue();
}

WDFOBJECT WdfWorkItemGetParentObject(WDFWORKITEM WorkItemHandle) {
    KWMI_DDI_ENTRY(WdfWorkItemGetParentObject);
    Object *parent = Resolve<WorkItem>(WorkItemHandle)->Parent();
    return parent == nullptr ? nullptr : parent->Handle();
}

VOID WdfWorkItemFlush(WDFWORKITEM WorkItemHandle) {
    KWMI_DDI_ENTRY(WdfWorkItemFlush);
    Resolve<WorkItem>(WorkItemHandle)->Flush();
}

}  // extern "C"
