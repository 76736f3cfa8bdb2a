// events.cpp - IoWMIWriteEvent, WNODE_EVENT_REFERENCE resolution, subscriptions and their
// bounded queues (spec §5). Events are copied and the driver's buffer freed on success;
// delivery happens on a system worker, in order per subscription. Nothing is dropped
// silently: a full queue or an over-limit event is counted in the subscription's stats.
#include "service_impl.hpp"

#include "nt_status_codes.hpp"
#include "wnode_replies.hpp"

#include <algorithm>

namespace kwmi::wmi {
namespace {

constexpr UCHAR kQuerySingleInstance = 0x01;

}  // namespace

NTSTATUS Service::WriteEvent(void* wnode) {
    if (!wnode) return status::kInvalidParameter;
    CheckDriverBufferRead("IoWMIWriteEvent", wnode, sizeof(WNODE_HEADER));
    WNODE_HEADER header;
    std::memcpy(&header, wnode, sizeof header);
    KIRQL irql = CurrentIrql();
    if (!(header.Flags & WNODE_FLAG_TRACED_GUID) && irql > impl_->settings.writeEventMaxIrql)
        BugCheckIrql("IoWMIWriteEvent", irql, impl_->settings.writeEventMaxIrql);
    if (header.BufferSize < sizeof(WNODE_HEADER)) return status::kInvalidParameter;
    if (!(header.Flags & (WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_EVENT_REFERENCE)))
        return status::kInvalidParameter;
    if (header.BufferSize > impl_->settings.maxEventSize) {
        impl_->CountOverLimit(header.Guid);
        return status::kBufferOverflow;  // the caller still owns the buffer
    }
    CheckDriverBufferRead("IoWMIWriteEvent", wnode, header.BufferSize);
    wire::Bytes copy(static_cast<const std::uint8_t*>(wnode),
                     static_cast<const std::uint8_t*>(wnode) + header.BufferSize);
    FreeEventPool(wnode);  // success: WMI owns and frees the driver's buffer
    if (header.Flags & WNODE_FLAG_TRACED_GUID) return status::kSuccess;  // logger only
    if (header.Flags & WNODE_FLAG_EVENT_REFERENCE) {
        std::lock_guard guard(impl_->mutex);
        impl_->QueueReferenceLocked(std::move(copy));
    } else {
        impl_->EnqueueEvent(header.Guid, copy);
    }
    impl_->ScheduleWork();
    return status::kSuccess;
}

// Spec §1.2/§5.3: references are fetched by severity (the top byte of Flags), the most severe
// first; those of equal severity in the order they were written (after their equals).
void Service::Impl::QueueReferenceLocked(wire::Bytes reference) {
    auto severity = [](const wire::Bytes& wnode) {
        return *wire::ReadU32(wnode, offsetof(WNODE_HEADER, Flags)) & WNODE_FLAG_SEVERITY_MASK;
    };
    const ULONG mine = severity(reference);
    auto at = std::upper_bound(pendingReferences.begin(), pendingReferences.end(), mine,
                               [&](ULONG value, const wire::Bytes& queued) { return value > severity(queued); });
    pendingReferences.insert(at, std::move(reference));
}

void Service::Impl::EnqueueEvent(const GUID& guid, const wire::Bytes& wnode) {
    std::lock_guard guard(mutex);
    for (auto& [id, subscription] : subscriptions) {
        if (!subscription.active || !GuidEqual()(subscription.guid, guid)) continue;
        if (subscription.queue.size() >= settings.eventQueueLimit) {
            ++subscription.stats.dropped;
            continue;
        }
        subscription.queue.push_back(wnode);
    }
}

void Service::Impl::CountOverLimit(const GUID& guid) {
    std::lock_guard guard(mutex);
    for (auto& [id, subscription] : subscriptions)
        if (GuidEqual()(subscription.guid, guid)) ++subscription.stats.overLimit;
}

void Service::Impl::DeliverQueued() {
    for (;;) {
        EventCallback callback;
        wire::Bytes wnode;
        std::uint64_t id = 0;
        {
            std::lock_guard guard(mutex);
            for (auto& [key, subscription] : subscriptions) {
                if (subscription.queue.empty()) continue;
                wnode = std::move(subscription.queue.front());
                subscription.queue.pop_front();
                callback = subscription.callback;
                id = key;
                break;
            }
        }
        if (!id) return;
        if (callback)
            callback(reinterpret_cast<const WNODE_HEADER*>(wnode.data()),
                     static_cast<std::uint32_t>(wnode.size()));
        std::lock_guard guard(mutex);
        auto it = subscriptions.find(id);
        if (it != subscriptions.end()) ++it->second.stats.delivered;
    }
}

// WNODE_EVENT_REFERENCE: query the referenced instance and deliver that as the event.
void Service::Impl::ResolveReference(const wire::Bytes& reference) {
    auto need = [&](bool ok, const char* what) {
        if (!ok) Note(std::string("event reference dropped: ") + what);
        return ok;
    };
    if (!need(reference.size() >= sizeof(WNODE_EVENT_REFERENCE), "shorter than 72 bytes")) return;
    WNODE_EVENT_REFERENCE header;
    std::memcpy(&header, reference.data(), sizeof header);
    GUID target = header.TargetGuid;
    ProviderPtr provider;
    BlockRecord block;
    {
        std::lock_guard guard(mutex);
        auto device = devicesById.find(header.WnodeHeader.ProviderId);
        auto found = device == devicesById.end() ? providers.end() : providers.find(device->second);
        if (found != providers.end()) {
            auto b = found->second->blocks.find(target);
            if (b != found->second->blocks.end()) {
                provider = found->second;
                block = b->second;
            }
        }
    }
    if (!need(provider != nullptr, "ProviderId/TargetGuid not registered")) return;

    InstanceRef ref;
    std::u16string name;
    if (header.WnodeHeader.Flags & WNODE_FLAG_STATIC_INSTANCE_NAMES) {
        ref.byIndex = true;
        ref.pdoNames = block.naming == NamingMode::Pdo;
        ref.index = header.TargetInstanceIndex;
    } else {
        auto text = wire::ReadCountedString(reference, offsetof(WNODE_EVENT_REFERENCE,
                                                                TargetInstanceName));
        if (!need(text.has_value(), "TargetInstanceName outside the WNODE")) return;
        name = *text;
        ref.byIndex = false;
        ref.name = name;
    }
    ULONG dataOffset = RequestDataOffset(sizeof(WNODE_SINGLE_INSTANCE), ref);
    std::uint64_t capacity = dataOffset + std::min<std::uint64_t>(header.TargetDataBlockSize,
                                                                  settings.maxReplyBufferSize);
    for (unsigned attempt = 0; attempt <= settings.maxResizeRetries; ++attempt) {
        wire::Bytes buffer = BuildSingleInstanceRequest(target, ref, {}, static_cast<ULONG>(capacity));
        auto sent = Send(provider, kQuerySingleInstance, &target, buffer);
        if (!sent) return;
        std::optional<ULONG> needed;
        if (sent->status == status::kBufferTooSmall) needed = 0;
        else if (NT_SUCCESS(sent->status)) needed = TooSmallSizeNeeded(buffer);
        if (needed) {
            std::uint64_t next = *needed > capacity ? *needed + 16 : capacity * 2;
            if (!need(next <= settings.maxReplyBufferSize, "referenced event too large")) return;
            capacity = next;
            continue;
        }
        if (!need(NT_SUCCESS(sent->status), "query of the referenced instance failed")) return;
        auto size = CheckSingleInstance(buffer, dataOffset);
        if (!need(std::holds_alternative<ULONG>(size), "malformed answer to the reference query"))
            return;
        buffer.resize(std::get<ULONG>(size));
        ULONG flags = *wire::ReadU32(buffer, offsetof(WNODE_HEADER, Flags));
        wire::WriteU32(buffer, offsetof(WNODE_HEADER, Flags), flags | WNODE_FLAG_EVENT_ITEM);
        wire::WriteU32(buffer, offsetof(WNODE_HEADER, ProviderId), header.WnodeHeader.ProviderId);
        EnqueueEvent(target, buffer);
        return;
    }
    Note("event reference dropped: provider kept answering \"too small\"");
}

NTSTATUS Service::Subscribe(const GUID& guid, const Identity& who, EventCallback callback,
                            std::uint64_t* subscription) {
    if (!subscription) return status::kInvalidParameter;
    {
        std::lock_guard guard(impl_->mutex);
        if (impl_->GrantedLocked(guid, who, WMIGUID_NOTIFICATION) != WMIGUID_NOTIFICATION)
            return status::kAccessDenied;
        std::uint64_t id = impl_->nextSubscription++;
        Subscription record;
        record.guid = guid;
        record.who = who;
        record.callback = std::move(callback);
        impl_->subscriptions.emplace(id, std::move(record));
        ++impl_->uses[guid].subscribers;
        *subscription = id;
    }
    impl_->SyncControlState(guid);  // first subscriber: ENABLE_EVENTS
    return status::kSuccess;
}

NTSTATUS Service::Unsubscribe(std::uint64_t subscription) {
    GUID guid;
    {
        std::lock_guard guard(impl_->mutex);
        auto it = impl_->subscriptions.find(subscription);
        if (it == impl_->subscriptions.end()) return status::kInvalidParameter;
        guid = it->second.guid;
        impl_->subscriptions.erase(it);
        --impl_->uses[guid].subscribers;
    }
    impl_->SyncControlState(guid);  // last one gone: DISABLE_EVENTS
    return status::kSuccess;
}

SubscriptionStats Service::Stats(std::uint64_t subscription) const {
    std::lock_guard guard(impl_->mutex);
    auto it = impl_->subscriptions.find(subscription);
    if (it == impl_->subscriptions.end()) return {};
    SubscriptionStats stats = it->second.stats;
    stats.queued = it->second.queue.size();
    return stats;
}

}  // namespace kwmi::wmi
