// Per-driver globals and the thread's "calling driver".
#include "wdf/globals.hpp"

#include <algorithm>
#include <cstring>

namespace kwmi::wdf {
namespace {

struct Registry {
    std::mutex mutex;
    std::vector<DriverGlobals *> all;  // creation order
};

Registry &GetRegistry() {
    static Registry registry;
    return registry;
}

}  // namespace

constinit thread_local DriverGlobals *detail::tCurrentGlobals = nullptr;
constinit thread_local const char *detail::tCurrentCallback = nullptr;

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
    if (detail::tCurrentGlobals == globals) detail::tCurrentGlobals = nullptr;
    delete globals;
}

DriverGlobals *CallerGlobals() noexcept {
    if (detail::tCurrentGlobals != nullptr) return detail::tCurrentGlobals;
    Registry &registry = GetRegistry();
    std::lock_guard lock(registry.mutex);
    return registry.all.empty() ? nullptr : registry.all.back();
}

}  // namespace kwmi::wdf

extern "C" PWDF_DRIVER_GLOBALS KwmiWdfCurrentDriverGlobals(VOID) {
    kwmi::wdf::DriverGlobals *globals = kwmi::wdf::CallerGlobals();
    return globals != nullptr ? &globals->Public : nullptr;
}
