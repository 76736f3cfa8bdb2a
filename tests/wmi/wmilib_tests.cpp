// wmilib_tests.cpp - WDM WmiLib (spec §4) driven through the WMI service by a small WDM
// driver whose IRP_MJ_SYSTEM_CONTROL dispatch calls WmiSystemControl; items 12 and 19.
#include <wdm.h>
#include <wmilib.h>
#include <wmium.h>

#include <cstring>

#include "wire_bytes.hpp"
#include "wmi_fixture.hpp"

namespace kwmi::test {
namespace {

using WnodeVectors = WmiTest;

TEST_F(WnodeVectors, Item12_WmiLibStructureLayouts) {
    EXPECT_EQ(sizeof(WMIGUIDREGINFO), 16u);
    EXPECT_EQ(offsetof(WMIGUIDREGINFO, Guid), 0u);
    EXPECT_EQ(offsetof(WMIGUIDREGINFO, InstanceCount), 8u);
    EXPECT_EQ(offsetof(WMIGUIDREGINFO, Flags), 12u);
    EXPECT_EQ(sizeof(WMILIB_CONTEXT), 64u);
    EXPECT_EQ(offsetof(WMILIB_CONTEXT, GuidList), 8u);
    EXPECT_EQ(offsetof(WMILIB_CONTEXT, QueryWmiRegInfo), 16u);
    EXPECT_EQ(offsetof(WMILIB_CONTEXT, QueryWmiDataBlock), 24u);
    EXPECT_EQ(offsetof(WMILIB_CONTEXT, SetWmiDataBlock), 32u);
    EXPECT_EQ(offsetof(WMILIB_CONTEXT, SetWmiDataItem), 40u);
    EXPECT_EQ(offsetof(WMILIB_CONTEXT, ExecuteWmiMethod), 48u);
    EXPECT_EQ(offsetof(WMILIB_CONTEXT, WmiFunctionControl), 56u);
}

TEST_F(WnodeVectors, Item19_SysctlDispositionAndControlValues) {
    EXPECT_EQ(IrpProcessed, 0);
    EXPECT_EQ(IrpNotCompleted, 1);
    EXPECT_EQ(IrpNotWmi, 2);
    EXPECT_EQ(IrpForward, 3);
    EXPECT_EQ(WmiEventControl, 0);
    EXPECT_EQ(WmiDataBlockControl, 1);
}

// ---- a WDM driver built on WmiLib ----

struct WmiLibDriver;
WmiLibDriver* gDriver = nullptr;

struct WmiLibDriver {
    GUID dataGuid = MakeGuid(400);
    GUID baseGuid = MakeGuid(401);
    WMIGUIDREGINFO guids[2] = {{&dataGuid, 3, WMIREG_FLAG_INSTANCE_PDO},
                               {&baseGuid, 2, WMIREG_FLAG_INSTANCE_BASENAME | WMIREG_FLAG_EXPENSIVE}};
    WMILIB_CONTEXT context{};
    UNICODE_STRING registryPath{};
    std::u16string registryText = u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\WmiLibTest";
    std::vector<Bytes> data{Bytes(6, 1), Bytes(6, 2), Bytes(6, 3)};
    std::vector<std::pair<int, bool>> controls;
    PDRIVER_OBJECT driver = nullptr;
    PDEVICE_OBJECT pdo = nullptr, fdo = nullptr;
    nt::Kernel& kernel;

    explicit WmiLibDriver(nt::Kernel& k) : kernel(k) {
        gDriver = this;
        registryPath.Buffer = reinterpret_cast<PWCH>(registryText.data());
        registryPath.Length = registryPath.MaximumLength = static_cast<USHORT>(registryText.size() * 2);
        context.GuidCount = 2;
        context.GuidList = guids;
        context.QueryWmiRegInfo = &QueryRegInfo;
        context.QueryWmiDataBlock = &QueryDataBlock;
        driver = kernel.CreateDriverObject(u"\\Driver\\WmiLibTest");
        driver->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = &Dispatch;
        IoCreateDevice(driver, 0, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &pdo);
        IoCreateDevice(driver, 0, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo);
        pdo->Flags &= ~DO_DEVICE_INITIALIZING;
        fdo->Flags &= ~DO_DEVICE_INITIALIZING;
        IoAttachDeviceToDeviceStack(fdo, pdo);
    }
    ~WmiLibDriver() {
        if (wmi::Service::Current()->IsRegistered(fdo)) IoWMIRegistrationControl(fdo, WMIREG_ACTION_DEREGISTER);
        IoDetachDevice(pdo);
        IoDeleteDevice(fdo);
        IoDeleteDevice(pdo);
        kernel.DeleteDriverObject(driver);
        gDriver = nullptr;
    }

