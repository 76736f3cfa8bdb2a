// Driver-level rules: DriverCreate (WdfDriverCreate belongs in DriverEntry) and UnloadLeaks
// (a driver unloading with WDF objects or pool allocations left).
#pragma once

#include <cstddef>
#include <string>

namespace kwmi::verifier {

// WdfDriverCreate was called while the framework was running the driver's `callback`
// (e.g. "EvtDriverDeviceAdd") instead of from DriverEntry -> 0xC4, P1 =
// Settings::driverCreateRuleId [unconfirmed], P2 = rule description, P3 = the DRIVER_OBJECT,
// P4 = 0. Does not return when the rule is on.
void CheckDriverCreateContext(const char *callback, const void *driverObject, const void *callSite);

// WdfDriverCreate called a second time for the same DRIVER_OBJECT: the DDI returns
// STATUS_DRIVER_INTERNAL_ERROR (documented); recorded as a DriverCreate diagnostic.
void NoteDriverCreateTwice(const void *driverObject, const void *callSite);

// What the host found at unload. `text` is the readable leak report (tags, sites).
struct UnloadLeaks {
    std::string driverName;
    std::size_t objects = 0;
    std::size_t poolAllocations = 0;
    std::string text;
};

// Applies Settings::unloadLeaks to a leak report: nothing when it is empty; else a
// "UnloadLeaks" diagnostic, or bug check 0xC4 with P1 = 0x62 (Driver Verifier's "driver
// unloading without freeing its pool"), P2 = the driver's name (char*), P3 = the report text
// (char*), P4 = the number of allocations left (pool allocations + WDF objects).
void CheckUnloadLeaks(const UnloadLeaks &leaks);

}  // namespace kwmi::verifier
