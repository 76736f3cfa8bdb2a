// wdffileobject.h. The simulator opens no files (IRP_MJ_CREATE completes without a framework
// file object, docs/hosting-and-inspecting.md), so no WDFFILEOBJECT handle exists: the DDI
// resolves its argument like KMDF does, and anything passed to it is an invalid handle.
#include "wdf/device.hpp"
#include "wdf/handles.hpp"
#include "verifier/verifier.hpp"

using namespace kwmi::wdf;

namespace {

class FileObject final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::FileObject;
    FileObject(DriverGlobals *globals, kwmi::wdf::Device &device) : Object(kType, globals), device_(device) {}
    kwmi::wdf::Device &GetDevice() const noexcept { return device_; }

private:
    ~FileObject() override = default;
    kwmi::wdf::Device &device_;
};

}  // namespace

extern "C" WDFDEVICE WdfFileObjectGetDevice(WDFFILEOBJECT FileObject) {
    KWMI_DDI_ENTRY(WdfFileObjectGetDevice);
    return static_cast<WDFDEVICE>(Resolve<::FileObject>(FileObject)->GetDevice().Handle());
}
