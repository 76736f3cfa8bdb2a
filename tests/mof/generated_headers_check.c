/* Compiles generated headers as C (gnu17, -fshort-wchar) against our WDK headers and
   exposes a few facts to the C++ tests. <initguid.h> first: DEFINE_GUID defines here. */
#include <ntdef.h>
#include <initguid.h>
#include <guiddef.h>
#include "StorageMof.h"
#include "LayoutMof.h"

const GUID *kwmi_mof_test_gadget_guid(void) { return &Acme_Gadget_GUID; }
int kwmi_mof_test_storage_vendor_chars(void) { return (int)(sizeof(((STORAGE_ADAPTER *)0)->Vendor) / sizeof(WCHAR)); }
int kwmi_mof_test_widget_fixed_part(void) { return (int)UFIELD_OFFSET(WIDGET, VariableData); }
int kwmi_mof_test_scalars_size(void) { return SCALARS_SIZE; }
