// The simulated PnP/power sequence of a WDFDEVICE, in KMDF's callback order, with the WMI
// hook points of kmdf-wmi-semantics.md §4.2. Driven by the host at PASSIVE_LEVEL.
#include "wdf/device.hpp"

#include "wdf/child_list.hpp"

#include "wdf/driver_callback.hpp"
#include "wdf/globals.hpp"

namespace kwmi::wdf {

NTSTATUS Device::Start() {
    if (kind_ == DeviceKind::Control) return STATUS_INVALID_DEVICE_REQUEST;
    const DevicePnpState state = pnpState_.load();
    if (state != DevicePnpState::Added) return STATUS_INVALID_DEVICE_STATE;
    DriverCallScope scope(Globals());
    NTSTATUS status = STATUS_SUCCESS;
    if (retained_ && hooks_ != nullptr) {
        Log("WmiResetForRestart");
        hooks_->ResetForRestart();
    }
    if (pnpCallbacks_.EvtDevicePrepareHardware != nullptr) {
        Log("EvtDevicePrepareHardware");
        status = KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDevicePrepareHardware, resourcesRaw_, resourcesTranslated_);
    }
    hardwarePrepared_ = true;  // KMDF releases hardware even when prepare failed
    if (NT_SUCCESS(status) && pnpCallbacks_.EvtDeviceD0Entry != nullptr) {
        Log("EvtDeviceD0Entry");
        status = KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceD0Entry, WdfPowerDeviceD3Final);
    }
    if (NT_SUCCESS(status)) {
        inD0_ = true;
        if (pnpCallbacks_.EvtDeviceD0EntryPostInterruptsEnabled != nullptr) {
            Log("EvtDeviceD0EntryPostInterruptsEnabled");
            status = KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceD0EntryPostInterruptsEnabled, WdfPowerDeviceD3Final);
        }
    }
    if (NT_SUCCESS(status) && childList_ != nullptr) childList_->ScanForChildren();  // entered D0
    if (NT_SUCCESS(status)) {
        selfManagedIoInited_ = true;
        if (pnpCallbacks_.EvtDeviceSelfManagedIoInit != nullptr) {
            Log("EvtDeviceSelfManagedIoInit");
            status = KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceSelfManagedIoInit);
        }
    }
    if (NT_SUCCESS(status) && hooks_ != nullptr) {
        Log("WmiRegister");
        status = hooks_->Register();
    }
    if (NT_SUCCESS(status)) {
        pnpState_.store(DevicePnpState::Started);
        SetDeviceInterfacesEnabled(true);
        StartIdleMachinery();
        return STATUS_SUCCESS;
    }
    // Start failure: power down what was brought up, then the cleanup-for-remove step.
    pnpState_.store(DevicePnpState::StartFailed);
    PowerDownAndRelease();
    if (hooks_ != nullptr) {
        Log("WmiDeregister");
        hooks_->Deregister();
    }
    return status;
}

void Device::PowerDownAndRelease() {
    SetDeviceInterfacesEnabled(false);
    // No idle transition runs after this; a device idling in Dx already ran its D0Exit.
    StopIdleMachinery();
    if (selfManagedIoInited_ && inD0_ && pnpCallbacks_.EvtDeviceSelfManagedIoSuspend != nullptr) {
        Log("EvtDeviceSelfManagedIoSuspend");
        (void)KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceSelfManagedIoSuspend);
    }
    if (inD0_) {
        if (pnpCallbacks_.EvtDeviceD0ExitPreInterruptsDisabled != nullptr) {
            Log("EvtDeviceD0ExitPreInterruptsDisabled");
            (void)KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceD0ExitPreInterruptsDisabled, WdfPowerDeviceD3Final);
        }
        if (pnpCallbacks_.EvtDeviceD0Exit != nullptr) {
            Log("EvtDeviceD0Exit");
            (void)KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceD0Exit, WdfPowerDeviceD3Final);
        }
        inD0_ = false;
    }
    {
        std::lock_guard lock(powerMutex_);
        powerState_ = WdfPowerDeviceD3Final;
    }
    if (hardwarePrepared_) {
        if (pnpCallbacks_.EvtDeviceReleaseHardware != nullptr) {
            Log("EvtDeviceReleaseHardware");
            (void)KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceReleaseHardware, resourcesTranslated_);
        }
        hardwarePrepared_ = false;
    }
}

