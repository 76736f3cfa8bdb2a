/*
 * faultdrv.c - a KMDF WMI driver used by the verifier tests (tests/verifier, kwmi host CLI
 * tests). One data block (KwmiFault_Data) per device; its query callback breaks the rule the
 * instance's Mode selects, once. Everything else is a well-behaved driver.
 */
#include "faultdrv.h"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD FaultDrvEvtDeviceAdd;
EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE FaultDrvEvtQuery;
EVT_WDF_WMI_INSTANCE_SET_INSTANCE FaultDrvEvtSetInstance;
EVT_WDF_WMI_INSTANCE_SET_ITEM FaultDrvEvtSetItem;
EVT_WDF_TIMER FaultDrvEvtEventTimer;
EVT_WDF_WORKITEM FaultDrvEvtEventWork;

static LONG FaultDrvDevicesAdded = 0;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, FaultDrvEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

static NTSTATUS FaultDrvCreateInstance(WDFDEVICE Device, const GUID *Guid, ULONG Flags, ULONG MinSize,
                                       BOOLEAN Data, WDFWMIINSTANCE *Instance)
{
    WDF_WMI_PROVIDER_CONFIG providerConfig;
    WDF_WMI_INSTANCE_CONFIG instanceConfig;

    WDF_WMI_PROVIDER_CONFIG_INIT(&providerConfig, Guid);
    providerConfig.Flags = Flags;
    providerConfig.MinInstanceBufferSize = MinSize;
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER_CONFIG(&instanceConfig, &providerConfig);
    instanceConfig.Register = TRUE;
    if (Data) {
        instanceConfig.EvtWmiInstanceQueryInstance = FaultDrvEvtQuery;
        instanceConfig.EvtWmiInstanceSetInstance = FaultDrvEvtSetInstance;
        instanceConfig.EvtWmiInstanceSetItem = FaultDrvEvtSetItem;
    }
    return WdfWmiInstanceCreate(Device, &instanceConfig, WDF_NO_OBJECT_ATTRIBUTES, Instance);
}

NTSTATUS FaultDrvEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    PFAULTDRV_CONTEXT context;
    WDFDEVICE device;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(mofName, FAULTDRV_MOF_RESOURCE_NAME);

    UNREFERENCED_PARAMETER(Driver);
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FAULTDRV_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    context = FaultDrvGetContext(device);
    context->Index = (ULONG)(InterlockedIncrement(&FaultDrvDevicesAdded) - 1);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &context->FaultLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfDeviceAssignMofResourceName(device, &mofName);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = FaultDrvCreateInstance(device, &KwmiFault_Data_GUID, 0, sizeof(FAULTDRV_DATA), TRUE, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return FaultDrvCreateInstance(device, &KwmiFault_Event_GUID, WdfWmiProviderEventOnly, 0, FALSE,
                                  &context->EventInstance);
}

/* The timer runs at DISPATCH_LEVEL, where WdfWmiInstanceFireEvent may not be called: it
 * queues a work item, which fires the event at PASSIVE_LEVEL. */
VOID FaultDrvEvtEventTimer(WDFTIMER Timer)
{
    WdfWorkItemEnqueue(FaultDrvGetContext(WdfTimerGetParentObject(Timer))->EventWork);
}

VOID FaultDrvEvtEventWork(WDFWORKITEM WorkItem)
{
    PFAULTDRV_CONTEXT context = FaultDrvGetContext(WdfWorkItemGetParentObject(WorkItem));
    ULONG code = FAULTDRV_LATE_EVENT_CODE;
    (void)WdfWmiInstanceFireEvent(context->EventInstance, sizeof(code), &code);
}

static NTSTATUS FaultDrvFireEventLater(PFAULTDRV_CONTEXT Context, WDFDEVICE Device)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    if (Context->EventTimer == NULL) {
        WDF_TIMER_CONFIG timerConfig;
        WDF_WORKITEM_CONFIG workConfig;

        WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
        attributes.ParentObject = Device;
        WDF_WORKITEM_CONFIG_INIT(&workConfig, FaultDrvEvtEventWork);
        status = WdfWorkItemCreate(&workConfig, &attributes, &Context->EventWork);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        WDF_TIMER_CONFIG_INIT(&timerConfig, FaultDrvEvtEventTimer);
        status = WdfTimerCreate(&timerConfig, &attributes, &Context->EventTimer);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
    (void)WdfTimerStart(Context->EventTimer, WDF_REL_TIMEOUT_IN_MS(FAULTDRV_EVENT_DELAY_MS));
    return STATUS_SUCCESS;
}

