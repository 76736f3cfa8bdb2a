// libFuzzer: bytes → a sequence of WMI consumer operations and raw WMI IRPs against the
// acmewmi sample driver and a KMDF test driver covering every provider flag combination
// (request_env.hpp). Invariants (fuzz_invariants.hpp): no bug check, only statuses the spec
// lists, replies never larger than the buffer given (each consumer buffer is followed by a
// canary the service must not touch), WNODE replies well formed; ASan/UBSan clean.
#include <fuzzer/FuzzedDataProvider.h>

#include <ntddk.h>
#include <wmistr.h>
#include <wmium.h>

#include <kwmi/consumer.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "../common/fuzz_invariants.hpp"
#include "../common/raw_irp.hpp"
#include "request_env.hpp"
#include "service_impl.hpp"  // kwmi::wmi::SendWmiIrp: the service's own IRP path

namespace kwmi::fuzz {
namespace {

constexpr std::uint8_t kCanary = 0xCD;
constexpr std::size_t kCanarySize = 32;
constexpr NTSTATUS kInitialIrpStatus = STATUS_NOT_SUPPORTED;

// A consumer buffer that claims `claimed` bytes and has a canary behind them.
struct CanaryBuffer {
    explicit CanaryBuffer(ULONG claimed) : claimed(claimed), bytes(claimed + kCanarySize, kCanary) {}
    void* Data() { return bytes.data(); }
    void CheckCanary(const char* what) const {
        for (std::size_t i = claimed; i < bytes.size(); ++i)
            if (bytes[i] != kCanary) Finding("%s wrote past the %u-byte buffer it was given", what, claimed);
    }
    ULONG claimed;
    std::vector<std::uint8_t> bytes;
};

std::uint32_t Read32(const std::uint8_t* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}
void Put32(std::vector<std::uint8_t>& b, std::size_t offset, std::uint32_t v) {
    if (offset + 4 <= b.size()) std::memcpy(b.data() + offset, &v, 4);
}

class Session {
public:
    explicit Session(FuzzedDataProvider& in) : in_(in), env_(RequestEnv::Get()) {}
    ~Session() { Cleanup(); }

    void Run() {
        for (int step = 0; step < 24 && in_.remaining_bytes() > 0; ++step) {
            switch (in_.ConsumeIntegralInRange<int>(0, 11)) {
            case 0: QueryAll(); break;
            case 1: QuerySingle(); break;
            case 2: SetInstance(); break;
            case 3: SetItem(); break;
            case 4: Execute(); break;
            case 5: GuidInfoAndEnumerate(); break;
            case 6: Notification(); break;
            case 7: case 8: RawIrp(); break;
            case 9: OpenOrClose(); break;
            case 10: QueryMultiple(); break;
            case 11: env_.Kernel().AdvanceTime(std::chrono::seconds(in_.ConsumeIntegralInRange<int>(0, 25))); break;
            }
        }
    }

private:
    // ---- choices ----
    GUID PickGuid() {
        const auto& blocks = env_.Blocks();
        if (blocks.empty() || in_.ConsumeIntegralInRange<int>(0, 15) == 0) {
            GUID g{};
            auto raw = in_.ConsumeBytes<std::uint8_t>(sizeof(GUID));
            if (!raw.empty()) std::memcpy(&g, raw.data(), raw.size());
            return g;
        }
        return blocks[in_.ConsumeIntegralInRange<std::size_t>(0, blocks.size() - 1)].guid;
    }
    const std::vector<std::u16string>* NamesOf(const GUID& guid) {
        for (const KnownBlock& b : env_.Blocks())
            if (std::memcmp(&b.guid, &guid, sizeof(GUID)) == 0) return &b.names;
        return nullptr;
    }
    std::u16string PickName(const GUID& guid) {
        const auto* names = NamesOf(guid);
        switch (in_.ConsumeIntegralInRange<int>(0, 5)) {
        case 0: return u"";
        case 1: return std::u16string(in_.ConsumeIntegralInRange<std::size_t>(30000, 40000), u'A');
        case 2: {
            std::u16string name;
            const auto raw = in_.ConsumeBytes<std::uint8_t>(2 * in_.ConsumeIntegralInRange<std::size_t>(0, 40));
            for (std::size_t i = 0; i + 1 < raw.size(); i += 2) {
                const auto c = static_cast<char16_t>(raw[i] | raw[i + 1] << 8);
                name.push_back(c == 0 ? u'?' : c);
            }
            return name;
        }
        default:
            if (names == nullptr || names->empty()) return u"ROOT\\KWMI\\0000_0";
            std::u16string name = (*names)[in_.ConsumeIntegralInRange<std::size_t>(0, names->size() - 1)];
            if (in_.ConsumeBool() && !name.empty()) name.back() = static_cast<char16_t>(name.back() + 1);
            return name;
        }
    }
    // A buffer size: 0, 1, exact, one short, lying larger, or anything.
    ULONG PickSize(ULONG exact) {
        switch (in_.ConsumeIntegralInRange<int>(0, 5)) {
        case 0: return 0;
        case 1: return 1;
        case 2: return exact;
        case 3: return exact == 0 ? 0 : exact - 1;
        case 4: return exact + in_.ConsumeIntegralInRange<ULONG>(1, 64);
        default: return in_.ConsumeIntegralInRange<ULONG>(0, 8192);
        }
    }
    ULONG PickAccess(ULONG wanted) {
        switch (in_.ConsumeIntegralInRange<int>(0, 7)) {
        case 0: return in_.ConsumeIntegral<ULONG>();
        case 1: return 0;
        case 2: return WMIGUID_ALL_ACCESS;
        default: return wanted;
        }
    }
    WMIHANDLE Open(const GUID& guid, ULONG access) {
        if (!handles_.empty() && in_.ConsumeIntegralInRange<int>(0, 3) == 0)
            return handles_[in_.ConsumeIntegralInRange<std::size_t>(0, handles_.size() - 1)];
        GUID copy = guid;
        WMIHANDLE handle = nullptr;
        ULONG error = WmiOpenBlock(&copy, PickAccess(access), &handle);
        CheckWin32("WmiOpenBlock", error);
        if (error != ERROR_SUCCESS) return nullptr;
        handles_.push_back(handle);
        return handle;
    }
    std::vector<std::uint8_t> Data(std::size_t max) {
        return in_.ConsumeBytes<std::uint8_t>(in_.ConsumeIntegralInRange<std::size_t>(0, max));
    }

