// DPC and timer DDIs over the kernel's queues. DPCs run at DISPATCH_LEVEL (DPC thread or
// RunUntilIdle); timers fire in due-time order and queue their DPC.
#include <kwmi/bugcheck.hpp>
#include <kwmi/kernel.hpp>

#include "dispatcher.hpp"
#include "kernel_impl.hpp"
#include "thread_state.hpp"

using kwmi::nt::RequireKernel;

extern "C" {

VOID KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext) {
    Dpc->TargetInfoAsUlong = 0;
    Dpc->Type = 19;  // DpcObject
    Dpc->Importance = MediumImportance;
    Dpc->DpcListEntry.Next = nullptr;
    Dpc->ProcessorHistory = 0;
    Dpc->DeferredRoutine = DeferredRoutine;
    Dpc->DeferredContext = DeferredContext;
    Dpc->SystemArgument1 = nullptr;
    Dpc->SystemArgument2 = nullptr;
    Dpc->DpcData = nullptr;
}

VOID KeInitializeThreadedDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext) {
    KeInitializeDpc(Dpc, DeferredRoutine, DeferredContext);
    Dpc->Type = 24;  // ThreadedDpcObject; runs like a normal DPC here
}

BOOLEAN KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2) {
    return RequireKernel("KeInsertQueueDpc").queues.InsertDpc(Dpc, SystemArgument1, SystemArgument2);
}

BOOLEAN KeRemoveQueueDpc(PRKDPC Dpc) { return RequireKernel("KeRemoveQueueDpc").queues.RemoveDpc(Dpc); }

// PASSIVE_LEVEL only: from a DPC it would wait for the DPC that is running it.
VOID KeFlushQueuedDpcs(VOID) {
    auto& k = RequireKernel("KeFlushQueuedDpcs");
    kwmi::nt::detail::RequireIrqlAtMost("KeFlushQueuedDpcs", PASSIVE_LEVEL, __builtin_return_address(0));
    k.scheduler->FlushDpcs();
}

VOID KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance) { Dpc->Importance = static_cast<UCHAR>(Importance); }

VOID KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number) { Dpc->Number = static_cast<USHORT>(Number); }

VOID KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type) {
    Timer->Header.Lock = 0;
    Timer->Header.Type = Type == NotificationTimer ? KWMI_KOBJECT_TIMER_NOTIFICATION : KWMI_KOBJECT_TIMER_SYNCHRONIZATION;
    Timer->Header.Size = sizeof(KTIMER) / sizeof(LONG);
    Timer->Header.SignalState = 0;
    Timer->Header.WaitListHead.Flink = &Timer->Header.WaitListHead;
    Timer->Header.WaitListHead.Blink = &Timer->Header.WaitListHead;
    Timer->DueTime.QuadPart = 0;
    Timer->TimerListEntry.Flink = Timer->TimerListEntry.Blink = &Timer->TimerListEntry;
    Timer->Dpc = nullptr;
    Timer->Processor = 0;
    Timer->Period = 0;
}

VOID KeInitializeTimer(PKTIMER Timer) { KeInitializeTimerEx(Timer, NotificationTimer); }

BOOLEAN KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc) {
    auto& k = RequireKernel("KeSetTimerEx");
    // Negative: relative to now; otherwise an absolute system time.
    const std::int64_t due = DueTime.QuadPart < 0 ? k.clock.Now() - DueTime.QuadPart
                                                  : DueTime.QuadPart - k.clock.bootSystemTime();
    return k.queues.SetTimer(Timer, due, Period < 0 ? 0 : Period, Dpc);
}

BOOLEAN KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc) { return KeSetTimerEx(Timer, DueTime, 0, Dpc); }

BOOLEAN KeCancelTimer(PKTIMER Timer) { return RequireKernel("KeCancelTimer").queues.CancelTimer(Timer); }

BOOLEAN KeReadStateTimer(PKTIMER Timer) {
    std::lock_guard lock(kwmi::nt::detail::DispatcherMutex());
    return Timer->Header.SignalState > 0;
}

}  // extern "C"
