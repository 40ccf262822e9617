// tinydual/dual.hpp: dual<T, N>, a value and N first partial derivatives (forward mode).
//
//   using d2 = tinydual::dual<double, 2>;
//   d2 x = d2::variable(3.0, 0), y = d2::variable(4.0, 1);   // seeds dx, dy
//   d2 f = x * y + sin(x);                                     // f.grad() = (y + cos x, x)
//
// T is float, double, or itself a dual (dual<dual<double, 1>, 2> carries mixed second
// derivatives). The partials live in simd::partials (SIMD registers for float and double where
// the target has them). A dual is a value type: every operation returns a new dual, there are no
// expression templates, so `auto y = a * b;` is always safe to keep.
#pragma once

#include <cstddef>
#include <type_traits>

#include "config.hpp"
#include "detail/traits.hpp"
#include "math.hpp"
#include "simd/storage.hpp"
#include "vec.hpp"

namespace tinydual {

namespace detail {
/// Exactly zero, partials included (a number that carries no derivative at all).
template <class T>
constexpr bool is_zero_number(const T& x) {
    if constexpr (is_ad<T>) {
        if (!is_zero_number(x.value())) return false;
        for (std::size_t i = 0; i < T::dimension; ++i)
            if (!is_zero_number(x.partial(i))) return false;
        if constexpr (is_hyper_dual<T>::value)
            for (std::size_t k = 0; k < T::packed_size; ++k)
                if (!is_zero_number(x.hessian_partials()[k])) return false;
        return true;
    } else {
        return x == T(0);
    }
}
// The zero-partial rule: r, except where the incoming partial x is exactly zero (a nested dual:
// zero with all its partials), where the result is zero whatever r is.
template <class X>
TINYDUAL_INLINE X keep_nonzero(const X& x, const X& r) {
    if constexpr (is_ad<X>)
        return is_zero_number(x) ? X(0) : r;
    else
        return simd::zero_where_zero(x, r);
}
// Partials times a scalar factor: out = g s, or out = ga sa + gb sb (out may be an input). When
// a factor is +-inf or NaN (a derivative that does not exist), lanes whose incoming partial is
// exactly zero stay zero: a constant never becomes NaN. (The sign of such a zero is not
// specified: see branchless_guard.) Two ways to pay for that, chosen by size:
//  - branch: one compare and branch on the factor, which finite factors never take; the common
//    path is straight-line register code, the rare path a call out of line taking its operands
//    by value, so the caller's partials never have their address taken and stay in registers at
//    every size (an earlier variant swapped a pointer to the operand instead, which forced every
//    operand through memory: z += c * x[j] at N = 16 cost twice the instructions);
//  - branch-free (branchless_guard below), for one or two SIMD registers of partials.

// The rare path: g s with the zero-partial rule, lane by lane.
template <class P, class T>
TINYDUAL_INLINE void scale_guarded(P& out, const P& g, const T& s) {
    simd::map_to(out, [&s](const auto& x) { return keep_nonzero(x, x * simd::broadcast<std::decay_t<decltype(x)>>(s)); }, g);
}
// The same out of line, taking its operands by value: the caller's objects never have
// their address taken, so they stay in registers.
template <class P, class T>
TINYDUAL_COLD P scale_nonfinite(P g, T s) {
    P r;
    scale_guarded(r, g, s);
    return r;
}
template <class P, class T>
TINYDUAL_COLD P scale2_nonfinite(P ga, T sa, P gb, T sb) {
    P r;
    simd::map_to(
        r,
        [&sa, &sb](const auto& x, const auto& y) {
            using X = std::decay_t<decltype(x)>;
            return keep_nonzero(x, x * simd::broadcast<X>(sa)) + keep_nonzero(y, y * simd::broadcast<X>(sb));
        },
        ga, gb);
    return r;
}

// Up to two SIMD registers of partials the guard is branch-free: each lane multiplies by the
// factor where its partial is nonzero and by +0 where it is zero (compare, and-not, multiply),
// so the product stays in the basic block of the add that usually follows and fuses with it:
// z += c * x[j] becomes one FMA per register and two cheap operations, no branch, and the
// accumulator stays in a register (callgrind, AVX2: L8 Jacobian double N = 4 386 -> 214
// instructions, neuron loss float N = 16 7525 -> 3470). From four registers on, the masks and
// factors no longer fit the register file beside the operands and spill: the branch is cheaper
// (double N = 16: 9044 with the branch, 13189 branch-free). Plain arrays (Cortex-M) always
// branch: a select per lane costs more there than one predictable branch. A zero lane gives +0
// here and x * s (signed by the factor) on the branch path: the sign of a zero derivative is
// not specified under the safe policy.
template <class P, class T>
constexpr bool branchless_guard =
    TINYDUAL_BACKEND_XSIMD && !is_ad<T> && P::width > 1 && P::padded_size / P::width <= 2;

// Guard = false (ieee_policy) multiplies plainly: 0 * inf = NaN.
template <bool Guard = true, class P, class T>
TINYDUAL_INLINE void scale_to(P& out, const P& g, const T& s) {
    const auto mul = [](const T& f) {
        return [&f](const auto& x) { return x * simd::broadcast<std::decay_t<decltype(x)>>(f); };
    };
    if constexpr (!Guard) {
        simd::map_to(out, mul(s), g);
    } else if constexpr (branchless_guard<P, T>) {
        simd::map_to(out, [&s](const auto& x) {
            using X = std::decay_t<decltype(x)>;
            return x * simd::zero_where_zero(x, simd::broadcast<X>(s));
        }, g);
    } else {
        if (TINYDUAL_LIKELY(is_finite_value(s)))
            simd::map_to(out, mul(s), g);
        else
            out = scale_nonfinite(g, s);
    }
}
template <bool Guard = true, class P, class T>
TINYDUAL_INLINE P scale(const P& g, const T& s) {
    P r;
    scale_to<Guard>(r, g, s);
    return r;
}
template <bool Guard = true, class P, class T>
TINYDUAL_INLINE void scale2_to(P& out, const P& ga, const T& sa, const P& gb, const T& sb) {
    const auto madd = [](const T& fa, const T& fb) {
        return [&fa, &fb](const auto& x, const auto& y) {
            using X = std::decay_t<decltype(x)>;
            return simd::madd(x, simd::broadcast<X>(fa), y * simd::broadcast<X>(fb));
        };
    };
    if constexpr (!Guard) {
        simd::map_to(out, madd(sa, sb), ga, gb);
    } else if constexpr (branchless_guard<P, T>) {
        simd::map_to(out, [&sa, &sb](const auto& x, const auto& y) {
            using X = std::decay_t<decltype(x)>;
            return simd::madd(x, simd::zero_where_zero(x, simd::broadcast<X>(sa)),
                              y * simd::zero_where_zero(y, simd::broadcast<X>(sb)));
        }, ga, gb);
    } else {
        if (TINYDUAL_LIKELY(is_finite_value(sa) && is_finite_value(sb)))
            simd::map_to(out, madd(sa, sb), ga, gb);
        else
            out = scale2_nonfinite(ga, sa, gb, sb);
    }
}
template <bool Guard = true, class P, class T>
TINYDUAL_INLINE P scale2(const P& ga, const T& sa, const P& gb, const T& sb) {
    P r;
    scale2_to<Guard>(r, ga, sa, gb, sb);
    return r;
}
}  // namespace detail

template <class T, std::size_t N, class Tag>
class dual : public detail::ad_math<dual<T, N, Tag>, T> {
    static_assert(detail::is_number<T>,
                  "tinydual: dual<T, N> needs a floating-point T (float, double) or a nested dual of one");
    static_assert(N >= 1, "tinydual: dual<T, N> needs at least one partial derivative (N >= 1)");

