// Object model: handle validation (bug check 0x10D), references, cleanup/destroy order,
// contexts and attribute validation (kmdf-wmi-semantics.md §2.1, §2.8, §3).
#include "wdf_test_support.hpp"

#include "ctx_types.h"
#include "wdf/object.hpp"

#include <algorithm>
#include <cstring>
#include <map>

using namespace wdftest;

namespace {

constexpr std::uint32_t kWdfViolation = 0x10D;

struct OTHER_CONTEXT {
    ULONG Value;
    UCHAR Tail[8];
};
WDF_DECLARE_CONTEXT_TYPE(OTHER_CONTEXT)

ULONG_PTR CurrentGlobals() { return reinterpret_cast<ULONG_PTR>(KwmiWdfCurrentDriverGlobals()); }

WDFOBJECT CreateObject(WDFOBJECT parent = nullptr, PFN_WDF_OBJECT_CONTEXT_CLEANUP cleanup = nullptr,
                       PFN_WDF_OBJECT_CONTEXT_DESTROY destroy = nullptr) {
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = parent;
    attributes.EvtCleanupCallback = cleanup;
    attributes.EvtDestroyCallback = destroy;
    WDFOBJECT object = nullptr;
    EXPECT_EQ(WdfObjectCreate(&attributes, &object), STATUS_SUCCESS);
    return object;
}

// Names objects for the cleanup/destroy record.
std::map<WDFOBJECT, std::string> &Names() {
    static std::map<WDFOBJECT, std::string> names;
    return names;
}
std::vector<std::string> Filter(const std::string &prefix) {
    std::vector<std::string> out;
    for (const auto &event : Events()) {
        if (event.rfind(prefix, 0) == 0) out.push_back(event);
    }
    return out;
}
long IndexOf(const std::string &event) {
    auto it = std::find(Events().begin(), Events().end(), event);
    return it == Events().end() ? -1 : static_cast<long>(it - Events().begin());
}
VOID RecordCleanup(WDFOBJECT object) { Record("cleanup:" + Names()[object]); }
VOID RecordDestroy(WDFOBJECT object) { Record("destroy:" + Names()[object]); }

using WdfHandles = WdfTest;
using WdfObjects = WdfTest;
using WdfContexts = WdfTest;
using WdfAttributes = WdfTest;

TEST_F(WdfHandles, NullDeviceHandleBugChecksInvalidHandleWithDeviceType) {
    auto report = ExpectBugCheck([] { (void)WdfDeviceWdmGetDeviceObject(nullptr); });
    EXPECT_EQ(report.code, kWdfViolation);
    EXPECT_EQ(report.parameters[0], 0x5u);
    EXPECT_EQ(report.parameters[1], 0u);
    EXPECT_EQ(report.parameters[2], 0x1002u);
    EXPECT_EQ(report.parameters[3], CurrentGlobals());
    EXPECT_EQ(report.rule, "WDF_VIOLATION/INVALID_HANDLE");
}

TEST_F(WdfHandles, WrongTypeReportsHandleRequiredTypeAndObjectGlobals) {
    WDFSPINLOCK lock = nullptr;
    ASSERT_EQ(WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &lock), STATUS_SUCCESS);
    auto report = ExpectBugCheck([&] { (void)WdfDeviceGetDriver(lock); });
    EXPECT_EQ(report.code, kWdfViolation);
    EXPECT_EQ(report.parameters[0], 0x5u);
    EXPECT_EQ(report.parameters[1], reinterpret_cast<std::uint64_t>(lock));
    EXPECT_EQ(report.parameters[2], 0x1002u);
    EXPECT_EQ(report.parameters[3], CurrentGlobals());
    WdfObjectDelete(lock);
}

TEST_F(WdfHandles, DeletedHandleBugChecks) {
    WDFOBJECT object = CreateObject();
    WdfObjectDelete(object);
    auto report = ExpectBugCheck([&] { WdfObjectDelete(object); });
    EXPECT_EQ(report.code, kWdfViolation);
    EXPECT_EQ(report.parameters[0], 0x5u);
    EXPECT_EQ(report.parameters[1], reinterpret_cast<std::uint64_t>(object));
    EXPECT_EQ(report.parameters[2], 0x1000u);
}

