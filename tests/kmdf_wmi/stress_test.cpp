// stress_test.cpp - 4 threads query while another registers, deregisters and deletes instances
// (threaded scheduler, 10 s). Run under ASan and TSan (CTest label `concurrency`).
#include "kmdf_wmi_fixture.hpp"

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

#undef min
#undef max

namespace kwmi::kmdfwmitest {
namespace {

class KmdfWmiStress : public KmdfWmiFixture {
public:
    KmdfWmiStress() { schedulerKind = nt::SchedulerKind::Threaded; }
};

bool Acceptable(NTSTATUS status)
{
    return status == STATUS_SUCCESS || status == STATUS_WMI_INSTANCE_NOT_FOUND;
}

TEST_F(KmdfWmiStress, QueriesRaceRegisterDeregisterDelete)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    std::atomic<ULONG> callbacks{0};
    onQuery = [&](WDFWMIINSTANCE, ULONG size, PVOID out, PULONG used) {
        callbacks.fetch_add(1, std::memory_order_relaxed);
        *used = 8;
        if (size < 8) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        std::memset(out, 0x5C, 8);
        return STATUS_SUCCESS;
    };
    for (int i = 0; i < 8; ++i) {
        CreateInstance(provider);
    }
    ASSERT_EQ(Start(), STATUS_SUCCESS);

    std::atomic<bool> stop{false};
    std::atomic<ULONG> failures{0};
    std::atomic<ULONG> requests{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; ++t) {
        readers.emplace_back([&, t] {
            std::mt19937 rng(static_cast<unsigned>(t + 1));
            while (!stop.load()) {
                if (rng() % 4 == 0) {
                    Bytes q = AllDataWnode(TestGuid(1), 64 + static_cast<ULONG>(rng() % 400));
                    const IrpResult r = Send(IRP_MN_QUERY_ALL_DATA, TestGuid(1), q);
                    if (!Acceptable(r.status)) {
                        failures.fetch_add(1);
                    }
                } else {
                    Bytes q = SingleInstanceWnode(TestGuid(1), static_cast<ULONG>(rng() % 12), 64 + rng() % 16);
                    const IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q);
                    if (!Acceptable(r.status)) {
                        failures.fetch_add(1);
                    }
                }
                requests.fetch_add(1, std::memory_order_relaxed);
            }
        });
    }

    std::thread mutator([&] {
        std::mt19937 rng(99);
        std::vector<WDFWMIINSTANCE> live;
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < end) {
            const unsigned action = rng() % 5;
            if (action == 0 || live.empty()) {
                WDF_WMI_INSTANCE_CONFIG config = InstanceConfig(provider, InstanceOptions{});
                WDFWMIINSTANCE instance = nullptr;
                if (WdfWmiInstanceCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &instance) == STATUS_SUCCESS) {
                    live.push_back(instance);
                } else {
                    failures.fetch_add(1);
                }
                continue;
            }
            const size_t pick = rng() % live.size();
            WDFWMIINSTANCE instance = live[pick];
            const bool atDispatch = rng() % 2 == 0;
            KIRQL old = PASSIVE_LEVEL;
            if (atDispatch) {
                KeRaiseIrql(DISPATCH_LEVEL, &old);
            }
            switch (action) {
            case 1:
                WdfWmiInstanceDeregister(instance);
                break;
            case 2:
                (void)WdfWmiInstanceRegister(instance);
                break;
            default:
                WdfWmiInstanceDeregister(instance);
                WdfObjectDelete(instance);
                live.erase(live.begin() + static_cast<std::ptrdiff_t>(pick));
                break;
            }
            if (atDispatch) {
                KeLowerIrql(old);
            }
        }
        stop.store(true);
    });

    mutator.join();
    for (std::thread &reader : readers) {
        reader.join();
    }
    kernel->WaitIdle();
    EXPECT_EQ(failures.load(), 0u);
    EXPECT_GT(requests.load(), 0u);
    EXPECT_GT(callbacks.load(), 0u);
    EXPECT_FALSE(bugChecks->Fired());
}

} // namespace
} // namespace kwmi::kmdfwmitest
