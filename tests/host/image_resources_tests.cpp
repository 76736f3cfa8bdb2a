// The driver image's resources (kwmi/resources.h): kwmi_add_driver links the compiled MOF into
// the module as a named MOFDATA resource, the host reads the exported table when it loads the
// driver, and WMI consumers get the bytes back through the service.
#include <gtest/gtest.h>

#include <kwmi/consumer.hpp>
#include <kwmi/host.hpp>
#include <kwmi/image_resources.hpp>
#include <kwmi/kernel.hpp>
#include <kwmi/mof/bmf.hpp>
#include <kwmi/mof/parser.hpp>
#include <kwmi/mof/validate.hpp>
#include <kwmi/resources.h>
#include <kwmi/wmi_service.hpp>

#include <wdf.h>

#include <dlfcn.h>

#include <algorithm>
#include <fstream>
#include <iterator>

using kwmi::host::Host;
using kwmi::wmi::Bytes;
using kwmi::wmi::ImageResources;

namespace {

constexpr ULONG kErrorResourceNameNotFound = 1814;

Bytes ReadFile(const char *path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << path;
    return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// What the MOF compiler produces for `mof` (kwmi mofcomp -B, in process).
Bytes CompileToBmf(const char *mof) {
    kwmi::mof::ParseResult parsed = kwmi::mof::parseMofFile(mof);
    EXPECT_TRUE(parsed.ok()) << parsed.diagnostics.str();
    return kwmi::mof::writeBmf(parsed.schema);
}

std::u16string Text(const KWMI_RESOURCE_CHAR *text) {
    std::u16string out;
    while (text != nullptr && *text != 0) out.push_back(static_cast<char16_t>(*text++));
    return out;
}

class ImageResourcesTest : public ::testing::Test {
protected:
    ImageResourcesTest() { kwmi::wmi::Service::Install(kernel, {}); }
    kwmi::nt::Kernel kernel{kwmi::nt::SchedulerKind::Manual};
    Host host{kernel};
    kwmi::Consumer consumer;

    std::size_t LoadAndStart(const char *path) {
        auto driver = host.LoadDriver(path);
        EXPECT_TRUE(driver.has_value()) << host.LastError();
        std::int32_t status = -1;
        std::size_t device = host.AddDevice(driver.value_or(0), &status);
        EXPECT_EQ(status, STATUS_SUCCESS);
        EXPECT_EQ(host.StartDevice(device), STATUS_SUCCESS);
        kernel.RunUntilIdle();
        return driver.value_or(0);
    }
    std::vector<kwmi::wmi::MofResource> Listed() {
        std::vector<kwmi::wmi::MofResource> mofs;
        EXPECT_EQ(consumer.MofResources(mofs), static_cast<ULONG>(ERROR_SUCCESS));
        return mofs;
    }
};

TEST(ImageResourceTable, BuiltDriverExportsAVersionedTableOfNamedResources) {
    void *module = dlopen(KWMITEST_RESOURCES_PATH, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(module, nullptr) << dlerror();
    auto *table = static_cast<const KWMI_RESOURCE_TABLE *>(dlsym(module, KWMI_RESOURCE_TABLE_SYMBOL));
    ASSERT_NE(table, nullptr);
    EXPECT_EQ(table->Magic, KWMI_RESOURCE_TABLE_MAGIC);
    EXPECT_EQ(table->Version, KWMI_RESOURCE_TABLE_VERSION);
    EXPECT_EQ(table->EntrySize, sizeof(KWMI_RESOURCE_ENTRY));
    ASSERT_EQ(table->Count, 3u);
    // In kwmi_add_driver / kwmi_driver_add_* order, spelled as the build gave them.
    EXPECT_EQ(Text(table->Entries[0].Type), u"MOFDATA");
    EXPECT_EQ(Text(table->Entries[0].Name), u"ResDrvMof");
    EXPECT_EQ(Text(table->Entries[1].Type), u"MOFDATA");
    EXPECT_EQ(Text(table->Entries[1].Name), u"ExtraMof");
    EXPECT_EQ(Text(table->Entries[2].Type), u"RCDATA");
    EXPECT_EQ(Text(table->Entries[2].Name), u"Notes");
    const auto *data = static_cast<const std::uint8_t *>(table->Entries[0].Data);
    EXPECT_EQ(Bytes(data, data + table->Entries[0].Size), ReadFile(KWMITEST_RESDRV_BMF));
    const auto *notes = static_cast<const std::uint8_t *>(table->Entries[2].Data);
    EXPECT_EQ(Bytes(notes, notes + table->Entries[2].Size), ReadFile(KWMITEST_RESDRV_NOTES));
    // The data lives in the image's own read-only section, 8-byte aligned.
    Dl_info info{};
    ASSERT_NE(dladdr(table->Entries[0].Data, &info), 0);
    EXPECT_NE(std::string(info.dli_fname).find("kwmitest_resources"), std::string::npos);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(table->Entries[0].Data) % 8, 0u);
    dlclose(module);
}

TEST_F(ImageResourcesTest, LoadDriverRegistersTheImageResourcesWithTheKernel) {
    auto driver = host.LoadDriver(KWMITEST_RESOURCES_PATH);
    ASSERT_TRUE(driver.has_value()) << host.LastError();
    const kwmi::host::DriverInfo &info = host.Driver(*driver);
    EXPECT_EQ(info.imagePath, KWMITEST_RESOURCES_PATH);
    EXPECT_EQ(info.resourceStatus, STATUS_SUCCESS) << info.resourceProblem;
    ImageResources &images = ImageResources::Of(kernel);
    Bytes bytes;
    ASSERT_EQ(images.Find(info.driverObject, u"MOFDATA", u"resdrvmof", bytes), STATUS_SUCCESS);
    EXPECT_EQ(bytes, CompileToBmf(KWMITEST_RESDRV_MOF));
    ASSERT_EQ(images.Find(info.driverObject, u"mofdata", u"ExtraMof", bytes), STATUS_SUCCESS);
    EXPECT_EQ(bytes, CompileToBmf(KWMITEST_RESDRV_EXTRA_MOF));
    EXPECT_EQ(images.Find(info.driverObject, u"MOFDATA", u"Notes", bytes), kwmi::wmi::kStatusResourceNameNotFound);
    EXPECT_EQ(images.Find(info.driverObject, u"ICON", u"Notes", bytes), kwmi::wmi::kStatusResourceTypeNotFound);

    _DRIVER_OBJECT *driverObject = info.driverObject;
    host.UnloadDriver(*driver);
    EXPECT_FALSE(images.Contains(driverObject));
}

TEST_F(ImageResourcesTest, ConsumerReadsTheRegisteredMofResourceBytesEqualToTheCompiledMof) {
    LoadAndStart(KWMITEST_RESOURCES_PATH);
    auto mofs = Listed();
    ASSERT_EQ(mofs.size(), 1u);
    EXPECT_EQ(mofs[0].resourceName, u"ResDrvMof");
    kwmi::Reply reply = consumer.MofResourceData(mofs[0]);
    ASSERT_EQ(reply.error, static_cast<ULONG>(ERROR_SUCCESS));
    EXPECT_EQ(reply.bytes, CompileToBmf(KWMITEST_RESDRV_MOF));
    EXPECT_EQ(reply.bytes, ReadFile(KWMITEST_RESDRV_BMF));
    // And the schema in it is the driver's.
    kwmi::mof::Diagnostics diags;
    auto schema = kwmi::mof::readBmf(reply.bytes.data(), reply.bytes.size(), diags);
    ASSERT_TRUE(schema.has_value()) << diags.str();
    EXPECT_NE(schema->findClass("KwmiResDrv_Value"), nullptr);
    auto notes = kwmi::wmi::Service::Current()->Diagnostics();
    EXPECT_TRUE(std::none_of(notes.begin(), notes.end(),
                             [](const std::string &n) { return n.find("MOF resource") != std::string::npos; }));
}

TEST_F(ImageResourcesTest, MissingMofResourceIsReportedNotACrash) {
    std::size_t driver = LoadAndStart(KWMITEST_RESOURCES_MISSING_PATH);
    EXPECT_EQ(host.Driver(driver).resourceStatus, STATUS_SUCCESS);
    auto notes = kwmi::wmi::Service::Current()->Diagnostics();
    auto note = std::find_if(notes.begin(), notes.end(),
                             [](const std::string &n) { return n.find("\"NoSuchMof\", which is missing") != std::string::npos; });
    ASSERT_NE(note, notes.end());
    EXPECT_NE(note->find("\\Driver\\kwmitest_resources_missing"), std::string::npos) << *note;
    EXPECT_NE(note->find("STATUS_RESOURCE_NAME_NOT_FOUND"), std::string::npos) << *note;
    auto mofs = Listed();
    ASSERT_EQ(mofs.size(), 1u);
    EXPECT_EQ(mofs[0].resourceName, u"NoSuchMof");
    kwmi::Reply reply = consumer.MofResourceData(mofs[0]);
    EXPECT_EQ(reply.error, kErrorResourceNameNotFound);
    EXPECT_TRUE(reply.bytes.empty());
}

// A linked driver: no image file, so the test hands its table over explicitly.
NTSTATUS LinkedDriverEntry(_DRIVER_OBJECT *, _UNICODE_STRING *) { return STATUS_SUCCESS; }

const KWMI_RESOURCE_CHAR kMofData[] = {'M', 'O', 'F', 'D', 'A', 'T', 'A', 0};
const KWMI_RESOURCE_CHAR kLinkedName[] = {'L', 'i', 'n', 'k', 'e', 'd', 0};
const std::uint8_t kLinkedBytes[] = {'F', 'O', 'M', 'B', 0, 1};

TEST_F(ImageResourcesTest, LinkedDriverRegistersAnExplicitTable) {
    const KWMI_RESOURCE_ENTRY entries[] = {{kMofData, kLinkedName, kLinkedBytes, sizeof kLinkedBytes}};
    const KWMI_RESOURCE_TABLE table = {KWMI_RESOURCE_TABLE_MAGIC, KWMI_RESOURCE_TABLE_VERSION,
                                       sizeof(KWMI_RESOURCE_ENTRY), 1, 0, entries};
    std::size_t withTable = host.AddLinkedDriver("linked", &LinkedDriverEntry, &table);
    std::size_t without = host.AddLinkedDriver("plain", &LinkedDriverEntry);
    ImageResources &images = ImageResources::Of(kernel);
    Bytes bytes;
    ASSERT_EQ(images.Find(host.Driver(withTable).driverObject, u"MOFDATA", u"LINKED", bytes), STATUS_SUCCESS);
    EXPECT_EQ(bytes, Bytes(std::begin(kLinkedBytes), std::end(kLinkedBytes)));
    EXPECT_FALSE(images.Contains(host.Driver(without).driverObject));
    EXPECT_EQ(images.Find(host.Driver(without).driverObject, u"MOFDATA", u"Linked", bytes),
              kwmi::wmi::kStatusResourceDataNotFound);
    // Attached later: same result.
    EXPECT_EQ(host.AttachResourceTable(without, &table), STATUS_SUCCESS);
    EXPECT_EQ(images.Find(host.Driver(without).driverObject, u"MOFDATA", u"Linked", bytes), STATUS_SUCCESS);
}

TEST_F(ImageResourcesTest, MalformedTablesAreRejectedWithInvalidImageFormat) {
    std::size_t driver = host.AddLinkedDriver("linked", &LinkedDriverEntry);
    const KWMI_RESOURCE_ENTRY good = {kMofData, kLinkedName, kLinkedBytes, sizeof kLinkedBytes};
    struct Case {
        const char *why;
        KWMI_RESOURCE_TABLE table;
        KWMI_RESOURCE_ENTRY entries[2];
    };
    std::vector<Case> cases = {
        {"bad magic", {0x1234, 1, sizeof(KWMI_RESOURCE_ENTRY), 1, 0, nullptr}, {good, good}},
        {"unsupported version", {KWMI_RESOURCE_TABLE_MAGIC, 2, sizeof(KWMI_RESOURCE_ENTRY), 1, 0, nullptr}, {good, good}},
        {"too small", {KWMI_RESOURCE_TABLE_MAGIC, 1, 16, 1, 0, nullptr}, {good, good}},
        {"no entry array", {KWMI_RESOURCE_TABLE_MAGIC, 1, sizeof(KWMI_RESOURCE_ENTRY), 1, 0, nullptr}, {good, good}},
        {"bad name", {KWMI_RESOURCE_TABLE_MAGIC, 1, sizeof(KWMI_RESOURCE_ENTRY), 1, 0, nullptr},
         {{kMofData, nullptr, kLinkedBytes, 1}, good}},
        {"no data", {KWMI_RESOURCE_TABLE_MAGIC, 1, sizeof(KWMI_RESOURCE_ENTRY), 1, 0, nullptr},
         {{kMofData, kLinkedName, nullptr, 4}, good}},
        {"duplicate resource", {KWMI_RESOURCE_TABLE_MAGIC, 1, sizeof(KWMI_RESOURCE_ENTRY), 2, 0, nullptr}, {good, good}},
    };
    for (Case &c : cases) {
        if (std::string(c.why) != "no entry array") c.table.Entries = c.entries;
        EXPECT_EQ(host.AttachResourceTable(driver, &c.table), kwmi::wmi::kStatusInvalidImageFormat) << c.why;
        EXPECT_NE(host.Driver(driver).resourceProblem.find(c.why), std::string::npos)
            << c.why << ": " << host.Driver(driver).resourceProblem;
        Bytes bytes;
        EXPECT_EQ(ImageResources::Of(kernel).Find(host.Driver(driver).driverObject, u"MOFDATA", u"Linked", bytes),
                  kwmi::wmi::kStatusResourceDataNotFound)
            << c.why;
    }
}

}  // namespace
