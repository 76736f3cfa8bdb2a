// Parent selection for create DDIs whose attributes may name a ParentObject.
#pragma once

#include "wdf/object.hpp"

namespace kwmi::wdf {

struct DriverGlobals;

// attributes->ParentObject resolved (bug check 0x10D if it is not a live object), else the
// calling driver's WDFDRIVER (null if none).
Object *ResolveParentOrDriver(const WDF_OBJECT_ATTRIBUTES *attributes, DriverGlobals *globals);

// attributes->ParentObject resolved, else null. Use when a parent is required by the DDI.
Object *ResolveOptionalParent(const WDF_OBJECT_ATTRIBUTES *attributes);

}  // namespace kwmi::wdf