    // ---- consumer operations ----
    void QueryAll() {
        WMIHANDLE handle = Open(PickGuid(), WMIGUID_QUERY);
        if (!handle) return;
        ULONG needed = 0;
        ULONG error = WmiQueryAllDataW(handle, &needed, nullptr);
        CheckWin32("WmiQueryAllDataW(size)", error);
        CanaryBuffer buffer(PickSize(needed));
        ULONG size = buffer.claimed;
        error = WmiQueryAllDataW(handle, &size, buffer.Data());
        CheckWin32("WmiQueryAllDataW", error);
        buffer.CheckCanary("WmiQueryAllDataW");
        if (error == ERROR_SUCCESS) {
            if (size > buffer.claimed) Finding("WmiQueryAllDataW: %u bytes reported in a %u-byte buffer", size, buffer.claimed);
            std::vector<InstanceView> views;
            if (!ParseAllDataChain({buffer.bytes.data(), size}, views)) Finding("WmiQueryAllDataW: malformed WNODE_ALL_DATA chain");
        }
    }

    void QueryMultiple() {
        WMIHANDLE list[3];
        ULONG count = 0;
        for (int i = in_.ConsumeIntegralInRange<int>(1, 3); i > 0; --i)
            if (WMIHANDLE h = Open(PickGuid(), WMIGUID_QUERY)) list[count++] = h;
        if (count == 0) return;
        CanaryBuffer buffer(PickSize(in_.ConsumeIntegralInRange<ULONG>(0, 4096)));
        ULONG size = buffer.claimed;
        ULONG error = WmiQueryAllDataMultipleW(list, count, &size, buffer.Data());
        CheckWin32("WmiQueryAllDataMultipleW", error);
        buffer.CheckCanary("WmiQueryAllDataMultipleW");
        if (error == ERROR_SUCCESS) {
            std::vector<InstanceView> views;
            if (size > buffer.claimed || !ParseAllDataChain({buffer.bytes.data(), size}, views))
                Finding("WmiQueryAllDataMultipleW: malformed or oversized chain");
        }
    }

