// hyper_dual.hpp: layout and access, arithmetic with hyper_dual and plain values, the second
// derivative of every function in math.hpp (unary, and binary in each argument combination)
// against closed forms and against central differences of the library's own first derivative,
// the zero-partial rule, and agreement with dual<T, N> and nested dual<dual<T, N>, N>.
//
// Points are random (tdtest::rng). Functions are applied to variables directly (N = 1, 2) and to
// quadratic forms u(x) of N = 3 and 8 variables with a non-zero Hessian, so that both terms of
// H = f'' g g^T + f' H_u are exercised in every packed row.
// Tolerances, each relative to max(1, the magnitude of the terms that make up the reference):
//   closed forms (long double)          tdtest::closed_form_tol<T>(): 32 ulps plain, 64 ulps SIMD
//   central differences of f' (long d.) tdtest::fd_tol<T>(): float 2e-5, double 1e-9 (5e-8 if
//                                       long double is double)
//   nested dual<dual<T, N>, N>          values and first derivatives bitwise equal (4 ulps where
//                                       the compiler may contract to FMA), second within 16 ulps
#include "support/testing.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace {

using tinydual::dual;
using tinydual::hyper_dual;
using tinydual::mat;
using tinydual::vec;
using ld = long double;

template <std::size_t... N>
struct sizes {};
template <std::size_t N>
using size_c = std::integral_constant<std::size_t, N>;
template <class F, std::size_t... N>
void for_each_size(sizes<N...>, F&& f) {
    (f(size_c<N>{}), ...);
}
// The variables themselves are checked at N = 1 and 2; quadratic forms at N = 3 (short packed rows)
// and N = 8 (rows from a full SIMD register down to a scalar tail). second_order.test.cpp covers
// N = 1, 2, 3, 4, 8 on whole functions.
// Boards with a few KiB of stack (ARMv6-M parts such as the micro:bit's Cortex-M0, 4 KiB; or any
// port that defines TDTEST_SMALL_STACK) cannot hold eight hyper_dual<double, 8>: N = 4 there.
#if defined(TDTEST_SMALL_STACK) || defined(__ARM_ARCH_6M__)
using chain_sizes = sizes<3, 4>;
#else
using chain_sizes = sizes<3, 8>;
#endif

template <class T>
T nested_tol() {
    return T(16) * tdtest::eps<T>();
}

// Values and first derivatives are the same operations in the same order in hyper_dual, dual and
// the inner level of a nested dual: bit for bit equal, unless the compiler may fuse a multiply and
// an add differently after inlining (GCC's default -ffp-contract=fast on targets with FMA, such as
// AArch64), where they agree to a few ulps.
#if defined(__FP_FAST_FMA) || defined(__FP_FAST_FMAF)
constexpr bool fma_contraction_possible = true;
#else
constexpr bool fma_contraction_possible = false;
#endif
template <class T>
void check_same_first_order(T a, T b) {
    if (fma_contraction_possible)
        TD_CHECK_CLOSE(a, b, T(4) * tdtest::eps<T>());
    else
        CHECK(a == b);
}

/// |got - want| <= tol * max(1, |want|, scale); scale is the size of the terms that make up want.
template <class T>
void check_near(T got, ld want, ld scale, T tol, const char* what) {
    const ld err = std::fabs(static_cast<ld>(got) - want);
    const ld bound = static_cast<ld>(tol) * std::max(ld(1), std::max(std::fabs(scale), std::fabs(want)));
    CHECK_MESSAGE(err <= bound, doctest::String(what) << ": got " << static_cast<double>(got) << ", want " << static_cast<double>(want)
                                     << " (error " << static_cast<double>(err) << ", bound " << static_cast<double>(bound)
                                     << ")");
}

// ---- seeding ----
template <class T, std::size_t N>
vec<hyper_dual<T, N>, N> seed_hyper(const vec<T, N>& x) {
    vec<hyper_dual<T, N>, N> r{};
    for (std::size_t i = 0; i < N; ++i) r[i] = hyper_dual<T, N>::variable(x[i], i);
    return r;
}
template <class T, std::size_t N>
vec<dual<T, N>, N> seed_dual(const vec<T, N>& x) {
    vec<dual<T, N>, N> r{};
    for (std::size_t i = 0; i < N; ++i) r[i] = dual<T, N>::variable(x[i], i);
    return r;
}
template <class T, std::size_t N>
vec<dual<dual<T, N>, N>, N> seed_nested(const vec<T, N>& x) {
    using I = dual<T, N>;
    vec<dual<I, N>, N> r{};
    for (std::size_t i = 0; i < N; ++i) r[i] = dual<I, N>::variable(I::variable(x[i], i), i);
    return r;
}

// ---- quadratic forms u(x) = center + c sum_i s_i x_i x_{(i + shift) % N}, s_i = -1 on odd i if alternate ----
struct quad_form {
    std::size_t shift;
    bool alternate;
};
template <class Num, std::size_t N, class T>
Num quad(const vec<Num, N>& x, quad_form q, T center, T c) {
    Num s = x[0] * x[q.shift % N];
    for (std::size_t i = 1; i < N; ++i) {
        const Num t = x[i] * x[(i + q.shift) % N];
        if (q.alternate && i % 2 == 1)
            s -= t;
        else
            s += t;
    }
    return s * c + center;
}
template <std::size_t N>
struct quad_exact {
    vec<ld, N> grad;
    mat<ld, N, N> hess;
};
template <std::size_t N, class T>
quad_exact<N> quad_derivatives(const vec<T, N>& x, quad_form q, T c) {
    quad_exact<N> r{};
    for (std::size_t i = 0; i < N; ++i) {
        const std::size_t p = (i + q.shift) % N;
        const ld s = static_cast<ld>(c) * ((q.alternate && i % 2 == 1) ? ld(-1) : ld(1));
        r.grad[i] += s * static_cast<ld>(x[p]);
        r.grad[p] += s * static_cast<ld>(x[i]);
        r.hess(i, p) += s;
        r.hess(p, i) += s;
    }
    return r;
}

