// The WMI stack under load on the threaded scheduler (issue #8 part 3).
//
// Consumer threads (kwmi::Consumer) query all data, query single instances, set instances and
// call a method of one GUID while the driver side churns its instances: a periodic WDFTIMER at
// DISPATCH_LEVEL registers and deregisters "toggle" instances, a PASSIVE_LEVEL WDFWORKITEM
// deletes instances and creates new ones, and the test thread removes the device and adds and
// starts a new one in cycles. Every instance's data block carries its own identity and a
// generation counter with a redundant encoding, so each answer is checked for:
//   * foreign data: an identity the driver never created;
//   * torn data:    bytes of the block that disagree with its identity/generation;
//   * stale data:   an instance deleted (or removed with its device) before the request began;
//   * statuses:     a failed request must fail with a status documented for a vanished
//                   instance or GUID.
// At the end the driver is unloaded and its leak report (live WDF objects, pool) must be empty.
//
// Wall time per test: KWMI_STRESS_SECONDS (default 2; use e.g. 60 for a long local run).
// Consumer threads: KWMI_STRESS_THREADS (default 4).
#include <gtest/gtest.h>

#include <kwmi/consumer.hpp>
#include <kwmi/host.hpp>
#include <kwmi/kernel.hpp>
#include <kwmi/testing.hpp>
#include <kwmi/wmi_service.hpp>

#include <wdf.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

constexpr GUID kStressGuid = {0x6b1f0c3e, 0x52a4, 0x4d0e, {0x9a, 0x61, 0x2f, 0x3c, 0x7e, 0x11, 0x90, 0x5d}};
constexpr ULONG kMagic = 0x5354524Bu;  // "KRTS"
constexpr ULONG kToggleInstances = 3;  // registered/deregistered by the DISPATCH_LEVEL timer
constexpr ULONG kChurnInstances = 4;   // deleted and re-created by the PASSIVE_LEVEL work item
constexpr ULONG kGetBlockMethod = 1;

// One instance's data block: identity, generation and a redundant encoding of both.
struct Block {
    ULONG magic;
    ULONG id;
    ULONG generation;
    ULONG check;
    UCHAR fill[16];
};
static_assert(sizeof(Block) == 32);
static_assert(offsetof(Block, fill) == 16);

ULONG CheckOf(ULONG id, ULONG generation) { return (id * 2654435761u) ^ generation ^ kMagic; }
UCHAR FillOf(ULONG id, ULONG generation, size_t i) {
    return static_cast<UCHAR>(id * 7u + generation * 13u + static_cast<ULONG>(i));
}
Block MakeBlock(ULONG id, ULONG generation) {
    Block block{kMagic, id, generation, CheckOf(id, generation), {}};
    for (size_t i = 0; i < sizeof block.fill; ++i) block.fill[i] = FillOf(id, generation, i);
    return block;
}

int EnvInt(const char *name, int fallback) {
    const char *text = std::getenv(name);
    if (text == nullptr || *text == '\0') return fallback;
    const int value = std::atoi(text);
    return value > 0 ? value : fallback;
}

// ---- the history the checks run against ----
// seq counts lifecycle events. An identity deleted at seq S must not be seen by a request that
// began (read seq) at or after S. Toggle instances come and go asynchronously at
// DISPATCH_LEVEL: they are never stale, only checked for identity and tearing.
struct IdentityRecord {
    bool toggles = false;
    std::uint64_t gone = 0;  // seq at which the identity was gone for good; 0 while it may answer
};
struct History {
    std::mutex mutex;
    std::map<ULONG, IdentityRecord> identities;
    std::atomic<std::uint64_t> seq{1};
    std::atomic<ULONG> nextId{1};

    ULONG NewIdentity(bool toggles) {
        const ULONG id = nextId.fetch_add(1);
        std::lock_guard lock(mutex);
        identities[id].toggles = toggles;
        return id;
    }
    void Gone(ULONG id) {
        const std::uint64_t at = seq.fetch_add(1) + 1;
        std::lock_guard lock(mutex);
        identities[id].gone = at;
    }
    void Reset() {
        std::lock_guard lock(mutex);
        identities.clear();
        seq.store(1);
        nextId.store(1);
    }
};
History &TheHistory() {
    static History history;
    return history;
}

