// The WDF handle table: a handle names a slot and its generation, so NULL, garbage, stale
// (destroyed) and wrong-type handles are all detected and reported as bug check 0x10D.
#include "wdf/handles.hpp"

#include "wdf/globals.hpp"

#include <kwmi/bugcheck.hpp>

#include <dlfcn.h>
#include <unwind.h>

#include <cstdio>
#include <mutex>
#include <vector>

namespace kwmi::wdf {
namespace {

// handle = generation << 32 | (slot + 1) << 4 | kTag. The odd tag means no handle is ever
// a valid object pointer, and a zeroed or pointer-like value never decodes.
constexpr std::uint64_t kTag = 0x9;
constexpr std::uint64_t kTagMask = 0xF;

struct Slot {
    Object *object = nullptr;
    std::uint32_t generation = 1;
};

struct Table {
    std::mutex mutex;
    std::vector<Slot> slots;
    std::vector<std::uint32_t> freeSlots;
};

Table &GetTable() {
    static Table *table = new Table();  // never destroyed: objects may outlive static teardown
    return *table;
}

Object *Lookup(WDFOBJECT handle) noexcept {
    const auto value = reinterpret_cast<std::uint64_t>(handle);
    if ((value & kTagMask) != kTag) return nullptr;
    const std::uint64_t slotPlusOne = (value & 0xFFFFFFFFull) >> 4;
    if (slotPlusOne == 0) return nullptr;
    const auto generation = static_cast<std::uint32_t>(value >> 32);
    Table &table = GetTable();
    std::lock_guard lock(table.mutex);
    if (slotPlusOne > table.slots.size()) return nullptr;
    const Slot &slot = table.slots[slotPlusOne - 1];
    if (slot.object == nullptr || slot.generation != generation) return nullptr;
    return slot.object;
}

std::string HexHandle(WDFOBJECT handle) {
    char text[32];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(handle)));
    return text;
}

}  // namespace

WDFOBJECT AllocateHandle(Object *object) {
    Table &table = GetTable();
    std::lock_guard lock(table.mutex);
    std::uint32_t index;
    if (!table.freeSlots.empty()) {
        index = table.freeSlots.back();
        table.freeSlots.pop_back();
    } else {
        index = static_cast<std::uint32_t>(table.slots.size());
        table.slots.emplace_back();
    }
    Slot &slot = table.slots[index];
    slot.object = object;
    const std::uint64_t value = (static_cast<std::uint64_t>(slot.generation) << 32) |
                                ((static_cast<std::uint64_t>(index) + 1) << 4) | kTag;
    return reinterpret_cast<WDFOBJECT>(value);
}

void ReleaseHandle(WDFOBJECT handle) noexcept {
    const auto value = reinterpret_cast<std::uint64_t>(handle);
    if ((value & kTagMask) != kTag) return;
    const std::uint64_t slotPlusOne = (value & 0xFFFFFFFFull) >> 4;
    Table &table = GetTable();
    std::lock_guard lock(table.mutex);
    if (slotPlusOne == 0 || slotPlusOne > table.slots.size()) return;
    Slot &slot = table.slots[slotPlusOne - 1];
    slot.object = nullptr;
    slot.generation = slot.generation == 0xFFFFFFFFu ? 1 : slot.generation + 1;
    table.freeSlots.push_back(static_cast<std::uint32_t>(slotPlusOne - 1));
}

namespace {

struct DriverFrameSearch {
    const void *frameworkBase = nullptr;
    const void *site = nullptr;
};

_Unwind_Reason_Code FindDriverFrame(_Unwind_Context *context, void *argument) {
    auto *search = static_cast<DriverFrameSearch *>(argument);
    const _Unwind_Ptr ip = _Unwind_GetIP(context);
    if (ip == 0) return _URC_END_OF_STACK;
    Dl_info info{};
    if (dladdr(reinterpret_cast<void *>(ip), &info) != 0 && info.dli_fbase == search->frameworkBase) {
        return _URC_NO_REASON;  // still inside the framework: keep walking
    }
    search->site = reinterpret_cast<const void *>(ip);
    return _URC_END_OF_STACK;  // stops the walk
}

// The return address into the code that called the framework (the DDI's caller, as
// KWMI_DDI_ENTRY's __builtin_return_address(0)): the first frame outside this library. The
// violation is found several framework frames deep (Resolve<T>, ResolveHandle), so the
// unwinder walks there; null when the framework is not a separate image.
const void *DriverCallSite() noexcept {
    Dl_info self{};
    if (dladdr(reinterpret_cast<const void *>(&FindDriverFrame), &self) == 0) return nullptr;
    DriverFrameSearch search;
    search.frameworkBase = self.dli_fbase;
    (void)_Unwind_Backtrace(&FindDriverFrame, &search);
    return search.site;
}

[[noreturn]] void RaiseWdfViolationAt(const void *callSite, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3, ULONG_PTR p4,
                                      const char *rule, const std::string &explanation) {
    nt::RaiseBugCheck(nt::bugcode::kWdfViolation, p1, p2, p3, p4, std::string("WDF_VIOLATION/") + rule,
                      explanation, callSite);
}

}  // namespace

