// The one checked handle lookup and the WDF_VIOLATION (0x10D) reports
// (kmdf-wmi-semantics.md §2.1). Every DDI resolves handles here; nothing dereferences a
// raw handle.
#pragma once

#include "wdf/object.hpp"

#include <wdf.h>

#include <string>

namespace kwmi::wdf {

class Object;
struct DriverGlobals;

// Raises bug check 0x10D with the given parameters through the kernel's bug-check path.
[[noreturn]] void RaiseWdfViolation(ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3, ULONG_PTR p4,
                                    const char *rule, const std::string &explanation);

// Resolves `handle` to a live object of `required` type (ObjectType::Object = any type).
// NULL, unknown, destroyed or wrong-type handles -> 0x10D, P1 0x5 INVALID_HANDLE, P2 handle,
// P3 required type, P4 caller's globals (NULL/unknown) or the object's globals (wrong type).
Object *ResolveHandle(WDFOBJECT handle, ObjectType required);

template <class T>
T *Resolve(WDFOBJECT handle) {
    return static_cast<T *>(ResolveHandle(handle, T::kType));
}

// Same lookup without bug check: null when the handle is not a live object of that type.
Object *TryResolveHandle(WDFOBJECT handle, ObjectType required = ObjectType::Object) noexcept;

// A required pointer parameter that is NULL -> 0x10D, P1 0x4, P2 0, P3 caller return
// address, P4 caller's globals.
void RequirePointer(const void *pointer, const char *parameterName, const char *ddi,
                    const void *returnAddress);

#define KWMI_WDF_REQUIRE_POINTER(ptr, ddi) \
    ::kwmi::wdf::RequirePointer((const void *)(ptr), #ptr, ddi, __builtin_return_address(0))

// Handle table internals (used by Object).
WDFOBJECT AllocateHandle(Object *object);
void ReleaseHandle(WDFOBJECT handle) noexcept;

}  // namespace kwmi::wdf