    static NTSTATUS Dispatch(PDEVICE_OBJECT device, PIRP irp) {
        if (device == gDriver->pdo) {
            NTSTATUS status = irp->IoStatus.Status;
            IoCompleteRequest(irp, IO_NO_INCREMENT);
            return status;
        }
        SYSCTL_IRP_DISPOSITION disposition;
        NTSTATUS status = WmiSystemControl(&gDriver->context, device, irp, &disposition);
        switch (disposition) {
        case IrpProcessed:
            break;
        case IrpNotCompleted:
            IoCompleteRequest(irp, IO_NO_INCREMENT);
            break;
        default:
            IoSkipCurrentIrpStackLocation(irp);
            status = IoCallDriver(gDriver->pdo, irp);
        }
        return status;
    }

    static NTSTATUS QueryRegInfo(PDEVICE_OBJECT, PULONG regFlags, PUNICODE_STRING instanceName,
                                 PUNICODE_STRING* registryPath, PUNICODE_STRING mofName,
                                 PDEVICE_OBJECT* pdo) {
        *regFlags = 0;
        *registryPath = &gDriver->registryPath;
        static std::u16string mof = u"WmiLibMof";
        mofName->Buffer = reinterpret_cast<PWCH>(mof.data());
        mofName->Length = mofName->MaximumLength = static_cast<USHORT>(mof.size() * 2);
        auto* base = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, 8, 'tseT'));
        std::memcpy(base, u"Lib", 6);
        instanceName->Buffer = base;
        instanceName->Length = 6;
        instanceName->MaximumLength = 8;
        *pdo = gDriver->pdo;
        return STATUS_SUCCESS;
    }

    static NTSTATUS QueryDataBlock(PDEVICE_OBJECT device, PIRP irp, ULONG guidIndex, ULONG instance,
                                   ULONG count, PULONG lengths, ULONG avail, PUCHAR buffer) {
        // instances are written 8-aligned; the last one is not padded
        ULONG size = guidIndex == 1 ? 4 : 6;
        ULONG needed = 8 * (count - 1) + size;
        if (avail < needed) return WmiCompleteRequest(device, irp, STATUS_BUFFER_TOO_SMALL, needed, IO_NO_INCREMENT);
        ULONG cursor = 0;
        for (ULONG i = 0; i < count; ++i) {
            if (guidIndex == 0) std::memcpy(buffer + cursor, gDriver->data[instance + i].data(), 6);
            else std::memset(buffer + cursor, 0x40 + static_cast<int>(instance + i), 4);
            lengths[i] = size;
            cursor += i + 1 < count ? 8 : size;
        }
        return WmiCompleteRequest(device, irp, STATUS_SUCCESS, cursor, IO_NO_INCREMENT);
    }