TEST_F(WdfHandles, GarbageHandleBugChecks) {
    auto garbage = reinterpret_cast<WDFTIMER>(static_cast<std::uintptr_t>(0x12345678));
    auto report = ExpectBugCheck([&] { (void)WdfTimerGetParentObject(garbage); });
    EXPECT_EQ(report.parameters[0], 0x5u);
    EXPECT_EQ(report.parameters[1], 0x12345678u);
    EXPECT_EQ(report.parameters[2], 0x1028u);
}

TEST_F(WdfHandles, RequiredNullPointerBugChecksRequiredParameterIsNull) {
    auto report = ExpectBugCheck([] { (void)WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, nullptr); });
    EXPECT_EQ(report.code, kWdfViolation);
    EXPECT_EQ(report.parameters[0], 0x4u);
    EXPECT_EQ(report.parameters[1], 0u);
    EXPECT_NE(report.parameters[2], 0u);  // the caller's return address
    EXPECT_EQ(report.parameters[3], CurrentGlobals());
    EXPECT_EQ(report.rule, "WDF_VIOLATION/REQUIRED_PARAMETER_IS_NULL");
}

TEST_F(WdfObjects, DeleteRunsCleanupChildrenFirstAndDestroyAfterLastReference) {
    WDFOBJECT parent = CreateObject(nullptr, RecordCleanup, RecordDestroy);
    WDFOBJECT child = CreateObject(parent, RecordCleanup, RecordDestroy);
    WDFOBJECT grandchild = CreateObject(child, RecordCleanup, RecordDestroy);
    Names()[parent] = "parent";
    Names()[child] = "child";
    Names()[grandchild] = "grandchild";
    WdfObjectReference(parent);
    WdfObjectDelete(parent);
    // Cleanup runs children first; each unreferenced object is destroyed once disposed.
    EXPECT_EQ(Filter("cleanup:"), (std::vector<std::string>{"cleanup:grandchild@0", "cleanup:child@0",
                                                              "cleanup:parent@0"}));
    EXPECT_EQ(Filter("destroy:"), (std::vector<std::string>{"destroy:grandchild@0", "destroy:child@0"}));
    EXPECT_LT(IndexOf("cleanup:child@0"), IndexOf("destroy:child@0"));
    EXPECT_LT(IndexOf("destroy:grandchild@0"), IndexOf("destroy:child@0"));
    Events().clear();
    WdfObjectDereference(parent);
    EXPECT_EQ(Events(), (std::vector<std::string>{"destroy:parent@0"}));
}

TEST_F(WdfObjects, ReferencedObjectKeepsHandleAndContextUntilLastDereference) {
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, OTHER_CONTEXT);
    WDFOBJECT object = nullptr;
    ASSERT_EQ(WdfObjectCreate(&attributes, &object), STATUS_SUCCESS);
    WdfObjectGet_OTHER_CONTEXT(object)->Value = 7;
    WdfObjectReference(object);
    WdfObjectDelete(object);
    EXPECT_EQ(WdfObjectGet_OTHER_CONTEXT(object)->Value, 7u);  // still valid: one reference left
    WdfObjectDereference(object);
    auto report = ExpectBugCheck([&] { (void)WdfObjectGet_OTHER_CONTEXT(object); });
    EXPECT_EQ(report.parameters[0], 0x5u);
}

TEST_F(WdfObjects, DeletingAnObjectTwiceThroughItsParentIsHarmless) {
    WDFOBJECT parent = CreateObject();
    WDFOBJECT child = CreateObject(parent, RecordCleanup);
    Names()[child] = "child";
    WdfObjectDelete(child);
    WdfObjectDelete(parent);
    EXPECT_EQ(Events(), (std::vector<std::string>{"cleanup:child@0"}));
}

TEST_F(WdfObjects, ParentDeletionDisposesRemainingChildrenInCreationOrderAfterScatteredDeletes) {
    // More children than the list closes holes for at once: deletions from the front, the back
    // and the middle leave holes that are closed while the order stays the creation order.
    WDFOBJECT parent = CreateObject();
    std::vector<WDFOBJECT> children;
    for (int i = 0; i < 400; ++i) {
        children.push_back(CreateObject(parent, RecordCleanup));
        Names()[children.back()] = std::to_string(i);
    }
    std::vector<std::string> expected;
    for (int i = 0; i < 400; ++i) {
        if (i < 150 || i % 3 == 0 || i >= 390) {
            WdfObjectDelete(children[i]);
        } else {
            expected.push_back("cleanup:" + std::to_string(i) + "@0");
        }
    }
    Events().clear();
    WdfObjectDelete(parent);
    EXPECT_EQ(Events(), expected);
}

