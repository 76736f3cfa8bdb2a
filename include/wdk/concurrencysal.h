/* concurrencysal.h - lock and concurrency annotations; they live with the rest of SAL in sal.h. */
#ifndef KWMI_WDK_CONCURRENCYSAL_H
#define KWMI_WDK_CONCURRENCYSAL_H
#include <sal.h>
#endif /* KWMI_WDK_CONCURRENCYSAL_H */
