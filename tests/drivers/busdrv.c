/*
 * busdrv.c - a KMDF bus driver used by the host and CLI tests: a root-enumerated FDO with a
 * default child list that reports BUSDRV_INITIAL_CHILDREN children when it starts, a WMI block
 * (KwmiBus_Bus) whose methods plug children in and out, and one KwmiBus_Child instance on
 * every child PDO. Written like a WDK sample, in plain C.
 */
#include "busdrv.h"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD BusDrvEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE BusDrvEvtPrepareHardware;
EVT_WDF_DEVICE_SELF_MANAGED_IO_INIT BusDrvEvtSelfManagedIoInit;
EVT_WDF_CHILD_LIST_CREATE_DEVICE BusDrvEvtCreateChild;
EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE BusDrvEvtQueryBus;
EVT_WDF_WMI_INSTANCE_EXECUTE_METHOD BusDrvEvtExecuteBus;
EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE BusDrvEvtQueryChild;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, BusDrvEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

static NTSTATUS BusDrvCreateInstance(WDFDEVICE Device, const GUID *Guid, ULONG MinSize,
                                     PFN_WDF_WMI_INSTANCE_QUERY_INSTANCE Query,
                                     PFN_WDF_WMI_INSTANCE_EXECUTE_METHOD Execute)
{
    WDF_WMI_PROVIDER_CONFIG providerConfig;
    WDF_WMI_INSTANCE_CONFIG instanceConfig;

    WDF_WMI_PROVIDER_CONFIG_INIT(&providerConfig, Guid);
    providerConfig.MinInstanceBufferSize = MinSize;
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER_CONFIG(&instanceConfig, &providerConfig);
    instanceConfig.Register = TRUE;
    instanceConfig.EvtWmiInstanceQueryInstance = Query;
    instanceConfig.EvtWmiInstanceExecuteMethod = Execute;
    return WdfWmiInstanceCreate(Device, &instanceConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}

static NTSTATUS BusDrvPlugIn(WDFCHILDLIST List, ULONG Serial)
{
    BUSDRV_CHILD_ID id;
    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER_INIT(&id.Header, sizeof(id));
    id.Serial = Serial;
    return WdfChildListAddOrUpdateChildDescriptionAsPresent(List, &id.Header, NULL);
}

NTSTATUS BusDrvEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_CHILD_LIST_CONFIG listConfig;
    WDF_PNPPOWER_EVENT_CALLBACKS pnpCallbacks;
    PNP_BUS_INFORMATION busInfo;
    WDFDEVICE device;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(mofName, BUSDRV_MOF_RESOURCE_NAME);

    UNREFERENCED_PARAMETER(Driver);
    WDF_CHILD_LIST_CONFIG_INIT(&listConfig, sizeof(BUSDRV_CHILD_ID), BusDrvEvtCreateChild);
    WdfFdoInitSetDefaultChildListConfig(DeviceInit, &listConfig, WDF_NO_OBJECT_ATTRIBUTES);
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpCallbacks);
    pnpCallbacks.EvtDevicePrepareHardware = BusDrvEvtPrepareHardware;
    pnpCallbacks.EvtDeviceSelfManagedIoInit = BusDrvEvtSelfManagedIoInit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpCallbacks);

    status = WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfDeviceAssignMofResourceName(device, &mofName);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    busInfo.BusTypeGuid = KwmiBus_Bus_GUID;
    busInfo.LegacyBusType = PNPBus;
    busInfo.BusNumber = BUSDRV_BUS_NUMBER;
    WdfDeviceSetBusInformationForChildren(device, &busInfo);
    return BusDrvCreateInstance(device, &KwmiBus_Bus_GUID, sizeof(BUSDRV_BUS), BusDrvEvtQueryBus, BusDrvEvtExecuteBus);
}

