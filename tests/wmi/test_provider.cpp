// test_provider.cpp - the test WDM WMI provider (see test_provider.hpp).
#include "test_provider.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

#include <kwmi/wmi_service.hpp>

namespace kwmi::test {
namespace {

std::uint32_t AlignUp(std::uint32_t v, std::uint32_t a) { return (v + a - 1) & ~(a - 1); }

void Put32(std::uint8_t* base, std::size_t at, std::uint32_t v) { std::memcpy(base + at, &v, 4); }
std::uint32_t Get32(const std::uint8_t* base, std::size_t at) {
    std::uint32_t v;
    std::memcpy(&v, base + at, 4);
    return v;
}
void PutCounted(std::uint8_t* base, std::size_t at, const std::u16string& s) {
    auto bytes = static_cast<std::uint16_t>(s.size() * 2);
    std::memcpy(base + at, &bytes, 2);
    std::memcpy(base + at + 2, s.data(), bytes);
}

// Writes WNODE_TOO_SMALL (capacity >= 56) or fails; returns the status to complete with.
NTSTATUS TooSmall(std::uint8_t* buffer, ULONG capacity, ULONG needed, ULONG_PTR* information) {
    if (capacity < sizeof(WNODE_TOO_SMALL)) {
        *information = 0;
        return STATUS_BUFFER_TOO_SMALL;
    }
    Put32(buffer, 0, sizeof(WNODE_TOO_SMALL));
    Put32(buffer, offsetof(WNODE_HEADER, Flags), WNODE_FLAG_TOO_SMALL);
    Put32(buffer, offsetof(WNODE_TOO_SMALL, SizeNeeded), needed);
    *information = sizeof(WNODE_TOO_SMALL);
    return STATUS_SUCCESS;
}

thread_local std::optional<NTSTATUS> tInterceptResult;

}  // namespace

void TestProvider::ReturnFromIntercept(NTSTATUS status) { tInterceptResult = status; }

Bytes U32Bytes(std::initializer_list<std::uint32_t> values) {
    Bytes out;
    for (auto v : values)
        for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    return out;
}

std::uint32_t ReadU32(std::span<const std::uint8_t> bytes, std::size_t offset) {
    if (offset + 4 > bytes.size()) return 0xDEADBEEF;
    return Get32(bytes.data(), offset);
}

GUID MakeGuid(std::uint32_t n) {
    return GUID{0x6b1e0000u + n, 0x1234, 0x5678, {0x9a, 0xbc, 0xde, 0xf0, 0x11, 0x22, 0x33, 0x44}};
}

TestProvider::TestProvider(nt::Kernel& kernel, bool withFilter) : kernel_(kernel) {
    driver_ = kernel_.CreateDriverObject(u"\\Driver\\KwmiWmiTest");
    driver_->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = &TestProvider::Dispatch;
    auto make = [&](PDEVICE_OBJECT* out) {
        IoCreateDevice(driver_, sizeof(TestProvider*), nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, out);
        *static_cast<TestProvider**>((*out)->DeviceExtension) = this;
        (*out)->Flags &= ~DO_DEVICE_INITIALIZING;
    };
    make(&pdo_);
    make(&fdo_);
    IoAttachDeviceToDeviceStack(fdo_, pdo_);
    if (withFilter) {
        make(&filter_);
        IoAttachDeviceToDeviceStack(filter_, fdo_);
    }
}

TestProvider::~TestProvider() {
    if (wmi::Service* service = wmi::Service::Current(); service && service->IsRegistered(fdo_))
        Deregister();
    if (filter_) {
        IoDetachDevice(fdo_);
        IoDeleteDevice(filter_);
    }
    IoDetachDevice(pdo_);
    IoDeleteDevice(fdo_);
    IoDeleteDevice(pdo_);
    kernel_.DeleteDriverObject(driver_);
}

std::vector<CallRecord> TestProvider::Calls(int minor) const {
    std::lock_guard guard(mutex_);
    std::vector<CallRecord> out;
    for (const auto& c : calls_)
        if (minor < 0 || c.minor == minor) out.push_back(c);
    return out;
}

void TestProvider::ClearCalls() {
    std::lock_guard guard(mutex_);
    calls_.clear();
}

NTSTATUS TestProvider::Dispatch(PDEVICE_OBJECT device, PIRP irp) {
    auto* self = *static_cast<TestProvider**>(device->DeviceExtension);
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    {
        CallRecord record;
        record.minor = stack->MinorFunction;
        record.irql = KeGetCurrentIrql();
        record.providerId = stack->Parameters.WMI.ProviderId;
        record.dataPath = reinterpret_cast<ULONG_PTR>(stack->Parameters.WMI.DataPath);
        record.bufferSize = stack->Parameters.WMI.BufferSize;
        record.device = device;
        bool reginfo = record.minor == IRP_MN_REGINFO || record.minor == IRP_MN_REGINFO_EX;
        if (!reginfo && stack->Parameters.WMI.DataPath)
            std::memcpy(&record.guid, stack->Parameters.WMI.DataPath, sizeof(GUID));
        auto* buffer = static_cast<const std::uint8_t*>(stack->Parameters.WMI.Buffer);
        if (!reginfo && buffer && record.bufferSize >= 4) {
            ULONG size = std::min(Get32(buffer, 0), record.bufferSize);
            record.request.assign(buffer, buffer + size);
        }
        std::lock_guard guard(self->mutex_);
        self->calls_.push_back(std::move(record));
    }
    if (device == self->filter_) {  // a filter forwards everything untouched
        IoSkipCurrentIrpStackLocation(irp);
        return IoCallDriver(self->fdo_, irp);
    }
    if (device == self->pdo_) {  // lowest driver, not the provider: complete as is
        NTSTATUS status = irp->IoStatus.Status;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return status;
    }
    if (stack->Parameters.WMI.ProviderId != reinterpret_cast<ULONG_PTR>(device)) {
        IoSkipCurrentIrpStackLocation(irp);
        return IoCallDriver(self->pdo_, irp);
    }
    tInterceptResult.reset();
    if (self->intercept && self->intercept(irp, stack))
        return tInterceptResult ? *tInterceptResult : irp->IoStatus.Status;
    NTSTATUS status = self->Handle(device, irp, stack);
    irp->IoStatus.Status = status;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

TestBlock* TestProvider::FindBlock(const GUID& guid) {
    for (auto& b : blocks)
        if (std::memcmp(&b.guid, &guid, sizeof guid) == 0) return &b;
    return nullptr;
}

long TestProvider::FindInstance(const TestBlock& block, const std::uint8_t* wnode, ULONG capacity) {
    ULONG flags = Get32(wnode, offsetof(WNODE_HEADER, Flags));
    if (flags & WNODE_FLAG_STATIC_INSTANCE_NAMES) {
        ULONG index = Get32(wnode, 52);
        return index < block.instances.size() ? static_cast<long>(index) : -1;
    }
    ULONG at = Get32(wnode, 48);
    if (at + 2ull > capacity) return -1;
    std::uint16_t bytes;
    std::memcpy(&bytes, wnode + at, 2);
    if (at + 2ull + bytes > capacity) return -1;
    std::u16string name(bytes / 2, u'\0');
    std::memcpy(name.data(), wnode + at + 2, bytes);
    for (std::size_t i = 0; i < block.names.size() && i < block.instances.size(); ++i)
        if (block.names[i] == name) return static_cast<long>(i);
    return -1;
}

NTSTATUS TestProvider::Handle(PDEVICE_OBJECT, PIRP irp, PIO_STACK_LOCATION stack) {
    std::lock_guard guard(mutex_);
    auto& info = irp->IoStatus.Information;
    info = 0;
    UCHAR minor = stack->MinorFunction;
    if (minor == IRP_MN_REGINFO || minor == IRP_MN_REGINFO_EX) {
        if (minor == IRP_MN_REGINFO_EX && !answerRegInfoEx) return STATUS_INVALID_DEVICE_REQUEST;
        return RegInfo(stack, &info, minor == IRP_MN_REGINFO_EX);
    }
    if (minor > IRP_MN_EXECUTE_METHOD) return irp->IoStatus.Status;
    TestBlock* block = FindBlock(*static_cast<const GUID*>(stack->Parameters.WMI.DataPath));
    if (!block) return STATUS_WMI_GUID_NOT_FOUND;
    auto* wnode = static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer);
    ULONG capacity = stack->Parameters.WMI.BufferSize;
    switch (minor) {
    case IRP_MN_QUERY_ALL_DATA:
        return QueryAll(*block, stack, &info);
    case IRP_MN_ENABLE_EVENTS:
    case IRP_MN_DISABLE_EVENTS:
    case IRP_MN_ENABLE_COLLECTION:
    case IRP_MN_DISABLE_COLLECTION:
        return capacity < sizeof(WNODE_HEADER) ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
    default:
        break;
    }
    long index = FindInstance(*block, wnode, capacity);
    if (index < 0) return STATUS_WMI_INSTANCE_NOT_FOUND;
    Bytes& data = block->instances[static_cast<std::size_t>(index)];
    if (minor == IRP_MN_QUERY_SINGLE_INSTANCE) {
        ULONG offset = Get32(wnode, offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset));
        ULONG needed = offset + static_cast<ULONG>(data.size());
        if (needed > capacity) return TooSmall(wnode, capacity, needed, &info);
        std::memcpy(wnode + offset, data.data(), data.size());
        Put32(wnode, offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock), static_cast<ULONG>(data.size()));
        Put32(wnode, 0, needed);
        info = needed;
        return STATUS_SUCCESS;
    }
    if (minor == IRP_MN_CHANGE_SINGLE_INSTANCE) {
        if (block->readOnly) return STATUS_WMI_READ_ONLY;
        ULONG offset = Get32(wnode, offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset));
        ULONG size = Get32(wnode, offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock));
        if (size < data.size()) return STATUS_WMI_SET_FAILURE;
        data.assign(wnode + offset, wnode + offset + size);
        return STATUS_SUCCESS;
    }
    if (minor == IRP_MN_CHANGE_SINGLE_ITEM) {
        if (!block->setItem) return STATUS_WMI_READ_ONLY;
        ULONG offset = Get32(wnode, offsetof(WNODE_SINGLE_ITEM, DataBlockOffset));
        ULONG size = Get32(wnode, offsetof(WNODE_SINGLE_ITEM, SizeDataItem));
        return block->setItem(Get32(wnode, offsetof(WNODE_SINGLE_ITEM, ItemId)),
                              {wnode + offset, size});
    }
    // IRP_MN_EXECUTE_METHOD
    if (!block->method) return STATUS_INVALID_DEVICE_REQUEST;
    ULONG offset = Get32(wnode, offsetof(WNODE_METHOD_ITEM, DataBlockOffset));
    ULONG inSize = Get32(wnode, offsetof(WNODE_METHOD_ITEM, SizeDataBlock));
    Bytes out;
    NTSTATUS status = block->method(Get32(wnode, offsetof(WNODE_METHOD_ITEM, MethodId)),
                                    {wnode + offset, inSize}, out);
    if (!NT_SUCCESS(status)) return status;
    ULONG needed = offset + static_cast<ULONG>(out.size());
    if (needed > capacity) return TooSmall(wnode, capacity, needed, &info);
    std::memcpy(wnode + offset, out.data(), out.size());
    Put32(wnode, offsetof(WNODE_METHOD_ITEM, SizeDataBlock), static_cast<ULONG>(out.size()));
    Put32(wnode, 0, needed);
    info = needed;
    return STATUS_SUCCESS;
}

