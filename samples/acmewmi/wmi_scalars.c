/*++

Module Name:

    wmi_scalars.c

Abstract:

    AcmeWmi_Scalars: every scalar WMI data type, several instances. Each instance keeps its
    data block as its WMI instance context; the device lock guards it.

Environment:

    Kernel mode (KMDF); WMI callbacks at PASSIVE_LEVEL

--*/
#include "acmewmi.h"

/* Writable data items (ids 1-10): where they live and how big they are. */
typedef struct _ACMEWMI_ITEM {
    ULONG Offset;
    ULONG Size;
} ACMEWMI_ITEM;

static const ACMEWMI_ITEM AcmeWmiScalarsWritableItems[] = {
    [ACME_SCALARS_Enabled_ID] = { FIELD_OFFSET(ACME_SCALARS, Enabled), ACME_SCALARS_Enabled_SIZE },
    [ACME_SCALARS_S8_ID] = { FIELD_OFFSET(ACME_SCALARS, S8), ACME_SCALARS_S8_SIZE },
    [ACME_SCALARS_U8_ID] = { FIELD_OFFSET(ACME_SCALARS, U8), ACME_SCALARS_U8_SIZE },
    [ACME_SCALARS_S16_ID] = { FIELD_OFFSET(ACME_SCALARS, S16), ACME_SCALARS_S16_SIZE },
    [ACME_SCALARS_U16_ID] = { FIELD_OFFSET(ACME_SCALARS, U16), ACME_SCALARS_U16_SIZE },
    [ACME_SCALARS_S32_ID] = { FIELD_OFFSET(ACME_SCALARS, S32), ACME_SCALARS_S32_SIZE },
    [ACME_SCALARS_U32_ID] = { FIELD_OFFSET(ACME_SCALARS, U32), ACME_SCALARS_U32_SIZE },
    [ACME_SCALARS_S64_ID] = { FIELD_OFFSET(ACME_SCALARS, S64), ACME_SCALARS_S64_SIZE },
    [ACME_SCALARS_U64_ID] = { FIELD_OFFSET(ACME_SCALARS, U64), ACME_SCALARS_U64_SIZE },
    [ACME_SCALARS_Letter_ID] = { FIELD_OFFSET(ACME_SCALARS, Letter), ACME_SCALARS_Letter_SIZE },
};

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, AcmeWmiScalarsQuery)
#pragma alloc_text(PAGE, AcmeWmiScalarsSetInstance)
#pragma alloc_text(PAGE, AcmeWmiScalarsSetItem)
#endif

VOID
AcmeWmiScalarsInitialize(
    _Out_ PACME_SCALARS Scalars,
    _In_ ULONG Index
    )
/*++

Routine Description:

    Gives instance Index its initial values: the extremes of each type, offset by Index.

--*/
{
    static const WCHAR stamp[] = L"20261127120000.000000+000";

    C_ASSERT(sizeof(stamp) == sizeof(Scalars->Stamp) + sizeof(WCHAR));

    RtlZeroMemory(Scalars, sizeof(*Scalars));
    Scalars->Enabled = (BOOLEAN)((Index % 2) == 0);
    Scalars->S8 = (CHAR)(-100 - (LONG)Index);
    Scalars->U8 = (UCHAR)(200 + Index);
    Scalars->S16 = (SHORT)(-30000 - (LONG)Index);
    Scalars->U16 = (USHORT)(60000 + Index);
    Scalars->S32 = -2000000000L - (LONG)Index;
    Scalars->U32 = 4000000000UL + Index;
    Scalars->S64 = -9000000000000000000LL - (LONGLONG)Index;
    Scalars->U64 = 18000000000000000000ULL + Index;
    Scalars->Letter = (WCHAR)(L'A' + Index);
    RtlCopyMemory(Scalars->Stamp, stamp, sizeof(Scalars->Stamp));
    Scalars->Stamp[13] = (WCHAR)(L'0' + Index % 10); /* seconds: one instance per second */
}

NTSTATUS
AcmeWmiScalarsQuery(
    _In_ WDFWMIINSTANCE WmiInstance,
    _In_ ULONG OutBufferSize,
    _Out_writes_bytes_to_(OutBufferSize, *BufferUsed) PVOID OutBuffer,
    _Out_ PULONG BufferUsed
    )
{
    PDEVICE_CONTEXT context;

    PAGED_CODE();

    if (OutBufferSize < ACME_SCALARS_SIZE) {
        *BufferUsed = ACME_SCALARS_SIZE;
        return STATUS_BUFFER_TOO_SMALL;
    }

    context = AcmeWmiGetDeviceContext(WdfWmiInstanceGetDevice(WmiInstance));

    WdfSpinLockAcquire(context->Lock);
    RtlCopyMemory(OutBuffer, AcmeWmiGetScalars(WmiInstance), ACME_SCALARS_SIZE);
    WdfSpinLockRelease(context->Lock);

    *BufferUsed = ACME_SCALARS_SIZE;
    return STATUS_SUCCESS;
}

NTSTATUS
AcmeWmiScalarsSetInstance(
    _In_ WDFWMIINSTANCE WmiInstance,
    _In_ ULONG InBufferSize,
    _In_reads_bytes_(InBufferSize) PVOID InBuffer
    )
/*++

Routine Description:

    Replaces the writable items; Stamp is read-only and keeps its value.

--*/
{
    PDEVICE_CONTEXT context;
    PACME_SCALARS scalars;
    WCHAR stamp[ARRAYSIZE(scalars->Stamp)];

    PAGED_CODE();

    if (InBufferSize < ACME_SCALARS_SIZE) {
        return STATUS_WMI_SET_FAILURE;
    }

    context = AcmeWmiGetDeviceContext(WdfWmiInstanceGetDevice(WmiInstance));
    scalars = AcmeWmiGetScalars(WmiInstance);

    WdfSpinLockAcquire(context->Lock);
    RtlCopyMemory(stamp, scalars->Stamp, sizeof(stamp));
    RtlCopyMemory(scalars, InBuffer, ACME_SCALARS_SIZE);
    RtlCopyMemory(scalars->Stamp, stamp, sizeof(stamp));
    WdfSpinLockRelease(context->Lock);

    return STATUS_SUCCESS;
}

NTSTATUS
AcmeWmiScalarsSetItem(
    _In_ WDFWMIINSTANCE WmiInstance,
    _In_ ULONG DataItemId,
    _In_ ULONG InBufferSize,
    _In_reads_bytes_(InBufferSize) PVOID InBuffer
    )
{
    PDEVICE_CONTEXT context;
    const ACMEWMI_ITEM *item;

    PAGED_CODE();

    if (DataItemId == ACME_SCALARS_Stamp_ID) {
        return STATUS_WMI_READ_ONLY;
    }
    if (DataItemId == 0 || DataItemId >= ARRAYSIZE(AcmeWmiScalarsWritableItems)) {
        return STATUS_WMI_ITEMID_NOT_FOUND;
    }

    item = &AcmeWmiScalarsWritableItems[DataItemId];
    if (InBufferSize < item->Size) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    context = AcmeWmiGetDeviceContext(WdfWmiInstanceGetDevice(WmiInstance));

    WdfSpinLockAcquire(context->Lock);
    RtlCopyMemory((PUCHAR)AcmeWmiGetScalars(WmiInstance) + item->Offset, InBuffer, item->Size);
    WdfSpinLockRelease(context->Lock);

    return STATUS_SUCCESS;
}
