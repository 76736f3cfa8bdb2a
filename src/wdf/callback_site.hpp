// Verifier call sites of framework -> driver callbacks: which device a callback runs for.
#pragma once

#include "wdf/object.hpp"
#include "wdf/object_type.hpp"
#include "verifier/callback_rules.hpp"
#include "verifier/device_failures.hpp"

namespace kwmi::wdf {

// The WDFDEVICE an object belongs to (itself or its nearest device ancestor), or null.
inline const void *DeviceHandleOf(const Object *object) noexcept {
    for (const Object *o = object; o != nullptr; o = o->Parent()) {
        if (o->Type() == ObjectType::Device) return o->Handle();
    }
    return nullptr;
}

template <class Fn>
verifier::CallbackSite MakeCallbackSite(const char *name, Fn function, const Object *owner) noexcept {
    return verifier::CallbackSite{name, reinterpret_cast<const void *>(function), DeviceHandleOf(owner)};
}

}  // namespace kwmi::wdf
