// service_impl.hpp - state of the kernel WMI service, shared by its implementation files:
// registration.cpp (IoWMIRegistrationControl, REGINFO), requests.cpp (consumer requests),
// events.cpp (IoWMIWriteEvent, subscriptions), service.cpp (lifetime, host API).
//
// One mutex guards the tables; it is never held while a driver runs (IRPs are sent after
// taking an in-flight reference on the provider and dropping the lock).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <kwmi/wmi_service.hpp>

#include "guid_security.hpp"
#include "reginfo_parser.hpp"
#include "wire_bytes.hpp"
#include "wnode_requests.hpp"

namespace kwmi::wmi {

struct GuidHash {
    std::size_t operator()(const GUID& g) const noexcept {
        std::uint64_t parts[2];
        static_assert(sizeof parts == sizeof g);
        std::memcpy(parts, &g, sizeof g);
        return std::hash<std::uint64_t>()(parts[0] * 0x9E3779B97F4A7C15ull ^ parts[1]);
    }
};
struct GuidEqual {
    bool operator()(const GUID& a, const GUID& b) const noexcept {
        return std::memcmp(&a, &b, sizeof a) == 0;
    }
};
template <class T>
using GuidMap = std::unordered_map<GUID, T, GuidHash, GuidEqual>;

// One data/event block as a provider registered it.
struct BlockRecord {
    GUID guid{};
    ULONG flags = 0;
    ULONG instanceCount = 0;
    NamingMode naming = NamingMode::Dynamic;
    std::vector<std::u16string> listNames;  // WMIREG_FLAG_INSTANCE_LIST as registered
    std::u16string baseName;                // WMIREG_FLAG_INSTANCE_BASENAME
    // WMIREG_FLAG_INSTANCE_LIST names, one per instance; shared so request snapshots copy
    // no strings. Generated names (BaseName / Pdo) are computed from namePrefix on demand.
    std::shared_ptr<const std::vector<std::u16string>> names;
    std::u16string namePrefix;              // BaseName / Pdo: name of instance i = prefix + i
    _DEVICE_OBJECT* pdo = nullptr;
    bool pdoReferenced = false;  // REGINFO_EX: WMI releases the provider's reference

    bool IsStatic() const { return naming != NamingMode::Dynamic; }
    bool IsEventOnly() const { return flags & WMIREG_FLAG_EVENT_ONLY_GUID; }
    bool IsTraced() const { return flags & WMIREG_FLAG_TRACED_GUID; }
    bool IsExpensive() const { return flags & WMIREG_FLAG_EXPENSIVE; }
    // Static name of instance i (also past the registered count for generated names).
    std::optional<std::u16string> StaticName(ULONG i) const {
        if (names && i < names->size()) return (*names)[i];
        if (naming == NamingMode::StaticList || naming == NamingMode::Dynamic) return std::nullopt;
        std::string digits = std::to_string(i);
        return namePrefix + std::u16string(digits.begin(), digits.end());
    }
    ULONG RequestNameFlags() const {
        if (!IsStatic()) return 0;
        return WNODE_FLAG_STATIC_INSTANCE_NAMES |
               (naming == NamingMode::Pdo ? WNODE_FLAG_PDO_INSTANCE_NAMES : 0);
    }
};

struct ProviderRecord {
    _DEVICE_OBJECT* device = nullptr;
    ULONG providerId = 0;
    std::u16string registryPath;
    std::u16string mofResourceName;
    GuidMap<BlockRecord> blocks;
    std::vector<GUID> order;  // registration order of `blocks`
    unsigned inFlight = 0;     // IRPs sent and not yet completed
    bool deregistering = false;
    bool blocked = false;      // WMIREG_ACTION_BLOCK_IRPS
    GuidMap<bool> eventsEnabled;      // ENABLE_EVENTS sent, DISABLE not yet
    GuidMap<bool> collectionEnabled;  // ENABLE_COLLECTION sent, DISABLE not yet
    GuidMap<std::uint32_t> allDataSizeHints;  // first QUERY_ALL_DATA buffer for large blocks
};
using ProviderPtr = std::shared_ptr<ProviderRecord>;

// Where a static instance name lives.
struct NameTarget {
    ProviderPtr provider;
    ULONG index = 0;
};

// Per-GUID view rebuilt from the providers whenever registration changes.
struct GuidEntry {
    std::vector<ProviderPtr> providers;  // registration order
    std::unordered_map<std::u16string, NameTarget> staticNames;  // INSTANCE_LIST names only
};

// Per-GUID consumer state (survives providers coming and going).
struct GuidUse {
    unsigned subscribers = 0;   // event registrations
    unsigned openHandles = 0;   // WmiOpenBlock handles (collection of expensive blocks)
};

struct Subscription {
    GUID guid{};
    Identity who;
    EventCallback callback;
    std::deque<wire::Bytes> queue;
    SubscriptionStats stats;
    bool active = true;
};

}  // namespace kwmi::wmi

