// bench_world.hpp - one hosted bench driver: a kernel with the WMI service installed, the
// bench driver linked in, one started device with N data-block instances, and a consumer.
// Building a world with 100,000 instances is itself costly, so a benchmark asks for one
// through World::Get and consecutive benchmarks with the same key share it. Only one kernel
// may be current in a process, so asking for another key destroys the previous world first.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <kwmi/consumer.hpp>
#include <kwmi/host.hpp>
#include <kwmi/kernel.hpp>
#include <kwmi/wmi_service.hpp>

namespace kwmi::bench {

struct WorldKey {
    std::uint32_t instances = 0;
    bool registered = true;  // instances registered when the device starts
    nt::SchedulerKind scheduler = nt::SchedulerKind::Manual;
    bool operator==(const WorldKey &) const = default;
};

class World {
public:
    static World &Get(const WorldKey &key);
    // Destroys the shared world (before a benchmark that builds its own kernel).
    static void Release();

    explicit World(const WorldKey &key);
    ~World();
    World(const World &) = delete;
    World &operator=(const World &) = delete;

    const WorldKey &Key() const { return key_; }
    std::size_t Device() const { return device_; }
    bool Ok() const { return error_.empty(); }
    const std::string &Error() const { return error_; }

    nt::Kernel kernel;
    wmi::Service &service;
    host::Host host{kernel};
    Consumer consumer;

private:
    WorldKey key_;
    std::size_t driver_ = 0;
    std::size_t device_ = 0;
    std::string error_;
};

// IRP_MN_REGINFO / IRP_MN_REGINFO_EX requests the bench driver received so far (counted by a
// filter on its IRP_MJ_SYSTEM_CONTROL dispatch entry).
unsigned ReginfoIrps();

// Instance name a consumer sees for the data block's instance `index`: KMDF registers PDO
// names, "<device instance path>_<index>".
std::u16string DataInstanceName(World &world, std::size_t index);

}  // namespace kwmi::bench
