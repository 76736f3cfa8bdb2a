// Resource lists, registry keys, device properties, I/O queues and automatic serialization.
#include "wdf_test_support.hpp"

#include "wdf/device.hpp"

#include <chrono>
#include <cstring>

using namespace wdftest;
using namespace std::chrono_literals;

namespace {

using WdfResources = WdfTest;
using WdfRegistry = WdfTest;
using WdfProperties = WdfTest;
using WdfIoQueue = WdfTest;
using WdfSerialization = WdfTest;

NTSTATUS PrepareChecksLists(WDFDEVICE, WDFCMRESLIST raw, WDFCMRESLIST translated) {
    EXPECT_NE(raw, nullptr);
    EXPECT_NE(translated, nullptr);
    EXPECT_NE(raw, translated);
    EXPECT_EQ(WdfCmResourceListGetCount(raw), 0u);
    EXPECT_EQ(WdfCmResourceListGetCount(translated), 0u);
    EXPECT_EQ(WdfCmResourceListGetDescriptor(translated, 0), nullptr);
    Record("prepare");
    return STATUS_SUCCESS;
}

TEST_F(WdfResources, PrepareHardwareReceivesEmptyResourceLists) {
    OnDeviceAdd() = [](WDFDRIVER, PWDFDEVICE_INIT init) {
        WDF_PNPPOWER_EVENT_CALLBACKS pnp;
        WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
        pnp.EvtDevicePrepareHardware = PrepareChecksLists;
        WdfDeviceInitSetPnpPowerEventCallbacks(init, &pnp);
        WDFDEVICE device;
        return WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    };
    std::size_t index = AddDevice();
    ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    EXPECT_EQ(Events(), (std::vector<std::string>{"prepare@0"}));
}

TEST_F(WdfRegistry, DeviceKeyOpensAndHoldsNoValues) {
    WDFDEVICE device = AddPlainDevice();
    WDFKEY key = nullptr;
    EXPECT_EQ(WdfDeviceOpenRegistryKey(device, 0x80, STANDARD_RIGHTS_ALL, WDF_NO_OBJECT_ATTRIBUTES, &key),
              STATUS_INVALID_PARAMETER);
    ASSERT_EQ(WdfDeviceOpenRegistryKey(device, PLUGPLAY_REGKEY_DEVICE, STANDARD_RIGHTS_ALL, WDF_NO_OBJECT_ATTRIBUTES,
                                       &key),
              STATUS_SUCCESS);
    DECLARE_CONST_UNICODE_STRING(name, L"Anything");
    ULONG value = 0x1234;
    EXPECT_EQ(WdfRegistryQueryULong(key, &name, &value), STATUS_OBJECT_NAME_NOT_FOUND);
    EXPECT_EQ(value, 0x1234u);
    WdfRegistryClose(key);
    auto report = ExpectBugCheck([&] { WdfRegistryClose(key); });
    EXPECT_EQ(report.parameters[2], 0x1006u);
}

TEST_F(WdfProperties, DescriptionComesFromThePdoAndFriendlyNameIsAbsent) {
    WDFDEVICE device = AddPlainDevice();
    ULONG length = 0;
    EXPECT_EQ(WdfDeviceQueryProperty(device, DevicePropertyDeviceDescription, 0, nullptr, &length),
              STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(length, sizeof(u"kwmi simulated device"));
    char16_t buffer[64] = {};
    ASSERT_EQ(WdfDeviceQueryProperty(device, DevicePropertyDeviceDescription, sizeof buffer, buffer, &length),
              STATUS_SUCCESS);
    EXPECT_EQ(std::u16string(buffer), u"kwmi simulated device");
    EXPECT_EQ(WdfDeviceQueryProperty(device, DevicePropertyFriendlyName, sizeof buffer, buffer, &length),
              STATUS_OBJECT_NAME_NOT_FOUND);
    WDFMEMORY memory = nullptr;
    ASSERT_EQ(WdfDeviceAllocAndQueryProperty(device, DevicePropertyEnumeratorName, NonPagedPoolNx,
                                             WDF_NO_OBJECT_ATTRIBUTES, &memory),
              STATUS_SUCCESS);
    size_t size = 0;
    auto *text = static_cast<const char16_t *>(WdfMemoryGetBuffer(memory, &size));
    EXPECT_EQ(size, sizeof(u"ROOT"));
    EXPECT_EQ(std::u16string(text), u"ROOT");
    WdfObjectDelete(memory);
}

VOID IgnoreIoctl(WDFQUEUE, WDFREQUEST request, size_t, size_t, ULONG) {
    WdfRequestComplete(request, STATUS_SUCCESS);
}

TEST_F(WdfIoQueue, CreateChecksConfigAndAllowsOneDefaultQueue) {
    WDFDEVICE device = AddPlainDevice();
    WDF_IO_QUEUE_CONFIG config;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&config, WdfIoQueueDispatchSequential);
    config.EvtIoDeviceControl = IgnoreIoctl;
    config.Size = 8;
    EXPECT_EQ(WdfIoQueueCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE), STATUS_INFO_LENGTH_MISMATCH);
    config.Size = sizeof(config);
    config.DispatchType = WdfIoQueueDispatchMax;
    EXPECT_EQ(WdfIoQueueCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE), STATUS_INVALID_PARAMETER);
    config.DispatchType = WdfIoQueueDispatchSequential;
    WDFQUEUE queue = nullptr;
    EXPECT_EQ(WdfDeviceGetDefaultQueue(device), nullptr);
    ASSERT_EQ(WdfIoQueueCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &queue), STATUS_SUCCESS);
    EXPECT_EQ(WdfIoQueueGetDevice(queue), device);
    EXPECT_EQ(WdfDeviceGetDefaultQueue(device), queue);
    EXPECT_NE(WdfIoQueueCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE), STATUS_SUCCESS);
}

