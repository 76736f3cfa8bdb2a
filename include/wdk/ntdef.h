/*
 * ntdef.h - kwmi portable WDK base definitions.
 *
 * Windows is LLP64: LONG/ULONG are 32-bit and WCHAR is 16-bit. Driver code and the
 * runtime are built with -fshort-wchar so WCHAR can be wchar_t and L"..." literals work.
 * Written from the public documentation of the Windows types; usable from C11 and C++.
 */
#ifndef KWMI_WDK_NTDEF_H
#define KWMI_WDK_NTDEF_H

#include <kwmi_compiler.h>
#include <specstrings.h>
#include <basetsd.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- integral types (LLP64 on an LP64 host) ---- */
#ifndef VOID
#define VOID void
#endif
typedef char CHAR;
typedef short SHORT;
typedef int LONG;
typedef void *PVOID;
typedef const void *PCVOID;
typedef unsigned char UCHAR;
typedef unsigned short USHORT;
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
typedef unsigned long long DWORDLONG;
KWMI_STATIC_ASSERT(sizeof(ULONG) == 4 && sizeof(LONG) == 4, "LLP64: LONG/ULONG are 32-bit");
KWMI_STATIC_ASSERT(sizeof(LONGLONG) == 8, "LONGLONG is 64-bit");

typedef CHAR *PCHAR, *PSTR, *LPSTR, *PCH, *LPCH, *NPSTR, *PSZ;
typedef const CHAR *PCSTR, *LPCSTR, *PCCH, *LPCCH, *PCSZ;
typedef UCHAR *PUCHAR;
typedef const UCHAR *PCUCHAR;
typedef SHORT *PSHORT;
typedef USHORT *PUSHORT;
typedef const USHORT *PCUSHORT;
typedef LONG *PLONG;
typedef ULONG *PULONG;
typedef const ULONG *PCULONG;
typedef LONGLONG *PLONGLONG;
typedef ULONGLONG *PULONGLONG;
typedef DWORDLONG *PDWORDLONG;
typedef BYTE *PBYTE, *LPBYTE;
typedef WORD *PWORD;
typedef DWORD *PDWORD, *LPDWORD;
typedef BOOLEAN *PBOOLEAN;
typedef BOOL *PBOOL;
typedef INT *PINT;
typedef UINT *PUINT;
typedef VOID *LPVOID;
typedef const VOID *LPCVOID;
typedef LONGLONG USN;

/* ---- wide characters: 16-bit, requires -fshort-wchar ---- */
typedef wchar_t WCHAR;
KWMI_STATIC_ASSERT(sizeof(WCHAR) == 2, "kwmi: build driver code with -fshort-wchar (WCHAR must be 16-bit)");
typedef WCHAR *PWCHAR, *PWCH, *LPWCH, *PWSTR, *LPWSTR, *NWPSTR;
typedef const WCHAR *PCWCH, *LPCWCH, *PCWSTR, *LPCWSTR, *PCWCHAR;
typedef PWSTR *PZPWSTR;
typedef const WCHAR *PCZPWSTR;
typedef WCHAR *PZZWSTR;
typedef const WCHAR *PCZZWSTR;
typedef char *PZZSTR;
typedef const char *PCZZSTR;
typedef PWSTR *PPWSTR;
typedef PSTR *PZPSTR;
typedef const CHAR *PCZPSTR;
#define UNICODE_NULL ((WCHAR)0)
#define ANSI_NULL ((CHAR)0)
#define UNICODE_STRING_MAX_BYTES ((USHORT)65534)
#define UNICODE_STRING_MAX_CHARS (32767)

