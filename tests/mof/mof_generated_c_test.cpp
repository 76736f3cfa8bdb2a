// The headers generated at build time compiled as C (-fshort-wchar, our WDK headers):
// the C compiler's layout equals ours (the C_ASSERTs compiled), and the values the C
// code sees match the schema.
#include "mof_test_support.hpp"

#include <ntdef.h>
#include <guiddef.h>

extern "C" {
int kwmi_mof_layout_assert_count(void);
const GUID* kwmi_mof_test_gadget_guid(void);
int kwmi_mof_test_storage_vendor_chars(void);
int kwmi_mof_test_widget_fixed_part(void);
int kwmi_mof_test_scalars_size(void);
}

namespace kwmi::mof::testing {
namespace {

ParseOptions fromDisk() { return ParseOptions{}; }

TEST(MofGeneratedC, LayoutAssertionsCoverEveryFixedStruct) {
    ParseResult r = parseMofFile(dataPath("layout.mof"), fromDisk());
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    LayoutEngine engine(r.schema);
    Diagnostics d;
    int expected = 0;
    auto count = [&](const ClassLayout& l) {
        bool plain = l.fixedSize && !l.items.empty();
        for (const auto& i : l.items) plain = plain && i.kind != ItemKind::String && !i.variableArray;
        if (!plain) return;
        expected += 1 + int(l.items.size()) + (l.items.back().property->qualifiers.has("DefineDataId") ? 0 : 1);
    };
    for (const ClassDecl& c : r.schema.classes) {
        if (!c.qualifiers.flag("WMI")) continue;
        for (const auto& m : engine.methodLayouts(c, d)) {
            count(m.in);
            count(m.out);
        }
        if (const ClassLayout* l = engine.classLayout(c.name, d)) count(*l);
    }
    EXPECT_GT(expected, 50);
    EXPECT_EQ(kwmi_mof_layout_assert_count(), expected);
}

TEST(MofGeneratedC, ValuesSeenByC) {
    ParseResult r = parseMofFile(dataPath("storage.mof"), fromDisk());
    ASSERT_TRUE(r.ok()) << r.diagnostics.str();
    const Property* vendor = r.schema.findClass("Storage_Adapter")->findProperty("Vendor");
    EXPECT_EQ(kwmi_mof_test_storage_vendor_chars(), *vendor->qualifiers.integer("MaxLen") + 1);

    ParseResult acme = parseMofFile(dataPath("acme.mof"), fromDisk());
    ASSERT_TRUE(acme.ok());
    auto guid = parseGuid(*acme.schema.findClass("Acme_Gadget")->qualifiers.text("guid"));
    ASSERT_TRUE(guid);
    const GUID* g = kwmi_mof_test_gadget_guid();
    EXPECT_EQ(g->Data1, guid->data1);
    EXPECT_EQ(g->Data2, guid->data2);
    EXPECT_EQ(g->Data4[7], guid->data4[7]);
    LayoutEngine engine(acme.schema);
    const ClassLayout* widget = engine.classLayout("Acme_Widget");
    ASSERT_NE(widget, nullptr);
    EXPECT_EQ(uint32_t(kwmi_mof_test_widget_fixed_part()), widget->items.back().offset);
    EXPECT_EQ(uint32_t(kwmi_mof_test_scalars_size()), engine.classLayout("Acme_Scalars")->dataSize);
}

}  // namespace
}  // namespace kwmi::mof::testing
