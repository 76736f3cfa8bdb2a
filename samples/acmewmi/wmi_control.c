/*++

Module Name:

    wmi_control.c

Abstract:

    AcmeWmi_Control: a block with methods. AcmeSetLevel changes the block's data,
    AcmeFireNotify fires the AcmeWmi_Notify event with WdfWmiInstanceFireEvent, and
    AcmeAddValues only computes. Inputs and outputs share one buffer, so every input is read
    before any output is written, and sizes are checked before anything changes.

Environment:

    Kernel mode (KMDF); WMI callbacks at PASSIVE_LEVEL

--*/
#include "acmewmi.h"

#define ACMEWMI_MAX_LEVEL 5

static NTSTATUS AcmeWmiSetLevel(_In_ PDEVICE_CONTEXT Context, _Inout_ PVOID Buffer);
static NTSTATUS AcmeWmiFireNotify(_In_ PDEVICE_CONTEXT Context, _Inout_ PVOID Buffer);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, AcmeWmiControlQuery)
#pragma alloc_text(PAGE, AcmeWmiControlExecuteMethod)
#pragma alloc_text(PAGE, AcmeWmiSetLevel)
#pragma alloc_text(PAGE, AcmeWmiFireNotify)
#endif

NTSTATUS
AcmeWmiControlQuery(
    _In_ WDFWMIINSTANCE WmiInstance,
    _In_ ULONG OutBufferSize,
    _Out_writes_bytes_to_(OutBufferSize, *BufferUsed) PVOID OutBuffer,
    _Out_ PULONG BufferUsed
    )
{
    PAGED_CODE();

    return AcmeWmiQueryDeviceBlock(WmiInstance, FIELD_OFFSET(DEVICE_CONTEXT, Control), ACME_CONTROL_SIZE,
                                   OutBufferSize, OutBuffer, BufferUsed);
}

NTSTATUS
AcmeWmiControlExecuteMethod(
    _In_ WDFWMIINSTANCE WmiInstance,
    _In_ ULONG MethodId,
    _In_ ULONG InBufferSize,
    _In_ ULONG OutBufferSize,
    _Inout_updates_bytes_to_(InBufferSize, *BufferUsed) PVOID Buffer,
    _Out_ PULONG BufferUsed
    )
{
    PDEVICE_CONTEXT context;
    ULONG inSize;
    ULONG outSize;
    NTSTATUS status;

    PAGED_CODE();

    *BufferUsed = 0;

    switch (MethodId) {
    case AcmeSetLevel:
        inSize = AcmeSetLevel_IN_SIZE;
        outSize = AcmeSetLevel_OUT_SIZE;
        break;
    case AcmeFireNotify:
        inSize = AcmeFireNotify_IN_SIZE;
        outSize = AcmeFireNotify_OUT_SIZE;
        break;
    case AcmeAddValues:
        inSize = AcmeAddValues_IN_SIZE;
        outSize = AcmeAddValues_OUT_SIZE;
        break;
    default:
        return STATUS_WMI_ITEMID_NOT_FOUND;
    }

    if (InBufferSize < inSize) {
        return STATUS_INVALID_PARAMETER;
    }
    if (OutBufferSize < outSize) {
        *BufferUsed = outSize;
        return STATUS_BUFFER_TOO_SMALL;
    }

    context = AcmeWmiGetDeviceContext(WdfWmiInstanceGetDevice(WmiInstance));

    switch (MethodId) {
    case AcmeSetLevel:
        status = AcmeWmiSetLevel(context, Buffer);
        break;
    case AcmeFireNotify:
        status = AcmeWmiFireNotify(context, Buffer);
        break;
    default: {
        AcmeAddValues_IN input = *(PAcmeAddValues_IN)Buffer;
        ((PAcmeAddValues_OUT)Buffer)->Sum = (LONGLONG)input.A + (LONGLONG)input.B;
        status = STATUS_SUCCESS;
        break;
    }
    }

    if (NT_SUCCESS(status)) {
        *BufferUsed = outSize;
    }
    return status;
}

static
NTSTATUS
AcmeWmiSetLevel(
    _In_ PDEVICE_CONTEXT Context,
    _Inout_ PVOID Buffer
    )
{
    ULONG level = ((PAcmeSetLevel_IN)Buffer)->Level;
    ULONG previous;

    PAGED_CODE();

    if (level > ACMEWMI_MAX_LEVEL) {
        return STATUS_INVALID_PARAMETER;
    }

    WdfSpinLockAcquire(Context->Lock);
    previous = Context->Control.Level;
    Context->Control.Level = level;
    WdfSpinLockRelease(Context->Lock);

    ((PAcmeSetLevel_OUT)Buffer)->PreviousLevel = previous;
    ((PAcmeSetLevel_OUT)Buffer)->MaxLevel = ACMEWMI_MAX_LEVEL;
    KdPrint(("AcmeWmi: level %u -> %u\n", previous, level));
    return STATUS_SUCCESS;
}

static
NTSTATUS
AcmeWmiFireNotify(
    _In_ PDEVICE_CONTEXT Context,
    _Inout_ PVOID Buffer
    )
/*++

Routine Description:

    Fires AcmeWmi_Notify if a consumer enabled it. The sequence number advances either way;
    EventsFired counts the events actually handed to WMI.

--*/
{
    ACME_NOTIFY event;
    NTSTATUS status = STATUS_SUCCESS;
    BOOLEAN enabled;

    PAGED_CODE();

    RtlZeroMemory(&event, sizeof(event));
    event.Code = ((PAcmeFireNotify_IN)Buffer)->Code;

    enabled = WdfWmiProviderIsEnabled(WdfWmiInstanceGetProvider(Context->NotifyInstance), WdfWmiEventControl);

    WdfSpinLockAcquire(Context->Lock);
    event.Sequence = ++Context->NotifySequence;
    event.Level = Context->Control.Level;
    WdfSpinLockRelease(Context->Lock);

    if (enabled) {
        /* Never with the spin lock held: WdfWmiInstanceFireEvent requires IRQL <= APC_LEVEL. */
        status = WdfWmiInstanceFireEvent(Context->NotifyInstance, ACME_NOTIFY_SIZE, &event);
        if (NT_SUCCESS(status)) {
            WdfSpinLockAcquire(Context->Lock);
            Context->Control.EventsFired++;
            WdfSpinLockRelease(Context->Lock);
        } else {
            KdPrint(("AcmeWmi: WdfWmiInstanceFireEvent failed 0x%08x\n", status));
        }
    }

    ((PAcmeFireNotify_OUT)Buffer)->Sequence = event.Sequence;
    return status;
}
