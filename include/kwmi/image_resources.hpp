// kwmi/image_resources.hpp - the resources of loaded driver images, by driver object.
//
// On Windows WMI reads a driver's binary MOF from its image (resource type MOFDATA). Here a
// host reads the resource table a driver module exports (kwmi/resources.h) when it loads the
// driver and registers a copy with the kernel's ImageResources; the WMI service looks MOF
// resources up there. One registry per kernel (component "image-resources").
#pragma once

#include <kwmi/kernel.hpp>
#include <kwmi/wmi_service.hpp>

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct _DRIVER_OBJECT;

namespace kwmi::wmi {

// NTSTATUS values of a resource lookup (FindResource's failures, as NTSTATUS).
inline constexpr NTSTATUS kStatusResourceDataNotFound = static_cast<NTSTATUS>(0xC0000089u);  // no resource section
inline constexpr NTSTATUS kStatusResourceTypeNotFound = static_cast<NTSTATUS>(0xC000008Au);
inline constexpr NTSTATUS kStatusResourceNameNotFound = static_cast<NTSTATUS>(0xC000008Bu);
inline constexpr NTSTATUS kStatusInvalidImageFormat = static_cast<NTSTATUS>(0xC000007Bu);   // malformed table
inline constexpr NTSTATUS kStatusObjectNameNotFound = static_cast<NTSTATUS>(0xC0000034u);

// The MOF resource type ("MOFDATA" in the driver's .rc).
inline constexpr std::u16string_view kMofResourceType = u"MOFDATA";

struct ImageResource {
    std::u16string type;
    std::u16string name;
    Bytes data;
};

class ImageResources : public nt::KernelComponent {
public:
    static constexpr const char* kComponentName = "image-resources";

    // The registry of the current kernel, created on first use; nullptr without a kernel.
    static ImageResources* Current();
    // The registry of `kernel`, created on first use.
    static ImageResources& Of(nt::Kernel& kernel);

    // `imagePath` is the file the driver was loaded from ("" for a driver linked into the
    // executable). Registering a driver again replaces its resources.
    void Register(_DRIVER_OBJECT* driver, std::u16string imagePath, std::vector<ImageResource> resources);
    void Unregister(_DRIVER_OBJECT* driver);
    bool Contains(_DRIVER_OBJECT* driver) const;
    std::u16string ImagePath(_DRIVER_OBJECT* driver) const;

    // Type and name compare without regard to ASCII case. STATUS_SUCCESS and the bytes, or
    // kStatusResourceDataNotFound (driver not registered or without resources),
    // kStatusResourceTypeNotFound, kStatusResourceNameNotFound.
    NTSTATUS Find(_DRIVER_OBJECT* driver, std::u16string_view type, std::u16string_view name, Bytes& out) const;

private:
    struct Image {
        std::u16string path;
        std::vector<ImageResource> resources;
    };
    mutable std::mutex mutex_;
    std::unordered_map<_DRIVER_OBJECT*, Image> images_;
};

// ASCII case-insensitive equality of UTF-16 names (resource names and types).
bool SameResourceName(std::u16string_view a, std::u16string_view b);

}  // namespace kwmi::wmi
