// fire_event.cpp - WmiFireEvent: packages event data as a single-instance WNODE event (modelled
// on KMDF's, flags 0x8A) and hands it to IoWMIWriteEvent; the driver's EventData is freed.
#include <wmilib.h>

#include <cstring>

extern "C" NTSTATUS WmiFireEvent(PDEVICE_OBJECT device, LPCGUID guid, ULONG instanceIndex,
                                 ULONG size, PVOID data) {
    if (!data) size = 0;
    if (size > 0xFFFFFFFFu - sizeof(WNODE_SINGLE_INSTANCE)) {
        ExFreePool(data);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ULONG total = sizeof(WNODE_SINGLE_INSTANCE) + size;
    auto* event = static_cast<PWNODE_SINGLE_INSTANCE>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, total, 'LimW'));
    if (!event) {
        if (data) ExFreePool(data);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    event->WnodeHeader.BufferSize = total;
    event->WnodeHeader.ProviderId = IoWMIDeviceObjectToProviderId(device);
    event->WnodeHeader.Guid = *guid;
    KeQuerySystemTime(&event->WnodeHeader.TimeStamp);
    event->WnodeHeader.Flags =
        WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES;
    event->InstanceIndex = instanceIndex;
    event->DataBlockOffset = sizeof(WNODE_SINGLE_INSTANCE);
    event->SizeDataBlock = size;
    if (size) std::memcpy(event->VariableData, data, size);
    if (data) ExFreePool(data);  // WMI owns the driver's buffer
    NTSTATUS status = IoWMIWriteEvent(event);
    if (!NT_SUCCESS(status)) ExFreePool(event);
    return status;
}
