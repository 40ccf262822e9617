// tinydual/matrix_calculus.hpp: derivatives with respect to matrices, the two vectorization
// conventions, several arguments at once, and the structured (Kronecker) Jacobians of layer maps.
//
//   tinydual::mat<double, 2, 3> W{{1, 2, 3}, {4, 5, 6}};
//   auto [z, dz_dW] = tinydual::gradient([](const auto& X) { return sum(hadamard(X, X)); }, W);  // 2W
//   auto [Y, J] = tinydual::jacobian([](const auto& X) { return transpose(X); }, W, tinydual::row_stacking);
//
// Conventions (identities.md). vectorize(A) = vec(A) stacks the columns of A (A(i, j) at
// j * rows + i), vectorize_rows(A) = vec_r(A) stacks the rows (A(i, j) at i * cols + j, the memory
// order of a row-major mat). A Jacobian with respect to a matrix is d vec(Y) / d vec(X) by default
// (column_stacking) or d vec_r(Y) / d vec_r(X) with row_stacking; the same tag applies to the
// input and to a matrix output. numerator_layout (default) puts outputs on the rows,
// denominator_layout is the transpose. jacobian accepts at most one layout tag and one stacking
// tag, in either order: jacobian(f, X, row_stacking, denominator_layout).
//
// Several arguments: args(W, x) packs points (scalars, vecs, std::arrays, mats of one element
// type) into one input. f is called as f(W, x) with every argument seeded; gradient returns one
// gradient per argument, each shaped like its argument; jacobian returns one block per argument
// (a std::tuple, so auto [dW, dx] = r.jacobian works), block k being d vec(y) / d vec(argument k).
//
// Structured results: product_jacobian(L, R) gives the Jacobians of Y = L R (y = W x, Y = W X,
// Y = X W) with respect to L and to R as kron_jacobian objects holding the two Kronecker factors
// (identity factors stored as identity_matrix, which costs nothing); .dense() expands, .apply(v)
// multiplies without forming the product. elementwise_jacobian(f, x) computes the diagonal
// Jacobian of an element-wise f in a single one-direction pass.
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "derivatives.hpp"
#include "detail/traits.hpp"
#include "dual.hpp"
#include "linalg.hpp"
#include "mat.hpp"
#include "vec.hpp"

