// bench_world.cpp - building and sharing hosted bench drivers (see bench_world.hpp).
#include "bench_world.hpp"

#include "bench_driver.h"

#include <atomic>
#include <vector>

namespace kwmi::bench {
namespace {

nt::KernelOptions QuietKernel()
{
    nt::KernelOptions options;
    options.printLeakReportOnDriverDelete = false;
    return options;
}

PDRIVER_DISPATCH gSystemControl = nullptr;
std::atomic<unsigned> gReginfoIrps{0};

NTSTATUS CountingSystemControl(PDEVICE_OBJECT device, PIRP irp)
{
    const UCHAR minor = IoGetCurrentIrpStackLocation(irp)->MinorFunction;
    if (minor == IRP_MN_REGINFO || minor == IRP_MN_REGINFO_EX) {
        gReginfoIrps.fetch_add(1, std::memory_order_relaxed);
    }
    return gSystemControl(device, irp);
}

std::unique_ptr<World> &Shared()
{
    static std::unique_ptr<World> world;
    return world;
}

} // namespace

World &World::Get(const WorldKey &key)
{
    auto &shared = Shared();
    if (!shared || !(shared->Key() == key)) {
        shared.reset(); // one current kernel at a time
        shared = std::make_unique<World>(key);
    }
    return *shared;
}

void World::Release()
{
    Shared().reset();
}

World::World(const WorldKey &key)
    : kernel(key.scheduler, QuietKernel()), service(wmi::Service::Install(kernel, {})), key_(key)
{
    driver_ = host.AddLinkedDriver("kwmibench", &BenchDriverEntry);
    if (host.Driver(driver_).entryStatus != STATUS_SUCCESS) {
        error_ = "DriverEntry failed";
        return;
    }
    PDRIVER_OBJECT driverObject = host.Driver(driver_).driverObject;
    gSystemControl = driverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL];
    driverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = CountingSystemControl;
    std::int32_t status = -1;
    const std::size_t device = device_ = host.AddDevice(driver_, &status);
    if (status != STATUS_SUCCESS) {
        error_ = "AddDevice failed";
        return;
    }
    // Instances created before start are reported by the start-time REGISTER in one go.
    if (key.instances != 0 && !NT_SUCCESS(BenchCreateInstances(key.instances, key.registered ? TRUE : FALSE))) {
        error_ = "WdfWmiInstanceCreate failed";
        return;
    }
    if (host.StartDevice(device) != STATUS_SUCCESS) {
        error_ = "StartDevice failed";
        return;
    }
    kernel.WaitIdle();
}

World::~World()
{
    host.UnloadDriver(driver_);
}

unsigned ReginfoIrps()
{
    return gReginfoIrps.load(std::memory_order_relaxed);
}

std::u16string DataInstanceName(World &world, std::size_t index)
{
    const std::string digits = std::to_string(index);
    return world.service.DeviceInstancePath(world.host.Pdo(world.Device())) + u"_" +
           std::u16string(digits.begin(), digits.end());
}

} // namespace kwmi::bench