/* ---- handles, status, misc scalar types ---- */
typedef PVOID HANDLE;
typedef HANDLE *PHANDLE;
typedef LONG NTSTATUS;
typedef NTSTATUS *PNTSTATUS;
typedef UCHAR KIRQL;
typedef KIRQL *PKIRQL;
typedef CHAR CCHAR;
typedef CCHAR *PCCHAR;
typedef SHORT CSHORT;
typedef CSHORT *PCSHORT;
typedef ULONG CLONG;
typedef CLONG *PCLONG;
typedef CCHAR KPROCESSOR_MODE;
typedef ULONG LOGICAL;
typedef ULONG *PLOGICAL;
typedef LONG KPRIORITY;
typedef ULONG ACCESS_MASK;
typedef ACCESS_MASK *PACCESS_MASK;
typedef ULONG LCID;
typedef PULONG PLCID;
typedef USHORT LANGID;
typedef USHORT RTL_ATOM, *PRTL_ATOM;

/* The NO_STRICT form: every handle type is void *, so a helper declared with PVOID and
 * defined with a WDF handle type stays type-identical (wdk-api-surface.md §4.1 #3). */
#define DECLARE_HANDLE(name) typedef HANDLE name

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef NULL
#ifdef __cplusplus
#define NULL 0
#else
#define NULL ((void *)0)
#endif
#endif
#define CONST const
#define IN
#define OUT
#define OPTIONAL
#define NOTHING
#define UNALIGNED
#define UNALIGNED64
#define RESTRICTED_POINTER
#define POINTER_64
#define POINTER_32
#define POINTER_SIGNED
#define POINTER_UNSIGNED
#define SPOINTER_32
#define UPOINTER_32
#define ANYSIZE_ARRAY 1
#define EXTERN_C KWMI_EXTERN_C

#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status) ((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status) ((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status) ((((ULONG)(Status)) >> 30) == 3)
#define NT_FACILITY(Status) ((((ULONG)(Status)) >> 16) & 0x0FFF)
#define NT_CUSTOMER(Status) ((((ULONG)(Status)) >> 29) & 1)
#define NT_SEVERITY(Status) ((((ULONG)(Status)) >> 30) & 3)

/* ---- 64-bit integers as two halves ---- */
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

KWMI_STATIC_ASSERT(sizeof(LARGE_INTEGER) == 8, "LARGE_INTEGER is 8 bytes");
KWMI_STATIC_ASSERT(sizeof(ULARGE_INTEGER) == 8, "ULARGE_INTEGER is 8 bytes");

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

typedef struct _LUID {
    ULONG LowPart;
    LONG HighPart;
} LUID, *PLUID;
KWMI_STATIC_ASSERT(sizeof(LUID) == 8, "LUID is 8 bytes");

#define Int32x32To64(a, b) (((LONGLONG)((LONG)(a))) * ((LONGLONG)((LONG)(b))))
#define UInt32x32To64(a, b) (((ULONGLONG)((ULONG)(a))) * ((ULONGLONG)((ULONG)(b))))
#define Int64ShllMod32(a, b) (((ULONGLONG)(a)) << ((b) & 31))
#define Int64ShraMod32(a, b) (((LONGLONG)(a)) >> ((b) & 31))
#define Int64ShrlMod32(a, b) (((ULONGLONG)(a)) >> ((b) & 31))

