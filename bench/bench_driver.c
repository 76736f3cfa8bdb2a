/*
 * bench_driver.c - the benchmark suite's KMDF driver (see bench_driver.h). Built with the
 * same flags as users' drivers and linked into the benchmark executable.
 */
#include "bench_driver.h"

/* {6b1d2e30-0b5c-4c61-9a70-5e4b3c2d1a01} / ...02 */
const GUID BenchDataGuid = {0x6b1d2e30, 0x0b5c, 0x4c61, {0x9a, 0x70, 0x5e, 0x4b, 0x3c, 0x2d, 0x1a, 0x01}};
const GUID BenchEventGuid = {0x6b1d2e30, 0x0b5c, 0x4c61, {0x9a, 0x70, 0x5e, 0x4b, 0x3c, 0x2d, 0x1a, 0x02}};

#define BENCH_POOL_TAG 'hcnB'

typedef struct _BENCH_INSTANCE_CONTEXT {
    ULONG Index;
} BENCH_INSTANCE_CONTEXT, *PBENCH_INSTANCE_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(BENCH_INSTANCE_CONTEXT, BenchInstanceContext)

EVT_WDF_DRIVER_DEVICE_ADD BenchEvtDeviceAdd;
EVT_WDF_DEVICE_CONTEXT_CLEANUP BenchEvtDeviceCleanup;
EVT_WDF_TIMER BenchEvtTimer;

/* One device per driver instance: the bench hosts exactly one. */
static WDFDEVICE BenchDevice;
static WDFWMIPROVIDER BenchDataProvider;
static WDFWMIINSTANCE BenchEventInstance;
static WDFTIMER BenchTimer;
static WDFWMIINSTANCE *BenchInstances;
static ULONG BenchInstancesUsed;
static ULONG BenchInstancesCapacity;
static KIRQL BenchLastTimerIrql;
static ULONG BenchLastTimerCount;

NTSTATUS BenchDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, BenchEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

NTSTATUS BenchQueryInstance(WDFWMIINSTANCE Instance, ULONG OutBufferSize, PVOID OutBuffer, PULONG BufferUsed)
{
    ULONG *out = (ULONG *)OutBuffer;
    ULONG index = BenchInstanceContext(Instance)->Index;
    ULONG i;

    *BufferUsed = BENCH_INSTANCE_SIZE;
    if (OutBufferSize < BENCH_INSTANCE_SIZE) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    for (i = 0; i < BENCH_INSTANCE_SIZE / sizeof(ULONG); i++) {
        out[i] = index * 16 + i;
    }
    return STATUS_SUCCESS;
}

NTSTATUS BenchEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_WMI_PROVIDER_CONFIG providerConfig;
    WDF_WMI_INSTANCE_CONFIG instanceConfig;
    WDF_TIMER_CONFIG timerConfig;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = BenchEvtDeviceCleanup;
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_WMI_PROVIDER_CONFIG_INIT(&providerConfig, &BenchDataGuid);
    providerConfig.MinInstanceBufferSize = BENCH_INSTANCE_SIZE;
    status = WdfWmiProviderCreate(device, &providerConfig, WDF_NO_OBJECT_ATTRIBUTES, &BenchDataProvider);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_WMI_PROVIDER_CONFIG_INIT(&providerConfig, &BenchEventGuid);
    providerConfig.Flags = WdfWmiProviderEventOnly;
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER_CONFIG(&instanceConfig, &providerConfig);
    instanceConfig.Register = TRUE;
    status = WdfWmiInstanceCreate(device, &instanceConfig, WDF_NO_OBJECT_ATTRIBUTES, &BenchEventInstance);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_TIMER_CONFIG_INIT(&timerConfig, BenchEvtTimer);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &attributes, &BenchTimer);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    BenchDevice = device;
    return STATUS_SUCCESS;
}

