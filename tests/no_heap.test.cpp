// No heap: every library call (drivers, math functions, vec/mat arithmetic, linear algebra)
// performs zero allocations. Global operator new/delete (and, on glibc, malloc and friends) are
// replaced by counting versions; the count must not move while the library runs.
// Under valgrind (.ci/sanitizers defines TINYDUAL_TEST_UNDER_VALGRIND) the tool replaces malloc and
// operator new with its own: nothing is counted there, so the counting checks are skipped and
// only the library code runs, under memcheck. Every other build counts.
#include "support/testing.hpp"

#include <cstdlib>
#include <new>

namespace {
volatile long allocations = 0;
}

#ifdef TINYDUAL_TEST_UNDER_VALGRIND
#  define TINYDUAL_NO_MALLOC_HOOK
constexpr bool counting = false;
#else
constexpr bool counting = true;
#endif

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(TINYDUAL_NO_MALLOC_HOOK)
#  if defined(__has_feature)
#    if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#      define TINYDUAL_SKIP_MALLOC_HOOK
#    endif
#  endif
#  ifndef TINYDUAL_SKIP_MALLOC_HOOK
// glibc lets a program interpose malloc; these forward to the real allocator and count.
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* malloc(std::size_t n) {
    allocations = allocations + 1;
    return __libc_malloc(n);
}
void* calloc(std::size_t n, std::size_t m) {
    allocations = allocations + 1;
    return __libc_calloc(n, m);
}
void* realloc(void* p, std::size_t n) {
    allocations = allocations + 1;
    return __libc_realloc(p, n);
}
}
#    define TINYDUAL_COUNTS_MALLOC 1
#  endif
#endif

namespace {
// operator new allocates without passing through the counting malloc, so it counts once.
void* raw_malloc(std::size_t n) {
#ifdef TINYDUAL_COUNTS_MALLOC
    return __libc_malloc(n);
#else
    return std::malloc(n);
#endif
}
}  // namespace

void* operator new(std::size_t n) {
    allocations = allocations + 1;
    if (void* p = raw_malloc(n ? n : 1)) return p;
    std::abort();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

template <class T>
T exercise_math() {
    using D = tinydual::dual<T, 5>;
    const D x = D::variable(T(0.4f), 0), y = D::variable(T(1.3f), 1);
    D s = T(0);
    s += abs(x) + fabs(x) + sqrt(y) + cbrt(x) + exp(x) + exp2(x) + expm1(x) + log(y) + log2(y) + log10(y) + log1p(x);
    s += sin(x) + cos(x) + tan(x) + asin(x) + acos(x) + atan(x) + sinh(x) + cosh(x) + tanh(x);
    s += asinh(x) + acosh(y) + atanh(x) + erf(x) + erfc(x) + floor(y) + ceil(y) + round(y) + trunc(y);
    s += pow(x, y) + pow(x, T(2)) + pow(T(2), y) + atan2(x, y) + hypot(x, y) + fmin(x, y) + fmax(x, T(1));
    s += min(x, y) + max(x, y) + copysign(x, y) + fmod(y, x) + fma(x, y, x);
    s += x * y / (x - y) - T(3) * x;
    return s.value() + s.partial(0) + s.partial(1);
}

template <class U>
auto prod_like(const U& u) {
    return u[0] * u[1] * u[2] + u[3];
}

template <class T>
T exercise_drivers_and_linalg() {
    using tinydual::mat;
    using tinydual::vec;
    const vec<T, 4> x{T(0.1f), T(0.2f), T(0.3f), T(0.4f)};
    const mat<T, 4, 4> A{{1, 2, 0, 0}, {0, 1, 2, 0}, {0, 0, 1, 2}, {2, 0, 0, 1}};
    const auto g = tinydual::gradient([&](const auto& v) { return dot(v, A * v) + sum(sin(v)); }, x);
    const auto j = tinydual::jacobian([&](const auto& v) { return A * hadamard(v, v) + v; }, x);
    const auto jd = tinydual::jacobian([&](const auto& v) { return exp(v); }, x, tinydual::denominator_layout);
    const auto d = tinydual::derivative([](auto t) { return vec<decltype(t), 2>{t * t, sin(t)}; }, T(0.5f));
    const auto m = tinydual::derivative([](auto t) { return tinydual::mat<decltype(t), 2, 2>{{t, t}, {t, t * t}}; }, T(2));
    const auto K = kron(A, A);
    const auto O = outer(x, x) + transpose(A) * T(2) - tinydual::identity<T, 4>() + tinydual::diag(x);
    const auto v = (x + x) * x / T(2) - x;
    // second order: hyper_dual through every function, hessian, hvp, second_directional (small
    // sizes: the point is the code paths, and the micro:bit has a 4 KiB stack)
    const vec<T, 2> x2{T(0.3f), T(0.6f)};
    const mat<T, 2, 2> A2{{2, 1}, {1, 3}};
    const auto h = tinydual::hessian([&](const auto& u) { return dot(u, A2 * u) + sum(sin(u)) * exp(u[0]); }, x2);
    const auto hv = tinydual::hvp([](const auto& u) { return sum(tanh(u)) * u[1]; }, x, x);
    const T sd = tinydual::second_directional([](const auto& u) { return prod_like(u); }, x, x, x);
    using H = tinydual::hyper_dual<T, 2>;
    const H hx = H::variable(T(0.4f), 0), hy = H::variable(T(1.3f), 1);
    const H hs = sqrt(hy) * log(hy) + pow(hx, hy) + atan2(hx, hy) + hypot(hx, hy) + erf(hx) / cosh(hy) + fma(hx, hy, hx);
    // matrix calculus: determinant, inverse, gradient wrt a matrix
    const auto gm = tinydual::gradient([](const auto& M) { return determinant(M) + trace(M * M); }, A2);
    const auto inv = tinydual::inverse(A);
    return g.value + j.jacobian(1, 2) + jd.jacobian(0, 0) + d.derivative[1] + m.derivative(1, 1) + K(5, 6) +
           trace(O) + frobenius_norm(A) + v[3] + h.hessian(1, 0) + hv[0] + sd + hs.hess()(0, 1) + gm.gradient(1, 1) +
           (inv ? (*inv)(0, 0) : T(0));
}

}  // namespace

TEST_CASE_TEMPLATE("no heap: drivers, math functions, vec/mat and linear algebra allocate nothing", T, float, double) {
    const long before = allocations;
    volatile T sink = exercise_math<T>();
    sink = sink + exercise_drivers_and_linalg<T>();
    const long after = allocations;
    if (counting) CHECK(after == before);
    CHECK(std::isfinite(static_cast<double>(sink)));
}

TEST_CASE("no heap: the counters do count (this test fails if they are not hooked in)" * doctest::skip(!counting)) {
    // The pointers escape through a volatile so that the optimizer cannot elide the new/delete
    // and malloc/free pairs (clang does at -O2).
    static int* volatile escape_new;
    const long before = allocations;
    escape_new = new int(3);
    volatile int keep = *escape_new;
    delete escape_new;
    const long after_new = allocations;  // read before CHECK: doctest itself may allocate
#ifdef TINYDUAL_COUNTS_MALLOC
    static void* volatile escape_malloc;
    escape_malloc = std::malloc(16);
    std::free(escape_malloc);
    const long after_malloc = allocations;
    CHECK(after_malloc == after_new + 1);
#endif
    CHECK(after_new == before + 1);
    CHECK(keep == 3);
}
