// kmdf_wmi_fixture.cpp - see kmdf_wmi_fixture.hpp.
#include "kmdf_wmi_fixture.hpp"

#include "wdf/device.hpp"
#include "wdf/driver.hpp"
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"

#undef min
#undef max

#include <cstring>

namespace kwmi::kmdfwmitest {
namespace {

KmdfWmiFixture *gFixture = nullptr;
kwmi::wdf::DriverGlobals *gGlobals = nullptr;

} // namespace

// Exposes the protected callback members to the C thunks.
class KmdfWmiFixtureThunks : public KmdfWmiFixture {
public:
    static NTSTATUS Query(WDFWMIINSTANCE i, ULONG s, PVOID o, PULONG u)
    {
        auto &f = static_cast<KmdfWmiFixtureThunks &>(*gFixture);
        return f.onQuery ? f.onQuery(i, s, o, u) : f.AnswerWithData(i, s, o, u);
    }
    static NTSTATUS SetInstance(WDFWMIINSTANCE i, ULONG s, PVOID in)
    {
        auto &f = static_cast<KmdfWmiFixtureThunks &>(*gFixture);
        return f.onSetInstance ? f.onSetInstance(i, s, in) : STATUS_SUCCESS;
    }
    static NTSTATUS SetItem(WDFWMIINSTANCE i, ULONG item, ULONG s, PVOID in)
    {
        auto &f = static_cast<KmdfWmiFixtureThunks &>(*gFixture);
        return f.onSetItem ? f.onSetItem(i, item, s, in) : STATUS_SUCCESS;
    }
    static NTSTATUS Execute(WDFWMIINSTANCE i, ULONG m, ULONG in, ULONG out, PVOID b, PULONG u)
    {
        auto &f = static_cast<KmdfWmiFixtureThunks &>(*gFixture);
        if (f.onExecute) {
            return f.onExecute(i, m, in, out, b, u);
        }
        *u = 0;
        return STATUS_SUCCESS;
    }
    static NTSTATUS FunctionControl(WDFWMIPROVIDER p, WDF_WMI_PROVIDER_CONTROL c, BOOLEAN e)
    {
        auto &f = static_cast<KmdfWmiFixtureThunks &>(*gFixture);
        return f.onFunctionControl ? f.onFunctionControl(p, c, e) : STATUS_SUCCESS;
    }
    static NTSTATUS DeviceAdd(WDFDRIVER, PWDFDEVICE_INIT init);
    static NTSTATUS SelfManagedIoInit(WDFDEVICE)
    {
        gFixture->log.push_back("SelfManagedIoInit");
        return STATUS_SUCCESS;
    }
    static VOID SelfManagedIoFlush(WDFDEVICE)
    {
        auto &f = static_cast<KmdfWmiFixtureThunks &>(*gFixture);
        f.log.push_back("SelfManagedIoFlush");
        if (f.onSelfManagedIoFlush) {
            f.onSelfManagedIoFlush();
        }
    }
    static VOID SelfManagedIoCleanup(WDFDEVICE)
    {
        auto &f = static_cast<KmdfWmiFixtureThunks &>(*gFixture);
        f.log.push_back("SelfManagedIoCleanup");
        if (f.onSelfManagedIoCleanup) {
            f.onSelfManagedIoCleanup();
        }
    }
    static NTSTATUS D0Entry(WDFDEVICE, WDF_POWER_DEVICE_STATE)
    {
        gFixture->log.push_back("D0Entry");
        return STATUS_SUCCESS;
    }
    static NTSTATUS D0Exit(WDFDEVICE, WDF_POWER_DEVICE_STATE)
    {
        gFixture->log.push_back("D0Exit");
        return STATUS_SUCCESS;
    }
    static NTSTATUS BusSystemControl(PDEVICE_OBJECT, PIRP irp)
    {
        ++static_cast<KmdfWmiFixtureThunks &>(*gFixture).pdoSystemControlIrps;
        const NTSTATUS status = irp->IoStatus.Status;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return status;
    }
    static NTSTATUS CompletionRoutine(PDEVICE_OBJECT, PIRP, PVOID context)
    {
        *static_cast<bool *>(context) = true;
        return STATUS_MORE_PROCESSING_REQUIRED; // the test frees the IRP
    }
};

NTSTATUS KmdfWmiFixtureThunks::DeviceAdd(WDFDRIVER, PWDFDEVICE_INIT init)
{
    auto &f = static_cast<KmdfWmiFixtureThunks &>(*gFixture);
    WdfDeviceInitSetPowerPolicyOwnership(init, f.powerPolicyOwner ? TRUE : FALSE);
    WDF_PNPPOWER_EVENT_CALLBACKS callbacks;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&callbacks);
    callbacks.EvtDeviceD0Entry = &D0Entry;
    callbacks.EvtDeviceD0Exit = &D0Exit;
    callbacks.EvtDeviceSelfManagedIoInit = &SelfManagedIoInit;
    callbacks.EvtDeviceSelfManagedIoFlush = &SelfManagedIoFlush;
    callbacks.EvtDeviceSelfManagedIoCleanup = &SelfManagedIoCleanup;
    WdfDeviceInitSetPnpPowerEventCallbacks(init, &callbacks);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = [](WDFOBJECT) { gFixture->log.push_back("DeviceCleanup"); };
    return WdfDeviceCreate(&init, &attributes, &f.device);
}

