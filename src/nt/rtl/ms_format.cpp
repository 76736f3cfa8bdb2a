// ms_format.cpp - the Microsoft-specifier formatter behind DbgPrint, ntstrsafe and _snprintf.
#include "ms_format.hpp"

#include <kwmi_rtl.h>

#include <cstdio>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "status_names.hpp"
#include "unicode_text.hpp"

namespace kwmi::rtl {
namespace {

enum class SizeModifier { None, Char, Short, Long32, Int64, Pointer, LongDouble, Wide };

struct Spec {
    bool left = false;
    bool plus = false;
    bool space = false;
    bool alternate = false;
    bool zero = false;
    int width = 0;
    int precision = -1;  // -1: not given
    SizeModifier size = SizeModifier::None;
    bool sizeGiven = false;
};

// Output units: char for narrow output, char16_t for wide output.
template <typename FmtChar>
using OutString = std::conditional_t<std::is_same_v<FmtChar, char>, std::string, std::u16string>;

template <typename FmtChar>
class Formatter {
public:
    Formatter(const FmtChar *format, va_list arguments) : cursor_(format) { va_copy(args_, arguments); }
    ~Formatter() { va_end(args_); }
    Formatter(const Formatter &) = delete;
    Formatter &operator=(const Formatter &) = delete;

    OutString<FmtChar> Run() {
        if (cursor_ == nullptr) return out_;
        while (*cursor_ != 0) {
            if (*cursor_ != '%') {
                PutUnit(*cursor_++);
                continue;
            }
            const FmtChar *specStart = cursor_++;
            if (*cursor_ == '%') {
                PutAscii('%');
                ++cursor_;
                continue;
            }
            if (*cursor_ == '!') {
                FormatWpp();
                continue;
            }
            if (!FormatConversion()) {
                // Unknown conversion: keep the text so the message stays readable.
                for (const FmtChar *p = specStart; p != cursor_; ++p) PutUnit(*p);
            }
        }
        return out_;
    }

private:
    static constexpr bool kNarrow = std::is_same_v<FmtChar, char>;

    void PutUnit(FmtChar c) {
        if constexpr (kNarrow) {
            out_.push_back(c);
        } else {
            out_.push_back(static_cast<char16_t>(c));
        }
    }
    void PutAscii(char c) { out_.push_back(static_cast<typename OutString<FmtChar>::value_type>(c)); }
    void PutAscii(std::string_view text) {
        for (char c : text) PutAscii(c);
    }
    void PutRepeated(char c, int count) {
        for (int i = 0; i < count; ++i) PutAscii(c);
    }

    // A run of text in the output encoding, padded to the field width.
    void PutField(const OutString<FmtChar> &text, const Spec &spec) {
        int padding = spec.width - static_cast<int>(text.size());
        if (!spec.left && padding > 0) PutRepeated(spec.zero ? '0' : ' ', padding);
        out_ += text;
        if (spec.left && padding > 0) PutRepeated(' ', padding);
    }

    OutString<FmtChar> FromNarrow(const char *text, size_t count) {
        OutString<FmtChar> result;
        if constexpr (kNarrow) {
            result.assign(text, count);
        } else {
            for (size_t i = 0; i < count; ++i) result.push_back(static_cast<unsigned char>(text[i]));
        }
        return result;
    }
    OutString<FmtChar> FromWide(const wchar_t *text, size_t count) {
        if constexpr (kNarrow) {
            return Utf16ToUtf8(text, count);
        } else {
            OutString<FmtChar> result;
            for (size_t i = 0; i < count; ++i) result.push_back(static_cast<char16_t>(text[i]));
            return result;
        }
    }
    OutString<FmtChar> FromAscii(std::string_view text) { return FromNarrow(text.data(), text.size()); }

    int ReadNumber() {
        int value = 0;
        while (*cursor_ >= '0' && *cursor_ <= '9') {
            if (value < 100000000) value = value * 10 + (*cursor_ - '0');
            ++cursor_;
        }
        return value;
    }

    void ParseFlags(Spec &spec) {
        for (;; ++cursor_) {
            switch (*cursor_) {
            case '-': spec.left = true; continue;
            case '+': spec.plus = true; continue;
            case ' ': spec.space = true; continue;
            case '#': spec.alternate = true; continue;
            case '0': spec.zero = true; continue;
            default: return;
            }
        }
    }

