// kmdf_wmi_fixture.hpp - a KMDF driver with one device on a simulated bus PDO, on the manual
// scheduler, plus helpers that send real IRP_MJ_SYSTEM_CONTROL IRPs and record every
// IoWMIRegistrationControl call the device's WMI handler makes.
#pragma once

#include <cstring>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <kwmi/kernel.hpp>
#include <kwmi/testing.hpp>

#include <ntddk.h>
#include <wdf.h>
#include <wmistr.h>

#undef min
#undef max

#include "wdf/wmi/wmi_diagnostics.hpp"

namespace kwmi::kmdfwmitest {

using Bytes = std::vector<UCHAR>;

struct IrpResult {
    NTSTATUS status = 0;
    ULONG_PTR information = 0;
};

struct RegCall {
    ULONG_PTR device;
    ULONG action;
    KIRQL irql;
    bool fromWorkItem;
};

// Test GUIDs: {0000000N-1111-2222-3333-444455556666}.
GUID TestGuid(ULONG n);
extern const GUID kPowerDeviceEnable;
extern const GUID kPowerDeviceWakeEnable;

// Raises the IRQL for its lifetime.
class IrqlScope {
public:
    explicit IrqlScope(KIRQL irql);
    ~IrqlScope();
    IrqlScope(const IrqlScope &) = delete;
    IrqlScope &operator=(const IrqlScope &) = delete;

private:
    KIRQL old_;
};

class KmdfWmiFixture : public ::testing::Test {
public:
    void SetUp() override;
    void TearDown() override;

    // ---- device ----
    nt::SchedulerKind schedulerKind = nt::SchedulerKind::Manual; // set in a derived constructor
    bool powerPolicyOwner = true; // set before CreateDevice
    void CreateDevice();          // called by SetUp unless deferCreate
    bool deferCreate = false;
    NTSTATUS Start();
    void Remove();
    void SurpriseRemove();
    WDFDEVICE device = nullptr;
    PDEVICE_OBJECT fdo = nullptr;
    PDEVICE_OBJECT pdo = nullptr;
    ULONG_PTR ProviderIdOfDevice() const { return reinterpret_cast<ULONG_PTR>(fdo); }

    // ---- providers and instances ----
    WDFWMIPROVIDER CreateProvider(const GUID &guid, ULONG flags = 0, ULONG minSize = 0,
                                  bool functionControl = false);
    struct InstanceOptions {
        bool query = true;
        bool setInstance = false;
        bool setItem = false;
        bool execute = false;
        bool registerNow = true;
        bool useContextForQuery = false;
        PWDF_OBJECT_ATTRIBUTES attributes = nullptr;
    };
    WDF_WMI_INSTANCE_CONFIG InstanceConfig(WDFWMIPROVIDER provider, const InstanceOptions &options) const;
    WDFWMIINSTANCE CreateInstance(WDFWMIPROVIDER provider, const InstanceOptions &options);
    WDFWMIINSTANCE CreateInstance(WDFWMIPROVIDER provider) { return CreateInstance(provider, InstanceOptions{}); }
    // An instance created with Register = FALSE (the registration tests register it later).
    WDFWMIINSTANCE CreateUnregisteredInstance(WDFWMIPROVIDER provider)
    {
        InstanceOptions options;
        options.registerNow = false;
        return CreateInstance(provider, options);
    }
    // Starts the device with provider TestGuid(1) holding instances that return `sizes` bytes
    // (filled 0x10, 0x11, ...); the handles are in `instances`.
    WDFWMIPROVIDER StartWithInstances(std::vector<ULONG> sizes, ULONG minSize = 0);
    std::vector<WDFWMIINSTANCE> instances;
    // Default query data of an instance (the default query callback returns it).
    std::map<WDFWMIINSTANCE, Bytes> data;
    // The default query callback: answers with data[instance] (STATUS_BUFFER_TOO_SMALL with
    // its size when it does not fit).
    NTSTATUS AnswerWithData(WDFWMIINSTANCE instance, ULONG size, PVOID out, PULONG used);

    // Driver callbacks route here (set per test).
    std::function<NTSTATUS(WDFWMIINSTANCE, ULONG, PVOID, PULONG)> onQuery;
    std::function<NTSTATUS(WDFWMIINSTANCE, ULONG, PVOID)> onSetInstance;
    std::function<NTSTATUS(WDFWMIINSTANCE, ULONG, ULONG, PVOID)> onSetItem;
    std::function<NTSTATUS(WDFWMIINSTANCE, ULONG, ULONG, ULONG, PVOID, PULONG)> onExecute;
    std::function<NTSTATUS(WDFWMIPROVIDER, WDF_WMI_PROVIDER_CONTROL, BOOLEAN)> onFunctionControl;
    std::function<void()> onSelfManagedIoFlush;
    std::function<void()> onSelfManagedIoCleanup;
    std::vector<std::string> log; // callback order

