// kmdf_test_driver.hpp - a correct KMDF driver for the request fuzzer: one device whose
// WMI providers cover every WDF_WMI_PROVIDER_FLAGS combination (EventOnly, Expensive,
// Tracing; invalid combinations are attempted too and fail creation) with and without
// MinInstanceBufferSize, each with instances with and without each callback and with
// UseContextForQuery. The callbacks follow the documented contract exactly, so any bug
// check or out-of-bounds access while fuzzing it is the framework's or the service's.
#pragma once

#include <ntddk.h>

#include <cstdint>
#include <vector>

namespace kwmi::fuzz {

// DriverEntry of the linked test driver (kwmi::host::Host::AddLinkedDriver).
std::int32_t KmdfTestDriverEntry(_DRIVER_OBJECT* driverObject, _UNICODE_STRING* registryPath);

// The GUID of every provider the driver tries to create (also those that fail).
std::vector<GUID> KmdfTestGuids();

// Restores every instance's data to its initial bytes (cheap per-input reset).
void KmdfTestResetData();

}  // namespace kwmi::fuzz