// ---- the stress driver (plain KMDF calls, linked into this executable) ----
struct InstanceContext {
    ULONG id;
    ULONG generation;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(InstanceContext, GetInstanceContext)

// Driver-private state of one device (C++ state behind a pointer in the device context).
struct DeviceState {
    std::mutex lock;  // instance contexts and lists; never held across a DDI call
    WDFDEVICE device = nullptr;
    WDFWMIPROVIDER provider = nullptr;
    WDFTIMER timer = nullptr;
    WDFWORKITEM workItem = nullptr;
    std::vector<WDFWMIINSTANCE> toggles;
    std::vector<bool> toggleRegistered;
    std::vector<WDFWMIINSTANCE> churn;  // oldest first
    std::vector<ULONG> ids;             // every identity this device created
    std::minstd_rand rng{7};
    std::atomic<ULONG> timerRuns{0};
    std::atomic<ULONG> workRuns{0};
};
struct DeviceContext {
    DeviceState *state;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DeviceContext, GetDeviceContext)

struct DriverStats {
    std::atomic<ULONG> timerRuns{0};
    std::atomic<ULONG> workRuns{0};
    std::atomic<ULONG> wrongIrql{0};
    std::atomic<ULONG> ddiFailures{0};
    // S0 idle mode: the device idles out between power references.
    bool idleMode = false;
    std::atomic<bool> inD0{false};
    std::atomic<ULONG> d0Entries{0};
    std::atomic<ULONG> d0Exits{0};
    std::atomic<ULONG> powerOrderErrors{0};  // D0Entry/D0Exit not alternating
};
DriverStats &Stats() {
    static DriverStats stats;
    return stats;
}

DeviceState &StateOf(WDFDEVICE device) { return *GetDeviceContext(device)->state; }

NTSTATUS QueryInstance(WDFWMIINSTANCE instance, ULONG outSize, PVOID out, PULONG used) {
    if (KeGetCurrentIrql() != PASSIVE_LEVEL) Stats().wrongIrql.fetch_add(1);
    *used = sizeof(Block);
    if (outSize < sizeof(Block)) return STATUS_BUFFER_TOO_SMALL;
    DeviceState &state = StateOf(WdfWmiInstanceGetDevice(instance));
    Block block;
    {
        std::lock_guard lock(state.lock);
        const InstanceContext *context = GetInstanceContext(instance);
        block = MakeBlock(context->id, context->generation);
    }
    std::memcpy(out, &block, sizeof block);
    return STATUS_SUCCESS;
}

NTSTATUS SetInstance(WDFWMIINSTANCE instance, ULONG inSize, PVOID in) {
    if (KeGetCurrentIrql() != PASSIVE_LEVEL) Stats().wrongIrql.fetch_add(1);
    if (inSize < sizeof(ULONG)) return STATUS_INVALID_PARAMETER;
    ULONG step = 0;
    std::memcpy(&step, in, sizeof step);
    DeviceState &state = StateOf(WdfWmiInstanceGetDevice(instance));
    std::lock_guard lock(state.lock);
    GetInstanceContext(instance)->generation += step;
    return STATUS_SUCCESS;
}

NTSTATUS ExecuteMethod(WDFWMIINSTANCE instance, ULONG methodId, ULONG, ULONG outSize, PVOID buffer, PULONG used) {
    if (methodId != kGetBlockMethod) return STATUS_WMI_ITEMID_NOT_FOUND;
    return QueryInstance(instance, outSize, buffer, used);
}

WDFWMIINSTANCE CreateInstance(DeviceState &state, bool toggles) {
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, InstanceContext);
    WDF_WMI_INSTANCE_CONFIG config;
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER(&config, state.provider);
    config.EvtWmiInstanceQueryInstance = QueryInstance;
    config.EvtWmiInstanceSetInstance = SetInstance;
    config.EvtWmiInstanceExecuteMethod = ExecuteMethod;
    config.Register = FALSE;  // the context is filled in before any request can reach it
    WDFWMIINSTANCE instance = nullptr;
    if (!NT_SUCCESS(WdfWmiInstanceCreate(state.device, &config, &attributes, &instance))) {
        Stats().ddiFailures.fetch_add(1);
        return nullptr;
    }
    const ULONG id = TheHistory().NewIdentity(toggles);
    {
        std::lock_guard lock(state.lock);
        *GetInstanceContext(instance) = InstanceContext{id, 1};
        state.ids.push_back(id);
    }
    if (!NT_SUCCESS(WdfWmiInstanceRegister(instance))) Stats().ddiFailures.fetch_add(1);
    return instance;
}