    void ParseWidthAndPrecision(Spec &spec) {
        if (*cursor_ == '*') {
            ++cursor_;
            spec.width = va_arg(args_, int);
            if (spec.width < 0) {
                spec.left = true;
                spec.width = -spec.width;
            }
        } else {
            spec.width = ReadNumber();
        }
        if (*cursor_ == '.') {
            ++cursor_;
            if (*cursor_ == '*') {
                ++cursor_;
                spec.precision = va_arg(args_, int);
                if (spec.precision < 0) spec.precision = -1;
            } else {
                spec.precision = ReadNumber();
            }
        }
    }

    void ParseSize(Spec &spec) {
        spec.sizeGiven = true;
        switch (*cursor_) {
        case 'h':
            ++cursor_;
            if (*cursor_ == 'h') {
                ++cursor_;
                spec.size = SizeModifier::Char;
            } else {
                spec.size = SizeModifier::Short;
            }
            return;
        case 'l':
            ++cursor_;
            if (*cursor_ == 'l') {
                ++cursor_;
                spec.size = SizeModifier::Int64;
            } else {
                spec.size = SizeModifier::Long32;  // LLP64: long is 32-bit (and %ls is wide)
            }
            return;
        case 'w': ++cursor_; spec.size = SizeModifier::Wide; return;
        case 'L': ++cursor_; spec.size = SizeModifier::LongDouble; return;
        case 'q': ++cursor_; spec.size = SizeModifier::Int64; return;
        case 'z':
        case 't':
        case 'j': ++cursor_; spec.size = SizeModifier::Int64; return;
        case 'I':
            if (cursor_[1] == '6' && cursor_[2] == '4') {
                cursor_ += 3;
                spec.size = SizeModifier::Int64;
            } else if (cursor_[1] == '3' && cursor_[2] == '2') {
                cursor_ += 3;
                spec.size = SizeModifier::Long32;
            } else {
                ++cursor_;
                spec.size = SizeModifier::Pointer;
            }
            return;
        default: spec.sizeGiven = false; return;
        }
    }

    bool FormatConversion() {
        Spec spec;
        ParseFlags(spec);
        ParseWidthAndPrecision(spec);
        ParseSize(spec);
        FmtChar conversion = *cursor_;
        if (conversion == 0) return true;  // a lone '%' at the end prints nothing
        ++cursor_;
        switch (conversion) {
        case 'd':
        case 'i': FormatSigned(spec); return true;
        case 'u': FormatUnsigned(spec, 10, false); return true;
        case 'o': FormatUnsigned(spec, 8, false); return true;
        case 'x': FormatUnsigned(spec, 16, false); return true;
        case 'X': FormatUnsigned(spec, 16, true); return true;
        case 'p': FormatPointer(spec); return true;
        case 'c': FormatChar(spec, !IsWideRequest(spec, false)); return true;
        case 'C': FormatChar(spec, !IsWideRequest(spec, true)); return true;
        case 's': FormatString(spec, !IsWideRequest(spec, false)); return true;
        case 'S': FormatString(spec, !IsWideRequest(spec, true)); return true;
        case 'Z': FormatCountedString(spec); return true;
        case 'n': (void)va_arg(args_, void *); return true;  // disabled, as in the Microsoft CRT
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'a':
        case 'A': FormatFloat(spec, static_cast<char>(conversion)); return true;
        default: return false;
        }
    }

    // Whether a %s/%c-family conversion reads wide text. `swapped` is the %S/%C form.
    bool IsWideRequest(const Spec &spec, bool swapped) const {
        if (spec.size == SizeModifier::Short) return false;
        if (spec.size == SizeModifier::Wide || spec.size == SizeModifier::Long32) return true;
        bool naturalWide = !kNarrow;
        return swapped ? !naturalWide : naturalWide;
    }

    unsigned long long ReadUnsigned(const Spec &spec) {
        switch (spec.size) {
        case SizeModifier::Char: return static_cast<unsigned char>(va_arg(args_, unsigned int));
        case SizeModifier::Short: return static_cast<unsigned short>(va_arg(args_, unsigned int));
        case SizeModifier::Int64: return va_arg(args_, unsigned long long);
        case SizeModifier::Pointer: return va_arg(args_, unsigned long);
        default: return va_arg(args_, unsigned int);
        }
    }
    long long ReadSigned(const Spec &spec) {
        switch (spec.size) {
        case SizeModifier::Char: return static_cast<signed char>(va_arg(args_, int));
        case SizeModifier::Short: return static_cast<short>(va_arg(args_, int));
        case SizeModifier::Int64: return va_arg(args_, long long);
        case SizeModifier::Pointer: return va_arg(args_, long);
        default: return va_arg(args_, int);
        }
    }

