// kwmi/wmi_service.hpp - the simulated kernel WMI service.
//
// One Service is attached to each kwmi::nt::Kernel (component "wmi", created on first use).
// Drivers reach it through the IoWMI* DDIs (wdm_wmi.h); consumers through wmium.h or
// kwmi::Consumer; hosts and tests through this class. Every request to a provider is a real
// IRP_MJ_SYSTEM_CONTROL IRP sent with IoCallDriver at PASSIVE_LEVEL on the calling thread to
// the top of the registered device's stack. No lock is held while a driver runs.
//
// Statuses are NTSTATUS; the consumer layer maps them with NtStatusToWin32().
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <wmistr.h>
#include <kwmi/kernel.hpp>

struct _DEVICE_OBJECT;
struct _DRIVER_OBJECT;

namespace kwmi::wmi {

using Bytes = std::vector<std::uint8_t>;

// Who is asking, for GUID access control: a user SID and the groups it belongs to. SIDs are
// strings, either "S-1-…" or the SDDL aliases BA (administrators), SY (local system),
// BU (users), AU (authenticated users), WD (everyone), LS, NS, IU.
struct Identity {
    std::string user;
    std::vector<std::string> groups;

    static Identity Administrator();  // S-1-5-21-1000-500 in BA, BU, AU, WD
    static Identity User();           // S-1-5-21-1000-1001 in BU, AU, WD
    static Identity System();         // SY in BA, AU, WD
    static Identity FromSid(std::string sid);  // sid in AU, WD
    bool operator==(const Identity&) const = default;
};

// Behaviour the specification leaves open ([unverified]); defaults are the recommended ones.
struct Settings {
    // IoWMIWriteEvent: largest WNODE accepted (registry-defined on Windows, 1 KiB default).
    std::uint32_t maxEventSize = 1024;
    // Per-subscription event queue; events beyond it are dropped and counted.
    std::size_t eventQueueLimit = 1024;
    // REGINFO after REGISTER/REREGISTER/UPDATE_GUIDS: from a system worker (true) or inside
    // the IoWMIRegistrationControl call (false).
    bool deferredRegistration = true;
    // First buffer offered for IRP_MN_REGINFO_EX (grown as the provider asks).
    std::uint32_t firstReginfoBufferSize = 256;
    // First buffer offered for queries (grown on WNODE_TOO_SMALL).
    std::uint32_t firstQueryBufferSize = 512;
    // Resends after WNODE_TOO_SMALL / "need more" before giving up with STATUS_WMI_TRY_AGAIN.
    std::uint32_t maxResizeRetries = 8;
    // Largest buffer the service will allocate for a provider's answer.
    std::uint32_t maxReplyBufferSize = 16u << 20;
    // IoStatus.Status of a fresh WMI IRP (what a PDO that does not own it completes with).
    NTSTATUS initialIrpStatus = static_cast<NTSTATUS>(0xC00000BBL);  // STATUS_NOT_SUPPORTED
    // Highest IRQL IoWMIWriteEvent accepts for non-traced events (docs disagree: APC vs
    // DISPATCH). Above it: bug check 0xC4 (P1 0x20002, rule IrqlIoWmi).
    KIRQL writeEventMaxIrql = 2;  // DISPATCH_LEVEL
    // SDDL applied to GUIDs without their own descriptor: administrators and system only
    // (Server 2003 and later).
    std::string defaultSecurity = "O:BAG:SYD:(A;;GA;;;BA)(A;;GA;;;SY)";
    // A descriptor set for the all-zero GUID replaces defaultSecurity.
    bool nullGuidSecurityIsDefault = true;
    // WmiOpenBlock on a GUID no provider registered fails at open (true) or at first use.
    bool openRequiresRegisteredGuid = true;
    // Alignment of chained WNODEs and of the static-name table WMI appends.
    std::uint32_t chainAlignment = 8;
    // Base-name instance names: base + separator + decimal index ("Foo0").
    std::u16string baseNameSeparator = u"";
    // REGISTER of an already registered device: behaves as REREGISTER (else INVALID_PARAMETER).
    bool registerTwiceReregisters = true;
};

struct GuidInfo {
    bool expensive = false;
    bool eventOnly = false;
    bool traced = false;
    std::size_t providerCount = 0;
};

struct MofResource {
    std::u16string imagePath;  // the provider's registry path (service key)
    std::u16string resourceName;
};

struct SubscriptionStats {
    std::uint64_t delivered = 0;
    std::uint64_t dropped = 0;    // queue full
    std::uint64_t overLimit = 0;  // rejected by IoWMIWriteEvent as larger than maxEventSize
    std::size_t queued = 0;
};

// An event as consumers receive it: the complete WNODE (EVENT_ITEM, or the result of an
// EVENT_REFERENCE with EVENT_ITEM added).
using EventCallback = std::function<void(const WNODE_HEADER* wnode, std::uint32_t size)>;

class BlockHandle;  // an open GUID (WmiOpenBlock); owned by the service

// Reads the resource (type, name) of the image `driver` was loaded from, as FindResource +
// LoadResource would on Windows (statuses: kwmi/image_resources.hpp).
using ImageResourceResolver = std::function<NTSTATUS(_DRIVER_OBJECT* driver, std::u16string_view type,
                                                     std::u16string_view name, Bytes& out)>;

class Service : public nt::KernelComponent {
public:
    static constexpr const char* kComponentName = "wmi";

