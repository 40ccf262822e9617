// tinydual/math.hpp: the <cmath> functions on dual and hyper_dual (element-wise on vec and mat:
// elementwise.hpp, included here).
//
//   tinydual::dual<float, 2> x = tinydual::dual<float, 2>::variable(0.5f, 0);
//   auto y = sin(x) * exp(x);               // found by argument-dependent lookup
//   float dy_dx = y.grad()[0];              // cos(.5) e^.5 + sin(.5) e^.5
//
// Every function is written once, here, as its value f and its derivatives f' and f'' at the
// argument's value, handed to the number type's chain rule D::chain(a, f, f', f''-thunk) (or
// D::chain2 for two arguments, detail/arithmetic.hpp). A dual uses f', a hyper_dual also f'' (H = f'' g g^T + f' H_a);
// the f'' thunk is only evaluated by second-order types, so first order pays nothing for it.
// Scalars mixed with duals (pow(x, 2.0f), atan2(1.0, y)) use the one-argument rule: no partials
// are carried for the constant.
//
// Behaviour at points where a derivative does not exist or is infinite is set by the number
// type's policy (policy.hpp; the README's policy table). Under safe_policy, the default:
//  - zero incoming partials never become NaN: a constant stays a constant at any point;
//  - infinite derivatives (sqrt, cbrt at 0, log at 0, asin/acos at +-1, ...) give +-inf partials
//    for non-zero seeds, as IEEE arithmetic does;
//  - kinks pick a one-sided or zero derivative: abs'(0) = 0, copysign(x, y) at x = 0 has zero
//    derivative, hypot and atan2 at the origin have zero partials, min/max/fmin/fmax at ties take
//    the first argument's partials (the value std::max returns), floor/ceil/round/trunc have zero
//    derivative everywhere;
//  - outside a function's domain the value is NaN (as <cmath> gives it) and so are the partials;
//  - NaN and Inf values propagate as the <cmath> function gives them.
// Under ieee_policy each derivative is its textbook formula evaluated literally (0 * inf = NaN,
// 0/0 = NaN at kinks); selections and the rounding functions behave as under safe_policy.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

#include "detail/arithmetic.hpp"
#include "detail/traits.hpp"
#include "elementwise.hpp"
#include "lanes.hpp"
#include "nesting.hpp"

namespace tinydual {
namespace detail {

/// The derivative df where x is inside the domain (x >= lo), NaN outside it: where the value is
/// NaN, so are the seeded partials.
template <class T>
constexpr T in_domain(const T& x, const T& lo, const T& df) {
    return if_else(x < lo, quiet_nan<T>(), df);
}

/// The math mixin: a number type D with value type T inherits it, and the functions below
/// become hidden friends of D, found by argument-dependent lookup, never by accident for
/// unrelated types. D provides value(), D(T) (a constant), chain and chain2
/// (detail/arithmetic.hpp). Base: as for ad_arithmetic.
template <class D, class T, class Base>
struct ad_math : Base {
    using Base::Base;

    friend constexpr auto isnan(const D& a) { return is_nan_value(a); }
    friend constexpr auto isfinite(const D& a) { return is_finite_value(a); }
    friend constexpr auto isinf(const D& a) { return !is_finite_value(a) && !is_nan_value(a); }
    friend constexpr auto signbit(const D& a) { return signbit_value(a); }

