/*
 * wdfobject.h - WDF object attributes, context types and the generic object DDIs.
 *
 * Context type identity is the address of the weakly defined _WDF_<T>_TYPE_INFO object, so
 * one driver image sees one type-info per context type across all of its translation units
 * (wdk-api-surface.md §4.2: ELF has no selectany; weak definitions merge).
 */
#ifndef KWMI_WDK_WDFOBJECT_H
#define KWMI_WDK_WDFOBJECT_H

#include <wdftypes.h>
#include <wdfcore.h>

WDF_EXTERN_C_START

typedef enum _WDF_EXECUTION_LEVEL {
    WdfExecutionLevelInvalid = 0x00,
    WdfExecutionLevelInheritFromParent,
    WdfExecutionLevelPassive,
    WdfExecutionLevelDispatch,
} WDF_EXECUTION_LEVEL;

typedef enum _WDF_SYNCHRONIZATION_SCOPE {
    WdfSynchronizationScopeInvalid = 0x00,
    WdfSynchronizationScopeInheritFromParent,
    WdfSynchronizationScopeDevice,
    WdfSynchronizationScopeQueue,
    WdfSynchronizationScopeNone,
} WDF_SYNCHRONIZATION_SCOPE;

typedef VOID NTAPI EVT_WDF_OBJECT_CONTEXT_CLEANUP(_In_ WDFOBJECT Object);
typedef EVT_WDF_OBJECT_CONTEXT_CLEANUP *PFN_WDF_OBJECT_CONTEXT_CLEANUP;
typedef VOID NTAPI EVT_WDF_OBJECT_CONTEXT_DESTROY(_In_ WDFOBJECT Object);
typedef EVT_WDF_OBJECT_CONTEXT_DESTROY *PFN_WDF_OBJECT_CONTEXT_DESTROY;

typedef struct _WDF_OBJECT_CONTEXT_TYPE_INFO WDF_OBJECT_CONTEXT_TYPE_INFO, *PWDF_OBJECT_CONTEXT_TYPE_INFO;
typedef const WDF_OBJECT_CONTEXT_TYPE_INFO *PCWDF_OBJECT_CONTEXT_TYPE_INFO;
typedef PCWDF_OBJECT_CONTEXT_TYPE_INFO (NTAPI *PFN_GET_UNIQUE_CONTEXT_TYPE)(VOID);

struct _WDF_OBJECT_CONTEXT_TYPE_INFO {
    ULONG Size;
    LPCSTR ContextName;
    size_t ContextSize;
    PCWDF_OBJECT_CONTEXT_TYPE_INFO UniqueType;   /* identity: the declaring type-info */
    PFN_GET_UNIQUE_CONTEXT_TYPE EvtDriverGetUniqueContextType;
};
C_ASSERT(sizeof(WDF_OBJECT_CONTEXT_TYPE_INFO) == 40);
C_ASSERT(FIELD_OFFSET(WDF_OBJECT_CONTEXT_TYPE_INFO, UniqueType) == 24);

typedef struct _WDF_OBJECT_ATTRIBUTES {
    ULONG Size;
    PFN_WDF_OBJECT_CONTEXT_CLEANUP EvtCleanupCallback;
    PFN_WDF_OBJECT_CONTEXT_DESTROY EvtDestroyCallback;
    WDF_EXECUTION_LEVEL ExecutionLevel;
    WDF_SYNCHRONIZATION_SCOPE SynchronizationScope;
    WDFOBJECT ParentObject;
    size_t ContextSizeOverride;
    PCWDF_OBJECT_CONTEXT_TYPE_INFO ContextTypeInfo;
} WDF_OBJECT_ATTRIBUTES, *PWDF_OBJECT_ATTRIBUTES;
C_ASSERT(sizeof(WDF_OBJECT_ATTRIBUTES) == 56);
C_ASSERT(FIELD_OFFSET(WDF_OBJECT_ATTRIBUTES, ExecutionLevel) == 24);
C_ASSERT(FIELD_OFFSET(WDF_OBJECT_ATTRIBUTES, ParentObject) == 32);
C_ASSERT(FIELD_OFFSET(WDF_OBJECT_ATTRIBUTES, ContextTypeInfo) == 48);

FORCEINLINE VOID WDF_OBJECT_ATTRIBUTES_INIT(_Out_ PWDF_OBJECT_ATTRIBUTES Attributes)
{
    memset(Attributes, 0, sizeof(WDF_OBJECT_ATTRIBUTES));
    Attributes->Size = sizeof(WDF_OBJECT_ATTRIBUTES);
    Attributes->ExecutionLevel = WdfExecutionLevelInheritFromParent;
    Attributes->SynchronizationScope = WdfSynchronizationScopeInheritFromParent;
}