TEST_F(WdfIoQueue, IoctlWithoutAQueueFailsAndWithOneCompletes) {
    std::size_t index = AddDevice();
    ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    EXPECT_EQ(host.DeviceIoControl(index, 0x222000, nullptr, 0, nullptr, 0), STATUS_INVALID_DEVICE_REQUEST);
    WDF_IO_QUEUE_CONFIG config;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&config, WdfIoQueueDispatchParallel);
    config.EvtIoDeviceControl = IgnoreIoctl;
    ASSERT_EQ(WdfIoQueueCreate(Device(index), &config, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE), STATUS_SUCCESS);
    EXPECT_EQ(host.DeviceIoControl(index, 0x222000, nullptr, 0, nullptr, 0), STATUS_SUCCESS);
}

VOID SerializedTick(WDFTIMER timer) {
    auto *device = kwmi::wdf::Device::FromDeviceObject(WdfDeviceWdmGetDeviceObject(WdfTimerGetParentObject(timer)));
    KSPIN_LOCK *lock = device->SynchronizationLock();
    Record(lock != nullptr && !KeTestSpinLock(lock) ? "tick-locked" : "tick-unlocked");
}

TEST_F(WdfSerialization, DeviceScopeSerializesTimerCallbacksUnderTheDeviceLock) {
    OnDeviceAdd() = [](WDFDRIVER, PWDFDEVICE_INIT init) {
        WDF_OBJECT_ATTRIBUTES attributes;
        WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
        attributes.SynchronizationScope = WdfSynchronizationScopeDevice;
        WDFDEVICE device;
        return WdfDeviceCreate(&init, &attributes, &device);
    };
    WDFDEVICE device = AddPlainDevice();
    WDF_TIMER_CONFIG config;
    WDF_TIMER_CONFIG_INIT(&config, SerializedTick);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    WDFTIMER timer = nullptr;
    ASSERT_EQ(WdfTimerCreate(&config, &attributes, &timer), STATUS_SUCCESS);
    (void)WdfTimerStart(timer, WDF_REL_TIMEOUT_IN_MS(1));
    kernel.AdvanceTime(1ms);
    EXPECT_EQ(Events(), (std::vector<std::string>{"tick-locked@2"}));
}

TEST_F(WdfSerialization, NoScopeMeansNoLock) {
    WDFDEVICE device = AddPlainDevice();
    WDF_TIMER_CONFIG config;
    WDF_TIMER_CONFIG_INIT(&config, SerializedTick);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    WDFTIMER timer = nullptr;
    ASSERT_EQ(WdfTimerCreate(&config, &attributes, &timer), STATUS_SUCCESS);
    (void)WdfTimerStart(timer, WDF_REL_TIMEOUT_IN_MS(1));
    kernel.AdvanceTime(1ms);
    EXPECT_EQ(Events(), (std::vector<std::string>{"tick-unlocked@2"}));
}

}  // namespace

namespace {

using WdfStrings = wdftest::WdfTest;

TEST_F(WdfStrings, CreateCopiesTheTextAndDiesWithItsParent) {
    std::u16string source = u"Hello";
    UNICODE_STRING text;
    text.Buffer = reinterpret_cast<PWCH>(source.data());
    text.Length = 10;
    text.MaximumLength = 12;
    WDFSTRING string = nullptr;
    ASSERT_EQ(WdfStringCreate(&text, WDF_NO_OBJECT_ATTRIBUTES, &string), STATUS_SUCCESS);
    source[0] = u'J';
    UNICODE_STRING out{};
    WdfStringGetUnicodeString(string, &out);
    EXPECT_EQ(out.Length, 10);
    EXPECT_EQ(std::u16string(reinterpret_cast<const char16_t *>(out.Buffer), 5), u"Hello");
    text.Length = 3;
    WDFSTRING bad = nullptr;
    EXPECT_EQ(WdfStringCreate(&text, WDF_NO_OBJECT_ATTRIBUTES, &bad), STATUS_INVALID_PARAMETER);
    WDFSTRING empty = nullptr;
    ASSERT_EQ(WdfStringCreate(nullptr, WDF_NO_OBJECT_ATTRIBUTES, &empty), STATUS_SUCCESS);
    WdfStringGetUnicodeString(empty, &out);
    EXPECT_EQ(out.Length, 0);
    WdfObjectDelete(string);
}

}  // namespace

