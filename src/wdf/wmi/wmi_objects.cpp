// wmi_objects.cpp - WDFWMIPROVIDER / WDFWMIINSTANCE objects and the external-instance adapter
// (spec §3.4 lifecycles, §5.11 what drivers observe from their callbacks).
#include "wmi_objects.hpp"

#include "wmi_diagnostics.hpp"
#include "wmi_handler.hpp"

#include "wdf/globals.hpp"

#include <string>

namespace kwmi::wdf::wmi {

// ---- provider ----

NTSTATUS KmdfProvider::FunctionControl(WDF_WMI_PROVIDER_CONTROL control, bool enable)
{
    DriverCallScope scope(object_ ? object_->Globals() : nullptr);
    return WmiProvider::FunctionControl(control, enable);
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
    NTSTATUS status;
    {
        DriverCallScope scope(object_ ? object_->Globals() : nullptr);
        status = query_(handle_, outSize, out, &reported);
    }
    if (status == kStatusPending) {
        RecordWmiDiagnostic(WmiDiagnosticKind::VerifierBreak,
                            "EvtWmiInstanceQueryInstance returned STATUS_PENDING");
        return kStatusUnsuccessful;
    }
    if (NT_SUCCESS(status) && reported > outSize) {
        RecordWmiDiagnostic(WmiDiagnosticKind::VerifierBreak,
                            "EvtWmiInstanceQueryInstance reported BufferUsed " + std::to_string(reported) +
                                " > OutBufferSize " + std::to_string(outSize));
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
    NTSTATUS status;
    {
        DriverCallScope scope(object_ ? object_->Globals() : nullptr);
        status = setInstance_(handle_, inSize, in);
    }
    return status == kStatusPending ? kStatusUnsuccessful : status;
}

NTSTATUS KmdfExternalInstance::SetItem(ULONG itemId, ULONG inSize, void *in)
{
    NTSTATUS status;
    {
        DriverCallScope scope(object_ ? object_->Globals() : nullptr);
        status = setItem_(handle_, itemId, inSize, in);
    }
    return status == kStatusPending ? kStatusUnsuccessful : status;
}

NTSTATUS KmdfExternalInstance::Execute(ULONG methodId, ULONG inSize, ULONG outSize, void *buffer, ULONG *used)
{
    *used = 0;
    ULONG reported = 0;
    NTSTATUS status;
    {
        DriverCallScope scope(object_ ? object_->Globals() : nullptr);
        status = execute_(handle_, methodId, inSize, outSize, buffer, &reported);
    }
    if (status == kStatusPending) {
        return kStatusUnsuccessful;
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
