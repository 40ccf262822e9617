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
//
// dual supplies its storage, the linear operations and the chain rules; products, quotients,
// comparisons (detail/arithmetic.hpp) and every function of math.hpp are written once on top.
#pragma once

#include <cstddef>
#include <type_traits>

#include "config.hpp"
#include "detail/arithmetic.hpp"
#include "detail/scaling.hpp"
#include "detail/traits.hpp"
#include "limits.hpp"
#include "math.hpp"
#include "nesting.hpp"
#include "simd/storage.hpp"
#include "vec.hpp"

namespace tinydual {
namespace detail {

/// dual's data, the root of its mixins (detail/arithmetic.hpp says why it is not a member).
template <class T, std::size_t N>
struct dual_data {
    static_assert(detail::is_number<T>,
                  "tinydual: dual<T, N> needs a floating-point T (float, double) or a nested dual of one");
    static_assert(N >= 1, "tinydual: dual<T, N> needs at least one partial derivative (N >= 1)");

    dual_data() = default;
    constexpr dual_data(const T& v, const simd::partials<T, N>& d) : value_(v), partials_(d) {}
    /// Value v; the partials are left for the caller to write.
    explicit TINYDUAL_NUMBER_CONSTEXPR dual_data(const T& v) : value_(v) {}

   protected:
    T value_;
    simd::partials<T, N> partials_;
};

}  // namespace detail

template <class T, std::size_t N, class Tag>
class dual : public detail::ad_math<dual<T, N, Tag>, T, detail::ad_arithmetic<dual<T, N, Tag>, T, detail::dual_data<T, N>>> {
    using base = detail::ad_math<dual, T, detail::ad_arithmetic<dual, T, detail::dual_data<T, N>>>;
    using detail::dual_data<T, N>::value_;
    using detail::dual_data<T, N>::partials_;

   public:
    using value_type = T;
    using partials_type = simd::partials<T, N>;
    /// Number of partial derivatives.
    static constexpr std::size_t dimension = N;
    /// Which driver call made the variables (void for duals built by hand); see nesting.hpp.
    using tag_type = Tag;
    /// The derivative policy the tag selects (safe_policy unless it names ieee_policy).
    using policy_type = typename detail::policy_of<Tag>::type;