    static NTSTATUS SetDataBlock(PDEVICE_OBJECT device, PIRP irp, ULONG, ULONG instance, ULONG size,
                                 PUCHAR buffer) {
        if (size != 6) return WmiCompleteRequest(device, irp, STATUS_WMI_SET_FAILURE, 0, IO_NO_INCREMENT);
        gDriver->data[instance].assign(buffer, buffer + 6);
        return WmiCompleteRequest(device, irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
    }

    static NTSTATUS ExecuteMethod(PDEVICE_OBJECT device, PIRP irp, ULONG, ULONG instance,
                                  ULONG methodId, ULONG in, ULONG out, PUCHAR buffer) {
        if (methodId != 1) return WmiCompleteRequest(device, irp, STATUS_WMI_ITEMID_NOT_FOUND, 0, IO_NO_INCREMENT);
        if (out < 4) return WmiCompleteRequest(device, irp, STATUS_BUFFER_TOO_SMALL, 4, IO_NO_INCREMENT);
        ULONG sum = instance;
        for (ULONG i = 0; i < in; ++i) sum += buffer[i];
        std::memcpy(buffer, &sum, 4);
        return WmiCompleteRequest(device, irp, STATUS_SUCCESS, 4, IO_NO_INCREMENT);
    }

    static NTSTATUS FunctionControl(PDEVICE_OBJECT device, PIRP irp, ULONG,
                                    WMIENABLEDISABLECONTROL function, BOOLEAN enable) {
        gDriver->controls.emplace_back(function, enable != 0);
        return WmiCompleteRequest(device, irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
    }
};

class WmiLib : public WmiTest {
protected:
    WmiLib() : driver_(kernel_) {
        service_.SetDeviceInstancePath(driver_.pdo, u"ROOT\\WMILIB\\0000");
        EXPECT_EQ(IoWMIRegistrationControl(driver_.fdo, WMIREG_ACTION_REGISTER), STATUS_SUCCESS);
        Settle();
    }
    WmiLibDriver driver_;
};

TEST_F(WmiLib, QueryAllDataBuildsPairsAndNames) {
    Reply all = admin_.QueryAllData(driver_.dataGuid);
    ASSERT_EQ(all.error, ERROR_SUCCESS);
    EXPECT_EQ(ReadU32(all.bytes, 48), 88u);  // align8(60 + 3 * 8)
    EXPECT_EQ(U32Bytes({ReadU32(all.bytes, 60), ReadU32(all.bytes, 64), ReadU32(all.bytes, 68),
                        ReadU32(all.bytes, 72), ReadU32(all.bytes, 76), ReadU32(all.bytes, 80)}),
              U32Bytes({88, 6, 96, 6, 104, 6}));
    std::vector<InstanceView> views;
    ASSERT_TRUE(ParseAllDataChain(all.bytes, views));
    ASSERT_EQ(views.size(), 3u);
    EXPECT_EQ(views[2].name, u"ROOT\\WMILIB\\0000_2");
    EXPECT_EQ(views[2].data[0], 3);
    std::vector<wmi::MofResource> mofs;
    ASSERT_EQ(admin_.MofResources(mofs), ERROR_SUCCESS);
    ASSERT_EQ(mofs.size(), 1u);
    EXPECT_EQ(mofs[0].resourceName, u"WmiLibMof");
    EXPECT_EQ(mofs[0].imagePath, driver_.registryText);
}

TEST_F(WmiLib, TooSmallIsAnsweredWithWnodeTooSmallAndResent) {
    service_.Config().firstQueryBufferSize = 64;
    Reply one = admin_.QuerySingleInstance(driver_.dataGuid, u"ROOT\\WMILIB\\0000_1");
    ASSERT_EQ(one.error, ERROR_SUCCESS);
    EXPECT_EQ(ReadU32(one.bytes, 0), 70u);
    EXPECT_EQ(ReadU32(one.bytes, 60), 6u);
    EXPECT_EQ(one.bytes[64], 2);
    EXPECT_EQ(admin_.QueryAllData(driver_.dataGuid).error, ERROR_SUCCESS);
}

TEST_F(WmiLib, BaseNamesFromQueryRegInfo) {
    Reply one = admin_.QuerySingleInstance(driver_.baseGuid, u"Lib1");
    ASSERT_EQ(one.error, ERROR_SUCCESS);
    EXPECT_EQ(one.bytes.at(64), 0x41);
}

TEST_F(WmiLib, MissingCallbacksUseTheDefaults) {
    EXPECT_EQ(admin_.SetSingleInstance(driver_.dataGuid, u"ROOT\\WMILIB\\0000_0", Bytes(6)),
              ERROR_WMI_READ_ONLY);
    EXPECT_EQ(admin_.SetSingleItem(driver_.dataGuid, u"ROOT\\WMILIB\\0000_0", 1, Bytes(1)),
              ERROR_WMI_READ_ONLY);
    EXPECT_EQ(admin_.ExecuteMethod(driver_.dataGuid, u"ROOT\\WMILIB\\0000_0", 1, {}).error,
              ERROR_INVALID_FUNCTION);
    auto subscription = admin_.Subscribe(driver_.dataGuid, nullptr);
    EXPECT_EQ(subscription.Error(), ERROR_SUCCESS);  // no function control: success
}

TEST_F(WmiLib, CallbacksForSetMethodAndFunctionControl) {
    driver_.context.SetWmiDataBlock = &WmiLibDriver::SetDataBlock;
    driver_.context.ExecuteWmiMethod = &WmiLibDriver::ExecuteMethod;
    driver_.context.WmiFunctionControl = &WmiLibDriver::FunctionControl;
    EXPECT_EQ(admin_.SetSingleInstance(driver_.dataGuid, u"ROOT\\WMILIB\\0000_0", Bytes(6, 9)),
              ERROR_SUCCESS);
    EXPECT_EQ(driver_.data[0], Bytes(6, 9));
    EXPECT_EQ(admin_.SetSingleInstance(driver_.dataGuid, u"ROOT\\WMILIB\\0000_0", Bytes(2, 9)),
              ERROR_WMI_SET_FAILURE);
    Reply sum = admin_.ExecuteMethod(driver_.dataGuid, u"ROOT\\WMILIB\\0000_2", 1, Bytes{1, 2, 3}, 16);
    ASSERT_EQ(sum.error, ERROR_SUCCESS);
    EXPECT_EQ(sum.bytes, U32Bytes({2 + 1 + 2 + 3}));
    ULONG needed = 0;
    EXPECT_EQ(admin_.ExecuteMethod(driver_.dataGuid, u"ROOT\\WMILIB\\0000_2", 1, {}, 0, &needed).error,
              ERROR_INSUFFICIENT_BUFFER);
    EXPECT_EQ(needed, 4u);
    EXPECT_EQ(admin_.ExecuteMethod(driver_.dataGuid, u"ROOT\\WMILIB\\0000_2", 5, {}).error,
              ERROR_WMI_ITEMID_NOT_FOUND);
    {
        auto subscription = admin_.Subscribe(driver_.dataGuid, nullptr);
        GUID base = driver_.baseGuid;
        WMIHANDLE handle = nullptr;
        ASSERT_EQ(WmiOpenBlock(&base, WMIGUID_QUERY, &handle), ERROR_SUCCESS);
        WmiCloseBlock(handle);
    }
    const std::vector<std::pair<int, bool>> expected = {
        {WmiEventControl, true}, {WmiDataBlockControl, true}, {WmiDataBlockControl, false},
        {WmiEventControl, false}};
    EXPECT_EQ(driver_.controls, expected);
}

TEST_F(WmiLib, FireEventSendsAStaticNameEventAndFreesTheData) {
    std::vector<Bytes> received;
    auto subscription = admin_.Subscribe(driver_.dataGuid, [&](std::span<const std::uint8_t> w) {
        received.emplace_back(w.begin(), w.end());
    });
    auto* data = static_cast<PUCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, 3, 'tvEW'));
    std::memcpy(data, "\x01\x02\x03", 3);
    ASSERT_EQ(WmiFireEvent(driver_.fdo, &driver_.dataGuid, 1, 3, data), STATUS_SUCCESS);
    Settle();
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(ReadU32(received[0], 44), 0x8Au);
    EXPECT_EQ(ReadU32(received[0], 52), 1u);
    EXPECT_EQ(received[0].size(), 67u);
    for (const auto& allocation : kernel_.OutstandingAllocations())
        EXPECT_NE(allocation.tag, static_cast<std::uint32_t>('tvEW'));
}

