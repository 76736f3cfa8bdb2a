// wdffileobject.h. A framework file object is a child of the device it was opened on. The
// simulator opens no files (IRP_MJ_CREATE completes without a framework file object), so no
// WDFFILEOBJECT exists yet and any handle passed here is the invalid-handle bug check.
#include "wdf/device.hpp"
#include "wdf/handles.hpp"
#include "verifier/verifier.hpp"

using namespace kwmi::wdf;

extern "C" WDFDEVICE WdfFileObjectGetDevice(WDFFILEOBJECT FileObject) {
    KWMI_DDI_ENTRY(WdfFileObjectGetDevice);
    Object *file = ResolveHandle(FileObject, ObjectType::FileObject);
    return static_cast<WDFDEVICE>(file->Parent()->Handle());
}
