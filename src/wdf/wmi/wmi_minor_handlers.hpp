// wmi_minor_handlers.hpp - the per-minor buffer logic of spec §5.3-§5.9, over raw WNODE bytes.
// Each handler receives an already-routed provider/instance and produces the IRP's status and
// Information; none holds a lock while calling the driver.
#pragma once

#include "wmi_handler.hpp"

namespace kwmi::wdf::wmi {

WmiRequestResult HandleQueryAllData(WmiHandler &handler, WmiProvider &provider, ULONG bufferSize, UCHAR *wnode);
WmiRequestResult HandleQuerySingleInstance(WmiHandler &handler, WmiInstance &instance, ULONG bufferSize,
                                           UCHAR *wnode);
WmiRequestResult HandleChangeSingleInstance(WmiInstance &instance, ULONG bufferSize, UCHAR *wnode);
WmiRequestResult HandleChangeSingleItem(WmiInstance &instance, ULONG bufferSize, UCHAR *wnode);
WmiRequestResult HandleExecuteMethod(WmiHandler &handler, WmiInstance &instance, ULONG bufferSize, UCHAR *wnode);
WmiRequestResult HandleEnableDisable(WmiProvider &provider, UCHAR minor, ULONG bufferSize, UCHAR *wnode);

} // namespace kwmi::wdf::wmi
