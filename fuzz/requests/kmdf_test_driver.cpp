// kmdf_test_driver.cpp - see kmdf_test_driver.hpp.
#include "kmdf_test_driver.hpp"

#include <wdf.h>

#include <cstring>
#include <map>

#undef min
#undef max

namespace kwmi::fuzz {
namespace {

// Instance context returned as-is by UseContextForQuery instances.
struct FuzzInstanceContext {
    UCHAR bytes[24];
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FuzzInstanceContext, GetFuzzInstanceContext)

using Bytes = std::vector<std::uint8_t>;

// Instance shapes: which callbacks an instance has, and its initial data size.
struct InstanceShape {
    bool query, set, setItem, execute, useContext;
    ULONG size;
};
constexpr InstanceShape kShapes[] = {
    {true, false, false, false, false, 4},    // query only
    {true, true, true, true, false, 13},      // every callback, odd size
    {false, false, false, false, false, 0},   // no callback at all
    {false, false, false, true, true, 24},    // context for query + method
    {false, false, false, true, false, 0},    // method only
    {true, true, false, false, false, 100},   // query + set instance
};
constexpr ULONG kMinSizes[] = {0, 24};
constexpr ULONG kItemCount = 4;  // set item: ids 0..3, 4 bytes each

struct InstanceState {
    Bytes initial;
    Bytes data;
};
std::map<WDFWMIINSTANCE, InstanceState> gInstances;

GUID ProviderGuid(ULONG flags, ULONG minSizeIndex) {
    return GUID{0x6B776D69, static_cast<USHORT>(0xF000 | flags), static_cast<USHORT>(minSizeIndex),
                {0x8a, 0x11, 0x4b, 0x57, 0x4d, 0x49, 0x46, 0x5a}};
}

InstanceState* StateOf(WDFWMIINSTANCE instance) {
    auto found = gInstances.find(instance);
    return found == gInstances.end() ? nullptr : &found->second;
}

NTSTATUS NTAPI QueryInstance(WDFWMIINSTANCE instance, ULONG outSize, PVOID out, PULONG used) {
    InstanceState* state = StateOf(instance);
    if (state == nullptr) return STATUS_WMI_INSTANCE_NOT_FOUND;
    *used = static_cast<ULONG>(state->data.size());
    if (outSize < state->data.size()) return STATUS_BUFFER_TOO_SMALL;
    if (!state->data.empty()) std::memcpy(out, state->data.data(), state->data.size());
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI SetInstance(WDFWMIINSTANCE instance, ULONG inSize, PVOID in) {
    InstanceState* state = StateOf(instance);
    if (state == nullptr) return STATUS_WMI_INSTANCE_NOT_FOUND;
    if (inSize > 512) return STATUS_WMI_SET_FAILURE;
    const auto* bytes = static_cast<const std::uint8_t*>(in);
    state->data.assign(bytes, bytes + (in == nullptr ? 0 : inSize));
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI SetItem(WDFWMIINSTANCE instance, ULONG itemId, ULONG inSize, PVOID in) {
    InstanceState* state = StateOf(instance);
    if (state == nullptr) return STATUS_WMI_INSTANCE_NOT_FOUND;
    if (itemId >= kItemCount) return STATUS_WMI_ITEMID_NOT_FOUND;
    if (inSize != 4 || in == nullptr) return STATUS_WMI_SET_FAILURE;
    if (state->data.size() < (itemId + 1) * 4) state->data.resize((itemId + 1) * 4);
    std::memcpy(state->data.data() + itemId * 4, in, 4);
    return STATUS_SUCCESS;
}

// Method 1 echoes its input, 2 returns the instance data, 3 returns nothing.
NTSTATUS NTAPI ExecuteMethod(WDFWMIINSTANCE instance, ULONG methodId, ULONG inSize, ULONG outSize,
                             PVOID buffer, PULONG used) {
    InstanceState* state = StateOf(instance);
    *used = 0;
    if (state == nullptr) return STATUS_WMI_INSTANCE_NOT_FOUND;
    switch (methodId) {
    case 1:
        *used = inSize;
        return outSize < inSize ? STATUS_BUFFER_TOO_SMALL : STATUS_SUCCESS;  // in place
    case 2:
        *used = static_cast<ULONG>(state->data.size());
        if (outSize < state->data.size()) return STATUS_BUFFER_TOO_SMALL;
        if (!state->data.empty()) std::memcpy(buffer, state->data.data(), state->data.size());
        return STATUS_SUCCESS;
    case 3:
        return STATUS_SUCCESS;
    default:
        return STATUS_WMI_ITEMID_NOT_FOUND;
    }
}

NTSTATUS NTAPI FunctionControl(WDFWMIPROVIDER, WDF_WMI_PROVIDER_CONTROL, BOOLEAN) { return STATUS_SUCCESS; }

void CreateInstances(WDFDEVICE device, WDFWMIPROVIDER provider) {
    for (const InstanceShape& shape : kShapes) {
        WDF_WMI_INSTANCE_CONFIG config;
        WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER(&config, provider);
        config.Register = TRUE;
        config.UseContextForQuery = shape.useContext ? TRUE : FALSE;
        if (shape.query) config.EvtWmiInstanceQueryInstance = &QueryInstance;
        if (shape.set) config.EvtWmiInstanceSetInstance = &SetInstance;
        if (shape.setItem) config.EvtWmiInstanceSetItem = &SetItem;
        if (shape.execute) config.EvtWmiInstanceExecuteMethod = &ExecuteMethod;
        WDF_OBJECT_ATTRIBUTES attributes;
        WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FuzzInstanceContext);
        WDFWMIINSTANCE instance = nullptr;
        // Invalid shapes for the provider (callbacks on EventOnly, instances of Tracing)
        // fail here with a status; that path is part of what is exercised.
        if (!NT_SUCCESS(WdfWmiInstanceCreate(device, &config, &attributes, &instance))) continue;
        std::memset(GetFuzzInstanceContext(instance)->bytes, 0xC7, sizeof(FuzzInstanceContext::bytes));
        InstanceState state;
        for (ULONG i = 0; i < shape.size; ++i) state.initial.push_back(static_cast<std::uint8_t>(0x40 + i));
        state.data = state.initial;
        gInstances[instance] = std::move(state);
    }
}

NTSTATUS NTAPI DeviceAdd(WDFDRIVER, PWDFDEVICE_INIT init) {
    WDFDEVICE device = nullptr;
    NTSTATUS status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) return status;
    for (ULONG flags = 0; flags <= WdfWmiProviderValidFlags; ++flags) {
        for (ULONG m = 0; m < sizeof(kMinSizes) / sizeof(kMinSizes[0]); ++m) {
            const GUID guid = ProviderGuid(flags, m);
            WDF_WMI_PROVIDER_CONFIG config;
            WDF_WMI_PROVIDER_CONFIG_INIT(&config, &guid);
            config.Flags = flags;
            config.MinInstanceBufferSize = kMinSizes[m];
            if (flags & (WdfWmiProviderExpensive | WdfWmiProviderTracing))
                config.EvtWmiProviderFunctionControl = &FunctionControl;
            WDFWMIPROVIDER provider = nullptr;
            if (!NT_SUCCESS(WdfWmiProviderCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, &provider))) continue;
            CreateInstances(device, provider);
        }
    }
    return STATUS_SUCCESS;
}

}  // namespace

std::int32_t KmdfTestDriverEntry(_DRIVER_OBJECT* driverObject, _UNICODE_STRING* registryPath) {
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, &DeviceAdd);
    return WdfDriverCreate(driverObject, registryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

std::vector<GUID> KmdfTestGuids() {
    std::vector<GUID> guids;
    for (ULONG flags = 0; flags <= WdfWmiProviderValidFlags; ++flags)
        for (ULONG m = 0; m < sizeof(kMinSizes) / sizeof(kMinSizes[0]); ++m) guids.push_back(ProviderGuid(flags, m));
    return guids;
}

void KmdfTestResetData() {
    for (auto& [instance, state] : gInstances) state.data = state.initial;
}

}  // namespace kwmi::fuzz