TEST_F(WdfObjects, ObjectsGetTheDriverAsDefaultParent) {
    WDFOBJECT object = CreateObject(nullptr, RecordCleanup);
    Names()[object] = "orphan";
    (void)object;
    // Unloading deletes the driver's tree, so the object's cleanup runs without a WdfObjectDelete.
    ExpectCleanUnload();
    EXPECT_EQ(Events(), (std::vector<std::string>{"cleanup:orphan@0"}));
}

TEST_F(WdfContexts, AccessorAndTypeInfoAgreeAcrossTranslationUnits) {
    EXPECT_EQ(CtxUnitA_TypeInfo(), CtxUnitB_TypeInfo());
    WDFOBJECT object = nullptr;
    ASSERT_EQ(CtxUnitA_CreateObject(&object, 0xC0FFEE), STATUS_SUCCESS);
    EXPECT_EQ(CtxUnitB_ReadMagic(object), 0xC0FFEEu);
    WdfObjectDelete(object);
}

TEST_F(WdfContexts, ContextIsZeroedAndMapsBackToItsObject) {
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, OTHER_CONTEXT);
    WDFOBJECT object = nullptr;
    ASSERT_EQ(WdfObjectCreate(&attributes, &object), STATUS_SUCCESS);
    OTHER_CONTEXT *context = WdfObjectGet_OTHER_CONTEXT(object);
    ASSERT_NE(context, nullptr);
    EXPECT_EQ(context->Value, 0u);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(context) % 16, 0u);
    EXPECT_EQ(WdfObjectContextGetObject(context), object);
    EXPECT_EQ(WdfObjectGetTypedContext(object, OTHER_CONTEXT), context);
    EXPECT_EQ(SharedGetContext(object), nullptr);  // a type the object does not carry
    WdfObjectDelete(object);
}

TEST_F(WdfContexts, AllocateContextAddsATypeOnceAndRejectsDuplicates) {
    WDFOBJECT object = CreateObject();
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, SHARED_CONTEXT);
    PVOID context = nullptr;
    ASSERT_EQ(WdfObjectAllocateContext(object, &attributes, &context), STATUS_SUCCESS);
    EXPECT_EQ(context, SharedGetContext(object));
    PVOID again = nullptr;
    EXPECT_EQ(WdfObjectAllocateContext(object, &attributes, &again), STATUS_OBJECT_NAME_EXISTS);
    EXPECT_EQ(again, context);
    attributes.ParentObject = object;
    EXPECT_EQ(WdfObjectAllocateContext(object, &attributes, &again), STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED);
    WdfObjectDelete(object);
}

TEST_F(WdfContexts, ContextSizeOverrideEnlargesTheContext) {
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, OTHER_CONTEXT);
    attributes.ContextSizeOverride = sizeof(OTHER_CONTEXT) + 100;
    WDFOBJECT object = nullptr;
    ASSERT_EQ(WdfObjectCreate(&attributes, &object), STATUS_SUCCESS);
    auto *bytes = reinterpret_cast<UCHAR *>(WdfObjectGet_OTHER_CONTEXT(object));
    bytes[sizeof(OTHER_CONTEXT) + 99] = 0x5A;  // inside the enlarged area
    auto *internal = kwmi::wdf::Object::FromContext(bytes);
    ASSERT_NE(internal, nullptr);
    EXPECT_EQ(internal->FirstContextSize(), sizeof(OTHER_CONTEXT) + 100);
    WdfObjectDelete(object);
}

