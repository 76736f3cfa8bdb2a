/*
 * wdm_wmi.h - the kernel WMI service's driver-facing DDIs (IoWMI*), included by wdm.h.
 *
 * DEVICE_OBJECT is named through its struct tag so this header does not depend on where
 * wdm.h defines the typedef. IRP_MN_* WMI minor codes and Parameters.WMI live in wdm.h.
 */
#ifndef KWMI_WDK_WDM_WMI_H
#define KWMI_WDK_WDM_WMI_H

#include <ntdef.h>
#include <guiddef.h>
#include <wmistr.h>

#ifdef __cplusplus
extern "C" {
#endif

struct _DEVICE_OBJECT;

/* IoWMIRegistrationControl actions */
#define WMIREG_ACTION_REGISTER 1
#define WMIREG_ACTION_DEREGISTER 2
#define WMIREG_ACTION_REREGISTER 3
#define WMIREG_ACTION_UPDATE_GUIDS 4
#define WMIREG_ACTION_BLOCK_IRPS 5

/* Parameters.WMI.DataPath of IRP_MN_REGINFO(_EX) */
#define WMIREGISTER 0
#define WMIUPDATE 1

/* Registers, deregisters or refreshes a device object as a WMI data provider.
 * PASSIVE_LEVEL. Unknown action -> STATUS_INVALID_PARAMETER. */
NTKERNELAPI NTSTATUS IoWMIRegistrationControl(struct _DEVICE_OBJECT *DeviceObject, ULONG Action);

/* 32-bit provider id for WNODE_HEADER.ProviderId of events. */
NTKERNELAPI ULONG IoWMIDeviceObjectToProviderId(struct _DEVICE_OBJECT *DeviceObject);

/* Hands an event WNODE (nonpaged pool) to WMI. On STATUS_SUCCESS WMI owns and frees it;
 * on any other status the caller keeps it. */
NTKERNELAPI NTSTATUS IoWMIWriteEvent(PVOID WnodeEventItem);

/* Reserves InstanceCount unique ids for dynamic instance names of Guid. */
NTKERNELAPI NTSTATUS IoWMIAllocateInstanceIds(const GUID *Guid, ULONG InstanceCount,
                                              ULONG *FirstInstanceId);

/* Suggests an instance name base from the PDO's device instance path and/or a symbolic
 * link name. The Buffer of SuggestedInstanceName is pool the caller frees. */
NTKERNELAPI NTSTATUS IoWMISuggestInstanceName(struct _DEVICE_OBJECT *PhysicalDeviceObject,
                                              PUNICODE_STRING SymbolicLinkName,
                                              BOOLEAN CombineNames,
                                              PUNICODE_STRING SuggestedInstanceName);

/* ---- kernel-mode consumers ---- */
typedef VOID (*WMI_NOTIFICATION_CALLBACK)(PVOID Wnode, PVOID Context);

NTKERNELAPI NTSTATUS IoWMIOpenBlock(const GUID *Guid, ULONG DesiredAccess,
                                    PVOID *DataBlockObject);
NTKERNELAPI NTSTATUS IoWMIQueryAllData(PVOID DataBlockObject, PULONG InOutBufferSize,
                                       PVOID OutBuffer);
NTKERNELAPI NTSTATUS IoWMIQuerySingleInstance(PVOID DataBlockObject,
                                              PUNICODE_STRING InstanceName,
                                              PULONG InOutBufferSize, PVOID OutBuffer);
NTKERNELAPI NTSTATUS IoWMISetSingleInstance(PVOID DataBlockObject, PUNICODE_STRING InstanceName,
                                            ULONG Version, ULONG ValueBufferSize,
                                            PVOID ValueBuffer);
NTKERNELAPI NTSTATUS IoWMISetSingleItem(PVOID DataBlockObject, PUNICODE_STRING InstanceName,
                                        ULONG DataItemId, ULONG Version, ULONG ValueBufferSize,
                                        PVOID ValueBuffer);
NTKERNELAPI NTSTATUS IoWMIExecuteMethod(PVOID DataBlockObject, PUNICODE_STRING InstanceName,
                                        ULONG MethodId, ULONG InBufferSize,
                                        PULONG OutBufferSize, PUCHAR InOutBuffer);
NTKERNELAPI NTSTATUS IoWMISetNotificationCallback(PVOID Object,
                                                  WMI_NOTIFICATION_CALLBACK Callback,
                                                  PVOID Context);
/* kwmi: releases an object from IoWMIOpenBlock (Windows uses ObDereferenceObject). */
NTKERNELAPI VOID KwmiIoWMICloseBlock(PVOID DataBlockObject);

#ifdef __cplusplus
}
#endif

#endif /* KWMI_WDK_WDM_WMI_H */