    // ---- IRPs ----
    IrpResult Send(UCHAR minor, const GUID &guid, Bytes &buffer, std::optional<ULONG_PTR> providerId = {},
                   ULONG_PTR initialInformation = 0xA5A5);
    IrpResult SendRaw(UCHAR minor, ULONG_PTR providerId, void *dataPath, ULONG bufferSize, void *buffer,
                      ULONG_PTR initialInformation = 0xA5A5);
    IrpResult SendRawTo(PDEVICE_OBJECT target, UCHAR minor, ULONG_PTR providerId, void *dataPath,
                        ULONG bufferSize, void *buffer, ULONG_PTR initialInformation = 0xA5A5);
    // A KMDF child PDO of the test device (WdfPdoInitAllocate + WdfFdoAddStaticChild).
    WDFDEVICE CreateChildPdo();
    static Bytes AllDataWnode(const GUID &guid, ULONG bufferSize);
    static Bytes SingleInstanceWnode(const GUID &guid, ULONG index, ULONG bufferSize, ULONG dataSize = 0,
                                     bool staticNames = true);
    static Bytes ItemWnode(const GUID &guid, ULONG index, ULONG itemId, ULONG dataSize, ULONG bufferSize);
    static Bytes MethodWnode(const GUID &guid, ULONG index, ULONG methodId, ULONG inSize, ULONG bufferSize);
    static Bytes HeaderWnode(const GUID &guid, ULONG bufferSize, ULONG64 historicalContext = 0);
    Bytes RegInfo(bool ex, ULONG bufferSize, IrpResult *result = nullptr);
    int pdoSystemControlIrps = 0; // IRPs that reached the bus PDO

    // ---- registration calls ----
    std::vector<RegCall> Calls(); // of the test device (fdo)
    std::vector<ULONG> ActionsOf(PDEVICE_OBJECT deviceObject);
    // Runs before each IoWMIRegistrationControl of the device; a status replaces the OS call.
    std::function<std::optional<NTSTATUS>(const RegCall &)> onRegistrationCall;
    std::vector<ULONG> Actions();
    void ClearCalls();

    void RunUntilIdle() { kernel->WaitIdle(); }

    std::unique_ptr<nt::Kernel> kernel;
    std::unique_ptr<kwmi::testing::BugCheckCapture> bugChecks;
    WDFDRIVER driver = nullptr;
    PDRIVER_OBJECT driverObject = nullptr;
    PDRIVER_OBJECT busObject = nullptr;
    bool removed = false;

private:
    std::mutex callsMutex_;
    std::vector<RegCall> calls_;
};

ULONG Read32(const Bytes &b, size_t offset);
ULONG64 Read64(const Bytes &b, size_t offset);
void Write32(Bytes &b, size_t offset, ULONG v);

// IoWMIRegistrationControl actions as the fixture records them.
inline constexpr ULONG kRegister = WMIREG_ACTION_REGISTER;
inline constexpr ULONG kDeregister = WMIREG_ACTION_DEREGISTER;
inline constexpr ULONG kUpdate = WMIREG_ACTION_UPDATE_GUIDS;

// WMIREGINFO (x64): RegistryPath and MofResourceName offsets, GuidCount, then 32-byte
// WMIREGGUIDW entries from offset 24 (GUID, Flags, InstanceCount, union).
inline ULONG RegOffset(const Bytes &r) { return Read32(r, 8); }
inline ULONG MofOffset(const Bytes &r) { return Read32(r, 12); }
inline ULONG GuidCount(const Bytes &r) { return Read32(r, 16); }
inline ULONG EntryFlags(const Bytes &r, ULONG i) { return Read32(r, 24 + 32 * i + 16); }
inline ULONG EntryCount(const Bytes &r, ULONG i) { return Read32(r, 24 + 32 * i + 20); }
inline GUID EntryGuid(const Bytes &r, ULONG i)
{
    GUID g;
    std::memcpy(&g, r.data() + 24 + 32 * i, sizeof g);
    return g;
}

} // namespace kwmi::kmdfwmitest
