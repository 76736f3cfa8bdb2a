/*
 * wdfpdo.h - physical device objects a bus driver creates for its children (static children
 * added with WdfFdoAddStaticChild and enumerated by the host).
 */
#ifndef KWMI_WDK_WDFPDO_H
#define KWMI_WDK_WDFPDO_H

#include <wdfdevice.h>

WDF_EXTERN_C_START

_Must_inspect_result_ WDFAPI PWDFDEVICE_INIT NTAPI WdfPdoInitAllocate(_In_ WDFDEVICE ParentDevice);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfPdoInitAssignDeviceID(_In_ PWDFDEVICE_INIT DeviceInit, _In_ PCUNICODE_STRING DeviceID);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfPdoInitAssignInstanceID(_In_ PWDFDEVICE_INIT DeviceInit, _In_ PCUNICODE_STRING InstanceID);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfPdoInitAddHardwareID(_In_ PWDFDEVICE_INIT DeviceInit, _In_ PCUNICODE_STRING HardwareID);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfPdoInitAddCompatibleID(_In_ PWDFDEVICE_INIT DeviceInit, _In_ PCUNICODE_STRING CompatibleID);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfPdoInitAddDeviceText(_In_ PWDFDEVICE_INIT DeviceInit, _In_ PCUNICODE_STRING DeviceDescription,
                                                                    _In_ PCUNICODE_STRING DeviceLocation, _In_ LCID LocaleId);
WDFAPI VOID NTAPI WdfPdoInitSetDefaultLocale(_In_ PWDFDEVICE_INIT DeviceInit, _In_ LCID LocaleId);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfPdoMarkMissing(_In_ WDFDEVICE Device);
WDFAPI VOID NTAPI WdfPdoRequestEject(_In_ WDFDEVICE Device);
WDFAPI WDFDEVICE NTAPI WdfPdoGetParent(_In_ WDFDEVICE Device);

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFPDO_H */