GUID TestGuid(ULONG n)
{
    GUID g{n, 0x1111, 0x2222, {0x33, 0x33, 0x44, 0x44, 0x55, 0x55, 0x66, 0x66}};
    return g;
}
const GUID kPowerDeviceEnable = {0x827c0a6f, 0xfeb0, 0x11d0, {0xbd, 0x26, 0x00, 0xaa, 0x00, 0xb7, 0xb3, 0x2a}};
const GUID kPowerDeviceWakeEnable = {0xa9546a82, 0xfeb0, 0x11d0, {0xbd, 0x26, 0x00, 0xaa, 0x00, 0xb7, 0xb3, 0x2a}};

IrqlScope::IrqlScope(KIRQL irql) { KeRaiseIrql(irql, &old_); }
IrqlScope::~IrqlScope() { KeLowerIrql(old_); }

ULONG Read32(const Bytes &b, size_t offset)
{
    ULONG v;
    std::memcpy(&v, b.data() + offset, 4);
    return v;
}
ULONG64 Read64(const Bytes &b, size_t offset)
{
    ULONG64 v;
    std::memcpy(&v, b.data() + offset, 8);
    return v;
}
void Write32(Bytes &b, size_t offset, ULONG v) { std::memcpy(b.data() + offset, &v, 4); }

void KmdfWmiFixture::SetUp()
{
    kernel = std::make_unique<nt::Kernel>(schedulerKind);
    bugChecks = std::make_unique<kwmi::testing::BugCheckCapture>(*kernel);
    auto &diagnostics = wdf::wmi::WmiDiagnostics::Instance();
    diagnostics.Clear();
    diagnostics.SetSettings(wdf::wmi::WmiSettings{});
    diagnostics.SetRegistrationObserver(
        [this](const wdf::wmi::WmiRegistrationCall &call) -> std::optional<NTSTATUS> {
            const RegCall recorded{call.deviceObject, call.action, call.irql, call.fromWorkItem};
            std::function<std::optional<NTSTATUS>(const RegCall &)> hook;
            {
                std::lock_guard<std::mutex> guard(callsMutex_);
                calls_.push_back(recorded);
                if (call.deviceObject == reinterpret_cast<ULONG_PTR>(fdo)) {
                    hook = onRegistrationCall;
                }
            }
            return hook ? hook(recorded) : std::nullopt;
        });
    gFixture = this;
    gGlobals = kwmi::wdf::CreateDriverGlobals("KwmiWmiTest");
    if (!deferCreate) {
        CreateDevice();
    }
}

