// Differential fuzzing of tinydual (libFuzzer target; build and run: .ci/fuzz).
//
// The input decodes into a random expression over x0, x1, x2 and constants (expr.hpp), which is
// evaluated as plain float/double, and as dual<T, 3>, hyper_dual<T, 3> and dual<dual<T, 3>, 3>
// with both storage backends (eval_backend.cpp), and in long double. The oracle, in order:
//  1. backends: every result of the xsimd object equals the plain object's bit for bit (NaN
//     matches NaN). Both run the same formula in the same order, lane by lane; xsimd's fma on
//     SSE2/AVX without the FMA extension is a * b + c, as the plain backend's madd is. (A build
//     with -mfma would fuse on one side only: set FUZZ_BACKEND_ULPS to compare within ulps.)
//  2. values: dual, hyper_dual and nested values equal the plain <cmath> evaluation bit for bit
//     (every number type computes its value with the very operation plain code uses).
//     (Except after copysign took the sign of a NaN, which IEEE leaves unspecified: then only
//     check 1 applies.)
//  3. when the value is NaN or +-Inf nothing more is checked (partials there follow the library's
//     edge policy, which is not this fuzzer's business); only "no crash, no sanitizer report".
//  4. first derivatives: dual and hyper_dual give the same gradient bit for bit (the same
//     operations in the same order); the nested levels' gradients are close (they may take
//     other overloads, see check_gradients, and a constant's zero may get a sign), confirmed as
//     in check 5.
//  5. second derivatives: nested (f' differentiated by the chain rule) against hyper_dual (f''
//     from math.hpp's closed forms). They round differently, so a difference counts only when it
//     is large in T (tolerance below) AND survives in long double: a rounding difference shrinks
//     by the precision ratio (2^-11 from double, 2^-40 from float), a wrong formula does not.
//  7. drivers: tinydual::gradient and tinydual::hessian of a generic f (two passes under the
//     default policy: ieee rules first, the safe rules again where a derivative is not finite)
//     give the one-pass safe dual and hyper_dual results, at every point (non-finite values
//     included), up to the sign of a zero. (Numbered 7, checked right after check 1.)
//  8. batched numbers: lane 0 of dual and hyper_dual over lanes<T, 4> (the other lanes at other
//     points) gives the one-point dual and hyper_dual results bit for bit, up to the sign of a
//     zero derivative (float and double; checked after check 7, where signs are specified).
//  9. the safe policy's fast path: the plain object against the guarded reference, a third
//     object where every guarded step takes its guarded path (TINYDUAL_DETAIL_GUARD_EVERY_STEP):
//     where the reference's results are finite, bit for bit up to the sign of a zero derivative
//     (checked after check 7).
//  6. first derivatives against long-double central differences, in long double (the scalar
//     code path that the float/double plain backend shares, and that check 1 ties to xsimd),
//     only where f is smooth on the stencil: two central steps and the two one-sided
//     differences must agree, which rules out kinks, jumps, poles and domain edges nearby; and
//     not where a function is evaluated exactly at its own kink (ops::kink in expr.hpp), where
//     the library's edge policy decides and the composition may still be smooth.
// A failure prints the expression, the point and the two disagreeing numbers, then aborts.
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <type_traits>

#include "expr.hpp"

