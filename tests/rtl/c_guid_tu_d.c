/* c_guid_tu_d.c - only declares the GUID (no <initguid.h>) and uses the definition
 * another translation unit provides. */
#include <ntdef.h>
#include "c_test_guids.h"

const GUID *GuidAddressFromTuD(void) { return &KWMI_TEST_GUID_ALPHA; }
int GuidTuDComparesEqual(const GUID *other) { return IsEqualGUID(&KWMI_TEST_GUID_ALPHA, other); }
