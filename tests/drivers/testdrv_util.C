/* testdrv_util.C - an upper-case .C source (compiled as C by kwmi_add_driver). */
#include "TESTDRV.H"

ULONG TestDrvIncrement(ULONG Value)
{
    /* `class` is a C++ keyword: this only compiles as C. */
    ULONG class = Value + 1;
    return class;
}
