// wmi_wdk.hpp - includes the WDK C headers from C++: the standard library first, then the
// WDK headers, then drops the WDK's min/max macros so later standard headers still parse.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <ntdef.h>
#include <guiddef.h>
#include <wdfwmi.h>

#undef min
#undef max
