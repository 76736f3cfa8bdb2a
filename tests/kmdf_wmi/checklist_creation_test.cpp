// checklist_creation_test.cpp - kmdf-wmi-semantics.md §8 items 1-24 (creation and validation).
#include "kmdf_wmi_fixture.hpp"

#include "wdf/handles.hpp"
#include "wdf/object.hpp"

#undef min
#undef max

namespace kwmi::kmdfwmitest {
namespace {

struct TestContext {
    ULONG a;
    ULONG b;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(TestContext, GetTestContext)

int gCleanupCalls = 0;
VOID CountCleanup(WDFOBJECT) { ++gCleanupCalls; }

using KmdfWmiChecklist = KmdfWmiFixture;

TEST_F(KmdfWmiChecklist, Item001_ProviderCreateNullConfigBugChecks)
{
    WDFWMIPROVIDER provider = nullptr;
    auto report = kwmi::testing::CaptureBugCheck(
        [&] { (void)WdfWmiProviderCreate(device, nullptr, WDF_NO_OBJECT_ATTRIBUTES, &provider); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, 0x10Du);
    EXPECT_EQ(report->parameters[0], 0x4u);
    EXPECT_EQ(report->parameters[1], 0u);
}

TEST_F(KmdfWmiChecklist, Item002_ProviderCreateNullOutputBugChecks)
{
    WDF_WMI_PROVIDER_CONFIG config;
    GUID g = TestGuid(1);
    WDF_WMI_PROVIDER_CONFIG_INIT(&config, &g);
    auto report = kwmi::testing::CaptureBugCheck(
        [&] { (void)WdfWmiProviderCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, nullptr); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, 0x10Du);
    EXPECT_EQ(report->parameters[0], 0x4u);
}

TEST_F(KmdfWmiChecklist, Item003_ProviderCreateNullDeviceBugChecks)
{
    WDF_WMI_PROVIDER_CONFIG config;
    GUID g = TestGuid(1);
    WDF_WMI_PROVIDER_CONFIG_INIT(&config, &g);
    WDFWMIPROVIDER provider = nullptr;
    auto report = kwmi::testing::CaptureBugCheck(
        [&] { (void)WdfWmiProviderCreate(nullptr, &config, WDF_NO_OBJECT_ATTRIBUTES, &provider); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, 0x10Du);
    EXPECT_EQ(report->parameters[0], 0x5u);
    EXPECT_EQ(report->parameters[1], 0u);
    EXPECT_EQ(report->parameters[2], 0x1002u);
}

TEST_F(KmdfWmiChecklist, Item004_InstanceHandleAsProviderBugChecks)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    WDFWMIINSTANCE instance = CreateInstance(provider);
    auto report = kwmi::testing::CaptureBugCheck([&] { (void)WdfWmiProviderGetDevice(instance); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, 0x10Du);
    EXPECT_EQ(report->parameters[0], 0x5u);
    EXPECT_EQ(report->parameters[1], reinterpret_cast<ULONG_PTR>(instance));
    EXPECT_EQ(report->parameters[2], 0x1004u);
}

TEST_F(KmdfWmiChecklist, Item005_ProviderConfigSizeMismatch)
{
    for (int delta : {-1, 1}) {
        WDF_WMI_PROVIDER_CONFIG config;
        GUID g = TestGuid(1);
        WDF_WMI_PROVIDER_CONFIG_INIT(&config, &g);
        config.Size = static_cast<ULONG>(sizeof(config) + delta);
        WDFWMIPROVIDER provider = reinterpret_cast<WDFWMIPROVIDER>(0x1234);
        EXPECT_EQ(WdfWmiProviderCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &provider),
                  STATUS_INFO_LENGTH_MISMATCH);
        EXPECT_EQ(provider, nullptr);
    }
}

NTSTATUS CreateWithFlags(WDFDEVICE device, ULONG flags, bool callback, ULONG guidNumber = 1)
{
    WDF_WMI_PROVIDER_CONFIG config;
    GUID g = TestGuid(guidNumber);
    WDF_WMI_PROVIDER_CONFIG_INIT(&config, &g);
    config.Flags = flags;
    if (callback) {
        config.EvtWmiProviderFunctionControl = [](WDFWMIPROVIDER, WDF_WMI_PROVIDER_CONTROL, BOOLEAN) -> NTSTATUS {
            return STATUS_SUCCESS;
        };
    }
    WDFWMIPROVIDER provider = nullptr;
    return WdfWmiProviderCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &provider);
}

TEST_F(KmdfWmiChecklist, Item006_UnknownProviderFlagRejected)
{
    EXPECT_EQ(CreateWithFlags(device, 0x8, false), STATUS_INVALID_PARAMETER);
}

TEST_F(KmdfWmiChecklist, Item007_TracingCombinedWithOtherFlagRejected)
{
    EXPECT_EQ(CreateWithFlags(device, WdfWmiProviderTracing | WdfWmiProviderExpensive, false),
              STATUS_INVALID_PARAMETER);
}

TEST_F(KmdfWmiChecklist, Item008_FunctionControlNeedsExpensiveOrTracing)
{
    EXPECT_EQ(CreateWithFlags(device, 0, true), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(CreateWithFlags(device, WdfWmiProviderEventOnly, true), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(CreateWithFlags(device, WdfWmiProviderExpensive, true), STATUS_SUCCESS);
}

TEST_F(KmdfWmiChecklist, Item009_ZeroGuidRejected)
{
    WDF_WMI_PROVIDER_CONFIG config;
    GUID zero{};
    WDF_WMI_PROVIDER_CONFIG_INIT(&config, &zero);
    WDFWMIPROVIDER provider = nullptr;
    EXPECT_EQ(WdfWmiProviderCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &provider), STATUS_INVALID_PARAMETER);
}

TEST_F(KmdfWmiChecklist, Item010_ParentObjectNotAllowed)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    WDF_WMI_PROVIDER_CONFIG config;
    GUID g = TestGuid(1);
    WDF_WMI_PROVIDER_CONFIG_INIT(&config, &g);
    WDFWMIPROVIDER provider = nullptr;
    EXPECT_EQ(WdfWmiProviderCreate(device, &config, &attributes, &provider),
              STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED);

    provider = CreateProvider(TestGuid(2));
    InstanceOptions options;
    options.attributes = &attributes;
    WDF_WMI_INSTANCE_CONFIG instanceConfig = InstanceConfig(provider, options);
    WDFWMIINSTANCE instance = nullptr;
    EXPECT_EQ(WdfWmiInstanceCreate(device, &instanceConfig, &attributes, &instance),
              STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED);
}

TEST_F(KmdfWmiChecklist, Item011_PassiveExecutionLevelRejected)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ExecutionLevel = WdfExecutionLevelPassive;
    WDF_WMI_PROVIDER_CONFIG config;
    GUID g = TestGuid(1);
    WDF_WMI_PROVIDER_CONFIG_INIT(&config, &g);
    WDFWMIPROVIDER provider = nullptr;
    EXPECT_EQ(WdfWmiProviderCreate(device, &config, &attributes, &provider), STATUS_WDF_EXECUTION_LEVEL_INVALID);
}

TEST_F(KmdfWmiChecklist, Item012_DuplicateGuidProviderIsAnInvisibleSuccess)
{
    WDFWMIPROVIDER first = CreateProvider(TestGuid(1));
    WDFWMIPROVIDER second = CreateProvider(TestGuid(1));
    ASSERT_NE(first, nullptr);
    ASSERT_NE(second, nullptr);
    EXPECT_NE(first, second);
    WDFWMIINSTANCE a = CreateInstance(first);
    WDFWMIINSTANCE b = CreateInstance(second);
    data[a] = {1, 2, 3};
    data[b] = {9, 9, 9, 9};
    Bytes reg = RegInfo(false, 512);
    ASSERT_EQ(GuidCount(reg), 1u);
    EXPECT_EQ(EntryCount(reg, 0), 1u);
    Bytes q = SingleInstanceWnode(TestGuid(1), 0, 128);
    IrpResult r = Send(IRP_MN_QUERY_SINGLE_INSTANCE, TestGuid(1), q);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(Read32(q, 60), 3u); // the first provider's instance answered
    EXPECT_EQ(wdf::wmi::WmiDiagnostics::Instance().Count(wdf::wmi::WmiDiagnosticKind::DuplicateProviderGuid), 1u);
}

TEST_F(KmdfWmiChecklist, Item012_StrictDuplicateGuidSettingReturnsNameExists)
{
    wdf::wmi::WmiSettings settings;
    settings.duplicateGuidReturnsSuccess = false;
    wdf::wmi::WmiDiagnostics::Instance().SetSettings(settings);
    CreateProvider(TestGuid(1));
    EXPECT_EQ(CreateWithFlags(device, 0, false, 1), STATUS_OBJECT_NAME_EXISTS);
}

TEST_F(KmdfWmiChecklist, Item013_PowerPolicyGuidBlockedAfterFrameworkInstance)
{
    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS idle;
    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(&idle, IdleCannotWakeFromS0);
    idle.UserControlOfIdleSettings = IdleAllowUserControl;
    ASSERT_EQ(WdfDeviceAssignS0IdleSettings(device, &idle), STATUS_SUCCESS);

    WDF_WMI_PROVIDER_CONFIG config;
    WDF_WMI_PROVIDER_CONFIG_INIT(&config, &kPowerDeviceEnable);
    WDFWMIPROVIDER provider = reinterpret_cast<WDFWMIPROVIDER>(0x77);
    EXPECT_EQ(WdfWmiProviderCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &provider),
              STATUS_WMI_GUID_DISCONNECTED);
    EXPECT_EQ(provider, reinterpret_cast<WDFWMIPROVIDER>(0x77)); // not written