    void QuerySingle() {
        const GUID guid = PickGuid();
        WMIHANDLE handle = Open(guid, WMIGUID_QUERY);
        if (!handle) return;
        const std::u16string name = PickName(guid);
        ULONG needed = 0;
        ULONG error = WmiQuerySingleInstanceW(handle, reinterpret_cast<LPCWSTR>(name.c_str()), &needed, nullptr);
        CheckWin32("WmiQuerySingleInstanceW(size)", error);
        CanaryBuffer buffer(PickSize(needed));
        ULONG size = buffer.claimed;
        error = WmiQuerySingleInstanceW(handle, reinterpret_cast<LPCWSTR>(name.c_str()), &size, buffer.Data());
        CheckWin32("WmiQuerySingleInstanceW", error);
        buffer.CheckCanary("WmiQuerySingleInstanceW");
        if (error != ERROR_SUCCESS) return;
        if (size > buffer.claimed || size < sizeof(WNODE_SINGLE_INSTANCE))
            Finding("WmiQuerySingleInstanceW: %u bytes reported in a %u-byte buffer", size, buffer.claimed);
        const auto* wnode = reinterpret_cast<const WNODE_SINGLE_INSTANCE*>(buffer.bytes.data());
        if (wnode->WnodeHeader.BufferSize > size ||
            std::uint64_t(wnode->DataBlockOffset) + wnode->SizeDataBlock > size)
            Finding("WmiQuerySingleInstanceW: WNODE fields point past its %u bytes", size);
    }

    void SetInstance() {
        const GUID guid = PickGuid();
        WMIHANDLE handle = Open(guid, WMIGUID_SET);
        if (!handle) return;
        const std::u16string name = PickName(guid);
        std::vector<std::uint8_t> value = Data(600);
        CheckWin32("WmiSetSingleInstanceW",
                   WmiSetSingleInstanceW(handle, reinterpret_cast<LPCWSTR>(name.c_str()), 0,
                                         static_cast<ULONG>(value.size()), value.empty() ? nullptr : value.data()));
    }

    void SetItem() {
        const GUID guid = PickGuid();
        WMIHANDLE handle = Open(guid, WMIGUID_SET);
        if (!handle) return;
        const std::u16string name = PickName(guid);
        const ULONG item = in_.ConsumeBool() ? in_.ConsumeIntegralInRange<ULONG>(0, 12) : in_.ConsumeIntegral<ULONG>();
        std::vector<std::uint8_t> value = Data(40);
        CheckWin32("WmiSetSingleItemW",
                   WmiSetSingleItemW(handle, reinterpret_cast<LPCWSTR>(name.c_str()), item, 0,
                                     static_cast<ULONG>(value.size()), value.empty() ? nullptr : value.data()));
    }

    void Execute() {
        const GUID guid = PickGuid();
        WMIHANDLE handle = Open(guid, WMIGUID_EXECUTE);
        if (!handle) return;
        const std::u16string name = PickName(guid);
        const ULONG method = in_.ConsumeBool() ? in_.ConsumeIntegralInRange<ULONG>(0, 6) : in_.ConsumeIntegral<ULONG>();
        std::vector<std::uint8_t> input = Data(300);
        CanaryBuffer output(PickSize(static_cast<ULONG>(input.size())));
        ULONG size = output.claimed;
        ULONG error = WmiExecuteMethodW(handle, reinterpret_cast<LPCWSTR>(name.c_str()), method,
                                        static_cast<ULONG>(input.size()), input.empty() ? nullptr : input.data(),
                                        &size, output.claimed ? output.Data() : nullptr);
        CheckWin32("WmiExecuteMethodW", error);
        output.CheckCanary("WmiExecuteMethodW");
        if (error == ERROR_SUCCESS && size > output.claimed)
            Finding("WmiExecuteMethodW: %u output bytes in a %u-byte buffer", size, output.claimed);
    }

    void GuidInfoAndEnumerate() {
        if (in_.ConsumeBool()) {
            WMIHANDLE handle = Open(PickGuid(), WMIGUID_QUERY);
            if (!handle) return;
            WMIGUIDINFORMATION info{};
            info.Size = sizeof(info);
            CheckWin32("WmiQueryGuidInformation", WmiQueryGuidInformation(handle, &info));
            return;
        }
        ULONG claimed = in_.ConsumeIntegralInRange<ULONG>(0, 200);
        std::vector<GUID> list(claimed + 2);
        std::memset(list.data(), kCanary, list.size() * sizeof(GUID));
        ULONG count = claimed;
        ULONG error = WmiEnumerateGuids(list.data(), &count);
        CheckWin32("WmiEnumerateGuids", error);
        const auto* tail = reinterpret_cast<const std::uint8_t*>(list.data() + claimed);
        for (std::size_t i = 0; i < 2 * sizeof(GUID); ++i)
            if (tail[i] != kCanary) Finding("WmiEnumerateGuids wrote past %u GUIDs", claimed);
        if (in_.ConsumeBool()) {
            ULONG mofCount = 0;
            PMOFRESOURCEINFOW mofs = nullptr;
            error = WmiMofEnumerateResourcesW(nullptr, &mofCount, &mofs);
            CheckWin32("WmiMofEnumerateResourcesW", error);
            if (error == ERROR_SUCCESS) WmiFreeBuffer(mofs);
        }
    }

