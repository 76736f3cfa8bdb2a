/*
 * wdftimer.h - WDFTIMER. Callbacks run at DISPATCH_LEVEL unless the timer's (inherited)
 * execution level is passive, in which case they run from a work item at PASSIVE_LEVEL.
 */
#ifndef KWMI_WDK_WDFTIMER_H
#define KWMI_WDK_WDFTIMER_H

#include <wdfobject.h>

WDF_EXTERN_C_START

#define TolerableDelayUnlimited ((ULONG)-1)

typedef VOID NTAPI EVT_WDF_TIMER(_In_ WDFTIMER Timer);
typedef EVT_WDF_TIMER *PFN_WDF_TIMER;

typedef struct _WDF_TIMER_CONFIG {
    ULONG Size;
    PFN_WDF_TIMER EvtTimerFunc;
    ULONG Period;  /* milliseconds; 0 = one-shot */
    BOOLEAN AutomaticSerialization;
    ULONG TolerableDelay;
    BOOLEAN UseHighResolutionTimer;
} WDF_TIMER_CONFIG, *PWDF_TIMER_CONFIG;
/* 32 bytes with this field list on LLP64 (the survey table says 40; its field list gives 32). */
C_ASSERT(sizeof(WDF_TIMER_CONFIG) == 32);
C_ASSERT(FIELD_OFFSET(WDF_TIMER_CONFIG, Period) == 16);
C_ASSERT(FIELD_OFFSET(WDF_TIMER_CONFIG, TolerableDelay) == 24);

FORCEINLINE VOID WDF_TIMER_CONFIG_INIT(_Out_ PWDF_TIMER_CONFIG Config, _In_ PFN_WDF_TIMER EvtTimerFunc)
{
    memset(Config, 0, sizeof(WDF_TIMER_CONFIG));
    Config->Size = sizeof(WDF_TIMER_CONFIG);
    Config->EvtTimerFunc = EvtTimerFunc;
    Config->Period = 0;
    Config->AutomaticSerialization = TRUE;
    Config->TolerableDelay = 0;
}

FORCEINLINE VOID WDF_TIMER_CONFIG_INIT_PERIODIC(_Out_ PWDF_TIMER_CONFIG Config, _In_ PFN_WDF_TIMER EvtTimerFunc,
                                                _In_ LONG Period)
{
    memset(Config, 0, sizeof(WDF_TIMER_CONFIG));
    Config->Size = sizeof(WDF_TIMER_CONFIG);
    Config->EvtTimerFunc = EvtTimerFunc;
    Config->Period = (ULONG)Period;
    Config->AutomaticSerialization = TRUE;
    Config->TolerableDelay = 0;
}

_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfTimerCreate(_In_ PWDF_TIMER_CONFIG Config,
                                                           _In_ PWDF_OBJECT_ATTRIBUTES Attributes,
                                                           _Out_ WDFTIMER *Timer);
WDFAPI BOOLEAN NTAPI WdfTimerStart(_In_ WDFTIMER Timer, _In_ LONGLONG DueTime);
/* Wait = TRUE (PASSIVE_LEVEL only) returns after a callback already running has finished: the
   DPC of a dispatch-level timer, the work item of a passive-level one. */
WDFAPI BOOLEAN NTAPI WdfTimerStop(_In_ WDFTIMER Timer, _In_ BOOLEAN Wait);
WDFAPI WDFOBJECT NTAPI WdfTimerGetParentObject(_In_ WDFTIMER Timer);

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFTIMER_H */