   public:
    using value_type = T;
    using partials_type = simd::partials<T, N>;
    /// Number of partial derivatives.
    static constexpr std::size_t dimension = N;
    /// Which driver call made the variables (void for duals built by hand); see second_order.hpp.
    using tag_type = Tag;
    /// The derivative policy the tag selects (safe_policy unless it names ieee_policy).
    using policy_type = typename detail::policy_of<Tag>::type;

    /// Uninitialised like a double; dual<T, N>{} is zero with zero partials.
    dual() = default;
    /// A constant: value v, all partials zero.
    constexpr dual(const T& v) : value_(v), partials_(partials_type::zero()) {}
    /// Value v with the given partials.
    constexpr dual(const T& v, const partials_type& d) : value_(v), partials_(d) {}
    /// Value v with partials g.
    constexpr dual(const T& v, const vec<T, N>& g) : value_(v), partials_(partials_type::zero()) {
        for (std::size_t i = 0; i < N; ++i) partials_[i] = g[i];
    }
    /// The i-th independent variable at value v: partial i is 1, the others 0.
    static constexpr dual variable(const T& v, std::size_t i) { return dual(seed_t{}, v, i); }

    constexpr const T& value() const { return value_; }
    constexpr T& value() { return value_; }
    /// The N partial derivatives as a vector.
    constexpr vec<T, N> grad() const {
        vec<T, N> g{};
        for (std::size_t i = 0; i < N; ++i) g[i] = partials_[i];
        return g;
    }
    /// Partial derivative i.
    constexpr const T& partial(std::size_t i) const { return partials_[i]; }
    constexpr T& partial(std::size_t i) { return partials_[i]; }
    constexpr const partials_type& partials() const { return partials_; }
    constexpr partials_type& partials() { return partials_; }

