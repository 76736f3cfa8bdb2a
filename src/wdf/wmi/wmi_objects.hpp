// wmi_objects.hpp - the driver-visible framework objects WDFWMIPROVIDER and WDFWMIINSTANCE
// (spec §3.1-§3.4) over the core provider/instance, and the external-instance adapter that
// calls the driver's EvtWmiInstance* callbacks with KMDF's conventions (§5.11).
#pragma once

#include "wmi_provider.hpp"

#include "wdf/device.hpp"
#include "wdf/object.hpp"

#undef min
#undef max

namespace kwmi::wdf::wmi {

class WmiHandler;
class WmiProviderObject;
class WmiInstanceObject;

// Core provider of a driver-created WDFWMIPROVIDER (or the one an instance config creates).
class KmdfProvider final : public WmiProvider {
public:
    KmdfProvider(WmiHandler &handler, const WDF_WMI_PROVIDER_CONFIG &config, Device &device)
        : WmiProvider(handler, config), device_(device) {}
    Device &GetDevice() const { return device_; }
    void AttachObject(WmiProviderObject *object) { object_ = object; }
    WmiProviderObject *GetObject() const { return object_; }

    NTSTATUS FunctionControl(WDF_WMI_PROVIDER_CONTROL control, bool enable) override;
    void ReferenceForRequest() override;
    void ReleaseFromRequest() override;

private:
    Device &device_;
    WmiProviderObject *object_ = nullptr; // valid while the object lives
};

// Core of a driver's WDFWMIINSTANCE: the §5.11 adapter.
class KmdfExternalInstance final : public WmiInstance {
public:
    KmdfExternalInstance(std::shared_ptr<WmiProvider> provider, const WDF_WMI_INSTANCE_CONFIG &config,
                         ULONG contextLength)
        : WmiInstance(std::move(provider)),
          useContextForQuery_(config.UseContextForQuery != FALSE),
          query_(config.UseContextForQuery ? nullptr : config.EvtWmiInstanceQueryInstance),
          setInstance_(config.EvtWmiInstanceSetInstance),
          setItem_(config.EvtWmiInstanceSetItem),
          execute_(config.EvtWmiInstanceExecuteMethod),
          contextLength_(contextLength) {}

    void AttachObject(WmiInstanceObject *object, WDFWMIINSTANCE handle);
    WmiInstanceObject *GetObject() const { return object_; }

    bool SupportsQuery() const override { return useContextForQuery_ || query_ || execute_; }
    bool SupportsSetInstance() const override { return setInstance_ != nullptr; }
    bool SupportsSetItem() const override { return setItem_ != nullptr; }
    bool SupportsExecute() const override { return execute_ != nullptr; }

    NTSTATUS Query(ULONG outSize, void *out, ULONG *used) override;
    NTSTATUS SetInstance(ULONG inSize, void *in) override;
    NTSTATUS SetItem(ULONG itemId, ULONG inSize, void *in) override;
    NTSTATUS Execute(ULONG methodId, ULONG inSize, ULONG outSize, void *buffer, ULONG *used) override;
    void ReferenceForRequest() override;
    void ReleaseFromRequest() override;

private:
    NTSTATUS CopyContext(ULONG outSize, void *out, ULONG *used);

    const bool useContextForQuery_;
    const PFN_WDF_WMI_INSTANCE_QUERY_INSTANCE query_;
    const PFN_WDF_WMI_INSTANCE_SET_INSTANCE setInstance_;
    const PFN_WDF_WMI_INSTANCE_SET_ITEM setItem_;
    const PFN_WDF_WMI_INSTANCE_EXECUTE_METHOD execute_;
    const ULONG contextLength_; // what UseContextForQuery reports (§2.3 quirk included)
    WmiInstanceObject *object_ = nullptr;
    WDFWMIINSTANCE handle_ = nullptr;
};

class WmiProviderObject final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::WmiProvider;
    WmiProviderObject(DriverGlobals *globals, std::shared_ptr<KmdfProvider> core)
        : Object(kType, globals), core_(std::move(core)) {}
    const std::shared_ptr<KmdfProvider> &Core() const { return core_; }

protected:
    ~WmiProviderObject() override = default;
    bool CanDriverDelete() const noexcept override { return false; } // §2.2: no delete DDI
    void OnDispose() override;
    void OnDestroy() override;

private:
    std::shared_ptr<KmdfProvider> core_;
};

class WmiInstanceObject final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::WmiInstance;
    WmiInstanceObject(DriverGlobals *globals, std::shared_ptr<KmdfExternalInstance> core)
        : Object(kType, globals), core_(std::move(core)) {}
    const std::shared_ptr<KmdfExternalInstance> &Core() const { return core_; }

protected:
    ~WmiInstanceObject() override = default;
    void OnDispose() override;
    void OnDestroy() override;

private:
    std::shared_ptr<KmdfExternalInstance> core_;
};

} // namespace kwmi::wdf::wmi
