// service.cpp - the WMI service's lifetime, identities, host-side API and shared helpers.
#include "service_impl.hpp"

#include <cstdio>

#include "nt_status_codes.hpp"

namespace kwmi::wmi {

Identity Identity::Administrator() { return {"S-1-5-21-1000-500", {"BA", "BU", "AU", "WD"}}; }
Identity Identity::User() { return {"S-1-5-21-1000-1001", {"BU", "AU", "WD"}}; }
Identity Identity::System() { return {"SY", {"BA", "AU", "WD"}}; }
Identity Identity::FromSid(std::string sid) { return {std::move(sid), {"AU", "WD"}}; }

Service::Service(Settings settings) : impl_(std::make_unique<Impl>(std::move(settings))) {}

Service::~Service() {
    *impl_->alive = false;
    // Release the PDO references REGINFO_EX answers handed to WMI.
    for (auto& provider : impl_->providerOrder)
        for (auto& [guid, block] : provider->blocks)
            if (block.pdoReferenced && block.pdo && nt::Kernel::Current())
                DereferenceDeviceObject(block.pdo);
}

Service* Service::Current() {
    nt::Kernel* kernel = nt::Kernel::Current();
    if (!kernel) return nullptr;
    static std::mutex creation;
    std::lock_guard guard(creation);
    auto existing = kernel->Find<Service>(kComponentName);
    if (existing) return existing.get();
    auto created = std::make_shared<Service>();
    kernel->AttachComponent(kComponentName, created);
    return created.get();
}

Service& Service::Install(nt::Kernel& kernel, Settings settings) {
    auto created = std::make_shared<Service>(std::move(settings));
    kernel.DetachComponent(kComponentName);
    kernel.AttachComponent(kComponentName, created);
    return *created;
}

Settings& Service::Config() { return impl_->settings; }

void Service::OnKernelShutdown() {
    impl_->RunDeferredWork();
}

void Service::FlushDeferredWork() { impl_->RunDeferredWork(); }

void Service::SetDeviceInstancePath(_DEVICE_OBJECT* pdo, std::u16string path) {
    std::lock_guard guard(impl_->mutex);
    impl_->instancePaths[pdo] = std::move(path);
    impl_->RebuildGuidIndexLocked();
}

std::u16string Service::DeviceInstancePath(_DEVICE_OBJECT* pdo) {
    std::lock_guard guard(impl_->mutex);
    return impl_->InstancePathLocked(pdo);
}

std::vector<std::string> Service::Diagnostics() const {
    std::lock_guard guard(impl_->mutex);
    return impl_->diagnostics;
}

bool Service::IsRegistered(_DEVICE_OBJECT* device) const {
    std::lock_guard guard(impl_->mutex);
    return impl_->providers.count(device) != 0;
}

std::vector<GUID> Service::Guids() const {
    std::lock_guard guard(impl_->mutex);
    std::vector<GUID> out;
    for (const auto& provider : impl_->providerOrder)
        for (const auto& guid : provider->order) {
            bool seen = false;
            for (const auto& g : out) seen = seen || GuidEqual()(g, guid);
            if (!seen) out.push_back(guid);
        }
    return out;
}

NTSTATUS Service::SetGuidSecurity(const GUID& guid, std::string_view sddl, bool clobber) {
    auto sd = SecurityDescriptor::FromSddl(sddl);
    if (!sd) return status::kInvalidParameter;
    std::lock_guard guard(impl_->mutex);
    if (!clobber && impl_->security.count(guid)) return status::kSuccess;
    impl_->security[guid] = std::move(*sd);
    return status::kSuccess;
}

bool Service::CheckAccess(const GUID& guid, const Identity& who, ACCESS_MASK access) const {
    std::lock_guard guard(impl_->mutex);
    ACCESS_MASK wanted = MapGenericWmiRights(access);
    return impl_->GrantedLocked(guid, who, wanted) == wanted;
}

ULONG Service::ProviderIdOf(_DEVICE_OBJECT* device) {
    std::lock_guard guard(impl_->mutex);
    return impl_->ProviderIdLocked(device);
}

NTSTATUS Service::AllocateInstanceIds(const GUID& guid, ULONG count, ULONG* firstId) {
    if (!firstId) return status::kInvalidParameter;
    std::lock_guard guard(impl_->mutex);
    ULONG& next = impl_->nextInstanceId[guid];
    if (count > 0xFFFFFFFFu - next) return status::kInsufficientResources;
    *firstId = next;
    next += count;
    return status::kSuccess;
}

// ---- Impl helpers ----

void Service::Impl::Note(std::string text) {
    std::lock_guard guard(mutex);
    NoteLocked(std::move(text));
}

void Service::Impl::NoteLocked(std::string text) {
    if (diagnostics.size() < kMaxDiagnostics) diagnostics.push_back(std::move(text));
}

ULONG Service::Impl::ProviderIdLocked(_DEVICE_OBJECT* device) {
    // [unverified] 64-bit mapping: a stable small number per device object.
    auto it = providerIds.find(device);
    if (it != providerIds.end()) return it->second;
    ULONG id = nextProviderId++;
    providerIds[device] = id;
    devicesById[id] = device;
    return id;
}

std::u16string Service::Impl::InstancePathLocked(_DEVICE_OBJECT* pdo) {
    auto it = instancePaths.find(pdo);
    if (it != instancePaths.end()) return it->second;
    // A device the host did not describe gets a root-enumerated path, as PnP would give.
    char text[32];
    std::snprintf(text, sizeof text, "ROOT\\SYSTEM\\%04u", nextAutoInstancePath++);
    std::u16string path(text, text + std::char_traits<char>::length(text));
    instancePaths[pdo] = path;
    return path;
}

const SecurityDescriptor& Service::Impl::SecurityForLocked(const GUID& guid) {
    auto it = security.find(guid);
    if (it != security.end()) return it->second;
    if (settings.nullGuidSecurityIsDefault) {
        auto fallback = security.find(GUID{});
        if (fallback != security.end()) return fallback->second;
    }
    static thread_local std::string parsedText;
    static thread_local SecurityDescriptor parsed;
    if (parsedText != settings.defaultSecurity) {
        auto sd = SecurityDescriptor::FromSddl(settings.defaultSecurity);
        parsed = sd ? *sd : SecurityDescriptor{"BA", "SY", true, {}};  // unparsable: deny all
        parsedText = settings.defaultSecurity;
    }
    return parsed;
}

ACCESS_MASK Service::Impl::GrantedLocked(const GUID& guid, const Identity& who,
                                         ACCESS_MASK wanted) {
    return SecurityForLocked(guid).Granted(who, wanted);
}

void Service::Impl::RebuildGuidIndexLocked() {
    GuidMap<bool> all;
    for (const auto& provider : providerOrder)
        for (const auto& guid : provider->order) all[guid] = true;
    guids.clear();
    for (const auto& [guid, unused] : all) RebuildGuidLocked(guid);
}

namespace {

// Index of a generated name (prefix + decimal index, no leading zeros) below `count`.
std::optional<ULONG> GeneratedNameIndex(std::u16string_view name, std::u16string_view prefix, ULONG count) {
    if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) return std::nullopt;
    std::u16string_view digits = name.substr(prefix.size());
    if (digits.size() > 10 || (digits.size() > 1 && digits[0] == u'0')) return std::nullopt;
    std::uint64_t value = 0;
    for (char16_t c : digits) {
        if (c < u'0' || c > u'9') return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - u'0');
    }
    if (value >= count) return std::nullopt;
    return static_cast<ULONG>(value);
}

}  // namespace

