/* faultdrv.h - the verifier test driver: a KMDF WMI driver whose query callback breaks one
 * rule on request. A consumer sets KwmiFault_Data.Mode on an instance; the next query of that
 * instance misbehaves as the mode says (then Mode returns to FAULTDRV_MODE_NONE). */
#ifndef FAULTDRV_H
#define FAULTDRV_H

#include <ntddk.h>
#include <wdf.h>
#include <wmistr.h>

#include <initguid.h>
#include "FaultDrvMof.h"

#define FAULTDRV_POOL_TAG 'tlFK'
#define FAULTDRV_MOF_RESOURCE_NAME L"MofResource"
#define FAULTDRV_EVENT_DELAY_MS 1000
#define FAULTDRV_LATE_EVENT_CODE 0x1A7E

typedef enum _FAULTDRV_MODE {
    FAULTDRV_MODE_NONE = 0,
    FAULTDRV_MODE_BUGCHECK = 1,          /* WdfObjectDelete(NULL): 0x10D / 0x5 */
    FAULTDRV_MODE_KEEP_SPINLOCK = 2,     /* returns holding a WDFSPINLOCK: 0x10D / 0xE */
    FAULTDRV_MODE_OVERRUN = 3,           /* writes 4 bytes past OutBufferSize */
    FAULTDRV_MODE_BUFFER_USED = 4,       /* success with BufferUsed > OutBufferSize */
    FAULTDRV_MODE_PENDING = 5,           /* returns STATUS_PENDING */
    FAULTDRV_MODE_IRQL2 = 6,             /* PASSIVE-only DDI while holding a WDFSPINLOCK */
    FAULTDRV_MODE_FIRE_EVENT = 7,        /* fires KwmiFault_Event nobody enabled (diagnostic) */
    FAULTDRV_MODE_DRIVER_CREATE = 8,     /* WdfDriverCreate from the callback */
    FAULTDRV_MODE_EVENT_LATER = 9        /* well-behaved: KwmiFault_Event (Code 0x1A7E) fires
                                            FAULTDRV_EVENT_DELAY_MS later, from a work item */
} FAULTDRV_MODE;

typedef struct _FAULTDRV_CONTEXT {
    ULONG Index;              /* order of EvtDriverDeviceAdd, 0 first */
    ULONG Mode;
    ULONG Queries;
    WDFSPINLOCK FaultLock;    /* only ever taken by the misbehaving modes */
    WDFWMIINSTANCE EventInstance;
    WDFTIMER EventTimer;      /* FAULTDRV_MODE_EVENT_LATER: created on first use */
    WDFWORKITEM EventWork;
} FAULTDRV_CONTEXT, *PFAULTDRV_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FAULTDRV_CONTEXT, FaultDrvGetContext)

#endif