    WDF_WMI_INSTANCE_CONFIG instanceConfig;
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER_CONFIG(&instanceConfig, &config);
    WDFWMIINSTANCE instance = nullptr;
    EXPECT_EQ(WdfWmiInstanceCreate(device, &instanceConfig, WDF_NO_OBJECT_ATTRIBUTES, &instance),
              STATUS_WMI_GUID_DISCONNECTED);
}

TEST_F(KmdfWmiChecklist, Item014_ProviderDeleteDoesNothing)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    WdfObjectDelete(provider);
    EXPECT_EQ(WdfWmiProviderGetDevice(provider), device);
    WDFWMIINSTANCE instance = CreateInstance(provider);
    EXPECT_NE(instance, nullptr);
    Bytes reg = RegInfo(false, 512);
    EXPECT_EQ(GuidCount(reg), 1u);
}

TEST_F(KmdfWmiChecklist, Item015_InstanceConfigSizeCheckedFirst)
{
    WDF_WMI_INSTANCE_CONFIG config;
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER(&config, nullptr); // also invalid otherwise
    config.Size = sizeof(config) - 1;
    WDFWMIINSTANCE instance = nullptr;
    EXPECT_EQ(WdfWmiInstanceCreate(nullptr, &config, WDF_NO_OBJECT_ATTRIBUTES, &instance),
              STATUS_INFO_LENGTH_MISMATCH);
    EXPECT_FALSE(bugChecks->Fired());
}

