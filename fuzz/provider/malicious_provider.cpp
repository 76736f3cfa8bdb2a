// malicious_provider.cpp - see malicious_provider.hpp.
#include "malicious_provider.hpp"

#include <kwmi/wmi_service.hpp>

#include <wmistr.h>

#include <algorithm>
#include <cstring>

namespace kwmi::fuzz {
namespace {

MaliciousProvider* gProvider = nullptr;

void Put32(std::vector<std::uint8_t>& b, std::size_t offset, std::uint32_t v) {
    if (offset + 4 <= b.size()) std::memcpy(b.data() + offset, &v, 4);
}
void Put64(std::vector<std::uint8_t>& b, std::size_t offset, std::uint64_t v) {
    if (offset + 8 <= b.size()) std::memcpy(b.data() + offset, &v, 8);
}
std::uint32_t Get32(const std::vector<std::uint8_t>& b, std::size_t offset) {
    std::uint32_t v = 0;
    if (offset + 4 <= b.size()) std::memcpy(&v, b.data() + offset, 4);
    return v;
}
// Appends a counted string (USHORT byte length + UTF-16), optionally lying about its length.
std::size_t AppendCounted(std::vector<std::uint8_t>& b, std::u16string_view text, FuzzedDataProvider& in) {
    if (b.size() % 2) b.push_back(0);
    const std::size_t at = b.size();
    USHORT length = static_cast<USHORT>(text.size() * 2);
    if (in.ConsumeIntegralInRange<int>(0, 7) == 0) length = in.ConsumeIntegral<USHORT>();
    b.push_back(static_cast<std::uint8_t>(length));
    b.push_back(static_cast<std::uint8_t>(length >> 8));
    for (char16_t c : text) {
        b.push_back(static_cast<std::uint8_t>(c));
        b.push_back(static_cast<std::uint8_t>(c >> 8));
    }
    return at;
}
// A few fuzzer-chosen 32-bit overwrites anywhere in the bytes.
void Scribble(std::vector<std::uint8_t>& b, FuzzedDataProvider& in) {
    for (int n = in.ConsumeIntegralInRange<int>(0, 3); n > 0 && b.size() >= 4; --n)
        Put32(b, in.ConsumeIntegralInRange<std::size_t>(0, b.size() - 4), in.ConsumeIntegral<std::uint32_t>());
}
NTSTATUS PickStatus(FuzzedDataProvider& in) {
    static constexpr ULONG kStatuses[] = {0x00000000, 0xC0000023, 0x80000005, 0xC0000295, 0xC0000296, 0xC0000297,
                                          0xC00002C6, 0xC0000010, 0xC000000D, 0xC0000001, 0x40000000, 0x00000001};
    if (in.ConsumeIntegralInRange<int>(0, 7) == 0) {
        const ULONG any = in.ConsumeIntegral<ULONG>();
        return static_cast<NTSTATUS>(any == STATUS_PENDING ? 0u : any);  // completing with PENDING is a driver bug
    }
    return static_cast<NTSTATUS>(in.PickValueInArray(kStatuses));
}
ULONG_PTR PickInformation(FuzzedDataProvider& in, std::size_t honest, ULONG capacity) {
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
    case 0: return capacity + in.ConsumeIntegralInRange<ULONG>(1, 4096);  // more than the buffer
    case 1: return honest / 2;
    case 2: return in.ConsumeIntegral<ULONG_PTR>();
    case 3: return 0;
    default: return std::min<std::size_t>(honest, capacity);
    }
}

}  // namespace

GUID EvilGuid(int index) {
    return GUID{0xE7110000u + static_cast<ULONG>(index), 0x4b57, 0x4d49, {0x8a, 0x22, 0x46, 0x5a, 0x5a, 0x45, 0x52, 0x00}};
}

std::vector<std::u16string> MaliciousProvider::LikelyNames() {
    return {u"I0", u"I1", u"B0", u"B1", u"ROOT\\EVIL\\0000_0", u"ROOT\\EVIL\\0000_1", u"", u"I"};
}

