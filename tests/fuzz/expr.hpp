// Differential fuzzing of tinydual: the expression language shared by the fuzz target and the
// per-backend evaluators. No tinydual header here: this file is included by translation units
// compiled with different storage backends (see eval_backend.cpp).
//
// Input bytes (every byte string is valid; running out of bytes ends the program):
//   byte 0        bit 0: 0 = float, 1 = double
//   3 numbers     the variables x0, x1, x2 (see decode_number)
//   op bytes      a stack program, at most max_ops operations (see opcode)
// A number: one byte b; b < 0x80 gives (b - 64) / 8 (grid -8 .. 7.875, hitting 0, +-0.5, +-1,
// the domain edges); b >= 0x80 gives the next 8 bytes as the bit pattern of a double (any value,
// NaN and Inf included), converted to the evaluation type.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace fuzz {

constexpr std::size_t nvars = 3;
constexpr std::size_t max_ops = 48;
constexpr std::size_t max_stack = 12;

enum opcode : std::uint8_t {
    // leaves
    op_var0, op_var1, op_var2, op_const,
    // unary
    op_neg, op_abs, op_fabs, op_sqrt, op_cbrt, op_exp, op_exp2, op_expm1, op_log, op_log2, op_log10, op_log1p,
    op_sin, op_cos, op_tan, op_asin, op_acos, op_atan, op_sinh, op_cosh, op_tanh, op_asinh, op_acosh, op_atanh,
    op_erf, op_erfc, op_floor, op_ceil, op_round, op_trunc,
    // binary
    op_add, op_sub, op_mul, op_div, op_add_eq, op_sub_eq, op_mul_eq, op_div_eq,
    op_pow, op_atan2, op_hypot, op_fmin, op_fmax, op_min, op_max, op_copysign, op_fmod,
    // ternary
    op_fma,
    op_count
};
constexpr std::uint8_t first_unary = op_neg, first_binary = op_add, first_ternary = op_fma;

inline const char* op_name(std::uint8_t op) {
    static const char* const names[op_count] = {
        "x0", "x1", "x2", "const", "neg", "abs", "fabs", "sqrt", "cbrt", "exp", "exp2", "expm1", "log", "log2",
        "log10", "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh",
        "atanh", "erf", "erfc", "floor", "ceil", "round", "trunc", "+", "-", "*", "/", "+=", "-=", "*=", "/=",
        "pow", "atan2", "hypot", "fmin", "fmax", "min", "max", "copysign", "fmod", "fma"};
    return op < op_count ? names[op] : "?";
}

struct instr {
    std::uint8_t op;
    double constant;  // op_const only
};

struct program {
    bool is_double = false;
    double x[nvars] = {0, 0, 0};
    instr code[max_ops];
    std::size_t size = 0;
};

struct reader {
    const std::uint8_t* p;
    std::size_t n;
    bool byte(std::uint8_t& b) {
        if (n == 0) return false;
        b = *p++;
        --n;
        return true;
    }
    bool number(double& v) {
        std::uint8_t b;
        if (!byte(b)) return false;
        if (b < 0x80) {
            v = (b - 64) / 8.0;
            return true;
        }
        if (n < 8) {  // a short tail: the small grid value of the low bits
            v = ((b & 0x7f) - 64) / 8.0;
            return true;
        }
        std::uint64_t bits;
        std::memcpy(&bits, p, 8);
        p += 8;
        n -= 8;
        std::memcpy(&v, &bits, 8);
        return true;
    }
};

/// Decodes bytes into a program whose stack discipline is valid: operations that would pop more
/// than the stack holds, or push beyond max_stack, are dropped. Returns false for an empty program.
inline bool decode(const std::uint8_t* data, std::size_t size, program& prog) {
    reader r{data, size};
    std::uint8_t b;
    if (!r.byte(b)) return false;
    prog.is_double = (b & 1) != 0;
    for (std::size_t i = 0; i < nvars; ++i)
        if (!r.number(prog.x[i])) return false;
    std::size_t depth = 0;
    prog.size = 0;
    while (prog.size < max_ops && r.byte(b)) {
        instr in{static_cast<std::uint8_t>(b % op_count), 0.0};
        if (in.op < first_unary) {
            if (depth == max_stack) continue;
            if (in.op == op_const && !r.number(in.constant)) break;
            ++depth;
        } else if (in.op < first_binary) {
            if (depth < 1) continue;
        } else if (in.op < first_ternary) {
            if (depth < 2) continue;
            depth -= 1;
        } else {
            if (depth < 3) continue;
            depth -= 2;
        }
        prog.code[prog.size++] = in;
    }
    return depth > 0;
}

/// A stack slot: a number of type V, or a constant of the evaluation's scalar type C (kept apart
/// so that binary functions are called with their (number, scalar) and (scalar, number) overloads).
template <class V, class C>
struct slot {
    V v;
    C c;
    bool is_const;
};

