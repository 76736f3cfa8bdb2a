/*
 * wdfcontrol.h - control (legacy, non-PnP) device objects.
 */
#ifndef KWMI_WDK_WDFCONTROL_H
#define KWMI_WDK_WDFCONTROL_H

#include <wdfdevice.h>

WDF_EXTERN_C_START

_Must_inspect_result_ WDFAPI PWDFDEVICE_INIT NTAPI WdfControlDeviceInitAllocate(_In_ WDFDRIVER Driver,
                                                                               _In_ PCUNICODE_STRING SDDLString);
WDFAPI VOID NTAPI WdfControlFinishInitializing(_In_ WDFDEVICE Device);

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFCONTROL_H */
