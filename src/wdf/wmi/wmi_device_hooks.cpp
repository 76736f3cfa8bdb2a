// wmi_device_hooks.cpp - per-device WMI hooks: IRP_MJ_SYSTEM_CONTROL entry (spec §5.1-§5.2),
// the PnP hook points (§4.2) and the framework power-policy instances (§3.6).
#include "wmi_device_hooks.hpp"

#include "wmi_kernel_site.hpp"

#include <wdm.h>

#undef min
#undef max

namespace kwmi::wdf::wmi {
namespace {

std::unique_ptr<DeviceWmiHooks> MakeHooks(Device &device) { return std::make_unique<KmdfWmiHooks>(device); }

// Every WDFDEVICE created once this library is loaded gets KMDF's WMI handler.
const DeviceWmiHooksRegistrar registrar{&MakeHooks};

size_t BlockSlot(PowerPolicyWmiBlock block) { return block == PowerPolicyWmiBlock::IdleEnable ? 0 : 1; }

} // namespace

KmdfWmiHooks::KmdfWmiHooks(Device &device)
    : device_(device), handler_(std::make_shared<WmiHandler>(MakeKernelDeviceSite(device)))
{
}

KmdfWmiHooks::~KmdfWmiHooks() = default;

KmdfWmiHooks *KmdfWmiHooks::From(Device &device) { return dynamic_cast<KmdfWmiHooks *>(device.WmiHooks()); }

NTSTATUS KmdfWmiHooks::DispatchSystemControl(PIRP irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    const WmiRequestResult result =
        handler_->HandleRequest(stack->MinorFunction, stack->Parameters.WMI.ProviderId, stack->Parameters.WMI.DataPath,
                                stack->Parameters.WMI.BufferSize, stack->Parameters.WMI.Buffer);
    if (!result.handled) {
        return device_.ForwardOrCompleteUnhandledIrp(irp);
    }
    irp->IoStatus.Status = result.status;
    if (result.setInformation) {
        irp->IoStatus.Information = result.information;
    }
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return result.status;
}

NTSTATUS KmdfWmiHooks::Register() { return handler_->Register(); }

void KmdfWmiHooks::Deregister() { handler_->Deregister(); }

void KmdfWmiHooks::Cleanup() { handler_->Cleanup(); }

void KmdfWmiHooks::ResetForRestart() { handler_->ResetForRestart(); }

void KmdfWmiHooks::OnDeviceDispose()
{
    if (device_.IsControlDevice()) {
        handler_->Deregister(); // second call after the explicit delete is a no-op
    }
}

bool KmdfWmiHooks::FrameworkPowerInstanceCreated(const GUID &guid) const
{
    std::lock_guard<std::mutex> guard(powerMutex_);
    if (GuidEquals(guid, kGuidPowerDeviceEnable)) {
        return powerInstances_[0] != nullptr;
    }
    if (GuidEquals(guid, kGuidPowerDeviceWakeEnable)) {
        return powerInstances_[1] != nullptr;
    }
    return false;
}

NTSTATUS KmdfWmiHooks::OnPowerPolicyUserControl(PowerPolicyWmiBlock block, bool allowUserControl)
{
    std::lock_guard<std::mutex> guard(powerMutex_);
    std::shared_ptr<WmiInstance> &slot = powerInstances_[BlockSlot(block)];
    if (!allowUserControl) {
        if (slot) {
            handler_->RemoveInstance(*slot); // the provider and instance objects remain
        }
        return kStatusSuccess;
    }
    if (slot) {
        (void)handler_->AddInstance(slot, false, true); // later adds: at the tail, errors ignored
        return kStatusSuccess;
    }
    const GUID &guid = PowerPolicyGuid(block);
    std::shared_ptr<WmiProvider> provider = handler_->FindProvider(guid);
    if (!provider) {
        WDF_WMI_PROVIDER_CONFIG config;
        WDF_WMI_PROVIDER_CONFIG_INIT(&config, &guid);
        config.MinInstanceBufferSize = sizeof(BOOLEAN);
        provider = std::make_shared<WmiProvider>(*handler_, config);
        WmiUpdateTicket ticket;
        const NTSTATUS status = handler_->AddProvider(provider, ticket);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        handler_->FinishUpdate(ticket);
    } else if (handler_->InstanceCount(*provider) != 0) {
        return kStatusWmiGuidDisconnected;
    }
    auto instance = std::make_shared<PowerPolicyInstance>(provider, device_, block);
    slot = instance;
    return handler_->AddInstance(instance, true);
}

} // namespace kwmi::wdf::wmi
