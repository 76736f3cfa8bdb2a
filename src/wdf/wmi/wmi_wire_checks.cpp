// wmi_wire_checks.cpp - compile-time proof that the private offsets in wmi_wire.hpp match the
// public wmistr.h / wdm.h definitions the rest of the project uses.
#include "wmi_wire.hpp"

#include <wdm.h>
#include <wmistr.h>

namespace kwmi::wdf::wmi {

static_assert(sizeof(WNODE_HEADER) == wnode::kHeaderSize);
static_assert(offsetof(WNODE_HEADER, ProviderId) == wnode::kProviderId);
static_assert(offsetof(WNODE_HEADER, HistoricalContext) == wnode::kHistoricalContext);
static_assert(offsetof(WNODE_HEADER, TimeStamp) == wnode::kTimeStamp);
static_assert(offsetof(WNODE_HEADER, Guid) == wnode::kGuid);
static_assert(offsetof(WNODE_HEADER, Flags) == wnode::kFlags);
static_assert(sizeof(WNODE_ALL_DATA) == wnode::kAllDataSize);
static_assert(offsetof(WNODE_ALL_DATA, DataBlockOffset) == wnode::kAllDataBlockOffset);
static_assert(offsetof(WNODE_ALL_DATA, InstanceCount) == wnode::kAllInstanceCount);
static_assert(offsetof(WNODE_ALL_DATA, OffsetInstanceDataAndLength) == wnode::kAllOffsetInstanceDataAndLength);
static_assert(sizeof(WNODE_SINGLE_INSTANCE) == wnode::kSingleInstanceSize);
static_assert(offsetof(WNODE_SINGLE_INSTANCE, InstanceIndex) == wnode::kSiInstanceIndex);
static_assert(offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset) == wnode::kSiDataBlockOffset);
static_assert(offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock) == wnode::kSiSizeDataBlock);
static_assert(offsetof(WNODE_SINGLE_ITEM, InstanceIndex) == wnode::kSiInstanceIndex);
static_assert(offsetof(WNODE_SINGLE_ITEM, ItemId) == wnode::kItemId);
static_assert(offsetof(WNODE_SINGLE_ITEM, DataBlockOffset) == wnode::kItemDataBlockOffset);
static_assert(offsetof(WNODE_SINGLE_ITEM, SizeDataItem) == wnode::kItemSizeData);
static_assert(offsetof(WNODE_SINGLE_ITEM, VariableData) == wnode::kItemFixedSize);
static_assert(offsetof(WNODE_METHOD_ITEM, InstanceIndex) == wnode::kSiInstanceIndex);
static_assert(offsetof(WNODE_METHOD_ITEM, MethodId) == wnode::kItemId);
static_assert(offsetof(WNODE_METHOD_ITEM, DataBlockOffset) == wnode::kItemDataBlockOffset);
static_assert(offsetof(WNODE_METHOD_ITEM, SizeDataBlock) == wnode::kItemSizeData);
static_assert(sizeof(WNODE_TOO_SMALL) == wnode::kTooSmallSize);
static_assert(offsetof(WNODE_TOO_SMALL, SizeNeeded) == wnode::kTooSmallSizeNeeded);

static_assert(sizeof(WMIREGINFOW) == reginfo::kRegInfoSize);
static_assert(sizeof(WMIREGGUIDW) == reginfo::kRegGuidSize);
static_assert(offsetof(WMIREGINFOW, RegistryPath) == reginfo::kRegistryPath);
static_assert(offsetof(WMIREGINFOW, MofResourceName) == reginfo::kMofResourceName);
static_assert(offsetof(WMIREGINFOW, GuidCount) == reginfo::kGuidCount);
static_assert(offsetof(WMIREGGUIDW, Flags) == reginfo::kGuidFlags);
static_assert(offsetof(WMIREGGUIDW, InstanceCount) == reginfo::kGuidInstanceCount);
static_assert(offsetof(WMIREGGUIDW, Pdo) == reginfo::kGuidPdo);

static_assert(WNODE_FLAG_SINGLE_INSTANCE == kWnodeFlagSingleInstance);
static_assert(WNODE_FLAG_EVENT_ITEM == kWnodeFlagEventItem);
static_assert(WNODE_FLAG_FIXED_INSTANCE_SIZE == kWnodeFlagFixedInstanceSize);
static_assert(WNODE_FLAG_TOO_SMALL == kWnodeFlagTooSmall);
static_assert(WNODE_FLAG_STATIC_INSTANCE_NAMES == kWnodeFlagStaticInstanceNames);
static_assert(WMIREG_FLAG_EXPENSIVE == kWmiRegFlagExpensive);
static_assert(WMIREG_FLAG_INSTANCE_PDO == kWmiRegFlagInstancePdo);
static_assert(WMIREG_FLAG_EVENT_ONLY_GUID == kWmiRegFlagEventOnlyGuid);
static_assert(WMIREG_FLAG_TRACE_CONTROL_GUID == kWmiRegFlagTraceControlGuid);
static_assert(WMIREG_FLAG_REMOVE_GUID == kWmiRegFlagRemoveGuid);
static_assert(WMIREG_FLAG_TRACED_GUID == kWmiRegFlagTracedGuid);

static_assert(IRP_MN_QUERY_ALL_DATA == kMnQueryAllData);
static_assert(IRP_MN_QUERY_SINGLE_INSTANCE == kMnQuerySingleInstance);
static_assert(IRP_MN_CHANGE_SINGLE_INSTANCE == kMnChangeSingleInstance);
static_assert(IRP_MN_CHANGE_SINGLE_ITEM == kMnChangeSingleItem);
static_assert(IRP_MN_ENABLE_EVENTS == kMnEnableEvents);
static_assert(IRP_MN_DISABLE_EVENTS == kMnDisableEvents);
static_assert(IRP_MN_ENABLE_COLLECTION == kMnEnableCollection);
static_assert(IRP_MN_DISABLE_COLLECTION == kMnDisableCollection);
static_assert(IRP_MN_REGINFO == kMnRegInfo);
static_assert(IRP_MN_EXECUTE_METHOD == kMnExecuteMethod);
static_assert(IRP_MN_REGINFO_EX == kMnRegInfoEx);
static_assert(WMIREG_ACTION_REGISTER == kWmiRegActionRegister);
static_assert(WMIREG_ACTION_DEREGISTER == kWmiRegActionDeregister);
static_assert(WMIREG_ACTION_UPDATE_GUIDS == kWmiRegActionUpdateGuids);
static_assert(STATUS_WMI_GUID_NOT_FOUND == kStatusWmiGuidNotFound);
static_assert(STATUS_WMI_INSTANCE_NOT_FOUND == kStatusWmiInstanceNotFound);
static_assert(STATUS_WMI_READ_ONLY == kStatusWmiReadOnly);
static_assert(STATUS_WMI_SET_FAILURE == kStatusWmiSetFailure);

} // namespace kwmi::wdf::wmi
