/* initguid.h - makes DEFINE_GUID define (weakly) rather than declare. */
#define INITGUID
#include <guiddef.h>