// DISPATCH_LEVEL: flips one toggle instance's registration, then schedules the churn work.
VOID OnTimer(WDFTIMER timer) {
    if (KeGetCurrentIrql() != DISPATCH_LEVEL) Stats().wrongIrql.fetch_add(1);
    Stats().timerRuns.fetch_add(1);
    DeviceState &state = StateOf(static_cast<WDFDEVICE>(WdfTimerGetParentObject(timer)));
    WDFWMIINSTANCE instance = nullptr;
    bool registerIt = false;
    {
        std::lock_guard lock(state.lock);
        const size_t pick = state.rng() % state.toggles.size();
        instance = state.toggles[pick];
        registerIt = !state.toggleRegistered[pick];
        state.toggleRegistered[pick] = registerIt;
    }
    if (registerIt) {
        if (!NT_SUCCESS(WdfWmiInstanceRegister(instance))) Stats().ddiFailures.fetch_add(1);
    } else {
        WdfWmiInstanceDeregister(instance);
    }
    WdfWorkItemEnqueue(state.workItem);
}

// PASSIVE_LEVEL: deletes the oldest churn instance and creates a new one.
VOID OnWorkItem(WDFWORKITEM workItem) {
    if (KeGetCurrentIrql() != PASSIVE_LEVEL) Stats().wrongIrql.fetch_add(1);
    Stats().workRuns.fetch_add(1);
    DeviceState &state = StateOf(static_cast<WDFDEVICE>(WdfWorkItemGetParentObject(workItem)));
    WDFWMIINSTANCE victim = nullptr;
    ULONG victimId = 0;
    {
        std::lock_guard lock(state.lock);
        if (!state.churn.empty()) {
            victim = state.churn.front();
            state.churn.erase(state.churn.begin());
            victimId = GetInstanceContext(victim)->id;
        }
    }
    if (victim != nullptr) {
        WdfObjectDelete(victim);
        TheHistory().Gone(victimId);
    }
    if (WDFWMIINSTANCE fresh = CreateInstance(state, false)) {
        std::lock_guard lock(state.lock);
        state.churn.push_back(fresh);
    }
}

NTSTATUS OnD0Entry(WDFDEVICE, WDF_POWER_DEVICE_STATE) {
    if (Stats().inD0.exchange(true)) Stats().powerOrderErrors.fetch_add(1);
    Stats().d0Entries.fetch_add(1);
    return STATUS_SUCCESS;
}

NTSTATUS OnD0Exit(WDFDEVICE, WDF_POWER_DEVICE_STATE) {
    if (!Stats().inD0.exchange(false)) Stats().powerOrderErrors.fetch_add(1);
    Stats().d0Exits.fetch_add(1);
    return STATUS_SUCCESS;
}

NTSTATUS OnSelfManagedIoRestart(WDFDEVICE device) {
    (void)WdfTimerStart(StateOf(device).timer, WDF_REL_TIMEOUT_IN_MS(1));
    return STATUS_SUCCESS;
}

NTSTATUS OnSelfManagedIoInit(WDFDEVICE device) {
    (void)WdfTimerStart(StateOf(device).timer, WDF_REL_TIMEOUT_IN_MS(1));
    return STATUS_SUCCESS;
}

// Power-down (idle or removal): nothing of the driver runs in Dx (KMDF practice).
NTSTATUS OnSelfManagedIoSuspend(WDFDEVICE device) {
    DeviceState &state = StateOf(device);
    (void)WdfTimerStop(state.timer, TRUE);
    WdfWorkItemFlush(state.workItem);
    return STATUS_SUCCESS;
}

// Runs after the framework deregistered the device from WMI: every identity is gone.
VOID OnSelfManagedIoFlush(WDFDEVICE device) {
    std::vector<ULONG> ids;
    {
        DeviceState &state = StateOf(device);
        std::lock_guard lock(state.lock);
        ids = state.ids;
    }
    for (ULONG id : ids) TheHistory().Gone(id);
}

VOID OnDeviceCleanup(WDFOBJECT object) {
    DeviceContext *context = GetDeviceContext(static_cast<WDFDEVICE>(object));
    delete context->state;
    context->state = nullptr;
}

