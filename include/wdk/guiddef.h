/* guiddef.h - GUID type, DEFINE_GUID (declaration form; <initguid.h> switches to definitions). */
#ifndef KWMI_WDK_GUIDDEF_H
#define KWMI_WDK_GUIDDEF_H

#include <string.h>
#include <kwmi_compiler.h>

#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    unsigned int Data1; /* Windows "unsigned long": 32-bit */
    unsigned short Data2;
    unsigned short Data3;
    unsigned char Data4[8];
} GUID;
#endif
KWMI_STATIC_ASSERT(sizeof(GUID) == 16, "GUID is 16 bytes");
KWMI_STATIC_ASSERT(__builtin_offsetof(GUID, Data2) == 4, "GUID.Data2 at 4");
KWMI_STATIC_ASSERT(__builtin_offsetof(GUID, Data4) == 8, "GUID.Data4 at 8");

typedef GUID *LPGUID, *PGUID;
typedef const GUID *LPCGUID, *PCGUID;
typedef GUID IID, CLSID, FMTID;
typedef const GUID *REFGUID_PTR;
#ifdef __cplusplus
#define REFGUID const GUID &
#define REFIID const IID &
#else
#define REFGUID const GUID *
#define REFIID const IID *
#endif

#endif /* KWMI_WDK_GUIDDEF_H */

/* Outside the include guard: a header included again after <initguid.h> must now define
 * the GUIDs it only declared before. */
#undef DEFINE_GUID
#ifdef INITGUID
/* Weak (ELF's selectany): every translation unit may include <initguid.h>. */
#ifdef __cplusplus
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    extern "C" const GUID name __attribute__((weak));                 \
    extern "C" const GUID name __attribute__((weak)) = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    const GUID name __attribute__((weak)) = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#endif
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) KWMI_EXTERN_C const GUID name
#endif

#undef DEFINE_OLEGUID
#define DEFINE_OLEGUID(name, l, w1, w2) DEFINE_GUID(name, l, w1, w2, 0xC0, 0, 0, 0, 0, 0, 0, 0x46)

#ifndef KWMI_GUID_COMPARE_DEFINED
#define KWMI_GUID_COMPARE_DEFINED
#ifdef __cplusplus
#define IsEqualGUID(a, b) (memcmp(&(a), &(b), sizeof(GUID)) == 0)
#else
#define IsEqualGUID(a, b) (memcmp((a), (b), sizeof(GUID)) == 0)
#endif
#define InlineIsEqualGUID(a, b) IsEqualGUID(a, b)
#define IsEqualIID(a, b) IsEqualGUID(a, b)
#endif