    /// Uninitialised like a double; dual<T, N>{} is zero with zero partials.
    dual() = default;
    /// A constant: value v, all partials zero.
    constexpr dual(const T& v) : base(v, partials_type::zero()) {}
    /// For numbers nested over lanes (batched hvp): a plain constant in every lane, taken in the
    /// element type (as vec takes its scalars).
    template <class U, std::enable_if_t<std::is_arithmetic<U>::value && detail::is_lanes<detail::scalar_t<T>>::value &&
                                            !std::is_same<T, detail::scalar_t<T>>::value,
                                        int> = 0>
    constexpr dual(const U& v) : dual(T(static_cast<detail::element_t<T>>(v))) {}
    /// Value v with the given partials.
    constexpr dual(const T& v, const partials_type& d) : base(v, d) {}
    /// Value v with partials g.
    constexpr dual(const T& v, const vec<T, N>& g) : base(v, partials_type::zero()) {
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

    // ---- linear operations; a plain value carries no partials. Each result is built in place:
    // its partials are computed straight into the returned dual (no temporary, no zero-fill).
    friend constexpr dual operator+(const dual& a) { return a; }
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual operator-(const dual& a) {
        dual r(uninitialized, -a.value_);
        simd::map_to(r.partials_, [](const auto& x) TINYDUAL_KERNEL { return -x; }, a.partials_);
        return r;
    }
    // (a + b)' = a' + b'
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual operator+(const dual& a, const dual& b) {
        dual r(uninitialized, a.value_ + b.value_);
        simd::map_to(r.partials_, [](const auto& x, const auto& y) TINYDUAL_KERNEL { return x + y; }, a.partials_, b.partials_);
        return r;
    }
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual operator+(const dual& a, const T& b) { return copy_partials(a.value_ + b, a); }
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual operator+(const T& a, const dual& b) { return copy_partials(a + b.value_, b); }
    // (a - b)' = a' - b'
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual operator-(const dual& a, const dual& b) {
        dual r(uninitialized, a.value_ - b.value_);
        simd::map_to(r.partials_, [](const auto& x, const auto& y) TINYDUAL_KERNEL { return x - y; }, a.partials_, b.partials_);
        return r;
    }
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual operator-(const dual& a, const T& b) { return copy_partials(a.value_ - b, a); }
    // (b - a)' = -a'
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual operator-(const T& a, const dual& b) {
        dual r(uninitialized, a - b.value_);
        simd::map_to(r.partials_, [](const auto& x) TINYDUAL_KERNEL { return -x; }, b.partials_);
        return r;
    }
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual operator*(const dual& a, const T& b) {
        dual r(uninitialized, a.value_ * b);
        detail::scale_to<zero_rule>(r.partials_, a.partials_, b);
        return r;
    }
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual operator/(const dual& a, const T& b) {
        dual r(uninitialized, a.value_ / b);
        detail::scale_to<zero_rule>(r.partials_, a.partials_, T(1) / b);
        return r;
    }
    // Compound assignment updates the partials in place (each register is read before it is
    // written, so b may be *this); *= and /= with a dual: detail/arithmetic.hpp.
    TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual& operator+=(const dual& b) {
        simd::map_to(partials_, [](const auto& x, const auto& y) TINYDUAL_KERNEL { return x + y; }, partials_, b.partials_);
        value_ += b.value_;
        return *this;
    }
    TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual& operator-=(const dual& b) {
        simd::map_to(partials_, [](const auto& x, const auto& y) TINYDUAL_KERNEL { return x - y; }, partials_, b.partials_);
        value_ -= b.value_;
        return *this;
    }
    TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual& operator+=(const T& b) {
        value_ += b;
        return *this;
    }
    TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual& operator-=(const T& b) {
        value_ -= b;
        return *this;
    }
    TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual& operator*=(const T& b) {
        detail::scale_to<zero_rule>(partials_, partials_, b);
        value_ *= b;
        return *this;
    }
    TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR dual& operator/=(const T& b) {
        detail::scale_to<zero_rule>(partials_, partials_, T(1) / b);
        value_ /= b;
        return *this;
    }

    // ---- the chain rules every product, quotient and function goes through ----
    /// f(a) with f'(a) = df: partials df * a'. (f'' is for second-order types; unused here.)
    template <class Second>
    TINYDUAL_INLINE static TINYDUAL_NUMBER_CONSTEXPR dual chain(const dual& a, const T& f, const T& df, const Second&) {
        dual r(uninitialized, f);
        detail::scale_to<zero_rule>(r.partials_, a.partials_, df);
        return r;
    }
    /// f(a, b) with partials fa, fb: fa a' + fb b'.
    template <class Second>
    TINYDUAL_INLINE static TINYDUAL_NUMBER_CONSTEXPR dual chain2(const dual& a, const dual& b, const T& f, const T& fa, const T& fb, const Second&) {
        dual r(uninitialized, f);
        detail::scale2_to<zero_rule>(r.partials_, a.partials_, fa, b.partials_, fb);
        return r;
    }

   private:
    /// safe_policy's zero-partial rule (policy.hpp, detail/scaling.hpp).
    static constexpr bool zero_rule = !std::is_same<policy_type, ieee_policy>::value;
    struct uninitialized_t {};
    static constexpr uninitialized_t uninitialized{};
    /// Value v; the partials are left for the caller to write (every lane, padding included).
    TINYDUAL_NUMBER_CONSTEXPR dual(uninitialized_t, const T& v) : base(v) {}
    /// Value v with the partials of a, copied register by register (a block copy of a large
    /// object becomes a call to memcpy).
    TINYDUAL_INLINE static TINYDUAL_NUMBER_CONSTEXPR dual copy_partials(const T& v, const dual& a) {
        dual r(uninitialized, v);
        simd::map_to(r.partials_, [](const auto& x) TINYDUAL_KERNEL { return x; }, a.partials_);
        return r;
    }
    struct seed_t {};
    /// Variable i: the unit partials are built in place.
    constexpr dual(seed_t, const T& v, std::size_t i) : base(v, partials_type::unit(i)) {}
};

}  // namespace tinydual
