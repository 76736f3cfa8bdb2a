/*++

Module Name:

    wmi_statistics.c

Abstract:

    AcmeWmi_Statistics: an expensive block (WdfWmiProviderExpensive). WMI enables collection
    when the first consumer opens the block and disables it after the last close; the driver
    learns this through EvtWmiProviderFunctionControl and counts queries only while
    collecting.

Environment:

    Kernel mode (KMDF); WMI callbacks at PASSIVE_LEVEL

--*/
#include "acmewmi.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, AcmeWmiStatisticsFunctionControl)
#pragma alloc_text(PAGE, AcmeWmiStatisticsQuery)
#endif

NTSTATUS
AcmeWmiStatisticsFunctionControl(
    _In_ WDFWMIPROVIDER WmiProvider,
    _In_ WDF_WMI_PROVIDER_CONTROL Control,
    _In_ BOOLEAN Enable
    )
{
    PDEVICE_CONTEXT context;

    PAGED_CODE();

    if (Control != WdfWmiInstanceControl) {
        return STATUS_SUCCESS;
    }

    context = AcmeWmiGetDeviceContext(WdfWmiProviderGetDevice(WmiProvider));

    WdfSpinLockAcquire(context->Lock);
    context->Statistics.Collecting = Enable;
    if (Enable) {
        context->Statistics.CollectionEnables++;
    } else {
        context->Statistics.CollectionDisables++;
    }
    WdfSpinLockRelease(context->Lock);

    KdPrint(("AcmeWmi: statistics collection %s\n", Enable ? "enabled" : "disabled"));
    return STATUS_SUCCESS;
}

NTSTATUS
AcmeWmiStatisticsQuery(
    _In_ WDFWMIINSTANCE WmiInstance,
    _In_ ULONG OutBufferSize,
    _Out_writes_bytes_to_(OutBufferSize, *BufferUsed) PVOID OutBuffer,
    _Out_ PULONG BufferUsed
    )
{
    PDEVICE_CONTEXT context;

    PAGED_CODE();

    if (OutBufferSize < ACME_STATISTICS_SIZE) {
        *BufferUsed = ACME_STATISTICS_SIZE;
        return STATUS_BUFFER_TOO_SMALL;
    }

    context = AcmeWmiGetDeviceContext(WdfWmiInstanceGetDevice(WmiInstance));

    WdfSpinLockAcquire(context->Lock);
    if (context->Statistics.Collecting) {
        context->Statistics.Queries++;
    }
    RtlCopyMemory(OutBuffer, &context->Statistics, ACME_STATISTICS_SIZE);
    WdfSpinLockRelease(context->Lock);

    *BufferUsed = ACME_STATISTICS_SIZE;
    return STATUS_SUCCESS;
}