namespace kwmi::wmi {

class BlockHandle {
public:
    GUID guid{};
    Identity who;
    ACCESS_MASK granted = 0;
};

// Result of one IRP sent to a provider.
struct IrpResult {
    NTSTATUS status = 0;
    ULONG_PTR information = 0;
};

// Sends one IRP_MJ_SYSTEM_CONTROL IRP (irp_sender.cpp). `buffer.size()` is the capacity.
IrpResult SendWmiIrp(_DEVICE_OBJECT* provider, UCHAR minor, void* dataPath, wire::Bytes& buffer,
                     NTSTATUS initialStatus);
// True while this thread is inside SendWmiIrp for `device` (DEREGISTER there deadlocks).
bool ThreadIsDispatchingTo(_DEVICE_OBJECT* device);
// Queues fn on a system worker thread (PASSIVE_LEVEL).
void QueueSystemWork(std::function<void()> fn);
KIRQL CurrentIrql();
void DereferenceDeviceObject(_DEVICE_OBJECT* device);
void FreeEventPool(void* wnode);
[[noreturn]] void BugCheckIrql(const char* ddi, KIRQL irql, KIRQL maxIrql);
// Before the service reads `bytes` of a driver's buffer: when the buffer is pool and the read
// would run past its block, the bug check Driver Verifier's special pool raises (0xD6,
// P1 = first address past the block, P2 = 0 read, P3 = the reading code).
void CheckDriverBufferRead(const char* ddi, const void* buffer, std::size_t bytes);

class Service::Impl {
public:
    explicit Impl(Settings s) : settings(std::move(s)) {}

    Settings settings;
    mutable std::mutex mutex;
    std::condition_variable changed;  // in-flight counts dropped / pump finished

    std::unordered_map<_DEVICE_OBJECT*, ProviderPtr> providers;
    std::vector<ProviderPtr> providerOrder;
    GuidMap<GuidEntry> guids;
    GuidMap<GuidUse> uses;
    GuidMap<SecurityDescriptor> security;
    GuidMap<ULONG> nextInstanceId;
    std::unordered_map<_DEVICE_OBJECT*, ULONG> providerIds;
    std::unordered_map<ULONG, _DEVICE_OBJECT*> devicesById;
    ULONG nextProviderId = 1;
    std::unordered_map<_DEVICE_OBJECT*, std::u16string> instancePaths;
    unsigned nextAutoInstancePath = 0;
    std::unordered_map<BlockHandle*, std::unique_ptr<BlockHandle>> handles;
    std::map<std::uint64_t, Subscription> subscriptions;
    std::uint64_t nextSubscription = 1;
    // Notes about misbehaving providers, for `kwmi host`'s verifier command and tests. Bounded:
    // a provider can misbehave on every request, forever.
    static constexpr std::size_t kMaxDiagnostics = 1000;
    std::vector<std::string> diagnostics;
    ImageResourceResolver imageResolver;  // empty: the kernel's ImageResources (mof_resources.cpp)

    // deferred work
    struct PendingRegistration {
        _DEVICE_OBJECT* device;
        ULONG action;
    };
    std::deque<PendingRegistration> pendingRegistrations;
    std::deque<wire::Bytes> pendingReferences;  // WNODE_EVENT_REFERENCE copies, most severe first
    void QueueReferenceLocked(wire::Bytes reference);
    bool workQueued = false;
    std::mutex pumpMutex;  // serialises deferred work so events stay in order
    std::recursive_mutex controlMutex;  // serialises ENABLE/DISABLE so they stay edge-triggered
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);

    // ---- helpers (callers hold `mutex` where noted) ----
    void Note(std::string text);                        // holds mutex
    void NoteLocked(std::string text);                  // caller holds mutex; drops past the bound
    void RebuildGuidIndexLocked();
    void RebuildGuidLocked(const GUID& guid);
    // Owner of a static instance name (listed or generated), first provider first.
    std::optional<NameTarget> FindStaticNameLocked(const GUID& guid, std::u16string_view name) const;
    const SecurityDescriptor& SecurityForLocked(const GUID& guid);
    ACCESS_MASK GrantedLocked(const GUID& guid, const Identity& who, ACCESS_MASK wanted);
    // May `who` read the provider's MOF resource: READ_DESCRIPTION on any of its GUIDs, or it
    // registered no GUID (nothing to protect).
    bool MofReadableLocked(const ProviderPtr& provider, const Identity& who);
    ULONG ProviderIdLocked(_DEVICE_OBJECT* device);
    std::u16string InstancePathLocked(_DEVICE_OBJECT* pdo);

    // Sends with an in-flight reference; skips providers that are deregistering.
    std::optional<IrpResult> Send(const ProviderPtr& provider, UCHAR minor, void* dataPath,
                                  wire::Bytes& buffer);

    // registration.cpp
    NTSTATUS Control(_DEVICE_OBJECT* device, ULONG action);
    void RunRegistration(_DEVICE_OBJECT* device, ULONG action);
    void ScheduleWork();
    void RunDeferredWork();

    // mof_resources.cpp: reads a resource of a driver image; notes a MOF resource
    // the image does not hold (called without `mutex`).
    NTSTATUS ReadImageResource(_DRIVER_OBJECT* driver, std::u16string_view type, std::u16string_view name,
                               Bytes& out);
    void CheckMofResource(_DEVICE_OBJECT* device, const std::u16string& name);

    // requests.cpp / events.cpp
    void SetEventState(const ProviderPtr& provider, const GUID& guid, bool events, bool enable);
    void SyncControlState(const GUID& guid);
    void DeliverQueued();
    void ResolveReference(const wire::Bytes& reference);
    void EnqueueEvent(const GUID& guid, const wire::Bytes& wnode);
    void CountOverLimit(const GUID& guid);
};

}  // namespace kwmi::wmi