// The operations, found by argument-dependent lookup for tinydual types and from <cmath> for
// plain floating point.
namespace ops {
using std::abs; using std::fabs; using std::sqrt; using std::cbrt; using std::exp; using std::exp2; using std::expm1;
using std::log; using std::log2; using std::log10; using std::log1p; using std::sin; using std::cos; using std::tan;
using std::asin; using std::acos; using std::atan; using std::sinh; using std::cosh; using std::tanh;
using std::asinh; using std::acosh; using std::atanh; using std::erf; using std::erfc; using std::floor;
using std::ceil; using std::round; using std::trunc; using std::pow; using std::atan2; using std::hypot;
using std::fmin; using std::fmax; using std::copysign; using std::fmod; using std::fma;

/// Set by plain floating-point evaluation when some function is evaluated exactly where it is not
/// differentiable (a kink, a jump, a tie of min/max, a zero argument of copysign or hypot, an
/// infinite derivative): there the library applies its edge policy (api: "Edge behaviour"), which
/// may differ from the derivative of the composed function (copysign(x, x) at 0 has derivative 1,
/// the policy gives 0), so derivatives are not compared with finite differences.
inline bool kink = false;
/// Set when copysign takes the sign of a NaN, or min/max/fmin/fmax meet +0 and -0: IEEE 754
/// leaves the sign of most NaN results, and the zero fmax(+0, -0) returns, unspecified, so from
/// there on values may differ.
inline bool nan_sign = false;
/// A fingerprint of the outputs of the piecewise-constant functions (floor, ceil, round, trunc,
/// and fmod's quotient), of the quarter period of each sin, cos and tan argument, and of the side
/// of each singular point or kink an argument is on (note_side), in plain floating-point
/// evaluation. Finite differences are compared only where it is the same at every
/// point of the stencil: floor of a large argument is a staircase finer than any step, which
/// differences see as a slope.
inline std::uint64_t steps = 0;
/// Where plain floating-point evaluation records the value of every instruction's result (the
/// top of the stack after instruction k goes to trace[k]); null: not recorded. Finite differences
/// use it to find a perturbation absorbed by rounding on the way (see fuzz_diff.cpp).
inline long double* trace = nullptr;
template <class A>
void note_step(A out) {
    const auto mix = [](std::uint64_t v) { steps = (steps ^ v) * 1099511628211ULL; };
    if (!std::isfinite(out)) {
        mix(std::isnan(out) ? 1 : out > 0 ? 2 : 3);
        return;
    }
    int e = 0;
    const long double m = std::frexp(static_cast<long double>(out), &e);
    mix(static_cast<std::uint64_t>(static_cast<std::int64_t>(e)));
    mix(static_cast<std::uint64_t>(static_cast<std::int64_t>(std::ldexp(m, 62))));
}
/// The side of a function's singular point or kink an argument is on (below, at, above): a
/// stencil that crosses one (x1 / x0 at x0 = -1e-238, steps of 1e-8) sees no derivative.
template <class A>
void note_side(A v) {
    steps = (steps ^ (v < 0 ? 0x51ULL : v > 0 ? 0x52ULL : 0x53ULL)) * 1099511628211ULL;
}
template <class A>
void note_kinks(std::uint8_t op, const A& a) {
    if constexpr (std::is_floating_point<A>::value) {
        switch (op) {
            case op_abs: case op_fabs: case op_sqrt: case op_cbrt: kink |= a == 0; note_side(a); break;
            case op_log: case op_log2: case op_log10: note_side(a); break;
            case op_log1p: note_side(a + 1); break;
            case op_asin: case op_acos: case op_atanh:
                kink |= std::fabs(a) == 1;
                note_side(a - 1);
                note_side(a + 1);
                break;
            case op_acosh: kink |= a == 1; note_side(a - 1); break;
            // The quarter period a trigonometric function is in: over a stencil that spans
            // periods (sin(x) at x ~ 1e40) the differences see an average, not the derivative.
            case op_sin: case op_cos: case op_tan: note_step(std::floor(a * A(0.63661977236758134308L))); break;
            case op_floor: kink |= std::trunc(a) == a; note_step(std::floor(a)); break;
            case op_ceil: kink |= std::trunc(a) == a; note_step(std::ceil(a)); break;
            case op_trunc: kink |= std::trunc(a) == a; note_step(std::trunc(a)); break;
            case op_round:
                kink |= std::fabs(a - std::trunc(a)) == A(0.5) || std::trunc(a) == a;
                note_step(std::round(a));
                break;
            default: break;
        }
    }
}
template <class A, class B>
void note_kinks(std::uint8_t op, const A& a, const B& b) {
    if constexpr (std::is_floating_point<A>::value && std::is_same<A, B>::value) {
        switch (op) {
            case op_fmin: case op_fmax: case op_min: case op_max:
                kink |= a == b;
                note_side(a - b);
                // fmax(+0, -0) may return either zero (C and IEEE 754 leave it open; glibc
                // and the library's first-argument rule differ): the sign is unspecified from here.
                nan_sign |= a == b && std::signbit(a) != std::signbit(b);
                break;
            case op_div: case op_div_eq: note_side(b); break;
            case op_copysign:
                kink |= a == 0 || b == 0;
                note_side(a);
                note_side(b);
                nan_sign |= std::isnan(b);
                break;
            case op_hypot: case op_atan2:
                kink |= a == 0 && b == 0;
                note_side(a);
                note_side(b);
                break;
            case op_pow: kink |= a == 0 || (a < 0 && b == std::trunc(b)); note_side(a); break;
            // At |a / b| > 2^16 the jumps of fmod(a, b) in b are closer than any step a finite
            // difference can take (b^2 / a apart).
            case op_fmod:
                kink |= b == 0 || std::fmod(a, b) == 0 || std::fabs(a) > std::fabs(b) * A(65536);
                note_step(std::trunc(a / b));
                note_side(b);
                break;
            default: break;
        }
    }
}

template <class A>
A unary(std::uint8_t op, const A& a) {
    note_kinks(op, a);
    switch (op) {
        case op_neg: return -a;
        case op_abs: return abs(a);
        case op_fabs: return fabs(a);
        case op_sqrt: return sqrt(a);
        case op_cbrt: return cbrt(a);
        case op_exp: return exp(a);
        case op_exp2: return exp2(a);
        case op_expm1: return expm1(a);
        case op_log: return log(a);
        case op_log2: return log2(a);
        case op_log10: return log10(a);
        case op_log1p: return log1p(a);
        case op_sin: return sin(a);
        case op_cos: return cos(a);
        case op_tan: return tan(a);
        case op_asin: return asin(a);
        case op_acos: return acos(a);
        case op_atan: return atan(a);
        case op_sinh: return sinh(a);
        case op_cosh: return cosh(a);
        case op_tanh: return tanh(a);
        case op_asinh: return asinh(a);
        case op_acosh: return acosh(a);
        case op_atanh: return atanh(a);
        case op_erf: return erf(a);
        case op_erfc: return erfc(a);
        case op_floor: return floor(a);
        case op_ceil: return ceil(a);
        case op_round: return round(a);
        case op_trunc: return trunc(a);
        default: return a;
    }
}

// Plain floating point has no hidden-friend min/max: std::min/std::max (a < b ? b : a).
template <class A, class B>
auto min_(const A& a, const B& b) {
    if constexpr (std::is_floating_point<A>::value && std::is_same<A, B>::value)
        return (b < a) ? b : a;
    else
        return min(a, b);
}
template <class A, class B>
auto max_(const A& a, const B& b) {
    if constexpr (std::is_floating_point<A>::value && std::is_same<A, B>::value)
        return (a < b) ? b : a;
    else
        return max(a, b);
}

/// R is the result type (a number, or the scalar when both operands are scalars).
template <class R, class A, class B>
R binary(std::uint8_t op, const A& a, const B& b) {
    note_kinks(op, a, b);
    switch (op) {
        case op_add: return a + b;
        case op_sub: return a - b;
        case op_mul: return a * b;
        case op_div: return a / b;
        case op_add_eq: { R r(a); r += b; return r; }
        case op_sub_eq: { R r(a); r -= b; return r; }
        case op_mul_eq: { R r(a); r *= b; return r; }
        case op_div_eq: { R r(a); r /= b; return r; }
        case op_pow: return pow(a, b);
        case op_atan2: return atan2(a, b);
        case op_hypot: return hypot(a, b);
        case op_fmin: return fmin(a, b);
        case op_fmax: return fmax(a, b);
        case op_min: return min_(a, b);
        case op_max: return max_(a, b);
        case op_copysign: return copysign(a, b);
        case op_fmod: return fmod(a, b);
        default: return R(a);
    }
}
}  // namespace ops