    static std::string Digits(unsigned long long value, unsigned base, bool upper) {
        const char *alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        std::string digits;
        do {
            digits.insert(digits.begin(), alphabet[value % base]);
            value /= base;
        } while (value != 0);
        return digits;
    }

    // Sign/prefix, precision zeros, width padding: the C rules.
    void PutNumber(const Spec &spec, std::string_view prefix, std::string digits) {
        if (spec.precision >= 0) {
            if (spec.precision == 0 && digits == "0") digits.clear();
            if (static_cast<int>(digits.size()) < spec.precision) {
                digits.insert(0, static_cast<size_t>(spec.precision) - digits.size(), '0');
            }
        }
        int length = static_cast<int>(prefix.size() + digits.size());
        int padding = spec.width > length ? spec.width - length : 0;
        bool zeroPad = spec.zero && !spec.left && spec.precision < 0;
        if (!spec.left && !zeroPad) PutRepeated(' ', padding);
        PutAscii(prefix);
        if (zeroPad) PutRepeated('0', padding);
        PutAscii(digits);
        if (spec.left) PutRepeated(' ', padding);
    }

    void FormatSigned(const Spec &spec) {
        long long value = ReadSigned(spec);
        unsigned long long magnitude =
            value < 0 ? 0ULL - static_cast<unsigned long long>(value) : static_cast<unsigned long long>(value);
        std::string_view sign = value < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        PutNumber(spec, sign, Digits(magnitude, 10, false));
    }

    void FormatUnsigned(const Spec &spec, unsigned base, bool upper) {
        unsigned long long value = ReadUnsigned(spec);
        std::string digits = Digits(value, base, upper);
        std::string_view prefix;
        if (spec.alternate && value != 0) {
            if (base == 16) prefix = upper ? "0X" : "0x";
            if (base == 8) digits.insert(0, "0");
        }
        PutNumber(spec, prefix, digits);
    }

    void FormatPointer(const Spec &spec) {
        auto value = reinterpret_cast<unsigned long long>(va_arg(args_, void *));
        Spec pointerSpec = spec;
        pointerSpec.precision = 16;  // x64 Microsoft CRT: 16 upper-case digits, no prefix
        PutNumber(pointerSpec, "", Digits(value, 16, true));
    }

    void FormatChar(const Spec &spec, bool narrow) {
        OutString<FmtChar> text;
        if (narrow) {
            char c = static_cast<char>(va_arg(args_, int));
            text = FromNarrow(&c, 1);
        } else {
            wchar_t c = static_cast<wchar_t>(va_arg(args_, int));
            text = FromWide(&c, 1);
        }
        Spec charSpec = spec;
        charSpec.zero = false;
        PutField(text, charSpec);
    }

    void FormatString(const Spec &spec, bool narrow) {
        size_t limit = spec.precision >= 0 ? static_cast<size_t>(spec.precision) : static_cast<size_t>(-1);
        OutString<FmtChar> text;
        if (narrow) {
            const char *s = va_arg(args_, const char *);
            if (s == nullptr) s = "(null)";
            text = FromNarrow(s, strnlen(s, limit));
        } else {
            const wchar_t *s = va_arg(args_, const wchar_t *);
            if (s == nullptr) {
                text = FromAscii("(null)");
            } else {
                text = FromWide(s, kwmi_wcsnlen16(s, limit));
            }
        }
        Spec stringSpec = spec;
        stringSpec.zero = false;
        PutField(text, stringSpec);
    }

    void FormatCountedString(const Spec &spec) {
        bool wide = spec.size == SizeModifier::Wide || spec.size == SizeModifier::Long32 ||
                    (!kNarrow && spec.size != SizeModifier::Short);
        OutString<FmtChar> text;
        size_t limit = spec.precision >= 0 ? static_cast<size_t>(spec.precision) : static_cast<size_t>(-1);
        if (wide) {
            const UNICODE_STRING *s = va_arg(args_, const UNICODE_STRING *);
            if (s == nullptr || s->Buffer == nullptr) {
                text = FromAscii("(null)");
            } else {
                size_t count = s->Length / sizeof(WCHAR);
                text = FromWide(s->Buffer, count < limit ? count : limit);
            }
        } else {
            const ANSI_STRING *s = va_arg(args_, const ANSI_STRING *);
            if (s == nullptr || s->Buffer == nullptr) {
                text = FromAscii("(null)");
            } else {
                size_t count = s->Length;
                text = FromNarrow(s->Buffer, count < limit ? count : limit);
            }
        }
        Spec stringSpec = spec;
        stringSpec.zero = false;
        PutField(text, stringSpec);
    }

