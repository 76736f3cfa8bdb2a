/*
 * kwmi_rtl.h - the RTL runtime drivers call: memory and list helpers, counted strings,
 * GUID strings, the 16-bit wide-character CRT, debug output (DbgPrint/KdPrint with
 * Microsoft format specifiers), assertions and PAGED_CODE. Included by <wdm.h>.
 * Implementation: src/nt/rtl (OBJECT library kwmi_rtl, linked into kwmi_nt).
 */
#ifndef KWMI_WDK_RTL_H
#define KWMI_WDK_RTL_H

#include <ntdef.h>
#include <ntstatus.h>
#include <guiddef.h>

/* The simulation is a checked environment: debug-only macros (ASSERT, KdPrint, PAGED_CODE)
 * are active unless the build says -DDBG=0. */
#ifndef DBG
#define DBG 1
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- memory */
#define RtlEqualMemory(Destination, Source, Length) (!memcmp((Destination), (Source), (Length)))
#define RtlMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#define RtlFillMemory(Destination, Length, Fill) memset((Destination), (Fill), (Length))
#define RtlZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#define RtlCopyBytes RtlCopyMemory
#define RtlZeroBytes RtlZeroMemory
#define RtlFillBytes RtlFillMemory

/* Number of leading bytes that match (Length when the blocks are equal). */
SIZE_T RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length);
/* Counts leading bytes of Source equal to Pattern viewed as a ULONG sequence. */
SIZE_T RtlCompareMemoryUlong(PVOID Source, SIZE_T Length, ULONG Pattern);

/* Zeroing the optimiser cannot remove (volatile stores). */
FORCEINLINE PVOID RtlSecureZeroMemory(PVOID Pointer, SIZE_T Size)
{
    volatile char *bytes = (volatile char *)Pointer;
    while (Size != 0) {
        *bytes++ = 0;
        --Size;
    }
    return Pointer;
}

/* ---------------------------------------------------------------- lists */
/* A corrupted LIST_ENTRY link is a fast-fail on Windows: bug check 0x139
 * KERNEL_SECURITY_CHECK_FAILURE, parameter 1 = 3 (corrupt list entry). */
KWMI_NORETURN VOID KwmiRtlFatalListEntryError(PVOID P1, PVOID P2, PVOID P3);

FORCEINLINE VOID InitializeListHead(PLIST_ENTRY ListHead)
{
    ListHead->Flink = ListHead->Blink = ListHead;
}

FORCEINLINE BOOLEAN IsListEmpty(const LIST_ENTRY *ListHead)
{
    return (BOOLEAN)(ListHead->Flink == ListHead);
}

/* Returns TRUE when the list is empty afterwards. */
FORCEINLINE BOOLEAN RemoveEntryList(PLIST_ENTRY Entry)
{
    PLIST_ENTRY next = Entry->Flink;
    PLIST_ENTRY previous = Entry->Blink;
    if (next->Blink != Entry || previous->Flink != Entry) {
        KwmiRtlFatalListEntryError(previous, Entry, next);
    }
    previous->Flink = next;
    next->Blink = previous;
    return (BOOLEAN)(previous == next);
}

FORCEINLINE PLIST_ENTRY RemoveHeadList(PLIST_ENTRY ListHead)
{
    PLIST_ENTRY entry = ListHead->Flink;
    PLIST_ENTRY next = entry->Flink;
    if (entry->Blink != ListHead || next->Blink != entry) {
        KwmiRtlFatalListEntryError(ListHead, entry, next);
    }
    ListHead->Flink = next;
    next->Blink = ListHead;
    return entry;
}

FORCEINLINE PLIST_ENTRY RemoveTailList(PLIST_ENTRY ListHead)
{
    PLIST_ENTRY entry = ListHead->Blink;
    PLIST_ENTRY previous = entry->Blink;
    if (entry->Flink != ListHead || previous->Flink != entry) {
        KwmiRtlFatalListEntryError(previous, entry, ListHead);
    }
    ListHead->Blink = previous;
    previous->Flink = ListHead;
    return entry;
}

FORCEINLINE VOID InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
    PLIST_ENTRY previous = ListHead->Blink;
    if (previous->Flink != ListHead) {
        KwmiRtlFatalListEntryError(previous, ListHead, previous->Flink);
    }
    Entry->Flink = ListHead;
    Entry->Blink = previous;
    previous->Flink = Entry;
    ListHead->Blink = Entry;
}