namespace tinydual {

// =============================================================================================
// Vectorization
// =============================================================================================

/// vec(A): the columns of A stacked; A(i, j) is element j * R + i.
template <class T, std::size_t R, std::size_t C>
constexpr vec<T, R * C> vectorize(const mat<T, R, C>& a) {
    vec<T, R * C> v{};
    for (std::size_t j = 0; j < C; ++j)
        for (std::size_t i = 0; i < R; ++i) v[j * R + i] = a(i, j);
    return v;
}
/// vec_r(A): the rows of A stacked (row-major memory order); A(i, j) is element i * C + j.
template <class T, std::size_t R, std::size_t C>
constexpr vec<T, R * C> vectorize_rows(const mat<T, R, C>& a) {
    vec<T, R * C> v{};
    for (std::size_t k = 0; k < R * C; ++k) v[k] = a.data()[k];
    return v;
}
/// A vector is a column: its own vectorization in both conventions.
template <class T, std::size_t N>
constexpr vec<T, N> vectorize(const vec<T, N>& v) {
    return v;
}
template <class T, std::size_t N>
constexpr vec<T, N> vectorize_rows(const vec<T, N>& v) {
    return v;
}
/// vectorize in the convention a tag names.
template <class A>
constexpr auto vectorize(const A& a, column_stacking_t) {
    return vectorize(a);
}
template <class A>
constexpr auto vectorize(const A& a, row_stacking_t) {
    return vectorize_rows(a);
}

/// The inverse of vectorize: the R x C matrix whose stacked columns are v.
template <std::size_t R, std::size_t C, class T, std::size_t N>
constexpr mat<T, R, C> unvectorize(const vec<T, N>& v) {
    static_assert(R * C == N, "tinydual: unvectorize<R, C>(v) needs a vector of exactly R * C elements");
    mat<T, R, C> a{};
    for (std::size_t j = 0; j < C; ++j)
        for (std::size_t i = 0; i < R; ++i) a(i, j) = v[j * R + i];
    return a;
}
/// The inverse of vectorize_rows: the R x C matrix whose stacked rows are v.
template <std::size_t R, std::size_t C, class T, std::size_t N>
constexpr mat<T, R, C> unvectorize_rows(const vec<T, N>& v) {
    static_assert(R * C == N, "tinydual: unvectorize_rows<R, C>(v) needs a vector of exactly R * C elements");
    mat<T, R, C> a{};
    for (std::size_t k = 0; k < N; ++k) a.data()[k] = v[k];
    return a;
}
/// unvectorize in the convention a tag names.
template <std::size_t R, std::size_t C, class T, std::size_t N>
constexpr mat<T, R, C> unvectorize(const vec<T, N>& v, column_stacking_t) {
    return unvectorize<R, C>(v);
}
template <std::size_t R, std::size_t C, class T, std::size_t N>
constexpr mat<T, R, C> unvectorize(const vec<T, N>& v, row_stacking_t) {
    return unvectorize_rows<R, C>(v);
}

// =============================================================================================
// Several arguments
// =============================================================================================

/// Points differentiated together; made by args(a, b, ...). f receives them as f(a, b, ...).
template <class... A>
struct arguments {
    std::tuple<A...> values;
};
/// Packs points (float/double scalars, vec, std::array, mat; one element type) into one input
/// for gradient and jacobian.
template <class... A>
constexpr arguments<A...> args(const A&... a) {
    static_assert(sizeof...(A) >= 1, "tinydual: args(...) needs at least one argument");
    return arguments<A...>{std::tuple<A...>(a...)};
}

namespace detail {

template <class X>
struct is_arguments : std::false_type {};
template <class... A>
struct is_arguments<arguments<A...>> : std::true_type {};

/// Position of A(i, j) in vec(A) (Rows = false) or vec_r(A) (Rows = true).
template <bool Rows, std::size_t R, std::size_t C>
constexpr std::size_t stacked_index(std::size_t i, std::size_t j) {
    return Rows ? i * C + j : j * R + i;
}

// One kind of point: its size, how to seed it (variables offset ... offset + size - 1, a matrix
// in the given stacking order) and how to read its gradient block back (shaped like the point).
template <class X, class = void>
struct argument_traits {
    static constexpr bool valid = false;
    static constexpr std::size_t size = 0;
};
template <class T>
struct argument_traits<T, std::enable_if_t<is_number<T>>> {
    static constexpr bool valid = true;
    using element = T;
    static constexpr std::size_t size = 1;
    template <bool, class D>
    static constexpr D seed(const T& x, std::size_t offset) {
        return D::variable(x, offset);
    }
    template <std::size_t offset, class D>
    static constexpr T gradient(const D& y) {
        static_assert(offset + size <= D::dimension, "tinydual: internal: argument partials out of range");
        return y.partial(offset);
    }
};
template <class T, std::size_t N>
struct argument_traits<vec<T, N>> {
    static constexpr bool valid = is_number<T>;
    using element = T;
    static constexpr std::size_t size = N;
    template <bool, class D>
    static constexpr vec<D, N> seed(const vec<T, N>& x, std::size_t offset) {
        vec<D, N> r{};
        for (std::size_t i = 0; i < N; ++i) r[i] = D::variable(x[i], offset + i);
        return r;
    }
    template <std::size_t offset, class D>
    static constexpr vec<T, N> gradient(const D& y) {
        static_assert(offset + size <= D::dimension, "tinydual: internal: argument partials out of range");
        vec<T, N> g{};
        for (std::size_t i = 0; i < N; ++i) g[i] = y.partial(offset + i);
        return g;
    }
};
template <class T, std::size_t N>
struct argument_traits<std::array<T, N>> {
    static constexpr bool valid = is_number<T> && N >= 1;
    using element = T;
    static constexpr std::size_t size = N;
    template <bool, class D>
    static constexpr std::array<D, N> seed(const std::array<T, N>& x, std::size_t offset) {
        std::array<D, N> r{};
        for (std::size_t i = 0; i < N; ++i) r[i] = D::variable(x[i], offset + i);
        return r;
    }
    template <std::size_t offset, class D>
    static constexpr vec<T, N> gradient(const D& y) {
        static_assert(offset + size <= D::dimension, "tinydual: internal: argument partials out of range");
        return argument_traits<vec<T, N>>::template gradient<offset>(y);
    }
};
template <class T, std::size_t R, std::size_t C>
struct argument_traits<mat<T, R, C>> {
    static constexpr bool valid = is_number<T>;
    using element = T;
    static constexpr std::size_t size = R * C;
    template <class D>
    using seeded = mat<D, R, C>;
    template <bool Rows, class D>
    static constexpr mat<D, R, C> seed(const mat<T, R, C>& x, std::size_t offset) {
        mat<D, R, C> r{};
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t j = 0; j < C; ++j) r(i, j) = D::variable(x(i, j), offset + stacked_index<Rows, R, C>(i, j));
        return r;
    }
    template <std::size_t offset, class D>
    static constexpr mat<T, R, C> gradient(const D& y) {
        static_assert(offset + size <= D::dimension, "tinydual: internal: argument partials out of range");
        mat<T, R, C> g{};
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t j = 0; j < C; ++j) g(i, j) = y.partial(offset + stacked_index<false, R, C>(i, j));
        return g;
    }
};