void Device::SurpriseRemove() {
    const DevicePnpState state = pnpState_.load();
    if (kind_ == DeviceKind::Control || state == DevicePnpState::SurpriseRemoved ||
        state == DevicePnpState::Removed) {
        return;
    }
    for (Device *child : AllChildren()) {
        child->MarkMissing();
        child->SurpriseRemove();
        child->Release();
    }
    DriverCallScope scope(Globals());
    if (pnpCallbacks_.EvtDeviceSurpriseRemoval != nullptr) {
        Log("EvtDeviceSurpriseRemoval");
        KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceSurpriseRemoval);
    }
    PowerDownAndRelease();
    if (hooks_ != nullptr) {
        Log("WmiDeregister");
        hooks_->Deregister();
    }
    if (selfManagedIoInited_ && !selfManagedIoFlushed_) {
        selfManagedIoFlushed_ = true;
        if (pnpCallbacks_.EvtDeviceSelfManagedIoFlush != nullptr) {
            Log("EvtDeviceSelfManagedIoFlush");
            KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceSelfManagedIoFlush);
        }
    }
    pnpState_.store(DevicePnpState::SurpriseRemoved);
}

NTSTATUS Device::Remove() {
    if (kind_ == DeviceKind::Control) return STATUS_INVALID_DEVICE_REQUEST;
    const DevicePnpState state = pnpState_.load();
    if (state == DevicePnpState::Removed) return STATUS_SUCCESS;
    DriverCallScope scope(Globals());
    const bool keepPdo = kind_ == DeviceKind::Pdo && !IsMissing() && parentDevice_ != nullptr &&
                         parentDevice_->PnpState() != DevicePnpState::Removed;
    if (!keepPdo) {
        // PnP removes a bus's children before the bus itself; they are gone with it.
        for (Device *child : AllChildren()) {
            child->MarkMissing();
            (void)child->Remove();
            child->Release();
        }
    }
    if (state == DevicePnpState::Started) {
        if (pnpCallbacks_.EvtDeviceQueryRemove != nullptr) {
            Log("EvtDeviceQueryRemove");
            NTSTATUS status = KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceQueryRemove);
            if (!NT_SUCCESS(status)) return status;  // vetoed; the device stays started
        }
        PowerDownAndRelease();
        if (hooks_ != nullptr) {
            Log("WmiDeregister");
            hooks_->Deregister();
        }
    }
    if (keepPdo) {
        // Removed but not reported missing: the PDO, its providers and instances stay.
        if (selfManagedIoInited_ && !selfManagedIoFlushed_ && pnpCallbacks_.EvtDeviceSelfManagedIoFlush != nullptr) {
            Log("EvtDeviceSelfManagedIoFlush");
            KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceSelfManagedIoFlush);
        }
        selfManagedIoInited_ = false;
        selfManagedIoFlushed_ = false;
        retained_ = true;
        Log("Retained");
        pnpState_.store(DevicePnpState::Added);
        return STATUS_SUCCESS;
    }
    FinalRemove();
    return STATUS_SUCCESS;
}

void Device::FinalRemove() {
    if (selfManagedIoInited_) {
        if (!selfManagedIoFlushed_) {
            selfManagedIoFlushed_ = true;
            if (pnpCallbacks_.EvtDeviceSelfManagedIoFlush != nullptr) {
                Log("EvtDeviceSelfManagedIoFlush");
                KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceSelfManagedIoFlush);
            }
        }
        if (pnpCallbacks_.EvtDeviceSelfManagedIoCleanup != nullptr) {
            Log("EvtDeviceSelfManagedIoCleanup");
            KWMI_DEVICE_CALLBACK(pnpCallbacks_, EvtDeviceSelfManagedIoCleanup);
        }
    }
    if (hooks_ != nullptr) {
        Log("WmiCleanup");
        hooks_->Cleanup();
    }
    pnpState_.store(DevicePnpState::Removed);
    Log("Dispose");
    AddRef();  // the parent's list may hold the last reference
    Delete(false);
    if (kind_ == DeviceKind::Pdo && parentDevice_ != nullptr) parentDevice_->ChildRemoved(this);
    Release();
}

}  // namespace kwmi::wdf
