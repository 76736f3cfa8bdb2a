/*++

Module Name:

    wmi_register.c

Abstract:

    Registers the acmewmi WMI blocks while the device is added. KMDF reports them to WMI
    when the device starts.

      - single-instance blocks from a table of { GUID, _SIZE, callbacks } (implicit providers);
      - AcmeWmi_Scalars: several instances of one provider, each with its data as context;
      - AcmeWmi_Notify: an event-only provider whose instance is kept for firing events;
      - AcmeWmi_Heartbeat: an explicit provider; the timer adds and removes its instance.

Environment:

    Kernel mode (KMDF), PASSIVE_LEVEL

--*/
#include "acmewmi.h"

typedef struct _ACMEWMI_BLOCK {
    GUID Guid;
    ULONG MinInstanceBufferSize;
    ULONG ProviderFlags;
    PFN_WDF_WMI_PROVIDER_FUNCTION_CONTROL FunctionControl;
    PFN_WDF_WMI_INSTANCE_QUERY_INSTANCE QueryInstance;
    PFN_WDF_WMI_INSTANCE_SET_INSTANCE SetInstance;
    PFN_WDF_WMI_INSTANCE_SET_ITEM SetItem;
    PFN_WDF_WMI_INSTANCE_EXECUTE_METHOD ExecuteMethod;
    SIZE_T InstanceFieldOffset; /* where the instance handle is kept, 0: not kept */
} ACMEWMI_BLOCK;

/*
 * Blocks with one instance each. AcmeWmi_Label has variable length (MinInstanceBufferSize 0:
 * its query callback checks the buffer size itself).
 */
static const ACMEWMI_BLOCK AcmeWmiSingleInstanceBlocks[] = {
    { AcmeWmi_AnchorGuid, ACME_ANCHOR_SIZE, 0, NULL,
      AcmeWmiAnchorQuery, NULL, AcmeWmiAnchorSetItem, NULL, 0 },
    { AcmeWmi_RouteGuid, ACME_ROUTE_SIZE, 0, NULL,
      AcmeWmiRouteQuery, NULL, NULL, NULL, 0 },
    { AcmeWmi_LabelGuid, 0, 0, NULL,
      AcmeWmiLabelQuery, NULL, AcmeWmiLabelSetItem, NULL, 0 },
    { AcmeWmi_ControlGuid, ACME_CONTROL_SIZE, 0, NULL,
      AcmeWmiControlQuery, NULL, NULL, AcmeWmiControlExecuteMethod, 0 },
    { AcmeWmi_StatisticsGuid, ACME_STATISTICS_SIZE, WdfWmiProviderExpensive, AcmeWmiStatisticsFunctionControl,
      AcmeWmiStatisticsQuery, NULL, NULL, NULL, FIELD_OFFSET(DEVICE_CONTEXT, StatisticsInstance) },
    { AcmeWmi_NotifyGuid, 0, WdfWmiProviderEventOnly, NULL,
      NULL, NULL, NULL, NULL, FIELD_OFFSET(DEVICE_CONTEXT, NotifyInstance) },
};

static NTSTATUS AcmeWmiRegisterBlock(_In_ WDFDEVICE Device, _In_ const ACMEWMI_BLOCK *Block);
static NTSTATUS AcmeWmiRegisterScalars(_In_ WDFDEVICE Device);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, AcmeWmiRegister)
#pragma alloc_text(PAGE, AcmeWmiQueryDeviceBlock)
#pragma alloc_text(PAGE, AcmeWmiRegisterBlock)
#pragma alloc_text(PAGE, AcmeWmiRegisterScalars)
#endif

