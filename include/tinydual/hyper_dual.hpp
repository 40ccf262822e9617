// tinydual/hyper_dual.hpp: hyper_dual<T, N>, a value, N first partials and the symmetric N x N
// second partials, all computed in one forward pass.
//
//   using h2 = tinydual::hyper_dual<double, 2>;
//   h2 x = h2::variable(3.0, 0), y = h2::variable(4.0, 1);
//   h2 f = x * x * y;               // f.grad() = (2xy, x^2) = (24, 9), f.hess() = [[2y, 2x], [2x, 0]]
//
// Storage: the value, the gradient in simd::partials<T, N> and only the N(N+1)/2 independent
// second partials: the upper triangle of the Hessian packed row by row, (i, j) with i <= j at
// packed_index(i, j), in simd::partials<T, N(N+1)/2>. The Hessian is symmetric by construction;
// hess() unpacks it into a full mat<T, N, N>.
//
// hyper_dual supplies its storage, the linear operations and the two chain rules below; products,
// quotients (detail/arithmetic.hpp) and every function of math.hpp are written once on top:
//   one argument    H = f''(a) g g^T + f'(a) H_a
//   two arguments   H = fa Ha + fb Hb + faa ga ga^T + fab (ga gb^T + gb ga^T) + fbb gb gb^T
// computed on the packed triangle by detail/packed_hessian.hpp, O(N^2) work per operation. A
// plain value T mixed with a hyper_dual is a constant: no partials.
// The zero-partial rule of dual holds: where f' or f'' (or a two-argument partial) is +-inf or
// NaN, a term whose incoming partials are exactly zero stays zero, so a constant never becomes NaN.
// Partials that are already infinite (a variable after sqrt at 0) then follow IEEE arithmetic, as
// in dual and in nested dual<dual<T, N>, N>: outer-product terms such as inf * 0 give NaN.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include "config.hpp"
#include "detail/arithmetic.hpp"
#include "detail/packed_hessian.hpp"
#include "detail/scaling.hpp"
#include "detail/traits.hpp"
#include "limits.hpp"
#include "mat.hpp"
#include "math.hpp"
#include "nesting.hpp"
#include "simd/storage.hpp"
#include "vec.hpp"

namespace tinydual {

template <class T, std::size_t N, class Tag>
class hyper_dual : public detail::ad_math<hyper_dual<T, N, Tag>, T, detail::ad_arithmetic<hyper_dual<T, N, Tag>, T>> {
    static_assert(detail::is_number<T>,
                  "tinydual: hyper_dual<T, N> needs a floating-point T (float, double) or a dual of one");
    static_assert(N >= 1, "tinydual: hyper_dual<T, N> needs at least one variable (N >= 1)");
    using kernels = detail::packed_hessian<T, N>;
    /// From this many stored second partials on, a linear number does not store its zeros.
    static constexpr std::size_t lazy_size = 64;
    static constexpr bool lazy = N * (N + 1) / 2 >= lazy_size;

   public:
    using value_type = T;
    using partials_type = simd::partials<T, N>;
    /// The packed upper triangle of the Hessian, N(N+1)/2 numbers.
    using hessian_partials_type = simd::partials<T, N * (N + 1) / 2>;
    /// Number of variables (first partial derivatives).
    static constexpr std::size_t dimension = N;
    /// Which driver call made the variables (void for hyper_duals built by hand); see nesting.hpp.
    using tag_type = Tag;
    /// The derivative policy the tag selects (safe_policy unless it names ieee_policy).
    using policy_type = typename detail::policy_of<Tag>::type;
    /// Number of independent second partial derivatives stored.
    static constexpr std::size_t packed_size = N * (N + 1) / 2;

    /// Position of the second partial (i, j), in either order, in hessian_partials().
    static constexpr std::size_t packed_index(std::size_t i, std::size_t j) noexcept {
        return detail::packed_index(N, i, j);
    }