TEST_F(WdfAttributes, ValidationOrderAndStatuses) {
    using kwmi::wdf::AttributeRules;
    using kwmi::wdf::ValidateObjectAttributes;
    WDF_OBJECT_ATTRIBUTES a;
    EXPECT_EQ(ValidateObjectAttributes(nullptr), STATUS_SUCCESS);

    WDF_OBJECT_ATTRIBUTES_INIT(&a);
    a.Size = sizeof(a) + 1;
    EXPECT_EQ(ValidateObjectAttributes(&a), STATUS_INFO_LENGTH_MISMATCH);

    WDF_OBJECT_CONTEXT_TYPE_INFO badInfo = {sizeof(WDF_OBJECT_CONTEXT_TYPE_INFO) - 8, "X", 4, nullptr, nullptr};
    WDF_OBJECT_ATTRIBUTES_INIT(&a);
    a.ContextTypeInfo = &badInfo;
    EXPECT_EQ(ValidateObjectAttributes(&a), STATUS_INFO_LENGTH_MISMATCH);

    WDF_OBJECT_CONTEXT_TYPE_INFO unnamed = {sizeof(WDF_OBJECT_CONTEXT_TYPE_INFO), nullptr, 4, nullptr, nullptr};
    a.ContextTypeInfo = &unnamed;
    EXPECT_EQ(ValidateObjectAttributes(&a), STATUS_WDF_OBJECT_ATTRIBUTES_INVALID);

    WDF_OBJECT_ATTRIBUTES_INIT(&a);
    a.ContextSizeOverride = 16;  // without a context type
    EXPECT_EQ(ValidateObjectAttributes(&a), STATUS_WDF_OBJECT_ATTRIBUTES_INVALID);
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&a, OTHER_CONTEXT);
    a.ContextSizeOverride = sizeof(OTHER_CONTEXT) - 1;  // smaller than the type
    EXPECT_EQ(ValidateObjectAttributes(&a), STATUS_WDF_OBJECT_ATTRIBUTES_INVALID);

    AttributeRules noParent;
    noParent.parentAllowed = false;
    WDF_OBJECT_ATTRIBUTES_INIT(&a);
    a.ParentObject = Driver();
    const int outOfRange = 9;  // a driver may store any value; set the raw bits
    std::memcpy(&a.ExecutionLevel, &outOfRange, sizeof outOfRange);  // parent is checked first
    EXPECT_EQ(ValidateObjectAttributes(&a, noParent), STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED);
    EXPECT_EQ(ValidateObjectAttributes(&a), STATUS_WDF_OBJECT_ATTRIBUTES_INVALID);

    WDF_OBJECT_ATTRIBUTES_INIT(&a);
    a.SynchronizationScope = WdfSynchronizationScopeInvalid;
    EXPECT_EQ(ValidateObjectAttributes(&a), STATUS_WDF_OBJECT_ATTRIBUTES_INVALID);

    AttributeRules strict;
    strict.executionLevelAllowed = false;
    strict.synchronizationScopeAllowed = false;
    WDF_OBJECT_ATTRIBUTES_INIT(&a);
    a.SynchronizationScope = WdfSynchronizationScopeNone;
    EXPECT_EQ(ValidateObjectAttributes(&a, strict), STATUS_SUCCESS);
    a.SynchronizationScope = WdfSynchronizationScopeDevice;
    a.ExecutionLevel = WdfExecutionLevelPassive;  // scope is checked before level
    EXPECT_EQ(ValidateObjectAttributes(&a, strict), STATUS_WDF_SYNCHRONIZATION_SCOPE_INVALID);
    a.SynchronizationScope = WdfSynchronizationScopeInheritFromParent;
    EXPECT_EQ(ValidateObjectAttributes(&a, strict), STATUS_WDF_EXECUTION_LEVEL_INVALID);
}

TEST_F(WdfAttributes, CreateDdisReturnTheValidationStatus) {
    WDF_OBJECT_ATTRIBUTES a;
    WDF_OBJECT_ATTRIBUTES_INIT(&a);
    a.Size = 8;
    WDFOBJECT object = reinterpret_cast<WDFOBJECT>(1);
    EXPECT_EQ(WdfObjectCreate(&a, &object), STATUS_INFO_LENGTH_MISMATCH);
    EXPECT_EQ(object, nullptr);
    WDFSPINLOCK lock = nullptr;
    EXPECT_EQ(WdfSpinLockCreate(&a, &lock), STATUS_INFO_LENGTH_MISMATCH);
}

}  // namespace
