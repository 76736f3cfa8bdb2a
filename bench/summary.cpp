// summary.cpp - the figures table of issue #9 (see summary.hpp).
#include "summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>
#include <vector>

namespace kwmi::bench {
namespace {

double NanosecondsPer(benchmark::TimeUnit unit)
{
    switch (unit) {
    case benchmark::kNanosecond: return 1;
    case benchmark::kMicrosecond: return 1e3;
    case benchmark::kMillisecond: return 1e6;
    case benchmark::kSecond: return 1e9;
    }
    return 1;
}

using Value = std::optional<double>;

Value Time(const Results &r, const std::string &name)
{
    const Measured *m = r.Find(name);
    return m ? Value(m->realNs) : std::nullopt;
}

// CPU time of the benchmark thread: the manual scheduler runs the whole request path (IRPs,
// work items, deferred WMI work) on that thread, and on a shared, loaded machine CPU time is
// what stays comparable between two benchmarks of one run.
Value Cpu(const Results &r, const std::string &name)
{
    const Measured *m = r.Find(name);
    return m ? Value(m->cpuNs) : std::nullopt;
}

Value Counter(const Results &r, const std::string &name, const std::string &counter)
{
    const Measured *m = r.Find(name);
    if (!m) return std::nullopt;
    auto it = m->counters.find(counter);
    return it == m->counters.end() ? std::nullopt : Value(it->second);
}

Value Ratio(Value a, Value b)
{
    if (!a || !b || *b == 0) return std::nullopt;
    return *a / *b;
}

// The range a ratio of two CPU times can take over the repetitions: fastest numerator over
// slowest denominator to slowest over fastest. Repetitions of two benchmarks are not paired in
// time, so this is the widest honest range, not a confidence interval.
using Range = std::optional<std::pair<double, double>>;

Range CpuRatioRange(const Results &r, const std::string &a, const std::string &b, double scale = 1)
{
    const Measured *x = r.Find(a);
    const Measured *y = r.Find(b);
    if (!x || !y || y->cpuMinNs == 0) return std::nullopt;
    return std::make_pair(scale * x->cpuMinNs / y->cpuMaxNs, scale * x->cpuMaxNs / y->cpuMinNs);
}

Value Scale(Value a, double factor)
{
    return a ? Value(*a * factor) : std::nullopt;
}

struct Figure {
    std::string name;
    std::function<Value(const Results &)> measure;
    std::string unit;
    std::string target;                     // printed
    std::function<bool(double)> holds;      // null: reported only
    std::function<Range(const Results &)> range = nullptr;  // ratios of CPU times only
};

std::function<bool(double)> AtMost(double limit)
{
    return [limit](double v) { return v <= limit; };
}

// A ratio of two benchmarks' median CPU times (times `scale`, for per-operation ratios) with
// its range over the repetitions; holds when at most `limit`.
Figure CpuRatioFigure(std::string name, std::string a, std::string b, std::string target, double limit,
                      double scale = 1)
{
    return {std::move(name),
            [=](const Results &r) { return Scale(Ratio(Cpu(r, a), Cpu(r, b)), scale); },
            "x", std::move(target), AtMost(limit),
            [=](const Results &r) { return CpuRatioRange(r, a, b, scale); }};
}

std::vector<Figure> Figures()
{
    return {
        CpuRatioFigure("QUERY_ALL_DATA N=100k: request path / flat baseline", "QAD/path/100000",
                       "QAD/baseline/100000", "<= 2.0", 2.0),
        CpuRatioFigure("  same, verifier output-buffer guard off", "QAD/path_unguarded/100000", "QAD/baseline/100000",
                       "<= 2.0", 2.0),
        CpuRatioFigure("QUERY_ALL_DATA: t(N=100k) / t(N=10k)", "QAD/path/100000", "QAD/path/10000", "<= 11", 11),
        CpuRatioFigure("  same, verifier output-buffer guard off", "QAD/path_unguarded/100000",
                       "QAD/path_unguarded/10000", "<= 11", 11),
        {"QUERY_ALL_DATA N=100k, request path",
         [](const Results &r) { return Scale(Cpu(r, "QAD/path/100000"), 1e-6); }, "ms", "-", nullptr},
        CpuRatioFigure("QUERY_SINGLE_INSTANCE last: t(N=100k) / t(N=10)", "QSI/last/100000", "QSI/last/10",
                       "<= 1.5", 1.5),
        {"QUERY_SINGLE_INSTANCE last, N=100k",
         [](const Results &r) { return Scale(Cpu(r, "QSI/last/100000"), 1e-3); }, "us", "-", nullptr},
        // per operation: 2N operations per cycle
        CpuRatioFigure("register+deregister per op: N=100k / N=1k", "Registration/cycle/100000",
                       "Registration/cycle/1000", "<= 1.3", 1.3, 2000.0 / 200000),
        {"register+deregister per op, N=100k",
         [](const Results &r) { return Scale(Cpu(r, "Registration/cycle/100000"), 1.0 / 200000); }, "ns", "-",
         nullptr},
        {"10k DISPATCH_LEVEL deregistrations: UPDATE_GUIDS calls",
         [](const Results &r) { return Counter(r, "DispatchDeregister/10000", "update_guids"); }, "", "<= 1",
         AtMost(1)},
        {"10k DISPATCH_LEVEL deregistrations: REGINFO round trips",
         [](const Results &r) { return Counter(r, "DispatchDeregister/10000", "reginfo_irps"); }, "", "<= 1",
         AtMost(1)},
        {"10k DISPATCH_LEVEL deregistrations: until invisible",
         [](const Results &r) { return Scale(Time(r, "DispatchDeregister/10000"), 1e-6); }, "ms", "-", nullptr},
        {"events: FireEvent -> consumer callback",
         [](const Results &r) { return Counter(r, "Events/1000000", "events_per_s"); }, "ev/s", "-", nullptr},
        {"events: p99 latency",
         [](const Results &r) { return Counter(r, "Events/1000000", "p99_us"); }, "us", "-", nullptr},
        {"events: dropped (window < queue limit)",
         [](const Results &r) { return Counter(r, "Events/1000000", "dropped"); }, "", "= 0",
         [](double v) { return v == 0; }},
        {"MOF typical 5-class schema: parse+layout+header",
         [](const Results &r) { return Scale(Cpu(r, "Mof/typical5"), 1e-6); }, "ms", "<= 1", AtMost(1)},
        {"MOF 1 MiB generated: parse+layout+header",
         [](const Results &r) { return Scale(Cpu(r, "Mof/generated1MiB"), 1e-6); }, "ms", "<= 150", AtMost(150)},
        {"cold `kwmi host libacmewmi.so -c query`",
         [](const Results &r) { return Scale(Time(r, "ColdHost/acmewmi"), 1e-6); }, "ms", "<= 30", AtMost(30)},
        {"  its CPU time (user + system, from wait4)",
         [](const Results &r) { return Counter(r, "ColdHost/acmewmi", "child_cpu_ms"); }, "ms", "-", nullptr},
        {"memory retained per registered instance, N=100k",
         [](const Results &r) { return Counter(r, "Memory/100000", "retained_per_instance"); }, "B", "-", nullptr},
        {"memory peak per instance (register + query), N=100k",
         [](const Results &r) { return Counter(r, "Memory/100000", "peak_per_instance"); }, "B", "-", nullptr},
    };
}

} // namespace

Results &Results::Get()
{
    static Results results;
    return results;
}

const Measured *Results::Find(const std::string &name) const
{
    auto it = byName_.find(name);
    return it == byName_.end() ? nullptr : &it->second;
}

void Results::AddRepetition(const std::string &name, double cpuNs)
{
    auto [it, first] = repetitionRange_.try_emplace(name, cpuNs, cpuNs);
    if (!first) {
        it->second.first = std::min(it->second.first, cpuNs);
        it->second.second = std::max(it->second.second, cpuNs);
    }
}

void Results::Add(const std::string &name, Measured measured)
{
    measured.cpuMinNs = measured.cpuMaxNs = measured.cpuNs;
    if (auto it = repetitionRange_.find(name); it != repetitionRange_.end()) {
        measured.cpuMinNs = std::min(measured.cpuNs, it->second.first);
        measured.cpuMaxNs = std::max(measured.cpuNs, it->second.second);
    }
    byName_[name] = std::move(measured);
}

void CapturingReporter::ReportRuns(const std::vector<Run> &runs)
{
    for (const Run &run : runs) {
        // A repeated benchmark's median (reported after its repetitions) replaces the single
        // runs and carries their range; a benchmark run once is taken as it is.
        const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
        if (run.error_occurred || (run.run_type == Run::RT_Aggregate && !median)) {
            continue;
        }
        const double cpuNs = run.GetAdjustedCPUTime() * NanosecondsPer(run.time_unit);
        if (run.run_type == Run::RT_Iteration) Results::Get().AddRepetition(run.run_name.function_name, cpuNs);
        Measured m;
        m.realNs = run.GetAdjustedRealTime() * NanosecondsPer(run.time_unit);
        m.cpuNs = cpuNs;
        for (const auto &[name, counter] : run.counters) {
            m.counters[name] = counter.value;
        }
        Results::Get().Add(run.run_name.function_name, std::move(m));
    }
    ConsoleReporter::ReportRuns(runs);
}

const std::vector<unsigned> &QueryAllDataSweep()
{
    static const std::vector<unsigned> sweep{1000, 3000, 10000, 30000, 100000};
    return sweep;
}

void PrintSummary(std::ostream &out, const Results &results)
{
    out << "\nkwmi benchmark summary (medians of this run; a ratio's repetitions range: fastest over slowest "
           "to slowest over fastest)\n";
    char line[256];
    std::snprintf(line, sizeof line, "%-56s | %14s | %8s | %-6s | %s\n", "figure", "measured", "target", "holds?",
                  "repetitions");
    out << line << std::string(112, '-') << '\n';
    for (const Figure &figure : Figures()) {
        const Value value = figure.measure(results);
        std::string measured = "not run";
        std::string holds = "-";
        if (value) {
            char number[64];
            std::snprintf(number, sizeof number, std::fabs(*value) >= 1000 ? "%.0f %s" : "%.3g %s", *value,
                          figure.unit.c_str());
            measured = number;
            if (figure.holds) holds = figure.holds(*value) ? "yes" : "NO";
        } else if (figure.holds) {
            holds = "?";
        }
        std::string spread;
        if (const Range range = figure.range ? figure.range(results) : std::nullopt) {
            char text[64];
            std::snprintf(text, sizeof text, "%.3g-%.3g", range->first, range->second);
            spread = text;
        }
        std::snprintf(line, sizeof line, "%-56s | %14s | %8s | %-6s | %s\n", figure.name.c_str(), measured.c_str(),
                      figure.target.c_str(), holds.c_str(), spread.c_str());
        out << line;
    }
}

bool WritePlotData(const std::string &dir, const Results &results)
{
    std::ofstream file(dir + "/query_all_data.dat");
    if (!file) return false;
    file << "# N  cpu_ns_per_instance: request_path  flat_baseline  request_path_verifier_guard_off\n";
    for (unsigned n : QueryAllDataSweep()) {
        const Value path = Cpu(results, "QAD/path/" + std::to_string(n));
        const Value base = Cpu(results, "QAD/baseline/" + std::to_string(n));
        const Value unguarded = Cpu(results, "QAD/path_unguarded/" + std::to_string(n));
        if (!path || !base) continue;
        file << n << ' ' << *path / n << ' ' << *base / n << ' ' << (unguarded ? *unguarded / n : 0) << '\n';
    }
    return true;
}

}  // namespace kwmi::bench