FORCEINLINE VOID InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
    PLIST_ENTRY next = ListHead->Flink;
    if (next->Blink != ListHead) {
        KwmiRtlFatalListEntryError(ListHead, next, next->Blink);
    }
    Entry->Flink = next;
    Entry->Blink = ListHead;
    next->Blink = Entry;
    ListHead->Flink = Entry;
}

/* Splices the list that starts at ListToAppend (a first entry, not a head) onto the tail. */
FORCEINLINE VOID AppendTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListToAppend)
{
    PLIST_ENTRY listEnd = ListHead->Blink;
    ListHead->Blink->Flink = ListToAppend;
    ListHead->Blink = ListToAppend->Blink;
    ListToAppend->Blink->Flink = ListHead;
    ListToAppend->Blink = listEnd;
}

FORCEINLINE PSINGLE_LIST_ENTRY PopEntryList(PSINGLE_LIST_ENTRY ListHead)
{
    PSINGLE_LIST_ENTRY first = ListHead->Next;
    if (first != NULL) {
        ListHead->Next = first->Next;
    }
    return first;
}

FORCEINLINE VOID PushEntryList(PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY Entry)
{
    Entry->Next = ListHead->Next;
    ListHead->Next = Entry;
}

/* ---------------------------------------------------------------- counted strings */
VOID RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString);
NTSTATUS RtlInitUnicodeStringEx(PUNICODE_STRING DestinationString, PCWSTR SourceString);
VOID RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString);
NTSTATUS RtlInitAnsiStringEx(PANSI_STRING DestinationString, PCSZ SourceString);
VOID RtlInitString(PSTRING DestinationString, PCSZ SourceString);
VOID RtlCopyUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString);
VOID RtlCopyString(PSTRING DestinationString, const STRING *SourceString);
NTSTATUS RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source);
NTSTATUS RtlAppendUnicodeStringToString(PUNICODE_STRING Destination, PCUNICODE_STRING Source);
BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive);
LONG RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive);
BOOLEAN RtlPrefixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive);
BOOLEAN RtlEqualString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive);
LONG RtlCompareString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive);
WCHAR RtlUpcaseUnicodeChar(WCHAR SourceCharacter);
WCHAR RtlDowncaseUnicodeChar(WCHAR SourceCharacter);
CHAR RtlUpperChar(CHAR Character);
NTSTATUS RtlUpcaseUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                BOOLEAN AllocateDestinationString);
NTSTATUS RtlDowncaseUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                  BOOLEAN AllocateDestinationString);
NTSTATUS RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value);
NTSTATUS RtlCharToInteger(PCSZ String, ULONG Base, PULONG Value);
NTSTATUS RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String);
NTSTATUS RtlInt64ToUnicodeString(ULONGLONG Value, ULONG Base, PUNICODE_STRING String);
NTSTATUS RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString, PCANSI_STRING SourceString,
                                      BOOLEAN AllocateDestinationString);
NTSTATUS RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString, PCUNICODE_STRING SourceString,
                                      BOOLEAN AllocateDestinationString);
#define RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE 0x00000001
#define RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING 0x00000002
NTSTATUS RtlDuplicateUnicodeString(ULONG Flags, PCUNICODE_STRING StringIn, PUNICODE_STRING StringOut);
/* Frees a Buffer the Rtl routines allocated (pool tag KWMI_RTL_STRING_POOL_TAG). */
VOID RtlFreeUnicodeString(PUNICODE_STRING UnicodeString);
VOID RtlFreeAnsiString(PANSI_STRING AnsiString);
#define KWMI_RTL_STRING_POOL_TAG 0x55727453u /* bytes "StrU" */

/* "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" <-> GUID. */
NTSTATUS RtlGUIDFromString(PCUNICODE_STRING GuidString, GUID *Guid);
NTSTATUS RtlStringFromGUID(REFGUID Guid, PUNICODE_STRING GuidString);

/* ---------------------------------------------------------------- 16-bit wide CRT */
/* glibc's wcs* functions count 32-bit units; with -fshort-wchar they are wrong. <wchar.h>
 * is already included (kwmi_compiler.h), so these redirects cannot rename a later glibc
 * declaration; C++ <cwchar> then re-exports our functions under the std names. */
