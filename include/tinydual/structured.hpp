// tinydual/structured.hpp: structured Jacobians of layer maps, kept as their factors.
//
//   tinydual::mat<double, 2, 3> W{{1, 2, 3}, {4, 5, 6}};
//   tinydual::vec<double, 3> x{1, 0, -1};
//   auto J = tinydual::product_jacobian(W, x);     // y = W x: J.wrt_left = x^T (x) I_2, J.wrt_right = W
//   auto Jx = J.wrt_right.apply(x);                // (I_1 (x) W) x, without forming the product
//
// product_jacobian(L, R) gives the Jacobians of Y = L R (y = W x, Y = W X, Y = X W) with respect
// to L and to R as kron_jacobian objects holding the two Kronecker factors (identity factors are
// identity_matrix, which stores nothing); .dense() expands, .apply(v) multiplies without forming
// the product. elementwise_jacobian(f, x) computes the diagonal Jacobian of an element-wise f in
// a single one-direction pass. Conventions: vectorize.hpp, options.hpp, docs/identities.md.
#pragma once

#include <cstddef>
#include <type_traits>

#include "derivatives.hpp"
#include "detail/driver.hpp"
#include "detail/points.hpp"
#include "detail/traits.hpp"
#include "dual.hpp"
#include "linalg.hpp"
#include "mat.hpp"
#include "options.hpp"
#include "vec.hpp"
#include "vectorize.hpp"

namespace tinydual {

/// The N x N identity as a Kronecker factor: stores nothing, multiplies for free.
template <class T, std::size_t N>
struct identity_matrix {
    using value_type = T;
    static constexpr std::size_t rows() noexcept { return N; }
    static constexpr std::size_t cols() noexcept { return N; }
    constexpr mat<T, N, N> dense() const { return identity<T, N>(); }
};

namespace detail {
template <class X>
struct is_identity_matrix : std::false_type {};
template <class T, std::size_t N>
struct is_identity_matrix<identity_matrix<T, N>> : std::true_type {};

template <class X>
constexpr auto dense_factor(const X& x) {
    if constexpr (is_identity_matrix<X>::value)
        return x.dense();
    else
        return x;
}
template <class X>
constexpr auto transpose_factor(const X& x) {
    if constexpr (is_identity_matrix<X>::value)
        return x;
    else
        return transpose(x);
}
/// a * b for two factors; identities drop out.
template <class A, class B>
constexpr auto factor_product(const A& a, const B& b) {
    static_assert(A::cols() == B::rows(), "tinydual: multiplying Kronecker factors needs cols(left) == rows(right)");
    if constexpr (is_identity_matrix<A>::value)
        return b;
    else if constexpr (is_identity_matrix<B>::value)
        return a;
    else
        return a * b;
}
/// a * m for a factor a and a matrix m.
template <class A, class M>
constexpr auto factor_times(const A& a, const M& m) {
    if constexpr (is_identity_matrix<A>::value)
        return m;
    else
        return a * m;
}
}  // namespace detail

/// The Jacobian left (x) right (Kronecker product), kept as its two factors. Each factor is a mat
/// or an identity_matrix. dense() expands it; apply(v) computes (left (x) right) v without forming
/// it, as vec_r(left V right^T) with V the rows(.)-major reshaping of v; transpose() is
/// left^T (x) right^T (identities.md P4); a product of two is (AC) (x) (BD) (P3).
template <class A, class B>
struct kron_jacobian {
    A left;
    B right;

    static constexpr std::size_t rows() noexcept { return A::rows() * B::rows(); }
    static constexpr std::size_t cols() noexcept { return A::cols() * B::cols(); }

    /// The full rows() x cols() matrix kron(left, right).
    constexpr auto dense() const { return kron(detail::dense_factor(left), detail::dense_factor(right)); }

