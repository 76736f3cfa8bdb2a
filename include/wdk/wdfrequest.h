/*
 * wdfrequest.h - WDFREQUEST: completion and buffer retrieval for the minimal I/O surface.
 * The Retrieve*Buffer DDIs are also function-like macros that cast the out-pointer to
 * PVOID *, so drivers passing a `T **` compile (wdk-api-surface.md §4.1 #5).
 */
#ifndef KWMI_WDK_WDFREQUEST_H
#define KWMI_WDK_WDFREQUEST_H

#include <wdfobject.h>

WDF_EXTERN_C_START

WDFAPI VOID NTAPI WdfRequestComplete(_In_ WDFREQUEST Request, _In_ NTSTATUS Status);
WDFAPI VOID NTAPI WdfRequestCompleteWithInformation(_In_ WDFREQUEST Request, _In_ NTSTATUS Status,
                                                    _In_ ULONG_PTR Information);
WDFAPI VOID NTAPI WdfRequestSetInformation(_In_ WDFREQUEST Request, _In_ ULONG_PTR Information);
WDFAPI ULONG_PTR NTAPI WdfRequestGetInformation(_In_ WDFREQUEST Request);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfRequestRetrieveInputBuffer(_In_ WDFREQUEST Request,
                                                                          _In_ size_t MinimumRequiredLength,
                                                                          _Outptr_ PVOID *Buffer,
                                                                          _Out_opt_ size_t *Length);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfRequestRetrieveOutputBuffer(_In_ WDFREQUEST Request,
                                                                           _In_ size_t MinimumRequiredSize,
                                                                           _Outptr_ PVOID *Buffer,
                                                                           _Out_opt_ size_t *Length);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfRequestRetrieveInputMemory(_In_ WDFREQUEST Request,
                                                                          _Out_ WDFMEMORY *Memory);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfRequestRetrieveOutputMemory(_In_ WDFREQUEST Request,
                                                                           _Out_ WDFMEMORY *Memory);

#define WdfRequestRetrieveInputBuffer(Request, MinimumRequiredLength, Buffer, Length) \
    WdfRequestRetrieveInputBuffer((Request), (MinimumRequiredLength), (PVOID *)(Buffer), (Length))
#define WdfRequestRetrieveOutputBuffer(Request, MinimumRequiredSize, Buffer, Length) \
    WdfRequestRetrieveOutputBuffer((Request), (MinimumRequiredSize), (PVOID *)(Buffer), (Length))

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFREQUEST_H */