NTSTATUS OnDeviceAdd(WDFDRIVER, PWDFDEVICE_INIT init) {
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDeviceSelfManagedIoInit = OnSelfManagedIoInit;
    pnp.EvtDeviceSelfManagedIoSuspend = OnSelfManagedIoSuspend;
    pnp.EvtDeviceSelfManagedIoFlush = OnSelfManagedIoFlush;
    pnp.EvtDeviceSelfManagedIoRestart = OnSelfManagedIoRestart;
    pnp.EvtDeviceD0Entry = OnD0Entry;
    pnp.EvtDeviceD0Exit = OnD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(init, &pnp);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DeviceContext);
    attributes.EvtCleanupCallback = OnDeviceCleanup;
    WDFDEVICE device = nullptr;
    NTSTATUS status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) return status;
    auto *state = new DeviceState();
    state->device = device;
    GetDeviceContext(device)->state = state;

    WDF_WMI_PROVIDER_CONFIG providerConfig;
    WDF_WMI_PROVIDER_CONFIG_INIT(&providerConfig, &kStressGuid);
    providerConfig.MinInstanceBufferSize = sizeof(Block);
    status = WdfWmiProviderCreate(device, &providerConfig, WDF_NO_OBJECT_ATTRIBUTES, &state->provider);
    if (!NT_SUCCESS(status)) return status;

    WDF_TIMER_CONFIG timerConfig;
    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, OnTimer, 2);
    WDF_OBJECT_ATTRIBUTES timerAttributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&timerAttributes);
    timerAttributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &timerAttributes, &state->timer);
    if (!NT_SUCCESS(status)) return status;

    WDF_WORKITEM_CONFIG workConfig;
    WDF_WORKITEM_CONFIG_INIT(&workConfig, OnWorkItem);
    WDF_OBJECT_ATTRIBUTES workAttributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&workAttributes);
    workAttributes.ParentObject = device;
    status = WdfWorkItemCreate(&workConfig, &workAttributes, &state->workItem);
    if (!NT_SUCCESS(status)) return status;

    if (Stats().idleMode) {
        WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS idle;
        WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(&idle, IdleCannotWakeFromS0);
        idle.IdleTimeout = 1;
        idle.UserControlOfIdleSettings = IdleDoNotAllowUserControl;
        status = WdfDeviceAssignS0IdleSettings(device, &idle);
        if (!NT_SUCCESS(status)) return status;
    }
    for (ULONG i = 0; i < kToggleInstances; ++i) {
        WDFWMIINSTANCE instance = CreateInstance(*state, true);
        if (instance == nullptr) return STATUS_UNSUCCESSFUL;
        state->toggles.push_back(instance);
        state->toggleRegistered.push_back(true);
    }
    for (ULONG i = 0; i < kChurnInstances; ++i) {
        WDFWMIINSTANCE instance = CreateInstance(*state, false);
        if (instance == nullptr) return STATUS_UNSUCCESSFUL;
        state->churn.push_back(instance);
    }
    return STATUS_SUCCESS;
}

