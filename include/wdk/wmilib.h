/*
 * wmilib.h - WmiLib, the WDM helper that turns IRP_MJ_SYSTEM_CONTROL requests into calls of
 * a driver's WMILIB_CONTEXT callbacks and builds the WNODE / WMIREGINFO buffers for it.
 */
#ifndef KWMI_WDK_WMILIB_H
#define KWMI_WDK_WMILIB_H

#include <wdm.h>
#include <wmistr.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    LPCGUID Guid;
    ULONG InstanceCount;
    ULONG Flags; /* WMIREG_FLAG_*, OR-ed with the RegFlags from QueryWmiRegInfo */
} WMIGUIDREGINFO, *PWMIGUIDREGINFO;

typedef enum {
    WmiEventControl = 0,
    WmiDataBlockControl = 1
} WMIENABLEDISABLECONTROL, *PWMIENABLEDISABLECONTROL;

typedef enum {
    IrpProcessed = 0,    /* a callback ran; it completes the IRP with WmiCompleteRequest */
    IrpNotCompleted = 1, /* WmiLib prepared IoStatus; the driver calls IoCompleteRequest */
    IrpNotWmi = 2,       /* not a WMI minor code: forward or complete as usual */
    IrpForward = 3       /* addressed to another device object: forward it */
} SYSCTL_IRP_DISPOSITION, *PSYSCTL_IRP_DISPOSITION;

typedef NTSTATUS WMI_QUERY_REGINFO_CALLBACK(PDEVICE_OBJECT DeviceObject, PULONG RegFlags,
                                            PUNICODE_STRING InstanceName,
                                            PUNICODE_STRING *RegistryPath,
                                            PUNICODE_STRING MofResourceName,
                                            PDEVICE_OBJECT *Pdo);
typedef WMI_QUERY_REGINFO_CALLBACK *PWMI_QUERY_REGINFO;

typedef NTSTATUS WMI_QUERY_DATABLOCK_CALLBACK(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                              ULONG GuidIndex, ULONG InstanceIndex,
                                              ULONG InstanceCount, PULONG InstanceLengthArray,
                                              ULONG BufferAvail, PUCHAR Buffer);
typedef WMI_QUERY_DATABLOCK_CALLBACK *PWMI_QUERY_DATABLOCK;

typedef NTSTATUS WMI_SET_DATABLOCK_CALLBACK(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                            ULONG GuidIndex, ULONG InstanceIndex,
                                            ULONG BufferSize, PUCHAR Buffer);
typedef WMI_SET_DATABLOCK_CALLBACK *PWMI_SET_DATABLOCK;

typedef NTSTATUS WMI_SET_DATAITEM_CALLBACK(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                           ULONG GuidIndex, ULONG InstanceIndex,
                                           ULONG DataItemId, ULONG BufferSize, PUCHAR Buffer);
typedef WMI_SET_DATAITEM_CALLBACK *PWMI_SET_DATAITEM;

typedef NTSTATUS WMI_EXECUTE_METHOD_CALLBACK(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                             ULONG GuidIndex, ULONG InstanceIndex,
                                             ULONG MethodId, ULONG InBufferSize,
                                             ULONG OutBufferSize, PUCHAR Buffer);
typedef WMI_EXECUTE_METHOD_CALLBACK *PWMI_EXECUTE_METHOD;

typedef NTSTATUS WMI_FUNCTION_CONTROL_CALLBACK(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                               ULONG GuidIndex,
                                               WMIENABLEDISABLECONTROL Function, BOOLEAN Enable);
typedef WMI_FUNCTION_CONTROL_CALLBACK *PWMI_FUNCTION_CONTROL;

typedef struct _WMILIB_CONTEXT {
    ULONG GuidCount;
    PWMIGUIDREGINFO GuidList;
    PWMI_QUERY_REGINFO QueryWmiRegInfo;   /* required */
    PWMI_QUERY_DATABLOCK QueryWmiDataBlock; /* required */
    PWMI_SET_DATABLOCK SetWmiDataBlock;
    PWMI_SET_DATAITEM SetWmiDataItem;
    PWMI_EXECUTE_METHOD ExecuteWmiMethod;
    PWMI_FUNCTION_CONTROL WmiFunctionControl;
} WMILIB_CONTEXT, *PWMILIB_CONTEXT;

C_ASSERT(sizeof(WMIGUIDREGINFO) == 16);
C_ASSERT(__builtin_offsetof(WMIGUIDREGINFO, InstanceCount) == 8);
C_ASSERT(__builtin_offsetof(WMIGUIDREGINFO, Flags) == 12);
C_ASSERT(sizeof(WMILIB_CONTEXT) == 64);
C_ASSERT(__builtin_offsetof(WMILIB_CONTEXT, GuidList) == 8);
C_ASSERT(__builtin_offsetof(WMILIB_CONTEXT, QueryWmiRegInfo) == 16);
C_ASSERT(__builtin_offsetof(WMILIB_CONTEXT, WmiFunctionControl) == 56);

/* PASSIVE_LEVEL. Always sets *IrpDisposition. */
NTSTATUS WmiSystemControl(PWMILIB_CONTEXT WmiLibInfo, PDEVICE_OBJECT DeviceObject, PIRP Irp,
                          PSYSCTL_IRP_DISPOSITION IrpDisposition);
/* <= DISPATCH_LEVEL. STATUS_BUFFER_TOO_SMALL + BufferUsed = bytes needed -> WNODE_TOO_SMALL and
 * STATUS_SUCCESS. Completes the IRP. */
NTSTATUS WmiCompleteRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp, NTSTATUS Status,
                            ULONG BufferUsed, CCHAR PriorityBoost);
/* Sends a single-instance event for (Guid, InstanceIndex); WMI frees EventData. */
NTSTATUS WmiFireEvent(PDEVICE_OBJECT DeviceObject, LPCGUID Guid, ULONG InstanceIndex,
                      ULONG EventDataSize, PVOID EventData);

#ifdef __cplusplus
}
#endif

#endif /* KWMI_WDK_WMILIB_H */
