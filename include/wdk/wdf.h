/*
 * wdf.h - the KMDF umbrella header: the framework surface kwmi implements, split as the WDK
 * splits it. Include after <ntddk.h> (this header includes it too).
 */
#ifndef KWMI_WDK_WDF_H
#define KWMI_WDK_WDF_H

#include <ntddk.h>

#include <wdftypes.h>
#include <wdfcore.h>
#include <wdfbugcodes.h>
#include <wdfassert.h>
#include <wdfglobals.h>
#include <wdfobject.h>
#include <wdfroletypes.h>
#include <wdfdriver.h>
#include <wdfdevice.h>
#include <wdfcontrol.h>
#include <wdfchildlist.h>
#include <wdffdo.h>
#include <wdfpdo.h>
#include <wdfqueryinterface.h>
#include <wdffileobject.h>
#include <wdfsync.h>
#include <wdftimer.h>
#include <wdfworkitem.h>
#include <wdfmemory.h>
#include <wdfresource.h>
#include <wdfregistry.h>
#include <wdfstring.h>
#include <wdfio.h>
#include <wdfrequest.h>
#include <wdfwmi.h>

#endif /* KWMI_WDK_WDF_H */