NTSTATUS StressDriverEntry(PDRIVER_OBJECT driverObject, PUNICODE_STRING registryPath) {
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, OnDeviceAdd);
    return WdfDriverCreate(driverObject, registryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

// ---- the consumer side ----
struct Findings {
    std::mutex mutex;
    std::vector<std::string> problems;  // first few, for the failure message
    std::atomic<ULONG> problemCount{0};
    std::atomic<ULONG> answers{0};     // validated data blocks
    std::atomic<ULONG> vanished{0};    // requests failed with a documented "gone" status
    std::atomic<ULONG> sets{0};
    std::atomic<ULONG> emptySlots{0};  // QUERY_ALL_DATA slots of instances removed meanwhile

    void Problem(const std::string &text) {
        problemCount.fetch_add(1);
        std::lock_guard lock(mutex);
        if (problems.size() < 10) problems.push_back(text);
    }
};

// Checks one data block against the history; `began` is the seq read before the request.
void CheckBlock(std::span<const std::uint8_t> data, std::uint64_t began, const char *what, Findings &findings) {
    if (data.size() != sizeof(Block)) {
        findings.Problem(std::string(what) + ": data block of " + std::to_string(data.size()) + " bytes");
        return;
    }
    Block block;
    std::memcpy(&block, data.data(), sizeof block);
    bool torn = block.magic != kMagic || block.check != CheckOf(block.id, block.generation);
    for (size_t i = 0; i < sizeof block.fill && !torn; ++i) torn = block.fill[i] != FillOf(block.id, block.generation, i);
    if (torn) {
        findings.Problem(std::string(what) + ": torn block (id " + std::to_string(block.id) + ")");
        return;
    }
    History &history = TheHistory();
    std::lock_guard lock(history.mutex);
    auto it = history.identities.find(block.id);
    if (it == history.identities.end()) {
        findings.Problem(std::string(what) + ": foreign identity " + std::to_string(block.id));
        return;
    }
    if (it->second.gone != 0 && it->second.gone <= began) {
        findings.Problem(std::string(what) + ": stale identity " + std::to_string(block.id) + " (gone at " +
                         std::to_string(it->second.gone) + ", request began at " + std::to_string(began) + ")");
        return;
    }
    findings.answers.fetch_add(1);
}

// Documented results for a GUID or instance that vanished under the request.
bool VanishedStatus(ULONG error) {
    return error == ERROR_WMI_GUID_NOT_FOUND || error == ERROR_WMI_INSTANCE_NOT_FOUND;
}

ULONG Read32(std::span<const std::uint8_t> bytes, size_t offset) {
    ULONG value = 0;
    if (offset + sizeof value <= bytes.size()) std::memcpy(&value, bytes.data() + offset, sizeof value);
    return value;
}

void ConsumerLoop(unsigned seed, const std::atomic<bool> &stop, Findings &findings) {
    kwmi::Consumer consumer;
    std::minstd_rand rng(seed);
    std::vector<std::u16string> names;
    History &history = TheHistory();
    while (!stop.load()) {
        const unsigned action = names.empty() ? 0 : rng() % 4;
        const std::uint64_t began = history.seq.load();
        if (action == 0) {
            kwmi::Reply reply = consumer.QueryAllData(kStressGuid);
            if (reply.error != ERROR_SUCCESS) {
                if (!VanishedStatus(reply.error)) findings.Problem("QueryAllData: error " + std::to_string(reply.error));
                else findings.vanished.fetch_add(1);
                continue;
            }
            std::vector<kwmi::InstanceView> views;
            if (!kwmi::ParseAllDataChain(reply.bytes, views)) {
                findings.Problem("QueryAllData: malformed chain");
                continue;
            }
            names.clear();
            for (const auto &view : views) {
                if (view.data.empty()) {
                    // KMDF quirk (kmdf-wmi-semantics.md §8 quirk 4): the instance count is a
                    // snapshot; an instance removed during the request leaves its slot empty.
                    findings.emptySlots.fetch_add(1);
                    continue;
                }
                CheckBlock(view.data, began, "QueryAllData", findings);
                names.push_back(view.name);
            }
            continue;
        }
        const std::u16string &name = names[rng() % names.size()];
        if (action == 1) {
            kwmi::Reply reply = consumer.QuerySingleInstance(kStressGuid, name);
            if (reply.error != ERROR_SUCCESS) {
                if (!VanishedStatus(reply.error)) findings.Problem("QuerySingleInstance: error " + std::to_string(reply.error));
                else findings.vanished.fetch_add(1);
                continue;
            }
            const ULONG offset = Read32(reply.bytes, 56);  // WNODE_SINGLE_INSTANCE.DataBlockOffset
            const ULONG size = Read32(reply.bytes, 60);    // .SizeDataBlock
            if (static_cast<size_t>(offset) + size > reply.bytes.size()) {
                findings.Problem("QuerySingleInstance: data block outside the WNODE");
                continue;
            }
            CheckBlock(std::span<const std::uint8_t>(reply.bytes).subspan(offset, size), began, "QuerySingleInstance",
                       findings);
        } else if (action == 2) {
            // A full block (the provider's MinInstanceBufferSize); its first ULONG is the step.
            std::uint8_t value[sizeof(Block)] = {1};
            const ULONG error = consumer.SetSingleInstance(kStressGuid, name, value);
            if (error == ERROR_SUCCESS) findings.sets.fetch_add(1);
            else if (VanishedStatus(error)) findings.vanished.fetch_add(1);
            else findings.Problem("SetSingleInstance: error " + std::to_string(error));
        } else {
            kwmi::Reply reply = consumer.ExecuteMethod(kStressGuid, name, kGetBlockMethod, {}, 64);
            if (reply.error != ERROR_SUCCESS) {
                if (!VanishedStatus(reply.error)) findings.Problem("ExecuteMethod: error " + std::to_string(reply.error));
                else findings.vanished.fetch_add(1);
                continue;
            }
            CheckBlock(reply.bytes, began, "ExecuteMethod", findings);
        }
    }
}

class WmiStress : public ::testing::Test {
protected:
    WmiStress() {
        TheHistory().Reset();
        Stats().timerRuns = 0;
        Stats().workRuns = 0;
        Stats().wrongIrql = 0;
        Stats().ddiFailures = 0;
        Stats().idleMode = false;
        Stats().inD0 = false;
        Stats().d0Entries = 0;
        Stats().d0Exits = 0;
        Stats().powerOrderErrors = 0;
    }

    kwmi::nt::Kernel kernel{kwmi::nt::SchedulerKind::Threaded};
    kwmi::wmi::Service &service = kwmi::wmi::Service::Install(kernel, {});
    kwmi::testing::BugCheckCapture bugChecks{kernel};
    kwmi::host::Host host{kernel};
};

TEST_F(WmiStress, ConsumersRaceInstanceChurnAndDeviceRestarts) {
    const auto duration = std::chrono::seconds(EnvInt("KWMI_STRESS_SECONDS", 2));
    const int threads = EnvInt("KWMI_STRESS_THREADS", 4);
    const std::size_t driver =
        host.AddLinkedDriver("stress", reinterpret_cast<kwmi::host::DriverEntryFn>(&StressDriverEntry));
    ASSERT_EQ(host.Driver(driver).entryStatus, STATUS_SUCCESS);
    std::int32_t status = STATUS_UNSUCCESSFUL;
    std::size_t device = host.AddDevice(driver, &status);
    ASSERT_EQ(status, STATUS_SUCCESS);
    ASSERT_EQ(host.StartDevice(device), STATUS_SUCCESS);

    Findings findings;
    std::atomic<bool> stop{false};
    std::vector<std::thread> consumers;
    for (int t = 0; t < threads; ++t) {
        consumers.emplace_back([&, t] { ConsumerLoop(static_cast<unsigned>(t + 1), stop, findings); });
    }
    // Remove/restart cycles: a removed device is gone; a new device (new PDO) takes its place.
    const auto end = std::chrono::steady_clock::now() + duration;
    int restarts = 0;
    std::vector<std::size_t> devices;
    while (std::chrono::steady_clock::now() < end) {
        std::this_thread::sleep_for(150ms);
        ASSERT_EQ(host.RemoveDevice(device), STATUS_SUCCESS);
        std::this_thread::sleep_for(5ms);  // consumers meet the GUID gone
        devices.push_back(device);
        device = host.AddDevice(driver, &status);
        ASSERT_EQ(status, STATUS_SUCCESS);
        ASSERT_EQ(host.StartDevice(device), STATUS_SUCCESS);
        ++restarts;
    }
    std::this_thread::sleep_for(50ms);
    stop.store(true);
    for (auto &thread : consumers) thread.join();
    ASSERT_EQ(host.RemoveDevice(device), STATUS_SUCCESS);
    devices.push_back(device);
    kernel.WaitIdle();

    std::string problems;
    for (const auto &text : findings.problems) problems += "\n  " + text;
    EXPECT_EQ(findings.problemCount.load(), 0u) << problems;
    EXPECT_FALSE(bugChecks.Fired());
    // A bug check caught at a callback boundary fails the device instead of reaching the capture.
    EXPECT_EQ(kernel.Stats().bugChecks, 0u);
    for (std::size_t index : devices) {
        EXPECT_EQ(host.State(index), kwmi::host::DeviceState::Removed) << host.Failure(index);
    }
    EXPECT_EQ(Stats().wrongIrql.load(), 0u);
    EXPECT_EQ(Stats().ddiFailures.load(), 0u);
    // The load really ran: answers were checked and the driver side churned.
    EXPECT_GT(findings.answers.load(), 0u);
    EXPECT_GT(findings.sets.load(), 0u);
    EXPECT_GT(Stats().timerRuns.load(), 0u);
    EXPECT_GT(Stats().workRuns.load(), 0u);
    EXPECT_GT(restarts, 0);
    const kwmi::host::LeakReport leaks = host.UnloadDriver(driver);
    EXPECT_TRUE(leaks.Empty()) << leaks.Text();
    std::printf("stress: %u answers checked, %u vanished, %u empty slots, %u sets, %u timer runs, %u work items, "
                "%d restarts\n",
                findings.answers.load(), findings.vanished.load(), findings.emptySlots.load(), findings.sets.load(),
                Stats().timerRuns.load(), Stats().workRuns.load(), restarts);
}

// S0 idle under load: a PASSIVE thread takes and drops power references (WdfDeviceStopIdle
// with WaitForD0) while the device idles out after 1 ms in between; consumers keep querying
// (WMI requests never power the device up) and the driver keeps churning while in D0.
TEST_F(WmiStress, ConsumersRaceS0IdleTransitionsAndPowerReferences) {
    const auto duration = std::chrono::seconds(EnvInt("KWMI_STRESS_SECONDS", 2));
    const int threads = EnvInt("KWMI_STRESS_THREADS", 4);
    Stats().idleMode = true;
    const std::size_t driver =
        host.AddLinkedDriver("stress", reinterpret_cast<kwmi::host::DriverEntryFn>(&StressDriverEntry));
    std::int32_t status = STATUS_UNSUCCESSFUL;
    const std::size_t device = host.AddDevice(driver, &status);
    ASSERT_EQ(status, STATUS_SUCCESS);
    ASSERT_EQ(host.StartDevice(device), STATUS_SUCCESS);
    auto wdfDevice = static_cast<WDFDEVICE>(host.WdfDevice(device));

    Findings findings;
    std::atomic<bool> stop{false};
    std::vector<std::thread> consumers;
    for (int t = 0; t < threads; ++t) {
        consumers.emplace_back([&, t] { ConsumerLoop(static_cast<unsigned>(t + 11), stop, findings); });
    }
    ULONG references = 0;
    ULONG notInD0 = 0;
    const auto end = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < end) {
        std::this_thread::sleep_for(3ms);  // long enough to idle out
        const NTSTATUS stopStatus = WdfDeviceStopIdle(wdfDevice, TRUE);
        if (stopStatus != STATUS_SUCCESS) findings.Problem("WdfDeviceStopIdle: " + std::to_string(stopStatus));
        if (host.PowerState(device) != WdfPowerDeviceD0) ++notInD0;
        std::this_thread::sleep_for(1ms);
        if (host.PowerState(device) != WdfPowerDeviceD0) ++notInD0;  // the reference holds D0
        WdfDeviceResumeIdle(wdfDevice);
        ++references;
    }
    stop.store(true);
    for (auto &thread : consumers) thread.join();
    ASSERT_EQ(host.RemoveDevice(device), STATUS_SUCCESS);
    kernel.WaitIdle();

    std::string problems;
    for (const auto &text : findings.problems) problems += "\n  " + text;
    EXPECT_EQ(findings.problemCount.load(), 0u) << problems;
    EXPECT_EQ(notInD0, 0u);
    EXPECT_FALSE(bugChecks.Fired());
    EXPECT_EQ(kernel.Stats().bugChecks, 0u);
    EXPECT_EQ(host.State(device), kwmi::host::DeviceState::Removed) << host.Failure(device);
    EXPECT_EQ(Stats().wrongIrql.load(), 0u);
    EXPECT_EQ(Stats().ddiFailures.load(), 0u);
    EXPECT_EQ(Stats().powerOrderErrors.load(), 0u);
    EXPECT_EQ(Stats().d0Entries.load(), Stats().d0Exits.load());  // removal ended in D3Final
    EXPECT_GT(Stats().d0Exits.load(), 1u);  // idled out at least once before the removal
    EXPECT_GT(findings.answers.load(), 0u);
    const kwmi::host::LeakReport leaks = host.UnloadDriver(driver);
    EXPECT_TRUE(leaks.Empty()) << leaks.Text();
    std::printf("idle stress: %u power references, %u D0 exits, %u answers checked\n", references,
                Stats().d0Exits.load(), findings.answers.load());
}

}  // namespace
