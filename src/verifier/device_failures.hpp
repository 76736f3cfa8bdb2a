// Devices a driver bug check has failed. A framework callback boundary (callback_rules.hpp)
// that catches a bug check marks the callback's device here; the framework then stops calling
// that device's driver callbacks and the host reports the device as Failed. Keyed by the
// WDFDEVICE handle: handles carry a generation, so a later device never inherits a failure.
#pragma once

#include <kwmi/bugcheck.hpp>

#include <atomic>
#include <cstddef>
#include <optional>
#include <string>

namespace kwmi::verifier {

// Records the first bug check of `device` (later ones are ignored: the device is already failed).
void MarkDeviceFailed(const void *device, const nt::BugCheckReport &report);

namespace detail {
// How many devices are failed: checked inline before every driver callback, which almost
// always finds none and skips the lookup.
extern constinit std::atomic<std::size_t> gFailedDevices;
bool IsListedAsFailed(const void *device);
}  // namespace detail

inline bool IsDeviceFailed(const void *device) {
    return device != nullptr && detail::gFailedDevices.load(std::memory_order_acquire) != 0 &&
           detail::IsListedAsFailed(device);
}
// The report of the bug check that failed the device, if any.
std::optional<nt::BugCheckReport> DeviceFailure(const void *device);
// Forgets the device (its removal finished).
void ForgetDevice(const void *device);

}  // namespace kwmi::verifier