// Rebuilds one GUID's provider list and static-name index. Generated names (base name or PDO
// path + index) are never materialised: a registration update costs O(providers), not
// O(instances); only WMIREG_FLAG_INSTANCE_LIST names, which arrive in REGINFO, are indexed.
void Service::Impl::RebuildGuidLocked(const GUID& guid) {
    guids.erase(guid);
    std::vector<const BlockRecord*> generated;  // earlier generated-name blocks of this GUID
    for (const auto& provider : providerOrder) {
        auto found = provider->blocks.find(guid);
        if (found == provider->blocks.end()) continue;
        BlockRecord& block = found->second;
        GuidEntry& entry = guids[guid];
        entry.providers.push_back(provider);
        if (!block.IsStatic()) continue;
        if (block.naming == NamingMode::BaseName || block.naming == NamingMode::Pdo) {
            block.namePrefix = block.naming == NamingMode::BaseName
                                   ? block.baseName + settings.baseNameSeparator
                                   : InstancePathLocked(block.pdo) + u"_";
            block.names.reset();
            for (const BlockRecord* earlier : generated)
                if (earlier->namePrefix == block.namePrefix && earlier->instanceCount && block.instanceCount)
                    NoteLocked("static instance name collision between providers of one GUID");
            generated.push_back(&block);
            continue;
        }
        std::vector<std::u16string> names;
        names.reserve(block.instanceCount);
        ULONG collisions = 0;  // one note per block, not one per name
        for (ULONG i = 0; i < block.instanceCount; ++i) {
            std::u16string name = i < block.listNames.size() ? block.listNames[i] : u"";
            bool taken = false;
            for (const BlockRecord* earlier : generated)
                taken = taken || GeneratedNameIndex(name, earlier->namePrefix, earlier->instanceCount);
            auto [it, inserted] = entry.staticNames.try_emplace(name, NameTarget{provider, i});
            if (taken || (!inserted && it->second.provider != provider)) ++collisions;
            names.push_back(std::move(name));
        }
        if (collisions)
            NoteLocked("static instance name collision between providers of one GUID (" +
                       std::to_string(collisions) + " names)");
        block.names = std::make_shared<const std::vector<std::u16string>>(std::move(names));
    }
}

std::optional<NameTarget> Service::Impl::FindStaticNameLocked(const GUID& guid,
                                                              std::u16string_view name) const {
    auto entry = guids.find(guid);
    if (entry == guids.end()) return std::nullopt;
    std::optional<NameTarget> listed;
    auto hit = entry->second.staticNames.find(std::u16string(name));
    if (hit != entry->second.staticNames.end()) listed = hit->second;
    // The first provider (registration order) that has the name owns it.
    for (const auto& provider : entry->second.providers) {
        if (listed && listed->provider == provider) return listed;
        const BlockRecord& block = provider->blocks.at(guid);
        if (block.naming != NamingMode::BaseName && block.naming != NamingMode::Pdo) continue;
        if (auto index = GeneratedNameIndex(name, block.namePrefix, block.instanceCount))
            return NameTarget{provider, *index};
    }
    return listed;
}

std::optional<IrpResult> Service::Impl::Send(const ProviderPtr& provider, UCHAR minor,
                                             void* dataPath, wire::Bytes& buffer) {
    {
        std::lock_guard guard(mutex);
        if (provider->deregistering || provider->blocked) return std::nullopt;
        ++provider->inFlight;
    }
    struct Release {
        Impl* self;
        ProviderRecord* provider;
        ~Release() {
            std::lock_guard guard(self->mutex);
            --provider->inFlight;
            self->changed.notify_all();
        }
    } release{this, provider.get()};
    return SendWmiIrp(provider->device, minor, dataPath, buffer, settings.initialIrpStatus);
}

}  // namespace kwmi::wmi