    /// Uninitialised like a double; hyper_dual<T, N>{} is zero with zero partials.
    hyper_dual() = default;
    /// A constant: value v, all partials zero. (Constant expressions: up to lazy_size.)
    template <bool L = lazy, std::enable_if_t<!L, int> = 0>
    constexpr hyper_dual(const T& v)
        : value_(v), linear_(true), grad_(partials_type::zero()), hess_(hessian_partials_type::zero()) {}
    template <bool L = lazy, std::enable_if_t<L, int> = 0>
    hyper_dual(const T& v) : value_(v), linear_(true), grad_(partials_type::zero()) {}
    /// Value v with the given first partials and packed second partials.
    constexpr hyper_dual(const T& v, const partials_type& g, const hessian_partials_type& h)
        : value_(v), linear_(false), grad_(g), hess_(h) {}
    /// Value v with gradient g and zero second partials.
    constexpr hyper_dual(const T& v, const vec<T, N>& g) : hyper_dual(v) {
        for (std::size_t i = 0; i < N; ++i) grad_[i] = g[i];
    }
    /// Value v, gradient g and Hessian H (symmetric; its upper triangle is read).
    constexpr hyper_dual(const T& v, const vec<T, N>& g, const mat<T, N, N>& H) : hyper_dual(v, g) {
        hessian_partials();  // zeros where none are stored: the padding stays zero
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = i; j < N; ++j) hess_[packed_index(i, j)] = H(i, j);
    }
    /// The i-th independent variable at value v: first partial i is 1, everything else 0.
    static constexpr hyper_dual variable(const T& v, std::size_t i) {
        if (detail::is_constant_evaluated()) return hyper_dual(v, partials_type::unit(i), hessian_partials_type::zero());
        return hyper_dual(seed_t{}, v, i);
    }

