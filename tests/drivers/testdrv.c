/*
 * testdrv.c - a small KMDF driver used by the host tests. Built with kwmi_add_driver in three
 * flavours: clean, KWMITEST_LEAK (leaks pool and an object reference) and KWMITEST_BUGCHECK
 * (passes a NULL handle to a DDI during start).
 */
#include "TestDrv.h" /* letter case differs from the file on purpose (case alias overlay) */

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD TestDrvEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_DESTROY TestDrvEvtDeviceDestroy;
EVT_WDF_DEVICE_PREPARE_HARDWARE TestDrvEvtPrepareHardware;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL TestDrvEvtIoDeviceControl;
EVT_WDF_TIMER TestDrvEvtTimer;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, TestDrvEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

VOID TestDrvEvtTimer(WDFTIMER Timer)
{
    WDFDEVICE device = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    PDEVICE_CONTEXT context = TestDrvGetContext(device);
    WdfSpinLockAcquire(context->Lock);
    context->Ticks++;
    WdfSpinLockRelease(context->Lock);
}

NTSTATUS TestDrvEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_TIMER_CONFIG timerConfig;
    PDEVICE_CONTEXT context;
    WDFDEVICE device;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(mofName, L"TestDrvWmi");

    UNREFERENCED_PARAMETER(Driver);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_UNKNOWN);
    WdfDeviceInitSetExclusive(DeviceInit, FALSE);
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = TestDrvEvtPrepareHardware;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    attributes.EvtDestroyCallback = TestDrvEvtDeviceDestroy;
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    context = TestDrvGetContext(device);
    context->Scratch = ExAllocatePoolZero(NonPagedPoolNx, 64, TESTDRV_POOL_TAG);
    if (context->Scratch == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &context->Lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceAssignMofResourceName(device, &mofName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, TestDrvEvtTimer, 1000);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &attributes, &context->Timer);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WdfTimerStart(context->Timer, WDF_REL_TIMEOUT_IN_MS(1000));

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = TestDrvEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

#ifdef KWMITEST_LEAK
    {
        WDFOBJECT extra;
        WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
        if (NT_SUCCESS(WdfObjectCreate(&attributes, &extra))) {
            WdfObjectReference(extra); /* never dereferenced: survives the driver's delete */
        }
        (void)ExAllocatePoolZero(NonPagedPoolNx, 32, 'kaeL'); /* never freed */
    }
#endif
    return STATUS_SUCCESS;
}

NTSTATUS TestDrvEvtPrepareHardware(WDFDEVICE Device, WDFCMRESLIST ResourcesRaw, WDFCMRESLIST ResourcesTranslated)
{
    PDEVICE_CONTEXT context = TestDrvGetContext(Device);
    DECLARE_CONST_UNICODE_STRING(valueName, L"Setting");
    WDFMEMORY memory;
    WDFKEY key;
    ULONG i;
    size_t bytes = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(ResourcesRaw);
#ifdef KWMITEST_BUGCHECK
    WdfObjectDelete(NULL); /* a driver bug: WDF_VIOLATION 0x10D */
#endif
    for (i = 0; i < WdfCmResourceListGetCount(ResourcesTranslated); i++) {
        if (WdfCmResourceListGetDescriptor(ResourcesTranslated, i) == NULL) {
            return STATUS_DEVICE_CONFIGURATION_ERROR;
        }
    }
    status = WdfDeviceAllocAndQueryProperty(Device, DevicePropertyFriendlyName, NonPagedPoolNx,
                                            WDF_NO_OBJECT_ATTRIBUTES, &memory);
    if (!NT_SUCCESS(status)) {
        status = WdfDeviceAllocAndQueryProperty(Device, DevicePropertyDeviceDescription, NonPagedPoolNx,
                                                WDF_NO_OBJECT_ATTRIBUTES, &memory);
    }
    if (NT_SUCCESS(status)) {
        (void)WdfMemoryGetBuffer(memory, &bytes);
        context->DescriptionBytes = (ULONG)bytes;
        WdfObjectDelete(memory);
    }
    context->Setting = 7; /* default when the value is absent */
    status = WdfDeviceOpenRegistryKey(Device, PLUGPLAY_REGKEY_DEVICE, STANDARD_RIGHTS_ALL, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (NT_SUCCESS(status)) {
        ULONG value;
        if (NT_SUCCESS(WdfRegistryQueryULong(key, &valueName, &value))) {
            context->Setting = value;
        }
        WdfRegistryClose(key);
    }
    return STATUS_SUCCESS;
}

VOID TestDrvEvtDeviceDestroy(WDFOBJECT Object)
{
    PDEVICE_CONTEXT context = TestDrvGetContext(Object);
#ifndef KWMITEST_LEAK
    if (context->Scratch != NULL) {
        ExFreePoolWithTag(context->Scratch, TESTDRV_POOL_TAG);
    }
#endif
    context->Scratch = NULL;
}

VOID TestDrvEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                               size_t InputBufferLength, ULONG IoControlCode)
{
    PDEVICE_CONTEXT context = TestDrvGetContext(WdfIoQueueGetDevice(Queue));
    PULONG input;
    PULONG output;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    switch (IoControlCode) {
    case IOCTL_TESTDRV_INCREMENT:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), &input, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), &output, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        *output = TestDrvIncrement(*input);
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(ULONG));
        return;
    case IOCTL_TESTDRV_TICKS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), &output, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfSpinLockAcquire(context->Lock);
        *output = context->Ticks;
        WdfSpinLockRelease(context->Lock);
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(ULONG));
        return;
    case IOCTL_TESTDRV_INFO:
        status = WdfRequestRetrieveOutputBuffer(Request, 2 * sizeof(ULONG), &output, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        output[0] = context->DescriptionBytes;
        output[1] = context->Setting;
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, 2 * sizeof(ULONG));
        return;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    WdfRequestComplete(Request, status);
}
