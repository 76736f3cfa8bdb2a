// wmi_requests.cpp - routing of one IRP_MJ_SYSTEM_CONTROL request (spec §5.2): minor filter,
// ProviderId check, provider by GUID (hash map), instance by index (array), references held
// while the minor handler runs with the lock dropped.
#include "wmi_diagnostics.hpp"
#include "wmi_handler.hpp"
#include "wmi_minor_handlers.hpp"

namespace kwmi::wdf::wmi {
namespace {

WmiRequestResult Fail(NTSTATUS status, bool setInformation = false)
{
    WmiRequestResult r;
    r.handled = true;
    r.status = status;
    r.setInformation = setInformation;
    return r;
}

bool AddressesOneInstance(UCHAR minor)
{
    return minor == kMnQuerySingleInstance || minor == kMnChangeSingleInstance || minor == kMnChangeSingleItem ||
           minor == kMnExecuteMethod;
}

// Drops the request references when the handler returns (or a driver bug check unwinds).
class RequestRefs {
public:
    RequestRefs() = default;
    ~RequestRefs()
    {
        if (instance) {
            instance->ReleaseFromRequest();
        }
        if (provider) {
            provider->ReleaseFromRequest();
        }
    }
    RequestRefs(const RequestRefs &) = delete;
    RequestRefs &operator=(const RequestRefs &) = delete;
    std::shared_ptr<WmiProvider> provider;
    std::shared_ptr<WmiInstance> instance;
};

} // namespace

WmiRequestResult WmiHandler::HandleRequest(UCHAR minor, ULONG_PTR providerId, void *dataPath, ULONG bufferSize,
                                           void *buffer)
{
    if (minor > kMnExecuteMethod && minor != kMnRegInfoEx) {
        return {}; // not handled: forwarded / completed unchanged
    }
    if (providerId != site_->DeviceObjectId()) {
        return {};
    }
    if (minor == kMnRegInfo || minor == kMnRegInfoEx) {
        return BuildRegInfo(minor == kMnRegInfoEx, bufferSize, buffer);
    }
    if (dataPath == nullptr) {
        RecordWmiDiagnostic(WmiDiagnosticKind::MalformedRequest, "WMI request without a DataPath GUID");
        return Fail(kStatusInvalidParameter, true);
    }
    GUID guid;
    std::memcpy(&guid, dataPath, sizeof guid);
    UCHAR *wnode = static_cast<UCHAR *>(buffer);
    const bool single = AddressesOneInstance(minor);
    const ULONG fieldsRead = minor == kMnQuerySingleInstance || minor == kMnChangeSingleInstance
                                 ? wnode::kSingleInstanceSize
                                 : wnode::kItemFixedSize;

    RequestRefs refs;
    {
        std::lock_guard<std::mutex> guard(lock_);
        auto it = byGuid_.find(guid);
        if (it == byGuid_.end()) {
            return Fail(kStatusWmiGuidNotFound); // Information untouched, never forwarded
        }
        WmiProvider &provider = *it->second;
        if (single) {
            if (wnode == nullptr || bufferSize < fieldsRead) {
                RecordWmiDiagnostic(WmiDiagnosticKind::MalformedRequest,
                                    "WMI request buffer shorter than its WNODE's fixed fields");
                return Fail(kStatusInvalidParameter, true);
            }
            if ((ReadU32(wnode, wnode::kFlags) & kWnodeFlagStaticInstanceNames) == 0) {
                return Fail(kStatusWmiInstanceNotFound); // only index-addressed requests
            }
            WmiInstance *instance = provider.InstanceAtLocked(ReadU32(wnode, wnode::kSiInstanceIndex));
            if (!instance) {
                return Fail(kStatusWmiInstanceNotFound);
            }
            instance->ReferenceForRequest();
            refs.instance = instance->shared_from_this();
        } else if (wnode == nullptr) {
            return Fail(kStatusInvalidParameter, true);
        }
        provider.ReferenceForRequest();
        refs.provider = it->second;
    }

    switch (minor) {
    case kMnQueryAllData:
        return HandleQueryAllData(*this, *refs.provider, bufferSize, wnode);
    case kMnQuerySingleInstance:
        return HandleQuerySingleInstance(*this, *refs.instance, bufferSize, wnode);
    case kMnChangeSingleInstance:
        return HandleChangeSingleInstance(*refs.instance, bufferSize, wnode);
    case kMnChangeSingleItem:
        return HandleChangeSingleItem(*refs.instance, bufferSize, wnode);
    case kMnExecuteMethod:
        return HandleExecuteMethod(*this, *refs.instance, bufferSize, wnode);
    default:
        return HandleEnableDisable(*refs.provider, minor, bufferSize, wnode);
    }
}

} // namespace kwmi::wdf::wmi
