// tinydual accuracy report: for each one-argument math function (and pow, atan2, hypot along
// one argument, the other a constant), the largest error of the value,
// the first and the second derivative that hyper_dual<T, 1> computes (and, in a second table,
// hyper_dual<lanes<T, K>, 1>: batched numbers), in ulps of T, against
// long-double closed forms of f, f' and f'', over samples of the function's domain (uniform and
// log-spaced, both signs where the domain has them). Prints a markdown table.
//
//   tinydual_accuracy            quick: 2000 samples per range; fails (exit 1) if a value is not
//                                bit-equal to <cmath> or a derivative is off by more than
//                                max_derivative_ulps (a wrong formula, not rounding)
//   tinydual_accuracy --full     200000 samples per range (the table in README, "Numerical accuracy")
//   tinydual_accuracy --samples N
//
// The reference is long double (x87 80-bit on x86-64: 11 more bits than double), so the
// reported double errors carry about 1/2000 ulp of reference error; on targets where long
// double is double the double column means nothing (the program says so and does not fail).
// Errors are |got - ref| / ulp(ref) with ulp(ref) the spacing of T at ref (subnormal spacing
// below the normal range). Samples where f, f' or f'' overflows T or is infinite are skipped;
// those are the edge policy's business (tests/math.test.cpp), not accuracy.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include <tinydual/batch.hpp>
#include <tinydual/tinydual.hpp>