// The options of jacobian and product_jacobian: at most one layout and one stacking tag.
template <class X>
constexpr bool is_layout_tag = std::is_same<X, numerator_layout_t>::value || std::is_same<X, denominator_layout_t>::value;
template <class X>
constexpr bool is_stacking_tag = std::is_same<X, column_stacking_t>::value || std::is_same<X, row_stacking_t>::value;
template <class... Tags>
struct calculus_options {
    static_assert(((is_layout_tag<Tags> || is_stacking_tag<Tags>)&&...),
                  "tinydual: the options after the point are numerator_layout or denominator_layout, and "
                  "column_stacking or row_stacking");
    static_assert((std::size_t{0} + ... + std::size_t{is_layout_tag<Tags>}) <= 1,
                  "tinydual: give at most one layout tag (numerator_layout or denominator_layout)");
    static_assert((std::size_t{0} + ... + std::size_t{is_stacking_tag<Tags>}) <= 1,
                  "tinydual: give at most one stacking tag (column_stacking or row_stacking)");
    static constexpr bool denominator = (false || ... || std::is_same<Tags, denominator_layout_t>::value);
    static constexpr bool rows = (false || ... || std::is_same<Tags, row_stacking_t>::value);
};

/// Output element k of y in the stacking order (vectorize or vectorize_rows of a matrix output).
template <bool Rows, class D, class Y>
constexpr decltype(auto) stacked_output(const Y& y, std::size_t k) {
    if constexpr (is_mat<Y>::value) {
        constexpr std::size_t R = Y::rows(), C = Y::cols();
        if constexpr (Rows)
            return y(k / C, k % C);
        else
            return y(k % R, k / R);
    } else {
        return output_traits<D, Y>::at(y, k);
    }
}

