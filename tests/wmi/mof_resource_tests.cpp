// The WMI service reading MOF resources from driver images: the resolver hook, the kernel's
// ImageResources registry, Consumer::MofResourceData and the registration-time diagnostic
// for a resource the image does not hold.
#include "wmi_fixture.hpp"

#include <kwmi/image_resources.hpp>

#include <wdm.h>

#include <algorithm>

namespace kwmi::test {
namespace {

constexpr ULONG kErrorFileNotFound = 2;
constexpr ULONG kErrorResourceDataNotFound = 1812;
constexpr ULONG kErrorResourceTypeNotFound = 1813;
constexpr ULONG kErrorResourceNameNotFound = 1814;

class MofResourceTest : public WmiTest {
protected:
    GUID guid_ = MakeGuid(0x6F);

    wmi::MofResource Listed() {
        std::vector<wmi::MofResource> mofs;
        EXPECT_EQ(admin_.MofResources(mofs), static_cast<ULONG>(ERROR_SUCCESS));
        EXPECT_EQ(mofs.size(), 1u);
        return mofs.empty() ? wmi::MofResource{} : mofs[0];
    }
    bool DiagnosticMentions(const std::string& text) {
        auto notes = service_.Diagnostics();
        return std::any_of(notes.begin(), notes.end(), [&](const std::string& n) { return n.find(text) != std::string::npos; });
    }
};

TEST_F(MofResourceTest, BytesComeFromTheImageOfTheProvidersDriverThroughTheRegistry) {
    TestProvider& provider = AddProvider(guid_);
    const wmi::Bytes bmf = {'F', 'O', 'M', 'B', 1, 2, 3};
    wmi::ImageResources::Of(kernel_).Register(provider.Fdo()->DriverObject, u"/drivers/foo.so",
                                              {{u"MOFDATA", u"MOFRESOURCE", bmf}, {u"RCDATA", u"MofResource", {9}}});
    RegisterNow(provider);
    EXPECT_FALSE(DiagnosticMentions("MofResource"));
    wmi::MofResource listed = Listed();
    Reply reply = admin_.MofResourceData(listed);
    ASSERT_EQ(reply.error, static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(reply.bytes, bmf);  // the MOFDATA entry, name compared without case
    wmi::ImageResources::Of(kernel_).Unregister(provider.Fdo()->DriverObject);
}

TEST_F(MofResourceTest, MissingResourceIsADiagnosticAndAWin32Error) {
    TestProvider& provider = AddProvider(guid_);
    wmi::ImageResources::Of(kernel_).Register(provider.Fdo()->DriverObject, u"/drivers/foo.so",
                                              {{u"MOFDATA", u"OtherMof", {1}}});
    RegisterNow(provider);
    EXPECT_TRUE(DiagnosticMentions("names MOF resource \"MofResource\", which is missing"));
    EXPECT_TRUE(DiagnosticMentions("STATUS_RESOURCE_NAME_NOT_FOUND"));
    Reply reply = admin_.MofResourceData(Listed());
    EXPECT_EQ(reply.error, kErrorResourceNameNotFound);
    EXPECT_TRUE(reply.bytes.empty());

    // Only other types: TYPE_NOT_FOUND; no image registered: DATA_NOT_FOUND.
    wmi::ImageResources::Of(kernel_).Register(provider.Fdo()->DriverObject, u"", {{u"RCDATA", u"MofResource", {1}}});
    EXPECT_EQ(admin_.MofResourceData(Listed()).error, kErrorResourceTypeNotFound);
    wmi::ImageResources::Of(kernel_).Unregister(provider.Fdo()->DriverObject);
    EXPECT_EQ(admin_.MofResourceData(Listed()).error, kErrorResourceDataNotFound);
}

TEST_F(MofResourceTest, ResolverHookReplacesTheRegistry) {
    TestProvider& provider = AddProvider(guid_);
    std::vector<std::pair<_DRIVER_OBJECT*, std::u16string>> asked;
    service_.SetImageResourceResolver([&](_DRIVER_OBJECT* driver, std::u16string_view type, std::u16string_view name,
                                          wmi::Bytes& out) {
        asked.emplace_back(driver, std::u16string(type) + u"/" + std::u16string(name));
        out = {7, 7};
        return NTSTATUS(STATUS_SUCCESS);
    });
    RegisterNow(provider);
    ASSERT_EQ(asked.size(), 1u);  // the registration-time check
    EXPECT_EQ(asked[0].first, provider.Fdo()->DriverObject);
    EXPECT_EQ(asked[0].second, u"MOFDATA/MofResource");
    Reply reply = admin_.MofResourceData(Listed());
    ASSERT_EQ(reply.error, static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(reply.bytes, (wmi::Bytes{7, 7}));
    EXPECT_EQ(asked.size(), 2u);
    service_.SetImageResourceResolver({});
}

TEST_F(MofResourceTest, UnregisteredPairIsFileNotFoundAndUnreadableIsAccessDenied) {
    TestProvider& provider = AddProvider(guid_);
    RegisterNow(provider);
    wmi::MofResource listed = Listed();
    wmi::MofResource other = listed;
    other.resourceName = u"NotRegistered";
    EXPECT_EQ(admin_.MofResourceData(other).error, kErrorFileNotFound);
    other = listed;
    other.imagePath += u"X";
    EXPECT_EQ(admin_.MofResourceData(other).error, kErrorFileNotFound);
    // A user without WMIGUID_READ_DESCRIPTION (default security: administrators only).
    EXPECT_EQ(Consumer(wmi::Identity::User()).MofResourceData(listed).error, static_cast<ULONG>(ERROR_ACCESS_DENIED));
}

TEST_F(MofResourceTest, NoMofNameMeansNoCheckAndNothingListed) {
    TestProvider& provider = AddProvider(guid_);
    provider.mofName.clear();
    RegisterNow(provider);
    EXPECT_FALSE(DiagnosticMentions("MOF resource"));
    std::vector<wmi::MofResource> mofs;
    ASSERT_EQ(admin_.MofResources(mofs), static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_TRUE(mofs.empty());
}

TEST(ImageResourceNames, CompareWithoutAsciiCase) {
    EXPECT_TRUE(wmi::SameResourceName(u"MofResource", u"MOFRESOURCE"));
    EXPECT_FALSE(wmi::SameResourceName(u"MofResource", u"MofResourc"));
}

}  // namespace
}  // namespace kwmi::test
