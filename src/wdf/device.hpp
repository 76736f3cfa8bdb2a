// WDFDEVICE: the framework device over a WDM DEVICE_OBJECT, its PnP state and the simulated
// PnP/power sequence the host drives (KMDF callback order, kmdf-wmi-semantics.md §3.5/§4.2,
// wdk-api-surface.md §1.1).
#pragma once

#include "wdf/irp_preprocess.hpp"
#include "wdf/object.hpp"
#include "wdf/wmi_hooks.hpp"

#include <wdf.h>

#include <atomic>
#include <cstdint>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kwmi::wdf {

class ChildList;
class Driver;
class IoQueue;

// An empty WDFCMRESLIST child of `parent` (resources.cpp).
WDFCMRESLIST CreateEmptyResourceList(Object *parent);


enum class DeviceKind { Fdo, Filter, Pdo, Control };

enum class DevicePnpState {
    Added,            // WdfDeviceCreate done, not started
    Started,          // start succeeded (WMI registered)
    StartFailed,      // a start callback or Register() failed; torn down like a removal
    SurpriseRemoved,  // surprise-remove processed, waiting for the remove
    Removed,          // removal processed, device disposed
};

class Device final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::Device;

    // Used by WdfDeviceCreate: consumes `init`, creates the WDM device object and the hooks.
    static NTSTATUS Create(WDFDEVICE_INIT &init, const WDF_OBJECT_ATTRIBUTES *attributes,
                           Device **outDevice);
    // The WDFDEVICE behind a device object this framework created (null otherwise).
    static Device *FromDeviceObject(PDEVICE_OBJECT deviceObject) noexcept;

    // --- what the WMI handler and other layers read ---
    PDEVICE_OBJECT WdmDeviceObject() const noexcept { return deviceObject_; }
    PDEVICE_OBJECT PhysicalDeviceObject() const noexcept { return pdo_; }  // stack PDO; null for control
    PDEVICE_OBJECT AttachedDevice() const noexcept { return lowerDevice_; } // next lower; null for PDO/control
    Driver *GetDriver() const noexcept { return driver_; }
    DeviceKind Kind() const noexcept { return kind_; }
    bool IsControlDevice() const noexcept { return kind_ == DeviceKind::Control; }
    bool IsPdo() const noexcept { return kind_ == DeviceKind::Pdo; }
    bool IsPowerPolicyOwner() const noexcept { return powerPolicyOwner_; }
    DevicePnpState PnpState() const noexcept { return pnpState_.load(); }
    Device *ParentDevice() const noexcept { return parentDevice_; }  // bus FDO of a PDO
    // PDO identity (from WdfPdoInitAssignDeviceID/InstanceID) and bus relations.
    const std::u16string &PdoDeviceId() const noexcept { return deviceId_; }
    const std::u16string &PdoInstanceId() const noexcept { return instanceId_; }
    NTSTATUS AddStaticChild(Device *child);
    std::vector<Device *> StaticChildren() const;  // each AddRef'ed; caller releases
    bool IsMissing() const noexcept { return missing_.load(); }
    void MarkMissing() noexcept { missing_.store(true); }
    void ClearMissing() noexcept { missing_.store(false); }  // reported present again before removal
    // The default child list (WdfFdoInitSetDefaultChildListConfig), null when none.
    ChildList *DefaultChildList() const noexcept { return childList_; }
    // PnP's bus relations query (IRP_MN_QUERY_DEVICE_RELATIONS/BusRelations): the static
    // children and the child list's PDOs (created now for new children), each AddRef'ed.
    // Children marked missing are included; PnP removes them.
    std::vector<Device *> QueryBusRelations();
    // Every child PDO (static and child list), each AddRef'ed: removed before the bus.
    std::vector<Device *> AllChildren() const;
    // IoInvalidateDeviceRelations(BusRelations): the children changed since the last query.
    void InvalidateBusRelations() noexcept { busRelationsStale_.store(true); }
    bool BusRelationsStale() const noexcept { return busRelationsStale_.load(); }
    bool ReportedToBus() const noexcept { return reportedToBus_.load(); }
    // WdfFdoLock/UnlockStaticChildListForIteration: while locked, static children added
    // or marked missing are not reported (PnP sees the last reported set).
    void LockStaticChildren();
    void UnlockStaticChildren();
    Device *NextStaticChild(Device *previous, ULONG flags) const;  // not AddRef'ed
    // WdfDeviceSetBusInformationForChildren, read by the children's bus properties.
    void SetBusInformation(const PNP_BUS_INFORMATION &info);
    std::optional<PNP_BUS_INFORMATION> BusInformation() const;  // a copy; empty until set

    // --- interfaces (query_interface.cpp, device_interface.cpp) ---
    // WdfDeviceAddQueryInterface: an interface IRP_MN_QUERY_INTERFACE returns.
    NTSTATUS AddQueryInterface(const WDF_QUERY_INTERFACE_CONFIG &config);
    // IRP_MN_QUERY_INTERFACE reaching this device: true (and `status`) when answered here.
    bool AnswerQueryInterface(const GUID &type, PINTERFACE out, USHORT size, USHORT version, PVOID specific,
                              NTSTATUS &status);
    // IRP_MN_QUERY_INTERFACE sent to `target` and waited for (WdfFdoQueryForInterface, and
    // SendQueryToParentStack): the status it completed with.
    static NTSTATUS SendQueryInterface(PDEVICE_OBJECT target, const GUID &type, PINTERFACE out, USHORT size,
                                       USHORT version, PVOID specific);
    struct DeviceInterface {
        GUID classGuid;
        std::u16string reference;
        bool enabled = false;
    };
    NTSTATUS CreateDeviceInterface(const GUID &classGuid, std::u16string reference);
    bool SetDeviceInterfaceState(const GUID &classGuid, const std::u16string &reference, bool enabled);
    std::vector<DeviceInterface> DeviceInterfaces() const;  // a snapshot
    // True after a PDO was removed without being reported missing (kept for a restart).
    bool IsRetained() const noexcept { return retained_; }
    // Assigned MOF resource name (null when none was assigned; an empty name counts).
    const UNICODE_STRING *MofResourceName() const noexcept;
    DeviceWmiHooks *WmiHooks() const noexcept { return hooks_.get(); }
    bool IdleEnabled() const noexcept { return idleEnabled_.load(); }
    // The IdleEnable WMI instance / S0 idle settings: disabling powers an idle device up and
    // keeps it in D0; enabling (re)starts the idle timer (device_power.cpp).
    void SetIdleEnabled(bool enabled);
    bool WakeEnabled() const noexcept { return wakeEnabled_.load(); }
    void SetWakeEnabled(bool enabled) noexcept { wakeEnabled_.store(enabled); }

    // An IRP the framework does not handle: FDO/filter forward it to the lower device,
    // a PDO/control device completes it with its current status. Returns that status.
    NTSTATUS ForwardOrCompleteUnhandledIrp(PIRP irp);
    // For I/O the driver has no queue for: a filter forwards it, others fail it with
    // STATUS_INVALID_DEVICE_REQUEST.
    NTSTATUS ForwardOrCompleteUnhandledIrpOrFail(PIRP irp);

    // --- PnP driven by the host (PASSIVE_LEVEL) ---
    // Start: PrepareHardware -> D0Entry(D3Final) -> SelfManagedIoInit -> WMI Register().
    NTSTATUS Start();
    // SurpriseRemoval -> SelfManagedIoSuspend -> D0Exit(D3Final) -> ReleaseHardware ->
    // WMI Deregister() -> SelfManagedIoFlush. Remove() must follow.
    void SurpriseRemove();
    // Graceful remove (after QueryRemove; a failing QueryRemove vetoes it and is returned).
    // Static children are removed first (reported missing). A PDO that is not reported
    // missing is kept: powered down and WMI-deregistered, ready for Start() again, which
    // then calls the hooks' ResetForRestart() before Register().
    // SelfManagedIoSuspend -> D0Exit(D3Final) -> ReleaseHardware -> WMI Deregister() ->
    // SelfManagedIoFlush -> SelfManagedIoCleanup -> WMI Cleanup() -> dispose (children first).
    NTSTATUS Remove();
    // The recorded sequence of framework steps (callbacks and hooks) for tests.
    std::vector<std::string> PnpLog() const;

    // --- S0 idle power policy (device_power.cpp) ---
    // Current device power state: D3Final before start and after removal, D0 while working,
    // the idle Dx state (WdfPowerDeviceD1..D3) after the idle timeout.
    WDF_POWER_DEVICE_STATE PowerState() const;
    // WdfDeviceStopIdle / WdfDeviceResumeIdle: a power reference keeps the device in D0.
    NTSTATUS StopIdle(bool waitForD0);
    void ResumeIdle();
    // A power-managed queue presents a request: takes a power reference and, at PASSIVE_LEVEL,
    // brings the device back to D0 first. ResumeIdle() releases it when the request completes.
    void PowerReferenceForIo();

    // --- DDI implementations ---
    NTSTATUS AssignMofResourceName(PCUNICODE_STRING name);
    NTSTATUS AssignS0IdleSettings(const WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS *settings);
    NTSTATUS AssignSxWakeSettings(const WDF_DEVICE_POWER_POLICY_WAKE_SETTINGS *settings);
    void SetPnpCapabilities(const WDF_DEVICE_PNP_CAPABILITIES *caps);
    void SetPowerCapabilities(const WDF_DEVICE_POWER_CAPABILITIES *caps);
    void SetDeviceState(const WDF_DEVICE_STATE *state);
    void GetDeviceState(WDF_DEVICE_STATE *state) const;
    const WDF_DEVICE_PNP_CAPABILITIES &PnpCapabilities() const noexcept { return pnpCaps_; }
    void FinishControlInitializing();
    void SetDefaultQueue(IoQueue *queue) noexcept { defaultQueue_ = queue; }
    IoQueue *DefaultQueue() const noexcept { return defaultQueue_; }
    // Serialization lock for AutomaticSerialization at device scope (null if scope None).
    KSPIN_LOCK *SynchronizationLock() noexcept;

    // IRP dispatch entry points installed in the driver object.
    static NTSTATUS DispatchSystemControl(PDEVICE_OBJECT deviceObject, PIRP irp);
    static NTSTATUS DispatchDeviceControl(PDEVICE_OBJECT deviceObject, PIRP irp);
    static NTSTATUS DispatchCreateClose(PDEVICE_OBJECT deviceObject, PIRP irp);
    static NTSTATUS DispatchDefault(PDEVICE_OBJECT deviceObject, PIRP irp);
    // IRP_MJ_PNP sent with IoCallDriver (the host drives start/remove directly): the framework
    // answers IRP_MN_QUERY_INTERFACE, an FDO passes the rest down, a PDO completes it unchanged.
    static NTSTATUS DispatchPnp(PDEVICE_OBJECT deviceObject, PIRP irp);