/// The block of the Jacobian of y for the variables offset ... offset + Cols - 1.
template <bool Rows, bool Denominator, class T, std::size_t Cols, class D, class Y>
constexpr auto jacobian_block(const Y& y, std::size_t offset) {
    constexpr std::size_t M = output_traits<D, Y>::size;
    if constexpr (Denominator) {
        mat<T, Cols, M> J{};
        for (std::size_t k = 0; k < M; ++k) {
            const D& yk = stacked_output<Rows, D>(y, k);
            for (std::size_t l = 0; l < Cols; ++l) J(l, k) = yk.partial(offset + l);
        }
        return J;
    } else {
        mat<T, M, Cols> J{};
        for (std::size_t k = 0; k < M; ++k) {
            const D& yk = stacked_output<Rows, D>(y, k);
            for (std::size_t l = 0; l < Cols; ++l) J(k, l) = yk.partial(offset + l);
        }
        return J;
    }
}

template <class D, class F, class... Args>
constexpr auto call_with(F& f, const Args&... a) {
    static_assert(std::is_invocable<F&, const Args&...>::value,
                  "tinydual: f cannot be called with the seeded arguments; with args(a, b, ...) f takes one "
                  "parameter per argument: write it as a generic lambda ([](const auto& W, const auto& x) {...})");
    using Y = std::decay_t<std::invoke_result_t<F&, const Args&...>>;
    static_assert(output_traits<D, Y>::valid,
                  "tinydual: f must return the dual number type it computed with (a scalar), or a "
                  "vec/std::array/mat of them; did it return a plain value or mix float and double?");
    return f(a...);
}

template <class... A>
struct arguments_traits {
    static_assert((argument_traits<A>::valid && ...),
                  "tinydual: args(...) takes float/double scalars, vec, std::array and mat points (or duals of them)");
    using element = typename argument_traits<std::tuple_element_t<0, std::tuple<A...>>>::element;
    static_assert((std::is_same<typename argument_traits<A>::element, element>::value && ...),
                  "tinydual: every argument of args(...) needs the same element type (all float or all double)");
    static constexpr std::size_t size = (std::size_t{0} + ... + argument_traits<A>::size);
    /// First variable of argument i.
    static constexpr std::size_t offset(std::size_t i) {
        constexpr std::size_t sizes[] = {argument_traits<A>::size...};
        std::size_t s = 0;
        for (std::size_t k = 0; k < i; ++k) s += sizes[k];
        return s;
    }
};

template <bool Rows, bool Denominator, class F, class... A, std::size_t... I>
constexpr auto jacobian_of_arguments(F& f, const arguments<A...>& a, std::index_sequence<I...>) {
    using P = arguments_traits<A...>;
    using T = typename P::element;
    using D = dual<T, P::size, driver_tag_t<F>>;
    const auto y = call_with<D>(f, argument_traits<A>::template seed<Rows, D>(std::get<I>(a.values), P::offset(I))...);
    auto value = value_part<D>(y);
    auto blocks = std::make_tuple(jacobian_block<Rows, Denominator, T, argument_traits<A>::size, D>(y, P::offset(I))...);
    return jacobian_result<decltype(value), decltype(blocks)>{value, blocks};
}

template <class F, class... A, std::size_t... I>
constexpr auto gradient_of_arguments(F& f, const arguments<A...>& a, std::index_sequence<I...>) {
    using P = arguments_traits<A...>;
    using T = typename P::element;
    using D = dual<T, P::size, driver_tag_t<F>>;
    const auto y = call_with<D>(f, argument_traits<A>::template seed<false, D>(std::get<I>(a.values), P::offset(I))...);
    using O = output_traits<D, std::decay_t<decltype(y)>>;
    static_assert(O::size == 1 && !is_vec<typename O::value_type>::value && !is_mat<typename O::value_type>::value,
                  "tinydual: gradient(f, args(...)) needs f to return a scalar; use jacobian for vector or matrix outputs");
    const D s = O::at(y, 0);
    auto g = std::make_tuple(argument_traits<A>::template gradient<P::offset(I)>(s)...);
    return gradient_result<T, decltype(g)>{s.value(), g};
}

