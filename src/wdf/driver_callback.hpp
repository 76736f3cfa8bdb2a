// Calls one framework -> driver callback (EvtDevice*, EvtIo*, EvtCleanupCallback, ...) under
// the verifier: the callback is named for the DriverCreate rule (DriverCallScope), and its
// IRQL and WDFSPINLOCK record are checked on return (CallbackIrqlMismatch, ...). A bug check
// propagates to the caller's boundary (the host, a DPC or a work item) after the device is
// marked failed, as the PnP/power/I/O paths have no request to fail on their own.
#pragma once

#include "wdf/callback_site.hpp"
#include "wdf/globals.hpp"

#include <type_traits>

namespace kwmi::wdf {

template <class Fn, class... Args>
auto CallDriverCallback(const char *name, const Object *owner, DriverGlobals *globals, Fn function, Args... args) {
    DriverCallScope scope(globals, name);
    const verifier::CallbackSite site = MakeCallbackSite(name, function, owner);
    using Result = std::invoke_result_t<Fn, Args...>;
    if constexpr (std::is_void_v<Result>) {
        (void)verifier::RunDriverCallback(site, verifier::Boundary::Propagate, [&] { function(args...); });
    } else {
        Result result{};
        (void)verifier::RunDriverCallback(site, verifier::Boundary::Propagate, [&] { result = function(args...); });
        return result;
    }
}

}  // namespace kwmi::wdf

// Inside a Device member: calls `table.name(Handle(), args...)` as the callback "name".
#define KWMI_DEVICE_CALLBACK(table, name, ...) \
    ::kwmi::wdf::CallDriverCallback(#name, this, Globals(), table.name, Handle() __VA_OPT__(, ) __VA_ARGS__)
