// TINYDUAL_ASSERT: index out of range and use of a failed result are caught in debug builds, by
// a handler the user chooses (no exceptions, no iostream in the library). Built twice:
//  - with a custom handler (TD_CUSTOM_HANDLER) that prints the failed expression with its file
//    and line and exits with status 3: ctest matches the message;
//  - with the default handler (__builtin_trap): ctest expects the process to die (WILL_FAIL).
// argv[1] picks the misuse. Each mode must stop in the handler; reaching the end is a failure.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#ifdef TD_CUSTOM_HANDLER
namespace td_test {
[[noreturn]] inline void on_assert(const char* expr, const char* file, int line) {
    const char* base = std::strrchr(file, '/');
    std::printf("tinydual assertion failed: %s (%s:%d)\n", expr, base ? base + 1 : file, line);
    std::fflush(stdout);
    std::_Exit(3);
}
}  // namespace td_test
#  define TINYDUAL_ASSERT_HANDLER(expr, file, line) ::td_test::on_assert(expr, file, line)
#endif
#undef NDEBUG
#include <tinydual/tinydual.hpp>

namespace {
// Out-of-range indices come from run-time values the compiler cannot see through.
volatile std::size_t runtime_index = 0;
std::size_t index(std::size_t i) {
    runtime_index = i;
    return runtime_index;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    const char* what = argv[1];
    double sink = 0;
    if (!std::strcmp(what, "vec")) {
        tinydual::vec<double, 3> v{1, 2, 3};
        sink = v[index(3)];
    } else if (!std::strcmp(what, "mat")) {
        tinydual::mat<float, 2, 2> m{{1, 2}, {3, 4}};
        sink = static_cast<double>(m(index(0), index(2)));
    } else if (!std::strcmp(what, "partial")) {
        const auto x = tinydual::dual<double, 4>::variable(1.0, index(4));  // seeding lane 4 of 4
        sink = x.value();
    } else if (!std::strcmp(what, "inverse")) {
        const tinydual::mat<double, 2, 2> singular{{1, 2}, {2, 4}};
        const auto inv = tinydual::inverse(singular);
        sink = (*inv)(0, 0);  // a singular matrix has no inverse: dereferencing is a misuse
    } else if (!std::strcmp(what, "valid")) {
        // in range: no assertion, exit 0
        tinydual::vec<double, 3> v{1, 2, 3};
        std::printf("%g\n", v[index(2)]);
        return 0;
    } else {
        return 2;
    }
    std::printf("not caught (%g)\n", sink);
    return 1;
}