template <class Options, class F, class X>
constexpr auto jacobian_with(F& f, const X& x) {
    constexpr bool rows = Options::rows, den = Options::denominator;
    if constexpr (is_arguments<X>::value) {
        return jacobian_of_arguments<rows, den>(f, x, std::make_index_sequence<std::tuple_size<decltype(x.values)>::value>{});
    } else {
        using A = argument_traits<X>;
        static_assert(A::valid && !is_number<X>,
                      "tinydual: jacobian takes its point as vec<T, N>, std::array<T, N>, mat<T, R, C> or "
                      "args(...); for a scalar point use derivative(f, t)");
        if constexpr (A::valid && !is_number<X>) {
            using T = typename A::element;
            using D = dual<T, A::size, driver_tag_t<F>>;
            const auto y = call<D>(f, A::template seed<rows, D>(x, 0));
            auto value = value_part<D>(y);
            auto J = jacobian_block<rows, den, T, A::size, D>(y, 0);
            return jacobian_result<decltype(value), decltype(J)>{value, J};
        }
    }
}

}  // namespace detail

// =============================================================================================
// Drivers for matrix points and several arguments
// =============================================================================================

/// The argument type f receives from gradient(f, X) and jacobian(f, X) for a matrix point X.
template <class X>
using matrix_input_t = typename detail::argument_traits<X>::template seeded<dual<typename detail::argument_traits<X>::element, detail::argument_traits<X>::size>>;

/// Gradient of the scalar function f at the matrix X, in one pass: gradient_result{value,
/// gradient}, gradient a mat<T, R, C> shaped like X (gradient(i, j) = df / dX(i, j)). f receives
/// mat<dual<T, R * C>, R, C> (matrix_input_t<mat<T, R, C>>), as from jacobian(f, X).
template <class F, class T, std::size_t R, std::size_t C>
constexpr auto gradient(F&& f, const mat<T, R, C>& x) {
    static_assert(detail::is_number<T>, "tinydual: the point's elements must be float, double, or a dual of them");
    using D = dual<T, R * C, detail::driver_tag_t<F>>;
    const auto y = detail::call<D>(f, detail::argument_traits<mat<T, R, C>>::template seed<false, D>(x, 0));
    using O = detail::output_traits<D, std::decay_t<decltype(y)>>;
    static_assert(O::size == 1 && !detail::is_vec<typename O::value_type>::value &&
                      !detail::is_mat<typename O::value_type>::value,
                  "tinydual: gradient(f, X) needs f to return a scalar; use jacobian for vector or matrix outputs");
    const D s = O::at(y, 0);
    return gradient_result<T, mat<T, R, C>>{s.value(), detail::argument_traits<mat<T, R, C>>::template gradient<0>(s)};
}

/// Gradient of the scalar f(a, b, ...) with respect to every argument of args(a, b, ...), in one
/// pass: gradient_result{value, gradient}, gradient a std::tuple with one entry per argument,
/// shaped like it (a scalar, a vec or a mat).
template <class F, class... A>
constexpr auto gradient(F&& f, const arguments<A...>& a) {
    return detail::gradient_of_arguments(f, a, std::index_sequence_for<A...>{});
}

// The jacobian overloads below complete derivatives.hpp's jacobian(f, x) and jacobian(f, x,
// denominator_layout) (vec and std::array points, column stacking) without ambiguity: a mat or
// args point with no tag or one layout tag takes the more specialised overloads here; a stacking
// tag or two tags take the generic ones, for every kind of point.

