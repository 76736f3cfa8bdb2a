/* ctx_unit_b.c - reads the context through the accessor (another translation unit). */
#include "ctx_types.h"

ULONG CtxUnitB_ReadMagic(WDFOBJECT Object)
{
    PSHARED_CONTEXT context = SharedGetContext(Object);
    return context == NULL ? 0 : context->Magic;
}

PCWDF_OBJECT_CONTEXT_TYPE_INFO CtxUnitB_TypeInfo(void) { return WDF_GET_CONTEXT_TYPE_INFO(SHARED_CONTEXT); }
