// quirk_defaults_test.cpp - pins the Appendix B defaults for KMDF's latent defects (spec §7) that
// the checklist tests do not already pin: scratch buffer, FireEvent size overflow, providers on
// a control device.
#include "kmdf_wmi_fixture.hpp"

#undef min
#undef max

namespace kwmi::kmdfwmitest {
namespace {

using KmdfWmiQuirks = KmdfWmiFixture;
using wdf::wmi::WmiDiagnosticKind;
using wdf::wmi::WmiDiagnostics;

TEST_F(KmdfWmiQuirks, ScratchBufferSettingOffOffersZeroBytes)
{
    StartWithInstances({4});
    wdf::wmi::WmiSettings settings;
    settings.queryScratchBuffer = false;
    WmiDiagnostics::Instance().SetSettings(settings);
    std::vector<ULONG> offered;
    onQuery = [&](WDFWMIINSTANCE, ULONG size, PVOID, PULONG used) {
        offered.push_back(size);
        *used = 4;
        return STATUS_BUFFER_TOO_SMALL;
    };
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 64);
    EXPECT_EQ(Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q).status, STATUS_SUCCESS);
    EXPECT_EQ(offered, std::vector<ULONG>{0});
}

TEST_F(KmdfWmiQuirks, FireEventSizeOverflowFailsWithDiagnostic)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1), WdfWmiProviderEventOnly);
    InstanceOptions options;
    options.query = false;
    WDFWMIINSTANCE instance = CreateInstance(provider, options);
    ASSERT_EQ(Start(), STATUS_SUCCESS);
    UCHAR byte = 0;
    EXPECT_EQ(WdfWmiInstanceFireEvent(instance, 0xFFFFFFF0u, &byte), STATUS_INTEGER_OVERFLOW);
    EXPECT_EQ(WmiDiagnostics::Instance().Count(WmiDiagnosticKind::FireEventSizeOverflow), 1u);
}

TEST_F(KmdfWmiQuirks, ProviderOnControlDeviceIsASimulatedCrash)
{
    static WCHAR sddlText[] = L"D:P(A;;GA;;;SY)";
    UNICODE_STRING sddl;
    sddl.Buffer = sddlText;
    sddl.Length = static_cast<USHORT>(sizeof(sddlText) - sizeof(WCHAR));
    sddl.MaximumLength = sizeof(sddlText);
    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(driver, &sddl);
    ASSERT_NE(init, nullptr);
    WDFDEVICE control = nullptr;
    ASSERT_EQ(WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &control), STATUS_SUCCESS);
    WdfControlFinishInitializing(control);
    WDF_WMI_PROVIDER_CONFIG config;
    GUID g = TestGuid(1);
    WDF_WMI_PROVIDER_CONFIG_INIT(&config, &g);
    WDFWMIPROVIDER provider = nullptr;
    auto report = kwmi::testing::CaptureBugCheck(
        [&] { (void)WdfWmiProviderCreate(control, &config, WDF_NO_OBJECT_ATTRIBUTES, &provider); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, 0x1Eu);
    EXPECT_EQ(report->parameters[0], 0xC0000005u);
    EXPECT_EQ(WmiDiagnostics::Instance().Count(WmiDiagnosticKind::ControlDeviceProvider), 1u);
    WdfObjectDelete(control);
}

TEST_F(KmdfWmiQuirks, MalformedSingleInstanceRequestIsRejectedSafely)
{
    StartWithInstances({4});
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 128);
    Write32(q, 56, 4096); // DataBlockOffset beyond the buffer: KMDF would write out of bounds
    const IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_INVALID_PARAMETER);
    EXPECT_EQ(WmiDiagnostics::Instance().Count(WmiDiagnosticKind::MalformedRequest), 1u);
    Bytes tiny = SingleInstanceWnode(TestGuid(1), 0, 128);
    GUID g = TestGuid(1);
    EXPECT_EQ(SendRaw(IRP_MN_QUERY_SINGLE_INSTANCE, ProviderIdOfDevice(), &g, 60, tiny.data()).status,
              STATUS_INVALID_PARAMETER); // shorter than the fields KMDF reads unchecked
}

} // namespace
} // namespace kwmi::kmdfwmitest
