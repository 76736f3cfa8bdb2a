// The framework object base: handle, type, reference count, parent/child tree, driver
// contexts and the cleanup/destroy protocol (kmdf-wmi-semantics.md §3).
//
// Creation protocol for a derived type (what every create DDI does):
//   1. ValidateObjectAttributes(attrs, rules)            -> NTSTATUS (spec §2.8 order)
//   2. auto *obj = new Derived(globals, ...);              (refcount 1: the creation ref)
//   3. obj->Initialize(attrs)                            -> allocates the context(s)
//   4. obj->Commit(parent, &handle)                      -> handle valid, child of parent
//      (STATUS_DELETE_PENDING when the parent is already being deleted)
//   On any failure after step 2: obj->DeleteFromFailedCreate() (driver callbacks do not run).
//
// Deletion (WdfObjectDelete or parent disposal): children first (each fully disposed), then
// this object's OnDispose(), then the driver's EvtCleanupCallback, then the creation reference
// is dropped. When the last reference goes: EvtDestroyCallback, OnDestroy(), contexts freed,
// handle invalidated (later use -> bug check 0x10D/0x5), object freed. A child holds a
// reference on its parent, so a parent is destroyed after all of its children.
#pragma once

#include "wdf/object_type.hpp"

#include <wdf.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <vector>

namespace kwmi::wdf {

// The raw value of a driver-supplied enum field: a driver may store any bit pattern, and
// loading an out-of-range value through the enum type is undefined behaviour.
template <class E>
int RawEnum(const E &field) noexcept {
    static_assert(sizeof(E) == sizeof(int));
    int raw;
    std::memcpy(&raw, &field, sizeof raw);
    return raw;
}

struct DriverGlobals;

// Which §2.8 rules apply to a create DDI.
struct AttributeRules {
    bool parentAllowed = true;               // false: ParentObject -> PARENT_ASSIGNMENT_NOT_ALLOWED
    bool executionLevelAllowed = true;       // false: only InheritFromParent accepted
    bool synchronizationScopeAllowed = true; // false: only InheritFromParent/None accepted
};

// Spec §2.8, in order. NULL attributes are valid. Does not resolve ParentObject.
NTSTATUS ValidateObjectAttributes(const WDF_OBJECT_ATTRIBUTES *attributes,
                                  const AttributeRules &rules = {});

class Object {
public:
    Object(ObjectType type, DriverGlobals *globals);
    Object(const Object &) = delete;
    Object &operator=(const Object &) = delete;

    ObjectType Type() const noexcept { return type_; }
    DriverGlobals *Globals() const noexcept { return globals_; }
    WDFOBJECT Handle() const noexcept { return handle_; }  // null until Commit
    Object *Parent() const noexcept { return parent_; }
    bool IsCommitted() const noexcept { return handle_ != nullptr; }
    bool IsDeleting() const noexcept { return deleting_.load(std::memory_order_acquire); }

    // Stores callbacks, levels and allocates the attributes' context (zeroed).
    NTSTATUS Initialize(const WDF_OBJECT_ATTRIBUTES *attributes);
    // Publishes the handle and links under `parent` (may be null for roots).
    NTSTATUS Commit(Object *parent, WDFOBJECT *outHandle = nullptr);
    // Undo a create: no driver callbacks, object freed once unreferenced.
    void DeleteFromFailedCreate();

    void AddRef(const void *tag = nullptr) noexcept;
    void Release(const void *tag = nullptr);
    LONG ReferenceCount() const noexcept { return refs_.load(std::memory_order_acquire); }

    // WdfObjectDelete semantics. Returns false (and does nothing) when the driver may not
    // delete this type (CanDriverDelete() is false) and `byDriver` is true.
    bool Delete(bool byDriver = false);

    // Contexts. `type` is compared by identity (its UniqueType).
    void *Context(PCWDF_OBJECT_CONTEXT_TYPE_INFO type) const noexcept;
    NTSTATUS AllocateContext(const WDF_OBJECT_ATTRIBUTES *attributes, void **context);
    void *FirstContext() const noexcept;
    size_t FirstContextSize() const noexcept;
    PCWDF_OBJECT_CONTEXT_TYPE_INFO FirstContextType() const noexcept;
    static Object *FromContext(const void *context) noexcept;  // null if not a context

    // Execution level / synchronization scope as requested and as inherited from parents.
    WDF_EXECUTION_LEVEL RequestedExecutionLevel() const noexcept { return executionLevel_; }
    WDF_SYNCHRONIZATION_SCOPE RequestedSynchronizationScope() const noexcept { return syncScope_; }
    WDF_EXECUTION_LEVEL EffectiveExecutionLevel() const noexcept;          // default Dispatch
    WDF_SYNCHRONIZATION_SCOPE EffectiveSynchronizationScope() const noexcept;  // default None

    // Drops the driver's EvtCleanupCallback/EvtDestroyCallback (failed creates, spec §2.2).
    void ClearDriverCallbacks() noexcept;

    // Snapshot of live children (each AddRef'ed; caller must Release).
    std::vector<Object *> ReferencedChildren() const;

protected:
    virtual ~Object();
    virtual bool CanDriverDelete() const noexcept { return true; }
    virtual void OnDeleteRequested() {}  // explicit delete, before children are disposed
    virtual void OnDispose() {}          // children disposed; before EvtCleanupCallback
    virtual void OnDestroy() {}          // last reference; after EvtDestroyCallback

private:
    struct ContextHeader;
    void DisposeTree();
    void DestroyNow();
    void RemoveChild(Object *child);

    // Packed (the small fields share the padding after type_; 144 bytes on x86-64 glibc):
    // QUERY_ALL_DATA and registration touch one object per instance.
    const ObjectType type_;
    std::atomic<bool> deleting_{false};
    bool disposed_ = false;
    std::atomic<LONG> refs_{1};
    DriverGlobals *const globals_;
    WDFOBJECT handle_ = nullptr;
    Object *parent_ = nullptr;
    PFN_WDF_OBJECT_CONTEXT_CLEANUP cleanup_ = nullptr;
    PFN_WDF_OBJECT_CONTEXT_DESTROY destroy_ = nullptr;
    WDF_EXECUTION_LEVEL executionLevel_ = WdfExecutionLevelInheritFromParent;
    WDF_SYNCHRONIZATION_SCOPE syncScope_ = WdfSynchronizationScopeInheritFromParent;
    ContextHeader *contexts_ = nullptr;
    mutable std::mutex childMutex_;
    // Children in creation order. A removal leaves a hole (closed once holes outnumber the
    // children), so deleting a parent with N children costs O(N), not O(N^2).
    std::vector<Object *> children_;
    std::uint32_t childHoles_ = 0;
    std::uint32_t childSlot_ = 0;  // this object's position in its parent's children_ (parent's lock)
};

}  // namespace kwmi::wdf