void KmdfWmiFixture::CreateDevice()
{
    kwmi::wdf::DriverCallScope scope(gGlobals);
    driverObject = kernel->CreateDriverObject(u"\\Driver\\KwmiWmiTest",
                                              reinterpret_cast<const void *>(&KmdfWmiFixtureThunks::DeviceAdd));
    static WCHAR path[] = L"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\KwmiWmiTest";
    UNICODE_STRING registryPath;
    registryPath.Buffer = path;
    registryPath.Length = static_cast<USHORT>(sizeof(path) - sizeof(WCHAR));
    registryPath.MaximumLength = sizeof(path);
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, &KmdfWmiFixtureThunks::DeviceAdd);
    ASSERT_EQ(WdfDriverCreate(driverObject, &registryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver), STATUS_SUCCESS);

    busObject = kernel->CreateDriverObject(u"\\Driver\\KwmiWmiBus");
    busObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = &KmdfWmiFixtureThunks::BusSystemControl;
    ASSERT_EQ(IoCreateDevice(busObject, 0, nullptr, FILE_DEVICE_BUS_EXTENDER, 0, FALSE, &pdo), STATUS_SUCCESS);
    pdo->Flags &= ~DO_DEVICE_INITIALIZING;
    ASSERT_EQ(driverObject->DriverExtension->AddDevice(driverObject, pdo), STATUS_SUCCESS);
    ASSERT_NE(device, nullptr);
    fdo = WdfDeviceWdmGetDeviceObject(device);
}

NTSTATUS KmdfWmiFixture::Start()
{
    return kwmi::wdf::Resolve<kwmi::wdf::Device>(device)->Start();
}

void KmdfWmiFixture::Remove()
{
    if (!removed && device != nullptr) {
        removed = true;
        (void)kwmi::wdf::Resolve<kwmi::wdf::Device>(device)->Remove();
    }
}

void KmdfWmiFixture::SurpriseRemove() { kwmi::wdf::Resolve<kwmi::wdf::Device>(device)->SurpriseRemove(); }

void KmdfWmiFixture::TearDown()
{
    if (kernel) {
        Remove();
        kernel->WaitIdle();
    }
    if (driver != nullptr) {
        kwmi::wdf::Resolve<kwmi::wdf::Driver>(driver)->Unload();
        driver = nullptr;
    }
    if (kernel) {
        kernel->WaitIdle();
    }
    wdf::wmi::WmiDiagnostics::Instance().SetRegistrationObserver(nullptr);
    wdf::wmi::WmiDiagnostics::Instance().SetSettings(wdf::wmi::WmiSettings{});
    bugChecks.reset();
    kernel.reset();
    kwmi::wdf::DestroyDriverGlobals(gGlobals);
    gGlobals = nullptr;
    gFixture = nullptr;
}

WDFWMIPROVIDER KmdfWmiFixture::CreateProvider(const GUID &guid, ULONG flags, ULONG minSize, bool functionControl)
{
    WDF_WMI_PROVIDER_CONFIG config;
    WDF_WMI_PROVIDER_CONFIG_INIT(&config, &guid);
    config.Flags = flags;
    config.MinInstanceBufferSize = minSize;
    if (functionControl) {
        config.EvtWmiProviderFunctionControl = &KmdfWmiFixtureThunks::FunctionControl;
    }
    WDFWMIPROVIDER provider = nullptr;
    EXPECT_EQ(WdfWmiProviderCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &provider), STATUS_SUCCESS);
    return provider;
}

WDF_WMI_INSTANCE_CONFIG KmdfWmiFixture::InstanceConfig(WDFWMIPROVIDER provider, const InstanceOptions &options) const
{
    WDF_WMI_INSTANCE_CONFIG config;
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER(&config, provider);
    config.Register = options.registerNow ? TRUE : FALSE;
    config.UseContextForQuery = options.useContextForQuery ? TRUE : FALSE;
    if (options.query) {
        config.EvtWmiInstanceQueryInstance = &KmdfWmiFixtureThunks::Query;
    }
    if (options.setInstance) {
        config.EvtWmiInstanceSetInstance = &KmdfWmiFixtureThunks::SetInstance;
    }
    if (options.setItem) {
        config.EvtWmiInstanceSetItem = &KmdfWmiFixtureThunks::SetItem;
    }
    if (options.execute) {
        config.EvtWmiInstanceExecuteMethod = &KmdfWmiFixtureThunks::Execute;
    }
    return config;
}