size_t kwmi_wcslen16(const wchar_t *String);
size_t kwmi_wcsnlen16(const wchar_t *String, size_t MaxCount);
int kwmi_wcscmp16(const wchar_t *String1, const wchar_t *String2);
int kwmi_wcsncmp16(const wchar_t *String1, const wchar_t *String2, size_t Count);
wchar_t *kwmi_wcscpy16(wchar_t *Destination, const wchar_t *Source);
wchar_t *kwmi_wcsncpy16(wchar_t *Destination, const wchar_t *Source, size_t Count);
wchar_t *kwmi_wcscat16(wchar_t *Destination, const wchar_t *Source);
wchar_t *kwmi_wcsncat16(wchar_t *Destination, const wchar_t *Source, size_t Count);
wchar_t *kwmi_wcschr16(const wchar_t *String, wchar_t Character);
wchar_t *kwmi_wcsrchr16(const wchar_t *String, wchar_t Character);
wchar_t *kwmi_wcsstr16(const wchar_t *String, const wchar_t *Pattern);
int kwmi_swprintf16(wchar_t *Buffer, size_t Count, const wchar_t *Format, ...);
int kwmi_vswprintf16(wchar_t *Buffer, size_t Count, const wchar_t *Format, va_list Arguments);
#define wcslen kwmi_wcslen16
#define wcsnlen kwmi_wcsnlen16
#define wcscmp kwmi_wcscmp16
#define wcsncmp kwmi_wcsncmp16
#define wcscpy kwmi_wcscpy16
#define wcsncpy kwmi_wcsncpy16
#define wcscat kwmi_wcscat16
#define wcsncat kwmi_wcsncat16
#define wcschr kwmi_wcschr16
#define wcsrchr kwmi_wcsrchr16
#define wcsstr kwmi_wcsstr16
#define swprintf kwmi_swprintf16
#define vswprintf kwmi_vswprintf16
#ifdef __cplusplus
} /* extern "C" */
/* std::wcslen etc. now name ours too, whether or not <cwchar> came first. */
namespace std {
using ::kwmi_wcslen16;
using ::kwmi_wcsnlen16;
using ::kwmi_wcscmp16;
using ::kwmi_wcsncmp16;
using ::kwmi_wcscpy16;
using ::kwmi_wcsncpy16;
using ::kwmi_wcscat16;
using ::kwmi_wcsncat16;
using ::kwmi_wcschr16;
using ::kwmi_wcsrchr16;
using ::kwmi_wcsstr16;
using ::kwmi_swprintf16;
using ::kwmi_vswprintf16;
}  // namespace std
extern "C" {
#endif
/* Microsoft-only names (no glibc twin): Microsoft semantics, Microsoft format specifiers.
 * _snprintf/_snwprintf return -1 on truncation and do not terminate a full buffer. */
int _wcsicmp(const wchar_t *String1, const wchar_t *String2);
int _wcsnicmp(const wchar_t *String1, const wchar_t *String2, size_t Count);
int _stricmp(const char *String1, const char *String2);
int _strnicmp(const char *String1, const char *String2, size_t Count);
int _snwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, ...);
int _vsnwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, va_list Arguments);
int _snprintf(char *Buffer, size_t Count, const char *Format, ...);
int _vsnprintf(char *Buffer, size_t Count, const char *Format, va_list Arguments);

/* ---------------------------------------------------------------- debug output */
/* Component ids and levels of DbgPrintEx (dpfilter.h). */
typedef enum _DPFLTR_TYPE {
    DPFLTR_SYSTEM_ID = 0,
    DPFLTR_SMSS_ID = 1,
    DPFLTR_SETUP_ID = 2,
    DPFLTR_NTFS_ID = 3,
    DPFLTR_CRASHDUMP_ID = 5,
    DPFLTR_CLASSPNP_ID = 8,
    DPFLTR_DISK_ID = 9,
    DPFLTR_SCSIPORT_ID = 12,
    DPFLTR_SCSIMINIPORT_ID = 13,
    DPFLTR_CONFIG_ID = 14,
    DPFLTR_WMILIB_ID = 23,
    DPFLTR_ACPI_ID = 24,
    DPFLTR_VIDEO_ID = 27,
    DPFLTR_TCPIP_ID = 30,
    DPFLTR_NTOSPNP_ID = 32,
    DPFLTR_PNPMGR_ID = 35,
    DPFLTR_SERIAL_ID = 39,
    DPFLTR_FLTMGR_ID = 47,
    DPFLTR_WMICORE_ID = 48,
    DPFLTR_PCI_ID = 66,
    DPFLTR_INFINIBAND_ID = 76,
    DPFLTR_IHVDRIVER_ID = 77,
    DPFLTR_IHVVIDEO_ID = 78,
    DPFLTR_IHVAUDIO_ID = 79,
    DPFLTR_IHVNETWORK_ID = 80,
    DPFLTR_IHVSTREAMING_ID = 81,
    DPFLTR_IHVBUS_ID = 82,
    DPFLTR_STORPORT_ID = 89,
    DPFLTR_STORMINIPORT_ID = 90,
    DPFLTR_DEFAULT_ID = 101 /* kwmi: the id DbgPrint reports under */
} DPFLTR_TYPE;
#define DPFLTR_ERROR_LEVEL 0
#define DPFLTR_WARNING_LEVEL 1
#define DPFLTR_TRACE_LEVEL 2
#define DPFLTR_INFO_LEVEL 3
#define DPFLTR_MASK 0x80000000