/* ---- counted strings ---- */
typedef struct _UNICODE_STRING {
    USHORT Length;        /* bytes, without terminator */
    USHORT MaximumLength; /* bytes */
    PWCH Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;
KWMI_STATIC_ASSERT(sizeof(UNICODE_STRING) == 16, "UNICODE_STRING is 16 bytes");
KWMI_STATIC_ASSERT(__builtin_offsetof(UNICODE_STRING, MaximumLength) == 2, "UNICODE_STRING.MaximumLength at 2");
KWMI_STATIC_ASSERT(__builtin_offsetof(UNICODE_STRING, Buffer) == 8, "UNICODE_STRING.Buffer at 8");

typedef struct _STRING {
    USHORT Length;
    USHORT MaximumLength;
    PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING, OEM_STRING, *POEM_STRING;
typedef const STRING *PCSTRING;
typedef const ANSI_STRING *PCANSI_STRING;
typedef const OEM_STRING *PCOEM_STRING;
KWMI_STATIC_ASSERT(sizeof(STRING) == 16, "STRING is 16 bytes");

/* A const UNICODE_STRING over a wide literal: Length excludes the terminator. */
#define DECLARE_CONST_UNICODE_STRING(_var, _string)                 \
    const WCHAR _var##_buffer[] = _string;                          \
    const UNICODE_STRING _var = {sizeof(_string) - sizeof(WCHAR),   \
                                 sizeof(_string), (PWCH)_var##_buffer}
#define DECLARE_GLOBAL_CONST_UNICODE_STRING(_var, _str) \
    extern const UNICODE_STRING _var;                   \
    DECLARE_CONST_UNICODE_STRING(_var, _str)
/* A writable UNICODE_STRING with its own buffer of _size WCHARs. */
#define DECLARE_UNICODE_STRING_SIZE(_var, _size) \
    WCHAR _var##_buffer[_size];                  \
    UNICODE_STRING _var = {0, (_size) * sizeof(WCHAR), _var##_buffer}

#ifdef __cplusplus
} /* extern "C" */
/* C++: string literals are const; the counted-string Buffer field is not. */
static inline PWCH kwmi_constant_string_buffer(const WCHAR *s) { return const_cast<PWCH>(s); }
static inline PCHAR kwmi_constant_string_buffer(const CHAR *s) { return const_cast<PCHAR>(s); }
#define RTL_CONSTANT_STRING(s) \
    {(USHORT)(sizeof(s) - sizeof((s)[0])), (USHORT)sizeof(s), kwmi_constant_string_buffer(s)}
extern "C" {
#else
#define RTL_CONSTANT_STRING(s) {(USHORT)(sizeof(s) - sizeof((s)[0])), (USHORT)sizeof(s), (s)}
#endif

/* ---- object attributes (registry and named objects) ---- */
typedef struct _OBJECT_ATTRIBUTES {
    ULONG Length;
    HANDLE RootDirectory;
    PUNICODE_STRING ObjectName;
    ULONG Attributes;
    PVOID SecurityDescriptor;
    PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;
typedef CONST OBJECT_ATTRIBUTES *PCOBJECT_ATTRIBUTES;
KWMI_STATIC_ASSERT(sizeof(OBJECT_ATTRIBUTES) == 48, "OBJECT_ATTRIBUTES is 48 bytes");

#define OBJ_INHERIT 0x00000002L
#define OBJ_PERMANENT 0x00000010L
#define OBJ_EXCLUSIVE 0x00000020L
#define OBJ_CASE_INSENSITIVE 0x00000040L
#define OBJ_OPENIF 0x00000080L
#define OBJ_OPENLINK 0x00000100L
#define OBJ_KERNEL_HANDLE 0x00000200L
#define OBJ_FORCE_ACCESS_CHECK 0x00000400L
#define OBJ_IGNORE_IMPERSONATED_DEVICEMAP 0x00000800L
#define OBJ_DONT_REPARSE 0x00001000L
#define OBJ_VALID_ATTRIBUTES 0x00001FF2L

#define InitializeObjectAttributes(p, n, a, r, s) \
    do {                                          \
        (p)->Length = sizeof(OBJECT_ATTRIBUTES);  \
        (p)->RootDirectory = (r);                 \
        (p)->Attributes = (a);                    \
        (p)->ObjectName = (n);                    \
        (p)->SecurityDescriptor = (s);            \
        (p)->SecurityQualityOfService = NULL;     \
    } while (0)
#define RTL_CONSTANT_OBJECT_ATTRIBUTES(n, a) {sizeof(OBJECT_ATTRIBUTES), NULL, (PUNICODE_STRING)(n), (a), NULL, NULL}
#define RTL_INIT_OBJECT_ATTRIBUTES(n, a) RTL_CONSTANT_OBJECT_ATTRIBUTES(n, a)

/* ---- doubly and singly linked lists (helpers: kwmi_rtl.h) ---- */
typedef struct _LIST_ENTRY {
    struct _LIST_ENTRY *Flink;
    struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY, *RESTRICTED_POINTER PRLIST_ENTRY;
KWMI_STATIC_ASSERT(sizeof(LIST_ENTRY) == 16, "LIST_ENTRY is 16 bytes");

typedef struct _SINGLE_LIST_ENTRY {
    struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

/* ---- structure helpers; FIELD_OFFSET is an integer constant expression ---- */
#define FIELD_OFFSET(type, field) ((LONG)__builtin_offsetof(type, field))
#define UFIELD_OFFSET(type, field) ((ULONG)__builtin_offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define RTL_FIELD_TYPE(type, field) __typeof__(((type *)0)->field)
#define RTL_SIZEOF_THROUGH_FIELD(type, field) \
    (FIELD_OFFSET(type, field) + RTL_FIELD_SIZE(type, field))
#define RTL_CONTAINS_FIELD(Struct, Size, Field) \
    ((((PCHAR)(&(Struct)->Field)) + sizeof((Struct)->Field)) <= (((PCHAR)(Struct)) + (Size)))
#define RTL_NUMBER_OF_V1(A) (sizeof(A) / sizeof((A)[0]))
#define RTL_NUMBER_OF_V2(A) RTL_NUMBER_OF_V1(A)
#define RTL_NUMBER_OF(A) RTL_NUMBER_OF_V1(A)
#define RTL_NUMBER_OF_FIELD(type, field) (RTL_NUMBER_OF(RTL_FIELD_TYPE(type, field)))
#define ARRAYSIZE(A) RTL_NUMBER_OF_V2(A)
#define _ARRAYSIZE(A) RTL_NUMBER_OF_V1(A)
#define RTL_BITS_OF(sizeOfArg) (sizeof(sizeOfArg) * 8)
#define RTL_BITS_OF_FIELD(type, field) (RTL_BITS_OF(RTL_FIELD_TYPE(type, field)))
#define TYPE_ALIGNMENT(t) ((LONG)__alignof__(t))
#define CONTAINING_RECORD(address, type, field) \
    ((type *)((PCHAR)(address) - (ULONG_PTR)__builtin_offsetof(type, field)))
#define RTL_PADDING_BETWEEN_FIELDS(T, F1, F2)                                  \
    ((FIELD_OFFSET(T, F2) > FIELD_OFFSET(T, F1))                               \
         ? (FIELD_OFFSET(T, F2) - FIELD_OFFSET(T, F1) - RTL_FIELD_SIZE(T, F1)) \
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
#define IS_ALIGNED(_pointer, _alignment) \
    ((((ULONG_PTR)(_pointer)) & ((_alignment) - 1)) == 0)

/* Drivers define min/max under #ifndef, so C gets them here. In C++ they would break the
 * standard library (std::min, numeric_limits<>::max()); define NOMINMAX-style opt-in. */
#if !defined(__cplusplus) || defined(KWMI_CXX_MINMAX)
#ifndef NOMINMAX
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#endif
#endif

#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))

#ifndef FlagOn
#define FlagOn(_F, _SF) ((_F) & (_SF))
#endif
#ifndef BooleanFlagOn
#define BooleanFlagOn(F, SF) ((BOOLEAN)(((F) & (SF)) != 0))
#endif
#ifndef SetFlag
#define SetFlag(_F, _SF) ((_F) |= (_SF))
#endif
#ifndef ClearFlag
#define ClearFlag(_F, _SF) ((_F) &= ~(_SF))
#endif

#define MINCHAR 0x80
#define MAXCHAR 0x7f
#define MINSHORT 0x8000
#define MAXSHORT 0x7fff
#define MINLONG 0x80000000
#define MAXLONG 0x7fffffff
#define MAXUCHAR 0xff
#define MAXUSHORT 0xffff
#define MAXULONG 0xffffffff
#define MAXDWORD 0xffffffff
#define MAXLONGLONG (0x7fffffffffffffffLL)
#define MAXULONGLONG (0xffffffffffffffffULL)

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