MaliciousProvider::MaliciousProvider(nt::Kernel& kernel) {
    gProvider = this;
    driver_ = kernel.CreateDriverObject(u"\\Driver\\KwmiEvil", reinterpret_cast<const void*>(&Dispatch));
    driver_->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = &Dispatch;
    PDRIVER_OBJECT bus = kernel.CreateDriverObject(u"\\Driver\\KwmiEvilBus");
    bus->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = [](PDEVICE_OBJECT, PIRP irp) -> NTSTATUS {
        const NTSTATUS status = irp->IoStatus.Status;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return status;
    };
    if (!NT_SUCCESS(IoCreateDevice(bus, 0, nullptr, FILE_DEVICE_BUS_EXTENDER, 0, FALSE, &pdo_)) ||
        !NT_SUCCESS(IoCreateDevice(driver_, 0, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo_)))
        std::abort();
    pdo_->Flags &= ~DO_DEVICE_INITIALIZING;
    IoAttachDeviceToDeviceStack(fdo_, pdo_);
    fdo_->Flags &= ~DO_DEVICE_INITIALIZING;
}

NTSTATUS MaliciousProvider::Dispatch(PDEVICE_OBJECT device, PIRP irp) {
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    if (stack->Parameters.WMI.ProviderId != reinterpret_cast<ULONG_PTR>(device)) {
        IoSkipCurrentIrpStackLocation(irp);
        return IoCallDriver(gProvider->pdo_, irp);
    }
    ULONG_PTR information = 0;
    const NTSTATUS status = gProvider->Answer(stack, &information);
    if (!NT_SUCCESS(status)) gProvider->answeredErrors_.insert(wmi::NtStatusToWin32(status));
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = information;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS MaliciousProvider::Answer(PIO_STACK_LOCATION stack, ULONG_PTR* information) {
    if (script_ == nullptr || script_->remaining_bytes() == 0) return STATUS_WMI_GUID_NOT_FOUND;
    FuzzedDataProvider& in = *script_;
    const UCHAR minor = stack->MinorFunction;
    const ULONG capacity = stack->Parameters.WMI.BufferSize;
    auto* buffer = static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer);
    const int mode = in.ConsumeIntegralInRange<int>(0, 3);
    auto writeNeeded = [&](ULONG needed) {
        if (capacity < sizeof(ULONG)) return STATUS_BUFFER_TOO_SMALL;
        std::memcpy(buffer, &needed, sizeof(ULONG));
        *information = in.ConsumeBool() ? sizeof(ULONG) : PickInformation(in, sizeof(ULONG), capacity);
        return in.ConsumeBool() ? STATUS_SUCCESS : STATUS_BUFFER_TOO_SMALL;
    };

    if (minor == IRP_MN_REGINFO || minor == IRP_MN_REGINFO_EX) {
        std::vector<std::uint8_t> info = RegInfo(in);
        if (mode == 3) return PickStatus(in);
        if (mode == 2) return writeNeeded(in.ConsumeBool() ? static_cast<ULONG>(info.size()) : in.ConsumeIntegral<ULONG>());
        if (mode == 0 && info.size() > capacity) return writeNeeded(static_cast<ULONG>(info.size()));
        const std::size_t n = std::min<std::size_t>(capacity, info.size());
        if (n) std::memcpy(buffer, info.data(), n);
        *information = mode == 0 ? n : PickInformation(in, info.size(), capacity);
        const NTSTATUS status = mode == 0 ? STATUS_SUCCESS : PickStatus(in);
        if (minor == IRP_MN_REGINFO_EX && NT_SUCCESS(status)) ReferenceReturnedPdos(info, n);
        return status;
    }

    const std::vector<std::uint8_t> request(buffer, buffer + std::min<ULONG>(capacity, 96));
    switch (mode) {
    case 0: {  // WNODE_TOO_SMALL, possibly lying about the size needed
        if (capacity < sizeof(WNODE_TOO_SMALL)) return STATUS_BUFFER_TOO_SMALL;
        std::vector<std::uint8_t> small(buffer, buffer + sizeof(WNODE_TOO_SMALL));
        Put32(small, 0, in.ConsumeBool() ? sizeof(WNODE_TOO_SMALL) : in.ConsumeIntegral<ULONG>());
        Put32(small, 44, Get32(small, 44) | WNODE_FLAG_TOO_SMALL);
        Put32(small, 48, in.ConsumeBool() ? capacity + in.ConsumeIntegralInRange<ULONG>(0, 512) : in.ConsumeIntegral<ULONG>());
        std::memcpy(buffer, small.data(), small.size());
        *information = in.ConsumeBool() ? sizeof(WNODE_TOO_SMALL) : PickInformation(in, sizeof(WNODE_TOO_SMALL), capacity);
        return in.ConsumeIntegralInRange<int>(0, 3) ? STATUS_SUCCESS : PickStatus(in);
    }
    case 1: {  // a (malformed) reply WNODE
        std::vector<std::uint8_t> reply = WnodeReply(in, minor, request.data(), static_cast<ULONG>(request.size()));
        const std::size_t n = std::min<std::size_t>(capacity, reply.size());
        if (n) std::memcpy(buffer, reply.data(), n);
        *information = PickInformation(in, reply.size(), capacity);
        return in.ConsumeIntegralInRange<int>(0, 3) ? STATUS_SUCCESS : PickStatus(in);
    }
    case 2:
        *information = PickInformation(in, 0, capacity);
        return STATUS_SUCCESS;  // success without touching the buffer
    default:
        return PickStatus(in);
    }
}