    // ---- elementary functions: f, f', f'' ----
    // |a|' = sign(a); at a = 0: 0 (safe_policy), NaN (ieee_policy: it does not exist)
    friend D abs(const D& a) {
        using std::abs;
        const T& x = a.value();
        const T s = choose(x > T(0), [] { return T(1); }, [&] {
            return choose(x < T(0), [] { return T(-1); }, [] { return ieee_rules<D>() ? quiet_nan<T>() : T(0); });
        });
        return D::chain(a, abs(x), s, [] { return T(0); });
    }
    friend D fabs(const D& a) { return abs(a); }
    // sqrt(a)' = 1 / (2 sqrt(a)), sqrt(a)'' = -sqrt(a)' / (2a)
    friend D sqrt(const D& a) {
        using std::sqrt;
        const T f = sqrt(a.value());
        const T df = T(1) / (T(2) * f);
        return D::chain(a, f, df, [&] { return -df / (T(2) * a.value()); });
    }
    // cbrt(a)' = 1 / (3 cbrt(a)^2), cbrt(a)'' = -2 cbrt(a)' / (3a)
    friend D cbrt(const D& a) {
        using std::cbrt;
        const T f = cbrt(a.value());
        const T df = T(1) / (T(3) * f * f);
        return D::chain(a, f, df, [&] { return T(-2) * df / (T(3) * a.value()); });
    }
    // exp(a)' = exp(a)'' = exp(a)
    friend D exp(const D& a) {
        using std::exp;
        const T f = exp(a.value());
        return D::chain(a, f, f, [&] { return f; });
    }
    // exp2(a)' = ln 2 exp2(a)
    friend D exp2(const D& a) {
        using std::exp2;
        const T f = exp2(a.value());
        const T ln2 = constant<T>(0.693147180559945309417232121458176568L);
        const T df = ln2 * f;
        return D::chain(a, f, df, [&] { return ln2 * df; });
    }
    // expm1(a)' = expm1(a)'' = exp(a)
    friend D expm1(const D& a) {
        using std::expm1;
        using std::exp;
        const T f = expm1(a.value());
        const T df = exp(a.value());
        return D::chain(a, f, df, [&] { return df; });
    }
    // log(a)' = 1/a, log(a)'' = -1/a^2
    friend D log(const D& a) {
        using std::log;
        const T df = in_domain(a.value(), T(0), T(1) / a.value());
        return D::chain(a, log(a.value()), df, [&] { return -df * df; });
    }
    // log2(a)' = 1/(a ln 2)
    friend D log2(const D& a) {
        using std::log2;
        const T inv = in_domain(a.value(), T(0), T(1) / a.value());
        const T df = inv * constant<T>(1.44269504088896340735992468100189214L);
        return D::chain(a, log2(a.value()), df, [&] { return -df * inv; });
    }
    // log10(a)' = 1/(a ln 10)
    friend D log10(const D& a) {
        using std::log10;
        const T inv = in_domain(a.value(), T(0), T(1) / a.value());
        const T df = inv * constant<T>(0.434294481903251827651128918916605082L);
        return D::chain(a, log10(a.value()), df, [&] { return -df * inv; });
    }
    // log1p(a)' = 1/(1+a)
    friend D log1p(const D& a) {
        using std::log1p;
        const T df = in_domain(a.value(), T(-1), T(1) / (T(1) + a.value()));
        return D::chain(a, log1p(a.value()), df, [&] { return -df * df; });
    }
    // sin' = cos, sin'' = -sin
    friend D sin(const D& a) {
        using std::sin;
        using std::cos;
        const T s = sin(a.value());
        return D::chain(a, s, cos(a.value()), [&] { return -s; });
    }
    // cos' = -sin, cos'' = -cos
    friend D cos(const D& a) {
        using std::sin;
        using std::cos;
        const T c = cos(a.value());
        return D::chain(a, c, -sin(a.value()), [&] { return -c; });
    }
    // tan' = 1 + tan^2, tan'' = 2 tan (1 + tan^2)
    friend D tan(const D& a) {
        using std::tan;
        const T t = tan(a.value());
        const T df = T(1) + t * t;
        return D::chain(a, t, df, [&] { return T(2) * t * df; });
    }
    // asin' = 1/sqrt(1 - a^2), asin'' = a / (1 - a^2)^(3/2)
    friend D asin(const D& a) {
        using std::asin;
        using std::sqrt;
        const T& x = a.value();
        const T df = T(1) / sqrt((T(1) - x) * (T(1) + x));
        return D::chain(a, asin(x), df, [&] { return x * df * df * df; });
    }
    // acos' = -1/sqrt(1 - a^2), acos'' = -a / (1 - a^2)^(3/2)
    friend D acos(const D& a) {
        using std::acos;
        using std::sqrt;
        const T& x = a.value();
        const T r = T(1) / sqrt((T(1) - x) * (T(1) + x));
        return D::chain(a, acos(x), -r, [&] { return -x * r * r * r; });
    }
    // atan' = 1/(1 + a^2), atan'' = -2a / (1 + a^2)^2
    friend D atan(const D& a) {
        using std::atan;
        const T& x = a.value();
        const T df = T(1) / (T(1) + x * x);
        return D::chain(a, atan(x), df, [&] { return T(-2) * x * df * df; });
    }
    // sinh' = cosh, sinh'' = sinh
    friend D sinh(const D& a) {
        using std::sinh;
        using std::cosh;
        const T f = sinh(a.value());
        return D::chain(a, f, cosh(a.value()), [&] { return f; });
    }
    // cosh' = sinh, cosh'' = cosh
    friend D cosh(const D& a) {
        using std::sinh;
        using std::cosh;
        const T f = cosh(a.value());
        return D::chain(a, f, sinh(a.value()), [&] { return f; });
    }
    // tanh' = 1 - tanh^2 = 1 / cosh^2, tanh'' = -2 tanh tanh'. Where |tanh| >= 1/2, 1 - tanh^2
    // cancels (it is 0 once tanh rounds to +-1: |a| > 9 in float, 19 in double): 1 / cosh^2
    // there, squared after the division so that it stays finite until cosh overflows.
    friend D tanh(const D& a) {
        using std::tanh;
        using std::cosh;
        const T t = tanh(a.value());
        const auto small = t < T(0.5) && t > T(-0.5);
        const T s = choose(small, [] { return T(0); }, [&] { return T(1) / cosh(a.value()); });
        const T df = choose(small, [&] { return T(1) - t * t; }, [&] { return s * s; });
        return D::chain(a, t, df, [&] { return T(-2) * t * df; });
    }
    // asinh' = 1/sqrt(a^2 + 1), asinh'' = -a / (a^2 + 1)^(3/2)
    friend D asinh(const D& a) {
        using std::asinh;
        using std::sqrt;
        const T& x = a.value();
        const T df = T(1) / sqrt(x * x + T(1));
        return D::chain(a, asinh(x), df, [&] { return -x * df * df * df; });
    }
    // acosh' = 1/sqrt(a^2 - 1), acosh'' = -a / (a^2 - 1)^(3/2)
    friend D acosh(const D& a) {
        using std::acosh;
        using std::sqrt;
        const T& x = a.value();
        const T df = T(1) / sqrt((x - T(1)) * (x + T(1)));
        return D::chain(a, acosh(x), df, [&] { return -x * df * df * df; });
    }
    // atanh' = 1/(1 - a^2), atanh'' = 2a / (1 - a^2)^2
    friend D atanh(const D& a) {
        using std::atanh;
        const T& x = a.value();
        const T w = (T(1) - x) * (T(1) + x);
        const T df = in_domain(w, T(0), T(1) / w);
        return D::chain(a, atanh(x), df, [&] { return T(2) * x * df * df; });
    }
    // erf' = 2/sqrt(pi) exp(-a^2), erf'' = -2a erf'
    friend D erf(const D& a) {
        using std::erf;
        using std::exp;
        const T& x = a.value();
        const T df = constant<T>(1.12837916709551257389615890312154517L) * exp(-x * x);
        return D::chain(a, erf(x), df, [&] { return T(-2) * x * df; });
    }
    // erfc' = -erf'
    friend D erfc(const D& a) {
        using std::erfc;
        using std::exp;
        const T& x = a.value();
        const T df = constant<T>(-1.12837916709551257389615890312154517L) * exp(-x * x);
        return D::chain(a, erfc(x), df, [&] { return T(-2) * x * df; });
    }
    // floor, ceil, round, trunc: piecewise constant, derivative 0 everywhere (also at the jumps)
    friend D floor(const D& a) {
        using std::floor;
        return D(floor(a.value()));
    }
    friend D ceil(const D& a) {
        using std::ceil;
        return D(ceil(a.value()));
    }
    friend D round(const D& a) {
        using std::round;
        return D(round(a.value()));
    }
    friend D trunc(const D& a) {
        using std::trunc;
        return D(trunc(a.value()));
    }

