/*
 * wdffileobject.h - framework file objects (WDFFILEOBJECT): the device a file was opened on.
 */
#ifndef KWMI_WDK_WDFFILEOBJECT_H
#define KWMI_WDK_WDFFILEOBJECT_H

#include <wdfdevice.h>

WDF_EXTERN_C_START

_IRQL_requires_max_(DISPATCH_LEVEL) WDFAPI WDFDEVICE NTAPI WdfFileObjectGetDevice(_In_ WDFFILEOBJECT FileObject);

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFFILEOBJECT_H */
