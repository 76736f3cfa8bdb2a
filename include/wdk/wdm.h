/*
 * wdm.h - kwmi's portable WDM kernel header (umbrella).
 *
 * Base types, statuses and GUIDs, then the kernel core (wdm_ke.h), executive (wdm_ex.h),
 * PnP/power codes and types (wdm_pnp.h), the I/O manager (wdm_io.h), the RTL runtime
 * (kwmi_rtl.h) and the WMI routines (wdm_wmi.h). ALLOC_PRAGMA is deliberately not defined,
 * so drivers' `#pragma alloc_text` blocks disappear.
 */
#ifndef KWMI_WDK_WDM_H
#define KWMI_WDK_WDM_H

#ifndef _WDMDDK_
#define _WDMDDK_
#endif

#include <ntdef.h>
#include <ntstatus.h>
#include <guiddef.h>
#include <bugcodes.h>
#include <wdm_ke.h>
#include <wdm_ex.h>
#include <wdm_pnp.h>
#include <wdm_io.h>
#include <kwmi_rtl.h>
#include <wdm_wmi.h>

#endif /* KWMI_WDK_WDM_H */