// IRP_MN_REGINFO_EX contract (spec §2.4): the driver takes a reference on every PDO it
// names, WMI releases it. Mirror the naming precedence (list, base name, PDO) so the
// references match what the service will read from the `returned` bytes.
void MaliciousProvider::ReferenceReturnedPdos(const std::vector<std::uint8_t>& info, std::size_t returned) const {
    const std::vector<std::uint8_t> bytes(info.begin(), info.begin() + static_cast<std::ptrdiff_t>(returned));
    const ULONG count = Get32(bytes, 16);
    for (std::uint64_t i = 0; i < count && 24 + 32 * (i + 1) <= bytes.size(); ++i) {
        const std::size_t at = 24 + 32 * i;
        const ULONG flags = Get32(bytes, at + 16);
        if (!(flags & WMIREG_FLAG_INSTANCE_PDO) || (flags & (WMIREG_FLAG_INSTANCE_LIST | WMIREG_FLAG_INSTANCE_BASENAME)))
            continue;
        std::uint64_t pointer = 0;
        std::memcpy(&pointer, bytes.data() + at + 24, 8);
        if (pointer == reinterpret_cast<ULONG_PTR>(pdo_) || pointer == reinterpret_cast<ULONG_PTR>(fdo_))
            ObReferenceObject(reinterpret_cast<PDEVICE_OBJECT>(pointer));
    }
}