NTSTATUS
AcmeWmiRegister(
    _In_ WDFDEVICE Device
    )
{
    NTSTATUS status;
    ULONG i;

    PAGED_CODE();

    for (i = 0; i < ARRAYSIZE(AcmeWmiSingleInstanceBlocks); i++) {
        status = AcmeWmiRegisterBlock(Device, &AcmeWmiSingleInstanceBlocks[i]);
        if (!NT_SUCCESS(status)) {
            KdPrint(("AcmeWmi: block %u: WdfWmiInstanceCreate failed 0x%08x\n", i, status));
            return status;
        }
    }

    status = AcmeWmiRegisterScalars(Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return AcmeWmiHeartbeatCreateProvider(Device);
}

static
NTSTATUS
AcmeWmiRegisterBlock(
    _In_ WDFDEVICE Device,
    _In_ const ACMEWMI_BLOCK *Block
    )
{
    WDF_WMI_PROVIDER_CONFIG providerConfig;
    WDF_WMI_INSTANCE_CONFIG instanceConfig;
    WDFWMIINSTANCE instance;
    NTSTATUS status;

    PAGED_CODE();

    WDF_WMI_PROVIDER_CONFIG_INIT(&providerConfig, &Block->Guid);
    providerConfig.MinInstanceBufferSize = Block->MinInstanceBufferSize;
    providerConfig.Flags = Block->ProviderFlags;
    providerConfig.EvtWmiProviderFunctionControl = Block->FunctionControl;

    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER_CONFIG(&instanceConfig, &providerConfig);
    instanceConfig.Register = TRUE;
    instanceConfig.EvtWmiInstanceQueryInstance = Block->QueryInstance;
    instanceConfig.EvtWmiInstanceSetInstance = Block->SetInstance;
    instanceConfig.EvtWmiInstanceSetItem = Block->SetItem;
    instanceConfig.EvtWmiInstanceExecuteMethod = Block->ExecuteMethod;

    status = WdfWmiInstanceCreate(Device, &instanceConfig, WDF_NO_OBJECT_ATTRIBUTES, &instance);
    if (NT_SUCCESS(status) && Block->InstanceFieldOffset != 0) {
        *(WDFWMIINSTANCE *)((PUCHAR)AcmeWmiGetDeviceContext(Device) + Block->InstanceFieldOffset) = instance;
    }
    return status;
}

static
NTSTATUS
AcmeWmiRegisterScalars(
    _In_ WDFDEVICE Device
    )
/*++

Routine Description:

    Creates ACMEWMI_SCALARS_INSTANCES instances of AcmeWmi_Scalars. The first one creates
    the provider; the others join it (a second provider with the same GUID would never be
    seen by WMI).

--*/
{
    PDEVICE_CONTEXT context = AcmeWmiGetDeviceContext(Device);
    WDF_WMI_PROVIDER_CONFIG providerConfig;
    WDF_WMI_INSTANCE_CONFIG instanceConfig;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFWMIPROVIDER provider = NULL;
    NTSTATUS status;
    ULONG i;

    PAGED_CODE();

    WDF_WMI_PROVIDER_CONFIG_INIT(&providerConfig, &AcmeWmi_Scalars_GUID);
    providerConfig.MinInstanceBufferSize = ACME_SCALARS_SIZE;

    for (i = 0; i < ACMEWMI_SCALARS_INSTANCES; i++) {
        if (provider == NULL) {
            WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER_CONFIG(&instanceConfig, &providerConfig);
        } else {
            WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER(&instanceConfig, provider);
        }
        instanceConfig.Register = TRUE;
        instanceConfig.EvtWmiInstanceQueryInstance = AcmeWmiScalarsQuery;
        instanceConfig.EvtWmiInstanceSetInstance = AcmeWmiScalarsSetInstance;
        instanceConfig.EvtWmiInstanceSetItem = AcmeWmiScalarsSetItem;

        WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, ACME_SCALARS);

        status = WdfWmiInstanceCreate(Device, &instanceConfig, &attributes, &context->ScalarsInstances[i]);
        if (!NT_SUCCESS(status)) {
            KdPrint(("AcmeWmi: scalars instance %u: WdfWmiInstanceCreate failed 0x%08x\n", i, status));
            return status;
        }
        AcmeWmiScalarsInitialize(AcmeWmiGetScalars(context->ScalarsInstances[i]), i);
        provider = WdfWmiInstanceGetProvider(context->ScalarsInstances[i]);
    }
    return STATUS_SUCCESS;
}

/*
 * The query shape of every fixed-size block kept in the device context: report the size
 * needed when the buffer is short, otherwise copy the block out under the device lock.
 */
NTSTATUS
AcmeWmiQueryDeviceBlock(
    _In_ WDFWMIINSTANCE WmiInstance,
    _In_ ULONG BlockOffset,
    _In_ ULONG BlockSize,
    _In_ ULONG OutBufferSize,
    _Out_writes_bytes_to_(OutBufferSize, *BufferUsed) PVOID OutBuffer,
    _Out_ PULONG BufferUsed
    )
{
    PDEVICE_CONTEXT context;

    PAGED_CODE();

    if (OutBufferSize < BlockSize) {
        *BufferUsed = BlockSize;
        return STATUS_BUFFER_TOO_SMALL;
    }

    context = AcmeWmiGetDeviceContext(WdfWmiInstanceGetDevice(WmiInstance));

    WdfSpinLockAcquire(context->Lock);
    RtlCopyMemory(OutBuffer, (PUCHAR)context + BlockOffset, BlockSize);
    WdfSpinLockRelease(context->Lock);

    *BufferUsed = BlockSize;
    return STATUS_SUCCESS;
}