private:
    Device(DriverGlobals *globals, Driver *driver, DeviceKind kind);
    ~Device() override;
    bool CanDriverDelete() const noexcept override { return kind_ == DeviceKind::Control; }
    void OnDeleteRequested() override;
    void OnDispose() override;
    void OnDestroy() override;

    void Log(const char *step);
    void PowerDownAndRelease();
    // S0 idle machinery (device_power.cpp). The lock-suffixed helpers need powerMutex_.
    struct IdleCore;
    void CreateIdleCore();
    void DestroyIdleCore();
    void StartIdleMachinery();  // after a successful start: device in D0
    void StopIdleMachinery();   // before removal: no idle transition runs or starts after it
    bool IdleAllowedLocked() const noexcept;
    void ArmIdleTimerLocked();
    void CancelIdleTimerLocked();
    void QueuePowerUpLocked();
    void IdleTimeoutExpired();  // work item, PASSIVE_LEVEL
    NTSTATUS PowerUpFromIdle();  // PASSIVE_LEVEL
    void FinalRemove();
    NTSTATUS CreateDefaultChildList(const WDFDEVICE_INIT &init);
    void ChildRemoved(Device *child);  // a child PDO that is gone for good
    void SetDeviceInterfacesEnabled(bool enabled);  // started: enabled; powered down for removal: disabled
    NTSTATUS DispatchSystemControlCore(PIRP irp);
    NTSTATUS DispatchDeviceControlCore(PIRP irp);
    // The driver's preprocess callback for this IRP, or null when the framework handles it.
    PFN_WDFDEVICE_WDM_IRP_PREPROCESS PreprocessFor(PIRP irp) const;
    friend NTSTATUS DispatchPreprocessed(Device &device, PIRP irp);

    Driver *driver_;
    DeviceKind kind_;
    PDEVICE_OBJECT deviceObject_ = nullptr;
    PDEVICE_OBJECT pdo_ = nullptr;
    PDEVICE_OBJECT lowerDevice_ = nullptr;
    Device *parentDevice_ = nullptr;
    bool powerPolicyOwner_ = false;
    std::atomic<DevicePnpState> pnpState_{DevicePnpState::Added};
    std::unique_ptr<DeviceWmiHooks> hooks_;
    WDF_PNPPOWER_EVENT_CALLBACKS pnpCallbacks_{};
    WDF_POWER_POLICY_EVENT_CALLBACKS powerPolicyCallbacks_{};
    WDF_DEVICE_PNP_CAPABILITIES pnpCaps_{};
    WDF_DEVICE_POWER_CAPABILITIES powerCaps_{};
    WDF_DEVICE_STATE deviceState_{};
    IrpPreprocessTable preprocess_;  // the driver's WDM preprocess callbacks, per major function
    std::u16string mofName_;
    bool mofNameAssigned_ = false;
    UNICODE_STRING mofNameString_{};
    std::atomic<bool> idleEnabled_{true};
    std::atomic<bool> wakeEnabled_{false};
    std::u16string deviceId_;
    std::u16string instanceId_;
    std::vector<Device *> staticChildren_;  // referenced
    std::atomic<bool> missing_{false};
    std::atomic<bool> reportedToBus_{false};      // a child PDO PnP has been told about
    std::atomic<bool> busRelationsStale_{false};
    int staticChildLocks_ = 0;                    // logMutex_
    ChildList *childList_ = nullptr;              // a child object of this device
    std::optional<PNP_BUS_INFORMATION> busInfo_;  // logMutex_ (set at DISPATCH_LEVEL too)
    struct QueryInterfaceEntry {
        GUID type;
        std::vector<std::uint64_t> exposed;  // a copy of the driver's INTERFACE (Size bytes); may be empty
        bool sendToParentStack = false;
        bool importInterface = false;
        PFN_WDF_DEVICE_PROCESS_QUERY_INTERFACE_REQUEST callback = nullptr;
    };
    std::vector<QueryInterfaceEntry> queryInterfaces_;  // logMutex_
    std::vector<DeviceInterface> deviceInterfaces_;     // logMutex_
    bool retained_ = false;
    bool idleUserControl_ = false;
    bool wakeUserControl_ = false;
    IoQueue *defaultQueue_ = nullptr;
    KSPIN_LOCK syncLock_{};
    bool hasSyncLock_ = false;
    WDFCMRESLIST resourcesRaw_ = nullptr;
    WDFCMRESLIST resourcesTranslated_ = nullptr;
    bool hardwarePrepared_ = false;
    bool inD0_ = false;
    bool selfManagedIoInited_ = false;
    bool selfManagedIoFlushed_ = false;
    mutable std::mutex logMutex_;
    std::vector<std::string> pnpLog_;
    // S0 idle state, under powerMutex_. powerBusy_: a D0<->Dx transition runs its driver
    // callbacks (the mutex is released around them); powerCv_ signals its end.
    mutable std::mutex powerMutex_;
    std::condition_variable powerCv_;
    IdleCore *idleCore_ = nullptr;
    WDF_POWER_DEVICE_STATE powerState_ = WdfPowerDeviceD3Final;
    bool powerBusy_ = false;
    bool idleActive_ = false;
    bool s0IdleAssigned_ = false;
    bool powerUpFailed_ = false;
    bool armedForWakeFromS0_ = false;
    WDF_POWER_POLICY_S0_IDLE_CAPABILITIES idleCaps_ = IdleCannotWakeFromS0;
    WDF_POWER_DEVICE_STATE idleDxState_ = WdfPowerDeviceD3;
    ULONG idleTimeoutMs_ = 0;
    ULONG powerReferences_ = 0;
    LONGLONG idleDeadline_ = 0;  // KeQueryInterruptTime units

    friend struct ::WDFDEVICE_INIT;
};

}  // namespace kwmi::wdf