/// Gradient and Hessian of f(a(x), b(x)) from the partials of f and the derivatives of a and b
/// (a zero gradient and Hessian for a plain-value argument); checks got against them.
template <class T, std::size_t N, class Got>
void check_two_argument_chain(const Got& got, ld fa, ld fb, ld faa, ld fab, ld fbb, const quad_exact<N>& a,
                              const quad_exact<N>& b, T tol, const char* what) {
    const vec<T, N> g = got.grad();
    const mat<T, N, N> H = got.hess();
    for (std::size_t i = 0; i < N; ++i) {
        INFO(doctest::String(what) << ", first partial " << i);
        check_near(g[i], fa * a.grad[i] + fb * b.grad[i], std::fabs(fa * a.grad[i]) + std::fabs(fb * b.grad[i]), tol,
                   "gradient");
    }
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < N; ++j) {
            INFO(doctest::String(what) << ", second partial (" << i << ", " << j << ")");
            const ld t[] = {fa * a.hess(i, j),
                            fb * b.hess(i, j),
                            faa * a.grad[i] * a.grad[j],
                            fab * (a.grad[i] * b.grad[j] + b.grad[i] * a.grad[j]),
                            fbb * b.grad[i] * b.grad[j]};
            check_near(H(i, j), t[0] + t[1] + t[2] + t[3] + t[4],
                       std::fabs(t[0]) + std::fabs(t[1]) + std::fabs(t[2]) + std::fabs(t[3]) + std::fabs(t[4]), tol,
                       "Hessian");
            CHECK(H(i, j) == H(j, i));
        }
}

/// hyper_dual against the nested dual<dual<T, N>, N> for the same computation: the first
/// derivatives are the ones dual<T, N> computes (bit for bit, see above); the second agree to a few ulps.
template <class T, std::size_t N>
void check_nested_agreement(const hyper_dual<T, N>& h, const dual<T, N>& d, const dual<dual<T, N>, N>& dd,
                            const char* what) {
    INFO(doctest::String(what));
    check_same_first_order(h.value(), d.value());
    check_same_first_order(h.value(), dd.value().value());
    for (std::size_t i = 0; i < N; ++i) {
        check_same_first_order(h.partial(i), d.partial(i));
        check_same_first_order(h.partial(i), dd.value().partial(i));
        TD_CHECK_CLOSE(h.partial(i), dd.partial(i).value(), nested_tol<T>());
    }
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < N; ++j) TD_CHECK_CLOSE(h.second_partial(i, j), dd.partial(j).partial(i), nested_tol<T>());
}

// ---- unary functions ----
/// fn on one variable (closed forms d1, d2 and central differences of the library's dual f') and
/// on quadratic forms of N variables (chain rule, all sizes; nested agreement at N = 3).
/// Centers are drawn in [lo, hi]; the quadratic forms stay within 0.3 of their center.
template <class T, class Fn, class D1, class D2>
void check_unary(const char* name, Fn fn, D1 d1, D2 d2, double lo, double hi, std::uint64_t seed) {
    INFO("function " << doctest::String(name));
    tdtest::rng rng(seed);
    const T tol = tdtest::closed_form_tol<T>();
    for (int k = 0; k < 3; ++k) {
        const T x = static_cast<T>(rng.uniform(lo, hi));
        const ld xl = static_cast<ld>(x);
        INFO("at x = " << static_cast<double>(x));
        using H1 = hyper_dual<T, 1>;
        const H1 y = fn(H1::variable(x, 0));
        CHECK(y.value() == fn(x));
        check_near(y.partial(0), d1(xl), 0, tol, "f' against its closed form");
        check_near(y.second_partial(0, 0), d2(xl), 0, tol, "f'' against its closed form");
        const ld fd = tdtest::central_difference([&](ld t) { return fn(dual<ld, 1>::variable(t, 0)).partial(0); }, xl);
        check_near(y.second_partial(0, 0), fd, 0, tdtest::fd_tol<T>(), "f'' against central differences of f'");

        for_each_size(chain_sizes{}, [&](auto n) {
            constexpr std::size_t N = decltype(n)::value;
            INFO("N = " << N);
            const vec<T, N> xs = rng.template vector<T, N>(-1, 1);
            const T c = static_cast<T>(0.3 / static_cast<double>(N));
            const quad_form q{1, false};
            const auto u = quad(seed_hyper(xs), q, x, c);
            const hyper_dual<T, N> h = fn(u);
            const ld ul = static_cast<ld>(u.value());
            check_two_argument_chain<T, N>(h, d1(ul), 0, d2(ul), 0, 0, quad_derivatives(xs, q, c), quad_exact<N>{}, tol,
                                           "f(u(x))");
            if constexpr (N == 3)
                check_nested_agreement(h, fn(quad(seed_dual(xs), q, x, c)), fn(quad(seed_nested(xs), q, x, c)),
                                       "hyper_dual against dual<dual<T, 3>, 3>");
        });
    }
}

// ---- binary functions ----
struct binary_ref {
    ld fa, fb, faa, fab, fbb;
};

