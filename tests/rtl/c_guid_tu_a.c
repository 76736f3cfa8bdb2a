/* c_guid_tu_a.c - defines the test GUID (weakly) via <initguid.h>. */
#include <ntdef.h>
#include <initguid.h>
#include "c_test_guids.h"

const GUID *GuidAddressFromTuA(void) { return &KWMI_TEST_GUID_ALPHA; }