    static void WMIAPI OnEvent(PWNODE_HEADER wnode, UINT_PTR) {
        if (wnode == nullptr || wnode->BufferSize < sizeof(WNODE_HEADER)) Finding("event delivered with a malformed WNODE");
    }

    void Notification() {
        GUID guid = PickGuid();
        const bool enable = in_.ConsumeIntegralInRange<int>(0, 3) != 0;
        const ULONG flags = in_.ConsumeBool() ? ULONG(NOTIFICATION_CALLBACK_DIRECT)
                                              : in_.ConsumeIntegral<ULONG>() & ~ULONG(NOTIFICATION_TRACE_FLAG);
        const ULONG error = WmiNotificationRegistrationW(&guid, enable, reinterpret_cast<PVOID>(&OnEvent), 7, flags);
        CheckWin32("WmiNotificationRegistrationW", error);
        if (error == ERROR_SUCCESS && enable && (flags & NOTIFICATION_CALLBACK_DIRECT) && !(flags & NOTIFICATION_CHECK_ACCESS))
            subscriptions_.push_back(guid);
    }

    void OpenOrClose() {
        if (handles_.empty() || in_.ConsumeBool()) {
            (void)Open(PickGuid(), in_.ConsumeIntegral<ULONG>());
            return;
        }
        const std::size_t i = in_.ConsumeIntegralInRange<std::size_t>(0, handles_.size() - 1);
        CheckWin32("WmiCloseBlock", WmiCloseBlock(handles_[i]));
        handles_.erase(handles_.begin() + static_cast<std::ptrdiff_t>(i));
    }

    // ---- raw IRP_MJ_SYSTEM_CONTROL with a malformed WNODE ----
    std::vector<std::uint8_t> RequestWnode(UCHAR minor, const GUID& guid, ULONG capacity) {
        std::vector<std::uint8_t> b(capacity, 0);
        static constexpr ULONG kTypeFlags[] = {WNODE_FLAG_ALL_DATA, WNODE_FLAG_SINGLE_INSTANCE, WNODE_FLAG_SINGLE_INSTANCE,
                                               WNODE_FLAG_SINGLE_ITEM, 0, 0, 0, 0, 0, WNODE_FLAG_METHOD_ITEM};
        const ULONG type = minor < 10 ? kTypeFlags[minor] : 0;
        const ULONG fixed = minor == 0 ? 64 : (minor == 3 || minor == 9) ? 72 : minor <= 2 ? 64 : 48;
        Put32(b, 0, in_.ConsumeBool() ? std::min(capacity, fixed) : in_.ConsumeIntegral<ULONG>());  // BufferSize
        if (b.size() >= 24 + sizeof(GUID)) std::memcpy(b.data() + 24, &guid, sizeof(GUID));
        Put32(b, 44, type | (in_.ConsumeBool() ? WNODE_FLAG_STATIC_INSTANCE_NAMES : 0));
        Put32(b, 52, in_.ConsumeIntegralInRange<ULONG>(0, 8));  // InstanceIndex
        if (minor == 3 || minor == 9) {
            Put32(b, 56, in_.ConsumeIntegralInRange<ULONG>(0, 4));  // ItemId / MethodId
            Put32(b, 60, 72);                                        // DataBlockOffset
            Put32(b, 64, in_.ConsumeIntegralInRange<ULONG>(0, capacity));
        } else if (minor == 1 || minor == 2) {
            Put32(b, 56, 64);
            Put32(b, 60, in_.ConsumeIntegralInRange<ULONG>(0, capacity));
        }
        for (int n = in_.ConsumeIntegralInRange<int>(0, 4); n > 0 && capacity >= 4; --n)
            Put32(b, in_.ConsumeIntegralInRange<ULONG>(0, capacity - 4), in_.ConsumeIntegral<ULONG>());
        return b;
    }

