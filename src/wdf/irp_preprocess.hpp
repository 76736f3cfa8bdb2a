// A driver's WDM preprocess callback for one major function (WdfDeviceInitAssignWdmIrpPreprocessCallback):
// the callback sees the listed minor functions first, or every one when none is listed.
#pragma once

#include <wdf.h>

#include <algorithm>
#include <array>
#include <vector>

namespace kwmi::wdf {

struct IrpPreprocess {
    PFN_WDFDEVICE_WDM_IRP_PREPROCESS callback = nullptr;
    std::vector<UCHAR> minors;  // empty: every minor function

    bool Applies(UCHAR minor) const {
        return callback != nullptr && (minors.empty() || std::find(minors.begin(), minors.end(), minor) != minors.end());
    }
};

using IrpPreprocessTable = std::array<IrpPreprocess, IRP_MJ_MAXIMUM_FUNCTION + 1>;

}  // namespace kwmi::wdf
