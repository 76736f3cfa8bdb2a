/*
 * wdfregistry.h - WDFKEY. The simulated devnode keys are empty: opening succeeds, every value
 * query returns STATUS_OBJECT_NAME_NOT_FOUND (drivers then use their defaults).
 */
#ifndef KWMI_WDK_WDFREGISTRY_H
#define KWMI_WDK_WDFREGISTRY_H

#include <wdfobject.h>

WDF_EXTERN_C_START

_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfDeviceOpenRegistryKey(_In_ WDFDEVICE Device, _In_ ULONG DeviceInstanceKeyType,
                                                                     _In_ ACCESS_MASK DesiredAccess,
                                                                     _In_opt_ PWDF_OBJECT_ATTRIBUTES KeyAttributes,
                                                                     _Out_ WDFKEY *Key);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfDriverOpenParametersRegistryKey(_In_ WDFDRIVER Driver,
                                                                               _In_ ACCESS_MASK DesiredAccess,
                                                                               _In_opt_ PWDF_OBJECT_ATTRIBUTES KeyAttributes,
                                                                               _Out_ WDFKEY *Key);
WDFAPI VOID NTAPI WdfRegistryClose(_In_ WDFKEY Key);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfRegistryQueryULong(_In_ WDFKEY Key, _In_ PCUNICODE_STRING ValueName,
                                                                  _Out_ PULONG Value);

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFREGISTRY_H */
