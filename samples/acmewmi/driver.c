/*++

Module Name:

    driver.c

Abstract:

    Driver entry and device creation of the acmewmi sample: creates the device with its
    context and lock, assigns the MOF resource name, registers the WMI blocks and starts
    the heartbeat timer.

Environment:

    Kernel mode (KMDF)

--*/
#include "acmewmi.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, AcmeWmiEvtDeviceAdd)
#pragma alloc_text(PAGE, AcmeWmiEvtDeviceContextDestroy)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    KdPrint(("AcmeWmi: DriverEntry, registry path %wZ\n", RegistryPath));

    WDF_DRIVER_CONFIG_INIT(&config, AcmeWmiEvtDeviceAdd);

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("AcmeWmi: WdfDriverCreate failed 0x%08x\n", status));
    }
    return status;
}

NTSTATUS
AcmeWmiEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    PDEVICE_CONTEXT context;
    WDFDEVICE device;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(mofResourceName, ACMEWMI_MOF_RESOURCE_NAME);

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_UNKNOWN);
    WdfDeviceInitSetExclusive(DeviceInit, FALSE);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    attributes.EvtDestroyCallback = AcmeWmiEvtDeviceContextDestroy;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("AcmeWmi: WdfDeviceCreate failed 0x%08x\n", status));
        return status;
    }

    context = AcmeWmiGetDeviceContext(device);
    context->Device = device;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &context->Lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    AcmeWmiGeometryInitialize(context);
    context->Control.Level = 1;

    status = AcmeWmiLabelInitialize(context);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceAssignMofResourceName(device, &mofResourceName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("AcmeWmi: WdfDeviceAssignMofResourceName failed 0x%08x\n", status));
        return status;
    }

    status = AcmeWmiRegister(device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("AcmeWmi: WMI registration failed 0x%08x\n", status));
        return status;
    }

    return AcmeWmiHeartbeatStartTimer(device);
}

VOID
AcmeWmiEvtDeviceContextDestroy(
    _In_ WDFOBJECT Object
    )
{
    PAGED_CODE();

    AcmeWmiLabelCleanup(AcmeWmiGetDeviceContext(Object));
}