std::vector<std::uint8_t> MaliciousProvider::RegInfo(FuzzedDataProvider& in) const {
    const ULONG guidCount = in.ConsumeIntegralInRange<ULONG>(0, 4);
    std::vector<std::uint8_t> b(24 + 32 * guidCount, 0);
    std::vector<std::size_t> pdoSlots;
    for (ULONG i = 0; i < guidCount; ++i) {
        const std::size_t at = 24 + 32 * i;
        const GUID guid = EvilGuid(in.ConsumeIntegralInRange<int>(0, kEvilGuidCount - 1));
        std::memcpy(b.data() + at, &guid, sizeof(GUID));
        static constexpr ULONG kNaming[] = {WMIREG_FLAG_INSTANCE_LIST, WMIREG_FLAG_INSTANCE_BASENAME,
                                            WMIREG_FLAG_INSTANCE_PDO, 0};
        ULONG flags = in.PickValueInArray(kNaming);
        if (in.ConsumeBool()) flags |= in.ConsumeIntegral<ULONG>() & (WMIREG_FLAG_EXPENSIVE | WMIREG_FLAG_EVENT_ONLY_GUID |
                                                                       WMIREG_FLAG_REMOVE_GUID | WMIREG_FLAG_TRACED_GUID |
                                                                       WMIREG_FLAG_TRACE_CONTROL_GUID);
        Put32(b, at + 16, flags);
        Put32(b, at + 20, in.ConsumeBool() ? in.ConsumeIntegralInRange<ULONG>(0, 3) : in.ConsumeIntegral<ULONG>());
        if (flags & WMIREG_FLAG_INSTANCE_PDO) pdoSlots.push_back(at + 24);
    }
    // Strings after the table: registry path, MOF name, names; offsets may overlap or lie.
    const std::size_t registry = AppendCounted(b, u"\\Registry\\Machine\\System\\Evil", in);
    const std::size_t mof = in.ConsumeBool() ? registry : AppendCounted(b, u"MofResource", in);
    const std::size_t list = AppendCounted(b, u"I0", in);
    AppendCounted(b, u"I1", in);
    const std::size_t base = AppendCounted(b, u"B", in);
    if (in.ConsumeBool()) b.push_back(0x41);  // odd tail, no terminator
    for (ULONG i = 0; i < guidCount; ++i) {
        const ULONG flags = Get32(b, 24 + 32 * i + 16);
        Put64(b, 24 + 32 * i + 24, (flags & WMIREG_FLAG_INSTANCE_LIST) ? list : base);
    }
    Put32(b, 0, in.ConsumeBool() ? static_cast<ULONG>(b.size()) : in.ConsumeIntegral<ULONG>());
    Put32(b, 4, in.ConsumeIntegralInRange<int>(0, 7) ? 0 : in.ConsumeIntegral<ULONG>());  // NextWmiRegInfo
    Put32(b, 8, static_cast<ULONG>(registry));
    Put32(b, 12, static_cast<ULONG>(mof));
    Put32(b, 16, in.ConsumeIntegralInRange<int>(0, 7) ? guidCount : in.ConsumeIntegral<ULONG>());
    Scribble(b, in);
    // A PDO pointer is the one field the service must trust (Windows references it): make it
    // our PDO, null, or another device object; garbage pointers are not a service bug.
    for (std::size_t slot : pdoSlots) {
        if (Get32(b, slot - 8) & WMIREG_FLAG_INSTANCE_PDO)
            Put64(b, slot, in.ConsumeBool() ? reinterpret_cast<ULONG_PTR>(pdo_)
                                            : in.ConsumeBool() ? 0 : reinterpret_cast<ULONG_PTR>(fdo_));
    }
    return b;
}

std::vector<std::uint8_t> MaliciousProvider::WnodeReply(FuzzedDataProvider& in, UCHAR minor, const std::uint8_t* request,
                                                        ULONG requestSize) const {
    std::vector<std::uint8_t> b(request, request + requestSize);
    if (b.size() < 72) b.resize(72, 0);
    if (minor == IRP_MN_QUERY_ALL_DATA) {
        const ULONG count = in.ConsumeIntegralInRange<ULONG>(0, 3);
        const bool fixed = in.ConsumeBool();
        const ULONG dataOffset = 64 + (fixed ? 0 : 8 * count);
        b.resize(dataOffset, 0);
        Put32(b, 44, (Get32(b, 44) & ~ULONG(WNODE_FLAG_FIXED_INSTANCE_SIZE)) | (fixed ? WNODE_FLAG_FIXED_INSTANCE_SIZE : 0));
        Put32(b, 48, dataOffset);
        Put32(b, 52, count);
        Put32(b, 60, fixed ? 4 : 0);
        for (ULONG i = 0; i < count; ++i) {
            if (!fixed) {
                Put32(b, 64 + 8 * i, static_cast<ULONG>(b.size()));
                Put32(b, 68 + 8 * i, 4);
            }
            b.resize(b.size() + 4, static_cast<std::uint8_t>(i));
        }
        std::vector<ULONG> names;
        for (ULONG i = 0; i < count; ++i) names.push_back(static_cast<ULONG>(AppendCounted(b, i ? u"I1" : u"I0", in)));
        while (b.size() % 4) b.push_back(0);
        Put32(b, 56, static_cast<ULONG>(b.size()));  // OffsetInstanceNameOffsets
        for (ULONG offset : names) {
            b.resize(b.size() + 4);
            Put32(b, b.size() - 4, offset);
        }
    } else {
        const std::size_t dataOffset = (minor == IRP_MN_EXECUTE_METHOD || minor == IRP_MN_CHANGE_SINGLE_ITEM) ? 72 : 64;
        const ULONG size = in.ConsumeIntegralInRange<ULONG>(0, 64);
        b.resize(dataOffset + size, 0x5A);
        Put32(b, dataOffset == 72 ? 60 : 56, static_cast<ULONG>(dataOffset));
        Put32(b, dataOffset == 72 ? 64 : 60, size);
    }
    Put32(b, 0, in.ConsumeIntegralInRange<int>(0, 2) ? static_cast<ULONG>(b.size()) : in.ConsumeIntegral<ULONG>());
    Scribble(b, in);
    return b;
}

