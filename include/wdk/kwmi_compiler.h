/*
 * kwmi_compiler.h - compiler glue that lets MSVC-style driver sources build with gcc/clang.
 * Calling conventions expand to nothing so a callback declared by its role type and defined
 * without NTAPI stays type-identical; __inline is `static inline` (MSVC emits COMDATs).
 */
#ifndef KWMI_WDK_COMPILER_H
#define KWMI_WDK_COMPILER_H

#define NTAPI
#define NTAPI_INLINE
#define WINAPI
#define APIENTRY
#define CALLBACK
#define __stdcall
#define __cdecl
#define __fastcall
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
#define DECLSPEC_DEPRECATED_DDK
#define DECLSPEC_GUARDNOCF
#define DECLSPEC_ADDRSAFE
#define __declspec(x)
#define __forceinline static inline __attribute__((always_inline))
#define __inline static __inline__
#define FORCEINLINE static inline __attribute__((always_inline, unused))
#define CFORCEINLINE FORCEINLINE
#define __pragma(x)
#define __unaligned
#define __ptr64
#define __ptr32
#define __nullterminated
#define __int8 char
#define __int16 short
#define __int32 int
#define __int64 long long

#ifdef __cplusplus
#define KWMI_EXTERN_C extern "C"
#define KWMI_STATIC_ASSERT(e, msg) static_assert(e, msg)
#else
#define KWMI_EXTERN_C extern
#define KWMI_STATIC_ASSERT(e, msg) _Static_assert(e, msg)
#endif
#define C_ASSERT(e) KWMI_STATIC_ASSERT(e, #e)

#endif /* KWMI_WDK_COMPILER_H */