namespace {

using ld = long double;

struct ref3 {
    ld f, d1, d2;
};

// ---- long-double closed forms: f, f', f'' ----
using ref_fn = ref3 (*)(ld);
ref3 r_sqrt(ld x) { const ld s = std::sqrt(x); return {s, 0.5L / s, -0.25L / (s * x)}; }
ref3 r_cbrt(ld x) { const ld c = std::cbrt(x); return {c, 1 / (3 * c * c), -2 / (9 * c * c * x)}; }
ref3 r_exp(ld x) { const ld e = std::exp(x); return {e, e, e}; }
ref3 r_exp2(ld x) {
    const ld e = std::exp2(x), l = 0.693147180559945309417232121458176568L;
    return {e, l * e, l * l * e};
}
ref3 r_expm1(ld x) { const ld e = std::exp(x); return {std::expm1(x), e, e}; }
ref3 r_log(ld x) { return {std::log(x), 1 / x, -1 / (x * x)}; }
ref3 r_log2(ld x) {
    const ld l = 0.693147180559945309417232121458176568L;
    return {std::log2(x), 1 / (x * l), -1 / (x * x * l)};
}
ref3 r_log10(ld x) {
    const ld l = 2.30258509299404568401799145468436421L;
    return {std::log10(x), 1 / (x * l), -1 / (x * x * l)};
}
ref3 r_log1p(ld x) { const ld u = 1 + x; return {std::log1p(x), 1 / u, -1 / (u * u)}; }
ref3 r_sin(ld x) { return {std::sin(x), std::cos(x), -std::sin(x)}; }
ref3 r_cos(ld x) { return {std::cos(x), -std::sin(x), -std::cos(x)}; }
ref3 r_tan(ld x) {
    const ld c = std::cos(x), t = std::tan(x);
    return {t, 1 / (c * c), 2 * t / (c * c)};
}
ref3 r_asin(ld x) {
    const ld w = (1 - x) * (1 + x);
    return {std::asin(x), 1 / std::sqrt(w), x / (w * std::sqrt(w))};
}
ref3 r_acos(ld x) {
    const ld w = (1 - x) * (1 + x);
    return {std::acos(x), -1 / std::sqrt(w), -x / (w * std::sqrt(w))};
}
ref3 r_atan(ld x) { const ld w = 1 + x * x; return {std::atan(x), 1 / w, -2 * x / (w * w)}; }
ref3 r_sinh(ld x) { return {std::sinh(x), std::cosh(x), std::sinh(x)}; }
ref3 r_cosh(ld x) { return {std::cosh(x), std::sinh(x), std::cosh(x)}; }
ref3 r_tanh(ld x) {
    const ld c = std::cosh(x), t = std::tanh(x);
    return {t, 1 / (c * c), -2 * t / (c * c)};
}
ref3 r_asinh(ld x) { const ld w = x * x + 1; return {std::asinh(x), 1 / std::sqrt(w), -x / (w * std::sqrt(w))}; }
ref3 r_acosh(ld x) {
    const ld w = (x - 1) * (x + 1);
    return {std::acosh(x), 1 / std::sqrt(w), -x / (w * std::sqrt(w))};
}
ref3 r_atanh(ld x) { const ld w = (1 - x) * (1 + x); return {std::atanh(x), 1 / w, 2 * x / (w * w)}; }
ref3 r_erf(ld x) {
    const ld d = 1.12837916709551257389615890312154517L * std::exp(-x * x);
    return {std::erf(x), d, -2 * x * d};
}
ref3 r_erfc(ld x) {
    const ld d = -1.12837916709551257389615890312154517L * std::exp(-x * x);
    return {std::erfc(x), d, -2 * x * d};
}

// Two-argument functions along one argument, the other a constant (their (number, scalar) and
// (scalar, number) overloads): f, f', f'' in the variable.
ref3 r_pow_x_2p5(ld x) { return {std::pow(x, 2.5L), 2.5L * std::pow(x, 1.5L), 3.75L * std::pow(x, 0.5L)}; }
ref3 r_pow_x_m1p5(ld x) { return {std::pow(x, -1.5L), -1.5L * std::pow(x, -2.5L), 3.75L * std::pow(x, -3.5L)}; }
ref3 r_pow_2p5_x(ld x) {
    const ld f = std::pow(2.5L, x), l = std::log(2.5L);
    return {f, l * f, l * l * f};
}
ref3 r_atan2_x_1p5(ld x) {
    const ld w = x * x + 2.25L;
    return {std::atan2(x, 1.5L), 1.5L / w, -3 * x / (w * w)};
}
ref3 r_atan2_1p5_x(ld x) {
    const ld w = x * x + 2.25L;
    return {std::atan2(1.5L, x), -1.5L / w, 3 * x / (w * w)};
}
ref3 r_hypot_x_1p5(ld x) {
    const ld h = std::hypot(x, 1.5L);
    return {h, x / h, 2.25L / (h * h * h)};
}

// ---- the library, and <cmath> in T, by function name ----
enum fn_id { f_sqrt, f_cbrt, f_exp, f_exp2, f_expm1, f_log, f_log2, f_log10, f_log1p, f_sin, f_cos, f_tan, f_asin,
             f_acos, f_atan, f_sinh, f_cosh, f_tanh, f_asinh, f_acosh, f_atanh, f_erf, f_erfc, f_pow_x_2p5,
             f_pow_x_m1p5, f_pow_2p5_x, f_atan2_x_1p5, f_atan2_1p5_x, f_hypot_x_1p5 };

/// f(x) for a number x (plain T, or hyper_dual<T, 1>); S is the scalar type T.
template <class S, class X>
X apply(fn_id id, const X& x) {
    using std::pow; using std::atan2; using std::hypot;
    using std::sqrt; using std::cbrt; using std::exp; using std::exp2; using std::expm1; using std::log;
    using std::log2; using std::log10; using std::log1p; using std::sin; using std::cos; using std::tan;
    using std::asin; using std::acos; using std::atan; using std::sinh; using std::cosh; using std::tanh;
    using std::asinh; using std::acosh; using std::atanh; using std::erf; using std::erfc;
    switch (id) {
        case f_sqrt: return sqrt(x);
        case f_cbrt: return cbrt(x);
        case f_exp: return exp(x);
        case f_exp2: return exp2(x);
        case f_expm1: return expm1(x);
        case f_log: return log(x);
        case f_log2: return log2(x);
        case f_log10: return log10(x);
        case f_log1p: return log1p(x);
        case f_sin: return sin(x);
        case f_cos: return cos(x);
        case f_tan: return tan(x);
        case f_asin: return asin(x);
        case f_acos: return acos(x);
        case f_atan: return atan(x);
        case f_sinh: return sinh(x);
        case f_cosh: return cosh(x);
        case f_tanh: return tanh(x);
        case f_asinh: return asinh(x);
        case f_acosh: return acosh(x);
        case f_atanh: return atanh(x);
        case f_erf: return erf(x);
        case f_erfc: return erfc(x);
        case f_pow_x_2p5: return pow(x, S(2.5));
        case f_pow_x_m1p5: return pow(x, S(-1.5));
        case f_pow_2p5_x: return pow(S(2.5), x);
        case f_atan2_x_1p5: return atan2(x, S(1.5));
        case f_atan2_1p5_x: return atan2(S(1.5), x);
        default: return hypot(x, S(1.5));
    }
}

/// A sampled range: [lo, hi] uniformly, plus log-spaced magnitudes in [lo_mag, hi_mag] with the
/// signs the domain allows (0 disables the log-spaced part).
struct range {
    ld lo, hi;
    ld lo_mag, hi_mag;
    bool positive, negative;
};

struct function {
    const char* name;
    fn_id id;
    ref_fn ref;
    range r;
    const char* domain;  // for the table
};

const function functions[] = {
    {"sqrt", f_sqrt, r_sqrt, {0, 100, 1e-30L, 1e30L, true, false}, "(0, 1e30]"},
    {"cbrt", f_cbrt, r_cbrt, {-100, 100, 1e-30L, 1e30L, true, true}, "+-[1e-30, 1e30]"},
    {"exp", f_exp, r_exp, {-80, 80, 1e-20L, 80, true, true}, "[-80, 80]"},
    {"exp2", f_exp2, r_exp2, {-120, 120, 1e-20L, 120, true, true}, "[-120, 120]"},
    {"expm1", f_expm1, r_expm1, {-80, 80, 1e-20L, 80, true, true}, "[-80, 80]"},
    {"log", f_log, r_log, {0, 100, 1e-30L, 1e30L, true, false}, "(0, 1e30]"},
    {"log2", f_log2, r_log2, {0, 100, 1e-30L, 1e30L, true, false}, "(0, 1e30]"},
    {"log10", f_log10, r_log10, {0, 100, 1e-30L, 1e30L, true, false}, "(0, 1e30]"},
    {"log1p", f_log1p, r_log1p, {-0.999L, 100, 1e-20L, 1e30L, true, true}, "(-1, 1e30]"},
    {"sin", f_sin, r_sin, {-10, 10, 1e-20L, 1e4L, true, true}, "+-[1e-20, 1e4]"},
    {"cos", f_cos, r_cos, {-10, 10, 1e-20L, 1e4L, true, true}, "+-[1e-20, 1e4]"},
    {"tan", f_tan, r_tan, {-1.5L, 1.5L, 1e-20L, 1e4L, true, true}, "+-[1e-20, 1e4]"},
    {"asin", f_asin, r_asin, {-0.999L, 0.999L, 1e-20L, 0.999L, true, true}, "[-0.999, 0.999]"},
    {"acos", f_acos, r_acos, {-0.999L, 0.999L, 1e-20L, 0.999L, true, true}, "[-0.999, 0.999]"},
    {"atan", f_atan, r_atan, {-100, 100, 1e-20L, 1e15L, true, true}, "+-[1e-20, 1e15]"},
    {"sinh", f_sinh, r_sinh, {-80, 80, 1e-20L, 80, true, true}, "[-80, 80]"},
    {"cosh", f_cosh, r_cosh, {-80, 80, 1e-20L, 80, true, true}, "[-80, 80]"},
    {"tanh", f_tanh, r_tanh, {-20, 20, 1e-20L, 40, true, true}, "[-40, 40]"},
    {"asinh", f_asinh, r_asinh, {-100, 100, 1e-20L, 1e15L, true, true}, "+-[1e-20, 1e15]"},
    {"acosh", f_acosh, r_acosh, {1.001L, 100, 1.001L, 1e15L, true, false}, "[1.001, 1e15]"},
    {"atanh", f_atanh, r_atanh, {-0.999L, 0.999L, 1e-20L, 0.999L, true, true}, "[-0.999, 0.999]"},
    {"erf", f_erf, r_erf, {-6, 6, 1e-20L, 6, true, true}, "[-6, 6]"},
    {"erfc", f_erfc, r_erfc, {-6, 9, 1e-20L, 9, true, true}, "[-6, 9]"},
    {"pow(x, 2.5)", f_pow_x_2p5, r_pow_x_2p5, {0, 100, 1e-20L, 1e20L, true, false}, "(0, 1e20]"},
    {"pow(x, -1.5)", f_pow_x_m1p5, r_pow_x_m1p5, {0, 100, 1e-10L, 1e20L, true, false}, "[1e-10, 1e20]"},
    {"pow(2.5, x)", f_pow_2p5_x, r_pow_2p5_x, {-80, 80, 1e-20L, 80, true, true}, "[-80, 80]"},
    {"atan2(x, 1.5)", f_atan2_x_1p5, r_atan2_x_1p5, {-100, 100, 1e-20L, 1e15L, true, true}, "+-[1e-20, 1e15]"},
    {"atan2(1.5, x)", f_atan2_1p5_x, r_atan2_1p5_x, {-100, 100, 1e-20L, 1e15L, true, true}, "+-[1e-20, 1e15]"},
    {"hypot(x, 1.5)", f_hypot_x_1p5, r_hypot_x_1p5, {-100, 100, 1e-20L, 1e15L, true, true}, "+-[1e-20, 1e15]"},
};

/// Spacing of T at |v| (the subnormal spacing below the normal range).
template <class T>
ld ulp_of(ld v) {
    constexpr int digits = std::numeric_limits<T>::digits;
    constexpr int min_exp = std::numeric_limits<T>::min_exponent;
    int e = 0;
    std::frexp(v, &e);
    if (v == 0 || e < min_exp) e = min_exp;
    return std::ldexp(1.0L, e - digits);
}
template <class T>
ld ulps(T got, ld ref) {
    if (std::isnan(got)) return std::numeric_limits<ld>::infinity();
    return std::fabs(static_cast<ld>(got) - ref) / ulp_of<T>(ref);
}
template <class T>
bool representable(ld v) {
    return std::isfinite(v) && std::fabs(v) <= static_cast<ld>(std::numeric_limits<T>::max());
}

struct worst {
    ld value = 0, d1 = 0, d2 = 0;
    ld at_value = 0, at_d1 = 0, at_d2 = 0;
    // the same with batched numbers: hyper_dual<lanes<T, K>, 1>, the sample in every lane
    ld batch_value = 0, batch_d1 = 0, batch_d2 = 0;
    long samples = 0;
    long not_cmath = 0;  // values not bit-equal to <cmath> in T
};

template <class T>
void measure(const function& fn, ld x_in, worst& w) {
    const T x = static_cast<T>(x_in);
    const ld xl = static_cast<ld>(x);
    const ref3 r = fn.ref(xl);
    if (!representable<T>(r.f) || !representable<T>(r.d1) || !representable<T>(r.d2)) return;
    using H = tinydual::hyper_dual<T, 1>;
    const H y = apply<T>(fn.id, H::variable(x, 0));
    const T plain = apply<T>(fn.id, x);
    if (!(y.value() == plain || (std::isnan(y.value()) && std::isnan(plain))) ||
        std::signbit(y.value()) != std::signbit(plain))
        ++w.not_cmath;
    ++w.samples;
    const ld ev = ulps(y.value(), r.f), e1 = ulps(y.partial(0), r.d1), e2 = ulps(y.second_partial(0, 0), r.d2);
    if (ev > w.value) { w.value = ev; w.at_value = xl; }
    if (e1 > w.d1) { w.d1 = e1; w.at_d1 = xl; }
    if (e2 > w.d2) { w.d2 = e2; w.at_d2 = xl; }
    using L = tinydual::lanes<T, tinydual::batch::default_lanes<T>>;
    using HB = tinydual::hyper_dual<L, 1>;
    const HB yb = apply<L>(fn.id, HB::variable(L(x), 0));
    for (std::size_t k = 0; k < L::size(); ++k) {
        w.batch_value = std::fmax(w.batch_value, ulps(yb.value()[k], r.f));
        w.batch_d1 = std::fmax(w.batch_d1, ulps(yb.partial(0)[k], r.d1));
        w.batch_d2 = std::fmax(w.batch_d2, ulps(yb.second_partial(0, 0)[k], r.d2));
    }
}

template <class T>
worst sweep(const function& fn, long n) {
    worst w;
    const range& r = fn.r;
    for (long k = 0; k <= n; ++k) measure<T>(fn, r.lo + (r.hi - r.lo) * k / n, w);
    if (r.lo_mag > 0) {
        const ld a = std::log(r.lo_mag), b = std::log(r.hi_mag);
        for (long k = 0; k <= n; ++k) {
            const ld m = std::exp(a + (b - a) * k / n);
            if (r.positive) measure<T>(fn, m, w);
            if (r.negative) measure<T>(fn, -m, w);
        }
    }
    return w;
}

void print_ulps(ld u) {
    if (std::isinf(u))
        std::printf(" NaN |");
    else if (u < 10)
        std::printf(" %.2Lf |", u);
    else
        std::printf(" %.3Lg |", u);
}

}  // namespace

