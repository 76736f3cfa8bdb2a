// Per-driver globals and the thread's "calling driver".
#include "wdf/globals.hpp"

#include <algorithm>
#include <cstring>

namespace kwmi::wdf {
namespace {

thread_local DriverGlobals *tCurrent = nullptr;
thread_local const char *tCallback = nullptr;

struct Registry {
    std::mutex mutex;
    std::vector<DriverGlobals *> all;  // creation order
};

Registry &GetRegistry() {
    static Registry registry;
    return registry;
}

}  // namespace

DriverGlobals *CreateDriverGlobals(const std::string &driverName) {
    auto *globals = new DriverGlobals();
    globals->name = driverName;
    std::strncpy(globals->Public.DriverName, driverName.c_str(), WDF_DRIVER_GLOBALS_NAME_LEN - 1);
    Registry &registry = GetRegistry();
    std::lock_guard lock(registry.mutex);
    registry.all.push_back(globals);
    return globals;
}

void DestroyDriverGlobals(DriverGlobals *globals) {
    if (globals == nullptr) return;
    {
        Registry &registry = GetRegistry();
        std::lock_guard lock(registry.mutex);
        registry.all.erase(std::remove(registry.all.begin(), registry.all.end(), globals), registry.all.end());
    }
    if (tCurrent == globals) tCurrent = nullptr;
    delete globals;
}

DriverGlobals *CallerGlobals() noexcept {
    if (tCurrent != nullptr) return tCurrent;
    Registry &registry = GetRegistry();
    std::lock_guard lock(registry.mutex);
    return registry.all.empty() ? nullptr : registry.all.back();
}

DriverCallScope::DriverCallScope(DriverGlobals *globals, const char *callback) noexcept
    : previous_(tCurrent), previousCallback_(tCallback) {
    if (globals != nullptr) tCurrent = globals;
    if (callback != nullptr) tCallback = callback;
}

DriverCallScope::~DriverCallScope() {
    tCurrent = previous_;
    tCallback = previousCallback_;
}

const char *CurrentDriverCallback() noexcept { return tCallback; }

}  // namespace kwmi::wdf

extern "C" PWDF_DRIVER_GLOBALS KwmiWdfCurrentDriverGlobals(VOID) {
    kwmi::wdf::DriverGlobals *globals = kwmi::wdf::CallerGlobals();
    return globals != nullptr ? &globals->Public : nullptr;
}
