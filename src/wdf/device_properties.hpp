// Device properties of simulated PDOs (what IoGetDeviceProperty would return), set by the
// host and read by WdfDeviceQueryProperty/WdfDeviceAllocAndQueryProperty.
#pragma once

#include <wdf.h>

#include <optional>
#include <string>

namespace kwmi::wdf {

// `value` is stored as given (REG_MULTI_SZ values carry their inner NULs); queries append
// one terminating NUL.
void SetDeviceProperty(PDEVICE_OBJECT pdo, DEVICE_REGISTRY_PROPERTY property, std::u16string value);
void ClearDeviceProperties(PDEVICE_OBJECT pdo);
std::optional<std::u16string> GetDeviceProperty(PDEVICE_OBJECT pdo, DEVICE_REGISTRY_PROPERTY property);

}  // namespace kwmi::wdf