int main(int argc, char** argv) {
    long n = 2000;
    bool full = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--full") == 0) {
            n = 200000;
            full = true;
        } else if (std::strcmp(argv[i], "--samples") == 0 && i + 1 < argc) {
            n = std::atol(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: %s [--full | --samples N]\n", argv[0]);
            return 2;
        }
    }
    // A derivative off by more than this many ulps anywhere in the sampled domain is a wrong
    // formula rather than rounding (the worst rounding measured is a few hundred ulps, in f''
    // where it is computed from an already rounded f' or argument square).
    const ld max_derivative_ulps = 1e5L;
    const bool ld_is_wider = std::numeric_limits<ld>::digits > std::numeric_limits<double>::digits;

    std::printf("Backend: %s. Samples per range: %ld uniform + %ld log-spaced per sign. Max error in ulps of T "
                "against long double (%d-bit mantissa)%s.\n\n",
                tinydual::simd::backend_name(), n + 1, n + 1, std::numeric_limits<ld>::digits,
                ld_is_wider ? "" : " (NOT wider than double: the double columns are not meaningful)");
    std::printf("| function | domain sampled | float f | float f' | float f'' | double f | double f' | double f'' |\n");
    std::printf("|---|---|---:|---:|---:|---:|---:|---:|\n");
    bool ok = true;
    constexpr std::size_t count = sizeof(functions) / sizeof(functions[0]);
    static worst float_worst[count], double_worst[count];
    for (std::size_t i = 0; i < count; ++i) {
        const function& fn = functions[i];
        const worst wf = float_worst[i] = sweep<float>(fn, n);
        const worst wd = double_worst[i] = sweep<double>(fn, n);
        std::printf("| %s | %s |", fn.name, fn.domain);
        print_ulps(wf.value); print_ulps(wf.d1); print_ulps(wf.d2);
        print_ulps(wd.value); print_ulps(wd.d1); print_ulps(wd.d2);
        std::printf("\n");
        if (wf.not_cmath || wd.not_cmath) {
            std::fprintf(stderr, "%s: %ld float and %ld double values differ from <cmath>\n", fn.name, wf.not_cmath,
                         wd.not_cmath);
            ok = false;
        }
        const auto check = [&](const char* t, ld e, ld at, const char* what) {
            if (!(e <= max_derivative_ulps) && (ld_is_wider || t[0] == 'f')) {
                std::fprintf(stderr, "%s %s: %s error %.3Lg ulps at x = %.21Lg\n", fn.name, t, what, e, at);
                ok = false;
            }
        };
        check("float", wf.d1, wf.at_d1, "f'");
        check("float", wf.d2, wf.at_d2, "f''");
        check("double", wd.d1, wd.at_d1, "f'");
        check("double", wd.d2, wd.at_d2, "f''");
        check("batched float", wf.batch_d1, 0, "f'");
        check("batched float", wf.batch_d2, 0, "f''");
        check("batched double", wd.batch_d1, 0, "f'");
        check("batched double", wd.batch_d2, 0, "f''");
        if (full)
            std::fprintf(stderr, "%s worst at: float f' %.9Lg, f'' %.9Lg; double f' %.17Lg, f'' %.17Lg\n", fn.name,
                         wf.at_d1, wf.at_d2, wd.at_d1, wd.at_d2);
    }
    // Batched numbers: with xsimd, lanes use xsimd's vectorized functions for the value and the
    // derivative formulas (lanes.hpp); plain lanes and TINYDUAL_LANES_LIBM use <cmath> per lane.
    std::printf("\nBatched numbers, hyper_dual<lanes<T, K>, 1> (K = %zu float, %zu double; %s math):\n\n",
                tinydual::batch::default_lanes<float>, tinydual::batch::default_lanes<double>,
                tinydual::lanes_vectorized_math ? "xsimd's vectorized" : "<cmath>, lane by lane,");
    std::printf("| function | float f | float f' | float f'' | double f | double f' | double f'' |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
    for (std::size_t i = 0; i < count; ++i) {
        std::printf("| %s |", functions[i].name);
        print_ulps(float_worst[i].batch_value); print_ulps(float_worst[i].batch_d1); print_ulps(float_worst[i].batch_d2);
        print_ulps(double_worst[i].batch_value); print_ulps(double_worst[i].batch_d1); print_ulps(double_worst[i].batch_d2);
        std::printf("\n");
    }
    std::printf("\n%s\n", ok ? "values bit-equal to <cmath>; derivative errors within bounds"
                             : "FAILED: see the messages on stderr");
    return ok ? 0 : 1;
}