TEST_F(KmdfWmiChecklist, Item016_ExactlyOneOfProviderAndProviderConfig)
{
    WDF_WMI_INSTANCE_CONFIG config;
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER(&config, nullptr);
    WDFWMIINSTANCE instance = nullptr;
    EXPECT_EQ(WdfWmiInstanceCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &instance), STATUS_INVALID_PARAMETER);

    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    WDF_WMI_PROVIDER_CONFIG providerConfig;
    GUID g = TestGuid(2);
    WDF_WMI_PROVIDER_CONFIG_INIT(&providerConfig, &g);
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER(&config, provider);
    config.ProviderConfig = &providerConfig;
    EXPECT_EQ(WdfWmiInstanceCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &instance), STATUS_INVALID_PARAMETER);
}

TEST_F(KmdfWmiChecklist, Item017_ProviderBranchIgnoresDevice)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    WDF_WMI_INSTANCE_CONFIG config = InstanceConfig(provider, InstanceOptions{});
    WDFWMIINSTANCE instance = nullptr;
    ASSERT_EQ(WdfWmiInstanceCreate(nullptr, &config, WDF_NO_OBJECT_ATTRIBUTES, &instance), STATUS_SUCCESS);
    EXPECT_EQ(WdfWmiInstanceGetDevice(instance), device);
}

