/* sal.h - SAL annotations expand to nothing (placeholder; the full set follows). */
#ifndef KWMI_WDK_SAL_H
#define KWMI_WDK_SAL_H
#define _In_
#define _Out_
#define _Inout_
#define _In_opt_
#define _Out_opt_
#define _Inout_opt_
#endif
