// matrix_calculus.hpp, the layer maps: Jacobians of products y = W x, Y = W X, Y = X W
// (identities.md S7, L1-L6) in both stacking conventions and both layouts, dense (forward mode)
// against closed forms and against the structured kron_jacobian results, args(W, X) blocks, and
// backpropagation through a layer. Shapes: square, rectangular, 1 x n and n x 1.
#include "support/matrix_reference.hpp"

#include <tuple>
#include <type_traits>

using tinydual::dual;
using tinydual::mat;
using tinydual::vec;

namespace {

using tdtest::check_structured;
using tdtest::column;
using tdtest::eye;
using tdtest::in_layout;
using tdtest::mul;
using tdtest::ref_kron;
using tdtest::tr;

template <class T>
T tol() {
    return tdtest::matrix_tol<T>();
}

constexpr auto row_stacking = tinydual::row_stacking;
constexpr auto numerator_layout = tinydual::numerator_layout;
constexpr auto denominator_layout = tinydual::denominator_layout;

}  // namespace

// ---------------------------------------------------------------------------------------------
// S7, L3, L4 and Y = X W: Jacobians of matrix products, dense (forward mode) and structured
// ---------------------------------------------------------------------------------------------

namespace {
template <class T, bool Rows, bool Denominator, class F, class X>
auto jacobian_as(F f, const X& x) {
    if constexpr (Rows && Denominator)
        return tinydual::jacobian(f, x, row_stacking, denominator_layout).jacobian;
    else if constexpr (Rows)
        return tinydual::jacobian(f, x, row_stacking).jacobian;
    else if constexpr (Denominator)
        return tinydual::jacobian(f, x, denominator_layout).jacobian;
    else
        return tinydual::jacobian(f, x).jacobian;
}
template <bool Rows, bool Denominator, class L, class R>
auto product_jacobian_as(const L& l, const R& r) {
    if constexpr (Rows && Denominator)
        return tinydual::product_jacobian(l, r, denominator_layout, row_stacking);
    else if constexpr (Rows)
        return tinydual::product_jacobian(l, r, row_stacking);
    else if constexpr (Denominator)
        return tinydual::product_jacobian(l, r, denominator_layout);
    else
        return tinydual::product_jacobian(l, r);
}
// Y = W X, W m x n, X n x b, in one convention: dense forward mode vs closed form vs structured;
// then both arguments at once, and Y = X W. Each of the three parts has its own stack frame (the
// micro:bit's 4 KiB stack holds the locals of one part at a time, not of all three).
template <class T, std::size_t m, std::size_t n, std::size_t b, bool Rows, bool Den>
TDTEST_NOINLINE void check_left_product(const mat<T, m, n>& W, const mat<T, n, b>& X, tdtest::rng& g) {
    // L3: d vec(Y) / d vec(W) = X^T (x) I_m; d vec_r(Y) / d vec_r(W) = I_m (x) X^T
    const auto dW = Rows ? ref_kron(eye<T, m>(), tr(X)) : ref_kron(tr(X), eye<T, m>());
    // L4: d vec(Y) / d vec(X) = I_b (x) W; d vec_r(Y) / d vec_r(X) = W (x) I_b
    const auto dX = Rows ? ref_kron(W, eye<T, b>()) : ref_kron(eye<T, b>(), W);
    const auto JW = jacobian_as<T, Rows, Den>([&](const auto& Z) { return Z * X; }, W);
    const auto JX = jacobian_as<T, Rows, Den>([&](const auto& Z) { return W * Z; }, X);
    static_assert(std::is_same<std::decay_t<decltype(JW)>, std::decay_t<decltype(in_layout<Den>(dW))>>::value, "S7 shape");
    tdtest::check_close(JW, in_layout<Den>(dW), tol<T>());
    tdtest::check_close(JX, in_layout<Den>(dX), tol<T>());
    const auto S = product_jacobian_as<Rows, Den>(W, X);
    check_structured<T>(S.wrt_left, JW, g);
    check_structured<T>(S.wrt_right, JX, g);
}

// Both arguments at once: one block per argument, equal to the separate Jacobians. The joint
// Jacobian and each comparison have their own frames, one after the other.
template <bool Rows, bool Den, class W_, class X_>
TDTEST_NOINLINE auto joint_jacobian(const W_& W, const X_& X) {
    return tinydual::jacobian([](const auto& A, const auto& B) { return A * B; }, tinydual::args(W, X),
                              std::conditional_t<Rows, tinydual::row_stacking_t, tinydual::column_stacking_t>{},
                              std::conditional_t<Den, tinydual::denominator_layout_t, tinydual::numerator_layout_t>{});
}
template <class T, bool Rows, bool Den, class W_, class X_, class B>
TDTEST_NOINLINE void check_block_wrt_left(const W_& W, const X_& X, const B& bW) {
    tdtest::check_close(bW, jacobian_as<T, Rows, Den>([&](const auto& Z) { return Z * X; }, W), tol<T>());
}
template <class T, bool Rows, bool Den, class W_, class X_, class B>
TDTEST_NOINLINE void check_block_wrt_right(const W_& W, const X_& X, const B& bX) {
    tdtest::check_close(bX, jacobian_as<T, Rows, Den>([&](const auto& Z) { return W * Z; }, X), tol<T>());
}
template <class T, std::size_t m, std::size_t n, std::size_t b, bool Rows, bool Den>
TDTEST_NOINLINE void check_both_arguments(const mat<T, m, n>& W, const mat<T, n, b>& X) {
    const auto both = joint_jacobian<Rows, Den>(W, X);
    const auto& [bW, bX] = both.jacobian;
    check_block_wrt_left<T, Rows, Den>(W, X, bW);
    check_block_wrt_right<T, Rows, Den>(W, X, bX);
    tdtest::check_close(both.value, mul(W, X), tol<T>());
}

// Y = X2 W2 with X2 = X^T (b x n), W2 = W^T (n x m): the third layer map.
template <class T, std::size_t m, std::size_t n, std::size_t b, bool Rows, bool Den>
TDTEST_NOINLINE void check_right_product(const mat<T, m, n>& W, const mat<T, n, b>& X, tdtest::rng& g) {
    const auto X2 = tr(X);
    const auto W2 = tr(W);
    const auto JX2 = jacobian_as<T, Rows, Den>([&](const auto& Z) { return Z * W2; }, X2);
    const auto JW2 = jacobian_as<T, Rows, Den>([&](const auto& Z) { return X2 * Z; }, W2);
    // vec(X W) = (W^T (x) I_b) vec(X) = (I_m (x) X) vec(W); vec_r(X W) = (I_b (x) W^T) vec_r(X) = (X (x) I_m) vec_r(W)
    const auto rX2 = Rows ? ref_kron(eye<T, b>(), tr(W2)) : ref_kron(tr(W2), eye<T, b>());
    const auto rW2 = Rows ? ref_kron(X2, eye<T, m>()) : ref_kron(eye<T, m>(), X2);
    tdtest::check_close(JX2, in_layout<Den>(rX2), tol<T>());
    tdtest::check_close(JW2, in_layout<Den>(rW2), tol<T>());
    const auto S2 = product_jacobian_as<Rows, Den>(X2, W2);
    check_structured<T>(S2.wrt_left, JX2, g);
    check_structured<T>(S2.wrt_right, JW2, g);
}

template <class T, std::size_t m, std::size_t n, std::size_t b, bool Rows, bool Den>
void check_layer_products(const mat<T, m, n>& W, const mat<T, n, b>& X, tdtest::rng& g) {
    check_left_product<T, m, n, b, Rows, Den>(W, X, g);
    check_both_arguments<T, m, n, b, Rows, Den>(W, X);
    check_right_product<T, m, n, b, Rows, Den>(W, X, g);
}

// All four conventions (AllFour), or column/numerator and row/denominator only (compile time).
template <class T, std::size_t m, std::size_t n, std::size_t b, bool AllFour>
void check_layer_products_all(std::uint64_t seed) {
    tdtest::rng g(seed);
    for (int point = 0; point < 2; ++point) {
        const auto W = g.matrix<T, m, n>(-2, 2);
        const auto X = g.matrix<T, n, b>(-2, 2);
        check_layer_products<T, m, n, b, false, false>(W, X, g);
        check_layer_products<T, m, n, b, true, true>(W, X, g);
        if constexpr (AllFour) {
            check_layer_products<T, m, n, b, true, false>(W, X, g);
            check_layer_products<T, m, n, b, false, true>(W, X, g);
        }
    }
}
}  // namespace