TEST_F(KmdfWmiChecklist, Item018_ProviderConfigCreatesProviderParentedToDevice)
{
    WDF_WMI_PROVIDER_CONFIG providerConfig;
    GUID g = TestGuid(1);
    WDF_WMI_PROVIDER_CONFIG_INIT(&providerConfig, &g);
    WDF_WMI_INSTANCE_CONFIG config;
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER_CONFIG(&config, &providerConfig);
    WDFWMIINSTANCE instance = nullptr;
    ASSERT_EQ(WdfWmiInstanceCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &instance), STATUS_SUCCESS);
    WDFWMIPROVIDER provider = WdfWmiInstanceGetProvider(instance);
    ASSERT_NE(provider, nullptr);
    EXPECT_EQ(WdfWmiProviderGetDevice(provider), device);
    auto *providerObject = wdf::ResolveHandle(provider, wdf::ObjectType::WmiProvider);
    EXPECT_EQ(providerObject->Parent(), wdf::ResolveHandle(device, wdf::ObjectType::Device));
    auto *instanceObject = wdf::ResolveHandle(instance, wdf::ObjectType::WmiInstance);
    EXPECT_EQ(instanceObject->Parent(), providerObject);
}

TEST_F(KmdfWmiChecklist, Item019_EventOnlyInstancesHaveNoCallbacks)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1), WdfWmiProviderEventOnly);
    WDFWMIINSTANCE instance = nullptr;
    InstanceOptions withQuery;
    WDF_WMI_INSTANCE_CONFIG config = InstanceConfig(provider, withQuery);
    EXPECT_EQ(WdfWmiInstanceCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &instance), STATUS_INVALID_PARAMETER);
    InstanceOptions contextOnly;
    contextOnly.query = false;
    contextOnly.useContextForQuery = true;
    config = InstanceConfig(provider, contextOnly);
    EXPECT_EQ(WdfWmiInstanceCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &instance), STATUS_INVALID_PARAMETER);
    InstanceOptions none;
    none.query = false;
    config = InstanceConfig(provider, none);
    EXPECT_EQ(WdfWmiInstanceCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &instance), STATUS_SUCCESS);
}

TEST_F(KmdfWmiChecklist, Item020_UseContextForQueryForbidsSetCallbacks)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, TestContext);
    WDFWMIINSTANCE instance = nullptr;
    InstanceOptions set;
    set.useContextForQuery = true;
    set.setInstance = true;
    WDF_WMI_INSTANCE_CONFIG config = InstanceConfig(provider, set);
    EXPECT_EQ(WdfWmiInstanceCreate(device, &config, &attributes, &instance), STATUS_INVALID_PARAMETER);
    InstanceOptions item;
    item.useContextForQuery = true;
    item.setItem = true;
    config = InstanceConfig(provider, item);
    EXPECT_EQ(WdfWmiInstanceCreate(device, &config, &attributes, &instance), STATUS_INVALID_PARAMETER);
    InstanceOptions execute;
    execute.useContextForQuery = true;
    execute.execute = true;
    config = InstanceConfig(provider, execute);
    EXPECT_EQ(WdfWmiInstanceCreate(device, &config, &attributes, &instance), STATUS_SUCCESS);
}