/// fn(a, b) for (hyper_dual, hyper_dual), (hyper_dual, T) and (T, hyper_dual): on variables
/// (closed forms and central differences of the library's dual first partials) and on quadratic
/// forms of N variables. Centers a in [alo, ahi], b in [blo, bhi] where ok(a, b).
template <class T, class Fn, class Ref, class Ok>
void check_binary(const char* name, Fn fn, Ref ref, double alo, double ahi, double blo, double bhi, Ok ok,
                  std::uint64_t seed) {
    INFO("function " << doctest::String(name));
    tdtest::rng rng(seed);
    const T tol = tdtest::closed_form_tol<T>();
    const T fdtol = tdtest::fd_tol<T>();
    for (int k = 0; k < 3; ++k) {
        T a{}, b{};
        do {
            a = static_cast<T>(rng.uniform(alo, ahi));
            b = static_cast<T>(rng.uniform(blo, bhi));
        } while (!ok(static_cast<double>(a), static_cast<double>(b)));
        const ld al = static_cast<ld>(a), bl = static_cast<ld>(b);
        INFO("at (a, b) = (" << static_cast<double>(a) << ", " << static_cast<double>(b) << ")");
        const binary_ref r = ref(al, bl);

        // (hyper_dual, hyper_dual): the full 2 x 2 Hessian [[faa, fab], [fab, fbb]]
        using H2 = hyper_dual<T, 2>;
        using D2 = dual<ld, 2>;
        const H2 y = fn(H2::variable(a, 0), H2::variable(b, 1));
        CHECK(y.value() == fn(a, b));
        check_near(y.partial(0), r.fa, 0, tol, "f_a");
        check_near(y.partial(1), r.fb, 0, tol, "f_b");
        check_near(y.second_partial(0, 0), r.faa, 0, tol, "f_aa");
        check_near(y.second_partial(0, 1), r.fab, 0, tol, "f_ab");
        check_near(y.second_partial(1, 1), r.fbb, 0, tol, "f_bb");
        const auto first = [&](ld ta, ld tb) { return fn(D2::variable(ta, 0), D2::variable(tb, 1)); };
        check_near(y.second_partial(0, 0), tdtest::central_difference([&](ld t) { return first(t, bl).partial(0); }, al),
                   0, fdtol, "f_aa against central differences");
        check_near(y.second_partial(0, 1), tdtest::central_difference([&](ld t) { return first(t, bl).partial(1); }, al),
                   0, fdtol, "f_ab against central differences (d f_b / da)");
        check_near(y.second_partial(0, 1), tdtest::central_difference([&](ld t) { return first(al, t).partial(0); }, bl),
                   0, fdtol, "f_ab against central differences (d f_a / db)");
        check_near(y.second_partial(1, 1), tdtest::central_difference([&](ld t) { return first(al, t).partial(1); }, bl),
                   0, fdtol, "f_bb against central differences");

        // (hyper_dual, T) and (T, hyper_dual): the constant carries no partials
        using H1 = hyper_dual<T, 1>;
        using D1 = dual<ld, 1>;
        const H1 ya = fn(H1::variable(a, 0), b);
        CHECK(ya.value() == fn(a, b));
        check_near(ya.partial(0), r.fa, 0, tol, "f_a with b constant");
        check_near(ya.second_partial(0, 0), r.faa, 0, tol, "f_aa with b constant");
        check_near(ya.second_partial(0, 0), tdtest::central_difference([&](ld t) { return fn(D1::variable(t, 0), bl).partial(0); }, al),
                   0, fdtol, "f_aa with b constant against central differences");
        const H1 yb = fn(a, H1::variable(b, 0));
        CHECK(yb.value() == fn(a, b));
        check_near(yb.partial(0), r.fb, 0, tol, "f_b with a constant");
        check_near(yb.second_partial(0, 0), r.fbb, 0, tol, "f_bb with a constant");
        check_near(yb.second_partial(0, 0), tdtest::central_difference([&](ld t) { return fn(al, D1::variable(t, 0)).partial(0); }, bl),
                   0, fdtol, "f_bb with a constant against central differences");

        // on quadratic forms of N variables, in each argument combination
        for_each_size(chain_sizes{}, [&](auto n) {
            constexpr std::size_t N = decltype(n)::value;
            INFO("N = " << N);
            const vec<T, N> xs = rng.template vector<T, N>(-1, 1);
            const T c = static_cast<T>(0.3 / static_cast<double>(N));
            const quad_form qa{1, false}, qb{2, true};
            const auto hx = seed_hyper(xs);
            const auto u = quad(hx, qa, a, c);
            const auto v = quad(hx, qb, b, c);
            const quad_exact<N> du = quad_derivatives(xs, qa, c), dv = quad_derivatives(xs, qb, c);
            const ld ul = static_cast<ld>(u.value()), vl = static_cast<ld>(v.value());
            const binary_ref ruv = ref(ul, vl), rub = ref(ul, bl), rav = ref(al, vl);
            check_two_argument_chain<T, N>(fn(u, v), ruv.fa, ruv.fb, ruv.faa, ruv.fab, ruv.fbb, du, dv, tol, "f(u(x), v(x))");
            if constexpr (N == 3) {  // (the one-argument rule at N = 8 is covered by the unary functions)
                check_two_argument_chain<T, N>(fn(u, b), rub.fa, 0, rub.faa, 0, 0, du, quad_exact<N>{}, tol, "f(u(x), b)");
                check_two_argument_chain<T, N>(fn(a, v), 0, rav.fb, 0, 0, rav.fbb, quad_exact<N>{}, dv, tol, "f(a, v(x))");
                const auto dx = seed_dual(xs);
                const auto ddx = seed_nested(xs);
                check_nested_agreement(fn(u, v), fn(quad(dx, qa, a, c), quad(dx, qb, b, c)),
                                       fn(quad(ddx, qa, a, c), quad(ddx, qb, b, c)), "hyper_dual against dual<dual<T, 3>, 3>");
            }
        });
    }
}

