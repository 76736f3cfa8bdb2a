/*
 * wdfqueryinterface.h - driver-defined interfaces a device exposes to the drivers above it
 * (IRP_MN_QUERY_INTERFACE), typically a bus PDO's interface to its function driver.
 */
#ifndef KWMI_WDK_WDFQUERYINTERFACE_H
#define KWMI_WDK_WDFQUERYINTERFACE_H

#include <wdfdevice.h>

WDF_EXTERN_C_START

typedef NTSTATUS NTAPI EVT_WDF_DEVICE_PROCESS_QUERY_INTERFACE_REQUEST(_In_ WDFDEVICE Device, _In_ LPGUID InterfaceType,
                                                                      _Inout_ PINTERFACE ExposedInterface,
                                                                      _Inout_opt_ PVOID ExposedInterfaceSpecificData);
typedef EVT_WDF_DEVICE_PROCESS_QUERY_INTERFACE_REQUEST *PFN_WDF_DEVICE_PROCESS_QUERY_INTERFACE_REQUEST;

typedef struct _WDF_QUERY_INTERFACE_CONFIG {
    ULONG Size;
    PINTERFACE Interface;         /* copied by WdfDeviceAddQueryInterface (Interface->Size bytes) */
    const GUID *InterfaceType;
    BOOLEAN SendQueryToParentStack; /* PDOs: pass the query to the parent's stack instead */
    PFN_WDF_DEVICE_PROCESS_QUERY_INTERFACE_REQUEST EvtDeviceProcessQueryInterfaceRequest;
    BOOLEAN ImportInterface;        /* the requester's interface is an input the callback reads */
} WDF_QUERY_INTERFACE_CONFIG, *PWDF_QUERY_INTERFACE_CONFIG;
C_ASSERT(sizeof(WDF_QUERY_INTERFACE_CONFIG) == 48);
C_ASSERT(FIELD_OFFSET(WDF_QUERY_INTERFACE_CONFIG, SendQueryToParentStack) == 24);
C_ASSERT(FIELD_OFFSET(WDF_QUERY_INTERFACE_CONFIG, ImportInterface) == 40);

FORCEINLINE VOID WDF_QUERY_INTERFACE_CONFIG_INIT(
    _Out_ PWDF_QUERY_INTERFACE_CONFIG InterfaceConfig, _In_opt_ PINTERFACE Interface, _In_ const GUID *InterfaceType,
    _In_opt_ PFN_WDF_DEVICE_PROCESS_QUERY_INTERFACE_REQUEST EvtDeviceProcessQueryInterfaceRequest)
{
    memset(InterfaceConfig, 0, sizeof(WDF_QUERY_INTERFACE_CONFIG));
    InterfaceConfig->Size = sizeof(WDF_QUERY_INTERFACE_CONFIG);
    InterfaceConfig->Interface = Interface;
    InterfaceConfig->InterfaceType = InterfaceType;
    InterfaceConfig->EvtDeviceProcessQueryInterfaceRequest = EvtDeviceProcessQueryInterfaceRequest;
}

_Must_inspect_result_ _IRQL_requires_max_(PASSIVE_LEVEL) WDFAPI NTSTATUS NTAPI WdfDeviceAddQueryInterface(
    _In_ WDFDEVICE Device, _In_ PWDF_QUERY_INTERFACE_CONFIG InterfaceConfig);

/* Reference/dereference routines for interfaces whose lifetime the device's own guarantees
 * (usable as INTERFACE.InterfaceReference/InterfaceDereference). */
FORCEINLINE VOID NTAPI WdfDeviceInterfaceReferenceNoOp(_In_ PVOID Context) { UNREFERENCED_PARAMETER(Context); }
FORCEINLINE VOID NTAPI WdfDeviceInterfaceDereferenceNoOp(_In_ PVOID Context) { UNREFERENCED_PARAMETER(Context); }

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFQUERYINTERFACE_H */