// One test case per group of shapes (each fits the micro:bit's flash).
TEST_CASE_TEMPLATE("S7, L3, L4: d vec(WX) / d vec(W), d vec(X); Y = XW; dense == closed form == structured; rectangular",
                   T, float, double) {
    check_layer_products_all<T, 2, 3, 4, true>(41);
}

TEST_CASE_TEMPLATE("S7, L3, L4: d vec(WX) / d vec(W), d vec(X); Y = XW; dense == closed form == structured; square",
                   T, float, double) {
    check_layer_products_all<T, 2, 2, 2, true>(42);
}

TEST_CASE_TEMPLATE("S7, L3, L4: d vec(WX) / d vec(W), d vec(X); Y = XW; dense == closed form == structured; 1 x n, n x 1",
                   T, float, double) {
    check_layer_products_all<T, 1, 3, 2, false>(43);  // W is 1 x n
    check_layer_products_all<T, 3, 1, 2, false>(44);  // W is n x 1, X is 1 x b
    check_layer_products_all<T, 2, 3, 1, false>(45);  // X is n x 1
}

TEST_CASE_TEMPLATE("S7: Y = A X B, d vec(Y)/d vec(X) = B^T (x) A and d vec_r(Y)/d vec_r(X) = A (x) B^T", T, float, double) {
    tdtest::rng g(46);
    for (int point = 0; point < 3; ++point) {
        const auto A = g.matrix<T, 2, 3>(-2, 2);
        const auto X = g.matrix<T, 3, 2>(-2, 2);
        const auto B = g.matrix<T, 2, 4>(-2, 2);
        auto f = [&](const auto& Z) { return A * Z * B; };
        const auto Jc = tinydual::jacobian(f, X).jacobian;
        static_assert(std::is_same<std::decay_t<decltype(Jc)>, mat<T, 8, 6>>::value, "(pq) x (mn)");
        tdtest::check_close(Jc, ref_kron(tr(B), A), tol<T>());
        tdtest::check_close(tinydual::jacobian(f, X, row_stacking).jacobian, ref_kron(A, tr(B)), tol<T>());
        tdtest::check_close(tinydual::jacobian(f, X, denominator_layout).jacobian, tr(ref_kron(tr(B), A)), tol<T>());
        tdtest::check_close(tinydual::jacobian(f, X, numerator_layout).jacobian, Jc, tol<T>());
        // A vector output of a matrix point: y = X^T u, d y / d vec(X) = I (x) u^T
        const auto u = g.vector<T, 3>(-2, 2);
        const auto Jv = tinydual::jacobian([&](const auto& Z) { return transpose(Z) * u; }, X).jacobian;
        tdtest::check_close(Jv, ref_kron(eye<T, 2>(), tr(column(u))), tol<T>());
    }
}

