// wmi_minor_handlers.cpp - per-minor WNODE buffer logic (spec §5.3-§5.9), byte-exact with KMDF.
// The request buffer comes from WMI; where KMDF trusts a field that would make us touch memory
// outside the buffer, we fail with STATUS_INVALID_PARAMETER and record a diagnostic instead.
#include "wmi_minor_handlers.hpp"

#include "wmi_diagnostics.hpp"
#include "wmi_instance_walk.hpp"

#include <cstring>
#include <string>

namespace kwmi::wdf::wmi {
namespace {

constexpr ULONG64 kUlongMax = 0xFFFFFFFFull;

WmiRequestResult Completed(NTSTATUS status, ULONG_PTR information)
{
    WmiRequestResult r;
    r.handled = true;
    r.status = status;
    r.setInformation = true;
    r.information = information;
    return r;
}

WmiRequestResult Malformed(const char *what)
{
    RecordWmiDiagnostic(WmiDiagnosticKind::MalformedRequest, std::string("WMI request rejected: ") + what);
    return Completed(kStatusInvalidParameter, 0);
}

// Common completion for QUERY_ALL_DATA, QUERY_SINGLE_INSTANCE and EXECUTE_METHOD (§5.3).
WmiRequestResult CompleteWithData(WmiHandler &handler, NTSTATUS status, ULONG used, ULONG dataBlockOffset,
                                  ULONG bufferSize, UCHAR *wnode, bool allData, bool method)
{
    const ULONG need = dataBlockOffset + used; // 32-bit, as KMDF computes it
    if (NT_SUCCESS(status) && allData && need > bufferSize) {
        status = kStatusBufferTooSmall;
    }
    if (NT_SUCCESS(status)) {
        WriteU32(wnode, wnode::kBufferSize, need);
        WriteU64(wnode, wnode::kTimeStamp, static_cast<ULONG64>(handler.Site().SystemTime()));
        if (method) {
            WriteU32(wnode, wnode::kItemSizeData, used);
        }
        return Completed(kStatusSuccess, need);
    }
    if (status == kStatusBufferTooSmall) {
        WriteU32(wnode, wnode::kBufferSize, wnode::kTooSmallSize);
        WriteU32(wnode, wnode::kFlags, kWnodeFlagTooSmall); // every other flag cleared
        WriteU32(wnode, wnode::kTooSmallSizeNeeded, need);
        return Completed(kStatusSuccess, wnode::kTooSmallSize);
    }
    return Completed(status, 0);
}

} // namespace

WmiRequestResult HandleQueryAllData(WmiHandler &handler, WmiProvider &provider, ULONG bufferSize, UCHAR *wnode)
{
    if (bufferSize < wnode::kAllDataSize) {
        return Completed(kStatusUnsuccessful, 0);
    }
    const ULONG count = handler.InstanceCount(provider); // snapshot
    if (count == 0) {
        return Completed(kStatusWmiInstanceNotFound, 0);
    }
    WriteU32(wnode, wnode::kAllInstanceCount, count);
    WriteU32(wnode, wnode::kFlags, ReadU32(wnode, wnode::kFlags) & ~kWnodeFlagFixedInstanceSize);

    const ULONG64 dataBlockOffset64 =
        AlignUp(wnode::kAllOffsetInstanceDataAndLength + 8ull * count, kMemoryAllocationAlignment);
    if (dataBlockOffset64 > kUlongMax) {
        return Completed(kStatusIntegerOverflow, 0);
    }
    const ULONG dataBlockOffset = static_cast<ULONG>(dataBlockOffset64);
    WriteU32(wnode, wnode::kAllDataBlockOffset, dataBlockOffset);

    bool tooSmall = false;
    const bool arrayFits = dataBlockOffset <= bufferSize;
    ULONG remaining = 0;
    ULONG writeOffset = dataBlockOffset;
    if (arrayFits) {
        remaining = bufferSize - dataBlockOffset;
    } else {
        tooSmall = true;
    }

    const ULONG minSize = provider.MinInstanceBufferSize();
    if (minSize != 0) {
        const ULONG64 required = AlignUp(minSize, kMemoryAllocationAlignment) * (count - 1ull) + minSize;
        if (required > kUlongMax) {
            return Completed(kStatusIntegerOverflow, 0);
        }
        if (remaining < required) {
            return CompleteWithData(handler, kStatusBufferTooSmall, static_cast<ULONG>(required), dataBlockOffset,
                                    bufferSize, wnode, true, false);
        }
    }

    NTSTATUS status = kStatusSuccess;
    ULONG currentOffset = dataBlockOffset;
    ULONG64 total = 0;
    ULONG pad = 0;
    ULONG64 dataEnd = dataBlockOffset; // end of the last data actually placed (for the diagnostic)
    InstanceWalk walk(handler, provider);
    for (ULONG i = 0; i < count; ++i) {
        WmiInstance *const instance = walk.At(i);
        if (!instance) {
            break; // the list shrank since the snapshot (§8 quirk 4)
        }
        if (!instance->SupportsQuery()) {
            if (arrayFits) {
                const ULONG entry = wnode::kAllOffsetInstanceDataAndLength + 8 * i;
                WriteU32(wnode, entry, currentOffset);
                WriteU32(wnode, entry + 4, 0);
            }
            continue;
        }
        ULONG size = 0;
        UCHAR *out = remaining != 0 ? wnode + writeOffset : nullptr;
        const NTSTATUS queried = instance->Query(remaining, out, &size);
        if (!NT_SUCCESS(queried) && queried != kStatusBufferTooSmall) {
            status = queried;
            break;
        }
        const ULONG64 aligned = AlignUp(size, kMemoryAllocationAlignment);
        if (aligned > kUlongMax) {
            status = kStatusIntegerOverflow;
            break;
        }
        pad = static_cast<ULONG>(aligned) - size;
        const ULONG step = aligned < remaining ? static_cast<ULONG>(aligned) : remaining;
        if (NT_SUCCESS(queried) && !tooSmall) {
            const ULONG entry = wnode::kAllOffsetInstanceDataAndLength + 8 * i;
            WriteU32(wnode, entry, currentOffset);
            WriteU32(wnode, entry + 4, size);
            dataEnd = static_cast<ULONG64>(currentOffset) + size;
            writeOffset += static_cast<ULONG>(aligned);
            if (step > size) {
                // The driver may have written past BufferUsed (the verifier lets it write the
                // WNODE in place): the padding stays zero, as in the fresh buffer WMI sent.
                std::memset(wnode + currentOffset + size, 0, step - size);
            }
        } else {
            tooSmall = true;
        }
        currentOffset += step;
        remaining -= step;
        total += aligned;
        if (total > kUlongMax - dataBlockOffset) { // SizeNeeded = DataBlockOffset + total fits a ULONG
            status = kStatusIntegerOverflow;
            break;
        }
        status = queried;
    }

    if (!NT_SUCCESS(status) && status != kStatusBufferTooSmall) {
        return Completed(status, 0);
    }
    if (tooSmall || status == kStatusBufferTooSmall) {
        const ULONG used = static_cast<ULONG>(total) - pad;
        return CompleteWithData(handler, kStatusBufferTooSmall, used, dataBlockOffset, bufferSize, wnode, true,
                                false);
    }
    ULONG used = (currentOffset - dataBlockOffset) - pad; // KMDF drops the last padding
    const ULONG exact = static_cast<ULONG>(dataEnd - dataBlockOffset);
    if (used != exact) { // the last data fit but its padding did not (§5.4)
        if (CurrentWmiSettings().reproduceQueryAllDataUnderReport) {
            RecordWmiDiagnostic(WmiDiagnosticKind::QueryAllDataUnderReport,
                                "QUERY_ALL_DATA reports " + std::to_string(dataBlockOffset + used) +
                                    " bytes, data ends at " + std::to_string(dataEnd) + " (KMDF quirk)");
        } else {
            used = exact;
        }
    }
    return CompleteWithData(handler, kStatusSuccess, used, dataBlockOffset, bufferSize, wnode, true, false);
}

WmiRequestResult HandleQuerySingleInstance(WmiHandler &handler, WmiInstance &instance, ULONG bufferSize,
                                           UCHAR *wnode)
{
    if (!instance.SupportsQuery()) {
        return Completed(kStatusInvalidDeviceRequest, 0);
    }
    const ULONG dataBlockOffset = ReadU32(wnode, wnode::kSiDataBlockOffset);
    if (dataBlockOffset > bufferSize) {
        return Malformed("QUERY_SINGLE_INSTANCE DataBlockOffset outside the buffer");
    }
    const ULONG space = bufferSize - dataBlockOffset;
    const ULONG minSize = instance.Provider().MinInstanceBufferSize();
    ULONG used = 0;
    NTSTATUS status;
    if (space < minSize) {
        status = kStatusBufferTooSmall;
        used = minSize;
    } else {
        status = instance.Query(space, wnode + dataBlockOffset, &used);
        WriteU32(wnode, wnode::kSiSizeDataBlock, used);
    }
    return CompleteWithData(handler, status, used, dataBlockOffset, bufferSize, wnode, false, false);
}

namespace {
NTSTATUS SetResult(NTSTATUS status)
{
    if (status == kStatusPending) {
        return kStatusUnsuccessful;
    }
    if (status == kStatusBufferTooSmall) {
        return kStatusWmiSetFailure;
    }
    return status;
}
} // namespace

WmiRequestResult HandleChangeSingleInstance(WmiInstance &instance, ULONG bufferSize, UCHAR *wnode)
{
    if (!instance.SupportsSetInstance()) {
        return Completed(kStatusWmiReadOnly, 0);
    }
    const ULONG size = ReadU32(wnode, wnode::kSiSizeDataBlock);
    const ULONG dataBlockOffset = ReadU32(wnode, wnode::kSiDataBlockOffset);
    if (size < instance.Provider().MinInstanceBufferSize()) {
        return Completed(SetResult(kStatusBufferTooSmall), 0);
    }
    if (size != 0 && (dataBlockOffset > bufferSize || size > bufferSize - dataBlockOffset)) {
        return Malformed("CHANGE_SINGLE_INSTANCE data outside the buffer");
    }
    const NTSTATUS status = instance.SetInstance(size, size == 0 ? nullptr : wnode + dataBlockOffset);
    return Completed(SetResult(status), 0);
}

WmiRequestResult HandleChangeSingleItem(WmiInstance &instance, ULONG bufferSize, UCHAR *wnode)
{
    if (!instance.SupportsSetItem()) {
        return Completed(kStatusWmiReadOnly, 0);
    }
    const ULONG itemId = ReadU32(wnode, wnode::kItemId);
    const ULONG dataBlockOffset = ReadU32(wnode, wnode::kItemDataBlockOffset);
    const ULONG size = ReadU32(wnode, wnode::kItemSizeData);
    if (size != 0 && (dataBlockOffset > bufferSize || size > bufferSize - dataBlockOffset)) {
        return Malformed("CHANGE_SINGLE_ITEM data outside the buffer");
    }
    const NTSTATUS status = instance.SetItem(itemId, size, size == 0 ? nullptr : wnode + dataBlockOffset);
    return Completed(SetResult(status), 0);
}

WmiRequestResult HandleExecuteMethod(WmiHandler &handler, WmiInstance &instance, ULONG bufferSize, UCHAR *wnode)
{
    if (!instance.SupportsExecute()) {
        return Completed(kStatusInvalidDeviceRequest, 0);
    }
    const ULONG methodId = ReadU32(wnode, wnode::kItemId);
    const ULONG dataBlockOffset = ReadU32(wnode, wnode::kItemDataBlockOffset);
    const ULONG in = ReadU32(wnode, wnode::kItemSizeData);
    if (dataBlockOffset > bufferSize || in > bufferSize - dataBlockOffset) {
        return Malformed("EXECUTE_METHOD data outside the buffer");
    }
    const ULONG out = bufferSize - dataBlockOffset;
    ULONG used = 0;
    NTSTATUS status = instance.Execute(methodId, in, out, (in == 0 && out == 0) ? nullptr : wnode + dataBlockOffset,
                                       &used);
    if (status == kStatusPending) {
        status = kStatusUnsuccessful;
        used = 0;
    }
    return CompleteWithData(handler, status, used, dataBlockOffset, bufferSize, wnode, false, true);
}

WmiRequestResult HandleEnableDisable(WmiProvider &provider, UCHAR minor, ULONG bufferSize, UCHAR *wnode)
{
    if (bufferSize < wnode::kHeaderSize) {
        return Completed(kStatusInvalidParameter, 0);
    }
    const bool events = minor == kMnEnableEvents || minor == kMnDisableEvents;
    const bool enable = minor == kMnEnableEvents || minor == kMnEnableCollection;
    if (events) {
        provider.SetEventEnabled(enable);
        if (provider.IsTracing()) {
            provider.SetTracingHandle(ReadU64(wnode, wnode::kHistoricalContext));
        }
    } else {
        provider.SetCollectionEnabled(enable);
    }
    NTSTATUS status = kStatusSuccess;
    if (provider.HasFunctionControl()) {
        status = provider.FunctionControl(events ? WdfWmiEventControl : WdfWmiInstanceControl, enable);
        if (status == kStatusPending) {
            status = kStatusUnsuccessful;
        }
    }
    if (!NT_SUCCESS(status)) {
        if (events) {
            provider.SetEventEnabled(false);
            if (provider.IsTracing()) {
                provider.SetTracingHandle(0);
            }
        } else {
            provider.SetCollectionEnabled(false);
        }
    }
    return Completed(status, 0);
}

} // namespace kwmi::wdf::wmi
