// request_env.hpp - the world the request fuzzer drives, created once per process (a
// kernel, the WMI service and a host take milliseconds to build; one input takes
// microseconds): a manual-scheduler kernel whose bug checks abort, the WMI service, and a
// host running (a) the bundled acmewmi sample driver and (b) the linked KMDF test driver.
// Per input only the drivers' data and the consumer's open handles are reset.
#pragma once

#include <ntddk.h>

#include <kwmi/host.hpp>
#include <kwmi/kernel.hpp>
#include <kwmi/wmi_service.hpp>

#include <memory>
#include <string>
#include <vector>

namespace kwmi::fuzz {

struct KnownBlock {
    GUID guid{};
    std::vector<std::u16string> names;  // instance names seen in a QUERY_ALL_DATA at start-up
};

class RequestEnv {
public:
    // The process-wide environment (built on first use).
    static RequestEnv& Get();

    nt::Kernel& Kernel() { return *kernel_; }
    // Framework device objects of the two devices (acmewmi, KMDF test driver).
    const std::vector<PDEVICE_OBJECT>& Devices() const { return devices_; }
    const std::vector<PDEVICE_OBJECT>& Pdos() const { return pdos_; }
    // Every GUID registered at start-up plus the test driver's attempted ones.
    const std::vector<KnownBlock>& Blocks() const { return blocks_; }
    // Restores the drivers' data to the start-up state (acmewmi by restarting its device when
    // KWMI_FUZZ_RESTART_ACME=1 is set, else it keeps its data across inputs).
    void ResetDrivers();

private:
    RequestEnv();
    void StartAcme();
    void CollectBlocks();

    std::unique_ptr<nt::Kernel> kernel_;
    std::unique_ptr<host::Host> host_;
    std::size_t acmeDriver_ = 0;
    std::size_t acmeDevice_ = 0;
    std::size_t testDevice_ = 0;
    bool restartAcme_ = false;
    std::vector<PDEVICE_OBJECT> devices_;
    std::vector<PDEVICE_OBJECT> pdos_;
    std::vector<KnownBlock> blocks_;
};

}  // namespace kwmi::fuzz