    // ---- arithmetic; the plain-value overloads carry no partials for the constant ----
    // Each result is built in place: the partials are computed straight into the returned dual
    // (no temporary partials, no zero-fill that is then overwritten).
    friend constexpr dual operator+(const dual& a) { return a; }
    friend TINYDUAL_INLINE dual operator-(const dual& a) {
        dual r(uninitialized, -a.value_);
        simd::map_to(r.partials_, [](const auto& x) { return -x; }, a.partials_);
        return r;
    }
    // (a + b)' = a' + b'
    friend TINYDUAL_INLINE dual operator+(const dual& a, const dual& b) {
        dual r(uninitialized, a.value_ + b.value_);
        simd::map_to(r.partials_, [](const auto& x, const auto& y) { return x + y; }, a.partials_, b.partials_);
        return r;
    }
    friend TINYDUAL_INLINE dual operator+(const dual& a, const T& b) { return copy_partials(a.value_ + b, a); }
    friend TINYDUAL_INLINE dual operator+(const T& a, const dual& b) { return copy_partials(a + b.value_, b); }
    // (a - b)' = a' - b'
    friend TINYDUAL_INLINE dual operator-(const dual& a, const dual& b) {
        dual r(uninitialized, a.value_ - b.value_);
        simd::map_to(r.partials_, [](const auto& x, const auto& y) { return x - y; }, a.partials_, b.partials_);
        return r;
    }
    friend TINYDUAL_INLINE dual operator-(const dual& a, const T& b) { return copy_partials(a.value_ - b, a); }
    // (b - a)' = -a'
    friend TINYDUAL_INLINE dual operator-(const T& a, const dual& b) {
        dual r(uninitialized, a - b.value_);
        simd::map_to(r.partials_, [](const auto& x) { return -x; }, b.partials_);
        return r;
    }
    // (a b)' = a' b + a b'
    friend TINYDUAL_INLINE dual operator*(const dual& a, const dual& b) {
        dual r(uninitialized, a.value_ * b.value_);
        detail::scale2_to<zero_rule>(r.partials_, a.partials_, b.value_, b.partials_, a.value_);
        return r;
    }
    friend TINYDUAL_INLINE dual operator*(const dual& a, const T& b) {
        dual r(uninitialized, a.value_ * b);
        detail::scale_to<zero_rule>(r.partials_, a.partials_, b);
        return r;
    }
    friend TINYDUAL_INLINE dual operator*(const T& a, const dual& b) { return b * a; }
    // (a / b)' = (a' - (a/b) b') / b
    friend TINYDUAL_INLINE dual operator/(const dual& a, const dual& b) {
        const T inv = T(1) / b.value_;
        const T q = a.value_ * inv;
        dual r(uninitialized, a.value_ / b.value_);
        detail::scale2_to<zero_rule>(r.partials_, a.partials_, inv, b.partials_, -q * inv);
        return r;
    }
    friend TINYDUAL_INLINE dual operator/(const dual& a, const T& b) {
        dual r(uninitialized, a.value_ / b);
        detail::scale_to<zero_rule>(r.partials_, a.partials_, T(1) / b);
        return r;
    }
    // (a / b)' = -(a / b^2) b'
    friend TINYDUAL_INLINE dual operator/(const T& a, const dual& b) {
        const T q = a / b.value_;
        dual r(uninitialized, q);
        detail::scale_to<zero_rule>(r.partials_, b.partials_, -q / b.value_);
        return r;
    }

