/* ctx_unit_a.c - sets the context type at creation (one translation unit). */
#include "ctx_types.h"

NTSTATUS CtxUnitA_CreateObject(WDFOBJECT *Object, ULONG Magic)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, SHARED_CONTEXT);
    status = WdfObjectCreate(&attributes, Object);
    if (NT_SUCCESS(status)) {
        SharedGetContext(*Object)->Magic = Magic;
    }
    return status;
}

PCWDF_OBJECT_CONTEXT_TYPE_INFO CtxUnitA_TypeInfo(void) { return WDF_GET_CONTEXT_TYPE_INFO(SHARED_CONTEXT); }