constexpr ld pi_l = 3.141592653589793238462643383279502884L;
constexpr ld ln2_l = 0.693147180559945309417232121458176568L;
constexpr ld ln10_l = 2.302585092994045684017991454684364208L;

}  // namespace

TEST_CASE_TEMPLATE("hyper_dual: layout, construction and access", T, float, double) {
    static_assert(std::is_trivially_copyable<hyper_dual<T, 3>>::value, "hyper_dual is trivially copyable");
    static_assert(std::is_same<typename hyper_dual<T, 4>::value_type, T>::value, "value_type");
    static_assert(hyper_dual<T, 4>::packed_size == 10 && hyper_dual<T, 1>::packed_size == 1, "N(N+1)/2 second partials");
    static_assert(hyper_dual<T, 3>::packed_index(0, 0) == 0 && hyper_dual<T, 3>::packed_index(0, 2) == 2 &&
                      hyper_dual<T, 3>::packed_index(1, 1) == 3 && hyper_dual<T, 3>::packed_index(2, 1) == 4 &&
                      hyper_dual<T, 3>::packed_index(2, 2) == 5,
                  "upper triangle packed row by row");
    for_each_size(sizes<1, 2, 3, 4, 5, 8>{}, [](auto n) {
        constexpr std::size_t N = decltype(n)::value;
        using H = hyper_dual<T, N>;
        INFO("N = " << N);
        // the packed index visits every stored position once, row by row, in either order
        std::size_t k = 0;
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = i; j < N; ++j, ++k) {
                CHECK(H::packed_index(i, j) == k);
                CHECK(H::packed_index(j, i) == k);
            }
        CHECK(k == H::packed_size);

        const H zero{};
        CHECK(zero.value() == T(0));
        CHECK(tinydual::detail::is_zero_number(zero));
        const H c(T(2.5));  // a constant
        CHECK(c.value() == T(2.5));
        CHECK(c.grad() == vec<T, N>::zero());
        CHECK(c.hess() == mat<T, N, N>::zero());
        for (std::size_t i = 0; i < N; ++i) {
            const H x = H::variable(T(1.5), i);
            CHECK(x.value() == T(1.5));
            for (std::size_t j = 0; j < N; ++j) CHECK(x.partial(j) == (i == j ? T(1) : T(0)));
            CHECK(x.hess() == mat<T, N, N>::zero());
            CHECK_FALSE(tinydual::detail::is_zero_number(x));
        }
        // value, gradient and a symmetric Hessian in; the same out, through the packed triangle
        tdtest::rng rng(7 + N);
        const vec<T, N> g = rng.template vector<T, N>(-1, 1);
        mat<T, N, N> S = rng.template matrix<T, N, N>(-1, 1);
        S = S + tinydual::transpose(S);
        H h(T(3), g, S);
        CHECK(h.value() == T(3));
        CHECK(h.grad() == g);
        CHECK(h.hess() == S);
        CHECK(&h.second_partial(0, N - 1) == &h.second_partial(N - 1, 0));
        h.second_partial(N - 1, 0) = T(9);
        CHECK(h.hess()(0, N - 1) == T(9));
        CHECK(h.hess()(N - 1, 0) == T(9));
        CHECK(H(T(1), g).hess() == mat<T, N, N>::zero());
        // a number that carries only a second partial is not zero
        H only_second(T(0));
        only_second.second_partial(N - 1, N - 1) = T(1);
        CHECK_FALSE(tinydual::detail::is_zero_number(only_second));
    });
}

