// requests.cpp - consumer requests turned into IRPs: open/close (collection control for
// expensive blocks), query all data (all providers, chained, static names added), query /
// set single instance, set single item, execute method. WNODE_TOO_SMALL -> resize, bounded.
#include "service_impl.hpp"

#include <algorithm>

#include "nt_status_codes.hpp"
#include "wnode_replies.hpp"

namespace kwmi::wmi {
namespace {

constexpr UCHAR kQueryAllData = 0x00;
constexpr UCHAR kQuerySingleInstance = 0x01;
constexpr UCHAR kChangeSingleInstance = 0x02;
constexpr UCHAR kChangeSingleItem = 0x03;
constexpr UCHAR kExecuteMethod = 0x09;
// Headroom added to a provider's SizeNeeded (MEMORY_ALLOCATION_ALIGNMENT): an exact-size
// buffer makes KMDF under-report the last instance's padding (kmdf-wmi-semantics §5.4).
constexpr std::uint32_t kResizeSlack = 16;
constexpr std::size_t kMaxInstanceNameChars = 0x7FFF;  // USHORT byte count

struct Target {
    ProviderPtr provider;
    BlockRecord block;
    InstanceRef ref;
    std::u16string name;  // backing store for ref.name
};

}  // namespace

// Snapshot of the request context taken under the lock.
struct RequestContext {
    GUID guid{};
    std::vector<std::pair<ProviderPtr, BlockRecord>> providers;
    std::optional<NameTarget> staticHit;  // the static name asked for, looked up under the lock
};

namespace {

NTSTATUS Prepare(Service::Impl& impl, BlockHandle* handle, ACCESS_MASK right,
                 RequestContext& context, std::optional<std::u16string_view> name = std::nullopt) {
    std::lock_guard guard(impl.mutex);
    if (!handle || !impl.handles.count(handle)) return status::kInvalidHandle;
    if (impl.GrantedLocked(handle->guid, handle->who, right) != right) return status::kAccessDenied;
    context.guid = handle->guid;
    auto entry = impl.guids.find(handle->guid);
    if (entry == impl.guids.end()) return status::kWmiGuidNotFound;
    for (const auto& provider : entry->second.providers) {
        const BlockRecord& block = provider->blocks.at(handle->guid);
        if (block.IsEventOnly() || block.IsTraced()) continue;  // not queryable
        context.providers.emplace_back(provider, block);
    }
    if (context.providers.empty()) return status::kWmiGuidNotFound;
    if (name) context.staticHit = impl.FindStaticNameLocked(handle->guid, *name);  // no list walk
    return status::kSuccess;
}

// Every provider that may own `name`: the static-name owner, else each dynamic-name provider.
std::vector<Target> Resolve(const RequestContext& context, std::u16string_view name) {
    std::vector<Target> targets;
    if (context.staticHit) {
        for (const auto& [provider, block] : context.providers) {
            if (provider != context.staticHit->provider) continue;
            Target t{provider, block, {}, {}};
            t.ref.byIndex = true;
            t.ref.pdoNames = block.naming == NamingMode::Pdo;
            t.ref.index = context.staticHit->index;
            targets.push_back(std::move(t));
        }
        return targets;
    }
    for (const auto& [provider, block] : context.providers) {
        if (block.IsStatic()) continue;
        Target t{provider, block, {}, std::u16string(name)};
        t.ref.byIndex = false;
        targets.push_back(std::move(t));
    }
    for (auto& t : targets) t.ref.name = t.name;
    return targets;
}

NTSTATUS CheckName(std::u16string_view name) {
    return name.size() > kMaxInstanceNameChars ? status::kInvalidParameter : status::kSuccess;
}

// A change request (set instance or set item) goes to the providers that may own
// `instance`, in order; one that does not know a dynamic name passes it to the next.
template <class BuildRequest>
NTSTATUS SendChange(Service::Impl& impl, BlockHandle* handle, std::u16string_view instance, UCHAR minor,
                    std::span<const std::uint8_t> value, BuildRequest build) {
    if (NTSTATUS s = CheckName(instance); !NT_SUCCESS(s)) return s;
    if (value.size() > impl.settings.maxReplyBufferSize) return status::kInvalidParameter;
    RequestContext context;
    if (NTSTATUS s = Prepare(impl, handle, WMIGUID_SET, context, instance); !NT_SUCCESS(s)) return s;
    NTSTATUS last = status::kWmiInstanceNotFound;
    for (auto& target : Resolve(context, instance)) {
        GUID guid = context.guid;
        wire::Bytes buffer = build(guid, target);
        auto sent = impl.Send(target.provider, minor, &guid, buffer);
        if (!sent) { last = status::kWmiGuidNotFound; continue; }
        if (sent->status == status::kWmiInstanceNotFound && !target.ref.byIndex) {
            last = sent->status;
            continue;
        }
        return sent->status;
    }
    return last;
}

}  // namespace

// A provider whose QUERY_ALL_DATA answer was large is offered that size (plus slack) first
// next time: a KMDF provider runs every instance's callback even to answer "too small", so a
// first buffer far below the answer doubles the work of a large query. Small answers keep the
// configured first size (and its "too small, resend" exchange).
constexpr std::uint32_t kLearnAllDataAbove = 64u << 10;

static std::uint64_t LearnedAllDataSize(Service::Impl& impl, const ProviderRecord& provider, const GUID& guid) {
    std::lock_guard guard(impl.mutex);
    auto it = provider.allDataSizeHints.find(guid);
    return it == provider.allDataSizeHints.end() ? 0 : it->second;
}

static void LearnAllDataSize(Service::Impl& impl, ProviderRecord& provider, const GUID& guid, ULONG answered) {
    std::lock_guard guard(impl.mutex);
    if (answered > kLearnAllDataAbove && answered <= impl.settings.maxReplyBufferSize - kResizeSlack)
        provider.allDataSizeHints[guid] = answered + kResizeSlack;
    else
        provider.allDataSizeHints.erase(guid);
}

// Bytes WMI will append for the static names of `block` (offset table + counted strings), so
// the request buffer can take them in place; 0 for dynamic names.
static std::size_t StaticNameTableEstimate(const BlockRecord& block, const Settings& settings) {
    if (!block.IsStatic()) return 0;
    std::size_t total = settings.chainAlignment;
    if (block.names) {
        for (const auto& name : *block.names) total += 4 + wire::CountedStringSize(name);
        return total;
    }
    total += static_cast<std::size_t>(block.instanceCount) * (4 + 2 + 2 * (block.namePrefix.size() + 10));
    // InstanceCount comes from the provider's REGINFO: never reserve more than a reply may hold.
    return std::min<std::size_t>(total, settings.maxReplyBufferSize);
}

// Next buffer size after a "too small" answer; 0 when the provider asks for too much.
static std::uint64_t Grow(const Settings& settings, std::uint64_t capacity, std::uint64_t needed) {
    std::uint64_t next = needed > capacity ? needed + kResizeSlack : capacity * 2;
    return next > settings.maxReplyBufferSize ? 0 : next;
}

NTSTATUS Service::Open(const GUID& guid, ACCESS_MASK desiredAccess, const Identity& who,
                       BlockHandle** handle) {
    if (!handle) return status::kInvalidParameter;
    *handle = nullptr;
    ACCESS_MASK wanted = MapGenericWmiRights(desiredAccess);
    {
        std::lock_guard guard(impl_->mutex);
        if (impl_->settings.openRequiresRegisteredGuid && !impl_->guids.count(guid))
            return status::kWmiGuidNotFound;
        if (impl_->GrantedLocked(guid, who, wanted) != wanted) return status::kAccessDenied;
        auto created = std::make_unique<BlockHandle>();
        created->guid = guid;
        created->who = who;
        created->granted = wanted;
        *handle = created.get();
        impl_->handles.emplace(created.get(), std::move(created));
        ++impl_->uses[guid].openHandles;
    }
    impl_->SyncControlState(guid);  // first open of an expensive block: ENABLE_COLLECTION
    return status::kSuccess;
}

NTSTATUS Service::Close(BlockHandle* handle) {
    GUID guid;
    {
        std::lock_guard guard(impl_->mutex);
        auto it = impl_->handles.find(handle);
        if (!handle || it == impl_->handles.end()) return status::kInvalidHandle;
        guid = handle->guid;
        impl_->handles.erase(it);
        --impl_->uses[guid].openHandles;
    }
    impl_->SyncControlState(guid);  // last close: DISABLE_COLLECTION
    return status::kSuccess;
}

bool Service::IsValidHandle(BlockHandle* handle) const {
    std::lock_guard guard(impl_->mutex);
    return handle && impl_->handles.count(handle);
}

NTSTATUS Service::QueryAllData(BlockHandle* handle, Bytes& out) {
    RequestContext context;
    if (NTSTATUS s = Prepare(*impl_, handle, WMIGUID_QUERY, context); !NT_SUCCESS(s)) return s;
    std::vector<wire::Bytes> parts;
    NTSTATUS firstError = status::kSuccess;
    for (auto& [provider, block] : context.providers) {
        GUID guid = context.guid;
        std::uint64_t capacity = std::max<std::uint32_t>(impl_->settings.firstQueryBufferSize, 64);
        capacity = std::max<std::uint64_t>(capacity, LearnedAllDataSize(*impl_, *provider, guid));
        NTSTATUS result = status::kWmiTryAgain;
        for (unsigned attempt = 0; attempt <= impl_->settings.maxResizeRetries; ++attempt) {
            wire::Bytes buffer = BuildAllDataRequest(guid, block.RequestNameFlags(),
                                                     static_cast<ULONG>(capacity),
                                                     StaticNameTableEstimate(block, impl_->settings));
            auto sent = impl_->Send(provider, kQueryAllData, &guid, buffer);
            if (!sent) { result = status::kWmiGuidNotFound; break; }
            std::optional<ULONG> needed;
            if (sent->status == status::kBufferTooSmall) needed = 0;
            else if (NT_SUCCESS(sent->status)) needed = TooSmallSizeNeeded(buffer);
            if (needed) {
                capacity = Grow(impl_->settings, capacity, *needed);
                if (!capacity) {
                    impl_->Note("QUERY_ALL_DATA: provider asks for " + std::to_string(*needed) +
                                " bytes, more than the limit");
                    result = status::kDataError;
                    break;
                }
                continue;
            }
            if (!NT_SUCCESS(sent->status)) { result = sent->status; break; }
            auto layout = CheckAllData(buffer, !block.IsStatic());
            if (auto* error = std::get_if<std::string>(&layout)) {
                impl_->Note("QUERY_ALL_DATA answer rejected: " + *error);
                result = status::kDataError;
                break;
            }
            auto& checked = std::get<AllDataLayout>(layout);
            LearnAllDataSize(*impl_, *provider, guid, checked.bufferSize);
            if (block.IsStatic()) {
                const bool listed = block.naming == NamingMode::StaticList;
                if (listed && (!block.names || block.names->size() < checked.instanceCount)) {
                    impl_->Note("QUERY_ALL_DATA: more instances than registered static names");
                    result = status::kDataError;
                    break;
                }
                StaticNameSource names{listed ? block.names.get() : nullptr, block.namePrefix};
                // InstanceCount is the provider's word: zero-size instances cost it nothing to
                // claim, while each costs the service a name.
                const std::uint64_t named = StaticNamesReplySize(checked, names, impl_->settings.chainAlignment);
                if (named > impl_->settings.maxReplyBufferSize) {
                    impl_->Note("QUERY_ALL_DATA: " + std::to_string(checked.instanceCount) +
                                " instances with their static names need " + std::to_string(named) +
                                " bytes, more than the limit");
                    result = status::kDataError;
                    break;
                }
                parts.push_back(WithStaticNames(std::move(buffer), checked, names,
                                                impl_->settings.chainAlignment, named));
            } else {
                buffer.resize(checked.bufferSize);
                parts.push_back(std::move(buffer));
            }
            result = status::kSuccess;
            break;
        }
        if (result == status::kWmiTryAgain)
            impl_->Note("QUERY_ALL_DATA: provider kept answering \"too small\"");
        if (!NT_SUCCESS(result) && NT_SUCCESS(firstError)) firstError = result;
    }
    if (parts.empty()) return NT_SUCCESS(firstError) ? status::kWmiInstanceNotFound : firstError;
    if (parts.size() == 1) {  // a chain of one: the WNODE itself, no copy
        out = std::move(parts.front());
        wire::WriteU32(out, offsetof(WNODE_HEADER, Linkage), 0);
    } else {
        out = ChainWnodes(parts, impl_->settings.chainAlignment);
    }
    return status::kSuccess;
}

NTSTATUS Service::QuerySingleInstance(BlockHandle* handle, std::u16string_view instance,
                                      Bytes& out) {
    if (NTSTATUS s = CheckName(instance); !NT_SUCCESS(s)) return s;
    RequestContext context;
    if (NTSTATUS s = Prepare(*impl_, handle, WMIGUID_QUERY, context, instance); !NT_SUCCESS(s)) return s;
    NTSTATUS last = status::kWmiInstanceNotFound;
    for (auto& target : Resolve(context, instance)) {
        GUID guid = context.guid;
        ULONG dataOffset = RequestDataOffset(sizeof(WNODE_SINGLE_INSTANCE), target.ref);
        std::uint64_t capacity = std::max<std::uint64_t>(impl_->settings.firstQueryBufferSize,
                                                         dataOffset + 8);
        for (unsigned attempt = 0;; ++attempt) {
            if (attempt > impl_->settings.maxResizeRetries) return status::kWmiTryAgain;
            wire::Bytes buffer = BuildSingleInstanceRequest(guid, target.ref, {},
                                                            static_cast<ULONG>(capacity));
            auto sent = impl_->Send(target.provider, kQuerySingleInstance, &guid, buffer);
            if (!sent) { last = status::kWmiGuidNotFound; break; }
            std::optional<ULONG> needed;
            if (sent->status == status::kBufferTooSmall) needed = 0;
            else if (NT_SUCCESS(sent->status)) needed = TooSmallSizeNeeded(buffer);
            if (needed) {
                capacity = Grow(impl_->settings, capacity, *needed);
                if (!capacity) return status::kDataError;
                continue;
            }
            if (sent->status == status::kWmiInstanceNotFound && !target.ref.byIndex) {
                last = sent->status;  // dynamic names: the next provider may own it
                break;
            }
            if (!NT_SUCCESS(sent->status)) return sent->status;
            auto size = CheckSingleInstance(buffer, dataOffset);
            if (auto* error = std::get_if<std::string>(&size)) {
                impl_->Note("QUERY_SINGLE_INSTANCE answer rejected: " + *error);
                return status::kDataError;
            }
            buffer.resize(std::get<ULONG>(size));
            out = std::move(buffer);
            return status::kSuccess;
        }
    }
    return last;
}

NTSTATUS Service::SetSingleInstance(BlockHandle* handle, std::u16string_view instance,
                                    std::span<const std::uint8_t> value) {
    return SendChange(*impl_, handle, instance, kChangeSingleInstance, value, [&](GUID guid, const Target& target) {
        return BuildSingleInstanceRequest(guid, target.ref, value, 0);
    });
}

NTSTATUS Service::SetSingleItem(BlockHandle* handle, std::u16string_view instance, ULONG itemId,
                                std::span<const std::uint8_t> value) {
    return SendChange(*impl_, handle, instance, kChangeSingleItem, value, [&](GUID guid, const Target& target) {
        return BuildSingleItemRequest(guid, target.ref, itemId, value, 0);
    });
}

NTSTATUS Service::ExecuteMethod(BlockHandle* handle, std::u16string_view instance, ULONG methodId,
                                std::span<const std::uint8_t> input, ULONG outputCapacity,
                                Bytes& out, ULONG* needed) {
    if (NTSTATUS s = CheckName(instance); !NT_SUCCESS(s)) return s;
    if (input.size() > impl_->settings.maxReplyBufferSize ||
        outputCapacity > impl_->settings.maxReplyBufferSize)
        return status::kInvalidParameter;
    if (needed) *needed = 0;
    {
        // The EXECUTE check comes before any IRP: a caller without the right must not make
        // the driver run even the existence query below.
        std::lock_guard guard(impl_->mutex);
        if (!handle || !impl_->handles.count(handle)) return status::kInvalidHandle;
        if (impl_->GrantedLocked(handle->guid, handle->who, WMIGUID_EXECUTE) != WMIGUID_EXECUTE)
            return status::kAccessDenied;
    }
    // WMI queries the instance before executing a method on it (spec §3.4).
    {
        Bytes probe;
        NTSTATUS s = QuerySingleInstance(handle, instance, probe);
        if (s == status::kAccessDenied || s == status::kInvalidHandle) {
            // Querying is not the caller's right to have; the method check below decides.
        } else if (!NT_SUCCESS(s) && s != status::kInvalidDeviceRequest) {
            return s;
        }
    }
    RequestContext context;
    if (NTSTATUS s = Prepare(*impl_, handle, WMIGUID_EXECUTE, context, instance); !NT_SUCCESS(s)) return s;
    NTSTATUS last = status::kWmiInstanceNotFound;
    for (auto& target : Resolve(context, instance)) {
        GUID guid = context.guid;
        ULONG dataOffset = RequestDataOffset(offsetof(WNODE_METHOD_ITEM, VariableData), target.ref);
        std::uint64_t capacity = dataOffset + std::max<std::uint64_t>(input.size(), outputCapacity);
        for (unsigned attempt = 0;; ++attempt) {
            wire::Bytes buffer = BuildMethodRequest(guid, target.ref, methodId, input,
                                                    static_cast<ULONG>(capacity));
            auto sent = impl_->Send(target.provider, kExecuteMethod, &guid, buffer);
            if (!sent) { last = status::kWmiGuidNotFound; break; }
            if (sent->status == status::kWmiInstanceNotFound && !target.ref.byIndex) {
                last = sent->status;
                break;
            }
            if (sent->status == status::kBufferTooSmall) {
                // The error form names no size (spec §3.5): grow geometrically and ask again,
                // with the limits the queries have.
                if (attempt >= impl_->settings.maxResizeRetries) return status::kWmiTryAgain;
                capacity = Grow(impl_->settings, capacity, 0);
                if (!capacity) return status::kDataError;
                continue;
            }
            if (!NT_SUCCESS(sent->status)) return sent->status;
            if (auto tooSmall = TooSmallSizeNeeded(buffer)) {
                if (needed) *needed = *tooSmall > dataOffset ? *tooSmall - dataOffset : 0;
                return status::kBufferTooSmall;
            }
            auto size = CheckMethodItem(buffer, dataOffset);
            if (auto* error = std::get_if<std::string>(&size)) {
                impl_->Note("EXECUTE_METHOD answer rejected: " + *error);
                return status::kDataError;
            }
            ULONG produced = std::get<ULONG>(size);
            if (produced > outputCapacity) {
                if (needed) *needed = produced;
                return status::kBufferTooSmall;
            }
            out.assign(buffer.begin() + dataOffset, buffer.begin() + dataOffset + produced);
            return status::kSuccess;
        }
    }
    return last;
}

NTSTATUS Service::QueryGuidInfo(BlockHandle* handle, GuidInfo* info) {
    if (!info) return status::kInvalidParameter;
    std::lock_guard guard(impl_->mutex);
    if (!handle || !impl_->handles.count(handle)) return status::kInvalidHandle;
    *info = {};
    auto entry = impl_->guids.find(handle->guid);
    if (entry == impl_->guids.end()) return status::kWmiGuidNotFound;
    for (const auto& provider : entry->second.providers) {
        const BlockRecord& block = provider->blocks.at(handle->guid);
        info->expensive = info->expensive || block.IsExpensive();
        info->eventOnly = info->eventOnly || block.IsEventOnly();
        info->traced = info->traced || block.IsTraced();
        ++info->providerCount;
    }
    return status::kSuccess;
}

std::vector<MofResource> Service::MofResources(const Identity& who) {
    std::lock_guard guard(impl_->mutex);
    std::vector<MofResource> out;
    for (const auto& provider : impl_->providerOrder) {
        if (provider->mofResourceName.empty()) continue;
        if (!impl_->MofReadableLocked(provider, who)) continue;
        MofResource resource{provider->registryPath, provider->mofResourceName};
        bool seen = std::any_of(out.begin(), out.end(), [&](const MofResource& r) {
            return r.imagePath == resource.imagePath && r.resourceName == resource.resourceName;
        });
        if (!seen) out.push_back(std::move(resource));
    }
    return out;
}

}  // namespace kwmi::wmi