// ---------------------------------------------------------------------------------------------
// L2: y = W x with respect to W (and x), dense and structured
// ---------------------------------------------------------------------------------------------

namespace {
template <class T, std::size_t m, std::size_t n>
void check_l2(std::uint64_t seed) {
    tdtest::rng g(seed);
    for (int point = 0; point < 3; ++point) {
        const auto W = g.matrix<T, m, n>(-2, 2);
        const auto x = g.vector<T, n>(-2, 2);
        const auto xt = tr(column(x));  // 1 x n
        auto f = [&](const auto& Z) { return Z * x; };
        // d y / d vec_r(W) = I_m (x) x^T (block diagonal); d y / d vec(W) = x^T (x) I_m
        const auto rr = ref_kron(eye<T, m>(), xt);
        const auto rc = ref_kron(xt, eye<T, m>());
        const auto Jc = tinydual::jacobian(f, W).jacobian;
        static_assert(std::is_same<std::decay_t<decltype(Jc)>, mat<T, m, m * n>>::value, "m x mn");
        tdtest::check_close(Jc, rc, tol<T>());
        tdtest::check_close(tinydual::jacobian(f, W, row_stacking).jacobian, rr, tol<T>());
        tdtest::check_close(tinydual::jacobian(f, W, denominator_layout).jacobian, tr(rc), tol<T>());
        tdtest::check_close(tinydual::jacobian(f, W, denominator_layout, row_stacking).jacobian, tr(rr), tol<T>());
        const auto Sc = tinydual::product_jacobian(W, x);
        const auto Sr = tinydual::product_jacobian(W, x, row_stacking);
        check_structured<T>(Sc.wrt_left, rc, g);
        check_structured<T>(Sr.wrt_left, rr, g);
        check_structured<T>(Sc.wrt_right, W, g);  // L1: dy/dx = W
        check_structured<T>(Sr.wrt_right, W, g);
        check_structured<T>(tinydual::product_jacobian(W, x, denominator_layout).wrt_left, tr(rc), g);
        // W and x together: blocks [dy/dvec(W), dy/dx]
        const auto both = tinydual::jacobian([](const auto& A, const auto& v) { return A * v; }, tinydual::args(W, x));
        tdtest::check_close(std::get<0>(both.jacobian), rc, tol<T>());
        tdtest::check_close(std::get<1>(both.jacobian), W, tol<T>());
        const auto both_r = tinydual::jacobian([](const auto& A, const auto& v) { return A * v; }, tinydual::args(W, x),
                                               denominator_layout, row_stacking);
        tdtest::check_close(std::get<0>(both_r.jacobian), tr(rr), tol<T>());
        tdtest::check_close(std::get<1>(both_r.jacobian), tr(W), tol<T>());
    }
}
}  // namespace

