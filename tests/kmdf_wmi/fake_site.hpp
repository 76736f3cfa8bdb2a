// fake_site.hpp - a scripted WmiDeviceSite and WmiInstance for unit tests of the WMI handler's
// state machine and buffer logic without a kernel, device or driver.
#pragma once

#include "wdf/wmi/wmi_handler.hpp"

#include <deque>
#include <string>
#include <vector>

namespace kwmi::wdf::wmi::testing {

struct FakeSiteLog {
    std::vector<ULONG> actions;       // IoWMIRegistrationControl actions in order
    std::vector<KIRQL> actionIrqls;
    std::deque<std::function<void()>> workItems;
    ULONG pdoReferences = 0;
    std::vector<std::vector<UCHAR>> events;
    KIRQL irql = PASSIVE_LEVEL;
    NTSTATUS registerStatus = 0;
    std::function<void(ULONG)> onAction; // runs inside IoWMIRegistrationControl
};

class FakeEvent final : public WmiSiteEvent {
public:
    explicit FakeEvent(FakeSiteLog &log) : log_(log) {}
    void Set() override { set_ = true; }
    void Wait() override
    {
        // Like the manual scheduler: run pending work before declaring a deadlock.
        while (!set_ && !log_.workItems.empty()) {
            auto item = std::move(log_.workItems.front());
            log_.workItems.pop_front();
            const KIRQL saved = log_.irql;
            log_.irql = PASSIVE_LEVEL;
            item();
            log_.irql = saved;
        }
        if (!set_) {
            throw std::runtime_error("FakeEvent::Wait would block forever");
        }
        set_ = false;
    }

private:
    FakeSiteLog &log_;
    bool set_ = false;
};

class FakeSite final : public WmiDeviceSite {
public:
    explicit FakeSite(FakeSiteLog &log) : log_(log) {}
    KIRQL CurrentIrql() const override { return log_.irql; }
    NTSTATUS RegistrationControl(ULONG action) override
    {
        log_.actions.push_back(action);
        log_.actionIrqls.push_back(log_.irql);
        if (log_.onAction) {
            auto hook = std::move(log_.onAction);
            hook(action);
        }
        return action == 1 ? log_.registerStatus : 0;
    }
    void QueueWorkItem(std::function<void()> routine) override { log_.workItems.push_back(std::move(routine)); }
    std::unique_ptr<WmiSiteEvent> CreateEvent() override { return std::make_unique<FakeEvent>(log_); }
    LONGLONG SystemTime() const override { return 0x01DA5C0000000000LL; }
    ULONG_PTR DeviceObjectId() const override { return 0x1000; }
    ULONG_PTR StackPdo() const override { return 0x2000; }
    void ReferencePdo(ULONG_PTR) override { ++log_.pdoReferences; }
    std::u16string MofResourceName() const override { return mof; }
    std::u16string RegistryPath() const override { return registryPath; }
    ULONG EventProviderId() const override { return 0x1234; }
    void *AllocateEventBuffer(size_t size) override { return ::operator new(size); }
    void FreeEventBuffer(void *buffer) override { ::operator delete(buffer); }
    NTSTATUS WriteEvent(void *wnode) override
    {
        const auto *bytes = static_cast<const UCHAR *>(wnode);
        log_.events.emplace_back(bytes, bytes + ReadU32(wnode, 0));
        ::operator delete(wnode);
        return 0;
    }

    std::u16string mof = u"MofResource";
    std::u16string registryPath = u"\\REGISTRY\\MACHINE\\SYSTEM\\Kwmi";

private:
    FakeSiteLog &log_;
};

// Runs queued work items at PASSIVE_LEVEL, like RunUntilIdle on the manual scheduler.
inline size_t RunWorkItems(FakeSiteLog &log)
{
    size_t n = 0;
    while (!log.workItems.empty()) {
        auto item = std::move(log.workItems.front());
        log.workItems.pop_front();
        const KIRQL saved = log.irql;
        log.irql = PASSIVE_LEVEL;
        item();
        log.irql = saved;
        ++n;
    }
    return n;
}

// A scripted instance: returns `size` bytes of `fill`, or what `query` says.
class ScriptedInstance final : public WmiInstance {
public:
    using WmiInstance::WmiInstance;
    bool SupportsQuery() const override { return supportsQuery; }
    bool SupportsSetInstance() const override { return false; }
    bool SupportsSetItem() const override { return false; }
    bool SupportsExecute() const override { return false; }
    NTSTATUS Query(ULONG outSize, void *out, ULONG *used) override
    {
        offered.push_back(outSize);
        *used = size;
        if (outSize < size) {
            return kStatusBufferTooSmall;
        }
        std::memset(out, fill, size);
        return 0;
    }
    NTSTATUS SetInstance(ULONG, void *) override { return kStatusWmiReadOnly; }
    NTSTATUS SetItem(ULONG, ULONG, void *) override { return kStatusWmiReadOnly; }
    NTSTATUS Execute(ULONG, ULONG, ULONG, void *, ULONG *used) override
    {
        *used = 0;
        return kStatusInvalidDeviceRequest;
    }

    bool supportsQuery = true;
    ULONG size = 0;
    UCHAR fill = 0xAB;
    std::vector<ULONG> offered;
};

} // namespace kwmi::wdf::wmi::testing
