// kwmi::nt::Kernel: construction/shutdown, the current-kernel slot, scheduling facade,
// components and reports.
#include <atomic>
#include <cstdio>
#include <cstdlib>

#include <kwmi/kernel.hpp>

#include "kernel_impl.hpp"
#include "thread_state.hpp"

namespace kwmi::nt {

namespace {
std::atomic<Kernel*> g_current{nullptr};

const char* PoolTypeName(std::uint32_t type) {
    switch (type) {
        case NonPagedPool: return "NonPagedPool";
        case PagedPool: return "PagedPool";
        case NonPagedPoolNx: return "NonPagedPoolNx";
        case NonPagedPoolCacheAligned: return "NonPagedPoolCacheAligned";
        case PagedPoolCacheAligned: return "PagedPoolCacheAligned";
        case NonPagedPoolNxCacheAligned: return "NonPagedPoolNxCacheAligned";
        default: return "Pool";
    }
}

std::string Narrow(const std::u16string& s) {
    std::string out;
    for (char16_t c : s) out += (c < 0x80) ? static_cast<char>(c) : '?';
    return out;
}
}  // namespace

Kernel::Impl& RequireKernel(const char* ddi) {
    Kernel* kernel = g_current.load();
    if (kernel == nullptr) {
        std::fprintf(stderr, "kwmi: %s called with no current kwmi::nt::Kernel (create one first)\n", ddi);
        std::abort();
    }
    return kernel->impl();
}

Kernel::Impl::Impl(SchedulerKind k, KernelOptions o)
    : kind(k), options(o), clock(k == SchedulerKind::Manual, o.bootSystemTime), queues(clock, stats) {
    scheduler = k == SchedulerKind::Manual ? MakeManualScheduler(queues, clock)
                                           : MakeThreadedScheduler(queues, clock, stats, o);
}

Kernel::Impl::~Impl() = default;

const _DRIVER_OBJECT* Kernel::Impl::AllocationOwner(const void* site) const {
    if (const _DRIVER_OBJECT* scoped = detail::ThreadPoolOwner()) return scoped;
    return pool.OwnerOfSite(site);
}

Kernel::Kernel(SchedulerKind kind, KernelOptions options) : impl_(std::make_unique<Impl>(kind, options)) {
    impl_->previous = g_current.exchange(this);
}

Kernel::~Kernel() {
    Impl& k = *impl_;
    k.scheduler->WaitIdle();
    std::vector<std::pair<std::string, std::shared_ptr<KernelComponent>>> components;
    {
        std::lock_guard lock(k.componentMutex);
        components = k.components;
    }
    for (auto it = components.rbegin(); it != components.rend(); ++it) {
        try {
            it->second->OnKernelShutdown();
        } catch (const BugCheckException&) {
        }
    }
    k.scheduler->Shutdown();
    components.clear();
    {
        std::lock_guard lock(k.componentMutex);
        while (!k.components.empty()) k.components.pop_back();  // release in reverse attach order
    }
    {
        std::lock_guard lock(k.objectsMutex);
        for (auto& [device, record] : k.devices) FreeDeviceObjectMemory(device);
        k.devices.clear();
        for (auto& [driver, record] : k.drivers) FreeDriverObjectMemory(driver);
        k.drivers.clear();
        k.references.clear();
    }
    k.pool.ReleaseAll();
    Kernel* expected = this;
    g_current.compare_exchange_strong(expected, k.previous);
}

Kernel* Kernel::Current() { return g_current.load(); }
SchedulerKind Kernel::Kind() const { return impl_->kind; }
const KernelOptions& Kernel::Options() const { return impl_->options; }

std::size_t Kernel::RunUntilIdle() { return impl_->scheduler->RunUntilIdle(); }

void Kernel::AdvanceTime(std::chrono::nanoseconds d) {
    const std::int64_t ticks = d.count() / 100;
    impl_->scheduler->AdvanceTo(impl_->clock.Now() + (ticks > 0 ? ticks : 0));
}

void Kernel::WaitIdle() { impl_->scheduler->WaitIdle(); }

std::chrono::nanoseconds Kernel::Now() const { return std::chrono::nanoseconds(impl_->clock.Now() * 100); }

std::int64_t Kernel::SystemTime() const { return impl_->clock.SystemTime(); }

KernelStats Kernel::Stats() const {
    KernelStats s;
    s.workItemsRun = impl_->stats.workItemsRun.load();
    s.dpcsRun = impl_->stats.dpcsRun.load();
    s.timersFired = impl_->stats.timersFired.load();
    s.irpsCompleted = impl_->stats.irpsCompleted.load();
    s.bugChecks = impl_->stats.bugChecks.load();
    s.dynamicWorkerThreads = impl_->stats.dynamicWorkerThreads.load();
    return s;
}

BugCheckHandler Kernel::SetBugCheckHandler(BugCheckHandler handler) {
    std::lock_guard lock(impl_->handlerMutex);
    BugCheckHandler previous = std::move(impl_->handler);
    impl_->handler = std::move(handler);
    return previous;
}

void Kernel::AttachComponent(std::string name, std::shared_ptr<KernelComponent> component) {
    std::lock_guard lock(impl_->componentMutex);
    for (auto& entry : impl_->components) {
        if (entry.first == name) {
            entry.second = std::move(component);
            return;
        }
    }
    impl_->components.emplace_back(std::move(name), std::move(component));
}

void Kernel::DetachComponent(std::string_view name) {
    std::shared_ptr<KernelComponent> released;  // destroyed outside the lock
    std::lock_guard lock(impl_->componentMutex);
    for (auto it = impl_->components.begin(); it != impl_->components.end(); ++it) {
        if (it->first == name) {
            released = std::move(it->second);
            impl_->components.erase(it);
            return;
        }
    }
}

std::shared_ptr<KernelComponent> Kernel::FindComponent(std::string_view name) const {
    std::lock_guard lock(impl_->componentMutex);
    for (const auto& entry : impl_->components) {
        if (entry.first == name) return entry.second;
    }
    return nullptr;
}

std::vector<_DRIVER_OBJECT*> Kernel::Drivers() const {
    std::lock_guard lock(impl_->objectsMutex);
    std::vector<_DRIVER_OBJECT*> result;
    for (const auto& [driver, record] : impl_->drivers) result.push_back(driver);
    return result;
}

std::vector<_DEVICE_OBJECT*> Kernel::Devices() const {
    std::lock_guard lock(impl_->objectsMutex);
    std::vector<_DEVICE_OBJECT*> result;
    for (const auto& [device, record] : impl_->devices) {
        if (!record->deletePending) result.push_back(device);
    }
    return result;
}

std::vector<PoolAllocationInfo> Kernel::OutstandingAllocations(const _DRIVER_OBJECT* owner) const {
    return impl_->pool.Outstanding(owner, owner == nullptr);
}

std::string Kernel::LeakReport(const _DRIVER_OBJECT* owner) const {
    const auto blocks = impl_->pool.Outstanding(owner, false);
    if (blocks.empty()) return {};
    std::size_t total = 0;
    for (const auto& b : blocks) total += b.size;
    std::string who = "the kernel";
    if (owner != nullptr) {
        std::lock_guard lock(impl_->objectsMutex);
        const auto it = impl_->drivers.find(const_cast<PDRIVER_OBJECT>(owner));
        who = it != impl_->drivers.end() ? Narrow(it->second->name) : std::string("a deleted driver");
    }
    std::string text = "kwmi: pool leak report for " + who + ": " + std::to_string(blocks.size()) +
                       " allocation(s), " + std::to_string(total) + " bytes outstanding\n";
    for (const auto& b : blocks) {
        char line[160];
        std::snprintf(line, sizeof line, "  tag '%s'  size %zu  %s  ", b.tagText.c_str(), b.size,
                      PoolTypeName(b.poolType));
        text += line;
        text += "allocated at " + b.siteSymbol + "\n";
    }
    return text;
}

}  // namespace kwmi::nt
