// KMDF's internal object type codes. They are observable: bug check 0x10D reports the
// required type as parameter 3 (kmdf-wmi-semantics.md §1.1, §2.1).
#pragma once

#include <cstdint>

namespace kwmi::wdf {

enum class ObjectType : std::uint16_t {
    Object = 0x1000,  // "any object" for generic DDIs (WdfObjectDelete, contexts …)
    Driver = 0x1001,
    Device = 0x1002,
    Queue = 0x1003,
    WmiProvider = 0x1004,
    RegKey = 0x1006,
    String = 0x1007,
    Request = 0x1008,
    Lookaside = 0x1009,
    Memory = 0x100A,
    IrpQueue = 0x100B,
    UserObject = 0x100C,
    Collection = 0x100E,
    Dpc = 0x1015,
    CmResourceList = 0x1036,
    FileObject = 0x1018,
    WaitLock = 0x1023,
    SpinLock = 0x1024,
    WorkItem = 0x1025,
    Interrupt = 0x1027,
    Timer = 0x1028,
    ChildList = 0x1029,
    WmiInstance = 0x1034,
    WmiIrpHandler = 0x1103,  // per-device package, never exposed as a handle
};

const char *ObjectTypeName(ObjectType type) noexcept;

}  // namespace kwmi::wdf
