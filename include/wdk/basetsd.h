/*
 * basetsd.h - fixed-size and pointer-size integer types (Windows LLP64 on an LP64 host).
 *
 * 32-bit names are `int`/`unsigned int` (never `long`, which is 64-bit here). Pointer-sized
 * names are `long`/`unsigned long`: on LP64 that is pointer-sized and is size_t's type, so
 * SIZE_T* and size_t* are interchangeable as they are on Windows.
 */
#ifndef KWMI_WDK_BASETSD_H
#define KWMI_WDK_BASETSD_H

#include <kwmi_compiler.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef signed char INT8, *PINT8;
typedef unsigned char UINT8, *PUINT8;
typedef short INT16, *PINT16;
typedef unsigned short UINT16, *PUINT16;
typedef int INT32, *PINT32;
typedef unsigned int UINT32, *PUINT32;
typedef long long INT64, *PINT64;
typedef unsigned long long UINT64, *PUINT64;
typedef int LONG32, *PLONG32;
typedef unsigned int ULONG32, *PULONG32;
typedef unsigned int DWORD32, *PDWORD32;
typedef long long LONG64, *PLONG64;
typedef unsigned long long ULONG64, *PULONG64;
typedef unsigned long long DWORD64, *PDWORD64;

typedef long INT_PTR, *PINT_PTR;
typedef unsigned long UINT_PTR, *PUINT_PTR;
typedef long LONG_PTR, *PLONG_PTR;
typedef unsigned long ULONG_PTR, *PULONG_PTR;
typedef int HALF_PTR, *PHALF_PTR;
typedef unsigned int UHALF_PTR, *PUHALF_PTR;
typedef ULONG_PTR SIZE_T, *PSIZE_T;
typedef LONG_PTR SSIZE_T, *PSSIZE_T;
typedef ULONG_PTR DWORD_PTR, *PDWORD_PTR;
typedef ULONG_PTR KAFFINITY, *PKAFFINITY;

KWMI_STATIC_ASSERT(sizeof(ULONG_PTR) == sizeof(void *), "ULONG_PTR is pointer-sized");
KWMI_STATIC_ASSERT(sizeof(SIZE_T) == sizeof(size_t), "SIZE_T is size_t-sized");
KWMI_STATIC_ASSERT(sizeof(ULONG32) == 4 && sizeof(ULONG64) == 8, "LLP64 sized types");

#define MAXINT_PTR ((INT_PTR)(~((UINT_PTR)0) >> 1))
#define MININT_PTR (~MAXINT_PTR)
#define MAXUINT_PTR (~((UINT_PTR)0))
#define MAXLONG_PTR ((LONG_PTR)(~((ULONG_PTR)0) >> 1))
#define MINLONG_PTR (~MAXLONG_PTR)
#define MAXULONG_PTR (~((ULONG_PTR)0))
#define MAXUHALF_PTR ((UHALF_PTR)~0)
#define MAXHALF_PTR ((HALF_PTR)(MAXUHALF_PTR >> 1))
#define MINHALF_PTR (~MAXHALF_PTR)
#define MAXSIZE_T ((SIZE_T)~((SIZE_T)0))
#define MAXSSIZE_T ((SSIZE_T)(MAXSIZE_T >> 1))
#define MINSSIZE_T ((SSIZE_T)~MAXSSIZE_T)
#define MAXUINT8 ((UINT8)~((UINT8)0))
#define MAXINT8 ((INT8)(MAXUINT8 >> 1))
#define MININT8 ((INT8)~MAXINT8)
#define MAXUINT16 ((UINT16)~((UINT16)0))
#define MAXINT16 ((INT16)(MAXUINT16 >> 1))
#define MININT16 ((INT16)~MAXINT16)
#define MAXUINT32 ((UINT32)~((UINT32)0))
#define MAXINT32 ((INT32)(MAXUINT32 >> 1))
#define MININT32 ((INT32)~MAXINT32)
#define MAXUINT64 ((UINT64)~((UINT64)0))
#define MAXINT64 ((INT64)(MAXUINT64 >> 1))
#define MININT64 ((INT64)~MAXINT64)
#define MAXULONG32 ((ULONG32)~((ULONG32)0))
#define MAXLONG32 ((LONG32)(MAXULONG32 >> 1))
#define MINLONG32 ((LONG32)~MAXLONG32)
#define MAXULONG64 ((ULONG64)~((ULONG64)0))
#define MAXLONG64 ((LONG64)(MAXULONG64 >> 1))
#define MINLONG64 ((LONG64)~MAXLONG64)
#define MAXDWORD32 ((DWORD32)~((DWORD32)0))
#define MAXDWORD64 ((DWORD64)~((DWORD64)0))

/* Pointer <-> integer conversions (truncating/extending as on 64-bit Windows). */
#define HandleToULong(h) ((unsigned int)(ULONG_PTR)(h))
#define HandleToLong(h) ((int)(LONG_PTR)(h))
#define ULongToHandle(ul) ((void *)(UINT_PTR)(ul))
#define LongToHandle(h) ((void *)(INT_PTR)(h))
#define PtrToUlong(p) ((unsigned int)(ULONG_PTR)(p))
#define PtrToLong(p) ((int)(LONG_PTR)(p))
#define PtrToUint(p) ((unsigned int)(UINT_PTR)(p))
#define PtrToInt(p) ((int)(INT_PTR)(p))
#define PtrToUshort(p) ((unsigned short)(ULONG_PTR)(p))
#define PtrToShort(p) ((short)(LONG_PTR)(p))
#define PtrToUlong64(p) ((unsigned long long)(ULONG_PTR)(p))
#define IntToPtr(i) ((void *)(INT_PTR)(i))
#define UIntToPtr(ui) ((void *)(UINT_PTR)(ui))
#define LongToPtr(l) ((void *)(LONG_PTR)(l))
#define ULongToPtr(ul) ((void *)(ULONG_PTR)(ul))
#define Ptr32ToPtr(p) ((void *)(ULONG_PTR)(p))
#define PtrToPtr32(p) ((void *)(ULONG_PTR)(p))
#define HandleToHandle32(h) (h)
#define Handle32ToHandle(h) (h)

#ifdef __cplusplus
}
#endif

#endif /* KWMI_WDK_BASETSD_H */
