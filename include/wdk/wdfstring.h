/*
 * wdfstring.h - WDFSTRING: a framework-owned counted Unicode string.
 */
#ifndef KWMI_WDK_WDFSTRING_H
#define KWMI_WDK_WDFSTRING_H

#include <wdfobject.h>

WDF_EXTERN_C_START

_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfStringCreate(_In_opt_ PCUNICODE_STRING UnicodeString,
                                                            _In_opt_ PWDF_OBJECT_ATTRIBUTES StringAttributes,
                                                            _Out_ WDFSTRING *String);
WDFAPI VOID NTAPI WdfStringGetUnicodeString(_In_ WDFSTRING String, _Out_ PUNICODE_STRING UnicodeString);

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFSTRING_H */
