// wmi_kernel_site.hpp - the WmiDeviceSite of a real WDFDEVICE: IoWMI* calls, IO work items,
// KEVENT waits and pool, on the simulated kernel.
#pragma once

#include "wmi_device_site.hpp"

namespace kwmi::wdf {
class Device;
}

namespace kwmi::wdf::wmi {

std::unique_ptr<WmiDeviceSite> MakeKernelDeviceSite(Device &device);

} // namespace kwmi::wdf::wmi
