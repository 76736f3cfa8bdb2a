/*
 * ntdef.h - kwmi portable WDK base definitions.
 *
 * Windows is LLP64: LONG/ULONG are 32-bit and WCHAR is 16-bit. Driver code and the
 * runtime are built with -fshort-wchar so WCHAR can be wchar_t and L"..." literals work.
 * Written from the public documentation of the Windows types; usable from C11 and C++.
 */
#ifndef KWMI_WDK_NTDEF_H
#define KWMI_WDK_NTDEF_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <string.h>

#include <kwmi_compiler.h>
#include <sal.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- integral types (LLP64 on an LP64 host) ---- */
typedef void VOID;
typedef void *PVOID;
typedef const void *PCVOID;
typedef char CHAR;
typedef unsigned char UCHAR;
typedef short SHORT;
typedef unsigned short USHORT;
typedef int LONG;
typedef unsigned int ULONG;
typedef int INT;
typedef unsigned int UINT;
typedef long long LONGLONG;
typedef unsigned long long ULONGLONG;
typedef unsigned char BYTE;
typedef unsigned short WORD;
typedef unsigned int DWORD;
typedef unsigned char BOOLEAN;
typedef int BOOL;
typedef float FLOAT;
typedef double DOUBLE;

typedef signed char INT8;
typedef unsigned char UINT8;
typedef short INT16;
typedef unsigned short UINT16;
typedef int INT32;
typedef unsigned int UINT32;
typedef long long INT64;
typedef unsigned long long UINT64;
typedef int LONG32;
typedef unsigned int ULONG32;
typedef unsigned int DWORD32;
typedef long long LONG64;
typedef unsigned long long ULONG64;
typedef unsigned long long DWORD64;
typedef unsigned long long DWORDLONG;

/* Pointer-sized integers. `unsigned long` is pointer-sized on LP64 and is size_t's type,
 * so SIZE_T* and size_t* are interchangeable as they are on Windows. */
typedef long LONG_PTR;
typedef unsigned long ULONG_PTR;
typedef long INT_PTR;
typedef unsigned long UINT_PTR;
typedef ULONG_PTR SIZE_T;
typedef LONG_PTR SSIZE_T;
typedef ULONG_PTR DWORD_PTR;
typedef ULONG_PTR KAFFINITY;

typedef CHAR *PCHAR, *PSTR, *LPSTR, *PCH;
typedef const CHAR *PCSTR, *LPCSTR, *PCCH;
typedef UCHAR *PUCHAR;
typedef const UCHAR *PCUCHAR;
typedef SHORT *PSHORT;
typedef USHORT *PUSHORT;
typedef LONG *PLONG;
typedef ULONG *PULONG;
typedef const ULONG *PCULONG;
typedef LONGLONG *PLONGLONG;
typedef ULONGLONG *PULONGLONG;
typedef LONG64 *PLONG64;
typedef ULONG64 *PULONG64;
typedef BYTE *PBYTE;
typedef WORD *PWORD;
typedef DWORD *PDWORD, *LPDWORD;
typedef BOOLEAN *PBOOLEAN;
typedef INT *PINT;
typedef UINT *PUINT;
typedef LONG_PTR *PLONG_PTR;
typedef ULONG_PTR *PULONG_PTR;
typedef SIZE_T *PSIZE_T;
typedef VOID *LPVOID;
typedef const VOID *LPCVOID;

/* ---- wide characters: 16-bit, requires -fshort-wchar ---- */
typedef wchar_t WCHAR;
KWMI_STATIC_ASSERT(sizeof(WCHAR) == 2, "kwmi: build driver code with -fshort-wchar (WCHAR must be 16-bit)");
typedef WCHAR *PWCHAR, *PWCH, *LPWCH, *PWSTR, *LPWSTR, *NWPSTR;
typedef const WCHAR *PCWCH, *LPCWCH, *PCWSTR, *LPCWSTR;
typedef PWSTR *PZPWSTR;
typedef const WCHAR *PCZPWSTR;
typedef WCHAR *PZZWSTR;
typedef const WCHAR *PCZZWSTR;
typedef char *PZZSTR;
typedef const char *PCZZSTR;
typedef PWSTR *PPWSTR;

typedef PVOID HANDLE;
typedef HANDLE *PHANDLE;
typedef LONG NTSTATUS;
typedef NTSTATUS *PNTSTATUS;
typedef UCHAR KIRQL;
typedef KIRQL *PKIRQL;
typedef CHAR CCHAR;
typedef SHORT CSHORT;
typedef ULONG CLONG;
typedef CCHAR KPROCESSOR_MODE;
typedef ULONG LOGICAL;
typedef ULONG *PLOGICAL;
typedef LONG KPRIORITY;
typedef ULONG ACCESS_MASK;
typedef ACCESS_MASK *PACCESS_MASK;

