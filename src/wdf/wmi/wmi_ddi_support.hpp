// wmi_ddi_support.hpp - helpers shared by the WMI DDI files: the device's WMI hooks, the
// power-policy GUID guard and provider creation (spec §2.2 steps 3-14).
#pragma once

#include "wmi_device_hooks.hpp"
#include "wmi_objects.hpp"

#undef min
#undef max

namespace kwmi::wdf::wmi {

KmdfWmiHooks &HooksOf(Device &device);
// §2.2 step 3 (a control device is a simulated crash).
NTSTATUS PowerPolicyGuidGuard(Device &device, const GUID &guid);
// §2.2 steps 4-14: validates, creates, lists and commits a provider parented to the device.
NTSTATUS CreateProviderObject(Device &device, const WDF_WMI_PROVIDER_CONFIG *config,
                              const WDF_OBJECT_ATTRIBUTES *attributes, WmiProviderObject **out);

} // namespace kwmi::wdf::wmi