TEST_F(KmdfWmiChecklist, Item021_UseContextForQueryNeedsLargeEnoughContext)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1), 0, sizeof(TestContext) + 1);
    InstanceOptions options;
    options.useContextForQuery = true;
    WDF_WMI_INSTANCE_CONFIG config = InstanceConfig(provider, options);
    WDFWMIINSTANCE instance = nullptr;
    EXPECT_EQ(WdfWmiInstanceCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &instance), STATUS_INVALID_PARAMETER);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    EXPECT_EQ(WdfWmiInstanceCreate(device, &config, &attributes, &instance), STATUS_INVALID_PARAMETER);
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, TestContext);
    EXPECT_EQ(WdfWmiInstanceCreate(device, &config, &attributes, &instance), STATUS_BUFFER_TOO_SMALL);
}

TEST_F(KmdfWmiChecklist, Item022_FailedCreateLeavesOutputAndSkipsCleanup)
{
    WDFWMIPROVIDER tracing = CreateProvider(TestGuid(1), WdfWmiProviderTracing);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = &CountCleanup;
    gCleanupCalls = 0;
    InstanceOptions options; // Register = TRUE on a tracing provider fails after the object exists
    WDF_WMI_INSTANCE_CONFIG config = InstanceConfig(tracing, options);
    WDFWMIINSTANCE instance = reinterpret_cast<WDFWMIINSTANCE>(0x5151);
    EXPECT_EQ(WdfWmiInstanceCreate(device, &config, &attributes, &instance), STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(instance, reinterpret_cast<WDFWMIINSTANCE>(0x5151));
    EXPECT_EQ(gCleanupCalls, 0);
}

TEST_F(KmdfWmiChecklist, Item023_FailedCreateDeletesItsOwnProvider)
{
    WDF_WMI_PROVIDER_CONFIG providerConfig;
    GUID g = TestGuid(1);
    WDF_WMI_PROVIDER_CONFIG_INIT(&providerConfig, &g);
    providerConfig.Flags = WdfWmiProviderTracing;
    WDF_WMI_INSTANCE_CONFIG config;
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER_CONFIG(&config, &providerConfig);
    config.Register = TRUE;
    WDFWMIINSTANCE instance = nullptr;
    EXPECT_EQ(WdfWmiInstanceCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &instance),
              STATUS_INVALID_DEVICE_REQUEST);
    CreateProvider(TestGuid(1)); // a plain provider for the same GUID is listed again
    Bytes reg = RegInfo(false, 512);
    ASSERT_EQ(GuidCount(reg), 1u);
    EXPECT_EQ(EntryFlags(reg, 0), WMIREG_FLAG_INSTANCE_PDO);
    EXPECT_EQ(wdf::wmi::WmiDiagnostics::Instance().Count(wdf::wmi::WmiDiagnosticKind::DuplicateProviderGuid), 0u);
}

TEST_F(KmdfWmiChecklist, Item024_RegisterTrueListsInstanceImmediately)
{
    WDFWMIPROVIDER provider = CreateProvider(TestGuid(1));
    CreateInstance(provider);
    Bytes reg = RegInfo(false, 512);
    ASSERT_EQ(GuidCount(reg), 1u);
    GUID g = TestGuid(1);
    GUID listed = EntryGuid(reg, 0);
    EXPECT_EQ(std::memcmp(&listed, &g, sizeof g), 0);
    EXPECT_EQ(EntryCount(reg, 0), 1u);
}

TEST(KmdfWmiHeader, AppendStringWritesCountedString)
{
    WCHAR text[] = L"Ab";
    UNICODE_STRING s;
    s.Buffer = text;
    s.Length = 4;
    s.MaximumLength = 6;
    UCHAR buffer[8] = {0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE};
    ULONG required = 0;
    EXPECT_EQ(WDF_WMI_BUFFER_APPEND_STRING(buffer, 5, &s, &required), STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(required, 6u);
    EXPECT_EQ(buffer[0], 0xEE);
    EXPECT_EQ(WDF_WMI_BUFFER_APPEND_STRING(buffer, 6, &s, &required), STATUS_SUCCESS);
    const UCHAR expected[8] = {4, 0, 'A', 0, 'b', 0, 0xEE, 0xEE};
    EXPECT_EQ(std::memcmp(buffer, expected, 8), 0);
}

} // namespace
} // namespace kwmi::kmdfwmitest
