// kwmi/consumer.hpp - the C++ WMI consumer used by tools and tests, built on the wmium.h C
// API (WmiOpenBlock, WmiQueryAllDataW, ...). Every call returns the Win32 error code the C API
// returned; a Consumer acts with its own identity (access control), independent of the
// thread's.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <wmium.h>
#include <kwmi/wmi_service.hpp>

namespace kwmi {

// Identity of wmium.h calls made on this thread (default: wmi::Identity::Administrator()).
void SetThreadConsumerIdentity(wmi::Identity who);
wmi::Identity ThreadConsumerIdentity();

// Sets the thread's consumer identity for a scope.
class ScopedConsumerIdentity {
public:
    explicit ScopedConsumerIdentity(wmi::Identity who);
    ~ScopedConsumerIdentity();
    ScopedConsumerIdentity(const ScopedConsumerIdentity&) = delete;
    ScopedConsumerIdentity& operator=(const ScopedConsumerIdentity&) = delete;

private:
    wmi::Identity previous_;
};

// One instance of a WNODE_ALL_DATA chain, as a consumer sees it.
struct InstanceView {
    std::u16string name;
    std::span<const std::uint8_t> data;
    std::size_t wnodeIndex = 0;  // which WNODE of the chain (one per provider)
};

// Walks a WmiQueryAllDataW result (Linkage chain) with bounds checks; returns false when the
// bytes are not a well-formed chain.
bool ParseAllDataChain(std::span<const std::uint8_t> chain, std::vector<InstanceView>& out);

struct Reply {
    ULONG error = ERROR_SUCCESS;
    std::vector<std::uint8_t> bytes;
    explicit operator bool() const { return error == ERROR_SUCCESS; }
};

class Consumer {
public:
    explicit Consumer(wmi::Identity who = wmi::Identity::Administrator());
    ~Consumer();
    Consumer(const Consumer&) = delete;
    Consumer& operator=(const Consumer&) = delete;

    const wmi::Identity& Who() const { return who_; }

    // Each call opens the block with the rights it needs, runs the request, closes.
    Reply QueryAllData(const GUID& guid);
    Reply QuerySingleInstance(const GUID& guid, std::u16string_view instance);
    ULONG SetSingleInstance(const GUID& guid, std::u16string_view instance,
                            std::span<const std::uint8_t> value);
    ULONG SetSingleItem(const GUID& guid, std::u16string_view instance, ULONG itemId,
                        std::span<const std::uint8_t> value);
    // Raw method output; on ERROR_INSUFFICIENT_BUFFER `bytes` is empty and `needed` is set.
    Reply ExecuteMethod(const GUID& guid, std::u16string_view instance, ULONG methodId,
                        std::span<const std::uint8_t> input, ULONG outputCapacity = 4096,
                        ULONG* needed = nullptr);
    ULONG QueryGuidInformation(const GUID& guid, WMIGUIDINFORMATION* info);
    ULONG MofResources(std::vector<wmi::MofResource>& out);
    // The bytes of a MOF resource MofResources listed: what a consumer on Windows reads from
    // the image (LoadLibraryEx + FindResource of type MOFDATA). Errors: ERROR_FILE_NOT_FOUND
    // (no provider registered it), ERROR_ACCESS_DENIED (no READ_DESCRIPTION right),
    // ERROR_RESOURCE_DATA/TYPE/NAME_NOT_FOUND (1812/1813/1814: the image does not hold it).
    Reply MofResourceData(const wmi::MofResource& resource);

    // Event subscription (NOTIFICATION_CALLBACK_DIRECT); unregisters when destroyed.
    class Subscription {
    public:
        Subscription() = default;
        ~Subscription();
        Subscription(Subscription&&) noexcept;
        Subscription& operator=(Subscription&&) noexcept;
        ULONG Error() const { return error_; }
        bool Active() const { return state_ != nullptr; }
        // Delivered / dropped / over-limit counters of this subscription.
        wmi::SubscriptionStats Stats() const;
        ULONG Cancel();

    private:
        friend class Consumer;
        struct State;
        std::unique_ptr<State> state_;
        ULONG error_ = ERROR_SUCCESS;
    };
    using EventHandler = std::function<void(std::span<const std::uint8_t> wnode)>;
    Subscription Subscribe(const GUID& guid, EventHandler handler);

private:
    wmi::Identity who_;
};

}  // namespace kwmi