    constexpr const T& value() const { return value_; }
    constexpr T& value() { return value_; }
    /// The N first partial derivatives as a vector.
    constexpr vec<T, N> grad() const {
        vec<T, N> g{};
        for (std::size_t i = 0; i < N; ++i) g[i] = grad_[i];
        return g;
    }
    /// The full symmetric N x N matrix of second partial derivatives.
    constexpr mat<T, N, N> hess() const {
        mat<T, N, N> H{};
        if (lazy && linear_) return H;
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = 0; j < N; ++j) H(i, j) = hess_[packed_index(i, j)];
        return H;
    }
    /// First partial derivative i.
    constexpr const T& partial(std::size_t i) const { return grad_[i]; }
    constexpr T& partial(std::size_t i) { return grad_[i]; }
    /// Second partial derivative (i, j) = (j, i).
    constexpr T second_partial(std::size_t i, std::size_t j) const {
        return lazy && linear_ ? T(0) : hess_[packed_index(i, j)];
    }
    constexpr T& second_partial(std::size_t i, std::size_t j) { return hessian_partials()[packed_index(i, j)]; }
    constexpr const partials_type& partials() const { return grad_; }
    constexpr partials_type& partials() { return grad_; }
    /// The packed second partials (a copy: zeros where none are stored).
    constexpr hessian_partials_type hessian_partials() const {
        return lazy && linear_ ? hessian_partials_type::zero() : hess_;
    }
    constexpr hessian_partials_type& hessian_partials() {
        if (lazy && linear_) zero_hessian();
        linear_ = false;  // the caller may write: the second partials are no longer known to be zero
        return hess_;
    }

    // ---- linear operations; a plain value carries no partials. Results are built in place,
    // named r: the packed Hessian is the bulk of a hyper_dual, a temporary would copy it again.
    friend constexpr hyper_dual operator+(const hyper_dual& a) { return a; }
    friend TINYDUAL_NUMBER_CONSTEXPR hyper_dual operator-(const hyper_dual& a) {
        const auto neg = [](const auto& x) TINYDUAL_KERNEL { return -x; };
        hyper_dual r;
        r.value_ = -a.value_;
        kernels::map_into(r.grad_, neg, a.grad_);
        if (!(r.linear_ = a.linear_))
            kernels::map_into(r.hess_, neg, a.hess_);
        else
            r.forget_hessian();
        return r;
    }
    // (a + b)'' = a'' + b''
    friend TINYDUAL_NUMBER_CONSTEXPR hyper_dual operator+(const hyper_dual& a, const hyper_dual& b) {
        const auto add = [](const auto& x, const auto& y) TINYDUAL_KERNEL { return x + y; };
        hyper_dual r;
        r.value_ = a.value_ + b.value_;
        kernels::map_into(r.grad_, add, a.grad_, b.grad_);
        if (!(r.linear_ = a.linear_ && b.linear_))
            kernels::map_into(r.hess_, add, hessian_of(a, r), hessian_of(b, r));
        else
            r.forget_hessian();
        return r;
    }
    friend TINYDUAL_NUMBER_CONSTEXPR hyper_dual operator+(const hyper_dual& a, const T& b) { return with_value(a.value_ + b, a); }
    friend TINYDUAL_NUMBER_CONSTEXPR hyper_dual operator+(const T& a, const hyper_dual& b) { return with_value(a + b.value_, b); }
    // (a - b)'' = a'' - b''
    friend TINYDUAL_NUMBER_CONSTEXPR hyper_dual operator-(const hyper_dual& a, const hyper_dual& b) {
        const auto sub = [](const auto& x, const auto& y) TINYDUAL_KERNEL { return x - y; };
        hyper_dual r;
        r.value_ = a.value_ - b.value_;
        kernels::map_into(r.grad_, sub, a.grad_, b.grad_);
        if (!(r.linear_ = a.linear_ && b.linear_))
            kernels::map_into(r.hess_, sub, hessian_of(a, r), hessian_of(b, r));
        else
            r.forget_hessian();
        return r;
    }
    friend TINYDUAL_NUMBER_CONSTEXPR hyper_dual operator-(const hyper_dual& a, const T& b) { return with_value(a.value_ - b, a); }
    friend TINYDUAL_NUMBER_CONSTEXPR hyper_dual operator-(const T& a, const hyper_dual& b) { return -b + a; }
    friend TINYDUAL_NUMBER_CONSTEXPR hyper_dual operator*(const hyper_dual& a, const T& b) { return scaled(a.value_ * b, a, b); }
    friend TINYDUAL_NUMBER_CONSTEXPR hyper_dual operator/(const hyper_dual& a, const T& b) { return scaled(a.value_ / b, a, T(1) / b); }
    // Compound assignment updates in place (each register is read before it is written, so b may
    // be *this); *= and /= with a hyper_dual: detail/arithmetic.hpp.
    TINYDUAL_NUMBER_CONSTEXPR hyper_dual& operator+=(const hyper_dual& b) {
        const auto add = [](const auto& x, const auto& y) TINYDUAL_KERNEL { return x + y; };
        kernels::map_into(grad_, add, grad_, b.grad_);
        if (!b.linear_) {  // b's second partials are not known to be zero: add them
            kernels::map_into(hess_, add, hessian_of(*this, *this), b.hess_);
            linear_ = false;
        }
        value_ += b.value_;
        return *this;
    }
    TINYDUAL_NUMBER_CONSTEXPR hyper_dual& operator-=(const hyper_dual& b) {
        const auto sub = [](const auto& x, const auto& y) TINYDUAL_KERNEL { return x - y; };
        kernels::map_into(grad_, sub, grad_, b.grad_);
        if (!b.linear_) {
            kernels::map_into(hess_, sub, hessian_of(*this, *this), b.hess_);
            linear_ = false;
        }
        value_ -= b.value_;
        return *this;
    }
    TINYDUAL_NUMBER_CONSTEXPR hyper_dual& operator+=(const T& b) {
        value_ += b;
        return *this;
    }
    TINYDUAL_NUMBER_CONSTEXPR hyper_dual& operator-=(const T& b) {
        value_ -= b;
        return *this;
    }
    TINYDUAL_NUMBER_CONSTEXPR hyper_dual& operator*=(const T& b) {
        detail::scale_to<zero_rule>(grad_, grad_, b);
        if (!zero_rule && !detail::all_lanes_finite(b)) hessian_partials();  // ieee: 0 * inf = NaN
        if (!linear_) detail::scale_to<zero_rule>(hess_, hess_, b);
        value_ *= b;
        return *this;
    }
    TINYDUAL_NUMBER_CONSTEXPR hyper_dual& operator/=(const T& b) {
        const T inv = T(1) / b;
        detail::scale_to<zero_rule>(grad_, grad_, inv);
        if (!zero_rule && !detail::all_lanes_finite(inv)) hessian_partials();  // ieee: 0 * inf = NaN
        if (!linear_) detail::scale_to<zero_rule>(hess_, hess_, inv);
        value_ /= b;
        return *this;
    }

    // ---- the chain rules every product, quotient and function goes through ----
    /// f(a) with f'(a) = df and f''(a) = d2f(): gradient df g, Hessian d2f g g^T + df H_a.
    template <class Second>
    static TINYDUAL_NUMBER_CONSTEXPR hyper_dual chain(const hyper_dual& a, const T& f, const T& df, const Second& d2f) {
        const T d2 = d2f();
        hyper_dual r;
        r.value_ = f;
        r.linear_ = false;
        detail::scale_to<zero_rule>(r.grad_, a.grad_, df);
        const bool finite = detail::fast_factors(df, d2);
        if (zero_rule && !finite) {
            if constexpr (detail::is_lanes<T>::value) {
                // batched: lane by lane as one-point numbers, the guarded terms only in the lanes
                // whose factors are not finite
                const hessian_partials_type& ha = hessian_of(a, r);
                hessian_partials_type fast;
                kernels::update(fast, ha, df, detail::scale<zero_rule>(a.grad_, d2), a.grad_);
                kernels::update_checked(r.hess_, ha, df, a.grad_, d2);
                choose_finite_lanes(r.hess_, isfinite(df) && isfinite(d2), fast);
            } else {
                kernels::update_checked(r.hess_, hessian_of(a, r), df, a.grad_, d2);
            }
        } else if (a.linear_ && finite)  // H_a = 0: only the outer product
            kernels::outer(r.hess_, detail::scale<zero_rule>(a.grad_, d2), a.grad_);
        else  // (ieee_policy with a non-finite factor: the literal formula, inf * 0 = NaN included)
            kernels::update(r.hess_, hessian_of(a, r), df, detail::scale<zero_rule>(a.grad_, d2), a.grad_);
        return r;
    }
    /// f(a, b) with first partials fa, fb and second partials second() = {faa, fab, fbb}.
    template <class Second>
    TINYDUAL_INLINE static TINYDUAL_NUMBER_CONSTEXPR hyper_dual chain2(const hyper_dual& a, const hyper_dual& b, const T& f, const T& fa,
                                             const T& fb, const Second& second) {
        const detail::second2<T> s = second();
        return combine(a, b, f, fa, fb, s.aa, s.ab, s.bb);
    }

   private:
    // H = fa Ha + fb Hb + u ga^T + w gb^T with u = faa ga + fab gb, w = fab ga + fbb gb: the
    // symmetric faa ga ga^T + fab (ga gb^T + gb ga^T) + fbb gb gb^T, computed on the triangle.
    // One function for every two-argument operation of this type (not one per call site).
    static TINYDUAL_NUMBER_CONSTEXPR hyper_dual combine(const hyper_dual& a, const hyper_dual& b, const T& f, const T& fa, const T& fb,
                              const T& faa, const T& fab, const T& fbb) {
        hyper_dual r;
        r.value_ = f;
        r.linear_ = false;
        detail::scale2_to<zero_rule>(r.grad_, a.grad_, fa, b.grad_, fb);
        const bool finite = detail::fast_factors(fa, fb, faa, fab, fbb);
        if (zero_rule && !finite) {
            if constexpr (detail::is_lanes<T>::value) {  // batched: as in chain
                const hessian_partials_type& ha = hessian_of(a, r);
                const hessian_partials_type& hb = hessian_of(b, r);
                hessian_partials_type fast;
                kernels::update2(fast, ha, fa, hb, fb, detail::scale2<zero_rule>(a.grad_, faa, b.grad_, fab), a.grad_,
                                 detail::scale2<zero_rule>(a.grad_, fab, b.grad_, fbb), b.grad_);
                kernels::update2_checked(r.hess_, ha, fa, hb, fb, a.grad_, b.grad_, faa, fab, fbb);
                choose_finite_lanes(r.hess_, isfinite(fa) && isfinite(fb) && isfinite(faa) && isfinite(fab) && isfinite(fbb),
                                    fast);
            } else {
                kernels::update2_checked(r.hess_, hessian_of(a, r), fa, hessian_of(b, r), fb, a.grad_, b.grad_, faa, fab,
                                         fbb);
            }
        } else if (a.linear_ && b.linear_ && finite)  // Ha = Hb = 0: only the outer products
            kernels::outer2(r.hess_, detail::scale2<zero_rule>(a.grad_, faa, b.grad_, fab), a.grad_,
                            detail::scale2<zero_rule>(a.grad_, fab, b.grad_, fbb), b.grad_);
        else  // (ieee_policy with a non-finite factor: the literal formula, inf * 0 = NaN included)
            kernels::update2(r.hess_, hessian_of(a, r), fa, hessian_of(b, r), fb,
                             detail::scale2<zero_rule>(a.grad_, faa, b.grad_, fab), a.grad_,
                             detail::scale2<zero_rule>(a.grad_, fab, b.grad_, fbb), b.grad_);
        return r;
    }

    /// safe_policy's zero-partial rule (policy.hpp, detail/scaling.hpp).
    static constexpr bool zero_rule = !std::is_same<policy_type, ieee_policy>::value;

    /// h = fast in the lanes where finite holds (batched numbers' rare path).
    template <class M>
    static void choose_finite_lanes(hessian_partials_type& h, const M& finite, const hessian_partials_type& fast) {
        kernels::map_into(h, [&finite](const auto& checked, const auto& plain) { return select(finite, plain, checked); }, h, fast);
    }

    /// Value v with a's partials times the constant s (a product or quotient with a plain value).
    TINYDUAL_INLINE static TINYDUAL_NUMBER_CONSTEXPR hyper_dual scaled(const T& v, const hyper_dual& a, const T& s) {
        hyper_dual r;
        r.value_ = v;
        detail::scale_to<zero_rule>(r.grad_, a.grad_, s);
        // ieee_policy: a known-zero Hessian times a non-finite s is NaN, so it is computed
        r.linear_ = a.linear_ && (zero_rule || detail::all_lanes_finite(s));
        if (!r.linear_)
            detail::scale_to<zero_rule>(r.hess_, hessian_of(a, r), s);
        else
            r.forget_hessian();
        return r;
    }
    /// a with value v (a constant added): the partials copied, the Hessian by a plain copy only
    /// when it is not known to be zero.
    TINYDUAL_INLINE static TINYDUAL_NUMBER_CONSTEXPR hyper_dual with_value(const T& v, const hyper_dual& a) {
        hyper_dual r;
        r.value_ = v;
        r.grad_ = a.grad_;
        if (!(r.linear_ = a.linear_))
            r.hess_ = a.hess_;
        else
            r.forget_hessian();
        return r;
    }
    /// Zeros in every stored second partial, padding included: stores only, nothing read.
    TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR void zero_hessian() { simd::fill<T, hessian_partials_type::padded_size>(hess_.data, T(0)); }
    /// A result known to be linear: its second partials are zeros, or not stored at all (lazy).
    TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR void forget_hessian() {
        if constexpr (!lazy) zero_hessian();
    }
    /// a's second partials for reading: a's own, or where a stores none (lazy and linear), zeros
    /// written into r's, the result being built (each kernel reads an element before it writes
    /// it, so r may stand for an input).
    TINYDUAL_INLINE static TINYDUAL_NUMBER_CONSTEXPR const hessian_partials_type& hessian_of(const hyper_dual& a, hyper_dual& r) {
        if constexpr (lazy) {
            if (a.linear_) {
                r.zero_hessian();
                return r.hess_;
            }
        }
        return a.hess_;
    }
    struct seed_t {};
    /// Variable i at run time: the unit gradient built in place, the Hessian known zero.
    TINYDUAL_NUMBER_CONSTEXPR hyper_dual(seed_t, const T& v, std::size_t i) : value_(v), linear_(true), grad_(partials_type::unit(i)) {
        forget_hessian();
    }

    T value_;
    // True when the second partials are known to be all zero (a constant, a variable, or a sum or
    // constant multiple of them): operations then skip reading and combining them (a product of
    // two such numbers is only the outer products of their gradients, z += c x adds gradients
    // only). Up to lazy_size stored numbers hess_ holds those zeros; above, hess_ is not written
    // and not read while the flag is set (filling it would cost as much as the operation), and
    // every accessor gives zeros; the mutable accessor writes them and clears the flag.
    // Default (uninitialised numbers) and value-initialisation (hyper_dual{}: zeros) give false:
    // never wrong.
    bool linear_ = false;
    partials_type grad_;
    hessian_partials_type hess_;
};

}  // namespace tinydual
