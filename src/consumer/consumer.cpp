// consumer.cpp - kwmi::Consumer over the wmium.h C API, thread identities, chain parsing.
#include <kwmi/consumer.hpp>

#include <cstring>
#include <map>
#include <mutex>
#include <optional>

namespace kwmi {
namespace {

thread_local std::optional<wmi::Identity> tIdentity;

std::u16string Terminated(std::u16string_view text) { return std::u16string(text); }

LPCWSTR AsWide(const std::u16string& text) { return reinterpret_cast<LPCWSTR>(text.c_str()); }

// Opens `guid` with `access` as `who`, runs fn(handle), closes.
template <class F>
ULONG WithBlock(const wmi::Identity& who, const GUID& guid, ULONG access, F&& fn) {
    ScopedConsumerIdentity as(who);
    GUID copy = guid;
    WMIHANDLE handle = nullptr;
    ULONG error = WmiOpenBlock(&copy, access, &handle);
    if (error != ERROR_SUCCESS) return error;
    error = fn(handle);
    WmiCloseBlock(handle);
    return error;
}

// Size of the last answer per (consumer, GUID, request kind). A consumer asking again offers
// a buffer of that size at once instead of probing with none first: one request to the
// providers instead of two. The hint lives as long as its Consumer; correctness never depends
// on it (a too-small buffer still gets ERROR_INSUFFICIENT_BUFFER and the size).
enum class HintKind { AllData, SingleInstance };
struct HintKey {
    const Consumer* consumer;
    GUID guid;
    HintKind kind;
    bool operator<(const HintKey& other) const {
        if (consumer != other.consumer) return consumer < other.consumer;
        if (kind != other.kind) return kind < other.kind;
        return std::memcmp(&guid, &other.guid, sizeof guid) < 0;
    }
};
std::mutex gHintsMutex;
std::map<HintKey, ULONG> gHints;

ULONG SizeHint(const HintKey& key) {
    std::lock_guard guard(gHintsMutex);
    auto it = gHints.find(key);
    return it == gHints.end() ? 0 : it->second;
}

void RememberSize(const HintKey& key, ULONG size) {
    std::lock_guard guard(gHintsMutex);
    gHints[key] = size;
}

void ForgetHints(const Consumer* consumer) {
    std::lock_guard guard(gHintsMutex);
    auto first = gHints.lower_bound(HintKey{consumer, GUID{}, HintKind::AllData});
    auto last = first;
    while (last != gHints.end() && last->first.consumer == consumer) ++last;
    gHints.erase(first, last);
}

ULONG SizedQuery(std::vector<std::uint8_t>& bytes, const HintKey& key,
                 const std::function<ULONG(PULONG, PVOID)>& query) {
    ULONG size = SizeHint(key);
    if (size != 0) bytes.resize(size);
    ULONG error = query(&size, size != 0 ? bytes.data() : nullptr);
    // Providers may change between calls: loop while the answer grows (bounded).
    for (int attempt = 0; attempt < 8 && error == ERROR_INSUFFICIENT_BUFFER; ++attempt) {
        bytes.assign(size, 0);
        error = query(&size, bytes.data());
    }
    if (error == ERROR_SUCCESS) {
        bytes.resize(size);
        RememberSize(key, size);
    } else {
        bytes.clear();
    }
    return error;
}

}  // namespace

void SetThreadConsumerIdentity(wmi::Identity who) { tIdentity = std::move(who); }

wmi::Identity ThreadConsumerIdentity() {
    return tIdentity ? *tIdentity : wmi::Identity::Administrator();
}

ScopedConsumerIdentity::ScopedConsumerIdentity(wmi::Identity who)
    : previous_(ThreadConsumerIdentity()) {
    SetThreadConsumerIdentity(std::move(who));
}

ScopedConsumerIdentity::~ScopedConsumerIdentity() { SetThreadConsumerIdentity(previous_); }

bool ParseAllDataChain(std::span<const std::uint8_t> chain, std::vector<InstanceView>& out) {
    auto u32 = [&](std::size_t at, ULONG& value) {
        if (at > chain.size() || chain.size() - at < 4) return false;
        std::memcpy(&value, chain.data() + at, 4);
        return true;
    };
    std::size_t start = 0;
    for (std::size_t index = 0;; ++index) {
        ULONG size, linkage, flags, count, dataOffset, namesAt, fixed;
        if (!u32(start, size) || size < sizeof(WNODE_ALL_DATA) || size > chain.size() - start ||
            !u32(start + 12, linkage) || !u32(start + 44, flags) || !u32(start + 48, dataOffset) ||
            !u32(start + 52, count) || !u32(start + 56, namesAt) || !u32(start + 60, fixed))
            return false;
        auto wnode = chain.subspan(start, size);
        if (count > size) return false;  // more instances than bytes: not a real WNODE
        for (ULONG i = 0; i < count; ++i) {
            InstanceView view;
            view.wnodeIndex = index;
            ULONG offset, length;
            if (flags & WNODE_FLAG_FIXED_INSTANCE_SIZE) {
                offset = dataOffset + i * ((fixed + 7) & ~7u);
                length = fixed;
            } else if (!u32(start + 64 - 4 + 8ull * i, offset) ||
                       !u32(start + 64 + 8ull * i, length)) {
                return false;
            }
            if (offset > size || length > size - offset) return false;
            view.data = wnode.subspan(offset, length);
            ULONG nameOffset;
            if (namesAt && namesAt + 4ull * i + 4 <= size &&
                u32(start + namesAt + 4ull * i, nameOffset)) {
                USHORT bytes;
                if (nameOffset + 2ull > size) return false;
                std::memcpy(&bytes, wnode.data() + nameOffset, 2);
                if (nameOffset + 2ull + bytes > size) return false;
                view.name.resize(bytes / 2);
                std::memcpy(view.name.data(), wnode.data() + nameOffset + 2, bytes / 2 * 2);
                while (!view.name.empty() && view.name.back() == 0) view.name.pop_back();
            }
            out.push_back(std::move(view));
        }
        if (!linkage) return true;
        if (linkage < size) return false;
        start += linkage;
    }
}

Consumer::Consumer(wmi::Identity who) : who_(std::move(who)) {}
Consumer::~Consumer() { ForgetHints(this); }

Reply Consumer::QueryAllData(const GUID& guid) {
    Reply reply;
    const HintKey key{this, guid, HintKind::AllData};
    reply.error = WithBlock(who_, guid, WMIGUID_QUERY, [&](WMIHANDLE h) {
        if (SizeHint(key) != 0) {
            // Asked before: take the service's chain as is, one request and no copy (what
            // WmiQueryAllDataW does, minus copying into a caller's buffer).
            wmi::Service* service = wmi::Service::Current();
            if (!service) return static_cast<ULONG>(ERROR_WMI_SERVER_UNAVAILABLE);
            NTSTATUS status = service->QueryAllData(static_cast<wmi::BlockHandle*>(h), reply.bytes);
            if (!NT_SUCCESS(status)) {
                reply.bytes.clear();
                return wmi::NtStatusToWin32(status);
            }
            return static_cast<ULONG>(ERROR_SUCCESS);
        }
        return SizedQuery(reply.bytes, key, [&](PULONG size, PVOID buffer) {
            return WmiQueryAllDataW(h, size, buffer);
        });
    });
    return reply;
}

Reply Consumer::QuerySingleInstance(const GUID& guid, std::u16string_view instance) {
    Reply reply;
    std::u16string name = Terminated(instance);
    reply.error = WithBlock(who_, guid, WMIGUID_QUERY, [&](WMIHANDLE h) {
        return SizedQuery(reply.bytes, HintKey{this, guid, HintKind::SingleInstance},
                          [&](PULONG size, PVOID buffer) {
            return WmiQuerySingleInstanceW(h, AsWide(name), size, buffer);
        });
    });
    return reply;
}

ULONG Consumer::SetSingleInstance(const GUID& guid, std::u16string_view instance,
                                  std::span<const std::uint8_t> value) {
    std::u16string name = Terminated(instance);
    return WithBlock(who_, guid, WMIGUID_SET, [&](WMIHANDLE h) {
        return WmiSetSingleInstanceW(h, AsWide(name), 0, static_cast<ULONG>(value.size()),
                                     const_cast<std::uint8_t*>(value.data()));
    });
}

ULONG Consumer::SetSingleItem(const GUID& guid, std::u16string_view instance, ULONG itemId,
                              std::span<const std::uint8_t> value) {
    std::u16string name = Terminated(instance);
    return WithBlock(who_, guid, WMIGUID_SET, [&](WMIHANDLE h) {
        return WmiSetSingleItemW(h, AsWide(name), itemId, 0, static_cast<ULONG>(value.size()),
                                 const_cast<std::uint8_t*>(value.data()));
    });
}

Reply Consumer::ExecuteMethod(const GUID& guid, std::u16string_view instance, ULONG methodId,
                              std::span<const std::uint8_t> input, ULONG outputCapacity,
                              ULONG* needed) {
    Reply reply;
    std::u16string name = Terminated(instance);
    reply.error = WithBlock(who_, guid, WMIGUID_EXECUTE, [&](WMIHANDLE h) {
        wmi::Service* service = wmi::Service::Current();
        if (service && outputCapacity > service->Config().maxReplyBufferSize) {
            // Never allocate what the service will refuse (a 4 GiB capacity took a minute to
            // zero): ask the service itself, which rejects the size before allocating.
            wmi::Bytes unused;
            ULONG size = 0;
            NTSTATUS status = service->ExecuteMethod(static_cast<wmi::BlockHandle*>(h), instance, methodId,
                                                     input, outputCapacity, unused, &size);
            if (needed) *needed = 0;
            return NT_SUCCESS(status) ? static_cast<ULONG>(ERROR_SUCCESS) : wmi::NtStatusToWin32(status);
        }
        reply.bytes.assign(outputCapacity, 0);
        ULONG size = outputCapacity;
        ULONG error = WmiExecuteMethodW(h, AsWide(name), methodId, static_cast<ULONG>(input.size()),
                                        const_cast<std::uint8_t*>(input.data()), &size,
                                        reply.bytes.empty() ? nullptr : reply.bytes.data());
        if (error == ERROR_SUCCESS) reply.bytes.resize(size);
        else reply.bytes.clear();
        if (needed) *needed = error == ERROR_INSUFFICIENT_BUFFER ? size : 0;
        return error;
    });
    return reply;
}

ULONG Consumer::QueryGuidInformation(const GUID& guid, WMIGUIDINFORMATION* info) {
    return WithBlock(who_, guid, WMIGUID_QUERY,
                     [&](WMIHANDLE h) { return WmiQueryGuidInformation(h, info); });
}

ULONG Consumer::MofResources(std::vector<wmi::MofResource>& out) {
    ScopedConsumerIdentity as(who_);
    ULONG count = 0;
    PMOFRESOURCEINFOW info = nullptr;
    ULONG error = WmiMofEnumerateResourcesW(nullptr, &count, &info);
    if (error != ERROR_SUCCESS) return error;
    auto text = [](LPWSTR s) {
        std::u16string t;
        while (s && *s) t.push_back(static_cast<char16_t>(*s++));
        return t;
    };
    for (ULONG i = 0; i < count; ++i)
        out.push_back({text(info[i].ImagePath), text(info[i].ResourceName)});
    WmiFreeBuffer(info);
    return ERROR_SUCCESS;
}

// ---- subscriptions: directly on the service so the counters are reachable ----

struct Consumer::Subscription::State {
    wmi::Service* service = nullptr;
    std::uint64_t id = 0;
};

Consumer::Subscription::~Subscription() { Cancel(); }
Consumer::Subscription::Subscription(Subscription&&) noexcept = default;
Consumer::Subscription& Consumer::Subscription::operator=(Subscription&& other) noexcept {
    if (this != &other) {
        Cancel();
        state_ = std::move(other.state_);
        error_ = other.error_;
    }
    return *this;
}

wmi::SubscriptionStats Consumer::Subscription::Stats() const {
    return state_ ? state_->service->Stats(state_->id) : wmi::SubscriptionStats{};
}

ULONG Consumer::Subscription::Cancel() {
    if (!state_) return ERROR_WMI_ALREADY_DISABLED;
    ULONG error = wmi::NtStatusToWin32(state_->service->Unsubscribe(state_->id));
    state_.reset();
    return error;
}

Consumer::Subscription Consumer::Subscribe(const GUID& guid, EventHandler handler) {
    Subscription subscription;
    wmi::Service* service = wmi::Service::Current();
    if (!service) {
        subscription.error_ = ERROR_WMI_SERVER_UNAVAILABLE;
        return subscription;
    }
    std::uint64_t id = 0;
    NTSTATUS status = service->Subscribe(
        guid, who_,
        [handler = std::move(handler)](const WNODE_HEADER* wnode, std::uint32_t size) {
            if (handler) handler({reinterpret_cast<const std::uint8_t*>(wnode), size});
        },
        &id);
    subscription.error_ = wmi::NtStatusToWin32(status);
    if (NT_SUCCESS(status)) {
        subscription.state_ = std::make_unique<Subscription::State>();
        subscription.state_->service = service;
        subscription.state_->id = id;
    }
    return subscription;
}

}  // namespace kwmi
