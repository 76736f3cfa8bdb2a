// nt_status_codes.hpp - the NTSTATUS values the WMI service returns, as C++ constants so the
// service does not depend on which of them ntstatus.h defines.
#pragma once

#include <ntdef.h>

namespace kwmi::wmi::status {

inline constexpr NTSTATUS kSuccess = 0;
inline constexpr NTSTATUS kPending = 0x103;
inline constexpr NTSTATUS kBufferOverflow = static_cast<NTSTATUS>(0x80000005u);
inline constexpr NTSTATUS kUnsuccessful = static_cast<NTSTATUS>(0xC0000001u);
inline constexpr NTSTATUS kInvalidHandle = static_cast<NTSTATUS>(0xC0000008u);
inline constexpr NTSTATUS kInvalidParameter = static_cast<NTSTATUS>(0xC000000Du);
inline constexpr NTSTATUS kNoSuchDevice = static_cast<NTSTATUS>(0xC000000Eu);
inline constexpr NTSTATUS kInvalidDeviceRequest = static_cast<NTSTATUS>(0xC0000010u);
inline constexpr NTSTATUS kAccessDenied = static_cast<NTSTATUS>(0xC0000022u);
inline constexpr NTSTATUS kBufferTooSmall = static_cast<NTSTATUS>(0xC0000023u);
inline constexpr NTSTATUS kDataError = static_cast<NTSTATUS>(0xC000003Eu);
inline constexpr NTSTATUS kInsufficientResources = static_cast<NTSTATUS>(0xC000009Au);
inline constexpr NTSTATUS kNotSupported = static_cast<NTSTATUS>(0xC00000BBu);
inline constexpr NTSTATUS kWmiGuidNotFound = static_cast<NTSTATUS>(0xC0000295u);
inline constexpr NTSTATUS kWmiInstanceNotFound = static_cast<NTSTATUS>(0xC0000296u);
inline constexpr NTSTATUS kWmiItemIdNotFound = static_cast<NTSTATUS>(0xC0000297u);
inline constexpr NTSTATUS kWmiTryAgain = static_cast<NTSTATUS>(0xC0000298u);
inline constexpr NTSTATUS kWmiReadOnly = static_cast<NTSTATUS>(0xC00002C6u);
inline constexpr NTSTATUS kWmiSetFailure = static_cast<NTSTATUS>(0xC00002C7u);
inline constexpr NTSTATUS kWmiNotSupported = static_cast<NTSTATUS>(0xC00002DDu);

}  // namespace kwmi::wmi::status