/// Runs prog with the variables vars (numbers of type V); C is the scalar type of constants
/// (for a nested dual, the value type of the outer level). Returns the top of the stack.
template <class V, class C, class Scalar>
V run(const program& prog, const V* vars) {
    slot<V, C> st[max_stack + 1];
    std::size_t sp = 0;
    const auto num = [](const slot<V, C>& s) { return s.is_const ? V(s.c) : s.v; };
    for (std::size_t k = 0; k < prog.size; ++k) {
        const instr in = prog.code[k];
        if (in.op < op_const) {
            st[sp++] = {vars[in.op], C(Scalar(0)), false};
        } else if (in.op == op_const) {
            st[sp++] = {V(C(Scalar(0))), C(static_cast<Scalar>(in.constant)), true};
        } else if (in.op < first_binary) {
            slot<V, C>& a = st[sp - 1];
            if (a.is_const)
                a.c = ops::unary(in.op, a.c);
            else
                a.v = ops::unary(in.op, a.v);
        } else if (in.op < first_ternary) {
            const slot<V, C> b = st[--sp];
            slot<V, C>& a = st[sp - 1];
            if (a.is_const && b.is_const)
                a.c = ops::binary<C>(in.op, a.c, b.c);
            else if (b.is_const)
                a.v = ops::binary<V>(in.op, a.v, b.c);
            else if (a.is_const)
                a = {ops::binary<V>(in.op, a.c, b.v), a.c, false};
            else
                a.v = ops::binary<V>(in.op, a.v, b.v);
        } else {
            const slot<V, C> c = st[--sp];
            const slot<V, C> b = st[--sp];
            slot<V, C>& a = st[sp - 1];
            using ops::fma;
            if (a.is_const && b.is_const && c.is_const) {
                a.c = fma(a.c, b.c, c.c);
            } else {
                // Each argument a number or a scalar, as it comes: all eight overloads get used.
                const int mask = (a.is_const ? 4 : 0) | (b.is_const ? 2 : 0) | (c.is_const ? 1 : 0);
                V r;
                switch (mask) {
                    case 0: r = fma(a.v, b.v, c.v); break;
                    case 1: r = fma(a.v, b.v, c.c); break;
                    case 2: r = fma(a.v, b.c, c.v); break;
                    case 3: r = fma(a.v, b.c, c.c); break;
                    case 4: r = fma(a.c, b.v, c.v); break;
                    case 5: r = fma(a.c, b.v, c.c); break;
                    default: r = fma(a.c, b.c, c.v); break;
                }
                a = {r, a.c, false};
            }
        }
        if constexpr (std::is_floating_point<V>::value) {
            // An infinite or NaN intermediate (an infinite variable, exp overflow) makes every
            // derivative downstream an IEEE artefact (pow(1, log(inf)) = 1 has partials inf * 0).
            const slot<V, C>& top = st[sp - 1];
            ops::kink |= !std::isfinite(top.is_const ? top.c : top.v);
            if (ops::trace) ops::trace[k] = static_cast<long double>(top.is_const ? top.c : top.v);
        }
    }
    return num(st[sp - 1]);
}

