/* ctx_types.h - a context type declared in a header shared by two C translation units. */
#ifndef KWMI_TEST_CTX_TYPES_H
#define KWMI_TEST_CTX_TYPES_H

#include <ntddk.h>
#include <wdf.h>

typedef struct _SHARED_CONTEXT {
    ULONG Magic;
    ULONG Counter;
} SHARED_CONTEXT, *PSHARED_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(SHARED_CONTEXT, SharedGetContext)

#ifdef __cplusplus
extern "C" {
#endif
/* ctx_unit_a.c */
NTSTATUS CtxUnitA_CreateObject(WDFOBJECT *Object, ULONG Magic);
PCWDF_OBJECT_CONTEXT_TYPE_INFO CtxUnitA_TypeInfo(void);
/* ctx_unit_b.c */
ULONG CtxUnitB_ReadMagic(WDFOBJECT Object);
PCWDF_OBJECT_CONTEXT_TYPE_INFO CtxUnitB_TypeInfo(void);
#ifdef __cplusplus
}
#endif

#endif
