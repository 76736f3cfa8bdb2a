// wdfchildlist.h and the child DDIs of wdffdo.h: the default child list, static child
// iteration, and the bus information children report.
#include "wdf/child_list.hpp"
#include "wdf/device.hpp"
#include "wdf/device_init.hpp"
#include "wdf/handles.hpp"
#include "verifier/verifier.hpp"

using namespace kwmi::wdf;

namespace {

// A configuration the framework can keep: the right size, a description at least as large
// as its header, a create callback. Anything else is ignored, as KMDF's verifier does.
bool UsableChildListConfig(const WDF_CHILD_LIST_CONFIG &config) {
    return config.Size == sizeof(WDF_CHILD_LIST_CONFIG) &&
           config.IdentificationDescriptionSize >= sizeof(WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER) &&
           (config.AddressDescriptionSize == 0 ||
            config.AddressDescriptionSize >= sizeof(WDF_CHILD_ADDRESS_DESCRIPTION_HEADER)) &&
           config.EvtChildListCreateDevice != nullptr;
}

}  // namespace

extern "C" {

VOID WdfFdoInitSetDefaultChildListConfig(PWDFDEVICE_INIT DeviceInit, PWDF_CHILD_LIST_CONFIG Config,
                                         PWDF_OBJECT_ATTRIBUTES DefaultChildListAttributes) {
    KWMI_DDI_ENTRY(WdfFdoInitSetDefaultChildListConfig);
    KWMI_WDF_REQUIRE_POINTER(DeviceInit, "WdfFdoInitSetDefaultChildListConfig");
    KWMI_WDF_REQUIRE_POINTER(Config, "WdfFdoInitSetDefaultChildListConfig");
    if (DeviceInit->pdo || DeviceInit->control || !UsableChildListConfig(*Config)) return;
    if (DefaultChildListAttributes != nullptr &&
        !NT_SUCCESS(ValidateObjectAttributes(DefaultChildListAttributes, AttributeRules{false, true, true}))) {
        return;
    }
    DeviceInit->hasDefaultChildList = true;
    DeviceInit->defaultChildList = *Config;
    DeviceInit->hasDefaultChildListAttributes = DefaultChildListAttributes != nullptr;
    if (DefaultChildListAttributes != nullptr) DeviceInit->defaultChildListAttributes = *DefaultChildListAttributes;
}

WDFCHILDLIST WdfFdoGetDefaultChildList(WDFDEVICE Fdo) {
    KWMI_DDI_ENTRY(WdfFdoGetDefaultChildList);
    ChildList *list = Resolve<kwmi::wdf::Device>(Fdo)->DefaultChildList();
    return list == nullptr ? nullptr : static_cast<WDFCHILDLIST>(list->Handle());
}

VOID WdfFdoLockStaticChildListForIteration(WDFDEVICE Fdo) {
    KWMI_DDI_ENTRY(WdfFdoLockStaticChildListForIteration);
    Resolve<kwmi::wdf::Device>(Fdo)->LockStaticChildren();
}

WDFDEVICE WdfFdoRetrieveNextStaticChild(WDFDEVICE Fdo, WDFDEVICE PreviousChild, ULONG Flags) {
    KWMI_DDI_ENTRY(WdfFdoRetrieveNextStaticChild);
    kwmi::wdf::Device *fdo = Resolve<kwmi::wdf::Device>(Fdo);
    kwmi::wdf::Device *previous = PreviousChild == nullptr ? nullptr : Resolve<kwmi::wdf::Device>(PreviousChild);
    if (!ValidRetrieveFlags(Flags)) return nullptr;
    kwmi::wdf::Device *next = fdo->NextStaticChild(previous, Flags);
    return next == nullptr ? nullptr : static_cast<WDFDEVICE>(next->Handle());
}

VOID WdfFdoUnlockStaticChildListFromIteration(WDFDEVICE Fdo) {
    KWMI_DDI_ENTRY(WdfFdoUnlockStaticChildListFromIteration);
    Resolve<kwmi::wdf::Device>(Fdo)->UnlockStaticChildren();
}

VOID WdfDeviceSetBusInformationForChildren(WDFDEVICE Device, PPNP_BUS_INFORMATION BusInformation) {
    KWMI_DDI_ENTRY(WdfDeviceSetBusInformationForChildren);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(BusInformation, "WdfDeviceSetBusInformationForChildren");
    device->SetBusInformation(*BusInformation);
}

WDFDEVICE WdfChildListGetDevice(WDFCHILDLIST ChildList) {
    KWMI_DDI_ENTRY(WdfChildListGetDevice);
    return static_cast<WDFDEVICE>(Resolve<kwmi::wdf::ChildList>(ChildList)->Bus().Handle());
}

VOID WdfChildListBeginScan(WDFCHILDLIST ChildList) {
    KWMI_DDI_ENTRY(WdfChildListBeginScan);
    Resolve<kwmi::wdf::ChildList>(ChildList)->BeginScan();
}

VOID WdfChildListEndScan(WDFCHILDLIST ChildList) {
    KWMI_DDI_ENTRY(WdfChildListEndScan);
    Resolve<kwmi::wdf::ChildList>(ChildList)->EndScan();
}

NTSTATUS WdfChildListAddOrUpdateChildDescriptionAsPresent(WDFCHILDLIST ChildList,
                                                          PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER IdentificationDescription,
                                                          PWDF_CHILD_ADDRESS_DESCRIPTION_HEADER AddressDescription) {
    KWMI_DDI_ENTRY(WdfChildListAddOrUpdateChildDescriptionAsPresent);
    kwmi::wdf::ChildList *list = Resolve<kwmi::wdf::ChildList>(ChildList);
    KWMI_WDF_REQUIRE_POINTER(IdentificationDescription, "WdfChildListAddOrUpdateChildDescriptionAsPresent");
    return list->AddOrUpdateAsPresent(*IdentificationDescription, AddressDescription);
}

NTSTATUS WdfChildListUpdateChildDescriptionAsMissing(WDFCHILDLIST ChildList,
                                                     PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER IdentificationDescription) {
    KWMI_DDI_ENTRY(WdfChildListUpdateChildDescriptionAsMissing);
    kwmi::wdf::ChildList *list = Resolve<kwmi::wdf::ChildList>(ChildList);
    KWMI_WDF_REQUIRE_POINTER(IdentificationDescription, "WdfChildListUpdateChildDescriptionAsMissing");
    return list->UpdateAsMissing(*IdentificationDescription);
}

VOID WdfChildListUpdateAllChildDescriptionsAsPresent(WDFCHILDLIST ChildList) {
    KWMI_DDI_ENTRY(WdfChildListUpdateAllChildDescriptionsAsPresent);
    Resolve<kwmi::wdf::ChildList>(ChildList)->UpdateAllAsPresent();
}

BOOLEAN WdfChildListRequestChildEject(WDFCHILDLIST ChildList,
                                      PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER IdentificationDescription) {
    KWMI_DDI_ENTRY(WdfChildListRequestChildEject);
    kwmi::wdf::ChildList *list = Resolve<kwmi::wdf::ChildList>(ChildList);
    KWMI_WDF_REQUIRE_POINTER(IdentificationDescription, "WdfChildListRequestChildEject");
    return list->RequestEject(*IdentificationDescription) ? TRUE : FALSE;
}

VOID WdfChildListBeginIteration(WDFCHILDLIST ChildList, PWDF_CHILD_LIST_ITERATOR Iterator) {
    KWMI_DDI_ENTRY(WdfChildListBeginIteration);
    kwmi::wdf::ChildList *list = Resolve<kwmi::wdf::ChildList>(ChildList);
    KWMI_WDF_REQUIRE_POINTER(Iterator, "WdfChildListBeginIteration");
    list->BeginIteration(*Iterator);
}

NTSTATUS WdfChildListRetrieveNextDevice(WDFCHILDLIST ChildList, PWDF_CHILD_LIST_ITERATOR Iterator, WDFDEVICE *Device,
                                        PWDF_CHILD_RETRIEVE_INFO Info) {
    KWMI_DDI_ENTRY(WdfChildListRetrieveNextDevice);
    kwmi::wdf::ChildList *list = Resolve<kwmi::wdf::ChildList>(ChildList);
    KWMI_WDF_REQUIRE_POINTER(Iterator, "WdfChildListRetrieveNextDevice");
    KWMI_WDF_REQUIRE_POINTER(Device, "WdfChildListRetrieveNextDevice");
    return list->RetrieveNextDevice(*Iterator, Device, Info);
}

VOID WdfChildListEndIteration(WDFCHILDLIST ChildList, PWDF_CHILD_LIST_ITERATOR Iterator) {
    KWMI_DDI_ENTRY(WdfChildListEndIteration);
    kwmi::wdf::ChildList *list = Resolve<kwmi::wdf::ChildList>(ChildList);
    KWMI_WDF_REQUIRE_POINTER(Iterator, "WdfChildListEndIteration");
    list->EndIteration(*Iterator);
}

WDFDEVICE WdfChildListRetrievePdo(WDFCHILDLIST ChildList, PWDF_CHILD_RETRIEVE_INFO RetrieveInfo) {
    KWMI_DDI_ENTRY(WdfChildListRetrievePdo);
    kwmi::wdf::ChildList *list = Resolve<kwmi::wdf::ChildList>(ChildList);
    KWMI_WDF_REQUIRE_POINTER(RetrieveInfo, "WdfChildListRetrievePdo");
    return list->RetrievePdo(*RetrieveInfo);
}

NTSTATUS WdfChildListRetrieveAddressDescription(WDFCHILDLIST ChildList,
                                                PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER IdentificationDescription,
                                                PWDF_CHILD_ADDRESS_DESCRIPTION_HEADER AddressDescription) {
    KWMI_DDI_ENTRY(WdfChildListRetrieveAddressDescription);
    kwmi::wdf::ChildList *list = Resolve<kwmi::wdf::ChildList>(ChildList);
    KWMI_WDF_REQUIRE_POINTER(IdentificationDescription, "WdfChildListRetrieveAddressDescription");
    KWMI_WDF_REQUIRE_POINTER(AddressDescription, "WdfChildListRetrieveAddressDescription");
    return list->RetrieveAddressDescription(*IdentificationDescription, *AddressDescription);
}

}  // extern "C"
