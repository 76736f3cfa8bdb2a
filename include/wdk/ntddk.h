/* ntddk.h - kwmi's portable NT DDK header: everything of <wdm.h> (the NT-only additions
 * drivers use live there too). */
#ifndef KWMI_WDK_NTDDK_H
#define KWMI_WDK_NTDDK_H

#ifndef _NTDDK_
#define _NTDDK_
#endif

#include <wdm.h>

#endif /* KWMI_WDK_NTDDK_H */
