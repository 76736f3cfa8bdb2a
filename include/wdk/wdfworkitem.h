/*
 * wdfworkitem.h - WDFWORKITEM: callbacks run at PASSIVE_LEVEL on a system worker thread.
 */
#ifndef KWMI_WDK_WDFWORKITEM_H
#define KWMI_WDK_WDFWORKITEM_H

#include <wdfobject.h>

WDF_EXTERN_C_START

typedef VOID NTAPI EVT_WDF_WORKITEM(_In_ WDFWORKITEM WorkItem);
typedef EVT_WDF_WORKITEM *PFN_WDF_WORKITEM;

typedef struct _WDF_WORKITEM_CONFIG {
    ULONG Size;
    PFN_WDF_WORKITEM EvtWorkItemFunc;
    BOOLEAN AutomaticSerialization;
} WDF_WORKITEM_CONFIG, *PWDF_WORKITEM_CONFIG;
C_ASSERT(sizeof(WDF_WORKITEM_CONFIG) == 24);

FORCEINLINE VOID WDF_WORKITEM_CONFIG_INIT(_Out_ PWDF_WORKITEM_CONFIG Config, _In_ PFN_WDF_WORKITEM EvtWorkItemFunc)
{
    memset(Config, 0, sizeof(WDF_WORKITEM_CONFIG));
    Config->Size = sizeof(WDF_WORKITEM_CONFIG);
    Config->EvtWorkItemFunc = EvtWorkItemFunc;
    Config->AutomaticSerialization = TRUE;
}

_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfWorkItemCreate(_In_ PWDF_WORKITEM_CONFIG Config,
                                                              _In_ PWDF_OBJECT_ATTRIBUTES Attributes,
                                                              _Out_ WDFWORKITEM *WorkItem);
WDFAPI VOID NTAPI WdfWorkItemEnqueue(_In_ WDFWORKITEM WorkItem);
WDFAPI WDFOBJECT NTAPI WdfWorkItemGetParentObject(_In_ WDFWORKITEM WorkItem);
WDFAPI VOID NTAPI WdfWorkItemFlush(_In_ WDFWORKITEM WorkItem);

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFWORKITEM_H */
