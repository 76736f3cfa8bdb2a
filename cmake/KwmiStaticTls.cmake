# kwmi_static_tls(target): the runtime's thread-locals (IRQL, held spin locks, the running
# driver and callback, open IRP buffer tails) are read inline on every DDI entry and driver
# callback. The runtime libraries are always loaded with the program (never dlopen'ed on their
# own), so the static TLS model applies and avoids a __tls_get_addr call per access.
function(kwmi_static_tls target)
  target_compile_options(${target} PRIVATE -ftls-model=initial-exec)
endfunction()
