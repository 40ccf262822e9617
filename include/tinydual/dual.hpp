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
    if constexpr (is_dual<T>::value) {
        if (!(x.value() == typename T::value_type(0))) return false;
        for (std::size_t i = 0; i < T::dimension; ++i)
            if (!is_zero_number(x.partial(i))) return false;
        return true;
    } else {
        return x == T(0);
    }
}
// Partials times a scalar factor s. When s is +-inf or NaN (a derivative that does not exist),
// lanes whose incoming partial is exactly zero stay zero: a constant never becomes NaN.
template <class P, class T>
TINYDUAL_INLINE P scale(const P& g, const T& s) {
    if (is_finite_value(s)) return simd::map([&s](const auto& x) { return x * simd::broadcast<std::decay_t<decltype(x)>>(s); }, g);
    P r = P::zero();
    for (std::size_t i = 0; i < P::size(); ++i) r[i] = is_zero_number(g[i]) ? T(0) : g[i] * s;
    return r;
}
// ga * sa + gb * sb with the same zero-partial rule for each term.
template <class P, class T>
TINYDUAL_INLINE P scale2(const P& ga, const T& sa, const P& gb, const T& sb) {
    if (is_finite_value(sa) && is_finite_value(sb))
        return simd::map(
            [&sa, &sb](const auto& x, const auto& y) {
                using X = std::decay_t<decltype(x)>;
                return simd::madd(x, simd::broadcast<X>(sa), y * simd::broadcast<X>(sb));
            },
            ga, gb);
    P r = P::zero();
    for (std::size_t i = 0; i < P::size(); ++i) {
        const T ta = is_zero_number(ga[i]) ? T(0) : ga[i] * sa;
        const T tb = is_zero_number(gb[i]) ? T(0) : gb[i] * sb;
        r[i] = ta + tb;
    }
    return r;
}
}  // namespace detail

template <class T, std::size_t N>
class dual : public detail::ad_math<dual<T, N>, T> {
    static_assert(detail::is_number<T>,
                  "tinydual: dual<T, N> needs a floating-point T (float, double) or a nested dual of one");
    static_assert(N >= 1, "tinydual: dual<T, N> needs at least one partial derivative (N >= 1)");

   public:
    using value_type = T;
    using partials_type = simd::partials<T, N>;
    /// Number of partial derivatives.
    static constexpr std::size_t dimension = N;

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
    static constexpr dual variable(const T& v, std::size_t i) { return dual(v, partials_type::unit(i)); }

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
    friend constexpr dual operator+(const dual& a) { return a; }
    friend dual operator-(const dual& a) {
        return dual(-a.value_, simd::map([](const auto& x) { return -x; }, a.partials_));
    }
    // (a + b)' = a' + b'
    friend dual operator+(const dual& a, const dual& b) {
        return dual(a.value_ + b.value_, simd::map([](const auto& x, const auto& y) { return x + y; }, a.partials_, b.partials_));
    }
    friend dual operator+(const dual& a, const T& b) { return dual(a.value_ + b, a.partials_); }
    friend dual operator+(const T& a, const dual& b) { return dual(a + b.value_, b.partials_); }
    // (a - b)' = a' - b'
    friend dual operator-(const dual& a, const dual& b) {
        return dual(a.value_ - b.value_, simd::map([](const auto& x, const auto& y) { return x - y; }, a.partials_, b.partials_));
    }
    friend dual operator-(const dual& a, const T& b) { return dual(a.value_ - b, a.partials_); }
    friend dual operator-(const T& a, const dual& b) { return -b + a; }
    // (a b)' = a' b + a b'
    friend dual operator*(const dual& a, const dual& b) {
        return dual(a.value_ * b.value_, detail::scale2(a.partials_, b.value_, b.partials_, a.value_));
    }
    friend dual operator*(const dual& a, const T& b) { return dual(a.value_ * b, detail::scale(a.partials_, b)); }
    friend dual operator*(const T& a, const dual& b) { return b * a; }
    // (a / b)' = (a' - (a/b) b') / b
    friend dual operator/(const dual& a, const dual& b) {
        const T inv = T(1) / b.value_;
        const T q = a.value_ * inv;
        return dual(a.value_ / b.value_, detail::scale2(a.partials_, inv, b.partials_, -q * inv));
    }
    friend dual operator/(const dual& a, const T& b) {
        return dual(a.value_ / b, detail::scale(a.partials_, T(1) / b));
    }
    // (a / b)' = -(a / b^2) b'
    friend dual operator/(const T& a, const dual& b) {
        const T q = a / b.value_;
        return dual(q, detail::scale(b.partials_, -q / b.value_));
    }

    dual& operator+=(const dual& b) { return *this = *this + b; }
    dual& operator-=(const dual& b) { return *this = *this - b; }
    dual& operator*=(const dual& b) { return *this = *this * b; }
    dual& operator/=(const dual& b) { return *this = *this / b; }
    dual& operator+=(const T& b) { return *this = *this + b; }
    dual& operator-=(const T& b) { return *this = *this - b; }
    dual& operator*=(const T& b) { return *this = *this * b; }
    dual& operator/=(const T& b) { return *this = *this / b; }

    // ---- the chain rule every function in math.hpp goes through ----
    /// f(a) with f'(a) = df: partials df * a'. (f'' is for second-order types; unused here.)
    template <class Second>
    static dual chain(const dual& a, const T& f, const T& df, const Second&) {
        return dual(f, detail::scale(a.partials_, df));
    }
    /// f(a, b) with partials fa, fb: fa a' + fb b'.
    template <class Second>
    static dual chain2(const dual& a, const dual& b, const T& f, const T& fa, const T& fb, const Second&) {
        return dual(f, detail::scale2(a.partials_, fa, b.partials_, fb));
    }

   private:
    T value_;
    partials_type partials_;
};

}  // namespace tinydual
