/* c_driver_like.c - written the way WDK drivers are: WDK headers, then C library headers,
 * MSVC-isms (__inline, typedef UINT, min/max, SAL), wide literals, KdPrint, PAGED_CODE.
 * Compiled at -O0 and at -O2 (KWMI_TU = O0 / O2). */
#define NTSTRSAFE_LIB /* drivers select the library form; it must be harmless (§4.1 #15) */
#include <ntdef.h>
#include <ntstatus.h>
#include <kwmi_rtl.h>
#include <ntstrsafe.h>
#include <ntintsafe.h>
#include <evntrace.h>
#include <specstrings.h>

/* C library headers after the WDK ones (glibc's own __inline use must still compile). */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <ctype.h>
#include <stddef.h>
#include <stdarg.h>
#include <limits.h>

#include "c_driver_inline.h"
#include "c_driver_like.h"

typedef unsigned int UINT; /* a precompiled-header style re-typedef (§4.1 #8) */

#if !defined(TRACE_LEVEL_NONE)
#error evntrace.h must define TRACE_LEVEL_NONE
#endif

#define KWMI_CAT2(a, b) a##_##b
#define KWMI_CAT(a, b) KWMI_CAT2(a, b)
#define DL(name) KWMI_CAT(name, KWMI_TU)

typedef struct _DL_BLOCK {
    ULONG First;
    UCHAR Flag;
    ULONGLONG Wide;
    WCHAR Tail[1];
} DL_BLOCK;

/* FIELD_OFFSET in a file-scope static initialiser (§4.1 #13). */
static const ULONG kStaticSizes[] = {
    FIELD_OFFSET(DL_BLOCK, Wide) + sizeof(ULONGLONG),
    UFIELD_OFFSET(DL_BLOCK, Tail),
    RTL_SIZEOF_THROUGH_FIELD(DL_BLOCK, Flag),
    (ULONG)ALIGN_UP(5, ULONGLONG),
};

/* File-scope DECLARE_CONST_UNICODE_STRING has external linkage (as with MSVC): one name
 * per compiled copy of this file. */
#ifdef KWMI_TU_O2
DECLARE_CONST_UNICODE_STRING(kDlNameO2, L"KwmiDriver");
#define kDlName kDlNameO2
#else
DECLARE_CONST_UNICODE_STRING(kDlNameO0, L"KwmiDriver");
#define kDlName kDlNameO0
#endif
static const UNICODE_STRING kDlConstant = RTL_CONSTANT_STRING(L"Constant");

static int g_analysisAssumeEvaluations;

size_t DL(DlWcslen)(_In_z_ const wchar_t *text) { return wcslen(text); }
size_t DL(DlWcslenLiteral)(void) { return wcslen(L"kwmi16"); }
const void *DL(DlWcslenAddress)(void) { return (const void *)&wcslen; }
const ULONG *DL(DlStaticSizes)(void) { return kStaticSizes; }

ULONG DL(DlInlineHelper)(_In_ ULONG value) { return DriverDouble(value); }

int DL(DlAnalysisAssumeEvaluations)(void)
{
    g_analysisAssumeEvaluations = 0;
    __analysis_assume(++g_analysisAssumeEvaluations != 0);
    _Analysis_assume_(++g_analysisAssumeEvaluations != 0);
    return g_analysisAssumeEvaluations;
}

const UNICODE_STRING *DL(DlConstString)(void) { return &kDlName; }
const UNICODE_STRING *DL(DlConstantString)(void) { return &kDlConstant; }

typedef struct _DL_NODE {
    ULONG Value;
    LIST_ENTRY Link;
} DL_NODE;

ULONG DL(DlListWalk)(void)
{
    LIST_ENTRY head;
    DL_NODE nodes[3] = {{1, {0, 0}}, {2, {0, 0}}, {3, {0, 0}}};
    ULONG weighted = 0, position = 1;
    PLIST_ENTRY entry;
    InitializeListHead(&head);
    InsertTailList(&head, &nodes[1].Link);
    InsertHeadList(&head, &nodes[0].Link);
    InsertTailList(&head, &nodes[2].Link);
    for (entry = head.Flink; entry != &head; entry = entry->Flink) {
        weighted += CONTAINING_RECORD(entry, DL_NODE, Link)->Value * position++;
    }
    return weighted; /* 1*1 + 2*2 + 3*3 = 14 when the order is 1,2,3 */
}

void DL(DlPagedFunction)(void)
{
    PAGED_CODE();
}

int DL(DlAssert)(int condition)
{
    ASSERT(condition);
    return 1;
}

int DL(DlNtAssert)(int condition)
{
    NT_ASSERT(condition);
    return 1;
}

void DL(DlKdPrint)(void)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"dev0");
    KdPrint(("drv: %ws %wZ %I64x %lu %Ix\n", L"wide", &name, 0x1122334455667788ULL, 4000000000UL,
             (ULONG_PTR)0xABC));
}

NTSTATUS DL(DlFormatUnicode)(UNICODE_STRING *out)
{
    return RtlUnicodeStringPrintf(out, L"%ws%u", L"Instance", 7u);
}

int DL(DlMinMax)(int a, int b) { return max(a, b) * 100 + min(a, b); }

ULONG DL(DlStdlibAfterWdk)(void)
{
    char buffer[16];
    ULONG parsed = (ULONG)strtoul("42", NULL, 10);
    snprintf(buffer, sizeof buffer, "%d", 7);
    return parsed + (ULONG)atoi(buffer) + (ULONG)toupper('a') - 'A';
}

ULONG DL(DlDeclareUnicodeStringSize)(void)
{
    DECLARE_UNICODE_STRING_SIZE(text, 16);
    RtlAppendUnicodeToString(&text, L"abc");
    return text.Length * 1000u + text.MaximumLength;
}
