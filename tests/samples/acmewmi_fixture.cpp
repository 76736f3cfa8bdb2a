#include "acmewmi_fixture.hpp"

#include <algorithm>
#include <cstring>

namespace acmewmi_test {

using kwmi::mof::ValueNode;

Schema& Schema::Get() {
    static Schema schema;
    return schema;
}

Schema::Schema() : parsed_(kwmi::mof::parseMofFile(ACMEWMI_MOF_PATH)) {
    EXPECT_TRUE(parsed_.ok()) << "acmewmi.mof does not parse";
    layouts_ = std::make_unique<kwmi::mof::LayoutEngine>(parsed_.schema);
    if (const auto* control = parsed_.schema.findClass("AcmeWmi_Control")) {
        kwmi::mof::Diagnostics diags;
        controlMethods_ = layouts_->methodLayouts(*control, diags);
    }
}

std::vector<std::uint8_t> Schema::Encode(std::string_view className, const std::vector<std::string>& assignments) {
    kwmi::mof::Diagnostics diags;
    auto bytes = kwmi::mof::encodeBlock(Layout(className), assignments, diags);
    if (!bytes) {
        ADD_FAILURE() << "cannot encode a " << className << " block: " << diags.str();
        return {};
    }
    return *bytes;
}

const kwmi::mof::MethodLayout* Schema::Method(std::string_view methodName) {
    for (const auto& method : controlMethods_) {
        if (method.method != nullptr && method.method->name == methodName) return &method;
    }
    ADD_FAILURE() << "AcmeWmi_Control has no method " << methodName;
    return nullptr;
}

std::vector<std::uint8_t> Schema::EncodeIn(std::string_view methodName, const std::vector<std::string>& assignments) {
    const auto* method = Method(methodName);
    if (method == nullptr) return {};
    kwmi::mof::Diagnostics diags;
    auto bytes = kwmi::mof::encodeBlock(method->in, assignments, diags);
    if (!bytes) {
        ADD_FAILURE() << "cannot encode the input of " << methodName << ": " << diags.str();
        return {};
    }
    return *bytes;
}

ValueNode Schema::DecodeOut(std::string_view methodName, std::span<const std::uint8_t> output) {
    const auto* method = Method(methodName);
    if (method == nullptr) return {};
    kwmi::mof::Diagnostics diags;
    auto value = kwmi::mof::decodeBlock(method->out, output.data(), output.size(), diags);
    if (!value) {
        ADD_FAILURE() << "cannot decode the output of " << methodName << " (" << output.size() << " bytes)";
        return {};
    }
    return *value;
}

const kwmi::mof::ClassLayout& Schema::Layout(std::string_view className) {
    kwmi::mof::Diagnostics diags;
    const kwmi::mof::ClassLayout* layout = layouts_->classLayout(className, diags);
    if (layout == nullptr) {
        ADD_FAILURE() << "no layout for " << className;
        static const kwmi::mof::ClassLayout empty;
        return empty;
    }
    return *layout;
}

std::vector<kwmi::mof::DecodedInstance> Schema::Decode(std::string_view className,
                                                      std::span<const std::uint8_t> wnode) {
    kwmi::mof::Diagnostics diags;
    auto decoded = kwmi::mof::decodeWnode(Layout(className), wnode.data(), wnode.size(), diags);
    if (!decoded) {
        ADD_FAILURE() << "cannot decode a " << className << " WNODE of " << wnode.size() << " bytes";
        return {};
    }
    return *decoded;
}

const ValueNode& Field(const ValueNode& object, std::string_view name) {
    for (const auto& child : object.children) {
        if (child.name == name) return child;
    }
    ADD_FAILURE() << "no member " << name << " in " << object.name;
    static const ValueNode empty;
    return empty;
}

std::vector<std::uint8_t> CountedString(std::u16string_view text) {
    std::vector<std::uint8_t> bytes(2 + text.size() * 2);
    auto length = static_cast<std::uint16_t>(text.size() * 2);
    bytes[0] = static_cast<std::uint8_t>(length & 0xFF);
    bytes[1] = static_cast<std::uint8_t>(length >> 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        bytes[2 + 2 * i] = static_cast<std::uint8_t>(text[i] & 0xFF);
        bytes[3 + 2 * i] = static_cast<std::uint8_t>(text[i] >> 8);
    }
    return bytes;
}

AcmeWmiTest::AcmeWmiTest(kwmi::nt::SchedulerKind kind) : kernel(kind) {
    auto loaded = host.LoadDriver(ACMEWMI_DRIVER_PATH);
    if (!loaded) {
        ADD_FAILURE() << "cannot load acmewmi: " << host.LastError();
        return;
    }
    driver = *loaded;
    EXPECT_EQ(host.Driver(driver).entryStatus, STATUS_SUCCESS);
    std::int32_t status = -1;
    device = host.AddDevice(driver, &status);
    EXPECT_EQ(status, STATUS_SUCCESS);
    EXPECT_EQ(host.StartDevice(device), STATUS_SUCCESS);
    kernel.RunUntilIdle();
}

AcmeWmiTest::~AcmeWmiTest() {
    if (!removed) {
        auto report = host.UnloadDriver(driver);
        EXPECT_TRUE(report.Empty()) << report.Text();
    }
    // The sample is a well-behaved driver: nothing it did may have raised a bug check.
    EXPECT_FALSE(bugChecks.Fired()) << bugChecks.Last().explanation;
}

std::vector<kwmi::mof::DecodedInstance> AcmeWmiTest::QueryAll(const GUID& guid, std::string_view className) {
    kwmi::Reply reply = consumer.QueryAllData(guid);
    EXPECT_EQ(reply.error, static_cast<ULONG>(ERROR_SUCCESS)) << className;
    if (!reply) return {};
    // One WNODE_ALL_DATA per device in the chain; each instance decoded on its own.
    std::vector<kwmi::InstanceView> views;
    if (!kwmi::ParseAllDataChain(reply.bytes, views)) {
        ADD_FAILURE() << "malformed WNODE_ALL_DATA chain for " << className;
        return {};
    }
    std::vector<kwmi::mof::DecodedInstance> out;
    for (const auto& view : views) {
        kwmi::mof::Diagnostics diags;
        kwmi::mof::DecodedInstance instance;
        auto value = kwmi::mof::decodeBlock(Schema::Get().Layout(className), view.data.data(), view.data.size(),
                                            diags, &instance.size);
        if (!value) {
            ADD_FAILURE() << "cannot decode an instance of " << className << ": " << diags.str();
            continue;
        }
        instance.value = *value;
        for (char16_t c : view.name) instance.instanceName.push_back(static_cast<char>(c));
        out.push_back(std::move(instance));
    }
    return out;
}

std::u16string AcmeWmiTest::InstanceName(const GUID& guid, std::size_t index) {
    kwmi::Reply reply = consumer.QueryAllData(guid);
    std::vector<kwmi::InstanceView> views;
    if (!reply || !kwmi::ParseAllDataChain(reply.bytes, views) || index >= views.size()) {
        ADD_FAILURE() << "no instance " << index;
        return {};
    }
    return views[index].name;
}

ULONG AcmeWmiTest::Execute(ULONG methodId, std::span<const std::uint8_t> input, std::vector<std::uint8_t>* output,
                           ULONG outputCapacity, ULONG* needed) {
    std::u16string name = InstanceName(kControlGuid);
    kwmi::Reply reply = consumer.ExecuteMethod(kControlGuid, name, methodId, input, outputCapacity, needed);
    if (output != nullptr) *output = reply.bytes;
    return reply.error;
}

}  // namespace acmewmi_test