    // Compound assignment updates the partials in place (each register is read before it is
    // written, so b may be *this).
    TINYDUAL_INLINE dual& operator+=(const dual& b) {
        simd::map_to(partials_, [](const auto& x, const auto& y) { return x + y; }, partials_, b.partials_);
        value_ += b.value_;
        return *this;
    }
    TINYDUAL_INLINE dual& operator-=(const dual& b) {
        simd::map_to(partials_, [](const auto& x, const auto& y) { return x - y; }, partials_, b.partials_);
        value_ -= b.value_;
        return *this;
    }
    TINYDUAL_INLINE dual& operator*=(const dual& b) {
        const T av = value_, bv = b.value_;
        detail::scale2_to<zero_rule>(partials_, partials_, bv, b.partials_, av);
        value_ = av * bv;
        return *this;
    }
    TINYDUAL_INLINE dual& operator/=(const dual& b) {
        const T av = value_, bv = b.value_;
        const T inv = T(1) / bv;
        const T q = av * inv;
        detail::scale2_to<zero_rule>(partials_, partials_, inv, b.partials_, -q * inv);
        value_ = av / bv;
        return *this;
    }
    TINYDUAL_INLINE dual& operator+=(const T& b) {
        value_ += b;
        return *this;
    }
    TINYDUAL_INLINE dual& operator-=(const T& b) {
        value_ -= b;
        return *this;
    }
    TINYDUAL_INLINE dual& operator*=(const T& b) {
        detail::scale_to<zero_rule>(partials_, partials_, b);
        value_ *= b;
        return *this;
    }
    TINYDUAL_INLINE dual& operator/=(const T& b) {
        detail::scale_to<zero_rule>(partials_, partials_, T(1) / b);
        value_ /= b;
        return *this;
    }

    // ---- the chain rule every function in math.hpp goes through ----
    /// f(a) with f'(a) = df: partials df * a'. (f'' is for second-order types; unused here.)
    template <class Second>
    TINYDUAL_INLINE static dual chain(const dual& a, const T& f, const T& df, const Second&) {
        dual r(uninitialized, f);
        detail::scale_to<zero_rule>(r.partials_, a.partials_, df);
        return r;
    }
    /// f(a, b) with partials fa, fb: fa a' + fb b'.
    template <class Second>
    TINYDUAL_INLINE static dual chain2(const dual& a, const dual& b, const T& f, const T& fa, const T& fb, const Second&) {
        dual r(uninitialized, f);
        detail::scale2_to<zero_rule>(r.partials_, a.partials_, fa, b.partials_, fb);
        return r;
    }