TEST_CASE_TEMPLATE("hyper_dual: arithmetic with hyper_dual and plain values against closed forms", T, float, double) {
    using H = hyper_dual<T, 3>;
    const T tol = tdtest::closed_form_tol<T>();
    tdtest::rng rng(11);
    for (int k = 0; k < 5; ++k) {
        const vec<T, 3> p = rng.template vector<T, 3>(0.5, 2.0);
        const T cT = static_cast<T>(rng.uniform(-2.0, 2.0));
        const ld x = static_cast<ld>(p[0]), y = static_cast<ld>(p[1]), z = static_cast<ld>(p[2]), c = static_cast<ld>(cT);
        const H X = H::variable(p[0], 0), Y = H::variable(p[1], 1), Z = H::variable(p[2], 2);
        INFO("at (" << static_cast<double>(p[0]) << ", " << static_cast<double>(p[1]) << ", " << static_cast<double>(p[2])
                    << "), c = " << static_cast<double>(cT));
        // expect(f, value, gradient, upper triangle (00, 01, 02, 11, 12, 22))
        const auto expect = [&](const H& f, ld v, vec<ld, 3> g, vec<ld, 6> h, const char* what) {
            INFO(doctest::String(what));
            check_near(f.value(), v, 0, tol, "value");
            for (std::size_t i = 0; i < 3; ++i) check_near(f.partial(i), g[i], 0, tol, "gradient");
            std::size_t m = 0;
            for (std::size_t i = 0; i < 3; ++i)
                for (std::size_t j = i; j < 3; ++j, ++m) {
                    check_near(f.second_partial(i, j), h[m], 0, tol, "Hessian");
                    CHECK(f.hess()(i, j) == f.hess()(j, i));
                }
        };
        expect(X + Y, x + y, {1, 1, 0}, {0, 0, 0, 0, 0, 0}, "x + y");
        expect(X - Y, x - y, {1, -1, 0}, {0, 0, 0, 0, 0, 0}, "x - y");
        expect(X + cT, x + c, {1, 0, 0}, {0, 0, 0, 0, 0, 0}, "x + c");
        expect(cT + X, x + c, {1, 0, 0}, {0, 0, 0, 0, 0, 0}, "c + x");
        expect(X - cT, x - c, {1, 0, 0}, {0, 0, 0, 0, 0, 0}, "x - c");
        expect(cT - X, c - x, {-1, 0, 0}, {0, 0, 0, 0, 0, 0}, "c - x");
        expect(-X, -x, {-1, 0, 0}, {0, 0, 0, 0, 0, 0}, "-x");
        expect(+X, x, {1, 0, 0}, {0, 0, 0, 0, 0, 0}, "+x");
        expect(X * Y, x * y, {y, x, 0}, {0, 1, 0, 0, 0, 0}, "x y");
        expect(X * cT, x * c, {c, 0, 0}, {0, 0, 0, 0, 0, 0}, "x c");
        expect(cT * X, x * c, {c, 0, 0}, {0, 0, 0, 0, 0, 0}, "c x");
        expect(X * X, x * x, {2 * x, 0, 0}, {2, 0, 0, 0, 0, 0}, "x x");
        expect(X / Y, x / y, {1 / y, -x / (y * y), 0}, {0, -1 / (y * y), 0, 2 * x / (y * y * y), 0, 0}, "x / y");
        expect(X / cT, x / c, {1 / c, 0, 0}, {0, 0, 0, 0, 0, 0}, "x / c");
        expect(cT / X, c / x, {-c / (x * x), 0, 0}, {2 * c / (x * x * x), 0, 0, 0, 0, 0}, "c / x");
        expect(X * Y * Z, x * y * z, {y * z, x * z, x * y}, {0, z, y, 0, x, 0}, "x y z");
        const ld w = z + 2, n = x * x - y;
        expect((X * X - Y) / (Z + T(2)), n / w, {2 * x / w, -1 / w, -n / (w * w)},
               {2 / w, 0, -2 * x / (w * w), 0, 1 / (w * w), 2 * n / (w * w * w)}, "(x^2 - y) / (z + 2)");
        // compound assignment: 2.5 x + 1.5 (z - c) / y - y
        H f = X;
        f *= Y;
        f += Z;
        f -= cT;
        f /= Y;
        f *= T(3);
        f /= T(2);
        f += X;
        f -= Y;
        f += T(0);
        expect(f, 2.5L * x + 1.5L * (z - c) / y - y, {2.5L, -1.5L * (z - c) / (y * y) - 1, 1.5L / y},
               {0, 0, 0, 3 * (z - c) / (y * y * y), -1.5L / (y * y), 0}, "compound assignment");
        // comparisons look at values only
        CHECK((X < Y) == (p[0] < p[1]));
        CHECK((X == p[0]));
        CHECK((p[1] >= Y));
    }
}

// Every unary function's second derivative, one test case per group of functions (each group is
// one program that fits the micro:bit's flash); the seeds run on from 100 across the groups.
#define TD_UNARY(fname, lo, hi, d1, d2)                                                            \
    check_unary<T>(#fname, [](const auto& a) { using std::fname; return fname(a); },                \
                   [](ld x) -> ld { (void)x; return d1; }, [](ld x) -> ld { (void)x; return d2; }, \
                   lo, hi, seed++)
TEST_CASE_TEMPLATE("hyper_dual: every unary function's second derivative: abs, fabs, sqrt, cbrt", T, float, double) {
    std::uint64_t seed = 100;
    TD_UNARY(abs, 0.5, 2.0, 1, 0);
    TD_UNARY(abs, -2.0, -0.5, -1, 0);
    TD_UNARY(fabs, -2.0, -0.5, -1, 0);
    TD_UNARY(sqrt, 0.8, 3.0, 0.5L / std::sqrt(x), -0.25L / (x * std::sqrt(x)));
    TD_UNARY(cbrt, 0.6, 3.0, 1 / (3 * std::cbrt(x) * std::cbrt(x)), -2 / (9 * x * std::cbrt(x) * std::cbrt(x)));
    TD_UNARY(cbrt, -3.0, -0.6, 1 / (3 * std::cbrt(x) * std::cbrt(x)), -2 / (9 * x * std::cbrt(x) * std::cbrt(x)));
}

TEST_CASE_TEMPLATE("hyper_dual: every unary function's second derivative: exp, exp2, expm1, log, log2, log10, log1p", T, float, double) {
    std::uint64_t seed = 106;
    TD_UNARY(exp, -2.0, 2.0, std::exp(x), std::exp(x));
    TD_UNARY(exp2, -2.0, 2.0, ln2_l * std::exp2(x), ln2_l * ln2_l * std::exp2(x));
    TD_UNARY(expm1, -1.0, 1.0, std::exp(x), std::exp(x));
    TD_UNARY(log, 0.8, 3.0, 1 / x, -1 / (x * x));
    TD_UNARY(log2, 0.8, 3.0, 1 / (x * ln2_l), -1 / (x * x * ln2_l));
    TD_UNARY(log10, 0.8, 3.0, 1 / (x * ln10_l), -1 / (x * x * ln10_l));
    TD_UNARY(log1p, -0.5, 2.0, 1 / (1 + x), -1 / ((1 + x) * (1 + x)));
}

TEST_CASE_TEMPLATE("hyper_dual: every unary function's second derivative: sin, cos, tan, asin, acos, atan", T, float, double) {
    std::uint64_t seed = 113;
    TD_UNARY(sin, -3.0, 3.0, std::cos(x), -std::sin(x));
    TD_UNARY(cos, -3.0, 3.0, -std::sin(x), -std::cos(x));
    TD_UNARY(tan, -1.0, 1.0, 1 / (std::cos(x) * std::cos(x)), 2 * std::sin(x) / (std::cos(x) * std::cos(x) * std::cos(x)));
    TD_UNARY(asin, -0.5, 0.5, 1 / std::sqrt(1 - x * x), x / ((1 - x * x) * std::sqrt(1 - x * x)));
    TD_UNARY(acos, -0.5, 0.5, -1 / std::sqrt(1 - x * x), -x / ((1 - x * x) * std::sqrt(1 - x * x)));
    TD_UNARY(atan, -3.0, 3.0, 1 / (1 + x * x), -2 * x / ((1 + x * x) * (1 + x * x)));
}