NTSTATUS TestProvider::QueryAll(TestBlock& block, PIO_STACK_LOCATION stack, ULONG_PTR* info) {
    auto* wnode = static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer);
    ULONG capacity = stack->Parameters.WMI.BufferSize;
    auto n = static_cast<ULONG>(block.instances.size());
    if (n == 0) return STATUS_WMI_INSTANCE_NOT_FOUND;
    bool dynamic = !(block.regFlags & (WMIREG_FLAG_INSTANCE_LIST | WMIREG_FLAG_INSTANCE_BASENAME |
                                       WMIREG_FLAG_INSTANCE_PDO));
    ULONG fixed = static_cast<ULONG>(block.instances[0].size());
    ULONG dataOffset, end;
    std::vector<ULONG> offsets;
    if (block.fixedSize) {
        dataOffset = sizeof(WNODE_ALL_DATA);
        for (ULONG i = 0; i < n; ++i) offsets.push_back(dataOffset + i * AlignUp(fixed, 8));
        end = offsets.back() + fixed;
    } else {
        dataOffset = AlignUp(60 + 8 * n, allDataAlignment);
        ULONG cursor = dataOffset;
        for (ULONG i = 0; i < n; ++i) {
            cursor = AlignUp(cursor, allDataAlignment);
            offsets.push_back(cursor);
            cursor += static_cast<ULONG>(block.instances[i].size());
        }
        end = cursor;
    }
    ULONG namesTable = 0;
    if (dynamic) {
        namesTable = AlignUp(end, 4);
        end = namesTable + 4 * n;
        for (ULONG i = 0; i < n; ++i) end += 2 + static_cast<ULONG>(block.names[i].size() * 2);
    }
    if (end > capacity) return TooSmall(wnode, capacity, end, info);
    ULONG flags = Get32(wnode, offsetof(WNODE_HEADER, Flags));
    flags = block.fixedSize ? (flags | WNODE_FLAG_FIXED_INSTANCE_SIZE)
                            : (flags & ~WNODE_FLAG_FIXED_INSTANCE_SIZE);
    Put32(wnode, offsetof(WNODE_HEADER, Flags), flags);
    Put32(wnode, offsetof(WNODE_ALL_DATA, DataBlockOffset), dataOffset);
    Put32(wnode, offsetof(WNODE_ALL_DATA, InstanceCount), n);
    if (block.fixedSize) Put32(wnode, offsetof(WNODE_ALL_DATA, FixedInstanceSize), fixed);
    for (ULONG i = 0; i < n; ++i) {
        if (!block.fixedSize) {
            Put32(wnode, 60 + 8 * i, offsets[i]);
            Put32(wnode, 64 + 8 * i, static_cast<ULONG>(block.instances[i].size()));
        }
        std::memcpy(wnode + offsets[i], block.instances[i].data(), block.instances[i].size());
    }
    if (dynamic) {
        Put32(wnode, offsetof(WNODE_ALL_DATA, OffsetInstanceNameOffsets), namesTable);
        ULONG cursor = namesTable + 4 * n;
        for (ULONG i = 0; i < n; ++i) {
            Put32(wnode, namesTable + 4 * i, cursor);
            PutCounted(wnode, cursor, block.names[i]);
            cursor += 2 + static_cast<ULONG>(block.names[i].size() * 2);
        }
    }
    Put32(wnode, 0, end);
    *info = end;
    return STATUS_SUCCESS;
}

