// Small text helpers of the host shell: tokenizing command lines, UTF-16 <-> UTF-8,
// durations, CSV fields.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kwmi::cli::host {

// Splits "a; b; c" into commands; ';' inside double quotes does not split.
std::vector<std::string> SplitCommands(std::string_view text);
// Splits a command on blanks; double-quoted runs stay in one token with their quotes
// (`Name="a b"` is one token), so the MOF encoder still sees a quoted string.
std::vector<std::string> Tokenize(std::string_view line);
// Removes one pair of surrounding double quotes.
std::string Unquote(std::string_view token);

std::string ToUtf8(std::u16string_view text);
std::u16string ToUtf16(std::string_view text);

// "1s", "500ms", "250us", "2m", "10" (seconds); nullopt when malformed.
std::optional<std::chrono::nanoseconds> ParseDuration(std::string_view text);

std::string CsvField(std::string_view text);
// Appends `item` to a separated list ("a, b, c").
void AppendListItem(std::string& list, std::string_view item, std::string_view separator = ", ");
std::string Lower(std::string_view text);

}  // namespace kwmi::cli::host
