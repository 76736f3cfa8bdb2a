/*
 * ntintsafe.h - overflow-checked integer conversion and arithmetic.
 * Each routine stores the result and returns STATUS_SUCCESS, or stores the type's *_ERROR
 * value and returns STATUS_INTEGER_OVERFLOW (0xC0000095). UINT is spelled `unsigned int` in
 * ntdef.h, so a driver's own identical `typedef unsigned int UINT;` stays legal.
 */
#ifndef KWMI_WDK_NTINTSAFE_H
#define KWMI_WDK_NTINTSAFE_H

#include <ntdef.h>
#include <ntstatus.h>

typedef unsigned int UINT;

#ifdef __cplusplus
extern "C" {
#endif

#define UCHAR_ERROR 0xffU
#define CHAR_ERROR '\0'
#define INT8_ERROR (-1)
#define UINT8_ERROR 0xffU
#define BYTE_ERROR 0xffU
#define SHORT_ERROR (-1)
#define USHORT_ERROR 0xffffU
#define WORD_ERROR USHORT_ERROR
#define INT_ERROR (-1)
#define UINT_ERROR 0xffffffffU
#define LONG_ERROR (-1)
#define ULONG_ERROR 0xffffffffU
#define DWORD_ERROR ULONG_ERROR
#define LONGLONG_ERROR (-1LL)
#define ULONGLONG_ERROR 0xffffffffffffffffULL
#define INT_PTR_ERROR (-1L)
#define LONG_PTR_ERROR (-1L)
#define UINT_PTR_ERROR 0xffffffffffffffffUL
#define ULONG_PTR_ERROR 0xffffffffffffffffUL
#define DWORD_PTR_ERROR ULONG_PTR_ERROR
#define SIZET_ERROR ULONG_PTR_ERROR
#define SSIZET_ERROR (-1L)

/* __builtin_*_overflow report whether the mathematically exact result fits the target. */
#define KWMI_INTSAFE_RESULT(overflowed, pResult, errorValue) \
    ((overflowed) ? (*(pResult) = (errorValue), STATUS_INTEGER_OVERFLOW) : STATUS_SUCCESS)

/* ---- conversions ---- */
FORCEINLINE NTSTATUS RtlUShortToUChar(USHORT Operand, UCHAR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (UCHAR)UCHAR_ERROR);
}
FORCEINLINE NTSTATUS RtlUShortToChar(USHORT Operand, CHAR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (CHAR)CHAR_ERROR);
}
FORCEINLINE NTSTATUS RtlUShortToShort(USHORT Operand, SHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (SHORT)SHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlShortToUShort(SHORT Operand, USHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (USHORT)USHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlShortToUChar(SHORT Operand, UCHAR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (UCHAR)UCHAR_ERROR);
}
FORCEINLINE NTSTATUS RtlUIntToUChar(UINT Operand, UCHAR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (UCHAR)UCHAR_ERROR);
}
FORCEINLINE NTSTATUS RtlUIntToUShort(UINT Operand, USHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (USHORT)USHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlUIntToInt(UINT Operand, INT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (INT)INT_ERROR);
}
FORCEINLINE NTSTATUS RtlUIntToLong(UINT Operand, LONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (LONG)LONG_ERROR);
}
FORCEINLINE NTSTATUS RtlIntToUInt(INT Operand, UINT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (UINT)UINT_ERROR);
}
FORCEINLINE NTSTATUS RtlIntToULong(INT Operand, ULONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (ULONG)ULONG_ERROR);
}
FORCEINLINE NTSTATUS RtlIntToUShort(INT Operand, USHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (USHORT)USHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlIntToUChar(INT Operand, UCHAR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (UCHAR)UCHAR_ERROR);
}
FORCEINLINE NTSTATUS RtlIntToSizeT(INT Operand, SIZE_T *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (SIZE_T)SIZET_ERROR);
}
FORCEINLINE NTSTATUS RtlIntToULongLong(INT Operand, ULONGLONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (ULONGLONG)ULONGLONG_ERROR);
}
FORCEINLINE NTSTATUS RtlULongToUChar(ULONG Operand, UCHAR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (UCHAR)UCHAR_ERROR);
}
FORCEINLINE NTSTATUS RtlULongToUShort(ULONG Operand, USHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (USHORT)USHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlULongToLong(ULONG Operand, LONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (LONG)LONG_ERROR);
}
FORCEINLINE NTSTATUS RtlULongToInt(ULONG Operand, INT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (INT)INT_ERROR);
}
FORCEINLINE NTSTATUS RtlULongToUInt(ULONG Operand, UINT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (UINT)UINT_ERROR);
}
FORCEINLINE NTSTATUS RtlULongToShort(ULONG Operand, SHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (SHORT)SHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlLongToULong(LONG Operand, ULONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (ULONG)ULONG_ERROR);
}
FORCEINLINE NTSTATUS RtlLongToUInt(LONG Operand, UINT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (UINT)UINT_ERROR);
}
FORCEINLINE NTSTATUS RtlLongToUShort(LONG Operand, USHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (USHORT)USHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlLongToUChar(LONG Operand, UCHAR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (UCHAR)UCHAR_ERROR);
}
FORCEINLINE NTSTATUS RtlLongToInt(LONG Operand, INT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (INT)INT_ERROR);
}
FORCEINLINE NTSTATUS RtlLongToSizeT(LONG Operand, SIZE_T *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (SIZE_T)SIZET_ERROR);
}
FORCEINLINE NTSTATUS RtlLongToULongPtr(LONG Operand, ULONG_PTR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (ULONG_PTR)ULONG_PTR_ERROR);
}
FORCEINLINE NTSTATUS RtlLongToULongLong(LONG Operand, ULONGLONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (ULONGLONG)ULONGLONG_ERROR);
}
FORCEINLINE NTSTATUS RtlLongLongToULong(LONGLONG Operand, ULONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (ULONG)ULONG_ERROR);
}
FORCEINLINE NTSTATUS RtlLongLongToLong(LONGLONG Operand, LONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (LONG)LONG_ERROR);
}
FORCEINLINE NTSTATUS RtlLongLongToInt(LONGLONG Operand, INT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (INT)INT_ERROR);
}
FORCEINLINE NTSTATUS RtlLongLongToUInt(LONGLONG Operand, UINT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (UINT)UINT_ERROR);
}
FORCEINLINE NTSTATUS RtlLongLongToULongLong(LONGLONG Operand, ULONGLONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (ULONGLONG)ULONGLONG_ERROR);
}
FORCEINLINE NTSTATUS RtlLongLongToSizeT(LONGLONG Operand, SIZE_T *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (SIZE_T)SIZET_ERROR);
}
FORCEINLINE NTSTATUS RtlULongLongToULong(ULONGLONG Operand, ULONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (ULONG)ULONG_ERROR);
}
FORCEINLINE NTSTATUS RtlULongLongToUInt(ULONGLONG Operand, UINT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (UINT)UINT_ERROR);
}
FORCEINLINE NTSTATUS RtlULongLongToLong(ULONGLONG Operand, LONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (LONG)LONG_ERROR);
}
FORCEINLINE NTSTATUS RtlULongLongToInt(ULONGLONG Operand, INT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (INT)INT_ERROR);
}
FORCEINLINE NTSTATUS RtlULongLongToUShort(ULONGLONG Operand, USHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (USHORT)USHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlULongLongToLongLong(ULONGLONG Operand, LONGLONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (LONGLONG)LONGLONG_ERROR);
}
FORCEINLINE NTSTATUS RtlULongLongToSizeT(ULONGLONG Operand, SIZE_T *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (SIZE_T)SIZET_ERROR);
}
FORCEINLINE NTSTATUS RtlULongLongToULongPtr(ULONGLONG Operand, ULONG_PTR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (ULONG_PTR)ULONG_PTR_ERROR);
}
FORCEINLINE NTSTATUS RtlULongLongToLongPtr(ULONGLONG Operand, LONG_PTR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (LONG_PTR)LONG_PTR_ERROR);
}
FORCEINLINE NTSTATUS RtlSizeTToULong(SIZE_T Operand, ULONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (ULONG)ULONG_ERROR);
}
FORCEINLINE NTSTATUS RtlSizeTToUInt(SIZE_T Operand, UINT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (UINT)UINT_ERROR);
}
FORCEINLINE NTSTATUS RtlSizeTToUShort(SIZE_T Operand, USHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (USHORT)USHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlSizeTToLong(SIZE_T Operand, LONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (LONG)LONG_ERROR);
}
FORCEINLINE NTSTATUS RtlSizeTToInt(SIZE_T Operand, INT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (INT)INT_ERROR);
}
FORCEINLINE NTSTATUS RtlSizeTToDWord(SIZE_T Operand, DWORD *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (DWORD)DWORD_ERROR);
}
FORCEINLINE NTSTATUS RtlULongPtrToULong(ULONG_PTR Operand, ULONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (ULONG)ULONG_ERROR);
}
FORCEINLINE NTSTATUS RtlULongPtrToUInt(ULONG_PTR Operand, UINT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (UINT)UINT_ERROR);
}
FORCEINLINE NTSTATUS RtlULongPtrToLong(ULONG_PTR Operand, LONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (LONG)LONG_ERROR);
}
FORCEINLINE NTSTATUS RtlULongPtrToUShort(ULONG_PTR Operand, USHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (USHORT)USHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlLongPtrToULong(LONG_PTR Operand, ULONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (ULONG)ULONG_ERROR);
}
FORCEINLINE NTSTATUS RtlLongPtrToLong(LONG_PTR Operand, LONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (LONG)LONG_ERROR);
}
FORCEINLINE NTSTATUS RtlLongPtrToULongPtr(LONG_PTR Operand, ULONG_PTR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (ULONG_PTR)ULONG_PTR_ERROR);
}
FORCEINLINE NTSTATUS RtlLongPtrToSizeT(LONG_PTR Operand, SIZE_T *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (SIZE_T)SIZET_ERROR);
}
FORCEINLINE NTSTATUS RtlDWordPtrToULong(DWORD_PTR Operand, ULONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Operand, 0, pResult), pResult, (ULONG)ULONG_ERROR);
}

