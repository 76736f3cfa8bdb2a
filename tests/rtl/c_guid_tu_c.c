/* c_guid_tu_c.c - includes the header first (declaration), then <initguid.h> and the
 * header again (definition), as drivers do with device-class headers. */
#include <ntdef.h>
#include "c_test_guids.h"
#include <initguid.h>
#include "c_test_guids.h"

const GUID *GuidAddressFromTuC(void) { return &KWMI_TEST_GUID_ALPHA; }
