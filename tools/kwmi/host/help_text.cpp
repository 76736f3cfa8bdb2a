// The command reference printed by `help` (docs/cli.md carries the same list).
#include "host_options.hpp"

namespace kwmi::cli::host {

const char* CommandHelpText() {
    return R"(Commands (CLASS is a class name or its GUID; add --json or --csv to any listing):
  classes                          GUID, class, instance count and flags of every WMI class
  query CLASS [INSTANCE]           query all instances (or one), decoded with the MOF schema
  select *|P1,P2 from CLASS [where P = V]
                                   WQL subset; operators = != <> < > <= >=
  set CLASS INSTANCE P=V [P=V...]  set data items (one IRP_MN_CHANGE_SINGLE_ITEM per P=V)
  call CLASS INSTANCE METHOD [A=V...]
                                   execute a WMI method and decode its output
  watch CLASS / unwatch CLASS      subscribe to an event class; events print as they arrive
  enable CLASS / disable CLASS     enable events (event class) or collection (data block)
  tick DURATION                    advance the clock (10s, 500ms, 250us): timers, DPCs, work items run
  pnp start|remove|surprise-remove|add [DEVICE]
                                   PnP on all devices or one; `pnp remove` of all unloads the driver
                                   and prints the leak report
  verifier                         bug checks and WMI provider violations seen so far
  echo TEXT                        print TEXT (headings in scripts)
  help                             this list
  quit, exit                       end the session (the driver is unloaded, leaks reported)
Values: numbers (decimal or 0x…), TRUE/FALSE, "strings", {1,2,3} arrays, {X=1,Y=2} objects.
Lines starting with # are comments; -c and scripts separate commands with ; or new lines.
)";
}

}  // namespace kwmi::cli::host
