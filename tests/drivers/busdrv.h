/* busdrv.h - the bus test driver: a KMDF bus FDO with a default child list. The bus's WMI
 * block (KwmiBus_Bus) plugs children in and out; every child PDO registers a KwmiBus_Child
 * instance, so a consumer sees the children come and go. */
#ifndef BUSDRV_H
#define BUSDRV_H

#include <ntddk.h>
#include <wdf.h>
#include <wmistr.h>
#include <ntstrsafe.h>

#include <initguid.h>
#include "BusDrvMof.h"

#define BUSDRV_MOF_RESOURCE_NAME L"MofResource"
#define BUSDRV_BUS_NUMBER 7
#define BUSDRV_INITIAL_CHILDREN 2

/* The identification description: the driver's own structure behind the framework header. */
typedef struct _BUSDRV_CHILD_ID {
    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER Header;
    ULONG Serial;
} BUSDRV_CHILD_ID, *PBUSDRV_CHILD_ID;

/* What a child PDO exposes to the drivers above it (IRP_MN_QUERY_INTERFACE). */
typedef struct _BUSDRV_INTERFACE {
    INTERFACE Header;
    ULONG (*GetSerial)(PVOID Context);
} BUSDRV_INTERFACE, *PBUSDRV_INTERFACE;

typedef struct _BUSDRV_CHILD_CONTEXT {
    ULONG Serial;
} BUSDRV_CHILD_CONTEXT, *PBUSDRV_CHILD_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(BUSDRV_CHILD_CONTEXT, BusDrvGetChildContext)

#endif /* BUSDRV_H */