namespace {

using WdfMemoryTests = wdftest::WdfTest;

TEST_F(WdfMemoryTests, CreateAllocatesTaggedPoolFreedWithTheObject) {
    WDFMEMORY memory = nullptr;
    PVOID buffer = nullptr;
    EXPECT_EQ(WdfMemoryCreate(WDF_NO_OBJECT_ATTRIBUTES, NonPagedPoolNx, 'tseT', 0, &memory, &buffer),
              STATUS_INVALID_PARAMETER);
    ASSERT_EQ(WdfMemoryCreate(WDF_NO_OBJECT_ATTRIBUTES, NonPagedPoolNx, 'tseT', 24, &memory, &buffer), STATUS_SUCCESS);
    size_t size = 0;
    EXPECT_EQ(WdfMemoryGetBuffer(memory, &size), buffer);
    EXPECT_EQ(size, 24u);
    bool found = false;
    for (const auto &allocation : kernel.OutstandingAllocations()) {
        if (allocation.address == buffer && allocation.tag == 'tseT' && allocation.size == 24) found = true;
    }
    EXPECT_TRUE(found);
    WdfObjectDelete(memory);
    for (const auto &allocation : kernel.OutstandingAllocations()) EXPECT_NE(allocation.address, buffer);
}

VOID EchoWithMemory(WDFQUEUE, WDFREQUEST request, size_t, size_t, ULONG) {
    WDFMEMORY input = nullptr;
    WDFMEMORY output = nullptr;
    NTSTATUS status = WdfRequestRetrieveInputMemory(request, &input);
    if (NT_SUCCESS(status)) status = WdfRequestRetrieveOutputMemory(request, &output);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(request, status);
        return;
    }
    size_t inSize = 0;
    size_t outSize = 0;
    auto *in = static_cast<const ULONG *>(WdfMemoryGetBuffer(input, &inSize));
    auto *out = static_cast<ULONG *>(WdfMemoryGetBuffer(output, &outSize));
    const ULONG value = *in * 2;  // read before writing: buffered I/O shares one buffer
    *out = value;
    WdfRequestSetInformation(request, sizeof(ULONG));
    EXPECT_EQ(WdfRequestGetInformation(request), sizeof(ULONG));
    WdfRequestComplete(request, STATUS_SUCCESS);
}

TEST_F(WdfMemoryTests, RequestBuffersAsMemoryObjects) {
    std::size_t index = AddDevice();
    ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    WDF_IO_QUEUE_CONFIG config;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&config, WdfIoQueueDispatchParallel);
    config.EvtIoDeviceControl = EchoWithMemory;
    ASSERT_EQ(WdfIoQueueCreate(Device(index), &config, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE), STATUS_SUCCESS);
    ULONG in = 21, out = 0;
    std::size_t returned = 0;
    const std::uint32_t code = CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS);
    EXPECT_EQ(host.DeviceIoControl(index, code, &in, sizeof in, &out, sizeof out, &returned), STATUS_SUCCESS);
    EXPECT_EQ(out, 42u);
    EXPECT_EQ(returned, sizeof(ULONG));
    EXPECT_EQ(host.DeviceIoControl(index, code, nullptr, 0, &out, sizeof out, &returned), STATUS_BUFFER_TOO_SMALL);
}

VOID CompleteTwice(WDFQUEUE, WDFREQUEST request, size_t, size_t, ULONG) {
    WdfRequestComplete(request, STATUS_SUCCESS);
    WdfRequestComplete(request, STATUS_SUCCESS);  // the request is gone: an invalid handle
}

TEST_F(WdfMemoryTests, CompletingARequestTwiceBugChecks) {
    std::size_t index = AddDevice();
    ASSERT_EQ(host.StartDevice(index), STATUS_SUCCESS);
    WDF_IO_QUEUE_CONFIG config;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&config, WdfIoQueueDispatchParallel);
    config.EvtIoDeviceControl = CompleteTwice;
    ASSERT_EQ(WdfIoQueueCreate(Device(index), &config, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE), STATUS_SUCCESS);
    EXPECT_EQ(host.DeviceIoControl(index, 0x222004, nullptr, 0, nullptr, 0), STATUS_DRIVER_INTERNAL_ERROR);
    EXPECT_EQ(host.State(index), kwmi::host::DeviceState::Failed);
    ASSERT_TRUE(capture.Fired());
    EXPECT_EQ(capture.Last().code, 0x10Du);
    EXPECT_EQ(capture.Last().parameters[2], 0x1008u);  // a WDFREQUEST was required
}

}  // namespace