static NTSTATUS FaultDrvMisbehave(PFAULTDRV_CONTEXT Context, WDFDEVICE Device, ULONG Mode, ULONG OutBufferSize,
                                  PVOID OutBuffer, PULONG BufferUsed)
{
    switch (Mode) {
    case FAULTDRV_MODE_BUGCHECK:
        WdfObjectDelete(NULL);
        break;
    case FAULTDRV_MODE_KEEP_SPINLOCK:
        WdfSpinLockAcquire(Context->FaultLock); /* never released */
        break;
    case FAULTDRV_MODE_OVERRUN:
        RtlFillMemory(OutBuffer, OutBufferSize + 4, 0xAB);
        *BufferUsed = OutBufferSize;
        return STATUS_SUCCESS;
    case FAULTDRV_MODE_BUFFER_USED:
        *BufferUsed = OutBufferSize + 8;
        return STATUS_SUCCESS;
    case FAULTDRV_MODE_PENDING:
        return STATUS_PENDING;
    case FAULTDRV_MODE_IRQL2: {
        WDFMEMORY memory;
        WdfSpinLockAcquire(Context->FaultLock);
        (void)WdfDeviceAllocAndQueryProperty(Device, DevicePropertyDeviceDescription, NonPagedPoolNx,
                                             WDF_NO_OBJECT_ATTRIBUTES, &memory);
        WdfSpinLockRelease(Context->FaultLock);
        break;
    }
    case FAULTDRV_MODE_FIRE_EVENT: {
        ULONG code = 0x5A;
        (void)WdfWmiInstanceFireEvent(Context->EventInstance, sizeof(code), &code);
        break;
    }
    case FAULTDRV_MODE_DRIVER_CREATE: {
        WDF_DRIVER_CONFIG config;
        UNICODE_STRING path;
        WDFDRIVER driver = WdfGetDriver();
        RtlInitUnicodeString(&path, WdfDriverGetRegistryPath(driver));
        WDF_DRIVER_CONFIG_INIT(&config, FaultDrvEvtDeviceAdd);
        (void)WdfDriverCreate(WdfDriverWdmGetDriverObject(driver), &path, WDF_NO_OBJECT_ATTRIBUTES, &config,
                              WDF_NO_HANDLE);
        break;
    }
    case FAULTDRV_MODE_EVENT_LATER: {
        NTSTATUS status = FaultDrvFireEventLater(Context, Device);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        break;
    }
    default:
        break;
    }
    return STATUS_MORE_PROCESSING_REQUIRED; /* "answer normally" */
}

NTSTATUS FaultDrvEvtQuery(WDFWMIINSTANCE WmiInstance, ULONG OutBufferSize, PVOID OutBuffer, PULONG BufferUsed)
{
    WDFDEVICE device = WdfWmiInstanceGetDevice(WmiInstance);
    PFAULTDRV_CONTEXT context = FaultDrvGetContext(device);
    PFAULTDRV_DATA data = (PFAULTDRV_DATA)OutBuffer;
    ULONG mode = context->Mode;
    NTSTATUS status;

    context->Mode = FAULTDRV_MODE_NONE; /* one misbehaviour per request */
    context->Queries++;
    status = FaultDrvMisbehave(context, device, mode, OutBufferSize, OutBuffer, BufferUsed);
    if (status != STATUS_MORE_PROCESSING_REQUIRED) {
        return status;
    }
    if (OutBufferSize < sizeof(FAULTDRV_DATA)) {
        *BufferUsed = sizeof(FAULTDRV_DATA);
        return STATUS_BUFFER_TOO_SMALL;
    }
    data->Mode = mode;
    data->Device = context->Index;
    data->Queries = context->Queries;
    *BufferUsed = sizeof(FAULTDRV_DATA);
    return STATUS_SUCCESS;
}

NTSTATUS FaultDrvEvtSetInstance(WDFWMIINSTANCE WmiInstance, ULONG InBufferSize, PVOID InBuffer)
{
    PFAULTDRV_CONTEXT context = FaultDrvGetContext(WdfWmiInstanceGetDevice(WmiInstance));
    if (InBufferSize < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    context->Mode = ((PFAULTDRV_DATA)InBuffer)->Mode;
    return STATUS_SUCCESS;
}

NTSTATUS FaultDrvEvtSetItem(WDFWMIINSTANCE WmiInstance, ULONG DataItemId, ULONG InBufferSize, PVOID InBuffer)
{
    PFAULTDRV_CONTEXT context = FaultDrvGetContext(WdfWmiInstanceGetDevice(WmiInstance));
    if (DataItemId != 1) {
        return STATUS_WMI_READ_ONLY;
    }
    if (InBufferSize < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    context->Mode = *(PULONG)InBuffer;
    return STATUS_SUCCESS;
}
