/*++

Module Name:

    heartbeat.c

Abstract:

    AcmeWmi_Heartbeat: a dynamic WMI instance. A periodic WDF timer, created and started in
    EvtDriverDeviceAdd and parented to the device, alternately creates the instance (with
    Register = TRUE) and removes it (WdfWmiInstanceDeregister + WdfObjectDelete). The timer
    runs at DISPATCH_LEVEL, so KMDF defers the WMI registration update to a work item.

    The provider is created once: creating an instance from a provider configuration every
    time would make a second provider with the same GUID, which WMI never sees.

Environment:

    Kernel mode (KMDF); the timer callback at DISPATCH_LEVEL

--*/
#include "acmewmi.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, AcmeWmiHeartbeatCreateProvider)
#pragma alloc_text(PAGE, AcmeWmiHeartbeatStartTimer)
#pragma alloc_text(PAGE, AcmeWmiHeartbeatQuery)
#endif

static VOID AcmeWmiHeartbeatAdd(_In_ PDEVICE_CONTEXT Context, _In_ ULONG Tick, _In_ KIRQL Irql);

NTSTATUS
AcmeWmiHeartbeatCreateProvider(
    _In_ WDFDEVICE Device
    )
{
    PDEVICE_CONTEXT context = AcmeWmiGetDeviceContext(Device);
    WDF_WMI_PROVIDER_CONFIG providerConfig;

    PAGED_CODE();

    WDF_WMI_PROVIDER_CONFIG_INIT(&providerConfig, &AcmeWmi_Heartbeat_GUID);
    providerConfig.MinInstanceBufferSize = ACME_HEARTBEAT_SIZE;

    return WdfWmiProviderCreate(Device, &providerConfig, WDF_NO_OBJECT_ATTRIBUTES, &context->HeartbeatProvider);
}

NTSTATUS
AcmeWmiHeartbeatStartTimer(
    _In_ WDFDEVICE Device
    )
{
    PDEVICE_CONTEXT context = AcmeWmiGetDeviceContext(Device);
    WDF_TIMER_CONFIG timerConfig;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    PAGED_CODE();

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, AcmeWmiHeartbeatEvtTimer, ACMEWMI_HEARTBEAT_PERIOD_MS);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Device;

    status = WdfTimerCreate(&timerConfig, &attributes, &context->HeartbeatTimer);
    if (!NT_SUCCESS(status)) {
        KdPrint(("AcmeWmi: WdfTimerCreate failed 0x%08x\n", status));
        return status;
    }

    WdfTimerStart(context->HeartbeatTimer, WDF_REL_TIMEOUT_IN_MS(ACMEWMI_HEARTBEAT_PERIOD_MS));
    return STATUS_SUCCESS;
}

VOID
AcmeWmiHeartbeatEvtTimer(
    _In_ WDFTIMER Timer
    )
{
    WDFDEVICE device = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    PDEVICE_CONTEXT context = AcmeWmiGetDeviceContext(device);
    WDFWMIINSTANCE instance;
    KIRQL irql = KeGetCurrentIrql();
    ULONG tick;

    WdfSpinLockAcquire(context->Lock);
    tick = ++context->HeartbeatTicks;
    instance = context->HeartbeatInstance;
    context->HeartbeatInstance = NULL;
    WdfSpinLockRelease(context->Lock);

    if (instance == NULL) {
        AcmeWmiHeartbeatAdd(context, tick, irql);
    } else {
        WdfWmiInstanceDeregister(instance);
        WdfObjectDelete(instance);
    }
}

static
VOID
AcmeWmiHeartbeatAdd(
    _In_ PDEVICE_CONTEXT Context,
    _In_ ULONG Tick,
    _In_ KIRQL Irql
    )
{
    WDF_WMI_INSTANCE_CONFIG instanceConfig;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFWMIINSTANCE instance;
    PACME_HEARTBEAT heartbeat;
    LARGE_INTEGER now;
    NTSTATUS status;

    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER(&instanceConfig, Context->HeartbeatProvider);
    instanceConfig.Register = TRUE;
    instanceConfig.EvtWmiInstanceQueryInstance = AcmeWmiHeartbeatQuery;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, ACME_HEARTBEAT);

    status = WdfWmiInstanceCreate(Context->Device, &instanceConfig, &attributes, &instance);
    if (!NT_SUCCESS(status)) {
        KdPrint(("AcmeWmi: heartbeat %u: WdfWmiInstanceCreate failed 0x%08x\n", Tick, status));
        return;
    }

    KeQuerySystemTime(&now);
    heartbeat = WdfObjectGet_ACME_HEARTBEAT(instance);

    WdfSpinLockAcquire(Context->Lock);
    heartbeat->Tick = Tick;
    heartbeat->CreatedAt = (ULONGLONG)now.QuadPart;
    heartbeat->CreatedAtIrql = Irql;
    Context->HeartbeatInstance = instance;
    WdfSpinLockRelease(Context->Lock);
}

NTSTATUS
AcmeWmiHeartbeatQuery(
    _In_ WDFWMIINSTANCE WmiInstance,
    _In_ ULONG OutBufferSize,
    _Out_writes_bytes_to_(OutBufferSize, *BufferUsed) PVOID OutBuffer,
    _Out_ PULONG BufferUsed
    )
{
    PDEVICE_CONTEXT context;

    PAGED_CODE();

    if (OutBufferSize < ACME_HEARTBEAT_SIZE) {
        *BufferUsed = ACME_HEARTBEAT_SIZE;
        return STATUS_BUFFER_TOO_SMALL;
    }

    context = AcmeWmiGetDeviceContext(WdfWmiInstanceGetDevice(WmiInstance));

    WdfSpinLockAcquire(context->Lock);
    if (context->HeartbeatInstance != WmiInstance) {
        /* The timer removed this instance after WMI picked it: it no longer exists. */
        WdfSpinLockRelease(context->Lock);
        *BufferUsed = 0;
        return STATUS_WMI_INSTANCE_NOT_FOUND;
    }
    RtlCopyMemory(OutBuffer, WdfObjectGet_ACME_HEARTBEAT(WmiInstance), ACME_HEARTBEAT_SIZE);
    WdfSpinLockRelease(context->Lock);

    *BufferUsed = ACME_HEARTBEAT_SIZE;
    return STATUS_SUCCESS;
}