WDFWMIINSTANCE KmdfWmiFixture::CreateInstance(WDFWMIPROVIDER provider, const InstanceOptions &options)
{
    WDF_WMI_INSTANCE_CONFIG config = InstanceConfig(provider, options);
    WDFWMIINSTANCE instance = nullptr;
    EXPECT_EQ(WdfWmiInstanceCreate(device, &config, options.attributes, &instance), STATUS_SUCCESS);
    return instance;
}

NTSTATUS KmdfWmiFixture::AnswerWithData(WDFWMIINSTANCE instance, ULONG size, PVOID out, PULONG used)
{
    const Bytes &bytes = data[instance];
    *used = static_cast<ULONG>(bytes.size());
    if (size < bytes.size()) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (!bytes.empty()) {
        std::memcpy(out, bytes.data(), bytes.size());
    }
    return STATUS_SUCCESS;
}

WDFWMIPROVIDER KmdfWmiFixture::StartWithInstances(std::vector<ULONG> sizes, ULONG minSize)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1), 0, minSize);
    UCHAR fill = 0x10;
    for (ULONG size : sizes) {
        WDFWMIINSTANCE instance = CreateInstance(provider);
        data[instance] = Bytes(size, fill++);
        instances.push_back(instance);
    }
    EXPECT_EQ(Start(), STATUS_SUCCESS);
    RunUntilIdle();
    return provider;
}

IrpResult KmdfWmiFixture::SendRaw(UCHAR minor, ULONG_PTR providerId, void *dataPath, ULONG bufferSize, void *buffer,
                                  ULONG_PTR initialInformation)
{
    return SendRawTo(fdo, minor, providerId, dataPath, bufferSize, buffer, initialInformation);
}

IrpResult KmdfWmiFixture::SendRawTo(PDEVICE_OBJECT target, UCHAR minor, ULONG_PTR providerId, void *dataPath,
                                    ULONG bufferSize, void *buffer, ULONG_PTR initialInformation)
{
    PIRP irp = IoAllocateIrp(static_cast<CCHAR>(target->StackSize), FALSE);
    EXPECT_NE(irp, nullptr);
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    irp->IoStatus.Information = initialInformation;
    PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
    stack->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
    stack->MinorFunction = minor;
    stack->Parameters.WMI.ProviderId = providerId;
    stack->Parameters.WMI.DataPath = dataPath;
    stack->Parameters.WMI.BufferSize = bufferSize;
    stack->Parameters.WMI.Buffer = buffer;
    bool completed = false;
    IoSetCompletionRoutine(irp, &KmdfWmiFixtureThunks::CompletionRoutine, &completed, TRUE, TRUE, TRUE);
    (void)IoCallDriver(target, irp);
    EXPECT_TRUE(completed);
    IrpResult result{irp->IoStatus.Status, irp->IoStatus.Information};
    IoFreeIrp(irp);
    return result;
}

IrpResult KmdfWmiFixture::Send(UCHAR minor, const GUID &guid, Bytes &buffer, std::optional<ULONG_PTR> providerId,
                               ULONG_PTR initialInformation)
{
    GUID path = guid;
    return SendRaw(minor, providerId.value_or(ProviderIdOfDevice()), &path, static_cast<ULONG>(buffer.size()),
                   buffer.data(), initialInformation);
}

namespace {
Bytes Header(const GUID &guid, ULONG bufferSize, ULONG flags)
{
    Bytes b(bufferSize < 48 ? 48 : bufferSize, 0);
    b.resize(bufferSize);
    if (bufferSize >= 48) {
        Write32(b, 0, bufferSize);
        std::memcpy(b.data() + 24, &guid, sizeof guid);
        Write32(b, 44, flags);
    }
    return b;
}
} // namespace

Bytes KmdfWmiFixture::AllDataWnode(const GUID &guid, ULONG bufferSize)
{
    return Header(guid, bufferSize, WNODE_FLAG_ALL_DATA | WNODE_FLAG_STATIC_INSTANCE_NAMES);
}