    /// (left (x) right) v in O(rows x cols of the factors) work, never forming the product.
    template <class U, std::size_t N>
    constexpr auto apply(const vec<U, N>& v) const {
        static_assert(N == cols(), "tinydual: kron_jacobian::apply(v) needs v of size cols() = cols(left) * cols(right)");
        constexpr std::size_t n = A::cols(), q = B::cols();
        const mat<U, n, q> V = unvectorize_rows<n, q>(v);
        if constexpr (detail::is_identity_matrix<B>::value) {
            return vectorize_rows(detail::factor_times(left, V));
        } else {
            const auto Bt = tinydual::transpose(right);
            if constexpr (detail::is_identity_matrix<A>::value) {
                return vectorize_rows(V * Bt);
            } else {
                // (left V) right^T or left (V right^T), whichever costs fewer multiplications.
                constexpr std::size_t m = A::rows(), p = B::rows();
                if constexpr (m * n * q + m * q * p <= n * q * p + m * n * p)
                    return vectorize_rows((left * V) * Bt);
                else
                    return vectorize_rows(left * (V * Bt));
            }
        }
    }

    /// left^T (x) right^T.
    constexpr auto transpose() const {
        auto l = detail::transpose_factor(left);
        auto r = detail::transpose_factor(right);
        return kron_jacobian<decltype(l), decltype(r)>{l, r};
    }
};

/// (A (x) B)(C (x) D) = (AC) (x) (BD), kept structured.
template <class A, class B, class C, class D>
constexpr auto operator*(const kron_jacobian<A, B>& x, const kron_jacobian<C, D>& y) {
    static_assert(A::cols() == C::rows() && B::cols() == D::rows(),
                  "tinydual: the structured product (A (x) B)(C (x) D) needs cols(A) == rows(C) and cols(B) == rows(D)");
    auto l = detail::factor_product(x.left, y.left);
    auto r = detail::factor_product(x.right, y.right);
    return kron_jacobian<decltype(l), decltype(r)>{l, r};
}

/// A diagonal Jacobian diag(diagonal), the Jacobian of an element-wise map.
template <class T, std::size_t N>
struct diagonal_jacobian {
    vec<T, N> diagonal;