/// Jacobian of f at the matrix X: d vec(Y) / d vec(X), (size of f's output) x (R * C) in numerator
/// layout. f may return a scalar, a vec, a std::array or a mat (vectorized in the same convention).
/// Options (after X, at most one of each, any order): numerator_layout / denominator_layout,
/// column_stacking / row_stacking. jacobian_result{value (f's shape), jacobian}.
template <class F, class T, std::size_t R, std::size_t C>
constexpr auto jacobian(F&& f, const mat<T, R, C>& x) {
    return detail::jacobian_with<detail::calculus_options<>>(f, x);
}
template <class F, class T, std::size_t R, std::size_t C>
constexpr auto jacobian(F&& f, const mat<T, R, C>& x, numerator_layout_t) {
    return detail::jacobian_with<detail::calculus_options<>>(f, x);
}
template <class F, class T, std::size_t R, std::size_t C>
constexpr auto jacobian(F&& f, const mat<T, R, C>& x, denominator_layout_t) {
    return detail::jacobian_with<detail::calculus_options<denominator_layout_t>>(f, x);
}

/// Jacobian of f(a, b, ...) at args(a, b, ...): jacobian_result{value, jacobian}, jacobian a
/// std::tuple of one block per argument, block k = d vec(y) / d vec(argument k), in the requested
/// layout and stacking (the same options as for a matrix point).
template <class F, class... A>
constexpr auto jacobian(F&& f, const arguments<A...>& a) {
    return detail::jacobian_with<detail::calculus_options<>>(f, a);
}
template <class F, class... A>
constexpr auto jacobian(F&& f, const arguments<A...>& a, numerator_layout_t) {
    return detail::jacobian_with<detail::calculus_options<>>(f, a);
}
template <class F, class... A>
constexpr auto jacobian(F&& f, const arguments<A...>& a, denominator_layout_t) {
    return detail::jacobian_with<detail::calculus_options<denominator_layout_t>>(f, a);
}

/// Any point (vec, std::array, mat, args) with a stacking tag, or with a layout and a stacking tag
/// in either order. For a vec point the stacking tag orders a matrix output:
/// jacobian(f, x, row_stacking) is d vec_r(Y) / dx.
template <class F, class X>
constexpr auto jacobian(F&& f, const X& x, column_stacking_t) {
    return detail::jacobian_with<detail::calculus_options<column_stacking_t>>(f, x);
}
template <class F, class X>
constexpr auto jacobian(F&& f, const X& x, row_stacking_t) {
    return detail::jacobian_with<detail::calculus_options<row_stacking_t>>(f, x);
}
template <class F, class X, class Tag1, class Tag2>
constexpr auto jacobian(F&& f, const X& x, Tag1, Tag2) {
    return detail::jacobian_with<detail::calculus_options<Tag1, Tag2>>(f, x);
}

// =============================================================================================
// Structured Jacobians
// =============================================================================================

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
    using Opt = detail::calculus_options<Tags...>;
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
/// jacobian_result{value (vec<T, N>), jacobian (diagonal_jacobian<T, N>)}.
template <class F, class X>
constexpr auto elementwise_jacobian(F&& f, const X& x) {
    detail::check_vector_input<X>();
    using T = typename detail::input_traits<X>::element;
    constexpr std::size_t N = detail::input_traits<X>::size;
    using D = dual<T, 1, detail::driver_tag_t<F>>;
    typename detail::input_traits<X>::template with<D> xs{};
    for (std::size_t i = 0; i < N; ++i) xs[i] = D::variable(x[i], 0);
    const auto y = detail::call<D>(f, xs);
    using O = detail::output_traits<D, std::decay_t<decltype(y)>>;
    static_assert(O::size == N && !detail::is_mat<typename O::value_type>::value,
                  "tinydual: elementwise_jacobian(f, x) needs f to return a vector of the same size as x");
    diagonal_jacobian<T, N> J{};
    for (std::size_t i = 0; i < N; ++i) J.diagonal[i] = O::at(y, i).partial(0);
    auto value = detail::value_part<D>(y);
    return jacobian_result<decltype(value), diagonal_jacobian<T, N>>{value, J};
}

}  // namespace tinydual
