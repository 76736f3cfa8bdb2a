// notification_registry.hpp - maps WmiNotificationRegistrationW's (GUID, callback, context)
// registrations to service subscriptions so Enable=FALSE can find and cancel them.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <tuple>

#include <wmium.h>
#include <kwmi/wmi_service.hpp>

namespace kwmi::consumer {

class NotificationRegistry {
public:
    static NotificationRegistry& Instance();

    ULONG Register(wmi::Service& service, const GUID& guid, bool enable,
                   NOTIFICATIONCALLBACK callback, ULONG_PTR context);
    ULONG Stats(wmi::Service& service, const GUID& guid, NOTIFICATIONCALLBACK callback,
                ULONG_PTR context, wmi::SubscriptionStats* stats);

private:
    using Key = std::tuple<wmi::Service*, std::string, NOTIFICATIONCALLBACK, ULONG_PTR>;
    std::mutex mutex_;
    // -> subscription id; nullopt while the registration is still subscribing
    std::map<Key, std::optional<std::uint64_t>> subscriptions_;
};

}  // namespace kwmi::consumer