TEST_CASE_TEMPLATE("L2: d(Wx)/dvec_r(W) = I_m (x) x^T, d(Wx)/dvec(W) = x^T (x) I_m", T, float, double) {
    check_l2<T, 2, 3>(51);
    check_l2<T, 2, 2>(52);
    check_l2<T, 1, 3>(53);
    check_l2<T, 3, 1>(54);
}

// ---------------------------------------------------------------------------------------------
// L5, L6: backpropagation through a layer; gradients with respect to several arguments
// ---------------------------------------------------------------------------------------------

namespace {
template <class T, std::size_t m, std::size_t n, std::size_t b>
void check_l5_l6(std::uint64_t seed) {
    tdtest::rng g(seed);
    for (int point = 0; point < 3; ++point) {
        const auto W = g.matrix<T, m, n>(-1, 1);
        const auto x = g.vector<T, n>(-1, 1);
        const auto X = g.matrix<T, n, b>(-1, 1);
        // L5: z = sum(sin(y)), y = W x: dz/dW = f'(y) x^T with f'(y) = cos(y); dz/dx = W^T f'(y)
        auto z5 = [](const auto& A, const auto& v) { return sum(sin(A * v)); };
        const auto y = mul(W, column(x));
        mat<T, m, 1> fy{};
        for (std::size_t i = 0; i < m; ++i) fy(i, 0) = std::cos(y(i, 0));
        const auto dW5 = mul(fy, tr(column(x)));
        tdtest::check_close(tinydual::gradient([&](const auto& A) { return z5(A, x); }, W).gradient, dW5, tol<T>());
        const auto [v5, g5] = tinydual::gradient(z5, tinydual::args(W, x));
        const auto& [gW, gx] = g5;
        static_assert(std::is_same<std::decay_t<decltype(gW)>, mat<T, m, n>>::value, "shaped like W");
        static_assert(std::is_same<std::decay_t<decltype(gx)>, vec<T, n>>::value, "shaped like x");
        T zs(0);
        for (std::size_t i = 0; i < m; ++i) zs += std::sin(y(i, 0));
        TD_CHECK_CLOSE(v5, zs, tol<T>());
        tdtest::check_close(gW, dW5, tol<T>());
        const auto dx5 = mul(tr(W), fy);
        for (std::size_t j = 0; j < n; ++j) TD_CHECK_CLOSE(gx[j], dx5(j, 0), tol<T>());
        // L6: z = sum(sin(Y)), Y = W X: dz/dY = cos(Y), dz/dW = (dz/dY) X^T, dz/dX = W^T (dz/dY)
        const auto Y = mul(W, X);
        mat<T, m, b> dY{};
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < b; ++j) dY(i, j) = std::cos(Y(i, j));
        const auto g6 = tinydual::gradient([](const auto& A, const auto& B) { return sum(sin(A * B)); }, tinydual::args(W, X));
        tdtest::check_close(std::get<0>(g6.gradient), mul(dY, tr(X)), tol<T>());
        tdtest::check_close(std::get<1>(g6.gradient), mul(tr(W), dY), tol<T>());
        // The same backward products from the structured Jacobians: (d vec(Y)/d vec(W))^T vec(dY)
        const auto S = tinydual::product_jacobian(W, X, denominator_layout);
        tdtest::check_close(tinydual::unvectorize<m, n>(S.wrt_left.apply(tinydual::vectorize(dY))), mul(dY, tr(X)), tol<T>());
        tdtest::check_close(tinydual::unvectorize<n, b>(S.wrt_right.apply(tinydual::vectorize(dY))), mul(tr(W), dY), tol<T>());
        // A scalar argument in args: z = s * sum(W x), dz/ds = sum(W x)
        const auto g7 = tinydual::gradient([](const auto& s, const auto& A, const auto& v) { return s * sum(A * v); },
                                           tinydual::args(T(2), W, x));
        T swx(0);
        for (std::size_t i = 0; i < m; ++i) swx += y(i, 0);
        TD_CHECK_CLOSE(std::get<0>(g7.gradient), swx, tol<T>());
    }
}
}  // namespace

TEST_CASE_TEMPLATE("L5, L6: dz/dW = f'(y) x^T, dz/dW = (dz/dY) X^T, dz/dX = W^T (dz/dY), through args(W, x)", T, float,
                   double) {
    check_l5_l6<T, 2, 3, 2>(61);
    check_l5_l6<T, 1, 3, 1>(62);
    check_l5_l6<T, 3, 1, 3>(63);
}

