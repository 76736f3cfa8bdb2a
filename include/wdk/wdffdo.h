/*
 * wdffdo.h - function/filter device objects: initialisation, the default child list, static
 * child iteration and interfaces queried from the lower stack.
 */
#ifndef KWMI_WDK_WDFFDO_H
#define KWMI_WDK_WDFFDO_H

#include <wdfdevice.h>
#include <wdfchildlist.h>

WDF_EXTERN_C_START

WDFAPI VOID NTAPI WdfFdoInitSetFilter(_In_ PWDFDEVICE_INIT DeviceInit);
WDFAPI PDEVICE_OBJECT NTAPI WdfFdoInitWdmGetPhysicalDevice(_In_ PWDFDEVICE_INIT DeviceInit);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfFdoAddStaticChild(_In_ WDFDEVICE Fdo, _In_ WDFDEVICE Child);

/* Static children: while locked, added or missing children are not reported to PnP. */
_IRQL_requires_max_(DISPATCH_LEVEL) WDFAPI VOID NTAPI WdfFdoLockStaticChildListForIteration(_In_ WDFDEVICE Fdo);
_IRQL_requires_max_(DISPATCH_LEVEL) WDFAPI WDFDEVICE NTAPI WdfFdoRetrieveNextStaticChild(
    _In_ WDFDEVICE Fdo, _In_opt_ WDFDEVICE PreviousChild, _In_ ULONG Flags);
_IRQL_requires_max_(DISPATCH_LEVEL) WDFAPI VOID NTAPI WdfFdoUnlockStaticChildListFromIteration(_In_ WDFDEVICE Fdo);

/* The default child list, created by WdfDeviceCreate from this configuration. */
_IRQL_requires_max_(PASSIVE_LEVEL) WDFAPI VOID NTAPI WdfFdoInitSetDefaultChildListConfig(
    _Inout_ PWDFDEVICE_INIT DeviceInit, _In_ PWDF_CHILD_LIST_CONFIG Config,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES DefaultChildListAttributes);
_IRQL_requires_max_(DISPATCH_LEVEL) WDFAPI WDFCHILDLIST NTAPI WdfFdoGetDefaultChildList(_In_ WDFDEVICE Fdo);

/* IRP_MN_QUERY_INTERFACE sent down the device's stack. */
_Must_inspect_result_ _IRQL_requires_max_(PASSIVE_LEVEL) WDFAPI NTSTATUS NTAPI WdfFdoQueryForInterface(
    _In_ WDFDEVICE Fdo, _In_ LPCGUID InterfaceType, _Out_ PINTERFACE Interface, _In_ USHORT Size, _In_ USHORT Version,
    _In_opt_ PVOID InterfaceSpecificData);

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFFDO_H */