/* The hardware "appears" when the bus starts: its initial children are reported in one scan. */
NTSTATUS BusDrvEvtPrepareHardware(WDFDEVICE Device, WDFCMRESLIST ResourcesRaw, WDFCMRESLIST ResourcesTranslated)
{
    WDFCHILDLIST list = WdfFdoGetDefaultChildList(Device);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG serial;

    UNREFERENCED_PARAMETER(ResourcesRaw);
    UNREFERENCED_PARAMETER(ResourcesTranslated);
    WdfChildListBeginScan(list);
    for (serial = 1; serial <= BUSDRV_INITIAL_CHILDREN && NT_SUCCESS(status); serial++) {
        status = BusDrvPlugIn(list, serial);
    }
    WdfChildListEndScan(list);
    return status;
}

/* Like a function driver under a bus: ask the stack for an interface and live without it (the
 * host's root bus offers none), and walk the static children (this bus has none). */
NTSTATUS BusDrvEvtSelfManagedIoInit(WDFDEVICE Device)
{
    BUSDRV_INTERFACE busInterface;
    WDFDEVICE child;
    NTSTATUS status;

    RtlZeroMemory(&busInterface, sizeof(busInterface));
    status = WdfFdoQueryForInterface(Device, &KwmiBus_Bus_GUID, &busInterface.Header, sizeof(busInterface), 1, NULL);
    if (NT_SUCCESS(status) && busInterface.Header.InterfaceDereference != NULL) {
        busInterface.Header.InterfaceDereference(busInterface.Header.Context);
    }
    WdfFdoLockStaticChildListForIteration(Device);
    for (child = WdfFdoRetrieveNextStaticChild(Device, NULL, WdfRetrieveAllChildren); child != NULL;
         child = WdfFdoRetrieveNextStaticChild(Device, child, WdfRetrieveAllChildren)) {
        KdPrint(("busdrv: unexpected static child %p\n", child));
    }
    WdfFdoUnlockStaticChildListFromIteration(Device);
    return STATUS_SUCCESS;
}

static ULONG BusDrvGetSerial(PVOID Context)
{
    return BusDrvGetChildContext((WDFDEVICE)Context)->Serial;
}

NTSTATUS BusDrvEvtCreateChild(WDFCHILDLIST ChildList, PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER IdentificationDescription,
                              PWDFDEVICE_INIT ChildInit)
{
    PBUSDRV_CHILD_ID id = CONTAINING_RECORD(IdentificationDescription, BUSDRV_CHILD_ID, Header);
    WDF_OBJECT_ATTRIBUTES attributes;
    DECLARE_CONST_UNICODE_STRING(deviceId, L"KWMIBUS\\Child");
    DECLARE_CONST_UNICODE_STRING(description, L"kwmi bus test child");
    DECLARE_CONST_UNICODE_STRING(location, L"kwmi test bus");
    DECLARE_UNICODE_STRING_SIZE(instanceId, 16);
    WDF_QUERY_INTERFACE_CONFIG interfaceConfig;
    BUSDRV_INTERFACE exposed;
    WDFDEVICE child;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(ChildList);
    status = RtlUnicodeStringPrintf(&instanceId, L"%02u", id->Serial);
    if (NT_SUCCESS(status)) status = WdfPdoInitAssignDeviceID(ChildInit, &deviceId);
    if (NT_SUCCESS(status)) status = WdfPdoInitAssignInstanceID(ChildInit, &instanceId);
    if (NT_SUCCESS(status)) status = WdfPdoInitAddHardwareID(ChildInit, &deviceId);
    if (NT_SUCCESS(status)) status = WdfPdoInitAddDeviceText(ChildInit, &description, &location, 0x409);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WdfPdoInitSetDefaultLocale(ChildInit, 0x409);
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, BUSDRV_CHILD_CONTEXT);
    status = WdfDeviceCreate(&ChildInit, &attributes, &child);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    BusDrvGetChildContext(child)->Serial = id->Serial;

    RtlZeroMemory(&exposed, sizeof(exposed));
    exposed.Header.Size = sizeof(exposed);
    exposed.Header.Version = 1;
    exposed.Header.Context = child;
    exposed.Header.InterfaceReference = WdfDeviceInterfaceReferenceNoOp;
    exposed.Header.InterfaceDereference = WdfDeviceInterfaceDereferenceNoOp;
    exposed.GetSerial = BusDrvGetSerial;
    WDF_QUERY_INTERFACE_CONFIG_INIT(&interfaceConfig, &exposed.Header, &KwmiBus_Child_GUID, NULL);
    status = WdfDeviceAddQueryInterface(child, &interfaceConfig);
    if (NT_SUCCESS(status)) status = WdfDeviceCreateDeviceInterface(child, &KwmiBus_Child_GUID, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return BusDrvCreateInstance(child, &KwmiBus_Child_GUID, sizeof(BUSDRV_CHILD), BusDrvEvtQueryChild, NULL);
}

