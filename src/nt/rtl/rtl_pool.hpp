// rtl_pool.hpp - internal: the pool allocations Rtl string routines hand to drivers
// (freed with RtlFreeUnicodeString/RtlFreeAnsiString). The pool itself is the kernel's.
#pragma once

#include <cstddef>

namespace kwmi::rtl {

// Paged pool, tag KWMI_RTL_STRING_POOL_TAG; nullptr when the pool refuses.
void *AllocateStringPool(std::size_t bytes);
void FreeStringPool(void *buffer);

}  // namespace kwmi::rtl
