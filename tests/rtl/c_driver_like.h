/* c_driver_like.h - functions the driver-like C translation units export to the tests.
 * c_driver_like.c is compiled twice (-O0 and -O2); KWMI_TU names each copy. */
#ifndef KWMI_RTL_TEST_DRIVER_LIKE_H
#define KWMI_RTL_TEST_DRIVER_LIKE_H

#include <ntdef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KWMI_DL_DECLARE(suffix)                                                        \
    size_t DlWcslen_##suffix(const wchar_t *text);                                    \
    size_t DlWcslenLiteral_##suffix(void);                                            \
    const void *DlWcslenAddress_##suffix(void);                                       \
    const ULONG *DlStaticSizes_##suffix(void);                                        \
    ULONG DlInlineHelper_##suffix(ULONG value);                                       \
    int DlAnalysisAssumeEvaluations_##suffix(void);                                   \
    const UNICODE_STRING *DlConstString_##suffix(void);                               \
    const UNICODE_STRING *DlConstantString_##suffix(void);                            \
    ULONG DlListWalk_##suffix(void);                                                  \
    void DlPagedFunction_##suffix(void);                                              \
    int DlAssert_##suffix(int condition);                                             \
    int DlNtAssert_##suffix(int condition);                                           \
    void DlKdPrint_##suffix(void);                                                    \
    NTSTATUS DlFormatUnicode_##suffix(UNICODE_STRING *out);                           \
    int DlMinMax_##suffix(int a, int b);                                              \
    ULONG DlStdlibAfterWdk_##suffix(void);                                            \
    ULONG DlDeclareUnicodeStringSize_##suffix(void);

KWMI_DL_DECLARE(O0)
KWMI_DL_DECLARE(O2)

const GUID *GuidAddressFromTuA(void);
const GUID *GuidAddressFromTuB(void);
const GUID *GuidAddressFromTuC(void);
const GUID *GuidAddressFromTuD(void);
int GuidTuDComparesEqual(const GUID *other);

#ifdef __cplusplus
}
#endif

#endif /* KWMI_RTL_TEST_DRIVER_LIKE_H */
