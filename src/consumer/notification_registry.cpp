// notification_registry.cpp - WmiNotificationRegistrationW bookkeeping.
#include "notification_registry.hpp"

#include <cstring>

#include <kwmi/consumer.hpp>

namespace kwmi::consumer {
namespace {

std::string GuidKey(const GUID& guid) {
    return std::string(reinterpret_cast<const char*>(&guid), sizeof guid);
}

}  // namespace

NotificationRegistry& NotificationRegistry::Instance() {
    static NotificationRegistry registry;
    return registry;
}

ULONG NotificationRegistry::Register(wmi::Service& service, const GUID& guid, bool enable,
                                     NOTIFICATIONCALLBACK callback, ULONG_PTR context) {
    if (!callback) return ERROR_INVALID_PARAMETER;
    Key key{&service, GuidKey(guid), callback, context};
    std::unique_lock lock(mutex_);
    auto it = subscriptions_.find(key);
    if (!enable) {
        // A registration still subscribing is not enabled yet.
        if (it == subscriptions_.end() || !it->second) return ERROR_WMI_ALREADY_DISABLED;
        const std::uint64_t id = *it->second;
        subscriptions_.erase(it);
        lock.unlock();
        return wmi::NtStatusToWin32(service.Unsubscribe(id));
    }
    if (it != subscriptions_.end()) return ERROR_WMI_ALREADY_ENABLED;
    // The key is claimed before the lock is dropped (Subscribe calls the driver, whose event
    // may reach a callback that registers again): a second registration of the same
    // (GUID, callback, context) racing this one gets ALREADY_ENABLED, never a second
    // subscription that no unregistration would end.
    it = subscriptions_.emplace(key, std::nullopt).first;
    lock.unlock();
    std::uint64_t id = 0;
    NTSTATUS status = service.Subscribe(
        guid, ThreadConsumerIdentity(),
        [callback, context](const WNODE_HEADER* wnode, std::uint32_t) {
            callback(const_cast<PWNODE_HEADER>(wnode), context);
        },
        &id);
    lock.lock();
    if (!NT_SUCCESS(status)) {
        subscriptions_.erase(it);
        return wmi::NtStatusToWin32(status);
    }
    it->second = id;
    return ERROR_SUCCESS;
}

ULONG NotificationRegistry::Stats(wmi::Service& service, const GUID& guid,
                                  NOTIFICATIONCALLBACK callback, ULONG_PTR context,
                                  wmi::SubscriptionStats* stats) {
    std::lock_guard lock(mutex_);
    auto it = subscriptions_.find(Key{&service, GuidKey(guid), callback, context});
    if (it == subscriptions_.end() || !it->second) return ERROR_WMI_ALREADY_DISABLED;
    *stats = service.Stats(*it->second);
    return ERROR_SUCCESS;
}

}  // namespace kwmi::consumer