    // Floating point goes to the C library, with the flags, width and precision as given.
    void FormatFloat(const Spec &spec, char conversion) {
        std::string cformat = "%";
        if (spec.left) cformat += '-';
        if (spec.plus) cformat += '+';
        if (spec.space) cformat += ' ';
        if (spec.alternate) cformat += '#';
        if (spec.zero) cformat += '0';
        if (spec.width > 0) cformat += std::to_string(spec.width);
        if (spec.precision >= 0) cformat += '.' + std::to_string(spec.precision);
        bool isLong = spec.size == SizeModifier::LongDouble;
        if (isLong) cformat += 'L';
        cformat += conversion;
        char buffer[512];
        int written = isLong ? std::snprintf(buffer, sizeof buffer, cformat.c_str(), va_arg(args_, long double))
                             : std::snprintf(buffer, sizeof buffer, cformat.c_str(), va_arg(args_, double));
        if (written < 0) return;
        size_t length = static_cast<size_t>(written) < sizeof buffer ? static_cast<size_t>(written) : sizeof buffer - 1;
        PutAscii(std::string_view(buffer, length));
    }

    // %!NAME!: WPP extensions kept readable when a driver's non-WPP fallback passes them on.
    void FormatWpp() {
        const FmtChar *nameStart = cursor_ + 1;
        const FmtChar *nameEnd = nameStart;
        while (*nameEnd != 0 && *nameEnd != '!') ++nameEnd;
        if (*nameEnd != '!') {  // no closing '!': print the rest literally
            PutAscii('%');
            while (*cursor_ != 0) PutUnit(*cursor_++);
            return;
        }
        std::string name;
        for (const FmtChar *p = nameStart; p != nameEnd; ++p) name.push_back(static_cast<char>(*p));
        cursor_ = nameEnd + 1;

        char buffer[96];
        if (name == "STATUS" || name == "NTSTATUS") {
            auto status = static_cast<NTSTATUS>(va_arg(args_, int));
            const char *statusName = StatusName(status);
            if (statusName != nullptr) {
                std::snprintf(buffer, sizeof buffer, "%s (0x%08X)", statusName, static_cast<unsigned>(status));
            } else {
                std::snprintf(buffer, sizeof buffer, "0x%08X", static_cast<unsigned>(status));
            }
            PutAscii(buffer);
        } else if (name == "HRESULT" || name == "WINERROR" || name == "NDIS_STATUS") {
            std::snprintf(buffer, sizeof buffer, "0x%08X", va_arg(args_, unsigned int));
            PutAscii(buffer);
        } else if (name == "bool" || name == "BOOLEAN" || name == "BOOL") {
            PutAscii(va_arg(args_, int) != 0 ? "TRUE" : "FALSE");
        } else if (name == "GUID") {
            const GUID *guid = va_arg(args_, const GUID *);
            if (guid == nullptr) {
                PutAscii("(null)");
                return;
            }
            std::snprintf(buffer, sizeof buffer, "{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}", guid->Data1,
                          guid->Data2, guid->Data3, guid->Data4[0], guid->Data4[1], guid->Data4[2], guid->Data4[3],
                          guid->Data4[4], guid->Data4[5], guid->Data4[6], guid->Data4[7]);
            PutAscii(buffer);
        } else if (name == "IRQL") {
            std::snprintf(buffer, sizeof buffer, "%u", va_arg(args_, unsigned int) & 0xFF);
            PutAscii(buffer);
        } else {
            PutAscii('!');
            PutAscii(name);
            PutAscii('!');
        }
    }

    const FmtChar *cursor_;
    va_list args_;
    OutString<FmtChar> out_;
};

}  // namespace

std::string FormatNarrow(const char *format, va_list arguments) {
    return Formatter<char>(format, arguments).Run();
}

std::u16string FormatWide(const wchar_t *format, va_list arguments) {
    return Formatter<wchar_t>(format, arguments).Run();
}

}  // namespace kwmi::rtl