void* MaliciousProvider::BuildEvent(FuzzedDataProvider& in, ULONG* allocated) const {
    std::vector<std::uint8_t> b(48, 0);
    const GUID guid = EvilGuid(in.ConsumeIntegralInRange<int>(0, kEvilGuidCount - 1));
    std::memcpy(b.data() + 24, &guid, sizeof(GUID));
    Put32(b, 4, IoWMIDeviceObjectToProviderId(fdo_));
    switch (in.ConsumeIntegralInRange<int>(0, 2)) {
    case 0: {  // single instance, static or named
        const bool named = in.ConsumeBool();
        Put32(b, 44, WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_SINGLE_INSTANCE | (named ? 0 : WNODE_FLAG_STATIC_INSTANCE_NAMES));
        b.resize(64, 0);
        Put32(b, 52, in.ConsumeIntegralInRange<ULONG>(0, 3));
        const std::size_t name = named ? AppendCounted(b, u"I0", in) : 0;
        while (b.size() % 8) b.push_back(0);
        Put32(b, 48, static_cast<ULONG>(name));
        const ULONG size = in.ConsumeIntegralInRange<ULONG>(0, 32);
        Put32(b, 56, static_cast<ULONG>(b.size()));
        Put32(b, 60, size);
        b.resize(b.size() + size, 0x33);
        break;
    }
    case 1: {  // event reference: the service queries the target itself
        Put32(b, 44, WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_EVENT_REFERENCE | (in.ConsumeBool() ? WNODE_FLAG_STATIC_INSTANCE_NAMES : 0));
        b.resize(72, 0);
        const GUID target = EvilGuid(in.ConsumeIntegralInRange<int>(0, kEvilGuidCount - 1));
        std::memcpy(b.data() + 48, &target, sizeof(GUID));
        Put32(b, 64, in.ConsumeIntegralInRange<ULONG>(0, 4096));
        Put32(b, 68, in.ConsumeIntegralInRange<ULONG>(0, 3));
        break;
    }
    default:  // all data event
        Put32(b, 44, WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_ALL_DATA | WNODE_FLAG_FIXED_INSTANCE_SIZE);
        b.resize(72, 0);
        Put32(b, 48, 64);
        Put32(b, 52, in.ConsumeIntegralInRange<ULONG>(0, 4));
        Put32(b, 60, 4);
        break;
    }
    Put32(b, 0, in.ConsumeIntegralInRange<int>(0, 3) ? static_cast<ULONG>(b.size()) : in.ConsumeIntegralInRange<ULONG>(0, 4096));
    Scribble(b, in);
    // The allocation covers what the header claims: a driver cannot make the service read
    // memory it says it owns but does not (that would fault on Windows too).
    // Claims beyond 64 KiB are clamped to the real size so allocations stay small (the
    // service rejects anything over maxEventSize before reading past the header anyway).
    if (Get32(b, 0) > (64u << 10)) Put32(b, 0, static_cast<ULONG>(b.size()));
    const std::size_t claimed = Get32(b, 0);
    const std::size_t size = std::max<std::size_t>({claimed, b.size(), sizeof(WNODE_HEADER)});
    auto* event = static_cast<std::uint8_t*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, size, 'livE'));
    if (event == nullptr) return nullptr;
    std::memset(event, 0, size);
    std::memcpy(event, b.data(), b.size());
    *allocated = static_cast<ULONG>(size);
    return event;
}

}  // namespace kwmi::fuzz
