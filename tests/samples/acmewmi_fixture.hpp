// Hosts the acmewmi sample driver (samples/acmewmi) on a manual-scheduler kernel with the
// WMI service installed, adds and starts one device, and decodes what consumers receive with
// the schema parsed from the driver's own MOF (so the driver's bytes are checked against the
// MOF layout rules, not against the driver's own structs).
#pragma once

#include <gtest/gtest.h>

#include <kwmi/consumer.hpp>
#include <kwmi/host.hpp>
#include <kwmi/kernel.hpp>
#include <kwmi/mof/data.hpp>
#include <kwmi/mof/layout.hpp>
#include <kwmi/mof/parser.hpp>
#include <kwmi/testing.hpp>
#include <kwmi/wmi_service.hpp>

// Base types and statuses only: <wdf.h> (through wdm_io.h) and <wmium.h> both define the
// access-mask macros (SYNCHRONIZE, GENERIC_*) with different spellings.
#include <ntdef.h>
#include <ntstatus.h>
// The header the driver includes: block GUIDs (as brace initialisers), ids and sizes.
#include <AcmeWmiMof.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace acmewmi_test {

inline constexpr GUID kScalarsGuid = AcmeWmi_ScalarsGuid;
inline constexpr GUID kAnchorGuid = AcmeWmi_AnchorGuid;
inline constexpr GUID kRouteGuid = AcmeWmi_RouteGuid;
inline constexpr GUID kLabelGuid = AcmeWmi_LabelGuid;
inline constexpr GUID kControlGuid = AcmeWmi_ControlGuid;
inline constexpr GUID kNotifyGuid = AcmeWmi_NotifyGuid;
inline constexpr GUID kStatisticsGuid = AcmeWmi_StatisticsGuid;
inline constexpr GUID kHeartbeatGuid = AcmeWmi_HeartbeatGuid;

// The driver's documented constants (samples/acmewmi/acmewmi.h).
inline constexpr int kScalarsInstances = 3;
inline constexpr int kLabelSamples = 5;
inline constexpr std::uint32_t kHeartbeatPeriodMs = 10000;

// The schema of samples/acmewmi/acmewmi.mof, parsed once.
class Schema {
public:
    static Schema& Get();
    const kwmi::mof::ClassLayout& Layout(std::string_view className);
    // Decodes a WNODE_ALL_DATA / WNODE_SINGLE_INSTANCE of `className`; fails the test on error.
    std::vector<kwmi::mof::DecodedInstance> Decode(std::string_view className, std::span<const std::uint8_t> wnode);
    // Encodes `Name=value` assignments as a data block of `className` (the MOF encoder).
    std::vector<std::uint8_t> Encode(std::string_view className, const std::vector<std::string>& assignments);
    // Input buffer of a method of AcmeWmi_Control, and its decoded output.
    std::vector<std::uint8_t> EncodeIn(std::string_view methodName, const std::vector<std::string>& assignments);
    kwmi::mof::ValueNode DecodeOut(std::string_view methodName, std::span<const std::uint8_t> output);

private:
    Schema();
    const kwmi::mof::MethodLayout* Method(std::string_view methodName);
    kwmi::mof::ParseResult parsed_;
    std::unique_ptr<kwmi::mof::LayoutEngine> layouts_;
    std::vector<kwmi::mof::MethodLayout> controlMethods_;
};

// Member `name` of a decoded object (fails the test and returns an empty node if absent).
const kwmi::mof::ValueNode& Field(const kwmi::mof::ValueNode& object, std::string_view name);

// Bytes of a WMI counted string (USHORT byte length + UTF-16LE text).
std::vector<std::uint8_t> CountedString(std::u16string_view text);

template <class T>
std::span<const std::uint8_t> BytesOf(const T& value, std::size_t size = sizeof(T)) {
    return {reinterpret_cast<const std::uint8_t*>(&value), size};
}

class AcmeWmiTest : public ::testing::Test {
protected:
    AcmeWmiTest() : AcmeWmiTest(kwmi::nt::SchedulerKind::Manual) {}
    explicit AcmeWmiTest(kwmi::nt::SchedulerKind kind);
    ~AcmeWmiTest() override;

    // Queries every instance of a class and decodes it; expects success.
    std::vector<kwmi::mof::DecodedInstance> QueryAll(const GUID& guid, std::string_view className);
    // Instance names WMI gave the device's single-instance blocks ("<PDO path>_0").
    std::u16string InstanceName(const GUID& guid, std::size_t index = 0);

    // Runs a method of AcmeWmi_Control with a fixed-size input; returns the Win32 error.
    ULONG Execute(ULONG methodId, std::span<const std::uint8_t> input, std::vector<std::uint8_t>* output,
                  ULONG outputCapacity = 4096, ULONG* needed = nullptr);

    kwmi::nt::Kernel kernel;
    kwmi::wmi::Service& service = kwmi::wmi::Service::Install(kernel, {});
    kwmi::testing::BugCheckCapture bugChecks{kernel};
    kwmi::host::Host host{kernel};
    kwmi::Consumer consumer;
    std::size_t driver = 0;
    std::size_t device = 0;
    bool removed = false;
};

}  // namespace acmewmi_test