TEST_CASE_TEMPLATE("hyper_dual: every unary function's second derivative: sinh, cosh, tanh, asinh, acosh, atanh", T, float, double) {
    std::uint64_t seed = 119;
    TD_UNARY(sinh, -2.0, 2.0, std::cosh(x), std::sinh(x));
    TD_UNARY(cosh, -2.0, 2.0, std::sinh(x), std::cosh(x));
    TD_UNARY(tanh, -2.0, 2.0, 1 / (std::cosh(x) * std::cosh(x)), -2 * std::tanh(x) / (std::cosh(x) * std::cosh(x)));
    TD_UNARY(asinh, -3.0, 3.0, 1 / std::sqrt(x * x + 1), -x / ((x * x + 1) * std::sqrt(x * x + 1)));
    TD_UNARY(acosh, 1.6, 4.0, 1 / std::sqrt(x * x - 1), -x / ((x * x - 1) * std::sqrt(x * x - 1)));
    TD_UNARY(atanh, -0.5, 0.5, 1 / (1 - x * x), 2 * x / ((1 - x * x) * (1 - x * x)));
}

TEST_CASE_TEMPLATE("hyper_dual: every unary function's second derivative: erf, erfc, floor, ceil, round, trunc", T, float, double) {
    std::uint64_t seed = 125;
    TD_UNARY(erf, -2.0, 2.0, 2 / std::sqrt(pi_l) * std::exp(-x * x), -4 * x / std::sqrt(pi_l) * std::exp(-x * x));
    TD_UNARY(erfc, -2.0, 2.0, -2 / std::sqrt(pi_l) * std::exp(-x * x), 4 * x / std::sqrt(pi_l) * std::exp(-x * x));
    // piecewise constant: zero derivatives everywhere (centers away from the jumps are not needed:
    // the library's derivative is zero on both sides too)
    TD_UNARY(floor, -3.0, 3.0, 0, 0);
    TD_UNARY(ceil, -3.0, 3.0, 0, 0);
    TD_UNARY(round, -3.0, 3.0, 0, 0);
    TD_UNARY(trunc, -3.0, 3.0, 0, 0);
}
#undef TD_UNARY

// Every binary function's second derivatives, in each argument combination: one test case per
// group of functions (each fits the micro:bit's flash); the seeds run on from 200 across the groups.
namespace {
const auto anywhere = [](double, double) { return true; };
// selections are smooth away from the switch: keep the centers apart
const auto apart = [](double a, double b) { return std::fabs(a - b) > 0.8; };
const auto pick_max = [](ld a, ld b) { return a < b ? binary_ref{0, 1, 0, 0, 0} : binary_ref{1, 0, 0, 0, 0}; };
const auto pick_min = [](ld a, ld b) { return b < a ? binary_ref{0, 1, 0, 0, 0} : binary_ref{1, 0, 0, 0, 0}; };
}  // namespace
#define TD_BINARY_FN(fname) [](const auto& p, const auto& q) { using std::fname; return fname(p, q); }
TEST_CASE_TEMPLATE("hyper_dual: every binary function's second derivatives, in each argument combination: pow, atan2", T, float, double) {
    std::uint64_t seed = 200;
    check_binary<T>(
        "pow", TD_BINARY_FN(pow),
        [](ld a, ld b) {
            const ld f = std::pow(a, b), l = std::log(a);
            return binary_ref{b * f / a, f * l, b * (b - 1) * f / (a * a), f / a * (1 + b * l), f * l * l};
        },
        0.8, 2.0, -2.0, 2.0, anywhere, seed++);
    check_binary<T>(
        "atan2", TD_BINARY_FN(atan2),
        [](ld y, ld x) {
            const ld r2 = x * x + y * y;
            return binary_ref{x / r2, -y / r2, -2 * x * y / (r2 * r2), (y * y - x * x) / (r2 * r2), 2 * x * y / (r2 * r2)};
        },
        0.6, 2.0, -2.0, 2.0, anywhere, seed++);
}

TEST_CASE_TEMPLATE("hyper_dual: every binary function's second derivatives, in each argument combination: hypot, copysign, fmod", T, float, double) {
    std::uint64_t seed = 202;
    check_binary<T>(
        "hypot", TD_BINARY_FN(hypot),
        [](ld a, ld b) {
            const ld h = std::hypot(a, b), h3 = h * h * h;
            return binary_ref{a / h, b / h, b * b / h3, -a * b / h3, a * a / h3};
        },
        -2.0, 2.0, 0.6, 2.0, anywhere, seed++);
    check_binary<T>(
        "copysign", TD_BINARY_FN(copysign),
        [](ld a, ld b) { return binary_ref{std::signbit(a) == std::signbit(b) ? ld(1) : ld(-1), 0, 0, 0, 0}; },
        -2.0, 2.0, -2.0, 2.0, [](double a, double b) { return std::fabs(a) > 0.5 && std::fabs(b) > 0.5; }, seed++);
    check_binary<T>(
        "fmod", TD_BINARY_FN(fmod), [](ld a, ld b) { return binary_ref{1, -std::trunc(a / b), 0, 0, 0}; }, -5.0, 5.0,
        0.8, 1.6,
        [](double a, double b) {  // central differences must not straddle a jump of trunc(a / b)
            const double q = a / b;
            return std::fabs(q - std::round(q)) > 0.05;
        },
        seed++);
}

