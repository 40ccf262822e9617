// bench/main.cpp: runs every registered kernel with Google Benchmark, or counts instructions.
//
//   tinydual_bench --benchmark_filter='tanh_layer_gradient/double/8/'      time (Google Benchmark)
//   tinydual_bench --list                                                  the kernel names
//   valgrind --tool=callgrind --callgrind-out-file=cg.out
//       tinydual_bench --count='tanh_layer' --iterations=100               instructions
//
// --count runs each kernel whose name matches the regular expression for a fixed number of
// iterations, between callgrind client requests: statistics are zeroed before the loop (after
// the data is prepared and checked) and dumped after it with the kernel's name as the dump's
// description, so each dump file holds the instructions of exactly that loop. bench/run.py
// reads them. Outside valgrind the requests do nothing.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <string>
#include <tuple>
#include <vector>

#include "common.hpp"

#if defined(__has_include) && !defined(BENCH_NO_CALLGRIND)
#  if __has_include(<valgrind/callgrind.h>)
#    include <valgrind/callgrind.h>
#    define BENCH_HAS_CALLGRIND 1
#  endif
#endif

namespace bench {

std::vector<kernel>& registry() {
    static std::vector<kernel> r;
    return r;
}
std::vector<std::pair<std::string, std::string>>& context() {
    static std::vector<std::pair<std::string, std::string>> c;
    return c;
}

void count_begin() {
#ifdef BENCH_HAS_CALLGRIND
    CALLGRIND_ZERO_STATS;
#endif
}
void count_end(const std::string& name) {
#ifdef BENCH_HAS_CALLGRIND
    CALLGRIND_DUMP_STATS_AT(name.c_str());
#else
    (void)name;
#endif
}

}  // namespace bench

namespace {

// workload/type/N/impl in the order of workload, type, N (numerically), then impl: the
// implementations of one case run one after the other, under the same machine load.
bool kernel_order(const bench::kernel& a, const bench::kernel& b) {
    auto key = [](const std::string& s) {
        const auto p1 = s.find('/'), p2 = s.find('/', p1 + 1), p3 = s.find('/', p2 + 1);
        return std::make_tuple(s.substr(0, p1), s.substr(p1 + 1, p2 - p1 - 1), std::stoul(s.substr(p2 + 1, p3 - p2 - 1)),
                               s.substr(p3 + 1));
    };
    return key(a.name) < key(b.name);
}

const char* option(int argc, char** argv, const char* name) {
    const std::size_t n = std::strlen(name);
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], name, n) == 0 && argv[i][n] == '=') return argv[i] + n + 1;
    return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
    auto& kernels = bench::registry();
    std::sort(kernels.begin(), kernels.end(), kernel_order);

    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--list") == 0) {
            for (const auto& k : kernels) std::printf("%s\n", k.name.c_str());
            return 0;
        }
    if (const char* pattern = option(argc, argv, "--count")) {
        const char* it = option(argc, argv, "--iterations");
        const long iterations = it ? std::atol(it) : 100;
        const std::regex re(pattern);
        for (const auto& k : kernels)
            if (std::regex_search(k.name, re)) {
                k.counted(iterations);
                std::printf("%s\n", k.name.c_str());
            }
        return 0;
    }

    for (const auto& k : kernels) benchmark::RegisterBenchmark(k.name.c_str(), k.timed);
    for (const auto& c : bench::context()) benchmark::AddCustomContext(c.first, c.second);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
