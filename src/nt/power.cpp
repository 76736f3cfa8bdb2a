// Power IRP helpers of the power manager (Windows 10 semantics: PoCallDriver is IoCallDriver,
// PoStartNextPowerIrp has nothing left to do).
#include "kernel_impl.hpp"

extern "C" {

VOID PoStartNextPowerIrp(PIRP Irp) { (void)Irp; }

NTSTATUS PoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return IofCallDriver(DeviceObject, Irp); }

POWER_STATE PoSetPowerState(PDEVICE_OBJECT DeviceObject, POWER_STATE_TYPE Type, POWER_STATE State) {
    auto& k = kwmi::nt::RequireKernel("PoSetPowerState");
    std::lock_guard lock(k.objectsMutex);
    POWER_STATE previous = State;
    if (kwmi::nt::DeviceRecord* record = k.FindDevice(DeviceObject)) {
        if (Type == DevicePowerState) {
            previous.DeviceState = record->devicePower;
            record->devicePower = State.DeviceState;
        } else {
            previous.SystemState = record->systemPower;
            record->systemPower = State.SystemState;
        }
    }
    return previous;
}

}  // extern "C"
