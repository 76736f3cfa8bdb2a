/*++

Module Name:

    wmi_label.c

Abstract:

    AcmeWmi_Label: a variable-size block (a WmiSizeIs array followed by two counted strings).
    Registered with MinInstanceBufferSize 0, so the query callback sizes the block itself and
    answers STATUS_BUFFER_TOO_SMALL with the size it needs. Name can be changed with SetItem.

    Wire layout: Revision, SampleCount, SampleCount USHORTs, then Name and Vendor as counted
    strings (USHORT byte length + UTF-16 text), each at an even offset.

Environment:

    Kernel mode (KMDF); WMI callbacks at PASSIVE_LEVEL

--*/
#include "acmewmi.h"

#define ACMEWMI_LABEL_SAMPLES_OFFSET FIELD_OFFSET(ACME_LABEL, Samples)

static ULONG AcmeWmiLabelSize(_In_ const ACMEWMI_LABEL_DATA *Label);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, AcmeWmiLabelInitialize)
#pragma alloc_text(PAGE, AcmeWmiLabelQuery)
#pragma alloc_text(PAGE, AcmeWmiLabelSetItem)
#endif

NTSTATUS
AcmeWmiLabelInitialize(
    _Inout_ PDEVICE_CONTEXT Context
    )
{
    PACMEWMI_LABEL_DATA label = &Context->Label;
    ULONG i;

    PAGED_CODE();

    label->Revision = 1;
    for (i = 0; i < ACMEWMI_LABEL_SAMPLES; i++) {
        label->Samples[i] = (USHORT)(1000 * (i + 1) + i);
    }

    label->Name.MaximumLength = ACMEWMI_LABEL_NAME_MAX_CHARS * sizeof(WCHAR);
    label->Name.Buffer = (PWCH)ExAllocatePoolZero(NonPagedPoolNx, label->Name.MaximumLength, ACMEWMI_POOL_TAG);
    if (label->Name.Buffer == NULL) {
        label->Name.MaximumLength = 0;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    label->Name.Length = (USHORT)(wcslen(L"Acme sample device") * sizeof(WCHAR));
    RtlCopyMemory(label->Name.Buffer, L"Acme sample device", label->Name.Length);

    RtlInitUnicodeString(&label->Vendor, L"Acme Corporation");
    return STATUS_SUCCESS;
}

VOID
AcmeWmiLabelCleanup(
    _Inout_ PDEVICE_CONTEXT Context
    )
{
    if (Context->Label.Name.Buffer != NULL) {
        ExFreePoolWithTag(Context->Label.Name.Buffer, ACMEWMI_POOL_TAG);
        Context->Label.Name.Buffer = NULL;
        Context->Label.Name.Length = 0;
        Context->Label.Name.MaximumLength = 0;
    }
}

static
ULONG
AcmeWmiLabelSize(
    _In_ const ACMEWMI_LABEL_DATA *Label
    )
{
    ULONG size = ACMEWMI_LABEL_SAMPLES_OFFSET + ACMEWMI_LABEL_SAMPLES * sizeof(USHORT);

    size = ALIGN_UP_BY(size, sizeof(USHORT)) + sizeof(USHORT) + Label->Name.Length;
    size = ALIGN_UP_BY(size, sizeof(USHORT)) + sizeof(USHORT) + Label->Vendor.Length;
    return size;
}

NTSTATUS
AcmeWmiLabelQuery(
    _In_ WDFWMIINSTANCE WmiInstance,
    _In_ ULONG OutBufferSize,
    _Out_writes_bytes_to_(OutBufferSize, *BufferUsed) PVOID OutBuffer,
    _Out_ PULONG BufferUsed
    )
{
    PDEVICE_CONTEXT context;
    PACME_LABEL block = (PACME_LABEL)OutBuffer;
    PUCHAR cursor;
    ULONG needed;
    ULONG used;
    NTSTATUS status;

    PAGED_CODE();

    context = AcmeWmiGetDeviceContext(WdfWmiInstanceGetDevice(WmiInstance));

    WdfSpinLockAcquire(context->Lock);

    needed = AcmeWmiLabelSize(&context->Label);
    if (OutBufferSize < needed) {
        WdfSpinLockRelease(context->Lock);
        *BufferUsed = needed;
        return STATUS_BUFFER_TOO_SMALL;
    }

    block->Revision = context->Label.Revision;
    block->SampleCount = ACMEWMI_LABEL_SAMPLES;
    /* Samples is declared [1] by the generated header: copy through a byte pointer. */
    cursor = (PUCHAR)OutBuffer + ACMEWMI_LABEL_SAMPLES_OFFSET;
    RtlCopyMemory(cursor, context->Label.Samples, sizeof(context->Label.Samples));
    cursor += sizeof(context->Label.Samples);
    status = WDF_WMI_BUFFER_APPEND_STRING(cursor,
                                          (ULONG)((PUCHAR)OutBuffer + OutBufferSize - cursor),
                                          &context->Label.Name,
                                          &used);
    if (NT_SUCCESS(status)) {
        cursor += ALIGN_UP_BY(used, sizeof(USHORT));
        status = WDF_WMI_BUFFER_APPEND_STRING(cursor,
                                              (ULONG)((PUCHAR)OutBuffer + OutBufferSize - cursor),
                                              &context->Label.Vendor,
                                              &used);
    }

    WdfSpinLockRelease(context->Lock);

    *BufferUsed = NT_SUCCESS(status) ? needed : 0;
    return status;
}

NTSTATUS
AcmeWmiLabelSetItem(
    _In_ WDFWMIINSTANCE WmiInstance,
    _In_ ULONG DataItemId,
    _In_ ULONG InBufferSize,
    _In_reads_bytes_(InBufferSize) PVOID InBuffer
    )
/*++

Routine Description:

    Renames the device: item Name takes a counted string. Other items are read-only.

--*/
{
    PDEVICE_CONTEXT context;
    USHORT length;

    PAGED_CODE();

    switch (DataItemId) {
    case ACME_LABEL_Name_ID:
        break;
    case ACME_LABEL_Revision_ID:
    case ACME_LABEL_SampleCount_ID:
    case ACME_LABEL_Samples_ID:
    case ACME_LABEL_Vendor_ID:
        return STATUS_WMI_READ_ONLY;
    default:
        return STATUS_WMI_ITEMID_NOT_FOUND;
    }

    if (InBufferSize < sizeof(USHORT)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    RtlCopyMemory(&length, InBuffer, sizeof(USHORT));
    if ((ULONG)length + sizeof(USHORT) > InBufferSize) {
        return STATUS_WMI_SET_FAILURE;
    }
    if ((length % sizeof(WCHAR)) != 0 || length > ACMEWMI_LABEL_NAME_MAX_CHARS * sizeof(WCHAR)) {
        return STATUS_INVALID_PARAMETER;
    }

    context = AcmeWmiGetDeviceContext(WdfWmiInstanceGetDevice(WmiInstance));

    WdfSpinLockAcquire(context->Lock);
    RtlCopyMemory(context->Label.Name.Buffer, (PUCHAR)InBuffer + sizeof(USHORT), length);
    context->Label.Name.Length = length;
    context->Label.Revision++;
    WdfSpinLockRelease(context->Lock);

    return STATUS_SUCCESS;
}