    void RawIrp() {
        const auto& devices = env_.Devices();
        const std::size_t d = in_.ConsumeIntegralInRange<std::size_t>(0, devices.size() - 1);
        PDEVICE_OBJECT device = devices[d];
        const UCHAR minor = in_.ConsumeIntegralInRange<UCHAR>(0, 0x0F);
        GUID guid = PickGuid();
        void* dataPath = &guid;
        if (minor == IRP_MN_REGINFO || minor == IRP_MN_REGINFO_EX)
            dataPath = reinterpret_cast<void*>(static_cast<ULONG_PTR>(in_.ConsumeIntegralInRange<int>(0, 2)));
        static constexpr ULONG kCapacities[] = {0, 1, 3, 4, 47, 48, 55, 56, 63, 64, 71, 72, 80, 4096};
        const ULONG capacity = in_.ConsumeBool() ? in_.PickValueInArray(kCapacities) : in_.ConsumeIntegralInRange<ULONG>(0, 2048);
        std::vector<std::uint8_t> buffer = RequestWnode(minor, guid, capacity);

        const int target = in_.ConsumeIntegralInRange<int>(0, 4);
        const bool ours = target >= 2;
        NTSTATUS status;
        ULONG_PTR information;
        ULONG_PTR providerId = reinterpret_cast<ULONG_PTR>(device);
        if (target == 4) {
            // Exactly the service's path (ProviderId = the device).
            wmi::IrpResult r = wmi::SendWmiIrp(device, minor, dataPath, buffer, kInitialIrpStatus);
            status = r.status;
            information = r.information;
        } else {
            if (target == 0) providerId = reinterpret_cast<ULONG_PTR>(devices[1 - d]);
            if (target == 1) providerId = in_.ConsumeIntegral<ULONG_PTR>();
            std::unique_ptr<std::uint8_t[]> exact(new std::uint8_t[capacity]);  // ASan-exact allocation
            if (capacity) std::memcpy(exact.get(), buffer.data(), capacity);
            RawIrpResult r = SendRawWmiIrp(device, minor, providerId, dataPath, capacity, exact.get(), kInitialIrpStatus);
            if (!r.completed) Finding("WMI IRP minor 0x%02X was not completed", minor);
            if (capacity) std::memcpy(buffer.data(), exact.get(), capacity);
            status = r.status;
            information = r.information;
        }
        CheckStatus("WMI IRP", status);
        // Not for this device, or not a WMI minor: forwarded untouched to the PDO, which
        // completes it with the status it carried (spec §3.3 rules 1-2, §3.7 Dispatch).
        const bool wmiMinor = minor <= IRP_MN_EXECUTE_METHOD || minor == IRP_MN_REGINFO_EX;
        if ((providerId != reinterpret_cast<ULONG_PTR>(device) || !wmiMinor) &&
            (status != kInitialIrpStatus || information != 0))
            Finding("WMI IRP minor 0x%02X (ProviderId %s) was not forwarded: status 0x%08X", minor,
                    providerId == reinterpret_cast<ULONG_PTR>(device) ? "ours" : "another", static_cast<ULONG>(status));
        if (information > capacity)
            Finding("WMI IRP minor 0x%02X: Information %lu > BufferSize %u", minor, static_cast<unsigned long>(information), capacity);
        const bool output = minor == IRP_MN_QUERY_ALL_DATA || minor == IRP_MN_QUERY_SINGLE_INSTANCE || minor == IRP_MN_EXECUTE_METHOD;
        if (ours && output && NT_SUCCESS(status) && capacity >= sizeof(WNODE_HEADER)) {
            const ULONG flags = Read32(buffer.data() + 44);
            const ULONG size = Read32(buffer.data());
            // A too-small answer replaces the flags and is 56 bytes; a data answer keeps flags
            // the request carried (KMDF clears only FIXED_INSTANCE_SIZE, spec §5.4 step 3), so a
            // malformed request's TOO_SMALL bit can come back on a data answer.
            const bool tooSmallNode = (flags & WNODE_FLAG_TOO_SMALL) && size == sizeof(WNODE_TOO_SMALL);
            if (tooSmallNode && information != sizeof(WNODE_TOO_SMALL)) {
                Finding("WNODE_TOO_SMALL with Information %lu", static_cast<unsigned long>(information));
            } else if (!tooSmallNode && (size > capacity || size != information)) {
                Finding("WMI IRP minor 0x%02X: reply BufferSize %u, Information %lu, capacity %u", minor, size,
                        static_cast<unsigned long>(information), capacity);
            }
        }
    }

    void Cleanup() {
        for (WMIHANDLE handle : handles_) CheckWin32("WmiCloseBlock", WmiCloseBlock(handle));
        for (GUID& guid : subscriptions_)
            (void)WmiNotificationRegistrationW(&guid, FALSE, reinterpret_cast<PVOID>(&OnEvent), 7, NOTIFICATION_CALLBACK_DIRECT);
        env_.Kernel().RunUntilIdle();
        env_.ResetDrivers();
    }

    FuzzedDataProvider& in_;
    RequestEnv& env_;
    std::vector<WMIHANDLE> handles_;
    std::vector<GUID> subscriptions_;
};

}  // namespace
}  // namespace kwmi::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    kwmi::fuzz::Session session(in);
    session.Run();
    return 0;
}
