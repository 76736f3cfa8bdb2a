// registration_tests.cpp - IoWMIRegistrationControl: REGINFO retries and fallback, UPDATE_GUIDS,
// REMOVE_GUID, settings defaults, IRQL and deadlock bug checks, and providers that lie.
#include <wdm.h>
#include <wmium.h>

#include <cstring>

#include <kwmi/testing.hpp>

#include "wire_bytes.hpp"

#include "wmi_fixture.hpp"

namespace kwmi::test {
namespace {

using Registration = WmiTest;
using MaliciousProvider = WmiTest;

TEST_F(Registration, DeferredRegInfoIsTheDefaultAndRunsOnAWorker) {
    GUID guid = MakeGuid(100);
    TestProvider& provider = AddProvider(guid);
    EXPECT_TRUE(wmi::Settings{}.deferredRegistration);
    ASSERT_EQ(provider.Register(), STATUS_SUCCESS);
    EXPECT_TRUE(provider.Calls(IRP_MN_REGINFO_EX).empty());
    Settle();
    auto calls = provider.Calls(IRP_MN_REGINFO_EX);
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].irql, PASSIVE_LEVEL);
    EXPECT_EQ(admin_.QueryAllData(guid).error, ERROR_SUCCESS);
}

TEST_F(Registration, FlushDeferredWorkRunsRegInfoOnTheCaller) {
    GUID guid = MakeGuid(101);
    TestProvider& provider = AddProvider(guid);
    ASSERT_EQ(provider.Register(), STATUS_SUCCESS);
    service_.FlushDeferredWork();
    EXPECT_EQ(provider.Calls(IRP_MN_REGINFO_EX).size(), 1u);
}

TEST_F(Registration, SynchronousSettingSendsRegInfoInsideTheCall) {
    service_.Config().deferredRegistration = false;
    GUID guid = MakeGuid(102);
    TestProvider& provider = AddProvider(guid);
    ASSERT_EQ(provider.Register(), STATUS_SUCCESS);
    EXPECT_EQ(provider.Calls(IRP_MN_REGINFO_EX).size(), 1u);
}

TEST_F(Registration, LegacyProviderGetsIrpMnRegInfo) {
    GUID guid = MakeGuid(103);
    TestProvider& provider = AddProvider(guid);
    provider.answerRegInfoEx = false;
    RegisterNow(provider);
    EXPECT_EQ(provider.Calls(IRP_MN_REGINFO_EX).size(), 1u);
    EXPECT_EQ(provider.Calls(IRP_MN_REGINFO).size(), 1u);
    EXPECT_EQ(admin_.QueryAllData(guid).error, ERROR_SUCCESS);
}

