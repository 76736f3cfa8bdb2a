/*
 * resdrv.c - the resource test driver: one WMI block, and the MOF resource name it assigns.
 * RESDRV_MISSING_RESOURCE names a resource its image does not contain (a real-driver hazard:
 * wdk-api-surface.md "Missing resources").
 */
#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>
#include "ResDrvMof.h"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD ResDrvEvtDeviceAdd;
EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE ResDrvEvtQuery;

#ifdef RESDRV_MISSING_RESOURCE
#define RESDRV_MOF_NAME L"NoSuchMof"
#else
#define RESDRV_MOF_NAME L"ResDrvMof"
#endif

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, ResDrvEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

NTSTATUS ResDrvEvtQuery(WDFWMIINSTANCE WmiInstance, ULONG OutBufferSize, PVOID OutBuffer, PULONG BufferUsed)
{
    UNREFERENCED_PARAMETER(WmiInstance);
    UNREFERENCED_PARAMETER(OutBufferSize);
    *(PULONG)OutBuffer = 42;
    *BufferUsed = sizeof(ULONG);
    return STATUS_SUCCESS;
}

NTSTATUS ResDrvEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_WMI_PROVIDER_CONFIG providerConfig;
    WDF_WMI_INSTANCE_CONFIG instanceConfig;
    WDFDEVICE device;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(mofName, RESDRV_MOF_NAME);

    UNREFERENCED_PARAMETER(Driver);
    status = WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfDeviceAssignMofResourceName(device, &mofName);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WDF_WMI_PROVIDER_CONFIG_INIT(&providerConfig, &KwmiResDrv_Value_GUID);
    providerConfig.MinInstanceBufferSize = sizeof(ULONG);
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER_CONFIG(&instanceConfig, &providerConfig);
    instanceConfig.Register = TRUE;
    instanceConfig.EvtWmiInstanceQueryInstance = ResDrvEvtQuery;
    return WdfWmiInstanceCreate(device, &instanceConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}