#define DECLARE_HANDLE(name) typedef HANDLE name  /* the NO_STRICT form: every handle is void* */

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif
#define CONST const
#define IN
#define OUT
#define OPTIONAL
#define UNALIGNED
#define RESTRICTED_POINTER
#define POINTER_64
#define POINTER_32

#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status) ((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status) ((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status) ((((ULONG)(Status)) >> 30) == 3)

/* ---- LARGE_INTEGER ---- */
typedef union _LARGE_INTEGER {
    struct {
        ULONG LowPart;
        LONG HighPart;
    };
    struct {
        ULONG LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct {
        ULONG LowPart;
        ULONG HighPart;
    };
    struct {
        ULONG LowPart;
        ULONG HighPart;
    } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

/* ---- counted strings ---- */
typedef struct _UNICODE_STRING {
    USHORT Length;        /* bytes, without terminator */
    USHORT MaximumLength; /* bytes */
    PWCH Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct _STRING {
    USHORT Length;
    USHORT MaximumLength;
    PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING, OEM_STRING, *POEM_STRING;
typedef const STRING *PCSTRING;
typedef const ANSI_STRING *PCANSI_STRING;

/* ---- doubly and singly linked lists ---- */
typedef struct _LIST_ENTRY {
    struct _LIST_ENTRY *Flink;
    struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY, *RESTRICTED_POINTER PRLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
    struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

/* ---- structure helpers; FIELD_OFFSET is an integer constant expression ---- */
#define FIELD_OFFSET(type, field) ((LONG)__builtin_offsetof(type, field))
#define UFIELD_OFFSET(type, field) ((ULONG)__builtin_offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define RTL_SIZEOF_THROUGH_FIELD(type, field) \
    (FIELD_OFFSET(type, field) + RTL_FIELD_SIZE(type, field))
#define RTL_CONTAINS_FIELD(Struct, Size, Field) \
    ((((PCHAR)(&(Struct)->Field)) + sizeof((Struct)->Field)) <= (((PCHAR)(Struct)) + (Size)))
#define RTL_NUMBER_OF(A) (sizeof(A) / sizeof((A)[0]))
#define ARRAYSIZE(A) RTL_NUMBER_OF(A)
#define _ARRAYSIZE(A) RTL_NUMBER_OF(A)
#define CONTAINING_RECORD(address, type, field) \
    ((type *)((PCHAR)(address) - (ULONG_PTR)(&((type *)0)->field)))
#define RTL_PADDING_BETWEEN_FIELDS(T, F1, F2)                                            \
    ((FIELD_OFFSET(T, F2) > FIELD_OFFSET(T, F1))                                         \
         ? (FIELD_OFFSET(T, F2) - FIELD_OFFSET(T, F1) - RTL_FIELD_SIZE(T, F1))           \
         : (FIELD_OFFSET(T, F1) - FIELD_OFFSET(T, F2) - RTL_FIELD_SIZE(T, F2)))

#define ALIGN_DOWN_BY(length, alignment) ((ULONG_PTR)(length) & ~((ULONG_PTR)(alignment) - 1))
#define ALIGN_UP_BY(length, alignment) \
    (ALIGN_DOWN_BY(((ULONG_PTR)(length) + (alignment) - 1), alignment))
#define ALIGN_DOWN_POINTER_BY(address, alignment) ((PVOID)ALIGN_DOWN_BY(address, alignment))
#define ALIGN_UP_POINTER_BY(address, alignment) ((PVOID)ALIGN_UP_BY(address, alignment))
#define ALIGN_DOWN(length, type) ALIGN_DOWN_BY(length, sizeof(type))
#define ALIGN_UP(length, type) ALIGN_UP_BY(length, sizeof(type))
#define ALIGN_DOWN_POINTER(address, type) ALIGN_DOWN_POINTER_BY(address, sizeof(type))
#define ALIGN_UP_POINTER(address, type) ALIGN_UP_POINTER_BY(address, sizeof(type))

#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif

#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))

#define MAXUCHAR 0xff
#define MAXUSHORT 0xffff
#define MAXULONG 0xffffffffU
#define MAXLONG 0x7fffffff
#define MINLONG ((LONG)0x80000000)
#define MAXLONGLONG 0x7fffffffffffffffLL
#define MAXULONGLONG 0xffffffffffffffffULL
#define MAXSIZE_T ((SIZE_T)~((SIZE_T)0))
#define MAXULONG_PTR (~((ULONG_PTR)0))

/* ---- IRQL levels (x64) ---- */
#define PASSIVE_LEVEL 0
#define LOW_LEVEL 0
#define APC_LEVEL 1
#define DISPATCH_LEVEL 2
#define CMCI_LEVEL 5
#define CLOCK_LEVEL 13
#define IPI_LEVEL 14
#define DRS_LEVEL 14
#define POWER_LEVEL 14
#define PROFILE_LEVEL 15
#define HIGH_LEVEL 15

#ifdef __cplusplus
}
#endif

#endif /* KWMI_WDK_NTDEF_H */