TEST_CASE_TEMPLATE("hyper_dual: every binary function's second derivatives, in each argument combination: max, min", T, float, double) {
    std::uint64_t seed = 205;
    check_binary<T>("max", TD_BINARY_FN(max), pick_max, -2.0, 2.0, -2.0, 2.0, apart, seed++);
    check_binary<T>("min", TD_BINARY_FN(min), pick_min, -2.0, 2.0, -2.0, 2.0, apart, seed++);
}

TEST_CASE_TEMPLATE("hyper_dual: every binary function's second derivatives, in each argument combination: fmax, fmin", T, float, double) {
    std::uint64_t seed = 207;
    check_binary<T>("fmax", TD_BINARY_FN(fmax), pick_max, -2.0, 2.0, -2.0, 2.0, apart, seed++);
    check_binary<T>("fmin", TD_BINARY_FN(fmin), pick_min, -2.0, 2.0, -2.0, 2.0, apart, seed++);
}
#undef TD_BINARY_FN

TEST_CASE_TEMPLATE("hyper_dual: fma in every argument combination", T, float, double) {
    constexpr std::size_t N = 3;
    using H = hyper_dual<T, N>;
    const T tol = tdtest::closed_form_tol<T>();
    tdtest::rng rng(300);
    for (int k = 0; k < 3; ++k) {
        const vec<T, N> xs = rng.template vector<T, N>(-1, 1);
        const T a = static_cast<T>(rng.uniform(-2, 2)), b = static_cast<T>(rng.uniform(-2, 2)),
                c = static_cast<T>(rng.uniform(-2, 2));
        const T s = T(0.1);
        const quad_form qa{1, false}, qb{2, true}, qc{0, true};
        const auto hx = seed_hyper(xs);
        const H A = quad(hx, qa, a, s), B = quad(hx, qb, b, s), C = quad(hx, qc, c, s);
        const quad_exact<N> dA = quad_derivatives(xs, qa, s), dB = quad_derivatives(xs, qb, s);
        const quad_exact<N> none{};
        const ld av = static_cast<ld>(A.value()), bv = static_cast<ld>(B.value());
        using std::fma;
        // d fma(a, b, c) = b da + a db + dc; second partials f_ab = 1: H = b Ha + a Hb + ga gb^T + gb ga^T + Hc
        // fma(a, b, c) - c has the derivatives of a b: b ga + a gb, and b Ha + a Hb + ga gb^T + gb ga^T
        const auto check = [&](const H& got, ld aval, ld bval, const quad_exact<N>& da, const quad_exact<N>& db,
                               bool c_used, T expected_value, const char* what) {
            INFO(doctest::String(what));
            CHECK(got.value() == expected_value);
            check_two_argument_chain<T, N>(c_used ? got - C : got, bval, aval, 0, 1, 0, da, db, tol, what);
        };
        check(fma(A, B, C), av, bv, dA, dB, true, fma(A.value(), B.value(), C.value()), "fma(A, B, C)");
        check(fma(A, B, c), av, bv, dA, dB, false, fma(A.value(), B.value(), c), "fma(A, B, c)");
        check(fma(A, b, C), av, static_cast<ld>(b), dA, none, true, fma(A.value(), b, C.value()), "fma(A, b, C)");
        check(fma(a, B, C), static_cast<ld>(a), bv, none, dB, true, fma(a, B.value(), C.value()), "fma(a, B, C)");
        check(fma(A, b, c), av, static_cast<ld>(b), dA, none, false, fma(A.value(), b, c), "fma(A, b, c)");
        check(fma(a, B, c), static_cast<ld>(a), bv, none, dB, false, fma(a, B.value(), c), "fma(a, B, c)");
        const H only_c = fma(a, b, C);
        CHECK(only_c.value() == fma(a, b, C.value()));
        CHECK(only_c.grad() == C.grad());
        CHECK(only_c.hess() == C.hess());
    }
}

