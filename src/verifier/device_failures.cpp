// The failed-device registry (see device_failures.hpp).
#include "verifier/device_failures.hpp"

#include <atomic>
#include <mutex>
#include <unordered_map>

namespace kwmi::verifier {
namespace {

struct Registry {
    std::mutex mutex;
    std::unordered_map<const void *, nt::BugCheckReport> failed;  // size() mirrored in gFailedDevices
};

Registry &GetRegistry() {
    static Registry *registry = new Registry();  // used from kernel threads until exit
    return *registry;
}

}  // namespace

constinit std::atomic<std::size_t> detail::gFailedDevices{0};

void MarkDeviceFailed(const void *device, const nt::BugCheckReport &report) {
    if (device == nullptr) return;
    Registry &registry = GetRegistry();
    std::lock_guard lock(registry.mutex);
    registry.failed.emplace(device, report);
    detail::gFailedDevices.store(registry.failed.size(), std::memory_order_release);
}

bool detail::IsListedAsFailed(const void *device) {
    Registry &registry = GetRegistry();
    std::lock_guard lock(registry.mutex);
    return registry.failed.count(device) != 0;
}

std::optional<nt::BugCheckReport> DeviceFailure(const void *device) {
    Registry &registry = GetRegistry();
    std::lock_guard lock(registry.mutex);
    auto it = registry.failed.find(device);
    if (it == registry.failed.end()) return std::nullopt;
    return it->second;
}

void ForgetDevice(const void *device) {
    Registry &registry = GetRegistry();
    std::lock_guard lock(registry.mutex);
    registry.failed.erase(device);
    detail::gFailedDevices.store(registry.failed.size(), std::memory_order_release);
}

}  // namespace kwmi::verifier
