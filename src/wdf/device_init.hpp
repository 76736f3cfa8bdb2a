// WDFDEVICE_INIT: what EvtDriverDeviceAdd (or WdfControlDeviceInitAllocate) collects
// before WdfDeviceCreate consumes it.
#pragma once

#include "wdf/irp_preprocess.hpp"

#include <wdf.h>

#include <string>

namespace kwmi::wdf {
class Device;
class Driver;
enum class DeviceKind;
}  // namespace kwmi::wdf

struct WDFDEVICE_INIT {
    kwmi::wdf::Driver *driver = nullptr;
    bool control = false;           // from WdfControlDeviceInitAllocate
    bool filter = false;            // WdfFdoInitSetFilter
    bool pdo = false;               // a bus driver's child PDO (static or from a child list)
    bool allocatedByDriver = false; // control inits must be freed by the driver on failure
    bool consumed = false;          // WdfDeviceCreate succeeded
    PDEVICE_OBJECT physicalDevice = nullptr;  // the stack PDO (null for control devices)
    DEVICE_TYPE deviceType = FILE_DEVICE_UNKNOWN;
    ULONG characteristics = 0;
    bool exclusive = false;
    WDF_DEVICE_IO_TYPE ioType = WdfDeviceIoBuffered;
    WDF_TRI_STATE powerPolicyOwner = WdfUseDefault;
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPower{};
    WDF_POWER_POLICY_EVENT_CALLBACKS powerPolicy{};
    WDF_FILEOBJECT_CONFIG fileObjectConfig{};
    bool hasFileObjectConfig = false;
    kwmi::wdf::IrpPreprocessTable preprocess;  // per major function
    std::u16string name;
    std::u16string sddl;
    // PDO identity (WdfPdoInit*): the bus FDO and what PnP would read from the child.
    kwmi::wdf::Device *parentDevice = nullptr;
    std::u16string deviceId;
    std::u16string instanceId;
    std::u16string hardwareIds;    // REG_MULTI_SZ body: each ID followed by a NUL
    std::u16string compatibleIds;  // REG_MULTI_SZ body
    std::u16string description;
    std::u16string location;
    // WdfFdoInitSetDefaultChildListConfig: WdfDeviceCreate creates the default child list.
    bool hasDefaultChildList = false;
    WDF_CHILD_LIST_CONFIG defaultChildList{};
    bool hasDefaultChildListAttributes = false;
    WDF_OBJECT_ATTRIBUTES defaultChildListAttributes{};
    // Set by WdfDeviceCreate: what a framework-owned init (a child list's) became.
    kwmi::wdf::Device *created = nullptr;
};