// KMDF-like layout (spec §2.7): header, WMIREGGUIDs, MOF name, registry path, then the
// static name strings of INSTANCE_LIST / INSTANCE_BASENAME blocks.
NTSTATUS TestProvider::RegInfo(PIO_STACK_LOCATION stack, ULONG_PTR* info, bool ex) {
    auto* buffer = static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer);
    ULONG capacity = stack->Parameters.WMI.BufferSize;
    auto n = static_cast<ULONG>(blocks.size());
    ULONG mofAt = sizeof(WMIREGINFOW) + n * sizeof(WMIREGGUIDW);
    ULONG regAt = mofAt + 2 + static_cast<ULONG>(mofName.size() * 2);
    ULONG cursor = regAt + 2 + static_cast<ULONG>(registryPath.size() * 2);
    std::vector<ULONG> nameAt(n, 0);
    for (ULONG i = 0; i < n; ++i) {
        if (blocks[i].regFlags & WMIREG_FLAG_INSTANCE_LIST) {
            nameAt[i] = cursor;
            for (const auto& name : blocks[i].names) cursor += 2 + static_cast<ULONG>(name.size() * 2);
        } else if (blocks[i].regFlags & WMIREG_FLAG_INSTANCE_BASENAME) {
            nameAt[i] = cursor;
            cursor += 2 + static_cast<ULONG>(blocks[i].baseName.size() * 2);
        }
    }
    ULONG needed = cursor;
    if (needed > capacity) {
        if (capacity >= 4) Put32(buffer, 0, needed);
        if (regInfoTooSmallAsError) return STATUS_BUFFER_TOO_SMALL;
        *info = sizeof(ULONG);
        return STATUS_SUCCESS;
    }
    std::memset(buffer, 0, needed);
    Put32(buffer, offsetof(WMIREGINFOW, BufferSize), needed);
    Put32(buffer, offsetof(WMIREGINFOW, RegistryPath), regAt);
    Put32(buffer, offsetof(WMIREGINFOW, MofResourceName), mofAt);
    Put32(buffer, offsetof(WMIREGINFOW, GuidCount), n);
    for (ULONG i = 0; i < n; ++i) {
        std::size_t at = sizeof(WMIREGINFOW) + i * sizeof(WMIREGGUIDW);
        std::memcpy(buffer + at, &blocks[i].guid, sizeof(GUID));
        Put32(buffer, at + offsetof(WMIREGGUIDW, Flags), blocks[i].regFlags);
        ULONG count = static_cast<ULONG>(blocks[i].instances.size());
        Put32(buffer, at + offsetof(WMIREGGUIDW, InstanceCount), count);
        ULONG_PTR unionValue = nameAt[i];
        if (blocks[i].regFlags & WMIREG_FLAG_INSTANCE_PDO) {
            unionValue = reinterpret_cast<ULONG_PTR>(pdo_);
            if (ex) ObReferenceObject(pdo_);  // WMI releases it
        }
        std::memcpy(buffer + at + offsetof(WMIREGGUIDW, Pdo), &unionValue, sizeof unionValue);
        if (blocks[i].regFlags & WMIREG_FLAG_INSTANCE_LIST) {
            ULONG c = nameAt[i];
            for (const auto& name : blocks[i].names) {
                PutCounted(buffer, c, name);
                c += 2 + static_cast<ULONG>(name.size() * 2);
            }
        } else if (blocks[i].regFlags & WMIREG_FLAG_INSTANCE_BASENAME) {
            PutCounted(buffer, nameAt[i], blocks[i].baseName);
        }
    }
    PutCounted(buffer, mofAt, mofName);
    PutCounted(buffer, regAt, registryPath);
    *info = needed;
    return STATUS_SUCCESS;
}

