// libFuzzer: a lying WDM provider (malicious_provider.hpp) registers with the WMI service,
// then consumers query, set, call methods and subscribe while the provider answers every
// IRP from the fuzzer's bytes, and it fires malformed events with IoWMIWriteEvent.
// Invariants: the service rejects with a status and never crashes; it never reads or writes
// outside the buffers it owns (ASan: every IRP buffer is the service's exact allocation);
// what it hands a consumer is well formed and fits the consumer's buffer (canary).
#include <fuzzer/FuzzedDataProvider.h>

#include <ntddk.h>
#include <wmistr.h>
#include <wmium.h>

#include <kwmi/consumer.hpp>
#include <kwmi/wmi_service.hpp>

#include <cstring>
#include <memory>
#include <vector>

#include "../common/fuzz_invariants.hpp"
#include "malicious_provider.hpp"

namespace kwmi::fuzz {
namespace {

constexpr std::uint8_t kCanary = 0xCD;
constexpr std::size_t kCanarySize = 32;
constexpr std::size_t kMaxDiagnostics = 4096;

struct World {
    World() {
        kernel = std::make_unique<nt::Kernel>(nt::SchedulerKind::Manual);
        wmi::Settings settings;
        // Lies about sizes make the service grow its buffer up to this bound on every
        // retry; a smaller bound keeps the fuzzer fast without changing any code path.
        settings.maxReplyBufferSize = 64u << 10;
        service = &wmi::Service::Install(*kernel, settings);
        AbortOnBugCheck(*kernel);
        provider = std::make_unique<MaliciousProvider>(*kernel);
        service->SetDeviceInstancePath(provider->Pdo(), u"ROOT\\EVIL\\0000");
    }
    std::unique_ptr<nt::Kernel> kernel;
    wmi::Service* service = nullptr;
    std::unique_ptr<MaliciousProvider> provider;
    std::uint64_t inputs = 0;
};

World& TheWorld() {
    static World* world = new World();  // once per process; see request_env.hpp for why
    return *world;
}

void CheckEvent(const WNODE_HEADER* wnode, std::uint32_t size) {
    if (wnode == nullptr || size < sizeof(WNODE_HEADER) || wnode->BufferSize > size)
        Finding("event delivered to a consumer with a malformed WNODE (size %u)", size);
}

class Session {
public:
    Session(FuzzedDataProvider& in, World& world) : in_(in), w_(world) {}

    void Run() {
        w_.provider->SetScript(&in_);
        NTSTATUS status = IoWMIRegistrationControl(w_.provider->Fdo(), WMIREG_ACTION_REGISTER);
        CheckStatus("IoWMIRegistrationControl(REGISTER)", status);
        w_.kernel->RunUntilIdle();
        for (int step = 0; step < 16 && in_.remaining_bytes() > 0; ++step) {
            switch (in_.ConsumeIntegralInRange<int>(0, 7)) {
            case 0: QueryAll(); break;
            case 1: QuerySingle(); break;
            case 2: Set(); break;
            case 3: Execute(); break;
            case 4: Subscribe(); break;
            case 5: FireEvent(); break;
            case 6:
                (void)IoWMIRegistrationControl(w_.provider->Fdo(), in_.ConsumeBool() ? WMIREG_ACTION_UPDATE_GUIDS
                                                                                     : WMIREG_ACTION_REREGISTER);
                break;
            default: w_.kernel->RunUntilIdle(); break;
            }
        }
        w_.kernel->RunUntilIdle();
        for (std::uint64_t id : subscriptions_) (void)w_.service->Unsubscribe(id);
        w_.provider->SetScript(nullptr);
        (void)IoWMIRegistrationControl(w_.provider->Fdo(), WMIREG_ACTION_DEREGISTER);
        w_.kernel->RunUntilIdle();
        if (w_.service->IsRegistered(w_.provider->Fdo())) Finding("provider still registered after DEREGISTER");
        // The service keeps notes about misbehaving providers; they must stay bounded however
        // often a provider lies (checked now and then: Diagnostics() copies them).
        if (++w_.inputs % 64 == 0 && w_.service->Diagnostics().size() > kMaxDiagnostics)
            Finding("service diagnostics grew to %zu notes", w_.service->Diagnostics().size());
    }

private:
    // A consumer error is one the spec lists or the mapping of a status the provider itself
    // failed an IRP with.
    void CheckConsumerError(const char* what, ULONG error) const {
        if (!w_.provider->AnsweredWith(error)) CheckWin32(what, error);
    }

    GUID PickGuid() { return EvilGuid(in_.ConsumeIntegralInRange<int>(0, kEvilGuidCount - 1)); }
    std::u16string PickName() {
        const auto names = MaliciousProvider::LikelyNames();
        return names[in_.ConsumeIntegralInRange<std::size_t>(0, names.size() - 1)];
    }
    WMIHANDLE Open(ULONG access) {
        GUID guid = PickGuid();
        WMIHANDLE handle = nullptr;
        const ULONG error = WmiOpenBlock(&guid, access, &handle);
        CheckConsumerError("WmiOpenBlock", error);
        return error == ERROR_SUCCESS ? handle : nullptr;
    }
    struct Closer {
        WMIHANDLE h;
        ~Closer() { if (h) WmiCloseBlock(h); }
    };