// Spec §3.5: a QUERY_ALL_DATA buffer of at least 56 bytes is answered with WNODE_TOO_SMALL
// naming the size; below that, STATUS_BUFFER_TOO_SMALL.
TEST_F(WmiLib, AllDataBufferTooSmallForTheHeaderStillLearnsTheSize) {
    for (ULONG capacity : {60u, 56u, 40u}) {
        std::vector<std::uint8_t> wnode(capacity, 0);
        wmi::wire::WriteU32(wnode, offsetof(WNODE_HEADER, BufferSize), capacity);
        wmi::wire::WriteU32(wnode, offsetof(WNODE_HEADER, Flags), WNODE_FLAG_ALL_DATA);
        std::memcpy(wnode.data() + offsetof(WNODE_HEADER, Guid), &driver_.dataGuid, sizeof(GUID));
        PIRP irp = IoAllocateIrp(2, FALSE);
        IoSetNextIrpStackLocation(irp);
        PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
        stack->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
        stack->MinorFunction = IRP_MN_QUERY_ALL_DATA;
        stack->Parameters.WMI.ProviderId = reinterpret_cast<ULONG_PTR>(driver_.fdo);
        stack->Parameters.WMI.DataPath = &driver_.dataGuid;
        stack->Parameters.WMI.BufferSize = capacity;
        stack->Parameters.WMI.Buffer = wnode.data();
        SYSCTL_IRP_DISPOSITION disposition = IrpNotWmi;
        const NTSTATUS status = WmiSystemControl(&driver_.context, driver_.fdo, irp, &disposition);
        if (capacity >= sizeof(WNODE_TOO_SMALL)) {
            EXPECT_EQ(disposition, IrpProcessed) << capacity;
            EXPECT_EQ(status, STATUS_SUCCESS) << capacity;
            EXPECT_EQ(irp->IoStatus.Information, sizeof(WNODE_TOO_SMALL)) << capacity;
            EXPECT_EQ(ReadU32(wnode, offsetof(WNODE_HEADER, Flags)), ULONG{WNODE_FLAG_TOO_SMALL}) << capacity;
            EXPECT_EQ(ReadU32(wnode, offsetof(WNODE_TOO_SMALL, SizeNeeded)), 88u + 8u * 2 + 6) << capacity;
        } else {
            EXPECT_EQ(disposition, IrpNotCompleted) << capacity;
            EXPECT_EQ(irp->IoStatus.Status, STATUS_BUFFER_TOO_SMALL) << capacity;
            EXPECT_EQ(irp->IoStatus.Information, 0u) << capacity;
        }
        IoFreeIrp(irp);
    }
}

