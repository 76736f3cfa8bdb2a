// mof_resources.cpp - MOF resources read from driver images: the kernel's ImageResources
// registry (filled by hosts), the service's resolver hook, Service::MofResourceData and the
// registration-time check that a named MOF resource exists (wdk-api-surface.md: "a driver may
// name a resource that its image does not contain (report it as missing)").
#include <wdm.h>

#include <kwmi/image_resources.hpp>
#include <kwmi/utf8.hpp>

#include <algorithm>

#include "nt_status_codes.hpp"
#include "service_impl.hpp"

namespace kwmi::wmi {
namespace {

char16_t AsciiUpper(char16_t c) { return c >= u'a' && c <= u'z' ? static_cast<char16_t>(c - 32) : c; }

std::string Printable(std::u16string_view text) { return text::Utf16ToUtf8(text); }

std::string WhyMissing(NTSTATUS status) {
    switch (static_cast<std::uint32_t>(status)) {
    case 0xC0000089u: return "the driver image has no resources (STATUS_RESOURCE_DATA_NOT_FOUND)";
    case 0xC000008Au: return "the driver image has no MOFDATA resource (STATUS_RESOURCE_TYPE_NOT_FOUND)";
    case 0xC000008Bu: return "the driver image has no MOFDATA resource of that name (STATUS_RESOURCE_NAME_NOT_FOUND)";
    default: {
        char text[16];
        std::snprintf(text, sizeof text, "0x%08X", static_cast<unsigned>(status));
        return std::string("the image lookup failed with status ") + text;
    }
    }
}

}  // namespace

bool SameResourceName(std::u16string_view a, std::u16string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char16_t x, char16_t y) { return AsciiUpper(x) == AsciiUpper(y); });
}

// ---- ImageResources ----

ImageResources& ImageResources::Of(nt::Kernel& kernel) {
    static std::mutex creation;
    std::lock_guard guard(creation);
    if (auto existing = kernel.Find<ImageResources>(kComponentName)) return *existing;
    auto created = std::make_shared<ImageResources>();
    kernel.AttachComponent(kComponentName, created);
    return *created;
}

ImageResources* ImageResources::Current() {
    nt::Kernel* kernel = nt::Kernel::Current();
    return kernel ? &Of(*kernel) : nullptr;
}

void ImageResources::Register(_DRIVER_OBJECT* driver, std::u16string imagePath, std::vector<ImageResource> resources) {
    std::lock_guard guard(mutex_);
    images_[driver] = Image{std::move(imagePath), std::move(resources)};
}

void ImageResources::Unregister(_DRIVER_OBJECT* driver) {
    std::lock_guard guard(mutex_);
    images_.erase(driver);
}

bool ImageResources::Contains(_DRIVER_OBJECT* driver) const {
    std::lock_guard guard(mutex_);
    return images_.count(driver) != 0;
}

std::u16string ImageResources::ImagePath(_DRIVER_OBJECT* driver) const {
    std::lock_guard guard(mutex_);
    auto it = images_.find(driver);
    return it == images_.end() ? std::u16string() : it->second.path;
}

NTSTATUS ImageResources::Find(_DRIVER_OBJECT* driver, std::u16string_view type, std::u16string_view name,
                              Bytes& out) const {
    std::lock_guard guard(mutex_);
    auto it = images_.find(driver);
    if (it == images_.end() || it->second.resources.empty()) return kStatusResourceDataNotFound;
    bool typeSeen = false;
    for (const ImageResource& resource : it->second.resources) {
        if (!SameResourceName(resource.type, type)) continue;
        typeSeen = true;
        if (!SameResourceName(resource.name, name)) continue;
        out = resource.data;
        return status::kSuccess;
    }
    return typeSeen ? kStatusResourceNameNotFound : kStatusResourceTypeNotFound;
}

// ---- the service's side ----

void Service::SetImageResourceResolver(ImageResourceResolver resolver) {
    std::lock_guard guard(impl_->mutex);
    impl_->imageResolver = std::move(resolver);
}

NTSTATUS Service::Impl::ReadImageResource(_DRIVER_OBJECT* driver, std::u16string_view type, std::u16string_view name,
                                          Bytes& out) {
    ImageResourceResolver resolver;
    {
        std::lock_guard guard(mutex);
        resolver = imageResolver;
    }
    if (resolver) return resolver(driver, type, name, out);
    ImageResources* images = ImageResources::Current();
    return images ? images->Find(driver, type, name, out) : kStatusResourceDataNotFound;
}

bool Service::Impl::MofReadableLocked(const ProviderPtr& provider, const Identity& who) {
    if (provider->order.empty()) return true;
    return std::any_of(provider->order.begin(), provider->order.end(), [&](const GUID& guid) {
        return GrantedLocked(guid, who, WMIGUID_READ_DESCRIPTION) != 0;
    });
}

void Service::Impl::CheckMofResource(_DEVICE_OBJECT* device, const std::u16string& name) {
    Bytes bytes;
    _DRIVER_OBJECT* driverObject = device != nullptr ? device->DriverObject : nullptr;
    const NTSTATUS status = ReadImageResource(driverObject, kMofResourceType, name, bytes);
    if (NT_SUCCESS(status)) return;
    std::string driver = "?";
    if (driverObject != nullptr) {
        const UNICODE_STRING& driverName = driverObject->DriverName;
        driver = Printable(std::u16string_view(reinterpret_cast<const char16_t*>(driverName.Buffer),
                                               driverName.Length / sizeof(WCHAR)));
    }
    Note("REGINFO of " + driver + " names MOF resource \"" + Printable(name) + "\", which is missing: " +
         WhyMissing(status));
}

NTSTATUS Service::MofResourceData(const Identity& who, const MofResource& resource, Bytes& out) {
    out.clear();
    _DRIVER_OBJECT* driver = nullptr;
    bool registered = false;
    bool readable = false;
    {
        std::lock_guard guard(impl_->mutex);
        for (const auto& provider : impl_->providerOrder) {
            if (provider->deregistering || provider->registryPath != resource.imagePath ||
                !SameResourceName(provider->mofResourceName, resource.resourceName)) {
                continue;
            }
            registered = true;
            if (impl_->MofReadableLocked(provider, who)) {
                readable = true;
                driver = provider->device != nullptr ? provider->device->DriverObject : nullptr;
                break;
            }
        }
    }
    if (!readable) return registered ? status::kAccessDenied : kStatusObjectNameNotFound;
    return impl_->ReadImageResource(driver, kMofResourceType, resource.resourceName, out);
}

}  // namespace kwmi::wmi
