/*
 * wdfmemory.h - WDFMEMORY: a buffer object (framework-allocated or a request's buffer).
 */
#ifndef KWMI_WDK_WDFMEMORY_H
#define KWMI_WDK_WDFMEMORY_H

#include <wdfobject.h>

WDF_EXTERN_C_START

_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfMemoryCreate(_In_opt_ PWDF_OBJECT_ATTRIBUTES Attributes,
                                                            _In_ POOL_TYPE PoolType, _In_opt_ ULONG PoolTag,
                                                            _In_ size_t BufferSize, _Out_ WDFMEMORY *Memory,
                                                            _Outptr_opt_ PVOID *Buffer);
WDFAPI PVOID NTAPI WdfMemoryGetBuffer(_In_ WDFMEMORY Memory, _Out_opt_ size_t *BufferSize);

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFMEMORY_H */
