// WDFSTRING (wdfstring.h): a copy of a counted string owned by the framework.
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"
#include "wdf/object.hpp"
#include "wdf/parent.hpp"
#include "verifier/verifier.hpp"

#include <string>

using namespace kwmi::wdf;

namespace {

class String final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::String;
    String(DriverGlobals *globals, std::u16string text) : Object(kType, globals), text_(std::move(text)) {}
    void Get(PUNICODE_STRING out) const {
        out->Buffer = const_cast<PWCH>(reinterpret_cast<const WCHAR *>(text_.c_str()));
        out->Length = static_cast<USHORT>(text_.size() * sizeof(WCHAR));
        out->MaximumLength = static_cast<USHORT>(out->Length + sizeof(WCHAR));
    }

private:
    ~String() override = default;
    std::u16string text_;
};

}  // namespace

extern "C" {

NTSTATUS WdfStringCreate(PCUNICODE_STRING UnicodeString, PWDF_OBJECT_ATTRIBUTES StringAttributes, WDFSTRING *StringHandle) {
    KWMI_DDI_ENTRY(WdfStringCreate);
    KWMI_WDF_REQUIRE_POINTER(StringHandle, "WdfStringCreate");
    *StringHandle = nullptr;
    NTSTATUS status = ValidateObjectAttributes(StringAttributes);
    if (!NT_SUCCESS(status)) return status;
    std::u16string text;
    if (UnicodeString != nullptr) {
        if (UnicodeString->Length % 2 != 0 || UnicodeString->Length > UnicodeString->MaximumLength ||
            (UnicodeString->Length > 0 && UnicodeString->Buffer == nullptr)) {
            return STATUS_INVALID_PARAMETER;
        }
        if (UnicodeString->Length > 0) {
            text.assign(reinterpret_cast<const char16_t *>(UnicodeString->Buffer), UnicodeString->Length / 2);
        }
    }
    DriverGlobals *globals = CallerGlobals();
    Object *parent = ResolveParentOrDriver(StringAttributes, globals);
    auto *string = new String(globals, std::move(text));
    status = string->Initialize(StringAttributes);
    if (NT_SUCCESS(status)) status = string->Commit(parent, StringHandle);
    if (!NT_SUCCESS(status)) {
        string->DeleteFromFailedCreate();
        *StringHandle = nullptr;
    }
    return status;
}

VOID WdfStringGetUnicodeString(WDFSTRING StringHandle, PUNICODE_STRING UnicodeString) {
    KWMI_DDI_ENTRY(WdfStringGetUnicodeString);
    String *string = Resolve<String>(StringHandle);
    KWMI_WDF_REQUIRE_POINTER(UnicodeString, "WdfStringGetUnicodeString");
    string->Get(UnicodeString);
}

}  // extern "C"
