/* c_free_build.c - a driver TU built with -DDBG=0 (a "free" build): ASSERT, NT_ASSERT,
 * KdPrint and PAGED_CODE compile to nothing, NT_VERIFY still evaluates its expression. */
#include <ntdef.h>
#include <kwmi_rtl.h>

#include "c_free_build.h"

#if DBG
#error this translation unit must be built with DBG=0
#endif

/* A driver-local loop helper that hides a constant condition behind __pragma (§4.1 #7). */
#define WHILE(constant) __pragma(warning(suppress : 4127)) while (constant)

int FreeBuildChecks(int condition)
{
    int verified = 0;
    int loops = 0;
    UNREFERENCED_PARAMETER(condition); /* ASSERT and KdPrint vanish in a free build */
    ASSERT(condition);
    NT_ASSERT(condition);
    ASSERTMSG("ignored", condition);
    PAGED_CODE();
    KdPrint(("never printed %d\n", condition));
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "never printed either\n"));
    NT_VERIFY(++verified == 1);
    WHILE(loops < 3) { ++loops; }
    return verified * 10 + loops;
}