namespace fuzz {
namespace {

const program* current = nullptr;

void print_program(const program& p) {
    std::fprintf(stderr, "type %s, x = (%.17g, %.17g, %.17g)\nprogram (postfix):", p.is_double ? "double" : "float",
                 p.x[0], p.x[1], p.x[2]);
    for (std::size_t k = 0; k < p.size; ++k) {
        if (p.code[k].op == op_const)
            std::fprintf(stderr, " %.17g", p.code[k].constant);
        else
            std::fprintf(stderr, " %s", op_name(p.code[k].op));
    }
    std::fprintf(stderr, "\n");
}

[[noreturn]] void fail(const char* what, const char* where, long double expected, long double got) {
    std::fprintf(stderr, "\n*** tinydual differential fuzzer: %s\n%s: expected %.21Lg, got %.21Lg\n", what, where,
                 expected, got);
    if (current) print_program(*current);
    std::fflush(stderr);
    std::abort();
}

template <class T>
bool same(T a, T b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    // Equal with the same sign: the same bits (+0 and -0 differ), without reading the padding
    // bytes of an 80-bit long double.
    return a == b && std::signbit(a) == std::signbit(b);
}

template <class T>
long double ulps_apart(T a, T b) {
    if (a == b) return 0;
    const T m = std::fmax(std::fabs(a), std::fabs(b));
    return static_cast<long double>(std::fabs(a - b)) /
           static_cast<long double>(std::fmax(m, std::numeric_limits<T>::min()) * std::numeric_limits<T>::epsilon());
}

// Check 1 allows FUZZ_BACKEND_ULPS ulps where set (0 by default: bit for bit).
long double backend_ulps() {
    static const long double u = [] {
        const char* s = std::getenv("FUZZ_BACKEND_ULPS");
        return s ? std::strtold(s, nullptr) : 0.0L;
    }();
    return u;
}

/// Values must match bit for bit; derivatives too, except for the sign of a zero: under the
/// safe policy a zero incoming partial gives a zero outgoing one, and the xsimd backend's
/// branch-free guard (dual.hpp, up to two registers) multiplies it by +0 where the plain
/// backend's product takes the factor's sign.
template <class T>
void check_backend(const char* where, T xs, T pl, bool derivative = true) {
    if (same(xs, pl) || (derivative && xs == 0 && pl == 0)) return;
    if (backend_ulps() > 0 && std::isfinite(xs) && std::isfinite(pl) && ulps_apart(xs, pl) <= backend_ulps()) return;
    fail("xsimd and plain backends disagree", where, pl, xs);
}

template <class T>
void compare_backends(const results<T>& x, const results<T>& p) {
    check_backend("dual value", x.dual_value, p.dual_value, false);
    check_backend("hyper_dual value", x.hyper_value, p.hyper_value, false);
    check_backend("nested value", x.nested_value, p.nested_value, false);
    for (std::size_t i = 0; i < nvars; ++i) {
        check_backend("dual gradient", x.dual_grad[i], p.dual_grad[i]);
        check_backend("hyper_dual gradient", x.hyper_grad[i], p.hyper_grad[i]);
        check_backend("nested inner gradient", x.nested_inner_grad[i], p.nested_inner_grad[i]);
        check_backend("nested outer gradient", x.nested_outer_grad[i], p.nested_outer_grad[i]);
        for (std::size_t j = 0; j < nvars; ++j) {
            check_backend("hyper_dual Hessian", x.hyper_hess[i][j], p.hyper_hess[i][j]);
            check_backend("nested Hessian", x.nested_hess[i][j], p.nested_hess[i][j]);
        }
    }
}

/// Check 7: the drivers' two passes against the one-pass safe numbers, in the same object.
template <class T>
void check_drivers(const results<T>& r) {
    for (std::size_t i = 0; i < nvars; ++i) {
        if (!same(r.driver_grad[i], r.dual_grad[i]) && !(r.driver_grad[i] == 0 && r.dual_grad[i] == 0))
            fail("gradient driver (two passes) differs from the safe dual gradient", "d/dx", r.dual_grad[i],
                 r.driver_grad[i]);
        for (std::size_t j = 0; j < nvars; ++j)
            if (!same(r.driver_hess[i][j], r.hyper_hess[i][j]) && !(r.driver_hess[i][j] == 0 && r.hyper_hess[i][j] == 0))
                fail("hessian driver (two passes) differs from the safe hyper_dual Hessian", "d2/dxdx",
                     r.hyper_hess[i][j], r.driver_hess[i][j]);
    }
}

/// Check 9: the safe policy's fast common path (test the factor, multiply plainly when it is
/// finite) against the guarded reference (every step guarded), both on plain arrays. The two
/// differ by design once a partial is already +-inf or NaN: with a finite factor the fast path
/// follows IEEE arithmetic there (hyper_dual.hpp), the reference's kernels keep zero terms zero.
/// So a result is compared where the reference's is finite (its value and every derivative of
/// that number type): a non-finite partial met on the way would have stayed in it (a select
/// drops a whole number, in both paths alike). There the values agree bit for bit and the
/// derivatives up to the sign of a zero (the guarded path gives +0 where a product gives -0).
template <class T>
bool all_finite(std::initializer_list<const T*> parts, std::size_t n) {
    for (const T* p : parts)
        for (std::size_t k = 0; k < n; ++k)
            if (!std::isfinite(p[k])) return false;
    return true;
}
template <class T>
void check_guarded(const results<T>& p, const results<T>& g) {
    const auto expect = [](const char* what, T fast, T guarded, bool derivative = true) {
        if (!same(fast, guarded) && !(derivative && fast == 0 && guarded == 0))
            fail("the safe policy's fast path differs from the guarded reference", what, guarded, fast);
    };
    constexpr std::size_t n2 = nvars * nvars;
    if (std::isfinite(g.dual_value) && all_finite<T>({g.dual_grad}, nvars)) {
        expect("dual value", p.dual_value, g.dual_value, false);
        for (std::size_t i = 0; i < nvars; ++i) expect("dual gradient", p.dual_grad[i], g.dual_grad[i]);
    }
    if (std::isfinite(g.hyper_value) && all_finite<T>({g.hyper_grad}, nvars) && all_finite<T>({&g.hyper_hess[0][0]}, n2)) {
        expect("hyper_dual value", p.hyper_value, g.hyper_value, false);
        for (std::size_t i = 0; i < nvars; ++i) {
            expect("hyper_dual gradient", p.hyper_grad[i], g.hyper_grad[i]);
            for (std::size_t j = 0; j < nvars; ++j) expect("hyper_dual Hessian", p.hyper_hess[i][j], g.hyper_hess[i][j]);
        }
    }
    if (std::isfinite(g.nested_value) && all_finite<T>({g.nested_inner_grad, g.nested_outer_grad}, nvars) &&
        all_finite<T>({&g.nested_hess[0][0]}, n2)) {
        expect("nested value", p.nested_value, g.nested_value, false);
        for (std::size_t i = 0; i < nvars; ++i) {
            expect("nested inner gradient", p.nested_inner_grad[i], g.nested_inner_grad[i]);
            expect("nested outer gradient", p.nested_outer_grad[i], g.nested_outer_grad[i]);
            for (std::size_t j = 0; j < nvars; ++j) expect("nested Hessian", p.nested_hess[i][j], g.nested_hess[i][j]);
        }
    }
    if (std::isfinite(g.dual_value) && all_finite<T>({g.driver_grad}, nvars) && all_finite<T>({&g.driver_hess[0][0]}, n2))
        for (std::size_t i = 0; i < nvars; ++i) {
            expect("gradient driver", p.driver_grad[i], g.driver_grad[i]);
            for (std::size_t j = 0; j < nvars; ++j) expect("hessian driver", p.driver_hess[i][j], g.driver_hess[i][j]);
        }
    if (g.has_batch && std::isfinite(g.batch_value) && all_finite<T>({g.batch_grad}, nvars) &&
        all_finite<T>({&g.batch_hess[0][0]}, n2))
        for (std::size_t i = 0; i < nvars; ++i) {
            expect("batched gradient (lane 0)", p.batch_grad[i], g.batch_grad[i]);
            for (std::size_t j = 0; j < nvars; ++j) expect("batched Hessian (lane 0)", p.batch_hess[i][j], g.batch_hess[i][j]);
        }
}

/// Check 8: lane 0 of the batched numbers against the one-point dual and hyper_dual, in the same
/// object: the same formulas lane by lane, <cmath> per lane (TINYDUAL_LANES_LIBM), so bit for bit,
/// up to the sign of a zero derivative (the safe policy's batched guard gives +0).
template <class T>
void check_batch(const results<T>& r) {
    if (!r.has_batch) return;
    if (!same(r.batch_value, r.dual_value)) fail("batched value (lane 0) differs from the dual value", "value", r.dual_value, r.batch_value);
    for (std::size_t i = 0; i < nvars; ++i) {
        if (!same(r.batch_grad[i], r.dual_grad[i]) && !(r.batch_grad[i] == 0 && r.dual_grad[i] == 0))
            fail("batched gradient (lane 0) differs from the dual gradient", "d/dx", r.dual_grad[i], r.batch_grad[i]);
        for (std::size_t j = 0; j < nvars; ++j)
            if (!same(r.batch_hess[i][j], r.hyper_hess[i][j]) && !(r.batch_hess[i][j] == 0 && r.hyper_hess[i][j] == 0))
                fail("batched Hessian (lane 0) differs from the hyper_dual Hessian", "d2/dxdx", r.hyper_hess[i][j],
                     r.batch_hess[i][j]);
    }
}

const char* var_name(std::size_t i) {
    static const char* const n[] = {"d/dx0", "d/dx1", "d/dx2"};
    return n[i];
}

/// Checks 2 and 3. Returns false when the value is not finite (nothing more to check).
template <class T>
bool check_values(const results<T>& r, T plain) {
    if (!same(r.dual_value, plain)) fail("dual value differs from plain evaluation", "value", plain, r.dual_value);
    if (!same(r.hyper_value, plain))
        fail("hyper_dual value differs from plain evaluation", "value", plain, r.hyper_value);
    if (!same(r.nested_value, plain))
        fail("nested dual value differs from plain evaluation", "value", plain, r.nested_value);
    return std::isfinite(plain);
}

template <class T>
constexpr long double rounding_tol() {
    return sizeof(T) == sizeof(float) ? 1e-4L : 1e-10L;
}

/// Two results a, b in T that may round differently: fine when close in T (relative to the
/// larger one or to floor); otherwise the same pair in long double (al, bl) decides. A rounding
/// difference shrinks there by the precision ratio (2^-11 from double, 2^-40 from float), a
/// wrong formula does not.
template <class T>
void check_confirmed(const char* what, const char* where, T a, T b, long double floor, long double al,
                     long double bl, long double floor_l) {
    if (!std::isfinite(a) || !std::isfinite(b) || !std::isfinite(al) || !std::isfinite(bl)) return;
    const long double d = std::fabs(static_cast<long double>(a) - b);
    if (d <= rounding_tol<T>() * std::fmax(floor, std::fmax(std::fabs(a), std::fabs(b)))) return;
    const long double dl = std::fabs(al - bl);
    if (dl > 0.01L * d && dl > 1e-12L * std::fmax(floor_l, std::fmax(std::fabs(al), std::fabs(bl)))) {
        if (std::is_same<T, long double>::value)
            std::fprintf(stderr, "in long double\n");
        else
            std::fprintf(stderr, "in %s; in long double: expected %.21Lg, got %.21Lg\n",
                         std::is_same<T, float>::value ? "float" : "double", al, bl);
        fail(what, where, a, b);
    }
}

/// The size of the terms that the chain rule adds up for each partial, in long double: every
/// operation's partial is sum_k c_k p_k (c_k the operation's derivative in argument k), and its
/// rounding error is at most a few ulps of sum_k |c_k| m_k. Where that bound is large against the
/// derivative, forward mode itself cancels (x / expm1(x) at x = 1e-300 gives 0 where the exact
/// derivative is -1/2: 1/x (1 - q e^x) with 1 - q e^x below the rounding) and no derivative
/// formula is to blame. Likewise for second partials, sum_k c_k p_kij + sum_kl c_kl p_ki p_lj:
/// sum_k |c_k| M_kij + sum_kl |c_kl| m_ki m_lj. The factors are the textbook derivatives, written
/// independently of math.hpp (only their size matters here; some are bounds, sin' as 1).
struct term_sizes {
    long double first[nvars];           // d/dx_i
    long double second[nvars][nvars];   // d2/dx_i dx_j
};

term_sizes term_size(const program& prog, const long double* x) {
    struct md {
        long double v;
        term_sizes t;
    };
    md st[max_stack + 1];
    std::size_t sp = 0;
    // A term with no incoming partial is absent, whatever its factor (0 * inf).
    const auto mul = [](long double c, long double m) { return m == 0 ? 0.0L : std::fabs(c) * m; };
    // r = sum_k c[k] a[k] (first order) + sum_kl c2[k][l] a[k] a[l] (second order), n arguments.
    const auto chain = [&](long double v, std::size_t n, const md* const* a, const long double* c,
                           const long double (*c2)[3]) {
        md r{v, {}};
        for (std::size_t i = 0; i < nvars; ++i) {
            for (std::size_t k = 0; k < n; ++k) r.t.first[i] += mul(c[k], a[k]->t.first[i]);
            for (std::size_t j = 0; j < nvars; ++j)
                for (std::size_t k = 0; k < n; ++k) {
                    r.t.second[i][j] += mul(c[k], a[k]->t.second[i][j]);
                    for (std::size_t l = 0; l < n; ++l)
                        r.t.second[i][j] += mul(c2[k][l], a[k]->t.first[i] * a[l]->t.first[j]);
                }
        }
        return r;
    };
    for (std::size_t k = 0; k < prog.size; ++k) {
        const instr in = prog.code[k];
        if (in.op < op_const) {
            st[sp] = {x[in.op], {}};
            st[sp++].t.first[in.op] = 1;
            continue;
        }
        if (in.op == op_const) {
            st[sp++] = {static_cast<long double>(in.constant), {}};
            continue;
        }
        if (in.op < first_binary) {
            md& a = st[sp - 1];
            const long double u = a.v;
            long double c = 0, cc = 0;
            switch (in.op) {
                case op_neg: case op_abs: case op_fabs: c = 1; break;
                case op_sqrt: c = 0.5L / std::sqrt(u); cc = c / (2 * u); break;
                case op_cbrt: c = 1 / (3 * std::cbrt(u) * std::cbrt(u)); cc = 2 * c / (3 * u); break;
                case op_exp: case op_expm1: c = cc = std::exp(u); break;
                case op_exp2: c = cc = std::exp2(u); break;
                case op_log: case op_log2: case op_log10: c = 1 / u; cc = c * c; break;
                case op_log1p: c = 1 / (1 + u); cc = c * c; break;
                case op_sin: case op_cos: case op_tanh: c = cc = 1; break;
                case op_tan: c = 1 + std::tan(u) * std::tan(u); cc = 2 * std::tan(u) * c; break;
                case op_asin: case op_acos: c = 1 / std::sqrt(std::fabs(1 - u * u)); cc = u * c * c * c; break;
                case op_atan: c = 1 / (1 + u * u); cc = 2 * u * c * c; break;
                case op_sinh: case op_cosh: c = cc = std::cosh(u); break;
                case op_asinh: c = 1 / std::sqrt(u * u + 1); cc = u * c * c * c; break;
                case op_acosh: c = 1 / std::sqrt(std::fabs(u * u - 1)); cc = u * c * c * c; break;
                case op_atanh: c = 1 / std::fabs(1 - u * u); cc = 2 * u * c * c; break;
                case op_erf: case op_erfc: c = 1.2L * std::exp(-u * u); cc = 2 * u * c; break;
                default: break;  // floor, ceil, round, trunc
            }
            const md* args[] = {&a};
            const long double c2[1][3] = {{cc}};
            a = chain(ops::unary(in.op, u), 1, args, &c, c2);
        } else if (in.op < first_ternary) {
            const md b = st[--sp];
            md& a = st[sp - 1];
            const long double u = a.v, w = b.v;
            long double c[2] = {0, 0}, c2[2][3] = {};
            switch (in.op) {
                case op_add: case op_sub: case op_add_eq: case op_sub_eq: c[0] = c[1] = 1; break;
                case op_mul: case op_mul_eq: c[0] = w; c[1] = u; c2[0][1] = c2[1][0] = 1; break;
                case op_div: case op_div_eq:
                    c[0] = 1 / w; c[1] = u / (w * w);
                    c2[0][1] = c2[1][0] = 1 / (w * w); c2[1][1] = 2 * c[1] / w;
                    break;
                case op_pow: {
                    const long double l = std::log(std::fabs(u));
                    c[0] = w * std::pow(u, w - 1); c[1] = std::pow(u, w) * l;
                    c2[0][0] = w * (w - 1) * std::pow(u, w - 2);
                    c2[0][1] = c2[1][0] = std::pow(u, w - 1) * (1 + w * l);
                    c2[1][1] = c[1] * l;
                    break;
                }
                case op_atan2: {
                    const long double r2 = u * u + w * w;
                    c[0] = c[1] = 1 / std::sqrt(r2);
                    c2[0][0] = c2[0][1] = c2[1][0] = c2[1][1] = 1 / r2;
                    break;
                }
                case op_hypot: {
                    const long double h = std::hypot(u, w);
                    c[0] = u / h; c[1] = w / h;
                    // The nested route differentiates a / h: (a / h)_a = 1/h - a^2/h^3, terms
                    // of size 1/h where their sum b^2/h^3 is far smaller (b << a).
                    c2[0][0] = (1 + c[0] * c[0]) / h; c2[1][1] = (1 + c[1] * c[1]) / h;
                    c2[0][1] = c2[1][0] = c[0] * c[1] / h;
                    break;
                }
                case op_fmin: case op_fmax: case op_min: case op_max: c[0] = c[1] = 1; break;
                case op_copysign: c[0] = 1; break;
                case op_fmod: c[0] = 1; c[1] = std::trunc(u / w); break;
                default: break;
            }
            const md* args[] = {&a, &b};
            a = chain(ops::binary<long double>(in.op, u, w), 2, args, c, c2);
        } else {
            const md cv = st[--sp];
            const md b = st[--sp];
            md& a = st[sp - 1];
            const md* args[] = {&a, &b, &cv};
            const long double c[3] = {b.v, a.v, 1};
            const long double c2[3][3] = {{0, 1, 0}, {1, 0, 0}, {0, 0, 0}};
            a = chain(std::fma(a.v, b.v, cv.v), 3, args, c, c2);
        }
    }
    return st[sp - 1].t;
}

/// Check 4. hyper_dual runs dual's very operations on the gradient: bit for bit. The nested levels
/// may take other overloads (a constant is a dual<T, 3> there, so 0.5 / x uses dual / dual,
/// whose partial is -(a (1/b)) (1/b), where dual<T, 3> computes -(a/b)/b): close, confirmed.
/// The floor is the size of the terms the chain rule added up (term_size, above): where they
/// cancel (d/dx1 of x0 / (x1 / (x1 / 8)) is 0 from terms of size 1) the two routes keep
/// different rounding noise, in long double too.
template <class T>
void check_gradients(const results<T>& r, const results<long double>& ld, const term_sizes& sizes) {
    const long double* terms = sizes.first;
    for (std::size_t i = 0; i < nvars; ++i) {
        if (!same(r.hyper_grad[i], r.dual_grad[i]))
            fail("hyper_dual gradient differs from dual gradient", var_name(i), r.dual_grad[i], r.hyper_grad[i]);
        check_confirmed("nested inner gradient differs from dual gradient", var_name(i), r.dual_grad[i],
                        r.nested_inner_grad[i], terms[i], ld.dual_grad[i], ld.nested_inner_grad[i], terms[i]);
        check_confirmed("nested outer gradient differs from dual gradient", var_name(i), r.dual_grad[i],
                        r.nested_outer_grad[i], terms[i], ld.dual_grad[i], ld.nested_outer_grad[i], terms[i]);
        // chunk<2>: the same operations lane by lane, but a variable may move between a SIMD
        // lane and a scalar tail, where a multiply-add is fused on one side only: confirmed
        check_confirmed("chunked gradient differs from dual gradient", var_name(i), r.dual_grad[i], r.chunk_grad[i],
                        terms[i], ld.dual_grad[i], ld.chunk_grad[i], terms[i]);
    }
}

/// Check 5: nested against hyper_dual second derivatives, relative to the larger result with a
/// floor: the chain rule's terms include f'' g g^T, whose rounding is absolute at the size of the
/// first-order terms (asin at x = 1e-309: f'' = x, the nested route computes it as -1 * 1 + 1 * 1
/// = 0). The floor is |g_i g_j|, the product of the first-order term sizes (term_size: in
/// x - atanh(atanh(atanh(x))) at x = 1e-309 the gradient itself cancels to 0 but its terms are
/// 1), and the term sizes themselves: the nested route differentiates each f' formula, whose own
/// rounding is relative to the first-order terms (x0 atanh(x1) at x1 = 1e-54: atanh' as
/// 1 / ((1 - x1)(1 + x1)), both factors round to 1 and their derivatives -1 and 1 cancel to 0,
/// where d2/dx1^2 = 2 x0 x1 = 1e-110; long double rounds the same way); and the second-order term
/// sizes (hypot(x, hypot(x, x)) = sqrt(3) x at x = 1e-72: d2/dx^2 = 0 from terms of size 1e72).
///
/// True where a pow's exponent is computed from the variables and its value is an integer, or
/// within 2^-40 of one, in long double: x^(x^x) at x = 1e-45, where x^x = 1 - 1e-43 rounds to 1
/// in every precision. pow's second partial b (b - 1) a^(b - 2) then loses its b - 1 = -1e-43
/// against a^-1 = 1e45: -102 absent from one route's sum and not from the other's (hyper_dual
/// 20843, nested 10267, exact 20740; long double rounds the same way, so it cannot confirm).
/// Input rounding amplified by 1/a, not a formula: the Hessian comparison is skipped there.
bool rounded_integer_exponent(const program& prog, const long double* x) {
    struct vd {
        long double v;
        bool computed;  // from the variables, through at least one operation
        bool variable;  // depends on a variable
    };
    vd st[max_stack + 1];
    std::size_t sp = 0;
    bool found = false;
    for (std::size_t k = 0; k < prog.size; ++k) {
        const instr in = prog.code[k];
        if (in.op < op_const) {
            st[sp++] = {x[in.op], false, true};
        } else if (in.op == op_const) {
            st[sp++] = {static_cast<long double>(in.constant), false, false};
        } else if (in.op < first_binary) {
            vd& a = st[sp - 1];
            a = {ops::unary(in.op, a.v), a.variable, a.variable};
        } else if (in.op < first_ternary) {
            const vd b = st[--sp];
            vd& a = st[sp - 1];
            if (in.op == op_pow && b.computed && std::isfinite(b.v) &&
                std::fabs(b.v - std::round(b.v)) <= 0x1p-40L * std::fabs(b.v))
                found = true;
            a = {ops::binary<long double>(in.op, a.v, b.v), a.variable || b.variable, a.variable || b.variable};
        } else {
            const vd c = st[--sp];
            const vd b = st[--sp];
            vd& a = st[sp - 1];
            const bool var = a.variable || b.variable || c.variable;
            a = {std::fma(a.v, b.v, c.v), var, var};
        }
    }
    return found;
}

template <class T>
void check_hessian(const program& prog, const long double* x, const results<T>& r, const results<long double>& ld,
                   const term_sizes& sizes) {
    if (rounded_integer_exponent(prog, x)) return;
    const long double* terms = sizes.first;
    for (std::size_t i = 0; i < nvars; ++i)
        for (std::size_t j = 0; j < nvars; ++j) {
            char where[32];
            std::snprintf(where, sizeof where, "d2/dx%zu dx%zu", i, j);
            const long double term_floor = std::fmax(std::fmax(terms[i] * terms[j], std::fmax(terms[i], terms[j])),
                                                     sizes.second[i][j]);
            const long double floor = std::fmax(std::fabs(static_cast<long double>(r.dual_grad[i]) * r.dual_grad[j]),
                                                term_floor);
            const long double floor_l = std::fmax(std::fabs(ld.dual_grad[i] * ld.dual_grad[j]), term_floor);
            check_confirmed("nested and hyper_dual second derivatives disagree", where, r.nested_hess[i][j],
                            r.hyper_hess[i][j], floor, ld.nested_hess[i][j], ld.hyper_hess[i][j], floor_l);
            // chunk<2>: nested duals of two directions per level, one pass per pair of blocks
            check_confirmed("chunked hessian differs from nested second derivatives", where, r.nested_hess[i][j],
                            r.chunk_hess[i][j], floor, ld.nested_hess[i][j], ld.chunk_hess[i][j], floor_l);
        }
}


/// Which instructions' results depend on variable i (dep[k]: the top of the stack after k).
void depends_on(const program& prog, std::size_t i, bool* dep) {
    bool st[max_stack + 1];
    std::size_t sp = 0;
    for (std::size_t k = 0; k < prog.size; ++k) {
        const std::uint8_t op = prog.code[k].op;
        if (op < op_const) {
            st[sp++] = op == i;
        } else if (op == op_const) {
            st[sp++] = false;
        } else if (op >= first_ternary) {
            sp -= 2;
            st[sp - 1] = st[sp - 1] || st[sp] || st[sp + 1];
        } else if (op >= first_binary) {
            --sp;
            st[sp - 1] = st[sp - 1] || st[sp];
        }
        dep[k] = st[sp - 1];
    }
}

/// Check 6: the long-double gradient against central differences where f is smooth.
void check_finite_differences(const program& prog, const results<long double>& ld, const term_sizes& sizes) {
    if (!std::isfinite(ld.dual_value)) return;
    long double x[nvars];
    for (std::size_t i = 0; i < nvars; ++i) x[i] = prog.x[i];
    for (std::size_t i = 0; i < nvars; ++i) {
        const long double g = ld.dual_grad[i];
        if (!std::isfinite(g)) continue;
        // Small against the point (a periodic function of a large argument keeps many steps per
        // period), large enough that long double's rounding stays 2^-44 of f relative.
        const long double h = 0x1p-20L * std::fmax(std::fabs(x[i]), 0x1p-6L);
        // Each evaluation also records which step of every floor, ceil, round, trunc and fmod
        // quotient, which quarter period of every sin, cos and tan, and which side of every
        // singular point or kink (x / y at y = 0, sqrt at 0, max at a tie) it is on (ops::steps).
        // It also records every intermediate result (ops::trace), to find where one that
        // depends on x_i stops changing over the stencil.
        bool same_steps = true;
        bool first = true;
        std::uint64_t steps_seen = 0;
        long double trace[max_ops], node_lo[max_ops], node_hi[max_ops];
        const auto f = [&](long double t) {
            long double v[nvars] = {x[0], x[1], x[2]};
            v[i] = x[i] + t;
            ops::steps = 0;
            ops::trace = trace;
            const long double r = run<long double, long double, long double>(prog, v);
            ops::trace = nullptr;
            same_steps = same_steps && (first || ops::steps == steps_seen);
            steps_seen = ops::steps;
            for (std::size_t k = 0; k < prog.size; ++k) {
                node_lo[k] = first ? trace[k] : std::fmin(node_lo[k], trace[k]);
                node_hi[k] = first ? trace[k] : std::fmax(node_hi[k], trace[k]);
            }
            first = false;
            return r;
        };
        // Two step sizes in an irrational ratio, so that a periodic function with a period far
        // below h (fmod(x0, 1e-40)) cannot alias into the same slope at both.
        const long double h2 = 0.6180339887498948482L * h;
        const long double at_h[5] = {f(-2 * h), f(-h), f(0), f(h), f(2 * h)};
        const long double at_h2[4] = {f(-2 * h2), f(-h2), f(h2), f(2 * h2)};
        long double s[9];
        bool finite = true;
        for (int k = 0; k < 9; ++k) {
            s[k] = k < 5 ? at_h[k] : at_h2[k - 5];
            finite = finite && std::isfinite(s[k]);
        }
        if (!finite) continue;
        // A jump of a piecewise-constant function inside the stencil (floor(x) with x ~ 1e14 is
        // a staircase finer than h), or a periodic one over more than a quarter period: the
        // differences see an average slope, not the derivative.
        if (!same_steps) continue;
        // A perturbation absorbed by rounding on the way: an intermediate result that depends on
        // x_i but does not visibly change over the stencil (|x0| - x2 with x0 = 1e-300 and
        // x2 = 3e197). Downstream the differences see no dependence where the chain rule,
        // exactly, does (through sin(|x0| - x2), cos(x2) * sign(x0)).
        bool dep[max_ops];
        depends_on(prog, i, dep);
        bool absorbed = false;
        for (std::size_t k = 0; k < prog.size; ++k)
            absorbed = absorbed || (dep[k] && node_hi[k] - node_lo[k] <=
                                                  1e-10L * std::fmax(std::fabs(node_lo[k]), std::fabs(node_hi[k])));
        if (absorbed) continue;
        // 5-point central differences with steps h and h2, and second-order one-sided ones.
        const long double c1 = (-at_h[4] + 8 * at_h[3] - 8 * at_h[1] + at_h[0]) / (12 * h);
        const long double c2 = (-at_h2[3] + 8 * at_h2[2] - 8 * at_h2[1] + at_h2[0]) / (12 * h2);
        const long double fw = (-at_h[4] + 4 * at_h[3] - 3 * at_h[2]) / (2 * h);
        const long double bw = (3 * at_h[2] - 4 * at_h[1] + at_h[0]) / (2 * h);
        long double mag = 0, lo = s[0], hi = s[0];
        for (long double v : s) {
            mag = std::fmax(mag, std::fabs(v));
            lo = std::fmin(lo, v);
            hi = std::fmax(hi, v);
        }
        // f does not visibly change over the stencil (log2(erf(8)): erf rounds to 1): the
        // differences cannot resolve the derivative.
        if (hi - lo <= 1e-10L * mag) continue;
        // The scale of a derivative here: the central estimate, or f's size over the step (the
        // size of the rounding noise of the differences).
        const long double scale = std::fmax(std::fabs(c2), 1e-12L * mag / h);
        if (std::fabs(c1 - c2) > 1e-7L * scale) continue;  // not smooth at the scale of h
        if (std::fabs(fw - c2) > 1e-4L * scale || std::fabs(bw - c2) > 1e-4L * scale) continue;  // a kink
        // The chain rule's own rounding: 48 operations at most, a few ulps each.
        const long double ad_noise = 256 * std::numeric_limits<long double>::epsilon() * sizes.first[i];
        const long double tol = 1e-6L * scale + 16 * std::fabs(c1 - c2) + ad_noise;
        if (std::fabs(g - c2) > tol) {
            std::fprintf(stderr, "central differences: step h %.6Lg: %.21Lg, step 0.618 h: %.21Lg; one-sided %.21Lg, %.21Lg\n",
                         h, c1, c2, fw, bw);
            fail("long-double gradient differs from central differences", var_name(i), c2, g);
        }
    }
}

template <class T>
void check(const program& input) {
    // The point and the constants rounded to T once, so that every evaluation, long double
    // included, sees the same numbers.
    static program prog;
    prog = input;
    for (double& v : prog.x) v = static_cast<double>(static_cast<T>(v));
    for (std::size_t k = 0; k < prog.size; ++k)
        prog.code[k].constant = static_cast<double>(static_cast<T>(prog.code[k].constant));
    current = &prog;
    T x[nvars];
    for (std::size_t i = 0; i < nvars; ++i) x[i] = static_cast<T>(prog.x[i]);
    ops::kink = false;
    ops::nan_sign = false;
    const T plain = run<T, T, T>(prog, x);
    const bool kink = ops::kink;
    static results<T> rx, rp, rg;
    static results<long double> rl;
    eval_xsimd(prog, rx);
    eval_plain(prog, rp);
    eval_guarded(prog, rg);
    compare_backends(rx, rp);
    check_drivers(rx);
    check_drivers(rp);
    if (ops::nan_sign) return;
    check_guarded(rp, rg);
    check_batch(rx);
    check_batch(rp);
    if (!check_values(rp, plain) || !check_values(rx, plain)) return;
    eval_plain(prog, rl);
    long double xl[nvars] = {prog.x[0], prog.x[1], prog.x[2]};
    ops::kink = false;
    ops::nan_sign = false;
    const long double plain_l = run<long double, long double, long double>(prog, xl);
    // Long double can meet a tie of +0 and -0 where T did not (cosh(cosh(-8)) overflows float,
    // not long double): the sign of that zero is unspecified there too.
    if (ops::nan_sign) return;
    if (!check_values(rl, plain_l)) return;
    // At a function's own kink or singular point the library's edge policy decides, and the
    // number types may legitimately differ (acos(cosh(x)) at 0: dual gives 0 * -inf = 0 by the
    // zero-partial rule, the nested outer level NaN, its incoming partial carrying a nonzero
    // second-order part). Only the checks above apply there.
    if (kink || ops::kink) return;
    const term_sizes terms = term_size(prog, xl);
    check_gradients(rp, rl, terms);
    check_gradients(rl, rl, terms);
    check_hessian(prog, xl, rp, rl, terms);
    check_finite_differences(prog, rl, terms);
}

}  // namespace
}  // namespace fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static fuzz::program prog;
    if (!fuzz::decode(data, size, prog)) return 0;
    if (prog.is_double)
        fuzz::check<double>(prog);
    else
        fuzz::check<float>(prog);
    fuzz::current = nullptr;
    return 0;
}
