/*
 * evntrace.h - the event-tracing level values drivers use in their trace macros.
 * TRACE_LEVEL_NONE is defined with the others because drivers guard their own fallback
 * definitions with `#if !defined(TRACE_LEVEL_NONE)` (wdk-api-surface.md §4.2).
 */
#ifndef KWMI_WDK_EVNTRACE_H
#define KWMI_WDK_EVNTRACE_H

#include <ntdef.h>

#define TRACE_LEVEL_NONE 0        /* tracing is off */
#define TRACE_LEVEL_CRITICAL 1    /* abnormal exit or termination */
#define TRACE_LEVEL_FATAL 1       /* older name of CRITICAL */
#define TRACE_LEVEL_ERROR 2       /* severe errors that need logging */
#define TRACE_LEVEL_WARNING 3     /* warnings such as allocation failures */
#define TRACE_LEVEL_INFORMATION 4 /* non-error cases such as entry/exit */
#define TRACE_LEVEL_VERBOSE 5     /* detailed traces of intermediate steps */
#define TRACE_LEVEL_RESERVED6 6
#define TRACE_LEVEL_RESERVED7 7
#define TRACE_LEVEL_RESERVED8 8
#define TRACE_LEVEL_RESERVED9 9

typedef ULONG64 TRACEHANDLE, *PTRACEHANDLE;

#endif /* KWMI_WDK_EVNTRACE_H */
