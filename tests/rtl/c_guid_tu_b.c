/* c_guid_tu_b.c - defines the same GUID again in another translation unit: both weak
 * definitions must link and resolve to one object. */
#include <ntdef.h>
#include <initguid.h>
#include "c_test_guids.h"

const GUID *GuidAddressFromTuB(void) { return &KWMI_TEST_GUID_ALPHA; }