void RaiseWdfViolation(ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3, ULONG_PTR p4, const char *rule,
                       const std::string &explanation) {
    RaiseWdfViolationAt(DriverCallSite(), p1, p2, p3, p4, rule, explanation);
}

Object *TryResolveHandle(WDFOBJECT handle, ObjectType required) noexcept {
    Object *object = Lookup(handle);
    if (object == nullptr) return nullptr;
    if (required != ObjectType::Object && object->Type() != required) return nullptr;
    return object;
}

Object *ResolveHandle(WDFOBJECT handle, ObjectType required) {
    Object *object = Lookup(handle);
    const auto requiredCode = static_cast<ULONG_PTR>(required);
    if (object == nullptr) {
        DriverGlobals *caller = CallerGlobals();
        const std::string what = handle == nullptr ? std::string("a NULL handle")
                                                   : "handle " + HexHandle(handle) + ", which is not a live WDF object";
        RaiseWdfViolation(WDF_INVALID_HANDLE, reinterpret_cast<ULONG_PTR>(handle), requiredCode,
                          reinterpret_cast<ULONG_PTR>(caller), "INVALID_HANDLE",
                          "The driver passed " + what + " where a " + ObjectTypeName(required) +
                              " handle is required.");
    }
    if (required != ObjectType::Object && object->Type() != required) {
        RaiseWdfViolation(WDF_INVALID_HANDLE, reinterpret_cast<ULONG_PTR>(handle), requiredCode,
                          reinterpret_cast<ULONG_PTR>(object->Globals()), "INVALID_HANDLE",
                          "The driver passed a " + std::string(ObjectTypeName(object->Type())) + " handle (" +
                              HexHandle(handle) + ") where a " + ObjectTypeName(required) +
                              " handle is required.");
    }
    return object;
}

void RequirePointer(const void *pointer, const char *parameterName, const char *ddi, const void *returnAddress) {
    if (pointer != nullptr) return;
    RaiseWdfViolationAt(returnAddress, WDF_REQUIRED_PARAMETER_IS_NULL, 0, reinterpret_cast<ULONG_PTR>(returnAddress),
                        reinterpret_cast<ULONG_PTR>(CallerGlobals()), "REQUIRED_PARAMETER_IS_NULL",
                        std::string(ddi) + ": the required parameter " + parameterName + " is NULL.");
}

const char *ObjectTypeName(ObjectType type) noexcept {
    switch (type) {
    case ObjectType::Object: return "WDFOBJECT";
    case ObjectType::Driver: return "WDFDRIVER";
    case ObjectType::Device: return "WDFDEVICE";
    case ObjectType::Queue: return "WDFQUEUE";
    case ObjectType::WmiProvider: return "WDFWMIPROVIDER";
    case ObjectType::RegKey: return "WDFKEY";
    case ObjectType::String: return "WDFSTRING";
    case ObjectType::Request: return "WDFREQUEST";
    case ObjectType::Lookaside: return "WDFLOOKASIDE";
    case ObjectType::Memory: return "WDFMEMORY";
    case ObjectType::IrpQueue: return "IRP queue";
    case ObjectType::UserObject: return "WDFOBJECT (user)";
    case ObjectType::Collection: return "WDFCOLLECTION";
    case ObjectType::Dpc: return "WDFDPC";
    case ObjectType::CmResourceList: return "WDFCMRESLIST";
    case ObjectType::FileObject: return "WDFFILEOBJECT";
    case ObjectType::WaitLock: return "WDFWAITLOCK";
    case ObjectType::SpinLock: return "WDFSPINLOCK";
    case ObjectType::WorkItem: return "WDFWORKITEM";
    case ObjectType::Interrupt: return "WDFINTERRUPT";
    case ObjectType::Timer: return "WDFTIMER";
    case ObjectType::ChildList: return "WDFCHILDLIST";
    case ObjectType::WmiInstance: return "WDFWMIINSTANCE";
    case ObjectType::WmiIrpHandler: return "WMI IRP handler";
    }
    return "WDF object";
}

}  // namespace kwmi::wdf