    // ---- two arguments: each written once as f, f_a, f_b (and f_aa, f_ab, f_bb) ----
    // Each rule is a function object called with the two values; binary() feeds it to chain2,
    // or to chain with the one partial that matters when the other argument is a plain value.
#define TINYDUAL_BINARY(name, rule)                                                                       \
    friend D name(const D& a, const D& b) { return binary(rule{}, a, b); }                                \
    friend D name(const D& a, const T& b) { return binary(rule{}, a, b); }                                \
    friend D name(const T& a, const D& b) { return binary(rule{}, a, b); }

    // pow(a, b)_a = b a^(b-1) (0 when b = 0), pow(a, b)_b = ln(a) a^b (0 when a^b = 0);
    // a < 0: real only for integer b, where the b-partial is NaN (ln a) unless b is a constant.
    struct pow_rule {
        template <class Need>
        constexpr auto operator()(const T& x, const T& y, Need need) const {
            using std::pow;
            using std::log;
            const T f = pow(x, y);
            // f_a = y f / x saves a pow where f is a normal number: y * (f / x), as y * f may
            // overflow; where f underflowed or overflowed, y x^(y-1) itself. The zero shortcut
            // is for x = y = 0 only (0 * pow(0, -1) would be NaN): with a nested T, y == 0
            // compares values only, and a constant 0 there would drop y's own partials.
            // ieee_policy: the formulas literally (0 * 0^(-1) and ln(0) * 0 are NaN), with the
            // same f / x where both are finite, so that the policies agree wherever ieee's
            // derivative is finite (the two passes of detail/driver.hpp rely on it).
            using std::isnormal;
            constexpr bool literal = ieee_rules<D>();
            const T fa = !need.a ? T(0) : choose(x != T(0) && isnormal(base_value(f)), [&] { return y * (f / x); }, [&] {
                return choose(x == T(0) && y == T(0) && !literal, [] { return T(0); }, [&] { return y * pow(x, y - T(1)); });
            });
            const T fb = !need.b ? T(0) : choose(f == T(0) && !literal, [] { return T(0); }, [&] { return f * log(x); });
            return make_rule(f, fa, fb, [=] {
                // a zero base (or a negative one whose power underflowed): log(x) is -inf or NaN
                // there; a positive base whose power underflowed keeps the finite formula
                const auto zero_base = f == T(0) && !(x > T(0)) && !literal;
                const T l = choose(zero_base, [] { return T(0); }, [&] { return log(x); });
                if (literal)
                    return second2<T>{y * (y - T(1)) * pow(x, y - T(2)), pow(x, y - T(1)) * (T(1) + y * l), f * l * l};
                const T faa = choose(x == T(0) && (y == T(0) || y == T(1)), [] { return T(0); },
                                     [&] { return y * (y - T(1)) * pow(x, y - T(2)); });
                const T fab = choose(zero_base, [] { return T(0); }, [&] { return pow(x, y - T(1)) * (T(1) + y * l); });
                return second2<T>{faa, fab, f * l * l};
            });
        }
    };
    TINYDUAL_BINARY(pow, pow_rule)