static ULONG BusDrvCountChildren(WDFCHILDLIST List)
{
    WDF_CHILD_LIST_ITERATOR iterator;
    WDFDEVICE device;
    ULONG count = 0;

    WDF_CHILD_LIST_ITERATOR_INIT(&iterator, WdfRetrieveAddedChildren);
    WdfChildListBeginIteration(List, &iterator);
    while (NT_SUCCESS(WdfChildListRetrieveNextDevice(List, &iterator, &device, NULL))) {
        count++;
    }
    WdfChildListEndIteration(List, &iterator);
    return count;
}

NTSTATUS BusDrvEvtQueryBus(WDFWMIINSTANCE WmiInstance, ULONG OutBufferSize, PVOID OutBuffer, PULONG BufferUsed)
{
    WDFDEVICE device = WdfWmiInstanceGetDevice(WmiInstance);
    PBUSDRV_BUS data = (PBUSDRV_BUS)OutBuffer;

    *BufferUsed = sizeof(BUSDRV_BUS);
    if (OutBufferSize < sizeof(BUSDRV_BUS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    data->Children = BusDrvCountChildren(WdfFdoGetDefaultChildList(device));
    return STATUS_SUCCESS;
}

NTSTATUS BusDrvEvtExecuteBus(WDFWMIINSTANCE WmiInstance, ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize,
                             PVOID Buffer, PULONG BufferUsed)
{
    WDFCHILDLIST list = WdfFdoGetDefaultChildList(WdfWmiInstanceGetDevice(WmiInstance));
    BUSDRV_CHILD_ID id;
    ULONG serial;
    NTSTATUS status;

    *BufferUsed = 0;
    if (MethodId != PlugIn && MethodId != Unplug) {
        return STATUS_WMI_ITEMID_NOT_FOUND;
    }
    if (InBufferSize < PlugIn_IN_SIZE) {
        return STATUS_INVALID_PARAMETER;
    }
    if (OutBufferSize < PlugIn_OUT_SIZE) {
        *BufferUsed = PlugIn_OUT_SIZE;
        return STATUS_BUFFER_TOO_SMALL;
    }
    serial = ((PPlugIn_IN)Buffer)->Serial;
    if (MethodId == PlugIn) {
        status = BusDrvPlugIn(list, serial);
    } else {
        WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER_INIT(&id.Header, sizeof(id));
        id.Serial = serial;
        status = WdfChildListUpdateChildDescriptionAsMissing(list, &id.Header);
    }
    /* The list's own answer (STATUS_OBJECT_NAME_EXISTS, STATUS_NO_SUCH_DEVICE ...) goes back
     * to the caller as data: the method itself succeeded. */
    ((PPlugIn_OUT)Buffer)->Status = (ULONG)status;
    *BufferUsed = PlugIn_OUT_SIZE;
    return STATUS_SUCCESS;
}

NTSTATUS BusDrvEvtQueryChild(WDFWMIINSTANCE WmiInstance, ULONG OutBufferSize, PVOID OutBuffer, PULONG BufferUsed)
{
    WDFDEVICE child = WdfWmiInstanceGetDevice(WmiInstance);
    PBUSDRV_CHILD data = (PBUSDRV_CHILD)OutBuffer;
    ULONG length = 0;
    NTSTATUS status;

    *BufferUsed = sizeof(BUSDRV_CHILD);
    if (OutBufferSize < sizeof(BUSDRV_CHILD)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    data->Serial = BusDrvGetChildContext(child)->Serial;
    status = WdfDeviceQueryProperty(child, DevicePropertyBusNumber, sizeof(data->BusNumber), &data->BusNumber, &length);
    if (!NT_SUCCESS(status)) {
        data->BusNumber = 0xFFFFFFFF;
    }
    return STATUS_SUCCESS;
}
