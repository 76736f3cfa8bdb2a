// Generic object DDIs (wdfobject.h).
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"
#include "wdf/object.hpp"
#include "wdf/parent.hpp"
#include "verifier/verifier.hpp"

#include <cstdio>

using namespace kwmi::wdf;

namespace {

// WdfObjectCreate's object: nothing but a handle, a context and a place in the tree.
class UserObject final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::UserObject;
    explicit UserObject(DriverGlobals *globals) : Object(kType, globals) {}
};

}  // namespace

extern "C" {

PVOID WdfObjectGetTypedContextWorker(WDFOBJECT Handle, PCWDF_OBJECT_CONTEXT_TYPE_INFO TypeInfo) {
    KWMI_DDI_ENTRY(WdfObjectGetTypedContextWorker);
    Object *object = ResolveHandle(Handle, ObjectType::Object);
    KWMI_WDF_REQUIRE_POINTER(TypeInfo, "WdfObjectGetTypedContextWorker");
    return object->Context(TypeInfo);
}

NTSTATUS WdfObjectAllocateContext(WDFOBJECT Handle, PWDF_OBJECT_ATTRIBUTES ContextAttributes, PVOID *Context) {
    KWMI_DDI_ENTRY(WdfObjectAllocateContext);
    Object *object = ResolveHandle(Handle, ObjectType::Object);
    KWMI_WDF_REQUIRE_POINTER(ContextAttributes, "WdfObjectAllocateContext");
    AttributeRules rules;
    rules.parentAllowed = false;
    NTSTATUS status = ValidateObjectAttributes(ContextAttributes, rules);
    if (!NT_SUCCESS(status)) return status;
    if (ContextAttributes->ContextTypeInfo == nullptr) return STATUS_OBJECT_NAME_INVALID;
    if (object->IsDeleting()) return STATUS_DELETE_PENDING;
    return object->AllocateContext(ContextAttributes, Context);
}

WDFOBJECT WdfObjectContextGetObject(PVOID ContextPointer) {
    KWMI_DDI_ENTRY(WdfObjectContextGetObject);
    KWMI_WDF_REQUIRE_POINTER(ContextPointer, "WdfObjectContextGetObject");
    Object *object = Object::FromContext(ContextPointer);
    if (object == nullptr) {
        RaiseWdfViolation(WDF_OBJECT_ERROR, reinterpret_cast<ULONG_PTR>(ContextPointer), 0,
                          reinterpret_cast<ULONG_PTR>(CallerGlobals()), "OBJECT_ERROR",
                          "WdfObjectContextGetObject: the pointer is not a WDF object context.");
    }
    return object->Handle();
}

VOID WdfObjectReferenceActual(WDFOBJECT Handle, PVOID Tag, LONG, PCCH) {
    KWMI_DDI_ENTRY(WdfObjectReferenceActual);
    ResolveHandle(Handle, ObjectType::Object)->AddRef(Tag);
}

VOID WdfObjectDereferenceActual(WDFOBJECT Handle, PVOID Tag, LONG, PCCH) {
    KWMI_DDI_ENTRY(WdfObjectDereferenceActual);
    Object *object = ResolveHandle(Handle, ObjectType::Object);
    if (object->ReferenceCount() <= 1 && !object->IsDeleting()) {
        // Dropping the creation reference without WdfObjectDelete: KMDF reports an object error.
        RaiseWdfViolation(WDF_OBJECT_ERROR, reinterpret_cast<ULONG_PTR>(Handle), 0,
                          reinterpret_cast<ULONG_PTR>(object->Globals()), "OBJECT_ERROR",
                          "WdfObjectDereference would release the creation reference of a live object.");
    }
    object->Release(Tag);
}

NTSTATUS WdfObjectCreate(PWDF_OBJECT_ATTRIBUTES Attributes, WDFOBJECT *Object) {
    KWMI_DDI_ENTRY(WdfObjectCreate);
    KWMI_WDF_REQUIRE_POINTER(Object, "WdfObjectCreate");
    *Object = nullptr;
    NTSTATUS status = ValidateObjectAttributes(Attributes);
    if (!NT_SUCCESS(status)) return status;
    DriverGlobals *globals = CallerGlobals();
    kwmi::wdf::Object *parent = ResolveParentOrDriver(Attributes, globals);
    auto *object = new UserObject(globals);
    status = object->Initialize(Attributes);
    if (NT_SUCCESS(status)) status = object->Commit(parent, Object);
    if (!NT_SUCCESS(status)) object->DeleteFromFailedCreate();
    return status;
}

VOID WdfObjectDelete(WDFOBJECT Object) {
    KWMI_DDI_ENTRY(WdfObjectDelete);
    kwmi::wdf::Object *object = ResolveHandle(Object, ObjectType::Object);
    if (!object->Delete(true)) {
        // KMDF: a verifier break and a trace; the object is left alone.
        std::fprintf(stderr, "kwmi: WdfObjectDelete: a %s cannot be deleted by the driver; ignored\n",
                     ObjectTypeName(object->Type()));
    }
}

}  // extern "C"