   private:
    /// safe_policy's zero-partial rule (see policy.hpp).
    static constexpr bool zero_rule = !std::is_same<policy_type, ieee_policy>::value;
    struct uninitialized_t {};
    static constexpr uninitialized_t uninitialized{};
    /// Value v; the partials are left for the caller to write (every lane, padding included).
    dual(uninitialized_t, const T& v) : value_(v) {}
    /// Value v with the partials of a, copied register by register (a block copy of a large
    /// object becomes a call to memcpy).
    TINYDUAL_INLINE static dual copy_partials(const T& v, const dual& a) {
        dual r(uninitialized, v);
        simd::map_to(r.partials_, [](const auto& x) { return x; }, a.partials_);
        return r;
    }
    struct seed_t {};
    /// Variable i: the unit partials are built in place.
    constexpr dual(seed_t, const T& v, std::size_t i) : value_(v), partials_(partials_type::unit(i)) {}

    T value_;
    partials_type partials_;
};

// ---- duals of two different driver calls in one expression: a compile-time error ----
// dual<T, N, A> and dual<T, N, B> with A != B are the variables of two different driver calls,
// e.g. gradient called at plain numbers inside a function that gradient is differentiating,
// using the outer variables. Letting them mix would add the two levels' perturbations together
// (perturbation confusion): silently wrong derivatives. See second_order.hpp, "Nesting".
#define TINYDUAL_LEVEL_MESSAGE                                                                              \
    "tinydual: two dual numbers of different tags meet in one expression: different policies "             \
    "(safe_policy, ieee_policy), or, the usual case, two dual numbers from different driver calls (perturbation "       \
    "confusion): an inner driver was called at plain numbers inside a function being differentiated, "    \
    "and mixes its variables with the outer ones. Call the inner driver at a point whose elements have "  \
    "the outer type, vec<std::decay_t<decltype(x[0])>, M>{...}; see the nesting rule in second_order.hpp"
#define TINYDUAL_LEVEL_CLASH(Type, op)                                                                     \
    template <class T, std::size_t N, class A, class B, std::enable_if_t<!std::is_same<A, B>::value, int> = 0> \
    auto op(const Type<T, N, A>& a, const Type<T, N, B>&) {                                               \
        static_assert(detail::dependent_false<A, B>, TINYDUAL_LEVEL_MESSAGE);                              \
        return a;                                                                                           \
    }
#define TINYDUAL_LEVEL_CLASHES(Type)                                                                        \
    TINYDUAL_LEVEL_CLASH(Type, operator+)                                                                   \
    TINYDUAL_LEVEL_CLASH(Type, operator-)                                                                   \
    TINYDUAL_LEVEL_CLASH(Type, operator*)                                                                   \
    TINYDUAL_LEVEL_CLASH(Type, operator/)                                                                   \
    TINYDUAL_LEVEL_CLASH(Type, operator==)                                                                  \
    TINYDUAL_LEVEL_CLASH(Type, operator!=)                                                                  \
    TINYDUAL_LEVEL_CLASH(Type, operator<)                                                                   \
    TINYDUAL_LEVEL_CLASH(Type, operator<=)                                                                  \
    TINYDUAL_LEVEL_CLASH(Type, operator>)                                                                   \
    TINYDUAL_LEVEL_CLASH(Type, operator>=)                                                                  \
    TINYDUAL_LEVEL_CLASH(Type, pow)                                                                         \
    TINYDUAL_LEVEL_CLASH(Type, atan2)                                                                       \
    TINYDUAL_LEVEL_CLASH(Type, hypot)                                                                       \
    TINYDUAL_LEVEL_CLASH(Type, copysign)                                                                    \
    TINYDUAL_LEVEL_CLASH(Type, fmod)                                                                        \
    TINYDUAL_LEVEL_CLASH(Type, min)                                                                         \
    TINYDUAL_LEVEL_CLASH(Type, max)                                                                         \
    TINYDUAL_LEVEL_CLASH(Type, fmin)                                                                        \
    TINYDUAL_LEVEL_CLASH(Type, fmax)
TINYDUAL_LEVEL_CLASHES(dual)

}  // namespace tinydual