    // atan2(y, x)_y = x / (x^2 + y^2), atan2(y, x)_x = -y / (x^2 + y^2); zero at the origin
    struct atan2_rule {
        template <class Need>
        constexpr auto operator()(const T& y, const T& x, Need) const {
            using std::atan2;
            const T r2 = x * x + y * y;
            const T inv = choose(r2 == T(0) && !ieee_rules<D>(), [] { return T(0); }, [&] { return T(1) / r2; });  // ieee: 0 * inf = NaN
            const T xi = x * inv, yi = y * inv;
            // Second partials from x/r2 and y/r2: inv * inv underflows (float: r2 > 1e19) long
            // before the partials do.
            return make_rule(atan2(y, x), xi, -yi, [=] {
                return second2<T>{T(-2) * xi * yi, (yi - xi) * (yi + xi), T(2) * xi * yi};
            });
        }
    };
    TINYDUAL_BINARY(atan2, atan2_rule)

    // hypot(a, b)_a = a / hypot, hypot(a, b)_b = b / hypot; zero at the origin
    struct hypot_rule {
        template <class Need>
        constexpr auto operator()(const T& x, const T& y, Need) const {
            using std::hypot;
            const T f = hypot(x, y);
            const T inv = choose(f == T(0) && !ieee_rules<D>(), [] { return T(0); }, [&] { return T(1) / f; });  // ieee: 0 * inf = NaN
            return make_rule(f, x * inv, y * inv, [=] {
                const T q = inv * inv * inv;
                return second2<T>{y * y * q, -x * y * q, x * x * q};
            });
        }
    };
    TINYDUAL_BINARY(hypot, hypot_rule)