TEST_F(WmiLib, DispositionsForOtherMinorsAndOtherDevices) {
    PIRP irp = IoAllocateIrp(2, FALSE);
    IoSetNextIrpStackLocation(irp);
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    stack->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
    stack->MinorFunction = 0x0A;
    stack->Parameters.WMI.ProviderId = reinterpret_cast<ULONG_PTR>(driver_.fdo);
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    SYSCTL_IRP_DISPOSITION disposition = IrpProcessed;
    EXPECT_EQ(WmiSystemControl(&driver_.context, driver_.fdo, irp, &disposition), STATUS_NOT_SUPPORTED);
    EXPECT_EQ(disposition, IrpNotWmi);
    stack->MinorFunction = IRP_MN_QUERY_ALL_DATA;
    stack->Parameters.WMI.ProviderId = reinterpret_cast<ULONG_PTR>(driver_.pdo);
    EXPECT_EQ(WmiSystemControl(&driver_.context, driver_.fdo, irp, &disposition), STATUS_NOT_SUPPORTED);
    EXPECT_EQ(disposition, IrpForward);
    GUID unknown = MakeGuid(499);
    stack->Parameters.WMI.ProviderId = reinterpret_cast<ULONG_PTR>(driver_.fdo);
    stack->Parameters.WMI.DataPath = &unknown;
    EXPECT_EQ(WmiSystemControl(&driver_.context, driver_.fdo, irp, &disposition),
              STATUS_WMI_GUID_NOT_FOUND);
    EXPECT_EQ(disposition, IrpNotCompleted);
    EXPECT_EQ(irp->IoStatus.Status, STATUS_WMI_GUID_NOT_FOUND);
    IoFreeIrp(irp);
}

}  // namespace
}  // namespace kwmi::test