ULONG DbgPrint(PCSTR Format, ...);
ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...);
ULONG vDbgPrintEx(ULONG ComponentId, ULONG Level, PCCH Format, va_list arglist);
ULONG vDbgPrintExWithPrefix(PCCH Prefix, ULONG ComponentId, ULONG Level, PCCH Format, va_list arglist);
NTSTATUS DbgQueryDebugFilterState(ULONG ComponentId, ULONG Level);
NTSTATUS DbgSetDebugFilterState(ULONG ComponentId, ULONG Level, BOOLEAN State);
/* No kernel debugger is attached: a breakpoint is an unhandled exception (bug check 0x1E). */
KWMI_NORETURN VOID DbgBreakPoint(VOID);
KWMI_NORETURN VOID DbgBreakPointWithStatus(ULONG Status);

#define KD_DEBUGGER_ENABLED FALSE
#define KD_DEBUGGER_NOT_PRESENT TRUE

#if DBG
#define KdPrint(_x_) DbgPrint _x_
#define KdPrintEx(_x_) DbgPrintEx _x_
#define vKdPrintEx(_x_) vDbgPrintEx _x_
#define vKdPrintExWithPrefix(_x_) vDbgPrintExWithPrefix _x_
#define KdBreakPoint() DbgBreakPoint()
#define KdBreakPointWithStatus(s) DbgBreakPointWithStatus(s)
#else
#define KdPrint(_x_)
#define KdPrintEx(_x_)
#define vKdPrintEx(_x_)
#define vKdPrintExWithPrefix(_x_)
#define KdBreakPoint()
#define KdBreakPointWithStatus(s)
#endif

/* ---------------------------------------------------------------- assertions */
/* Prints the assertion like a debugger would, then (by default) bug checks 0x1E with
 * STATUS_BREAKPOINT: an ASSERT with no kernel debugger attached. */
VOID RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber, PSTR MutableMessage);
/* NT_ASSERT's failure path: bug check 0x1E with STATUS_ASSERTION_FAILURE (0xC0000420). */
VOID KwmiRtlAssertionFailure(PCSTR Expression, PCSTR Message, PCSTR FileName, ULONG LineNumber);
VOID KwmiRtlAssertionFailureW(PCSTR Expression, PCWSTR Message, PCSTR FileName, ULONG LineNumber);
/* PAGED_CODE's failure path (rule "PAGED_CODE"). */
VOID KwmiRtlPagedCodeViolation(PCSTR FunctionName, PCSTR FileName, ULONG LineNumber, KIRQL Irql);
/* Engineer B's kernel provides it (standard WDK prototype). */
KIRQL KeGetCurrentIrql(VOID);

