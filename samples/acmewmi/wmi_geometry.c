/*++

Module Name:

    wmi_geometry.c

Abstract:

    Blocks built from the embedded class AcmeWmi_Point: AcmeWmi_Anchor holds one point
    (writable with SetItem), AcmeWmi_Route a fixed array of points.

Environment:

    Kernel mode (KMDF); WMI callbacks at PASSIVE_LEVEL

--*/
#include "acmewmi.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, AcmeWmiGeometryInitialize)
#pragma alloc_text(PAGE, AcmeWmiAnchorQuery)
#pragma alloc_text(PAGE, AcmeWmiAnchorSetItem)
#pragma alloc_text(PAGE, AcmeWmiRouteQuery)
#endif

static LONG AcmeWmiDistance(LONG From, LONG To)
{
    return (To > From) ? (To - From) : (From - To);
}

VOID
AcmeWmiGeometryInitialize(
    _Inout_ PDEVICE_CONTEXT Context
    )
{
    PACME_ROUTE route = &Context->Route;
    ULONG i;

    PAGED_CODE();

    C_ASSERT(ARRAYSIZE(route->Waypoints) == ACMEWMI_ROUTE_WAYPOINTS);

    Context->Anchor.Kind = 7;
    Context->Anchor.Position.X = -5;
    Context->Anchor.Position.Y = 12;
    Context->Anchor.Position.Weight = 3;
    Context->Anchor.Moves = 0;

    /* A staircase: each waypoint 10 right and 10 down from the previous one. */
    route->Length = 0;
    for (i = 0; i < ACMEWMI_ROUTE_WAYPOINTS; i++) {
        route->Waypoints[i].X = (LONG)i * 10;
        route->Waypoints[i].Y = -(LONG)i * 10;
        route->Waypoints[i].Weight = (USHORT)(i + 1);
        if (i > 0) {
            route->Length += (ULONG)(AcmeWmiDistance(route->Waypoints[i - 1].X, route->Waypoints[i].X) +
                                     AcmeWmiDistance(route->Waypoints[i - 1].Y, route->Waypoints[i].Y));
        }
    }
}

NTSTATUS
AcmeWmiAnchorQuery(
    _In_ WDFWMIINSTANCE WmiInstance,
    _In_ ULONG OutBufferSize,
    _Out_writes_bytes_to_(OutBufferSize, *BufferUsed) PVOID OutBuffer,
    _Out_ PULONG BufferUsed
    )
{
    PAGED_CODE();

    return AcmeWmiQueryDeviceBlock(WmiInstance, FIELD_OFFSET(DEVICE_CONTEXT, Anchor), ACME_ANCHOR_SIZE,
                                   OutBufferSize, OutBuffer, BufferUsed);
}

NTSTATUS
AcmeWmiAnchorSetItem(
    _In_ WDFWMIINSTANCE WmiInstance,
    _In_ ULONG DataItemId,
    _In_ ULONG InBufferSize,
    _In_reads_bytes_(InBufferSize) PVOID InBuffer
    )
/*++

Routine Description:

    Moves the anchor: only Position is writable. The point's data ends before its tail
    padding, so ACME_POINT_SIZE bytes are enough.

--*/
{
    PDEVICE_CONTEXT context;

    PAGED_CODE();

    switch (DataItemId) {
    case ACME_ANCHOR_Position_ID:
        break;
    case ACME_ANCHOR_Kind_ID:
    case ACME_ANCHOR_Moves_ID:
        return STATUS_WMI_READ_ONLY;
    default:
        return STATUS_WMI_ITEMID_NOT_FOUND;
    }

    if (InBufferSize < ACME_POINT_SIZE) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    context = AcmeWmiGetDeviceContext(WdfWmiInstanceGetDevice(WmiInstance));

    WdfSpinLockAcquire(context->Lock);
    RtlCopyMemory(&context->Anchor.Position, InBuffer, ACME_POINT_SIZE);
    context->Anchor.Moves++;
    WdfSpinLockRelease(context->Lock);

    return STATUS_SUCCESS;
}

NTSTATUS
AcmeWmiRouteQuery(
    _In_ WDFWMIINSTANCE WmiInstance,
    _In_ ULONG OutBufferSize,
    _Out_writes_bytes_to_(OutBufferSize, *BufferUsed) PVOID OutBuffer,
    _Out_ PULONG BufferUsed
    )
{
    PAGED_CODE();

    return AcmeWmiQueryDeviceBlock(WmiInstance, FIELD_OFFSET(DEVICE_CONTEXT, Route), ACME_ROUTE_SIZE,
                                   OutBufferSize, OutBuffer, BufferUsed);
}