    explicit Service(Settings settings = {});
    ~Service() override;
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    // The service of the current kernel, created and attached on first use. nullptr when no
    // kernel is current.
    static Service* Current();
    // Replaces the current kernel's service with a new one using `settings`.
    static Service& Install(nt::Kernel& kernel, Settings settings);

    Settings& Config();
    void OnKernelShutdown() override;

    // ---- driver side (IoWMI*) ----
    NTSTATUS RegistrationControl(_DEVICE_OBJECT* device, ULONG action);
    ULONG ProviderIdOf(_DEVICE_OBJECT* device);
    NTSTATUS WriteEvent(void* wnode);
    NTSTATUS AllocateInstanceIds(const GUID& guid, ULONG count, ULONG* firstId);
    // Runs queued registrations and event deliveries now, on this thread (test hook).
    void FlushDeferredWork();

    // ---- host side ----
    // Sets a GUID's security descriptor from SDDL (subset: O:, G:, D: with A/D ACEs, rights as
    // hex or GA/GR/GW/GX, SIDs as aliases or S-1-…). clobber=false keeps an existing one.
    NTSTATUS SetGuidSecurity(const GUID& guid, std::string_view sddl, bool clobber = true);
    // Device instance path used for PDO-style instance names ("ROOT\\SYSTEM\\0004").
    void SetDeviceInstancePath(_DEVICE_OBJECT* pdo, std::u16string path);
    std::u16string DeviceInstancePath(_DEVICE_OBJECT* pdo);
    // Readable notes about misbehaving providers (lying sizes, bad REGINFO, ...).
    std::vector<std::string> Diagnostics() const;
    bool IsRegistered(_DEVICE_OBJECT* device) const;
    std::vector<GUID> Guids() const;

    // ---- consumer side ----
    NTSTATUS Open(const GUID& guid, ACCESS_MASK desiredAccess, const Identity& who,
                  BlockHandle** handle);
    NTSTATUS Close(BlockHandle* handle);
    bool IsValidHandle(BlockHandle* handle) const;
    // Chain of WNODE_ALL_DATA, one per answering provider, static names filled in.
    NTSTATUS QueryAllData(BlockHandle* handle, Bytes& out);
    NTSTATUS QuerySingleInstance(BlockHandle* handle, std::u16string_view instance, Bytes& out);
    NTSTATUS SetSingleInstance(BlockHandle* handle, std::u16string_view instance,
                               std::span<const std::uint8_t> value);
    NTSTATUS SetSingleItem(BlockHandle* handle, std::u16string_view instance, ULONG itemId,
                           std::span<const std::uint8_t> value);
    // Raw method output in `out`. STATUS_BUFFER_TOO_SMALL: *needed = bytes the method needs.
    NTSTATUS ExecuteMethod(BlockHandle* handle, std::u16string_view instance, ULONG methodId,
                           std::span<const std::uint8_t> input, ULONG outputCapacity, Bytes& out,
                           ULONG* needed);
    NTSTATUS QueryGuidInfo(BlockHandle* handle, GuidInfo* info);
    // MOF resources of the providers whose GUIDs `who` may read the description of.
    std::vector<MofResource> MofResources(const Identity& who);
    // The bytes of a MOF resource MofResources listed: the MOFDATA resource of that name in
    // the image of the provider's driver (mof_resources.cpp). STATUS_OBJECT_NAME_NOT_FOUND
    // when no provider `who` may read the description of registered it; otherwise the
    // status of the image lookup (STATUS_RESOURCE_DATA/TYPE/NAME_NOT_FOUND).
    NTSTATUS MofResourceData(const Identity& who, const MofResource& resource, Bytes& out);
    // How the service reads driver images; an empty function (the default) reads the
    // kernel's ImageResources, which hosts fill as they load drivers. Called without the
    // service lock, on the registering thread (a system worker) and on consumer threads.
    void SetImageResourceResolver(ImageResourceResolver resolver);

    // Events. First subscriber of a GUID enables it at its providers, last one disables.
    NTSTATUS Subscribe(const GUID& guid, const Identity& who, EventCallback callback,
                       std::uint64_t* subscription);
    NTSTATUS Unsubscribe(std::uint64_t subscription);
    SubscriptionStats Stats(std::uint64_t subscription) const;
    // Whether `who` would be granted `access` to the GUID (NOTIFICATION_CHECK_ACCESS).
    bool CheckAccess(const GUID& guid, const Identity& who, ACCESS_MASK access) const;

    class Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// RtlNtStatusToDosError for the statuses WMI produces.
ULONG NtStatusToWin32(NTSTATUS status);

}  // namespace kwmi::wmi