TEST_CASE_TEMPLATE("hyper_dual: a constant never becomes NaN (zero-partial rule)", T, float, double) {
    using H = hyper_dual<T, 3>;
    const T inf = std::numeric_limits<T>::infinity();
    const auto is_constant = [](const H& h) {
        return h.grad() == vec<T, 3>::zero() && h.hess() == mat<T, 3, 3>::zero();
    };
    const H zero(T(0)), one(T(1));
    // f' and f'' are infinite here; a constant has nothing to scale
    CHECK(is_constant(sqrt(zero)));
    CHECK(is_constant(cbrt(zero)));
    CHECK(is_constant(log(zero)));
    CHECK(is_constant(asin(one)));
    CHECK(is_constant(acos(one)));
    CHECK(is_constant(atanh(one)));
    CHECK(is_constant(acosh(one)));
    CHECK(is_constant(pow(zero, T(0.5))));
    CHECK(is_constant(pow(zero, H(T(0.5)))));
    CHECK(is_constant(atan2(zero, zero)));
    CHECK(is_constant(hypot(zero, zero)));
    CHECK(is_constant(one / zero));
    CHECK(is_constant(zero * inf));
    CHECK(is_constant(zero / zero + T(1)));

    // a variable at such a point: only its own entries become infinite, nothing becomes NaN
    const H x = H::variable(T(0), 0), y = H::variable(T(2), 1), z = H::variable(T(3), 2);
    const H f = sqrt(x) + y * z;
    CHECK(f.partial(0) == inf);
    CHECK(f.partial(1) == T(3));
    CHECK(f.partial(2) == T(2));
    const mat<T, 3, 3> Hf = f.hess();
    CHECK(Hf(0, 0) == -inf);
    CHECK(Hf(1, 2) == T(1));
    CHECK(Hf(2, 1) == T(1));
    CHECK(Hf(0, 1) == T(0));
    CHECK(Hf(0, 2) == T(0));
    CHECK(Hf(1, 1) == T(0));
    CHECK(Hf(2, 2) == T(0));
    // the two-argument rule: x^y at x = 0 with y = 2 is smooth (H_xx = 2); with a constant y = 0.5 it is not
    const H p = pow(x, y);
    CHECK(p.value() == T(0));
    CHECK(p.grad() == vec<T, 3>::zero());
    CHECK(p.second_partial(0, 0) == T(2));
    CHECK(p.second_partial(1, 1) == T(0));
    CHECK(p.second_partial(0, 1) == T(0));
    const H r = pow(x, T(0.5)) * T(3);
    CHECK(r.partial(0) == inf);
    CHECK(r.second_partial(0, 0) == -inf);
    CHECK(r.partial(1) == T(0));
    CHECK(r.second_partial(1, 1) == T(0));
    CHECK(r.second_partial(1, 2) == T(0));
    // once a partial is infinite, later steps are IEEE arithmetic on it (as in dual): the entries
    // of the directions that never met it stay exact
    const H rz = pow(x, T(0.5)) * z;
    CHECK(rz.partial(0) == inf);
    CHECK(rz.partial(2) == T(0));
    CHECK(rz.second_partial(1, 1) == T(0));
    CHECK(rz.second_partial(1, 2) == T(0));
    CHECK(rz.second_partial(2, 2) == T(0));
    // a dual built on hyper_dual: its constant partials stay zero through the same rule
    using DH = dual<hyper_dual<T, 2>, 1>;
    const DH d = sqrt(DH(hyper_dual<T, 2>::variable(T(0), 0)));
    CHECK(tinydual::detail::is_zero_number(d.partial(0)));
}

// From 64 stored second partials on (N >= 11), a linear hyper_dual (a constant, a variable, a sum
// or constant multiple of them) stores no zeros for its Hessian; every operation and accessor
// must then treat it as zero. Each mix of linear and non-linear operands, against the nested
// dual<dual<T, N>, N> (gradient of the gradient) within 16 ulps of the terms.
TEST_CASE_TEMPLATE("hyper_dual: linear numbers of a large hyper_dual store no Hessian, in every mix", T, float, double) {
    constexpr std::size_t N = 12;
    static_assert(N * (N + 1) / 2 >= 64, "the size must be one whose linear numbers store no Hessian");
    const auto f = [](const auto& x) {
        using S = std::decay_t<decltype(x[0])>;
        const S a = x[0] + T(2) * x[1] - x[2] / T(4);  // linear
        const S b = sin(x[3]) * x[4];                   // non-linear
        S c = a;                                         // linear, then += non-linear
        c += b;
        S d = b;                                         // non-linear, then += linear
        d += a;
        S e = a;
        e -= b;
        S g = -a;
        g *= T(3);
        S h(T(1));                                       // a constant, then non-linear
        h -= x[5] * x[6];
        h /= T(2);
        const S mixed = (a + b) * (b - a) + (a - b) + exp(a) + a * x[7] + x[8] * x[9] * x[10] + T(2) - x[11];
        return mixed + c * d + e + g * h + (T(1) - a) * b;
    };
    vec<T, N> p{};
    for (std::size_t i = 0; i < N; ++i) p[i] = T(0.1) * static_cast<T>(i) - T(0.3);
    const auto hs = tinydual::hessian(f, p);
    // reference: the Jacobian of the gradient, with nested duals
    const auto J = tinydual::jacobian(
        [&f](const auto& x) { return tinydual::gradient(f, x).gradient; },
        p);
    const auto g = tinydual::gradient(f, p);
    const T tol = T(16) * std::numeric_limits<T>::epsilon() * T(64);
    for (std::size_t i = 0; i < N; ++i) {
        CHECK(std::abs(hs.gradient[i] - g.gradient[i]) <= tol * std::max(T(1), std::abs(g.gradient[i])));
        for (std::size_t j = 0; j < N; ++j) {
            INFO("H(" << i << ", " << j << "): " << static_cast<double>(hs.hessian(i, j)) << ", nested "
                      << static_cast<double>(J.jacobian(i, j)));
            CHECK(std::abs(hs.hessian(i, j) - J.jacobian(i, j)) <= tol * std::max(T(1), std::abs(J.jacobian(i, j))));
        }
    }
    // accessors of a linear number: zeros, and the mutable one makes them real storage
    using H = hyper_dual<T, N>;
    H v = H::variable(T(2), 3) * T(5) + T(1);
    CHECK(v.hess() == mat<T, N, N>::zero());
    CHECK(v.second_partial(3, 3) == T(0));
    const auto packed = v.hessian_partials();
    for (std::size_t k = 0; k < H::packed_size; ++k) CHECK(packed[k] == T(0));
    v.second_partial(2, 3) = T(7);
    CHECK(v.second_partial(3, 2) == T(7));
    CHECK(v.second_partial(0, 0) == T(0));
    CHECK((v * v).second_partial(3, 3) == doctest::Approx(2 * 25));
    // ieee_policy: a known-zero Hessian times inf is NaN, as the formula says; safe keeps zeros
    using I = hyper_dual<T, N, tinydual::ieee_policy>;
    const T inf = std::numeric_limits<T>::infinity();
    CHECK(std::isnan((I::variable(T(1), 0) * inf).second_partial(4, 5)));
    CHECK((H::variable(T(1), 0) * inf).second_partial(4, 5) == T(0));
    I w = I::variable(T(1), 0);
    w /= T(0);
    CHECK(std::isnan(w.second_partial(1, 1)));
}