#if DBG
#define ASSERT(exp) \
    ((!(exp)) ? (RtlAssert((PVOID)#exp, (PVOID)__FILE__, __LINE__, NULL), FALSE) : TRUE)
#define ASSERTMSG(msg, exp) \
    ((!(exp)) ? (RtlAssert((PVOID)#exp, (PVOID)__FILE__, __LINE__, (PSTR)(msg)), FALSE) : TRUE)
#define RTL_SOFT_ASSERT(_exp) \
    ((_exp) ? TRUE : (DbgPrint("%s(%d): Soft assertion failed\n   Expression: %s\n", __FILE__, __LINE__, #_exp), FALSE))
#define RTL_SOFT_ASSERTMSG(_msg, _exp)                                                                 \
    ((_exp) ? TRUE                                                                                     \
            : (DbgPrint("%s(%d): Soft assertion failed\n   Expression: %s\n   Message: %s\n", __FILE__, \
                        __LINE__, #_exp, (_msg)),                                                      \
               FALSE))
#define RTL_VERIFY ASSERT
#define RTL_VERIFYMSG ASSERTMSG
#define RTL_SOFT_VERIFY RTL_SOFT_ASSERT
#define RTL_SOFT_VERIFYMSG RTL_SOFT_ASSERTMSG
#define NT_ASSERT_ACTION(exp) \
    ((!(exp)) ? (KwmiRtlAssertionFailure(#exp, NULL, __FILE__, __LINE__), FALSE) : TRUE)
#define NT_ASSERTMSG_ACTION(msg, exp) \
    ((!(exp)) ? (KwmiRtlAssertionFailure(#exp, (msg), __FILE__, __LINE__), FALSE) : TRUE)
#define NT_ASSERTMSGW_ACTION(msg, exp) \
    ((!(exp)) ? (KwmiRtlAssertionFailureW(#exp, (msg), __FILE__, __LINE__), FALSE) : TRUE)
#define NT_ASSERT(exp) NT_ASSERT_ACTION(exp)
#define NT_ASSERTMSG(msg, exp) NT_ASSERTMSG_ACTION(msg, exp)
#define NT_ASSERTMSGW(msg, exp) NT_ASSERTMSGW_ACTION(msg, exp)
#define NT_ASSERT_ASSUME(exp) NT_ASSERT_ACTION(exp)
#define NT_VERIFY(exp) NT_ASSERT_ACTION(exp)
#define NT_VERIFYMSG(msg, exp) NT_ASSERTMSG_ACTION(msg, exp)
#define NT_VERIFYMSGW(msg, exp) NT_ASSERTMSGW_ACTION(msg, exp)
#define PAGED_CODE()                                                               \
    do {                                                                           \
        KIRQL kwmi_paged_code_irql_ = KeGetCurrentIrql();                          \
        if (kwmi_paged_code_irql_ > APC_LEVEL) {                                   \
            KwmiRtlPagedCodeViolation(__func__, __FILE__, __LINE__, kwmi_paged_code_irql_); \
        }                                                                          \
    } while (0)
#else
#define ASSERT(exp) ((void)0)
#define ASSERTMSG(msg, exp) ((void)0)
#define RTL_SOFT_ASSERT(_exp) ((void)0)
#define RTL_SOFT_ASSERTMSG(_msg, _exp) ((void)0)
/* A function call, so `NT_VERIFY(x);` as a statement does not warn about an unused value. */
FORCEINLINE BOOLEAN KwmiRtlVerified(int Value) { return Value ? TRUE : FALSE; }
#define RTL_VERIFY(exp) KwmiRtlVerified(!!(exp))
#define RTL_VERIFYMSG(msg, exp) KwmiRtlVerified(!!(exp))
#define RTL_SOFT_VERIFY(_exp) KwmiRtlVerified(!!(_exp))
#define RTL_SOFT_VERIFYMSG(msg, _exp) KwmiRtlVerified(!!(_exp))
#define NT_ASSERT(exp) ((void)0)
#define NT_ASSERTMSG(msg, exp) ((void)0)
#define NT_ASSERTMSGW(msg, exp) ((void)0)
#define NT_ASSERT_ASSUME(exp) ((void)0)
#define NT_VERIFY(exp) KwmiRtlVerified(!!(exp))
#define NT_VERIFYMSG(msg, exp) KwmiRtlVerified(!!(exp))
#define NT_VERIFYMSGW(msg, exp) KwmiRtlVerified(!!(exp))
#define PAGED_CODE() ((void)0)
#endif
#define NT_FRE_ASSERT(exp) \
    ((!(exp)) ? (KwmiRtlAssertionFailure(#exp, NULL, __FILE__, __LINE__), FALSE) : TRUE)
#define NT_ANALYSIS_ASSUME(exp)
#define PAGED_ASSERT(exp) NT_ASSERT(exp)
#define PAGED_CODE_LOCKED() ((void)0)

#ifdef __cplusplus
}
#endif

#endif /* KWMI_WDK_RTL_H */