VOID BenchEvtDeviceCleanup(WDFOBJECT Device)
{
    UNREFERENCED_PARAMETER(Device);
    if (BenchInstances != NULL) {
        ExFreePoolWithTag(BenchInstances, BENCH_POOL_TAG);
    }
    BenchInstances = NULL;
    BenchInstancesUsed = 0;
    BenchInstancesCapacity = 0;
    BenchDevice = NULL;
}

static NTSTATUS BenchReserve(ULONG Capacity)
{
    WDFWMIINSTANCE *grown;
    if (Capacity <= BenchInstancesCapacity) {
        return STATUS_SUCCESS;
    }
    grown = (WDFWMIINSTANCE *)ExAllocatePoolZero(NonPagedPoolNx, (SIZE_T)Capacity * sizeof(WDFWMIINSTANCE),
                                                 BENCH_POOL_TAG);
    if (grown == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (BenchInstances != NULL) {
        RtlCopyMemory(grown, BenchInstances, (SIZE_T)BenchInstancesUsed * sizeof(WDFWMIINSTANCE));
        ExFreePoolWithTag(BenchInstances, BENCH_POOL_TAG);
    }
    BenchInstances = grown;
    BenchInstancesCapacity = Capacity;
    return STATUS_SUCCESS;
}

NTSTATUS BenchCreateInstances(ULONG Count, BOOLEAN RegisterNow)
{
    WDF_WMI_INSTANCE_CONFIG instanceConfig;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;
    ULONG i;

    status = BenchReserve(BenchInstancesUsed + Count);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    for (i = 0; i < Count; i++) {
        WDFWMIINSTANCE instance;
        WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER(&instanceConfig, BenchDataProvider);
        instanceConfig.Register = RegisterNow;
        instanceConfig.EvtWmiInstanceQueryInstance = BenchQueryInstance;
        WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, BENCH_INSTANCE_CONTEXT);
        status = WdfWmiInstanceCreate(BenchDevice, &instanceConfig, &attributes, &instance);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        BenchInstanceContext(instance)->Index = BenchInstancesUsed;
        BenchInstances[BenchInstancesUsed++] = instance;
    }
    return STATUS_SUCCESS;
}

ULONG BenchInstanceCount(void)
{
    return BenchInstancesUsed;
}

WDFWMIINSTANCE BenchInstance(ULONG Index)
{
    return Index < BenchInstancesUsed ? BenchInstances[Index] : NULL;
}

NTSTATUS BenchRegisterAll(void)
{
    ULONG i;
    for (i = 0; i < BenchInstancesUsed; i++) {
        NTSTATUS status = WdfWmiInstanceRegister(BenchInstances[i]);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
    return STATUS_SUCCESS;
}

VOID BenchDeregisterAll(void)
{
    ULONG i;
    for (i = 0; i < BenchInstancesUsed; i++) {
        WdfWmiInstanceDeregister(BenchInstances[i]);
    }
}

VOID BenchDeleteAll(void)
{
    ULONG i;
    for (i = 0; i < BenchInstancesUsed; i++) {
        WdfObjectDelete(BenchInstances[i]);
    }
    BenchInstancesUsed = 0;
}

VOID BenchEvtTimer(WDFTIMER Timer)
{
    UNREFERENCED_PARAMETER(Timer);
    BenchLastTimerIrql = KeGetCurrentIrql();
    BenchDeregisterAll();
    BenchLastTimerCount = BenchInstancesUsed;
}

NTSTATUS BenchArmDeregisterTimer(LONGLONG DueTimeRelative100ns)
{
    BenchLastTimerCount = 0;
    BenchLastTimerIrql = 0xFF;
    WdfTimerStart(BenchTimer, -DueTimeRelative100ns);
    return STATUS_SUCCESS;
}

KIRQL BenchTimerIrql(void)
{
    return BenchLastTimerIrql;
}

ULONG BenchTimerDeregistered(void)
{
    return BenchLastTimerCount;
}

NTSTATUS BenchFireEvent(ULONG Size, PVOID Data)
{
    return WdfWmiInstanceFireEvent(BenchEventInstance, Size, Data);
}