    void QueryAll() {
        WMIHANDLE handle = Open(WMIGUID_QUERY);
        Closer closer{handle};
        if (!handle) return;
        const ULONG claimed = in_.ConsumeIntegralInRange<ULONG>(0, 4096);
        std::vector<std::uint8_t> buffer(claimed + kCanarySize, kCanary);
        ULONG size = claimed;
        const ULONG error = WmiQueryAllDataW(handle, &size, buffer.data());
        CheckConsumerError("WmiQueryAllDataW", error);
        CheckCanary(buffer, claimed, "WmiQueryAllDataW");
        std::vector<InstanceView> views;
        if (error == ERROR_SUCCESS && (size > claimed || !ParseAllDataChain({buffer.data(), size}, views)))
            Finding("WmiQueryAllDataW passed a malformed provider answer to the consumer (%u bytes)", size);
    }

    void QuerySingle() {
        WMIHANDLE handle = Open(WMIGUID_QUERY);
        Closer closer{handle};
        if (!handle) return;
        const std::u16string name = PickName();
        const ULONG claimed = in_.ConsumeIntegralInRange<ULONG>(0, 2048);
        std::vector<std::uint8_t> buffer(claimed + kCanarySize, kCanary);
        ULONG size = claimed;
        const ULONG error = WmiQuerySingleInstanceW(handle, reinterpret_cast<LPCWSTR>(name.c_str()), &size, buffer.data());
        CheckConsumerError("WmiQuerySingleInstanceW", error);
        CheckCanary(buffer, claimed, "WmiQuerySingleInstanceW");
        if (error != ERROR_SUCCESS) return;
        if (size > claimed || size < sizeof(WNODE_SINGLE_INSTANCE)) Finding("WmiQuerySingleInstanceW: %u bytes in %u", size, claimed);
        const auto* wnode = reinterpret_cast<const WNODE_SINGLE_INSTANCE*>(buffer.data());
        if (wnode->WnodeHeader.BufferSize > size || std::uint64_t(wnode->DataBlockOffset) + wnode->SizeDataBlock > size)
            Finding("WmiQuerySingleInstanceW passed a WNODE whose fields point past its %u bytes", size);
    }

    void Set() {
        WMIHANDLE handle = Open(WMIGUID_SET);
        Closer closer{handle};
        if (!handle) return;
        const std::u16string name = PickName();
        std::vector<std::uint8_t> value = in_.ConsumeBytes<std::uint8_t>(in_.ConsumeIntegralInRange<std::size_t>(0, 64));
        const auto* n = reinterpret_cast<LPCWSTR>(name.c_str());
        const ULONG error = in_.ConsumeBool()
            ? WmiSetSingleInstanceW(handle, n, 0, static_cast<ULONG>(value.size()), value.empty() ? nullptr : value.data())
            : WmiSetSingleItemW(handle, n, in_.ConsumeIntegralInRange<ULONG>(0, 4), 0, static_cast<ULONG>(value.size()),
                                value.empty() ? nullptr : value.data());
        CheckConsumerError("WmiSet*", error);
    }

    void Execute() {
        WMIHANDLE handle = Open(WMIGUID_EXECUTE);
        Closer closer{handle};
        if (!handle) return;
        const std::u16string name = PickName();
        std::vector<std::uint8_t> input = in_.ConsumeBytes<std::uint8_t>(in_.ConsumeIntegralInRange<std::size_t>(0, 64));
        const ULONG claimed = in_.ConsumeIntegralInRange<ULONG>(0, 256);
        std::vector<std::uint8_t> output(claimed + kCanarySize, kCanary);
        ULONG size = claimed;
        const ULONG error = WmiExecuteMethodW(handle, reinterpret_cast<LPCWSTR>(name.c_str()), in_.ConsumeIntegralInRange<ULONG>(0, 3),
                                              static_cast<ULONG>(input.size()), input.empty() ? nullptr : input.data(), &size,
                                              claimed ? output.data() : nullptr);
        CheckConsumerError("WmiExecuteMethodW", error);
        CheckCanary(output, claimed, "WmiExecuteMethodW");
        if (error == ERROR_SUCCESS && size > claimed) Finding("WmiExecuteMethodW: %u output bytes in %u", size, claimed);
    }

    void Subscribe() {
        std::uint64_t id = 0;
        const NTSTATUS status = w_.service->Subscribe(PickGuid(), wmi::Identity::Administrator(), &CheckEvent, &id);
        CheckStatus("Service::Subscribe", status);
        if (NT_SUCCESS(status)) subscriptions_.push_back(id);
    }

    void FireEvent() {
        ULONG allocated = 0;
        void* event = w_.provider->BuildEvent(in_, &allocated);
        if (event == nullptr) return;
        const NTSTATUS status = IoWMIWriteEvent(event);
        CheckStatus("IoWMIWriteEvent", status);
        if (!NT_SUCCESS(status)) ExFreePool(event);  // on failure the caller still owns it
    }

    static void CheckCanary(const std::vector<std::uint8_t>& buffer, ULONG claimed, const char* what) {
        for (std::size_t i = claimed; i < buffer.size(); ++i)
            if (buffer[i] != kCanary) Finding("%s wrote past the %u-byte buffer it was given", what, claimed);
    }

    FuzzedDataProvider& in_;
    World& w_;
    std::vector<std::uint64_t> subscriptions_;
};

}  // namespace
}  // namespace kwmi::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    kwmi::fuzz::Session session(in, kwmi::fuzz::TheWorld());
    session.Run();
    return 0;
}
