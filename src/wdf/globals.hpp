// Per-driver framework globals. Every loaded driver image gets one; bug check 0x10D reports
// its address as parameter 4. C DDIs carry no globals argument, so the "caller" is the
// driver whose code is running on this thread (DriverCallScope), else the newest driver.
#pragma once

#include <wdf.h>

#include <atomic>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

namespace kwmi::wdf {

class Object;
class Driver;

struct DriverGlobals {
    WDF_DRIVER_GLOBALS Public{};  // first, so &globals == the driver-visible pointer
    Driver *driver = nullptr;
    std::string name;
    bool verifierOn = true;  // the KMDF verifier (FxVerifierOn)

    // Objects committed and not yet destroyed, for the unload leak report.
    std::mutex liveMutex;
    std::unordered_set<Object *> liveObjects;
};

// Creates/destroys globals for one driver image (the host does this around DriverEntry).
DriverGlobals *CreateDriverGlobals(const std::string &driverName);
void DestroyDriverGlobals(DriverGlobals *globals);

// The globals of the driver calling a DDI on this thread (may be null before any driver).
DriverGlobals *CallerGlobals() noexcept;

namespace detail {
// The driver and framework callback running on this thread (set by DriverCallScope around
// every driver callback, so read and written inline).
extern constinit thread_local DriverGlobals *tCurrentGlobals;
extern constinit thread_local const char *tCurrentCallback;
}  // namespace detail

// Marks the current thread as running `globals`' driver code for the scope's lifetime.
// `callback` names the framework callback being run ("EvtDriverDeviceAdd"); null keeps the
// enclosing one (DriverEntry and direct test calls run with none).
class DriverCallScope {
public:
    explicit DriverCallScope(DriverGlobals *globals, const char *callback = nullptr) noexcept
        : previous_(detail::tCurrentGlobals), previousCallback_(detail::tCurrentCallback) {
        if (globals != nullptr) detail::tCurrentGlobals = globals;
        if (callback != nullptr) detail::tCurrentCallback = callback;
    }
    ~DriverCallScope() {
        detail::tCurrentGlobals = previous_;
        detail::tCurrentCallback = previousCallback_;
    }
    DriverCallScope(const DriverCallScope &) = delete;
    DriverCallScope &operator=(const DriverCallScope &) = delete;

private:
    DriverGlobals *previous_;
    const char *previousCallback_;
};

// The framework callback running on this thread (null outside callbacks, e.g. DriverEntry).
inline const char *CurrentDriverCallback() noexcept { return detail::tCurrentCallback; }

}  // namespace kwmi::wdf
