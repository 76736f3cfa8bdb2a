#include "verifier_fixture.hpp"

#include "verifier/diagnostics.hpp"
#include "verifier/verifier.hpp"
#include "wdf/wmi/wmi_diagnostics.hpp"

#include <cstring>

namespace verifiertest {

const GUID kFaultDataGuid = {0x4b57f001, 0x7a1e, 0x4c2d, {0x9b, 0x3a, 0x5e, 0x6f, 0x70, 0x81, 0x92, 0x01}};
const GUID kFaultEventGuid = {0x4b57f001, 0x7a1e, 0x4c2d, {0x9b, 0x3a, 0x5e, 0x6f, 0x70, 0x81, 0x92, 0x02}};

VerifierTest::VerifierTest(kwmi::nt::SchedulerKind kind) : kernel(kind) {
    kwmi::verifier::ResetSettings();
    kwmi::verifier::ClearDiagnostics();
    kwmi::wdf::wmi::WmiDiagnostics::Instance().Clear();
}

VerifierTest::~VerifierTest() {
    if (!unloaded && !devices.empty()) (void)host.UnloadDriver(driver);
    kwmi::verifier::ResetSettings();
}

void VerifierTest::LoadFaultDriver(unsigned count) {
    auto loaded = host.LoadDriver(KWMITEST_FAULT_PATH);
    ASSERT_TRUE(loaded.has_value()) << host.LastError();
    driver = *loaded;
    ASSERT_EQ(host.Driver(driver).entryStatus, STATUS_SUCCESS) << host.Driver(driver).failure;
    for (unsigned i = 0; i < count; ++i) {
        std::int32_t status = -1;
        const std::size_t device = host.AddDevice(driver, &status);
        ASSERT_EQ(status, STATUS_SUCCESS);
        ASSERT_EQ(host.StartDevice(device), STATUS_SUCCESS);
        devices.push_back(device);
    }
    kernel.WaitIdle();
}

std::u16string VerifierTest::InstanceOf(std::size_t device) {
    std::string text = "ROOT\\KWMI\\000" + std::to_string(device) + "_0";
    return std::u16string(text.begin(), text.end());
}

ULONG VerifierTest::SetMode(std::size_t device, ULONG mode) {
    std::uint8_t bytes[sizeof mode];
    std::memcpy(bytes, &mode, sizeof mode);
    return consumer.SetSingleItem(kFaultDataGuid, InstanceOf(device), 1, bytes);
}

ULONG VerifierTest::Query(std::size_t device, FaultData *data) {
    kwmi::Reply reply = consumer.QuerySingleInstance(kFaultDataGuid, InstanceOf(device));
    if (reply && data != nullptr) {
        // WNODE_SINGLE_INSTANCE: DataBlockOffset at 56, SizeDataBlock at 60.
        EXPECT_GE(reply.bytes.size(), 64u);
        if (reply.bytes.size() >= 64) {
            ULONG offset = 0, size = 0;
            std::memcpy(&offset, reply.bytes.data() + 56, 4);
            std::memcpy(&size, reply.bytes.data() + 60, 4);
            EXPECT_EQ(size, sizeof(FaultData));
            if (size >= sizeof(FaultData) && offset + sizeof(FaultData) <= reply.bytes.size()) {
                std::memcpy(data, reply.bytes.data() + offset, sizeof(FaultData));
            }
        }
    }
    return reply.error;
}

void ExpectCallbackIrqlMismatch(const kwmi::nt::BugCheckReport &report, const char *callbackName,
                                unsigned calledAt, unsigned returnedAt) {
    EXPECT_EQ(report.code, 0x10Du);
    EXPECT_EQ(report.parameters[0], 0xEu);
    EXPECT_EQ(report.parameters[1], static_cast<std::uint64_t>(calledAt));
    EXPECT_EQ(report.parameters[2], static_cast<std::uint64_t>(returnedAt));
    EXPECT_NE(report.explanation.find(callbackName), std::string::npos) << report.explanation;
}

}  // namespace verifiertest
