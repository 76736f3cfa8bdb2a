// Shared fixture of the verifier tests: a manual kernel, a WMI service, a host and a consumer;
// helpers that drive the misbehaving test driver (tests/drivers/faultdrv.c) through WMI.
#pragma once

#include <gtest/gtest.h>

#include <kwmi/consumer.hpp>
#include <kwmi/host.hpp>
#include <kwmi/kernel.hpp>
#include <kwmi/testing.hpp>
#include <kwmi/wmi_service.hpp>

#include <ntddk.h>
#include <wdf.h>

#include <cstdint>
#include <string>
#include <vector>

namespace verifiertest {

// The fault driver's modes (tests/drivers/faultdrv.h).
enum FaultMode : ULONG {
    kModeNone = 0,
    kModeBugCheck = 1,
    kModeKeepSpinLock = 2,
    kModeOverrun = 3,
    kModeBufferUsed = 4,
    kModePending = 5,
    kModeIrql2 = 6,
    kModeFireEvent = 7,
    kModeDriverCreate = 8,
};

// KwmiFault_Data / KwmiFault_Event (tests/drivers/faultdrv.mof).
extern const GUID kFaultDataGuid;
extern const GUID kFaultEventGuid;

struct FaultData {
    ULONG mode = 0;
    ULONG device = 0;
    ULONG queries = 0;
};

// The part every callback IRQL-mismatch report shares: WDF_VIOLATION (0x10D) with P1 = 0xE
// (VERIFIER_IRQL_MISMATCH), P2 = the IRQL the callback was called at, P3 = the IRQL it returned
// at, and the callback named in the explanation.
void ExpectCallbackIrqlMismatch(const kwmi::nt::BugCheckReport &report, const char *callbackName,
                                unsigned calledAt, unsigned returnedAt);

class VerifierTest : public ::testing::Test {
protected:
    explicit VerifierTest(kwmi::nt::SchedulerKind kind = kwmi::nt::SchedulerKind::Manual);
    ~VerifierTest() override;

    // Loads the fault driver and adds + starts `devices` devices.
    void LoadFaultDriver(unsigned devices = 1);
    // "ROOT\KWMI\000<device>_0", the instance name of a device's data block.
    static std::u16string InstanceOf(std::size_t device);
    // Sets Mode of a device's instance (SetSingleItem), returns the Win32 error.
    ULONG SetMode(std::size_t device, ULONG mode);
    // Queries a device's instance; returns the Win32 error, fills `data` on success.
    ULONG Query(std::size_t device, FaultData *data = nullptr);

    kwmi::nt::Kernel kernel;
    kwmi::wmi::Service &service = kwmi::wmi::Service::Install(kernel, {});
    kwmi::host::Host host{kernel};
    // After the host: the capture replaces the host's printing handler for the test.
    kwmi::testing::BugCheckCapture capture{kernel};
    kwmi::Consumer consumer;
    std::size_t driver = 0;
    std::vector<std::size_t> devices;
    bool unloaded = false;
};

}  // namespace verifiertest
