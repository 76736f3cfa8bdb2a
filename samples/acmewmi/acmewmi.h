/*++

Module Name:

    acmewmi.h

Abstract:

    Shared definitions of the "acmewmi" sample KMDF driver: a root-enumerated device that
    exposes every kind of WMI data block kwmi supports (see acmewmi.mof).

Environment:

    Kernel mode (KMDF)

--*/
#ifndef ACMEWMI_H
#define ACMEWMI_H

#include <ntddk.h>
#include <wdf.h>
#include <wmistr.h>

/* The generated MOF header defines the block GUIDs with DEFINE_GUID: instantiate them. */
#include <initguid.h>
#include "AcmeWmiMof.h"

#define ACMEWMI_POOL_TAG 'imWA'

/* Name of the binary MOF resource (the conventional RC line: MofResource MOFDATA acmewmi.bmf). */
#define ACMEWMI_MOF_RESOURCE_NAME L"MofResource"

/* Instances of AcmeWmi_Scalars registered by the device. */
#define ACMEWMI_SCALARS_INSTANCES 3

/* Waypoints of AcmeWmi_Route (the MOF's fixed dimension). */
#define ACMEWMI_ROUTE_WAYPOINTS 4

/* AcmeWmi_Label: samples kept and the longest Name a consumer may set, in characters. */
#define ACMEWMI_LABEL_SAMPLES 5
#define ACMEWMI_LABEL_NAME_MAX_CHARS 64

/* The heartbeat timer period: real drivers hard-code tens of seconds. */
#define ACMEWMI_HEARTBEAT_PERIOD_MS 10000

/* Every AcmeWmi_Scalars instance keeps its data block as the WMI instance's context. */
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(ACME_SCALARS, AcmeWmiGetScalars)

/* The dynamic heartbeat instance keeps its data block as its context. */
WDF_DECLARE_CONTEXT_TYPE(ACME_HEARTBEAT)

/* Data of AcmeWmi_Label; the Name buffer comes from non-paged pool. */
typedef struct _ACMEWMI_LABEL_DATA {
    ULONG Revision;
    USHORT Samples[ACMEWMI_LABEL_SAMPLES];
    UNICODE_STRING Name;       /* Buffer: ACMEWMI_LABEL_NAME_MAX_CHARS WCHARs of pool */
    UNICODE_STRING Vendor;     /* constant */
} ACMEWMI_LABEL_DATA, *PACMEWMI_LABEL_DATA;

typedef struct _DEVICE_CONTEXT {
    WDFDEVICE Device;

    /* Guards every field below that a WMI callback or the timer reads or writes. */
    WDFSPINLOCK Lock;

    WDFWMIINSTANCE ScalarsInstances[ACMEWMI_SCALARS_INSTANCES];

    ACME_ANCHOR Anchor;
    ACME_ROUTE Route;
    ACMEWMI_LABEL_DATA Label;
    ACME_CONTROL Control;

    WDFWMIINSTANCE NotifyInstance;
    ULONG NotifySequence;

    WDFWMIINSTANCE StatisticsInstance;
    ACME_STATISTICS Statistics;

    /* Heartbeat: the provider is created once; the instance comes and goes with the timer. */
    WDFTIMER HeartbeatTimer;
    WDFWMIPROVIDER HeartbeatProvider;
    WDFWMIINSTANCE HeartbeatInstance;
    ULONG HeartbeatTicks;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, AcmeWmiGetDeviceContext)

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD AcmeWmiEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_DESTROY AcmeWmiEvtDeviceContextDestroy;

/* wmi_register.c */
NTSTATUS AcmeWmiRegister(_In_ WDFDEVICE Device);
NTSTATUS AcmeWmiQueryDeviceBlock(_In_ WDFWMIINSTANCE WmiInstance, _In_ ULONG BlockOffset,
                                 _In_ ULONG BlockSize, _In_ ULONG OutBufferSize,
                                 _Out_writes_bytes_to_(OutBufferSize, *BufferUsed) PVOID OutBuffer,
                                 _Out_ PULONG BufferUsed);

/* wmi_scalars.c */
VOID AcmeWmiScalarsInitialize(_Out_ PACME_SCALARS Scalars, _In_ ULONG Index);
EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE AcmeWmiScalarsQuery;
EVT_WDF_WMI_INSTANCE_SET_INSTANCE AcmeWmiScalarsSetInstance;
EVT_WDF_WMI_INSTANCE_SET_ITEM AcmeWmiScalarsSetItem;

/* wmi_geometry.c */
VOID AcmeWmiGeometryInitialize(_Inout_ PDEVICE_CONTEXT Context);
EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE AcmeWmiAnchorQuery;
EVT_WDF_WMI_INSTANCE_SET_ITEM AcmeWmiAnchorSetItem;
EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE AcmeWmiRouteQuery;

/* wmi_label.c */
NTSTATUS AcmeWmiLabelInitialize(_Inout_ PDEVICE_CONTEXT Context);
VOID AcmeWmiLabelCleanup(_Inout_ PDEVICE_CONTEXT Context);
EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE AcmeWmiLabelQuery;
EVT_WDF_WMI_INSTANCE_SET_ITEM AcmeWmiLabelSetItem;

/* wmi_control.c */
EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE AcmeWmiControlQuery;
EVT_WDF_WMI_INSTANCE_EXECUTE_METHOD AcmeWmiControlExecuteMethod;

/* wmi_statistics.c */
EVT_WDF_WMI_PROVIDER_FUNCTION_CONTROL AcmeWmiStatisticsFunctionControl;
EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE AcmeWmiStatisticsQuery;

/* heartbeat.c */
NTSTATUS AcmeWmiHeartbeatCreateProvider(_In_ WDFDEVICE Device);
NTSTATUS AcmeWmiHeartbeatStartTimer(_In_ WDFDEVICE Device);
EVT_WDF_TIMER AcmeWmiHeartbeatEvtTimer;
EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE AcmeWmiHeartbeatQuery;

#endif /* ACMEWMI_H */
