/*
 * wdfdriver.h - WDFDRIVER: WdfDriverCreate and the driver configuration.
 */
#ifndef KWMI_WDK_WDFDRIVER_H
#define KWMI_WDK_WDFDRIVER_H

#include <wdfobject.h>
#include <wdfglobals.h>

WDF_EXTERN_C_START

typedef enum _WDF_DRIVER_INIT_FLAGS {
    WdfDriverInitNonPnpDriver = 0x00000001,
    WdfDriverInitNoDispatchOverride = 0x00000002,
    WdfVerifyOn = 0x00000004,
    WdfVerifierOn = 0x00000008,
} WDF_DRIVER_INIT_FLAGS;

typedef NTSTATUS NTAPI EVT_WDF_DRIVER_DEVICE_ADD(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit);
typedef EVT_WDF_DRIVER_DEVICE_ADD *PFN_WDF_DRIVER_DEVICE_ADD;
typedef VOID NTAPI EVT_WDF_DRIVER_UNLOAD(_In_ WDFDRIVER Driver);
typedef EVT_WDF_DRIVER_UNLOAD *PFN_WDF_DRIVER_UNLOAD;

typedef struct _WDF_DRIVER_CONFIG {
    ULONG Size;
    PFN_WDF_DRIVER_DEVICE_ADD EvtDriverDeviceAdd;
    PFN_WDF_DRIVER_UNLOAD EvtDriverUnload;
    ULONG DriverInitFlags;
    ULONG DriverPoolTag;
} WDF_DRIVER_CONFIG, *PWDF_DRIVER_CONFIG;
C_ASSERT(sizeof(WDF_DRIVER_CONFIG) == 32);
C_ASSERT(FIELD_OFFSET(WDF_DRIVER_CONFIG, DriverInitFlags) == 24);

FORCEINLINE VOID WDF_DRIVER_CONFIG_INIT(_Out_ PWDF_DRIVER_CONFIG Config,
                                        _In_opt_ PFN_WDF_DRIVER_DEVICE_ADD EvtDriverDeviceAdd)
{
    memset(Config, 0, sizeof(WDF_DRIVER_CONFIG));
    Config->Size = sizeof(WDF_DRIVER_CONFIG);
    Config->EvtDriverDeviceAdd = EvtDriverDeviceAdd;
}

_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfDriverCreate(
    _In_ PDRIVER_OBJECT DriverObject, _In_ PCUNICODE_STRING RegistryPath,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES DriverAttributes, _In_ PWDF_DRIVER_CONFIG DriverConfig,
    _Out_opt_ WDFDRIVER *Driver);
WDFAPI PWSTR NTAPI WdfDriverGetRegistryPath(_In_ WDFDRIVER Driver);
WDFAPI PDRIVER_OBJECT NTAPI WdfDriverWdmGetDriverObject(_In_ WDFDRIVER Driver);
WDFAPI WDFDRIVER NTAPI WdfWdmDriverGetWdfDriverHandle(_In_ PDRIVER_OBJECT DriverObject);
WDFAPI WDFDRIVER NTAPI WdfGetDriver(VOID);

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFDRIVER_H */
