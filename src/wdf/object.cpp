// Object lifetime: references, parent/child tree, contexts, cleanup and destroy.
#include "wdf/object.hpp"

#include "wdf/driver_callback.hpp"
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"

#include <cstdint>
#include <cstring>
#include <exception>
#include <new>

namespace kwmi::wdf {

// Sits just before every context area so a context pointer leads back to its object.
struct Object::ContextHeader {
    static constexpr std::uint64_t kMagic = 0x4B574D49'43545854ull;  // "KWMICTXT"
    std::uint64_t magic;
    Object *owner;
    PCWDF_OBJECT_CONTEXT_TYPE_INFO type;
    size_t size;
    ContextHeader *next;
};

namespace {

constexpr size_t kContextAlignment = 16;  // MEMORY_ALLOCATION_ALIGNMENT on x64
constexpr size_t kHeaderSpace = (sizeof(void *) * 5 + kContextAlignment - 1) & ~(kContextAlignment - 1);

PCWDF_OBJECT_CONTEXT_TYPE_INFO CanonicalType(PCWDF_OBJECT_CONTEXT_TYPE_INFO type) noexcept {
    if (type == nullptr) return nullptr;
    if (type->EvtDriverGetUniqueContextType != nullptr) {
        PCWDF_OBJECT_CONTEXT_TYPE_INFO unique = type->EvtDriverGetUniqueContextType();
        if (unique != nullptr) type = unique;
    }
    return type->UniqueType != nullptr ? type->UniqueType : type;
}

}  // namespace

Object::Object(ObjectType type, DriverGlobals *globals) : type_(type), globals_(globals) {}

Object::~Object() {
    ContextHeader *context = contexts_;
    while (context != nullptr) {
        ContextHeader *next = context->next;
        context->magic = 0;
        ::operator delete(static_cast<void *>(context), std::align_val_t(kContextAlignment));
        context = next;
    }
}

NTSTATUS Object::Initialize(const WDF_OBJECT_ATTRIBUTES *attributes) {
    if (attributes == nullptr) return STATUS_SUCCESS;
    cleanup_ = attributes->EvtCleanupCallback;
    destroy_ = attributes->EvtDestroyCallback;
    executionLevel_ = attributes->ExecutionLevel;
    syncScope_ = attributes->SynchronizationScope;
    if (attributes->ContextTypeInfo == nullptr) return STATUS_SUCCESS;
    void *context = nullptr;
    // Callbacks were taken above; AllocateContext must not install them a second time.
    WDF_OBJECT_ATTRIBUTES contextOnly = *attributes;
    contextOnly.EvtCleanupCallback = nullptr;
    contextOnly.EvtDestroyCallback = nullptr;
    return AllocateContext(&contextOnly, &context);
}

NTSTATUS Object::AllocateContext(const WDF_OBJECT_ATTRIBUTES *attributes, void **context) {
    PCWDF_OBJECT_CONTEXT_TYPE_INFO type = CanonicalType(attributes->ContextTypeInfo);
    if (type == nullptr) return STATUS_INVALID_PARAMETER;
    size_t size = attributes->ContextTypeInfo->ContextSize;
    if (attributes->ContextSizeOverride > size) size = attributes->ContextSizeOverride;
    std::lock_guard lock(childMutex_);
    for (ContextHeader *existing = contexts_; existing != nullptr; existing = existing->next) {
        if (existing->type == type) {
            if (context != nullptr) *context = reinterpret_cast<char *>(existing) + kHeaderSpace;
            return STATUS_OBJECT_NAME_EXISTS;
        }
    }
    void *memory = ::operator new(kHeaderSpace + size, std::align_val_t(kContextAlignment), std::nothrow);
    if (memory == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    std::memset(memory, 0, kHeaderSpace + size);
    auto *header = static_cast<ContextHeader *>(memory);
    header->magic = ContextHeader::kMagic;
    header->owner = this;
    header->type = type;
    header->size = size;
    // Append: the first context stays the one from the create attributes.
    ContextHeader **tail = &contexts_;
    while (*tail != nullptr) tail = &(*tail)->next;
    *tail = header;
    if (context != nullptr) *context = static_cast<char *>(memory) + kHeaderSpace;
    return STATUS_SUCCESS;
}

void *Object::Context(PCWDF_OBJECT_CONTEXT_TYPE_INFO type) const noexcept {
    type = CanonicalType(type);
    std::lock_guard lock(childMutex_);
    for (ContextHeader *header = contexts_; header != nullptr; header = header->next) {
        if (header->type == type) return reinterpret_cast<char *>(header) + kHeaderSpace;
    }
    return nullptr;
}

void *Object::FirstContext() const noexcept {
    return contexts_ == nullptr ? nullptr : reinterpret_cast<char *>(contexts_) + kHeaderSpace;
}

size_t Object::FirstContextSize() const noexcept { return contexts_ == nullptr ? 0 : contexts_->size; }

PCWDF_OBJECT_CONTEXT_TYPE_INFO Object::FirstContextType() const noexcept {
    return contexts_ == nullptr ? nullptr : contexts_->type;
}

Object *Object::FromContext(const void *context) noexcept {
    if (context == nullptr || (reinterpret_cast<std::uintptr_t>(context) % kContextAlignment) != 0) return nullptr;
    auto *header = reinterpret_cast<const ContextHeader *>(static_cast<const char *>(context) - kHeaderSpace);
    if (header->magic != ContextHeader::kMagic) return nullptr;
    return header->owner;
}

NTSTATUS Object::Commit(Object *parent, WDFOBJECT *outHandle) {
    if (parent != nullptr) {
        std::lock_guard lock(parent->childMutex_);
        if (parent->IsDeleting()) return STATUS_DELETE_PENDING;
        childSlot_ = static_cast<std::uint32_t>(parent->children_.size());
        parent->children_.push_back(this);
        parent_ = parent;
    }
    if (parent != nullptr) parent->AddRef(this);
    handle_ = AllocateHandle(this);
    if (globals_ != nullptr) {
        std::lock_guard lock(globals_->liveMutex);
        globals_->liveObjects.insert(this);
    }
    if (outHandle != nullptr) *outHandle = handle_;
    return STATUS_SUCCESS;
}

void Object::DeleteFromFailedCreate() {
    ClearDriverCallbacks();
    Delete(false);
}

void Object::AddRef(const void *) noexcept { refs_.fetch_add(1, std::memory_order_acq_rel); }

void Object::Release(const void *) {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) DestroyNow();
}

bool Object::Delete(bool byDriver) {
    if (byDriver && !CanDriverDelete()) return false;
    if (deleting_.exchange(true, std::memory_order_acq_rel)) return true;
    OnDeleteRequested();
    try {
        DisposeTree();
    } catch (...) {
        Release(this);  // a bug check in a cleanup callback still ends the object
        throw;
    }
    Release(this);  // the creation reference
    return true;
}

void Object::DisposeTree() {
    for (Object *child : ReferencedChildren()) {
        child->Delete(false);
        child->Release();
    }
    OnDispose();
    const auto finishDispose = [this] {
        disposed_ = true;
        if (parent_ != nullptr) parent_->RemoveChild(this);
    };
    if (cleanup_ != nullptr && handle_ != nullptr) {
        PFN_WDF_OBJECT_CONTEXT_CLEANUP cleanup = cleanup_;
        try {
            CallDriverCallback("EvtCleanupCallback", this, globals_, cleanup, handle_);
        } catch (...) {
            finishDispose();  // the bug check unwinds to its boundary; the tree stays consistent
            throw;
        }
    }
    finishDispose();
}

void Object::DestroyNow() {
    // A bug check in the destroy callback still frees the object, then unwinds to its boundary.
    std::exception_ptr bugCheck;
    if (destroy_ != nullptr && handle_ != nullptr) {
        PFN_WDF_OBJECT_CONTEXT_DESTROY destroy = destroy_;
        try {
            CallDriverCallback("EvtDestroyCallback", this, globals_, destroy, handle_);
        } catch (...) {
            bugCheck = std::current_exception();
        }
    }
    OnDestroy();
    if (handle_ != nullptr) ReleaseHandle(handle_);
    if (globals_ != nullptr && handle_ != nullptr) {
        std::lock_guard lock(globals_->liveMutex);
        globals_->liveObjects.erase(this);
    }
    Object *parent = parent_;
    if (parent != nullptr && !disposed_) parent->RemoveChild(this);
    delete this;
    if (parent != nullptr) parent->Release();
    if (bugCheck) std::rethrow_exception(bugCheck);
}

void Object::RemoveChild(Object *child) {
    std::lock_guard lock(childMutex_);
    const std::size_t slot = child->childSlot_;
    if (slot >= children_.size() || children_[slot] != child) return;
    children_[slot] = nullptr;
    ++childHoles_;
    while (!children_.empty() && children_.back() == nullptr) {  // trailing holes cost nothing
        children_.pop_back();
        --childHoles_;
    }
    if (childHoles_ > 64 && childHoles_ * 2 > children_.size()) {
        std::size_t kept = 0;
        for (Object *remaining : children_) {
            if (remaining == nullptr) continue;
            remaining->childSlot_ = static_cast<std::uint32_t>(kept);
            children_[kept++] = remaining;
        }
        children_.resize(kept);
        childHoles_ = 0;
    }
}

std::vector<Object *> Object::ReferencedChildren() const {
    std::lock_guard lock(childMutex_);
    std::vector<Object *> children;
    children.reserve(children_.size() - childHoles_);
    for (Object *child : children_) {
        if (child == nullptr) continue;
        child->AddRef();
        children.push_back(child);
    }
    return children;
}

WDF_EXECUTION_LEVEL Object::EffectiveExecutionLevel() const noexcept {
    for (const Object *object = this; object != nullptr; object = object->parent_) {
        if (object->executionLevel_ == WdfExecutionLevelPassive ||
            object->executionLevel_ == WdfExecutionLevelDispatch) {
            return object->executionLevel_;
        }
    }
    return WdfExecutionLevelDispatch;
}

WDF_SYNCHRONIZATION_SCOPE Object::EffectiveSynchronizationScope() const noexcept {
    for (const Object *object = this; object != nullptr; object = object->parent_) {
        if (object->syncScope_ != WdfSynchronizationScopeInheritFromParent &&
            object->syncScope_ != WdfSynchronizationScopeInvalid) {
            return object->syncScope_;
        }
    }
    return WdfSynchronizationScopeNone;
}

void Object::ClearDriverCallbacks() noexcept {
    cleanup_ = nullptr;
    destroy_ = nullptr;
}

NTSTATUS ValidateObjectAttributes(const WDF_OBJECT_ATTRIBUTES *attributes, const AttributeRules &rules) {
    if (attributes == nullptr) return STATUS_SUCCESS;
    if (attributes->Size != sizeof(WDF_OBJECT_ATTRIBUTES)) return STATUS_INFO_LENGTH_MISMATCH;
    PCWDF_OBJECT_CONTEXT_TYPE_INFO type = attributes->ContextTypeInfo;
    if (type != nullptr) {
        if (type->Size != sizeof(WDF_OBJECT_CONTEXT_TYPE_INFO)) return STATUS_INFO_LENGTH_MISMATCH;
        if (type->ContextSize > 0 && type->ContextName == nullptr) return STATUS_WDF_OBJECT_ATTRIBUTES_INVALID;
    }
    if (attributes->ContextSizeOverride != 0) {
        if (type == nullptr || attributes->ContextSizeOverride < type->ContextSize) {
            return STATUS_WDF_OBJECT_ATTRIBUTES_INVALID;
        }
    }
    if (!rules.parentAllowed && attributes->ParentObject != nullptr) return STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED;
    const int level = RawEnum(attributes->ExecutionLevel);
    const int scope = RawEnum(attributes->SynchronizationScope);
    if (level <= WdfExecutionLevelInvalid || level > WdfExecutionLevelDispatch ||
        scope <= WdfSynchronizationScopeInvalid || scope > WdfSynchronizationScopeNone) {
        return STATUS_WDF_OBJECT_ATTRIBUTES_INVALID;
    }
    if (!rules.synchronizationScopeAllowed && scope != WdfSynchronizationScopeInheritFromParent &&
        scope != WdfSynchronizationScopeNone) {
        return STATUS_WDF_SYNCHRONIZATION_SCOPE_INVALID;
    }
    if (!rules.executionLevelAllowed && level != WdfExecutionLevelInheritFromParent) {
        return STATUS_WDF_EXECUTION_LEVEL_INVALID;
    }
    return STATUS_SUCCESS;
}

}  // namespace kwmi::wdf