/* ---- arithmetic ---- */
FORCEINLINE NTSTATUS RtlUShortAdd(USHORT Augend, USHORT Addend, USHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (USHORT)USHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlUShortSub(USHORT Minuend, USHORT Subtrahend, USHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (USHORT)USHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlUShortMult(USHORT Multiplicand, USHORT Multiplier, USHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (USHORT)USHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlUIntAdd(UINT Augend, UINT Addend, UINT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (UINT)UINT_ERROR);
}
FORCEINLINE NTSTATUS RtlUIntSub(UINT Minuend, UINT Subtrahend, UINT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (UINT)UINT_ERROR);
}
FORCEINLINE NTSTATUS RtlUIntMult(UINT Multiplicand, UINT Multiplier, UINT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (UINT)UINT_ERROR);
}
FORCEINLINE NTSTATUS RtlULongAdd(ULONG Augend, ULONG Addend, ULONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (ULONG)ULONG_ERROR);
}
FORCEINLINE NTSTATUS RtlULongSub(ULONG Minuend, ULONG Subtrahend, ULONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (ULONG)ULONG_ERROR);
}
FORCEINLINE NTSTATUS RtlULongMult(ULONG Multiplicand, ULONG Multiplier, ULONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (ULONG)ULONG_ERROR);
}
FORCEINLINE NTSTATUS RtlULongLongAdd(ULONGLONG Augend, ULONGLONG Addend, ULONGLONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (ULONGLONG)ULONGLONG_ERROR);
}
FORCEINLINE NTSTATUS RtlULongLongSub(ULONGLONG Minuend, ULONGLONG Subtrahend, ULONGLONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (ULONGLONG)ULONGLONG_ERROR);
}
FORCEINLINE NTSTATUS RtlULongLongMult(ULONGLONG Multiplicand, ULONGLONG Multiplier, ULONGLONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (ULONGLONG)ULONGLONG_ERROR);
}
FORCEINLINE NTSTATUS RtlSizeTAdd(SIZE_T Augend, SIZE_T Addend, SIZE_T *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (SIZE_T)SIZET_ERROR);
}
FORCEINLINE NTSTATUS RtlSizeTSub(SIZE_T Minuend, SIZE_T Subtrahend, SIZE_T *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (SIZE_T)SIZET_ERROR);
}
FORCEINLINE NTSTATUS RtlSizeTMult(SIZE_T Multiplicand, SIZE_T Multiplier, SIZE_T *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (SIZE_T)SIZET_ERROR);
}
FORCEINLINE NTSTATUS RtlULongPtrAdd(ULONG_PTR Augend, ULONG_PTR Addend, ULONG_PTR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (ULONG_PTR)ULONG_PTR_ERROR);
}
FORCEINLINE NTSTATUS RtlULongPtrSub(ULONG_PTR Minuend, ULONG_PTR Subtrahend, ULONG_PTR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (ULONG_PTR)ULONG_PTR_ERROR);
}
FORCEINLINE NTSTATUS RtlULongPtrMult(ULONG_PTR Multiplicand, ULONG_PTR Multiplier, ULONG_PTR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (ULONG_PTR)ULONG_PTR_ERROR);
}
FORCEINLINE NTSTATUS RtlDWordAdd(DWORD Augend, DWORD Addend, DWORD *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (DWORD)DWORD_ERROR);
}
FORCEINLINE NTSTATUS RtlDWordSub(DWORD Minuend, DWORD Subtrahend, DWORD *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (DWORD)DWORD_ERROR);
}
FORCEINLINE NTSTATUS RtlDWordMult(DWORD Multiplicand, DWORD Multiplier, DWORD *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (DWORD)DWORD_ERROR);
}
FORCEINLINE NTSTATUS RtlDWordPtrAdd(DWORD_PTR Augend, DWORD_PTR Addend, DWORD_PTR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (DWORD_PTR)DWORD_PTR_ERROR);
}
FORCEINLINE NTSTATUS RtlDWordPtrSub(DWORD_PTR Minuend, DWORD_PTR Subtrahend, DWORD_PTR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (DWORD_PTR)DWORD_PTR_ERROR);
}
FORCEINLINE NTSTATUS RtlDWordPtrMult(DWORD_PTR Multiplicand, DWORD_PTR Multiplier, DWORD_PTR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (DWORD_PTR)DWORD_PTR_ERROR);
}
FORCEINLINE NTSTATUS RtlShortAdd(SHORT Augend, SHORT Addend, SHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (SHORT)SHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlShortSub(SHORT Minuend, SHORT Subtrahend, SHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (SHORT)SHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlShortMult(SHORT Multiplicand, SHORT Multiplier, SHORT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (SHORT)SHORT_ERROR);
}
FORCEINLINE NTSTATUS RtlIntAdd(INT Augend, INT Addend, INT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (INT)INT_ERROR);
}
FORCEINLINE NTSTATUS RtlIntSub(INT Minuend, INT Subtrahend, INT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (INT)INT_ERROR);
}
FORCEINLINE NTSTATUS RtlIntMult(INT Multiplicand, INT Multiplier, INT *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (INT)INT_ERROR);
}
FORCEINLINE NTSTATUS RtlLongAdd(LONG Augend, LONG Addend, LONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (LONG)LONG_ERROR);
}
FORCEINLINE NTSTATUS RtlLongSub(LONG Minuend, LONG Subtrahend, LONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (LONG)LONG_ERROR);
}
FORCEINLINE NTSTATUS RtlLongMult(LONG Multiplicand, LONG Multiplier, LONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (LONG)LONG_ERROR);
}
FORCEINLINE NTSTATUS RtlLongLongAdd(LONGLONG Augend, LONGLONG Addend, LONGLONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (LONGLONG)LONGLONG_ERROR);
}
FORCEINLINE NTSTATUS RtlLongLongSub(LONGLONG Minuend, LONGLONG Subtrahend, LONGLONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (LONGLONG)LONGLONG_ERROR);
}
FORCEINLINE NTSTATUS RtlLongLongMult(LONGLONG Multiplicand, LONGLONG Multiplier, LONGLONG *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (LONGLONG)LONGLONG_ERROR);
}
FORCEINLINE NTSTATUS RtlLongPtrAdd(LONG_PTR Augend, LONG_PTR Addend, LONG_PTR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (LONG_PTR)LONG_PTR_ERROR);
}
FORCEINLINE NTSTATUS RtlLongPtrSub(LONG_PTR Minuend, LONG_PTR Subtrahend, LONG_PTR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (LONG_PTR)LONG_PTR_ERROR);
}
FORCEINLINE NTSTATUS RtlLongPtrMult(LONG_PTR Multiplicand, LONG_PTR Multiplier, LONG_PTR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (LONG_PTR)LONG_PTR_ERROR);
}
FORCEINLINE NTSTATUS RtlInt8Add(INT8 Augend, INT8 Addend, INT8 *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (INT8)INT8_ERROR);
}
FORCEINLINE NTSTATUS RtlInt8Sub(INT8 Minuend, INT8 Subtrahend, INT8 *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (INT8)INT8_ERROR);
}
FORCEINLINE NTSTATUS RtlInt8Mult(INT8 Multiplicand, INT8 Multiplier, INT8 *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (INT8)INT8_ERROR);
}
FORCEINLINE NTSTATUS RtlUInt8Add(UINT8 Augend, UINT8 Addend, UINT8 *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (UINT8)UINT8_ERROR);
}
FORCEINLINE NTSTATUS RtlUInt8Sub(UINT8 Minuend, UINT8 Subtrahend, UINT8 *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (UINT8)UINT8_ERROR);
}
FORCEINLINE NTSTATUS RtlUInt8Mult(UINT8 Multiplicand, UINT8 Multiplier, UINT8 *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (UINT8)UINT8_ERROR);
}
FORCEINLINE NTSTATUS RtlByteAdd(BYTE Augend, BYTE Addend, BYTE *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (BYTE)BYTE_ERROR);
}
FORCEINLINE NTSTATUS RtlByteSub(BYTE Minuend, BYTE Subtrahend, BYTE *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (BYTE)BYTE_ERROR);
}
FORCEINLINE NTSTATUS RtlByteMult(BYTE Multiplicand, BYTE Multiplier, BYTE *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (BYTE)BYTE_ERROR);
}
FORCEINLINE NTSTATUS RtlUCharAdd(UCHAR Augend, UCHAR Addend, UCHAR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_add_overflow(Augend, Addend, pResult), pResult, (UCHAR)UCHAR_ERROR);
}
FORCEINLINE NTSTATUS RtlUCharSub(UCHAR Minuend, UCHAR Subtrahend, UCHAR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_sub_overflow(Minuend, Subtrahend, pResult), pResult, (UCHAR)UCHAR_ERROR);
}
FORCEINLINE NTSTATUS RtlUCharMult(UCHAR Multiplicand, UCHAR Multiplier, UCHAR *pResult)
{
    return KWMI_INTSAFE_RESULT(__builtin_mul_overflow(Multiplicand, Multiplier, pResult), pResult, (UCHAR)UCHAR_ERROR);
}

#ifdef __cplusplus
}
#endif

#endif /* KWMI_WDK_NTINTSAFE_H */