    static constexpr std::size_t rows() noexcept { return N; }
    static constexpr std::size_t cols() noexcept { return N; }
    /// The full N x N matrix.
    constexpr mat<T, N, N> dense() const { return diag(diagonal); }
    /// diag(d) v = d .* v.
    template <class U, std::size_t M>
    constexpr auto apply(const vec<U, M>& v) const {
        static_assert(M == N, "tinydual: diagonal_jacobian::apply(v) needs v of size N");
        return hadamard(diagonal, v);
    }
    constexpr diagonal_jacobian transpose() const { return *this; }
};

/// The Jacobians of Y = L R with respect to L and to R.
template <class JL, class JR>
struct product_jacobians {
    JL wrt_left;   ///< d vec(Y) / d vec(L)
    JR wrt_right;  ///< d vec(Y) / d vec(R)
};

namespace detail {
template <class T, std::size_t R, std::size_t C>
constexpr const mat<T, R, C>& as_matrix(const mat<T, R, C>& a) {
    return a;
}
template <class T, std::size_t N>
constexpr mat<T, N, 1> as_matrix(const vec<T, N>& v) {
    mat<T, N, 1> a{};
    for (std::size_t i = 0; i < N; ++i) a(i, 0) = v[i];
    return a;
}
}  // namespace detail

/// The Jacobians of the product Y = L R (L an m x n mat, R an n x b mat or an n-vector) with
/// respect to L and R, as Kronecker factors (vec(L X R) = (R^T (x) L) vec(X), vec_r(L X R) =
/// (L (x) R^T) vec_r(X)):
///   column_stacking (default): d vec(Y)/d vec(L) = R^T (x) I_m,     d vec(Y)/d vec(R) = I_b (x) L
///   row_stacking:              d vec_r(Y)/d vec_r(L) = I_m (x) R^T, d vec_r(Y)/d vec_r(R) = L (x) I_b
/// denominator_layout transposes both. Covers y = W x (L2), Y = W X (L3, L4) and Y = X W
/// (product_jacobian(X, W): wrt_left is d/dX, wrt_right d/dW). Options as for jacobian.
template <class A, std::size_t M, std::size_t N, class Right, class... Tags>
constexpr auto product_jacobian(const mat<A, M, N>& left, const Right& right, Tags...) {
    static_assert(detail::is_mat<Right>::value || detail::is_vec<Right>::value,
                  "tinydual: product_jacobian(L, R) needs R to be a mat or a vec");
    using Opt = detail::driver_options<Tags...>;
    static_assert(Opt::policies == 0, "tinydual: product_jacobian(L, R, ...) takes layout and stacking tags only");
    const auto& r = detail::as_matrix(right);
    using RM = std::decay_t<decltype(r)>;
    static_assert(RM::rows() == N, "tinydual: product_jacobian(L, R) needs cols(L) == rows(R)");
    constexpr std::size_t b = RM::cols();
    using S = detail::scalar_t<A>;
    const auto rt = transpose(r);
    if constexpr (Opt::rows) {
        auto jl = kron_jacobian<identity_matrix<S, M>, std::decay_t<decltype(rt)>>{identity_matrix<S, M>{}, rt};
        auto jr = kron_jacobian<mat<A, M, N>, identity_matrix<S, b>>{left, identity_matrix<S, b>{}};
        if constexpr (Opt::denominator) {
            auto tl = jl.transpose();
            auto tr = jr.transpose();
            return product_jacobians<decltype(tl), decltype(tr)>{tl, tr};
        } else {
            return product_jacobians<decltype(jl), decltype(jr)>{jl, jr};
        }
    } else {
        auto jl = kron_jacobian<std::decay_t<decltype(rt)>, identity_matrix<S, M>>{rt, identity_matrix<S, M>{}};
        auto jr = kron_jacobian<identity_matrix<S, b>, mat<A, M, N>>{identity_matrix<S, b>{}, left};
        if constexpr (Opt::denominator) {
            auto tl = jl.transpose();
            auto tr = jr.transpose();
            return product_jacobians<decltype(tl), decltype(tr)>{tl, tr};
        } else {
            return product_jacobians<decltype(jl), decltype(jr)>{jl, jr};
        }
    }
}

/// The diagonal Jacobian of an element-wise f (y_i depends on x_i alone, e.g. sin(x), w * x) in
/// one pass with a single direction: every x_i is seeded with partial 1, so y_i' = f_i'(x_i).
/// That f is element-wise is the caller's promise (it is not, and cannot be, checked).
/// jacobian_result{value (vec<T, N>), jacobian (diagonal_jacobian<T, N>)}. Option: a policy.
template <class F, class X, class... Options>
TINYDUAL_DRIVER constexpr auto elementwise_jacobian(F&& f, const X& x, Options...) {
    detail::check_point<false, X>();
    using P = detail::point_traits<X>;
    using T = typename P::element;
    constexpr std::size_t N = P::size;
    return detail::run_passes<F, typename detail::policy_option<Options...>::policy>([&](auto pass, bool& finite) {
        using D = dual<T, 1, typename decltype(pass)::tag>;
        typename P::template with<D> xs{};  // every variable along the one direction
        for (std::size_t i = 0; i < N; ++i) xs[i] = D::variable(x[i], 0);
        const auto y = detail::call<D>(f, xs);
        using O = detail::output_traits<D, std::decay_t<decltype(y)>>;
        static_assert(O::size == N && !detail::is_mat<typename O::value_type>::value,
                      "tinydual: elementwise_jacobian(f, x) needs f to return a vector of the same size as x");
        diagonal_jacobian<T, N> J{};
        for (std::size_t i = 0; i < N; ++i) J.diagonal[i] = O::at(y, i).partial(0);
        auto value = detail::value_part<D>(y);
        using R = jacobian_result<decltype(value), diagonal_jacobian<T, N>>;
        detail::check_pass(pass, finite, [&] { return detail::finite_derivatives<D>(y); });
        return R{value, J};
    });
}

}  // namespace tinydual
