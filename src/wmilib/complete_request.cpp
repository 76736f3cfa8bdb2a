// complete_request.cpp - WmiCompleteRequest: finishes the WNODE a WmiLib callback filled
// (sizes, offset/length pairs, TimeStamp) or turns "too small" into WNODE_TOO_SMALL (§4.4).
#include <wmilib.h>

#include <cstring>

#include "pending_requests.hpp"

namespace {

void Put32(void* base, std::size_t at, ULONG v) { std::memcpy(static_cast<std::uint8_t*>(base) + at, &v, 4); }
ULONG Get32(const void* base, std::size_t at) {
    ULONG v;
    std::memcpy(&v, static_cast<const std::uint8_t*>(base) + at, 4);
    return v;
}

void StampTime(std::uint8_t* wnode) {
    LARGE_INTEGER now;
    KeQuerySystemTime(&now);
    std::memcpy(wnode + offsetof(WNODE_HEADER, TimeStamp), &now, sizeof now);
}

// STATUS_BUFFER_TOO_SMALL with `needed` total bytes.
NTSTATUS TooSmall(std::uint8_t* wnode, ULONG capacity, ULONG needed, ULONG_PTR* information) {
    if (capacity < sizeof(WNODE_TOO_SMALL)) {
        *information = 0;
        return STATUS_BUFFER_TOO_SMALL;
    }
    Put32(wnode, offsetof(WNODE_HEADER, BufferSize), sizeof(WNODE_TOO_SMALL));
    Put32(wnode, offsetof(WNODE_HEADER, Flags), WNODE_FLAG_TOO_SMALL);
    Put32(wnode, offsetof(WNODE_TOO_SMALL, SizeNeeded), needed);
    *information = sizeof(WNODE_TOO_SMALL);
    return STATUS_SUCCESS;
}

}  // namespace

extern "C" NTSTATUS WmiCompleteRequest(PDEVICE_OBJECT, PIRP irp, NTSTATUS status, ULONG used,
                                       CCHAR boost) {
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    auto* wnode = static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer);
    ULONG capacity = stack->Parameters.WMI.BufferSize;
    auto request = kwmi::wmilib::TakeRequest(irp);
    UCHAR minor = request ? request->minor : stack->MinorFunction;
    ULONG_PTR information = 0;
    bool producesData = minor == IRP_MN_QUERY_ALL_DATA || minor == IRP_MN_QUERY_SINGLE_INSTANCE ||
                        minor == IRP_MN_EXECUTE_METHOD;
    if (producesData && request) {
        ULONG offset = request->dataBlockOffset;
        ULONG total = offset + used;
        if (status == STATUS_BUFFER_TOO_SMALL || (NT_SUCCESS(status) && total > capacity)) {
            status = TooSmall(wnode, capacity, total, &information);
        } else if (NT_SUCCESS(status)) {
            if (minor == IRP_MN_QUERY_ALL_DATA) {
                ULONG flags = Get32(wnode, offsetof(WNODE_HEADER, Flags)) & ~WNODE_FLAG_FIXED_INSTANCE_SIZE;
                Put32(wnode, offsetof(WNODE_HEADER, Flags), flags);
                Put32(wnode, offsetof(WNODE_ALL_DATA, DataBlockOffset), offset);
                Put32(wnode, offsetof(WNODE_ALL_DATA, InstanceCount), request->instanceCount);
                ULONG cursor = offset;
                for (ULONG i = 0; i < request->instanceCount; ++i) {
                    Put32(wnode, 60 + 8 * i, cursor);
                    Put32(wnode, 64 + 8 * i, request->lengths[i]);
                    cursor += (request->lengths[i] + 7) & ~7u;
                }
            } else if (minor == IRP_MN_QUERY_SINGLE_INSTANCE) {
                Put32(wnode, offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock), used);
            } else {
                Put32(wnode, offsetof(WNODE_METHOD_ITEM, SizeDataBlock), used);
            }
            Put32(wnode, offsetof(WNODE_HEADER, BufferSize), total);
            StampTime(wnode);
            information = total;
        }
    }
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = information;
    IoCompleteRequest(irp, boost);
    return status;
}