/* ---- context type declaration ---- */
#define WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype) _WDF_##_contexttype##_TYPE_INFO
#define WDF_TYPE_NAME_POINTER_TYPE(_contexttype) WDF_##_contexttype##_POINTER_TYPE
#define WDF_GET_CONTEXT_TYPE_INFO(_contexttype) (&WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype))
#define WDF_TYPE_DEFAULT_SECTION_NAME ".data"
#define WDF_TYPE_INIT_SECTION_NAME ".data"

#define WDF_OBJECT_ATTRIBUTES_SET_CONTEXT_TYPE(_attributes, _contexttype) \
    (_attributes)->ContextTypeInfo = WDF_GET_CONTEXT_TYPE_INFO(_contexttype)->UniqueType

#define WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(_attributes, _contexttype) \
    WDF_OBJECT_ATTRIBUTES_INIT(_attributes);                             \
    WDF_OBJECT_ATTRIBUTES_SET_CONTEXT_TYPE(_attributes, _contexttype)

/* Weak, so every TU of one image that declares the type shares one definition. */
#define WDF_DECLARE_TYPE_AND_GLOBALS(_contexttype, _UniqueType, _GetUniqueType, _section) \
    typedef _contexttype *WDF_TYPE_NAME_POINTER_TYPE(_contexttype);                    \
    WDF_EXTERN_C __attribute__((weak)) const WDF_OBJECT_CONTEXT_TYPE_INFO                 \
        WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype) = {                                      \
            sizeof(WDF_OBJECT_CONTEXT_TYPE_INFO), #_contexttype, sizeof(_contexttype),    \
            _UniqueType, _GetUniqueType};

#define WDF_DECLARE_CASTING_FUNCTION(_contexttype, _castingfunction)                   \
    __attribute__((unused)) static inline _contexttype *_castingfunction(WDFOBJECT Handle) \
    {                                                                                      \
        return (_contexttype *)WdfObjectGetTypedContextWorker(                             \
            Handle, WDF_GET_CONTEXT_TYPE_INFO(_contexttype)->UniqueType);                  \
    }

#define WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(_contexttype, _castingfunction)              \
    WDF_DECLARE_TYPE_AND_GLOBALS(_contexttype, &WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype), \
                                 NULL, WDF_TYPE_DEFAULT_SECTION_NAME)                     \
    WDF_DECLARE_CASTING_FUNCTION(_contexttype, _castingfunction)

#define WDF_DECLARE_CONTEXT_TYPE(_contexttype) \
    WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(_contexttype, WdfObjectGet_##_contexttype)

#define WDF_DECLARE_SHARED_CONTEXT_TYPE_WITH_NAME(_contexttype, _castingfunction, _UniqueType) \
    WDF_DECLARE_TYPE_AND_GLOBALS(_contexttype, WDF_GET_CONTEXT_TYPE_INFO(_UniqueType), NULL,   \
                                 WDF_TYPE_DEFAULT_SECTION_NAME)                                \
    WDF_DECLARE_CASTING_FUNCTION(_contexttype, _castingfunction)

#define WdfObjectGetTypedContext(handle, type) \
    ((type *)WdfObjectGetTypedContextWorker((WDFOBJECT)(handle), WDF_GET_CONTEXT_TYPE_INFO(type)->UniqueType))

/* ---- DDIs ---- */
WDFAPI PVOID NTAPI WdfObjectGetTypedContextWorker(_In_ WDFOBJECT Handle,
                                                  _In_ PCWDF_OBJECT_CONTEXT_TYPE_INFO TypeInfo);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfObjectAllocateContext(
    _In_ WDFOBJECT Handle, _In_ PWDF_OBJECT_ATTRIBUTES ContextAttributes, _Outptr_opt_ PVOID *Context);
WDFAPI WDFOBJECT NTAPI WdfObjectContextGetObject(_In_ PVOID ContextPointer);
WDFAPI VOID NTAPI WdfObjectReferenceActual(_In_ WDFOBJECT Handle, _In_opt_ PVOID Tag, _In_ LONG Line,
                                           _In_z_ PCCH File);
WDFAPI VOID NTAPI WdfObjectDereferenceActual(_In_ WDFOBJECT Handle, _In_opt_ PVOID Tag, _In_ LONG Line,
                                             _In_z_ PCCH File);
_Must_inspect_result_ WDFAPI NTSTATUS NTAPI WdfObjectCreate(_In_opt_ PWDF_OBJECT_ATTRIBUTES Attributes,
                                                            _Out_ WDFOBJECT *Object);
WDFAPI VOID NTAPI WdfObjectDelete(_In_ WDFOBJECT Object);

#define WdfObjectReference(Handle) WdfObjectReferenceActual(Handle, NULL, __LINE__, __FILE__)
#define WdfObjectReferenceWithTag(Handle, Tag) WdfObjectReferenceActual(Handle, Tag, __LINE__, __FILE__)
#define WdfObjectDereference(Handle) WdfObjectDereferenceActual(Handle, NULL, __LINE__, __FILE__)
#define WdfObjectDereferenceWithTag(Handle, Tag) WdfObjectDereferenceActual(Handle, Tag, __LINE__, __FILE__)

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFOBJECT_H */
