/*
 * wdfresource.h - WDFCMRESLIST: the raw and translated hardware resources a device receives
 * in EvtDevicePrepareHardware. Simulated root-enumerated devices have none.
 */
#ifndef KWMI_WDK_WDFRESOURCE_H
#define KWMI_WDK_WDFRESOURCE_H

#include <wdfobject.h>

WDF_EXTERN_C_START

WDFAPI ULONG NTAPI WdfCmResourceListGetCount(_In_ WDFCMRESLIST List);
WDFAPI PCM_PARTIAL_RESOURCE_DESCRIPTOR NTAPI WdfCmResourceListGetDescriptor(_In_ WDFCMRESLIST List, _In_ ULONG Index);

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFRESOURCE_H */
