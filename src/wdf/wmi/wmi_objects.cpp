// wmi_objects.cpp - WDFWMIPROVIDER / WDFWMIINSTANCE objects and the external-instance adapter
// (spec §3.4 lifecycles, §5.11 what drivers observe from their callbacks).
#include "wmi_objects.hpp"

#include "wmi_diagnostics.hpp"
#include "wmi_handler.hpp"

#include "wdf/globals.hpp"
#include "verifier/callback_rules.hpp"
#include "verifier/device_failures.hpp"
#include "verifier/verifier.hpp"

#include <string>
#include <typeinfo>

namespace kwmi::wdf::wmi {
namespace {

// What a request gets once its device's driver bug-checked (the host marked it failed).
constexpr NTSTATUS kStatusDriverInternalError = static_cast<NTSTATUS>(0xC0000183);

const void *DeviceHandleOf(WmiProvider &provider)
{
    // KmdfProvider is final: an exact type test is enough, and far cheaper per callback than a
    // dynamic_cast (this runs once per instance of a QUERY_ALL_DATA).
    if (typeid(provider) != typeid(KmdfProvider)) return nullptr;
    return static_cast<const void *>(static_cast<KmdfProvider &>(provider).GetDevice().Handle());
}

// Calls a driver callback through the verifier's callback boundary (callback_rules.hpp).
// `buffer`/`size` is the output buffer the driver writes, handed over with a guard tail
// (`copyIn` bytes of it are input). `call` receives the buffer to pass and returns how many
// bytes to copy back. False: the callback bug-checked or its device failed.
template <class Call>
bool CallDriver(const char *name, const void *function, Object *object, WmiProvider &provider, void *buffer, ULONG size,
                ULONG copyIn, Call &&call)
{
    const verifier::CallbackSite site{name, function, DeviceHandleOf(provider)};
    if (verifier::IsDeviceFailed(site.device)) {
        return false;
    }
    DriverCallScope scope(object ? object->Globals() : nullptr, name);
    const bool guard = buffer != nullptr && size != 0 && verifier::GetSettings().guardOutputBuffers;
    if (!guard) {
        return verifier::RunDriverCallback(site, verifier::Boundary::Catch, [&] { (void)call(buffer); });
    }
    verifier::GuardedBuffer guarded(buffer, size, copyIn);
    ULONG written = 0;
    const bool ok = verifier::RunDriverCallback(site, verifier::Boundary::Catch, [&] {
        written = call(guarded.Data());
        guarded.CheckOverrun(site);
    });
    if (ok) {
        guarded.CopyBack(written);
    }
    return ok;
}

std::string Describe(const char *callback, const void *function)
{
    return std::string(callback) + " (" + nt::SymbolizeAddress(function) + ")";
}

// §5.11: STATUS_PENDING from a WMI callback is never propagated.
template <class Fn>
NTSTATUS PendingResult(const char *callback, Fn function)
{
    const void *site = reinterpret_cast<const void *>(function);
    RecordWmiDiagnostic(WmiDiagnosticKind::VerifierBreak,
                        Describe(callback, site) +
                            " returned STATUS_PENDING; WMI callbacks complete synchronously, the request fails "
                            "with STATUS_UNSUCCESSFUL",
                        "CallbackPending", site);
    return kStatusUnsuccessful;
}

} // namespace

// ---- provider ----

NTSTATUS KmdfProvider::FunctionControl(WDF_WMI_PROVIDER_CONTROL control, bool enable)
{
    NTSTATUS status = kStatusSuccess;
    // The callback's address is private to the core provider: the report names the callback.
    if (!CallDriver("EvtWmiProviderFunctionControl", nullptr, object_, *this, nullptr, 0, 0, [&](void *) {
            status = WmiProvider::FunctionControl(control, enable);
            return ULONG{0};
        })) {
        return kStatusDriverInternalError;
    }
    return status;
}

void KmdfProvider::ReferenceForRequest()
{
    if (object_) {
        object_->AddRef(this);
    }
}

void KmdfProvider::ReleaseFromRequest()
{
    if (object_) {
        object_->Release(this);
    }
}

void WmiProviderObject::OnDispose()
{
    // Instances (children) are already disposed; leave the device's provider list.
    core_->Handler().RemoveProvider(*core_);
}

void WmiProviderObject::OnDestroy() { core_->AttachObject(nullptr); }

// ---- instance ----

void KmdfExternalInstance::AttachObject(WmiInstanceObject *object, WDFWMIINSTANCE handle)
{
    object_ = object;
    handle_ = handle;
}

void KmdfExternalInstance::ReferenceForRequest()
{
    if (object_) {
        object_->AddRef(this);
    }
}

void KmdfExternalInstance::ReleaseFromRequest()
{
    if (object_) {
        object_->Release(this);
    }
}

NTSTATUS KmdfExternalInstance::CopyContext(ULONG outSize, void *out, ULONG *used)
{
    *used = contextLength_;
    if (outSize < contextLength_) {
        return kStatusBufferTooSmall;
    }
    if (contextLength_ == 0) {
        return kStatusSuccess;
    }
    const void *context = object_ ? object_->FirstContext() : nullptr;
    const size_t real = object_ ? object_->FirstContextSize() : 0;
    const size_t copy = context ? (real < contextLength_ ? real : contextLength_) : 0;
    if (copy != 0) {
        std::memcpy(out, context, copy);
    }
    if (copy < contextLength_) {
        // KMDF would read past the context here (ContextSizeOverride quirk, §2.3).
        std::memset(static_cast<UCHAR *>(out) + copy, 0, contextLength_ - copy);
        RecordWmiDiagnostic(WmiDiagnosticKind::ContextSizeOverrideRead,
                            "UseContextForQuery reports " + std::to_string(contextLength_) +
                                " bytes but the context holds " + std::to_string(real) +
                                "; the excess is zero-filled (KMDF over-reads)");
    }
    return kStatusSuccess;
}

NTSTATUS KmdfExternalInstance::Query(ULONG outSize, void *out, ULONG *used)
{
    *used = 0;
    if (useContextForQuery_) {
        return CopyContext(outSize, out, used);
    }
    if (!query_) {
        return kStatusSuccess; // execute-only instance: success, 0 bytes
    }
    UCHAR scratch = 0;
    const bool scratched = outSize == 0 && CurrentWmiSettings().queryScratchBuffer;
    if (scratched) {
        outSize = 1; // drivers never see OutBufferSize 0 (§5.11)
        out = &scratch;
    }
    ULONG reported = 0;
    NTSTATUS status = kStatusUnsuccessful;
    // A query's buffer is output only: nothing is copied in, the bytes reported used go back.
    if (!CallDriver("EvtWmiInstanceQueryInstance", reinterpret_cast<const void *>(query_), object_, Provider(), out,
                    outSize, 0, [&](void *buffer) {
                        status = query_(handle_, outSize, buffer, &reported);
                        return NT_SUCCESS(status) ? reported : ULONG{0};
                    })) {
        return kStatusDriverInternalError;
    }
    const void *site = reinterpret_cast<const void *>(query_);
    if (status == kStatusPending) {
        RecordWmiDiagnostic(WmiDiagnosticKind::VerifierBreak,
                            Describe("EvtWmiInstanceQueryInstance", site) +
                                " returned STATUS_PENDING; WMI callbacks complete synchronously, the request "
                                "fails with STATUS_UNSUCCESSFUL",
                            "CallbackPending", site);
        return kStatusUnsuccessful;
    }
    if (NT_SUCCESS(status) && reported > outSize) {
        RecordWmiDiagnostic(WmiDiagnosticKind::VerifierBreak,
                            Describe("EvtWmiInstanceQueryInstance", site) + " reported BufferUsed " +
                                std::to_string(reported) + " > OutBufferSize " + std::to_string(outSize) +
                                " with a success status; the request fails with STATUS_UNSUCCESSFUL (report "
                                "the size with STATUS_BUFFER_TOO_SMALL instead)",
                            "CallbackBufferUsed", site);
        return kStatusUnsuccessful;
    }
    if (status == kStatusBufferTooSmall && Provider().MinInstanceBufferSize() != 0) {
        RecordWmiDiagnostic(WmiDiagnosticKind::VerifierBreak,
                            "EvtWmiInstanceQueryInstance returned STATUS_BUFFER_TOO_SMALL although the "
                            "provider has a MinInstanceBufferSize");
    }
    if (scratched && NT_SUCCESS(status) && reported != 0) {
        status = kStatusBufferTooSmall; // data did not fit in the scratch byte
    }
    *used = reported;
    return status;
}

NTSTATUS KmdfExternalInstance::SetInstance(ULONG inSize, void *in)
{
    NTSTATUS status = kStatusUnsuccessful;
    if (!CallDriver("EvtWmiInstanceSetInstance", reinterpret_cast<const void *>(setInstance_), object_, Provider(),
                    nullptr, 0, 0, [&](void *) {
                        status = setInstance_(handle_, inSize, in);
                        return ULONG{0};
                    })) {
        return kStatusDriverInternalError;
    }
    return status == kStatusPending ? PendingResult("EvtWmiInstanceSetInstance", setInstance_) : status;
}

NTSTATUS KmdfExternalInstance::SetItem(ULONG itemId, ULONG inSize, void *in)
{
    NTSTATUS status = kStatusUnsuccessful;
    if (!CallDriver("EvtWmiInstanceSetItem", reinterpret_cast<const void *>(setItem_), object_, Provider(), nullptr,
                    0, 0, [&](void *) {
                        status = setItem_(handle_, itemId, inSize, in);
                        return ULONG{0};
                    })) {
        return kStatusDriverInternalError;
    }
    return status == kStatusPending ? PendingResult("EvtWmiInstanceSetItem", setItem_) : status;
}

NTSTATUS KmdfExternalInstance::Execute(ULONG methodId, ULONG inSize, ULONG outSize, void *buffer, ULONG *used)
{
    *used = 0;
    ULONG reported = 0;
    NTSTATUS status = kStatusUnsuccessful;
    // The method buffer is in/out: max(InBufferSize, OutBufferSize) bytes (§5.8).
    const ULONG size = inSize > outSize ? inSize : outSize;
    // In/out: the input is copied in, the bytes reported used go back.
    if (!CallDriver("EvtWmiInstanceExecuteMethod", reinterpret_cast<const void *>(execute_), object_, Provider(), buffer,
                    size, inSize, [&](void *data) {
                        status = execute_(handle_, methodId, inSize, outSize, data, &reported);
                        return NT_SUCCESS(status) ? reported : ULONG{0};
                    })) {
        return kStatusDriverInternalError;
    }
    if (status == kStatusPending) {
        return PendingResult("EvtWmiInstanceExecuteMethod", execute_);
    }
    *used = reported;
    return status;
}

void WmiInstanceObject::OnDispose()
{
    // Same effect as WdfWmiInstanceDeregister, including a possible UPDATE_GUIDS (§3.4).
    core_->Provider().Handler().RemoveInstance(*core_);
}

void WmiInstanceObject::OnDestroy() { core_->AttachObject(nullptr, nullptr); }

} // namespace kwmi::wdf::wmi