Bytes KmdfWmiFixture::SingleInstanceWnode(const GUID &guid, ULONG index, ULONG bufferSize, ULONG dataSize,
                                          bool staticNames)
{
    Bytes b = Header(guid, bufferSize,
                     WNODE_FLAG_SINGLE_INSTANCE | (staticNames ? WNODE_FLAG_STATIC_INSTANCE_NAMES : 0));
    Write32(b, 52, index);
    Write32(b, 56, 64);
    Write32(b, 60, dataSize);
    return b;
}

Bytes KmdfWmiFixture::ItemWnode(const GUID &guid, ULONG index, ULONG itemId, ULONG dataSize, ULONG bufferSize)
{
    Bytes b = Header(guid, bufferSize, WNODE_FLAG_SINGLE_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES);
    Write32(b, 52, index);
    Write32(b, 56, itemId);
    Write32(b, 60, 72);
    Write32(b, 64, dataSize);
    return b;
}

Bytes KmdfWmiFixture::MethodWnode(const GUID &guid, ULONG index, ULONG methodId, ULONG inSize, ULONG bufferSize)
{
    Bytes b = Header(guid, bufferSize, WNODE_FLAG_METHOD_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES);
    Write32(b, 52, index);
    Write32(b, 56, methodId);
    Write32(b, 60, 72);
    Write32(b, 64, inSize);
    return b;
}

Bytes KmdfWmiFixture::HeaderWnode(const GUID &guid, ULONG bufferSize, ULONG64 historicalContext)
{
    Bytes b = Header(guid, bufferSize, 0);
    if (bufferSize >= 16) {
        std::memcpy(b.data() + 8, &historicalContext, 8);
    }
    return b;
}

Bytes KmdfWmiFixture::RegInfo(bool ex, ULONG bufferSize, IrpResult *result)
{
    Bytes b(bufferSize, 0xCC);
    const IrpResult r = SendRaw(ex ? IRP_MN_REGINFO_EX : IRP_MN_REGINFO, ProviderIdOfDevice(),
                                reinterpret_cast<void *>(static_cast<ULONG_PTR>(WMIREGISTER)), bufferSize, b.data());
    if (result) {
        *result = r;
    }
    return b;
}

std::vector<RegCall> KmdfWmiFixture::Calls()
{
    std::lock_guard<std::mutex> guard(callsMutex_);
    std::vector<RegCall> mine;
    for (const RegCall &c : calls_) {
        if (c.device == reinterpret_cast<ULONG_PTR>(fdo)) {
            mine.push_back(c);
        }
    }
    return mine;
}

std::vector<ULONG> KmdfWmiFixture::ActionsOf(PDEVICE_OBJECT deviceObject)
{
    std::lock_guard<std::mutex> guard(callsMutex_);
    std::vector<ULONG> actions;
    for (const RegCall &c : calls_) {
        if (c.device == reinterpret_cast<ULONG_PTR>(deviceObject)) {
            actions.push_back(c.action);
        }
    }
    return actions;
}

WDFDEVICE KmdfWmiFixture::CreateChildPdo()
{
    PWDFDEVICE_INIT init = WdfPdoInitAllocate(device);
    EXPECT_NE(init, nullptr);
    static WCHAR idText[] = L"KWMI\\WmiChild";
    UNICODE_STRING id;
    id.Buffer = idText;
    id.Length = static_cast<USHORT>(sizeof(idText) - sizeof(WCHAR));
    id.MaximumLength = sizeof(idText);
    EXPECT_EQ(WdfPdoInitAssignDeviceID(init, &id), STATUS_SUCCESS);
    WDFDEVICE child = nullptr;
    EXPECT_EQ(WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &child), STATUS_SUCCESS);
    EXPECT_EQ(WdfFdoAddStaticChild(device, child), STATUS_SUCCESS);
    return child;
}

std::vector<ULONG> KmdfWmiFixture::Actions()
{
    std::vector<ULONG> actions;
    for (const RegCall &c : Calls()) {
        actions.push_back(c.action);
    }
    return actions;
}

void KmdfWmiFixture::ClearCalls()
{
    std::lock_guard<std::mutex> guard(callsMutex_);
    calls_.clear();
}

} // namespace kwmi::kmdfwmitest
