/*
 * wdffdo.h - function/filter device object initialisation.
 */
#ifndef KWMI_WDK_WDFFDO_H
#define KWMI_WDK_WDFFDO_H

#include <wdfdevice.h>

WDF_EXTERN_C_START

WDFAPI VOID NTAPI WdfFdoInitSetFilter(_In_ PWDFDEVICE_INIT DeviceInit);
WDFAPI PDEVICE_OBJECT NTAPI WdfFdoInitWdmGetPhysicalDevice(_In_ PWDFDEVICE_INIT DeviceInit);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfFdoAddStaticChild(_In_ WDFDEVICE Fdo, _In_ WDFDEVICE Child);

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFFDO_H */