    // copysign(a, b)_a = +-1 (0 at a = 0), copysign(a, b)_b = 0
    struct copysign_rule {
        template <class Need>
        constexpr auto operator()(const T& x, const T& y, Need) const {
            using std::copysign;
            const T s = choose(x == T(0), [] { return ieee_rules<D>() ? quiet_nan<T>() : T(0); }, [&] {
                return if_else(signbit_value(x) == signbit_value(y), T(1), T(-1));
            });
            return make_rule(copysign(x, y), s, T(0), [] { return second2<T>{T(0), T(0), T(0)}; });
        }
    };
    TINYDUAL_BINARY(copysign, copysign_rule)

    // fmod(a, b) = a - q b with q = trunc(a/b): fmod_a = 1, fmod_b = -q
    struct fmod_rule {
        template <class Need>
        constexpr auto operator()(const T& x, const T& y, Need) const {
            using std::fmod;
            using std::round;
            const T f = fmod(x, y);
            const T q = round((x - f) / y);
            const T n = if_else(is_nan_value(f), quiet_nan<T>(), T(0));  // outside the domain: NaN partials
            return make_rule(f, T(1) + n, -q, [n] { return second2<T>{n, n, n}; });
        }
    };
    TINYDUAL_BINARY(fmod, fmod_rule)
#undef TINYDUAL_BINARY

    // ---- selections: the result is a copy of the chosen argument, partials included ----
    // max(a, b) = a < b ? b : a (ties and NaN in a give a, like std::max)
    friend D max(const D& a, const D& b) { return if_else(a.value() < b.value(), b, a); }
    friend D max(const D& a, const T& b) { return choose(a.value() < b, [&] { return D(b); }, [&] { return a; }); }
    friend D max(const T& a, const D& b) { return choose(a < b.value(), [&] { return b; }, [&] { return D(a); }); }
    // min(a, b) = b < a ? b : a (ties and NaN in a give a, like std::min)
    friend D min(const D& a, const D& b) { return if_else(b.value() < a.value(), b, a); }
    friend D min(const D& a, const T& b) { return choose(b < a.value(), [&] { return D(b); }, [&] { return a; }); }
    friend D min(const T& a, const D& b) { return choose(b.value() < a, [&] { return b; }, [&] { return D(a); }); }
    // fmax/fmin: like max/min, but a NaN argument loses to a number
    friend D fmax(const D& a, const D& b) {
        return choose(is_nan_value(b), [&] { return a; }, [&] { return choose(is_nan_value(a), [&] { return b; }, [&] { return max(a, b); }); });
    }
    friend D fmax(const D& a, const T& b) { return fmax(a, D(b)); }
    friend D fmax(const T& a, const D& b) { return fmax(D(a), b); }
    friend D fmin(const D& a, const D& b) {
        return choose(is_nan_value(b), [&] { return a; }, [&] { return choose(is_nan_value(a), [&] { return b; }, [&] { return min(a, b); }); });
    }
    friend D fmin(const D& a, const T& b) { return fmin(a, D(b)); }
    friend D fmin(const T& a, const D& b) { return fmin(D(a), b); }

    // fma(a, b, c) = a b + c, value rounded once; any argument may be a plain value
    template <class A, class B, class C,
              std::enable_if_t<(std::is_same<A, D>::value || std::is_same<B, D>::value || std::is_same<C, D>::value) &&
                                   (std::is_same<A, D>::value || std::is_convertible<A, T>::value) &&
                                   (std::is_same<B, D>::value || std::is_convertible<B, T>::value) &&
                                   (std::is_same<C, D>::value || std::is_convertible<C, T>::value),
                               int> = 0>
    friend D fma(const A& a, const B& b, const C& c) {
        using std::fma;
        D r = a * b + c;
        r.value() = fma(value_of(a), value_of(b), value_of(c));
        return r;
    }