/// What one evaluation of a program gives, for scalar type T.
template <class T>
struct results {
    T dual_value;
    T dual_grad[nvars];
    T hyper_value;
    T hyper_grad[nvars];
    T hyper_hess[nvars][nvars];
    T nested_value;
    T nested_inner_grad[nvars];  // value().partial(j): the inner level's gradient
    T nested_outer_grad[nvars];  // partial(i).value(): the outer level's gradient
    T nested_hess[nvars][nvars]; // partial(i).partial(j)
    // tinydual::gradient and tinydual::hessian with a generic f: under the default policy two
    // passes, ieee rules first and the safe rules only where a derivative was not finite
    // (detail/driver.hpp); they must give the one-pass safe results above.
    T driver_grad[nvars];
    T driver_hess[nvars][nvars];
    // the same drivers with chunk<2>: two passes of dual<T, 2> (gradient), three of
    // dual<dual<T, 2>, 2> (hessian: blocks {0, 1} x {0, 1}, {0, 1} x {2}, {2} x {2})
    T chunk_grad[nvars];
    T chunk_hess[nvars][nvars];
    // batched numbers (lanes.hpp): dual and hyper_dual over lanes<T, 4> with the point in lane 0
    // and other points in the other lanes; lane 0 must give the one-point results (float and
    // double only; has_batch says whether they were computed)
    bool has_batch;
    T batch_value;
    T batch_grad[nvars];
    T batch_hess[nvars][nvars];
};

// One set per backend (eval_backend.cpp compiled twice): dual<T, 3>, hyper_dual<T, 3> and
// dual<dual<T, 3>, 3> evaluations of prog at prog.x converted to T.
void eval_xsimd(const program& prog, results<float>& r);
void eval_xsimd(const program& prog, results<double>& r);
void eval_plain(const program& prog, results<float>& r);
void eval_plain(const program& prog, results<double>& r);
void eval_plain(const program& prog, results<long double>& r);
// The guarded reference (eval_backend.cpp a third time: plain backend,
// TINYDUAL_DETAIL_GUARD_EVERY_STEP=1): every step of the safe policy's guard takes its guarded
// path, finite factors included.
void eval_guarded(const program& prog, results<float>& r);
void eval_guarded(const program& prog, results<double>& r);
/// Which backend the "xsimd" object really got (plain where xsimd has no architecture).
const char* xsimd_object_backend();

}  // namespace fuzz
