// registration.cpp - IoWMIRegistrationControl: the provider table, IRP_MN_REGINFO(_EX) with
// both "buffer too small" answers and the legacy fallback, UPDATE_GUIDS merging, and the
// DEREGISTER wait for in-flight IRPs (spec §2.6).
#include "service_impl.hpp"

#include <algorithm>

#include <wdm_wmi.h>

#include "nt_status_codes.hpp"

namespace kwmi::wmi {
namespace {

constexpr UCHAR kMinorRegInfo = 0x08;
constexpr UCHAR kMinorRegInfoEx = 0x0B;

bool SameRegistration(const BlockRecord& a, const BlockRecord& b) {
    return a.flags == b.flags && a.instanceCount == b.instanceCount && a.naming == b.naming &&
           a.listNames == b.listNames && a.baseName == b.baseName && a.pdo == b.pdo;
}

bool IsKnownDevice(_DEVICE_OBJECT* device) {
    nt::Kernel* kernel = nt::Kernel::Current();
    if (!kernel || !device) return false;
    auto devices = kernel->Devices();
    return std::find(devices.begin(), devices.end(), device) != devices.end();
}

void ReleasePdo(BlockRecord& block) {
    if (block.pdoReferenced && block.pdo) DereferenceDeviceObject(block.pdo);
    block.pdoReferenced = false;
}

}  // namespace

NTSTATUS Service::RegistrationControl(_DEVICE_OBJECT* device, ULONG action) {
    return impl_->Control(device, action);
}

NTSTATUS Service::Impl::Control(_DEVICE_OBJECT* device, ULONG action) {
    KIRQL irql = CurrentIrql();
    if (irql > 0) BugCheckIrql("IoWMIRegistrationControl", irql, 0);
    if (!device) return status::kInvalidParameter;
    if (action < WMIREG_ACTION_REGISTER || action > WMIREG_ACTION_BLOCK_IRPS)
        return status::kInvalidParameter;

    ProviderPtr provider;
    {
        std::unique_lock lock(mutex);
        auto it = providers.find(device);
        bool registered = it != providers.end() && !it->second->deregistering;
        if (action == WMIREG_ACTION_REGISTER) {
            if (registered) {
                if (!settings.registerTwiceReregisters) return status::kInvalidParameter;
                action = WMIREG_ACTION_REREGISTER;
            } else {
                auto record = std::make_shared<ProviderRecord>();
                record->device = device;
                record->providerId = ProviderIdLocked(device);
                providers[device] = record;
                providerOrder.push_back(record);
            }
        } else if (!registered) {
            return status::kInvalidParameter;
        }
        provider = providers.at(device);

        if (action == WMIREG_ACTION_BLOCK_IRPS) {
            provider->blocked = true;  // [unverified] semantics: no further WMI IRPs
            return status::kSuccess;
        }
        if (action == WMIREG_ACTION_DEREGISTER) {
            if (ThreadIsDispatchingTo(device)) {
                lock.unlock();
                nt::RaiseBugCheck(nt::bugcode::kKwmiWaitDeadlock, reinterpret_cast<ULONG_PTR>(device),
                                  provider->inFlight, 0, 0, "WmiDeregisterInDispatch",
                                  "IoWMIRegistrationControl(DEREGISTER) called while a WMI IRP "
                                  "to the same device is being dispatched: it waits for that IRP "
                                  "and deadlocks on Windows");
            }
            provider->deregistering = true;
            std::erase_if(pendingRegistrations,
                          [&](const PendingRegistration& p) { return p.device == device; });
            changed.wait(lock, [&] { return provider->inFlight == 0; });
            providers.erase(device);
            std::erase(providerOrder, provider);
            for (auto& [guid, block] : provider->blocks) {
                ReleasePdo(block);
                RebuildGuidLocked(guid);
            }
            return status::kSuccess;
        }
        if (settings.deferredRegistration) {
            // An UPDATE_GUIDS behind a queued one for the same device adds nothing: the REGINFO
            // fetched for the queued one already reflects this change. A driver changing N
            // instances at PASSIVE then costs one REGINFO per worker run, not N.
            auto last = std::find_if(pendingRegistrations.rbegin(), pendingRegistrations.rend(),
                                     [&](const PendingRegistration& p) { return p.device == device; });
            bool merged = action == WMIREG_ACTION_UPDATE_GUIDS && last != pendingRegistrations.rend() &&
                          last->action == WMIREG_ACTION_UPDATE_GUIDS;
            if (!merged) pendingRegistrations.push_back({device, action});
        }
    }
    if (settings.deferredRegistration) {
        ScheduleWork();
    } else {
        RunRegistration(device, action);
    }
    return status::kSuccess;
}

void Service::Impl::RunRegistration(_DEVICE_OBJECT* device, ULONG action) {
    ProviderPtr provider;
    {
        std::lock_guard guard(mutex);
        auto it = providers.find(device);
        if (it == providers.end() || it->second->deregistering) return;
        provider = it->second;
    }
    if (!IsKnownDevice(device)) {  // deleted without DEREGISTER: nothing to ask any more
        Note("REGINFO skipped: the device object was deleted while still registered");
        return;
    }
    void* dataPath = reinterpret_cast<void*>(static_cast<ULONG_PTR>(
        action == WMIREG_ACTION_UPDATE_GUIDS ? WMIUPDATE : WMIREGISTER));

    UCHAR minor = kMinorRegInfoEx;
    std::uint64_t capacity = std::max<std::uint32_t>(settings.firstReginfoBufferSize, 4);
    std::optional<wire::Bytes> answer;
    for (unsigned attempt = 0; attempt <= settings.maxResizeRetries + 1; ++attempt) {
        wire::Bytes buffer(capacity, 0);
        std::optional<IrpResult> result = Send(provider, minor, dataPath, buffer);
        if (!result) return;  // deregistered meanwhile

        std::optional<std::uint32_t> needed;
        if (result->status == status::kBufferTooSmall) {
            needed = wire::ReadU32(buffer, 0).value_or(0);
        } else if (NT_SUCCESS(result->status) && result->information < sizeof(WMIREGINFOW) &&
                   result->information >= 4) {
            needed = wire::ReadU32(buffer, 0).value_or(0);  // KMDF: success + ULONG size
        }
        if (needed) {
            std::uint64_t next = *needed > capacity ? *needed : capacity * 2;
            if (next > settings.maxReplyBufferSize) {
                Note("REGINFO: provider asks for " + std::to_string(*needed) +
                     " bytes, more than the limit; registration ignored");
                return;
            }
            capacity = next;
            continue;
        }
        if (!NT_SUCCESS(result->status)) {
            if (minor == kMinorRegInfoEx) {  // pre-XP provider: legacy IRP_MN_REGINFO
                minor = kMinorRegInfo;
                continue;
            }
            Note("REGINFO failed with status " + std::to_string(static_cast<ULONG>(result->status)));
            return;
        }
        if (result->information > buffer.size()) {
            Note("REGINFO: Information " + std::to_string(result->information) +
                 " exceeds the buffer of " + std::to_string(buffer.size()) + " bytes");
            return;
        }
        buffer.resize(result->information);
        answer = std::move(buffer);
        break;
    }
    if (!answer) {
        Note("REGINFO: provider kept answering \"too small\"; registration ignored");
        return;
    }

    auto parsed = ParseRegInfo(*answer);
    if (auto* error = std::get_if<std::string>(&parsed)) {
        Note("REGINFO rejected: " + *error);
        return;
    }
    auto& info = std::get<ParsedRegInfo>(parsed);
    bool referenced = minor == kMinorRegInfoEx;

    std::vector<GUID> touched;
    bool newMofName = false;
    {
        std::lock_guard guard(mutex);
        if (provider->deregistering) {
            return;
        }
        newMofName = !info.mofResourceName.empty() && info.mofResourceName != provider->mofResourceName;
        if (action != WMIREG_ACTION_UPDATE_GUIDS) {
            for (auto& [guid, block] : provider->blocks) {
                touched.push_back(guid);
                ReleasePdo(block);
            }
            provider->blocks.clear();
            provider->order.clear();
            // eventsEnabled / collectionEnabled stay: the provider still holds that state
            // for blocks it registers again, so no second ENABLE may follow.
        }
        if (!info.registryPath.empty()) provider->registryPath = info.registryPath;
        if (!info.mofResourceName.empty()) provider->mofResourceName = info.mofResourceName;
        for (auto& parsedBlock : info.blocks) {
            BlockRecord block;
            block.guid = parsedBlock.guid;
            block.flags = parsedBlock.flags & ~WMIREG_FLAG_REMOVE_GUID;
            block.instanceCount = parsedBlock.instanceCount;
            block.naming = parsedBlock.naming;
            block.listNames = std::move(parsedBlock.listNames);
            block.baseName = std::move(parsedBlock.baseName);
            auto* pdo = reinterpret_cast<_DEVICE_OBJECT*>(parsedBlock.pdo);
            if (block.naming == NamingMode::Pdo) {
                if (IsKnownDevice(pdo)) {
                    block.pdo = pdo;
                    block.pdoReferenced = referenced;
                } else {
                    NoteLocked("REGINFO: Pdo is not a device object; names use a generated instance path");
                    block.pdo = device;  // names stay stable per provider
                }
            }
            touched.push_back(block.guid);
            auto existing = provider->blocks.find(block.guid);
            if (parsedBlock.flags & WMIREG_FLAG_REMOVE_GUID) {
                ReleasePdo(block);
                if (existing != provider->blocks.end()) {
                    ReleasePdo(existing->second);
                    provider->blocks.erase(existing);
                    std::erase_if(provider->order,
                                  [&](const GUID& g) { return GuidEqual()(g, block.guid); });
                    provider->eventsEnabled.erase(block.guid);
                    provider->collectionEnabled.erase(block.guid);
                }
                continue;
            }
            if (existing != provider->blocks.end()) {
                if (SameRegistration(existing->second, block)) {
                    ReleasePdo(block);  // identical entry: skipped, keep the first reference
                    continue;
                }
                ReleasePdo(existing->second);
                existing->second = std::move(block);
            } else {
                provider->order.push_back(block.guid);
                provider->blocks.emplace(block.guid, std::move(block));
            }
        }
        std::erase_if(provider->eventsEnabled,
                      [&](const auto& e) { return !provider->blocks.count(e.first); });
        std::erase_if(provider->collectionEnabled,
                      [&](const auto& e) { return !provider->blocks.count(e.first); });
        for (const auto& guid : touched) RebuildGuidLocked(guid);
    }
    if (newMofName) CheckMofResource(device, info.mofResourceName);  // mof_resources.cpp
    // Consumers already waiting get their ENABLE / ENABLE_COLLECTION from the new provider.
    for (const auto& guid : touched) SyncControlState(guid);
}

void Service::Impl::ScheduleWork() {
    {
        std::lock_guard guard(mutex);
        if (workQueued) return;
        workQueued = true;
    }
    std::weak_ptr<bool> token = alive;
    QueueSystemWork([this, token] {
        auto live = token.lock();
        if (live && *live) RunDeferredWork();
    });
}

void Service::Impl::RunDeferredWork() {
    std::lock_guard pump(pumpMutex);
    for (;;) {
        std::optional<PendingRegistration> registration;
        std::optional<wire::Bytes> reference;
        {
            std::lock_guard guard(mutex);
            workQueued = false;
            if (!pendingRegistrations.empty()) {
                registration = pendingRegistrations.front();
                pendingRegistrations.pop_front();
            } else if (!pendingReferences.empty()) {
                reference = std::move(pendingReferences.front());  // the most severe (QueueReferenceLocked)
                pendingReferences.pop_front();
            }
        }
        if (registration) {
            RunRegistration(registration->device, registration->action);
        } else if (reference) {
            ResolveReference(*reference);
        } else {
            break;
        }
    }
    DeliverQueued();
}

}  // namespace kwmi::wmi
