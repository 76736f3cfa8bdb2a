/*
 * kwmi_compiler.h - compiler glue that lets MSVC-style driver sources build with gcc/clang.
 *
 * Calling conventions expand to nothing, so a callback declared by its role type and defined
 * without NTAPI stays type-identical (an ms_abi attribute would make every such pair a
 * "conflicting types" error). In C, __inline becomes `static __inline__`: MSVC emits such
 * functions as COMDATs, and with gcc C99 inline gives undefined references at -O0 while
 * gnu89 inline gives multiple definitions. In C++ __inline is left alone: it is already a
 * GNU keyword with COMDAT (vague) linkage.
 */
#ifndef KWMI_WDK_COMPILER_H
#define KWMI_WDK_COMPILER_H

/*
 * The C library headers drivers include, pulled in *before* the macros below: glibc's
 * headers use `__inline` themselves (`extern __inline`, `static __inline`, the fortify
 * wrappers at -O2), which our C macro would break. Once included here their include
 * guards keep later #includes of them harmless.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <ctype.h>

#define NTAPI
#define NTAPI_INLINE
#define WINAPI
#define APIENTRY
#define CALLBACK
#define __stdcall
#define __cdecl
#define __fastcall
#define __thiscall
#define __vectorcall
#define FASTCALL
#define NTSYSAPI
#define NTSYSCALLAPI
#define NTKERNELAPI
#define NTHALAPI
#define DECLSPEC_IMPORT
#define DECLSPEC_EXPORT
#define DECLSPEC_NOINLINE __attribute__((noinline))
#define DECLSPEC_NORETURN __attribute__((noreturn))
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#define DECLSPEC_CACHEALIGN DECLSPEC_ALIGN(64)
#define DECLSPEC_SELECTANY __attribute__((weak))
#define DECLSPEC_NOTHROW
#define DECLSPEC_NOVTABLE
#define DECLSPEC_DEPRECATED
#define DECLSPEC_DEPRECATED_DDK
#define DECLSPEC_DEPRECATED_DDK_WINXP
#define DECLSPEC_GUARDNOCF
#define DECLSPEC_GUARD_SUPPRESS
#define DECLSPEC_ADDRSAFE
#define DECLSPEC_RESTRICT
#define DECLSPEC_SAFEBUFFERS
#define DECLSPEC_NOSANITIZE_ADDRESS
#define DEPRECATED
#define __declspec(x)
#define __forceinline static inline __attribute__((always_inline))
#ifndef __cplusplus
#define __inline static __inline__
#endif
#define FORCEINLINE static inline __attribute__((always_inline, unused))
#define CFORCEINLINE FORCEINLINE
#define NOINLINE __attribute__((noinline))
#define __pragma(x)
#define __unaligned
#define __ptr64
#define __ptr32
#define __nullterminated
#define __int8 char
#define __int16 short
#define __int32 int
#define __int64 long long
#define __assume(x) ((void)0)
#define __noop(...) ((void)0)

#ifdef __cplusplus
#define KWMI_EXTERN_C extern "C"
#define KWMI_EXTERN_C_BEGIN extern "C" {
#define KWMI_EXTERN_C_END }
#define KWMI_STATIC_ASSERT(e, msg) static_assert(e, msg)
#else
#define KWMI_EXTERN_C extern
#define KWMI_EXTERN_C_BEGIN
#define KWMI_EXTERN_C_END
#define KWMI_STATIC_ASSERT(e, msg) _Static_assert(e, msg)
#endif
#define C_ASSERT(e) KWMI_STATIC_ASSERT(e, #e)
#define KWMI_NORETURN __attribute__((noreturn))
#define KWMI_PRINTF_LIKE(fmt, args) /* MS specifiers (%ws, %I64x) are not gcc printf */

#endif /* KWMI_WDK_COMPILER_H */