   private:
    struct need_flags {
        bool a, b;
    };
    template <class S>
    struct rule_result {
        T f, fa, fb;
        S second;
    };
    template <class S>
    static constexpr rule_result<S> make_rule(const T& f, const T& fa, const T& fb, S second) {
        return {f, fa, fb, second};
    }
    static constexpr const T& value_of(const D& x) { return x.value(); }
    template <class U>
    static constexpr T value_of(const U& x) {
        return T(x);
    }
    template <class Rule>
    static D binary(Rule rule, const D& a, const D& b) {
        const auto r = rule(a.value(), b.value(), need_flags{true, true});
        return D::chain2(a, b, r.f, r.fa, r.fb, r.second);
    }
    template <class Rule>
    static D binary(Rule rule, const D& a, const T& b) {
        const auto r = rule(a.value(), b, need_flags{true, false});
        return D::chain(a, r.f, r.fa, [&] { return r.second().aa; });
    }
    template <class Rule>
    static D binary(Rule rule, const T& a, const D& b) {
        const auto r = rule(a, b.value(), need_flags{false, true});
        return D::chain(b, r.f, r.fb, [&] { return r.second().bb; });
    }
};

}  // namespace detail

/// hypot(x, y, z) = sqrt(x^2 + y^2 + z^2) without overflow or underflow, for numbers with partials
/// (std::hypot(x, y, z) for plain ones): scaled by a power of two (exact), so the gradient
/// (x, y, z) / f and the Hessian (I - g g') / f are right everywhere but at the origin, where,
/// as for hypot(x, y), the partials are zero (safe_policy) or NaN (ieee_policy).
namespace detail {
/// The power of two 2^e that scales m (the largest magnitude) near 1, 2^-e finite; 0 where m is
/// 0, inf or NaN (hypot's own rules apply there).
template <class S>
int hypot_exponent(const S& m) {
    using std::ilogb;
    using std::isfinite;
    if (!(m > S(0)) || !isfinite(m)) return 0;
    constexpr int lo = std::numeric_limits<S>::min_exponent - 1, hi = std::numeric_limits<S>::max_exponent - 1;
    const int e = ilogb(m);
    return e < lo ? lo : (e > hi ? hi : e);
}
}  // namespace detail

template <class A, class B, class C,
          std::enable_if_t<detail::is_ad<A> || detail::is_ad<B> || detail::is_ad<C>, int> = 0>
auto hypot(const A& x, const B& y, const C& z) {
    using std::fabs;
    using std::hypot;
    using std::ldexp;
    using std::sqrt;
    using R = std::decay_t<decltype(x * y * z)>;
    using S = detail::scalar_t<R>;
    const S ax = fabs(detail::base_value(x)), ay = fabs(detail::base_value(y)), az = fabs(detail::base_value(z));
    if constexpr (detail::is_lanes<S>::value) {  // lane by lane: each point's own scale
        using E = detail::element_t<R>;
        const S m = max(max(ax, ay), az);  // NaN in a lane with a NaN: special there
        const auto special = !(m > S(E(0))) || !isfinite(m);
        S down, up;
        for (std::size_t k = 0; k < S::size(); ++k) {
            const int e = detail::hypot_exponent(m[k]);  // 0 in the special lanes
            down[k] = ldexp(E(1), -e);
            up[k] = ldexp(E(1), e);
        }
        const R xs = R(x * down), ys = R(y * down), zs = R(z * down);
        return select(special, R(hypot(hypot(x, y), z)), R(sqrt(xs * xs + ys * ys + zs * zs) * up));
    } else {
        const S m = ax > ay ? (ax > az ? ax : az) : (ay > az ? ay : az);
        using std::isfinite;
        if (!(m > S(0)) || !isfinite(m)) return R(hypot(hypot(x, y), z));  // origin, inf, NaN: hypot's rules
        const int e = detail::hypot_exponent(m);  // 2^-e stays finite
        const S down = ldexp(S(1), -e), up = ldexp(S(1), e);
        const R xs = R(x * down), ys = R(y * down), zs = R(z * down);
        return R(sqrt(xs * xs + ys * ys + zs * zs) * up);
    }
}

}  // namespace tinydual