NTSTATUS TestProvider::FireEvent(std::size_t block, ULONG instanceIndex,
                                 std::span<const std::uint8_t> data, PVOID* leftOver) {
    ULONG size = sizeof(WNODE_SINGLE_INSTANCE) + static_cast<ULONG>(data.size());
    auto* wnode = static_cast<std::uint8_t*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, size, 'tseT'));
    auto* header = reinterpret_cast<PWNODE_SINGLE_INSTANCE>(wnode);
    header->WnodeHeader.BufferSize = size;
    header->WnodeHeader.ProviderId = IoWMIDeviceObjectToProviderId(fdo_);
    header->WnodeHeader.Guid = blocks.at(block).guid;
    KeQuerySystemTime(&header->WnodeHeader.TimeStamp);
    header->WnodeHeader.Flags =
        WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES;
    header->InstanceIndex = instanceIndex;
    header->DataBlockOffset = sizeof(WNODE_SINGLE_INSTANCE);
    header->SizeDataBlock = static_cast<ULONG>(data.size());
    if (!data.empty()) std::memcpy(wnode + sizeof(WNODE_SINGLE_INSTANCE), data.data(), data.size());
    NTSTATUS status = IoWMIWriteEvent(wnode);
    if (!NT_SUCCESS(status)) {
        if (leftOver) *leftOver = wnode;
        else ExFreePoolWithTag(wnode, 'tseT');
    }
    return status;
}

}  // namespace kwmi::test
