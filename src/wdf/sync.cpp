// WDFSPINLOCK and WDFWAITLOCK (wdfsync.h) over the kernel's spin locks and events.
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"
#include "wdf/object.hpp"
#include "wdf/parent.hpp"
#include "verifier/verifier.hpp"

using namespace kwmi::wdf;

namespace {

class SpinLock final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::SpinLock;
    explicit SpinLock(DriverGlobals *globals) : Object(kType, globals) { KeInitializeSpinLock(&lock_); }
    void Acquire() {
        KIRQL old;
        KeAcquireSpinLock(&lock_, &old);
        oldIrql_ = old;  // written only by the owner, after acquiring
    }
    void Release() { KeReleaseSpinLock(&lock_, oldIrql_); }

private:
    KSPIN_LOCK lock_{};
    KIRQL oldIrql_ = PASSIVE_LEVEL;
};

class WaitLock final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::WaitLock;
    explicit WaitLock(DriverGlobals *globals) : Object(kType, globals) {
        KeInitializeEvent(&event_, SynchronizationEvent, TRUE);
    }
    NTSTATUS Acquire(PLONGLONG timeout) {
        LARGE_INTEGER due;
        PLARGE_INTEGER dueTime = nullptr;
        if (timeout != nullptr) {
            due.QuadPart = *timeout;
            dueTime = &due;
        }
        return KeWaitForSingleObject(&event_, Executive, KernelMode, FALSE, dueTime);
    }
    void Release() { KeSetEvent(&event_, IO_NO_INCREMENT, FALSE); }

private:
    KEVENT event_{};
};

template <class T>
NTSTATUS CreateLock(PWDF_OBJECT_ATTRIBUTES attributes, WDFOBJECT *out) {
    *out = nullptr;
    NTSTATUS status = ValidateObjectAttributes(attributes);
    if (!NT_SUCCESS(status)) return status;
    DriverGlobals *globals = CallerGlobals();
    Object *parent = ResolveParentOrDriver(attributes, globals);
    auto *lock = new T(globals);
    status = lock->Initialize(attributes);
    if (NT_SUCCESS(status)) status = lock->Commit(parent, out);
    if (!NT_SUCCESS(status)) lock->DeleteFromFailedCreate();
    return status;
}

}  // namespace

extern "C" {

NTSTATUS WdfSpinLockCreate(PWDF_OBJECT_ATTRIBUTES SpinLockAttributes, WDFSPINLOCK *SpinLockHandle) {
    KWMI_DDI_ENTRY(WdfSpinLockCreate);
    KWMI_WDF_REQUIRE_POINTER(SpinLockHandle, "WdfSpinLockCreate");
    return CreateLock<SpinLock>(SpinLockAttributes, SpinLockHandle);
}

VOID WdfSpinLockAcquire(WDFSPINLOCK SpinLockHandle) {
    KWMI_DDI_ENTRY(WdfSpinLockAcquire);
    Resolve<SpinLock>(SpinLockHandle)->Acquire();
}

VOID WdfSpinLockRelease(WDFSPINLOCK SpinLockHandle) {
    KWMI_DDI_ENTRY(WdfSpinLockRelease);
    Resolve<SpinLock>(SpinLockHandle)->Release();
}

NTSTATUS WdfWaitLockCreate(PWDF_OBJECT_ATTRIBUTES LockAttributes, WDFWAITLOCK *Lock) {
    KWMI_DDI_ENTRY(WdfWaitLockCreate);
    KWMI_WDF_REQUIRE_POINTER(Lock, "WdfWaitLockCreate");
    return CreateLock<WaitLock>(LockAttributes, Lock);
}

NTSTATUS WdfWaitLockAcquire(WDFWAITLOCK Lock, PLONGLONG Timeout) {
    // A zero timeout is a try-acquire, allowed up to DISPATCH_LEVEL; otherwise PASSIVE only.
    if (Timeout == nullptr || *Timeout != 0) KWMI_DDI_ENTRY(WdfWaitLockAcquire);
    return Resolve<WaitLock>(Lock)->Acquire(Timeout);
}

VOID WdfWaitLockRelease(WDFWAITLOCK Lock) {
    KWMI_DDI_ENTRY(WdfWaitLockRelease);
    Resolve<WaitLock>(Lock)->Release();
}

}  // extern "C"
