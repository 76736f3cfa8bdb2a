// The dispatcher lock: one process-wide lock and condition variable guard the signal state
// of every dispatcher object (events, semaphores, mutexes, timers), as the Windows
// dispatcher database lock does. Waiters re-check their object after every wake-up.
#pragma once

#include <condition_variable>
#include <mutex>

#include <wdm.h>

namespace kwmi::nt::detail {

std::mutex& DispatcherMutex();
std::condition_variable& DispatcherCondition();

// Sets SignalState under the dispatcher lock and wakes all waiters.
void SetSignalState(DISPATCHER_HEADER* header, LONG state);

// KeWaitForSingleObject on any dispatcher object; `site` is the caller for reports.
NTSTATUS WaitForObject(DISPATCHER_HEADER* header, PLARGE_INTEGER timeout, const void* site);

}  // namespace kwmi::nt::detail
