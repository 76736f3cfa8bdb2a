/*
 * specstrings.h - the SAL set plus the legacy (SAL 1) double-underscore annotations.
 * The legacy names (__in, __out, ...) are defined for C only: libstdc++ uses `__out` and
 * `__in` as parameter names, so defining them in C++ would break the standard headers.
 */
#ifndef KWMI_WDK_SPECSTRINGS_H
#define KWMI_WDK_SPECSTRINGS_H

#include <sal.h>
#include <driverspecs.h>

#ifndef __cplusplus
#define __in
#define __in_opt
#define __in_z
#define __in_z_opt
#define __out
#define __out_opt
#define __out_z
#define __out_z_opt
#define __inout
#define __inout_opt
#define __inout_z
#define __inout_z_opt
#define __deref_out
#define __deref_out_opt
#define __deref_inout
#define __deref_inout_opt
#define __deref_out_z
#define __deref_in
#define __deref_opt_out
#define __checkReturn
#define __reserved
#define __callback
#define __notnull
#define __maybenull
#define __null
#define __override
#define __format_string
#define __blocksOn(...)
#define __success(...)
#define __in_bcount(...)
#define __in_bcount_opt(...)
#define __in_ecount(...)
#define __in_ecount_opt(...)
#define __in_xcount(...)
#define __in_range(...)
#define __out_bcount(...)
#define __out_bcount_opt(...)
#define __out_ecount(...)
#define __out_ecount_opt(...)
#define __out_bcount_part(...)
#define __out_bcount_part_opt(...)
#define __out_ecount_part(...)
#define __out_ecount_part_opt(...)
#define __out_bcount_full(...)
#define __out_ecount_full(...)
#define __out_xcount(...)
#define __out_range(...)
#define __inout_bcount(...)
#define __inout_bcount_opt(...)
#define __inout_ecount(...)
#define __inout_ecount_opt(...)
#define __inout_bcount_part(...)
#define __inout_ecount_part(...)
#define __inout_bcount_full(...)
#define __inout_ecount_full(...)
#define __deref_out_bcount(...)
#define __deref_out_ecount(...)
#define __deref_out_bcount_opt(...)
#define __deref_out_ecount_opt(...)
#define __deref_out_range(...)
#define __field_bcount(...)
#define __field_ecount(...)
#define __field_bcount_part(...)
#define __field_ecount_part(...)
#define __field_range(...)
#define __bcount(...)
#define __ecount(...)
#define __bcount_opt(...)
#define __ecount_opt(...)
#define __range(...)
#define __typefix(...)
#define __deref
#endif /* !__cplusplus */

#endif /* KWMI_WDK_SPECSTRINGS_H */
