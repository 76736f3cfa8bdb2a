// cold_host_bench.cpp - wall time of a cold process: fork/exec of
// `kwmi host libacmewmi.so -c "query AcmeWmi_Anchor"` (load the sample driver, start its
// device, answer one query, unload) until waitpid returns. Median of the repetitions.
#include <chrono>
#include <fcntl.h>
#include <spawn.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <benchmark/benchmark.h>

extern char **environ;

namespace kwmi::bench {
namespace {

// Exit status of one run, or -1 when it could not be started; adds the child's CPU time.
int RunColdHost(double *cpuSeconds = nullptr)
{
    std::vector<std::string> args{KWMI_CLI_PATH, "host", ACMEWMI_DRIVER_PATH, "-c", "query AcmeWmi_Anchor"};
    std::vector<char *> argv;
    for (auto &arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) return -1;
    int status = 0;
    struct rusage usage {};
    if (wait4(pid, &status, 0, &usage) != pid) return -1;
    if (cpuSeconds) {
        *cpuSeconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                      static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void ColdHost(benchmark::State &state)
{
    if (RunColdHost() != 0) return state.SkipWithError("kwmi host ... -c query failed");
    double cpu = 0;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        const int status = RunColdHost(&cpu);
        state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (status != 0) return state.SkipWithError("kwmi host ... -c query failed");
    }
    state.counters["child_cpu_ms"] = cpu * 1e3;
}

} // namespace

void RegisterColdHostBenchmarks()
{
    benchmark::RegisterBenchmark("ColdHost/acmewmi", ColdHost)
        ->UseManualTime()->Iterations(1)->Repetitions(21)->Unit(benchmark::kMillisecond);
}

} // namespace kwmi::bench