TEST_F(Registration, UpdateGuidsAddsAndRemoveGuidDrops) {
    GUID first = MakeGuid(104), second = MakeGuid(105);
    TestProvider& provider = AddProvider(first);
    RegisterNow(provider);
    EXPECT_EQ(admin_.QueryAllData(second).error, ERROR_WMI_GUID_NOT_FOUND);
    TestBlock added;
    added.guid = second;
    added.instances = {Bytes{9, 9}};
    provider.blocks.push_back(added);
    ASSERT_EQ(provider.Update(), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(admin_.QueryAllData(second).error, ERROR_SUCCESS);
    provider.blocks[0].regFlags |= WMIREG_FLAG_REMOVE_GUID;
    ASSERT_EQ(provider.Update(), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(admin_.QueryAllData(first).error, ERROR_WMI_GUID_NOT_FOUND);
    EXPECT_EQ(admin_.QueryAllData(second).error, ERROR_SUCCESS);
}

TEST_F(Registration, SeveralProvidersPerGuidAndDeregisterRemovesOne) {
    GUID guid = MakeGuid(106);
    TestProvider& a = AddProvider(guid, 1);
    TestProvider& b = AddProvider(guid, 2);
    RegisterNow(a);
    RegisterNow(b);
    std::vector<InstanceView> views;
    ASSERT_TRUE(ParseAllDataChain(admin_.QueryAllData(guid).bytes, views));
    EXPECT_EQ(views.size(), 3u);
    ASSERT_EQ(a.Deregister(), STATUS_SUCCESS);
    views.clear();
    ASSERT_TRUE(ParseAllDataChain(admin_.QueryAllData(guid).bytes, views));
    EXPECT_EQ(views.size(), 2u);
    a.ClearCalls();
    Settle();
    EXPECT_TRUE(a.Calls().empty());  // nothing is sent to a deregistered device
}

TEST_F(Registration, ReregisterKeepsEnableStateEdgeTriggered) {
    GUID guid = MakeGuid(116);
    TestProvider& provider = AddProvider(guid);
    RegisterNow(provider);
    auto subscription = admin_.Subscribe(guid, nullptr);
    ASSERT_EQ(IoWMIRegistrationControl(provider.Fdo(), WMIREG_ACTION_REREGISTER), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(provider.Calls(IRP_MN_ENABLE_EVENTS).size(), 1u);
    // a block dropped by UPDATE_GUIDS and registered again is enabled afresh
    provider.blocks[0].regFlags |= WMIREG_FLAG_REMOVE_GUID;
    ASSERT_EQ(provider.Update(), STATUS_SUCCESS);
    Settle();
    provider.blocks[0].regFlags &= ~WMIREG_FLAG_REMOVE_GUID;
    ASSERT_EQ(provider.Update(), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(provider.Calls(IRP_MN_ENABLE_EVENTS).size(), 2u);
    EXPECT_EQ(provider.Calls(IRP_MN_DISABLE_EVENTS).size(), 0u);
}

TEST_F(Registration, BadActionsAndUnknownDevicesAreInvalidParameter) {
    TestProvider& provider = AddProvider(MakeGuid(107));
    EXPECT_EQ(IoWMIRegistrationControl(provider.Fdo(), 0), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(IoWMIRegistrationControl(provider.Fdo(), 6), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(IoWMIRegistrationControl(nullptr, WMIREG_ACTION_REGISTER), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(provider.Deregister(), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(provider.Update(), STATUS_INVALID_PARAMETER);
}

TEST_F(Registration, RegisterTwiceReregistersByDefault) {
    EXPECT_TRUE(wmi::Settings{}.registerTwiceReregisters);
    TestProvider& provider = AddProvider(MakeGuid(108));
    RegisterNow(provider);
    EXPECT_EQ(provider.Register(), STATUS_SUCCESS);
    Settle();
    auto calls = provider.Calls(IRP_MN_REGINFO_EX);
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[1].dataPath, static_cast<ULONG_PTR>(WMIREGISTER));
    service_.Config().registerTwiceReregisters = false;
    EXPECT_EQ(provider.Register(), STATUS_INVALID_PARAMETER);
}

TEST_F(Registration, RegistrationControlAbovePassiveBugChecks) {
    TestProvider& provider = AddProvider(MakeGuid(109));
    testing::BugCheckCapture capture(kernel_);
    KIRQL old = KfRaiseIrql(DISPATCH_LEVEL);
    auto report = testing::CaptureBugCheck([&] { provider.Register(); });
    KeLowerIrql(old);
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, nt::bugcode::kDriverVerifierDetectedViolation);
    EXPECT_EQ(report->parameters[1], static_cast<std::uint64_t>(DISPATCH_LEVEL));
    EXPECT_FALSE(service_.IsRegistered(provider.Fdo()));
}

TEST_F(Registration, DeregisterFromInsideWmiDispatchIsReportedAsDeadlock) {
    GUID guid = MakeGuid(110);
    TestProvider& provider = AddProvider(guid);
    RegisterNow(provider);
    testing::BugCheckCapture capture(kernel_);
    std::optional<nt::BugCheckReport> report;
    provider.intercept = [&](PIRP irp, PIO_STACK_LOCATION stack) {
        if (stack->MinorFunction != IRP_MN_QUERY_ALL_DATA) return false;
        report = testing::CaptureBugCheck([&] { provider.Deregister(); });
        irp->IoStatus.Status = STATUS_WMI_INSTANCE_NOT_FOUND;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return true;
    };
    admin_.QueryAllData(guid);
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->code, nt::bugcode::kKwmiWaitDeadlock);
    provider.intercept = nullptr;
}

TEST_F(Registration, StaticListAndBaseNamesAreGenerated) {
    GUID listGuid = MakeGuid(111), baseGuid = MakeGuid(112);
    TestProvider& provider = AddProvider(listGuid, 2);
    provider.blocks[0].regFlags = WMIREG_FLAG_INSTANCE_LIST;
    provider.blocks[0].names = {u"First", u"Second"};
    TestBlock base;
    base.guid = baseGuid;
    base.regFlags = WMIREG_FLAG_INSTANCE_BASENAME;
    base.baseName = u"Foo";
    base.instances = {Bytes{1}, Bytes{2}};
    provider.blocks.push_back(base);
    RegisterNow(provider);
    std::vector<InstanceView> views;
    ASSERT_TRUE(ParseAllDataChain(admin_.QueryAllData(listGuid).bytes, views));
    ASSERT_EQ(views.size(), 2u);
    EXPECT_EQ(views[1].name, u"Second");
    EXPECT_EQ(admin_.QuerySingleInstance(listGuid, u"Second").bytes.at(64), 2);
    // [unverified] base-name format: decimal index, no separator
    EXPECT_EQ(wmi::Settings{}.baseNameSeparator, u"");
    EXPECT_EQ(admin_.QuerySingleInstance(baseGuid, u"Foo1").bytes.at(64), 2);
}

TEST_F(Registration, AllocateInstanceIdsAreUniquePerGuid) {
    GUID guid = MakeGuid(113);
    ULONG first = 99, second = 99, other = 99;
    ASSERT_EQ(IoWMIAllocateInstanceIds(&guid, 3, &first), STATUS_SUCCESS);
    ASSERT_EQ(IoWMIAllocateInstanceIds(&guid, 2, &second), STATUS_SUCCESS);
    GUID otherGuid = MakeGuid(114);
    ASSERT_EQ(IoWMIAllocateInstanceIds(&otherGuid, 1, &other), STATUS_SUCCESS);
    EXPECT_EQ(second, first + 3);
    EXPECT_EQ(other, 0u);
}

TEST_F(Registration, SuggestInstanceNameUsesInstancePath) {
    TestProvider& provider = AddProvider(MakeGuid(115));
    service_.SetDeviceInstancePath(provider.Pdo(), u"PCI\\VEN_1234\\3&11");
    UNICODE_STRING suggested{};
    ASSERT_EQ(IoWMISuggestInstanceName(provider.Pdo(), nullptr, FALSE, &suggested), STATUS_SUCCESS);
    EXPECT_EQ(std::u16string(reinterpret_cast<const char16_t*>(suggested.Buffer), suggested.Length / 2),
              u"PCI\\VEN_1234\\3&11");
    ExFreePool(suggested.Buffer);
    EXPECT_EQ(IoWMISuggestInstanceName(nullptr, nullptr, FALSE, &suggested), STATUS_INVALID_PARAMETER);
}

// ---- providers that lie ----

// Answers REGINFO_EX with `bytes` (Information = bytes.size() unless overridden).
void AnswerRegInfo(TestProvider& provider, Bytes bytes, ULONG_PTR information = ~0ull) {
    provider.intercept = [bytes, information](PIRP irp, PIO_STACK_LOCATION stack) {
        if (stack->MinorFunction != IRP_MN_REGINFO_EX) return false;
        std::size_t n = std::min<std::size_t>(bytes.size(), stack->Parameters.WMI.BufferSize);
        std::memcpy(stack->Parameters.WMI.Buffer, bytes.data(), n);
        irp->IoStatus.Status = STATUS_SUCCESS;
        irp->IoStatus.Information = information == ~0ull ? bytes.size() : information;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return true;
    };
}

Bytes RegInfoWithOneGuid(const GUID& guid, ULONG flags, ULONG count, ULONG_PTR unionValue) {
    Bytes b(24 + 32 + 8, 0);
    wmi::wire::WriteU32(b, 0, static_cast<ULONG>(b.size()));
    wmi::wire::WriteU32(b, 16, 1);
    std::memcpy(b.data() + 24, &guid, 16);
    wmi::wire::WriteU32(b, 24 + 16, flags);
    wmi::wire::WriteU32(b, 24 + 20, count);
    wmi::wire::WriteU64(b, 24 + 24, unionValue);
    return b;
}

TEST_F(MaliciousProvider, ChainedRegInfoRegistersEveryLink) {
    GUID first = MakeGuid(127), second = MakeGuid(128);
    Bytes a = RegInfoWithOneGuid(first, WMIREG_FLAG_INSTANCE_BASENAME, 1, 56);
    a.resize(64, 0);  // base name "X" at 56, then 8-aligned
    wmi::wire::WriteCountedString(a, 56, u"X");
    wmi::wire::WriteU32(a, 0, 64);
    wmi::wire::WriteU32(a, 4, 64);  // NextWmiRegInfo
    Bytes b = RegInfoWithOneGuid(second, WMIREG_FLAG_INSTANCE_BASENAME, 1, 56);
    wmi::wire::WriteCountedString(b, 56, u"Y");
    Bytes both = a;
    both.insert(both.end(), b.begin(), b.end());
    TestProvider& provider = AddProvider(first);
    TestBlock other;
    other.guid = second;
    other.instances = {Bytes{5}};
    provider.blocks.push_back(other);
    AnswerRegInfo(provider, both);
    RegisterNow(provider);
    provider.intercept = nullptr;
    EXPECT_EQ(admin_.QuerySingleInstance(first, u"X0").error, ERROR_SUCCESS);
    EXPECT_EQ(admin_.QuerySingleInstance(second, u"Y0").bytes.at(64), 5);
}

TEST_F(MaliciousProvider, ConsumerChainParserRejectsLies) {
    Bytes w(64, 0);
    wmi::wire::WriteU32(w, 0, 64);
    wmi::wire::WriteU32(w, 44, WNODE_FLAG_ALL_DATA | WNODE_FLAG_FIXED_INSTANCE_SIZE);
    wmi::wire::WriteU32(w, 52, 0xFFFFFFFF);  // four billion zero-size instances
    std::vector<InstanceView> views;
    EXPECT_FALSE(ParseAllDataChain(w, views));
    wmi::wire::WriteU32(w, 52, 0);
    wmi::wire::WriteU32(w, 12, 8);  // Linkage shorter than the WNODE
    EXPECT_FALSE(ParseAllDataChain(w, views));
    wmi::wire::WriteU32(w, 12, 0);
    wmi::wire::WriteU32(w, 0, 65);  // BufferSize past the end
    EXPECT_FALSE(ParseAllDataChain(w, views));
    EXPECT_TRUE(views.empty());
}

TEST_F(MaliciousProvider, RegInfoLiesAreRejectedWithADiagnostic) {
    GUID guid = MakeGuid(120);
    std::vector<Bytes> lies;
    Bytes b = RegInfoWithOneGuid(guid, WMIREG_FLAG_INSTANCE_LIST, 2, 0x7FFF0000);  // names far away
    lies.push_back(b);
    b = RegInfoWithOneGuid(guid, 0, 0, 0);
    wmi::wire::WriteU32(b, 16, 0x10000000);  // GuidCount beyond the buffer
    lies.push_back(b);
    b = RegInfoWithOneGuid(guid, 0, 0, 0);
    wmi::wire::WriteU32(b, 0, 0x1000);  // BufferSize beyond what was returned
    lies.push_back(b);
    b = RegInfoWithOneGuid(guid, 0, 0, 0);
    wmi::wire::WriteU32(b, 8, static_cast<ULONG>(b.size()) - 1);  // RegistryPath at the last byte
    lies.push_back(b);
    b = RegInfoWithOneGuid(guid, WMIREG_FLAG_INSTANCE_BASENAME, 1, 60);
    wmi::wire::WriteU16(b, 60, 0xFFFE);  // base name longer than the buffer
    lies.push_back(b);
    b = RegInfoWithOneGuid(guid, 0, 0, 0);
    wmi::wire::WriteU32(b, 4, 8);  // NextWmiRegInfo pointing into itself
    lies.push_back(b);
    for (std::size_t i = 0; i < lies.size(); ++i) {
        TestProvider& provider = AddProvider(guid);
        AnswerRegInfo(provider, lies[i]);
        auto before = service_.Diagnostics().size();
        ASSERT_EQ(provider.Register(), STATUS_SUCCESS);
        Settle();
        EXPECT_EQ(admin_.QueryAllData(guid).error, ERROR_WMI_GUID_NOT_FOUND) << "lie " << i;
        EXPECT_GT(service_.Diagnostics().size(), before) << "lie " << i;
        ASSERT_EQ(provider.Deregister(), STATUS_SUCCESS);
    }
}

TEST_F(MaliciousProvider, InformationLargerThanBufferIsRejected) {
    GUID guid = MakeGuid(121);
    TestProvider& provider = AddProvider(guid);
    AnswerRegInfo(provider, RegInfoWithOneGuid(guid, 0, 0, 0), 1u << 20);
    ASSERT_EQ(provider.Register(), STATUS_SUCCESS);
    Settle();
    EXPECT_EQ(admin_.QueryAllData(guid).error, ERROR_WMI_GUID_NOT_FOUND);
}

TEST_F(MaliciousProvider, EndlessOrHugeRegInfoSizeRequestsAreBounded) {
    GUID guid = MakeGuid(122);
    TestProvider& provider = AddProvider(guid);
    Bytes need(4);
    for (ULONG asked : {0xFFFFFFFFu, 8u}) {  // huge, or never enough
        wmi::wire::WriteU32(need, 0, asked);
        AnswerRegInfo(provider, need, 4);
        provider.ClearCalls();
        ASSERT_EQ(provider.Register(), STATUS_SUCCESS);
        Settle();
        EXPECT_LE(provider.Calls(IRP_MN_REGINFO_EX).size(), wmi::Settings{}.maxResizeRetries + 2u);
        EXPECT_EQ(admin_.QueryAllData(guid).error, ERROR_WMI_GUID_NOT_FOUND);
    }
}

TEST_F(MaliciousProvider, GarbagePdoPointerIsNeverDereferenced) {
    GUID guid = MakeGuid(123);
    TestProvider& provider = AddProvider(guid);
    AnswerRegInfo(provider, RegInfoWithOneGuid(guid, WMIREG_FLAG_INSTANCE_PDO, 1, 0xDEADBEEF0));
    RegisterNow(provider);
    provider.intercept = nullptr;
    EXPECT_EQ(admin_.QueryAllData(guid).error, ERROR_SUCCESS);
    ASSERT_EQ(provider.Deregister(), STATUS_SUCCESS);  // no ObDereferenceObject on garbage
}

// Answers QUERY_ALL_DATA with a WNODE whose fields are patched by `patch`.
void AnswerAllData(TestProvider& provider, std::function<void(std::uint8_t*, ULONG)> patch,
                   ULONG_PTR information = 0) {
    provider.intercept = [patch, information](PIRP irp, PIO_STACK_LOCATION stack) {
        if (stack->MinorFunction != IRP_MN_QUERY_ALL_DATA) return false;
        auto* w = static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer);
        ULONG capacity = stack->Parameters.WMI.BufferSize;
        // a sane one-instance answer first
        wmi::wire::Bytes tmp(w, w + capacity);
        wmi::wire::WriteU32(tmp, 0, 72);
        wmi::wire::WriteU32(tmp, 48, 64);
        wmi::wire::WriteU32(tmp, 52, 1);
        wmi::wire::WriteU32(tmp, 60, 64);
        wmi::wire::WriteU32(tmp, 64, 4);
        std::memcpy(w, tmp.data(), capacity);
        patch(w, capacity);
        irp->IoStatus.Status = STATUS_SUCCESS;
        irp->IoStatus.Information = information ? information : 72;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return true;
    };
}

TEST_F(MaliciousProvider, AllDataLiesGiveDpFailedAndNoData) {
    GUID guid = MakeGuid(124);
    TestProvider& provider = AddProvider(guid);
    RegisterNow(provider);
    std::vector<std::function<void(std::uint8_t*, ULONG)>> lies = {
        [](std::uint8_t* w, ULONG c) { std::memcpy(w, &c, 4); ULONG big = c + 1; std::memcpy(w, &big, 4); },
        [](std::uint8_t* w, ULONG) { ULONG n = 0x20000000; std::memcpy(w + 52, &n, 4); },
        [](std::uint8_t* w, ULONG) { ULONG off = 0xFFFFFFF0; std::memcpy(w + 60, &off, 4); },
        [](std::uint8_t* w, ULONG) { ULONG len = 0xFFFFFFFF; std::memcpy(w + 64, &len, 4); },
        [](std::uint8_t* w, ULONG) { ULONG flags = 0; std::memcpy(w + 44, &flags, 4); },
        [](std::uint8_t* w, ULONG) { ULONG size = 12; std::memcpy(w, &size, 4); },
    };
    for (std::size_t i = 0; i < lies.size(); ++i) {
        AnswerAllData(provider, lies[i]);
        Reply reply = admin_.QueryAllData(guid);
        EXPECT_EQ(reply.error, ERROR_WMI_DP_FAILED) << "lie " << i;
        EXPECT_TRUE(reply.bytes.empty());
    }
}

TEST_F(MaliciousProvider, TooSmallForeverIsBoundedAndHugeSizeNeededRefused) {
    GUID guid = MakeGuid(125);
    TestProvider& provider = AddProvider(guid);
    RegisterNow(provider);
    for (ULONG needed : {0u, 0xFFFFFFF0u}) {
        provider.ClearCalls();
        provider.intercept = [needed](PIRP irp, PIO_STACK_LOCATION stack) {
            if (stack->MinorFunction != IRP_MN_QUERY_ALL_DATA) return false;
            auto* w = static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer);
            ULONG size = 56, flags = WNODE_FLAG_TOO_SMALL;
            std::memcpy(w, &size, 4);
            std::memcpy(w + 44, &flags, 4);
            std::memcpy(w + 48, &needed, 4);
            irp->IoStatus.Status = STATUS_SUCCESS;
            irp->IoStatus.Information = 56;
            IoCompleteRequest(irp, IO_NO_INCREMENT);
            return true;
        };
        Reply reply = admin_.QueryAllData(guid);
        EXPECT_TRUE(reply.error == ERROR_WMI_TRY_AGAIN || reply.error == ERROR_WMI_DP_FAILED);
        EXPECT_LE(provider.Calls(IRP_MN_QUERY_ALL_DATA).size(), 2u * (wmi::Settings{}.maxResizeRetries + 1));
    }
}

TEST_F(MaliciousProvider, SingleInstanceMovingDataOffsetIsRejected) {
    GUID guid = MakeGuid(126);
    TestProvider& provider = AddProvider(guid);
    service_.SetDeviceInstancePath(provider.Pdo(), u"ROOT\\L");
    RegisterNow(provider);
    provider.intercept = [](PIRP irp, PIO_STACK_LOCATION stack) {
        if (stack->MinorFunction != IRP_MN_QUERY_SINGLE_INSTANCE) return false;
        auto* w = static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer);
        ULONG size = 80, offset = 8, length = 4;  // data "inside the header"
        std::memcpy(w, &size, 4);
        std::memcpy(w + 56, &offset, 4);
        std::memcpy(w + 60, &length, 4);
        irp->IoStatus.Status = STATUS_SUCCESS;
        irp->IoStatus.Information = 80;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return true;
    };
    EXPECT_EQ(admin_.QuerySingleInstance(guid, u"ROOT\\L_0").error, ERROR_WMI_DP_FAILED);
}

}  // namespace
}  // namespace kwmi::test
