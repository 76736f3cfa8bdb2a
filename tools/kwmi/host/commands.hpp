// The commands of the host shell. Each takes the arguments after its name (output-format
// flags already removed), prints to the session's output and throws CommandError on bad input.
#pragma once

#include "session.hpp"

#include <string>
#include <vector>

namespace kwmi::cli::host {

using Args = std::vector<std::string>;

// commands_data.cpp: reading and writing blocks.
void CmdClasses(Session& s, const Args& args, OutputFormat format);
void CmdQuery(Session& s, const Args& args, OutputFormat format);
void CmdSelect(Session& s, const Args& args, OutputFormat format);
void CmdSet(Session& s, const Args& args, OutputFormat format);
void CmdCall(Session& s, const Args& args, OutputFormat format);

// commands_control.cpp: events, clock, PnP, verifier.
void CmdWatch(Session& s, const Args& args, OutputFormat format);
void CmdUnwatch(Session& s, const Args& args, OutputFormat format);
void CmdEnable(Session& s, const Args& args, OutputFormat format);
void CmdDisable(Session& s, const Args& args, OutputFormat format);
void CmdTick(Session& s, const Args& args, OutputFormat format);
void CmdPnp(Session& s, const Args& args, OutputFormat format);
void CmdVerifier(Session& s, const Args& args, OutputFormat format);
void CmdEcho(Session& s, const Args& args, OutputFormat format);

// Prints decoded instances as an aligned table, JSON or CSV; `columns` limits the top-level
// properties shown (empty: all).
void PrintInstances(Session& s, const std::vector<mof::DecodedInstance>& instances, OutputFormat format,
                    const std::vector<std::string>& columns = {});
// Windows-style message for a Win32 error code returned by the consumer API.
std::string Win32Text(unsigned long error);

}  // namespace kwmi::cli::host
