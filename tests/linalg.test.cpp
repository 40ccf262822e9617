// linalg.hpp: products and structure against loops written out by hand, on plain and dual
// elements (dual elements: the partials follow the product rule).
#include "support/testing.hpp"

using tinydual::mat;
using tinydual::vec;

TEST_CASE_TEMPLATE("linalg: products, transpose, outer, dot, sum, trace, diag, identity", T, float, double) {
    tdtest::rng r(3);
    const auto A = r.matrix<T, 3, 4>(-1, 1);
    const auto B = r.matrix<T, 4, 2>(-1, 1);
    const auto x = r.vector<T, 4>(-1, 1);
    const auto u = r.vector<T, 3>(-1, 1);
    const T tol = 8 * tdtest::eps<T>();

    const auto AB = A * B;
    static_assert(std::is_same<std::decay_t<decltype(AB)>, mat<T, 3, 2>>::value, "(3x4)(4x2) = 3x2");
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 2; ++j) {
            T s = 0;
            for (std::size_t k = 0; k < 4; ++k) s += A(i, k) * B(k, j);
            TD_CHECK_CLOSE(AB(i, j), s, tol);
        }
    const auto Ax = A * x;
    for (std::size_t i = 0; i < 3; ++i) {
        T s = 0;
        for (std::size_t k = 0; k < 4; ++k) s += A(i, k) * x[k];
        TD_CHECK_CLOSE(Ax[i], s, tol);
    }
    const auto At = transpose(A);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 4; ++j) CHECK(At(j, i) == A(i, j));
    const auto O = outer(u, x);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 4; ++j) CHECK(O(i, j) == u[i] * x[j]);
    TD_CHECK_CLOSE(dot(x, x), x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3], tol);
    TD_CHECK_CLOSE(sum(x), x[0] + x[1] + x[2] + x[3], tol);
    const auto S = r.matrix<T, 3, 3>(-1, 1);
    TD_CHECK_CLOSE(trace(S), S(0, 0) + S(1, 1) + S(2, 2), tol);
    const auto D = tinydual::diag(u);
    const auto I = tinydual::identity<T, 3>();
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j) {
            CHECK(D(i, j) == (i == j ? u[i] : T(0)));
            CHECK(I(i, j) == (i == j ? T(1) : T(0)));
        }
    tdtest::check_close(I * S, S, tol);
    TD_CHECK_CLOSE(frobenius_norm(A), std::sqrt(sum(hadamard(A, A))), tol);
}

TEST_CASE_TEMPLATE("linalg: hadamard and Kronecker products (identities P1, P2)", T, float, double) {
    tdtest::rng r(5);
    // P1: 2x2 (x) 2x2, row 2 (index 1) = [a11 b21, a11 b22, a12 b21, a12 b22]
    const auto A = r.matrix<T, 2, 2>(-2, 2);
    const auto B = r.matrix<T, 2, 2>(-2, 2);
    const auto K = kron(A, B);
    static_assert(std::is_same<std::decay_t<decltype(K)>, mat<T, 4, 4>>::value, "(2x2)(x)(2x2) is 4x4");
    CHECK(K(1, 0) == A(0, 0) * B(1, 0));
    CHECK(K(1, 1) == A(0, 0) * B(1, 1));
    CHECK(K(1, 2) == A(0, 1) * B(1, 0));
    CHECK(K(1, 3) == A(0, 1) * B(1, 1));
    // general shapes: (m x n) (x) (p x q) is (mp x nq), block (i, j) = a_ij B
    const auto C = r.matrix<T, 2, 3>(-1, 1);
    const auto E = r.matrix<T, 3, 2>(-1, 1);
    const auto KC = kron(C, E);
    static_assert(std::is_same<std::decay_t<decltype(KC)>, mat<T, 6, 6>>::value, "(2x3)(x)(3x2) is 6x6");
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            for (std::size_t k = 0; k < 3; ++k)
                for (std::size_t l = 0; l < 2; ++l) CHECK(KC(i * 3 + k, j * 2 + l) == C(i, j) * E(k, l));
    // P2: (A o B)_ij = a_ij b_ij
    const auto H = hadamard(C, C);
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 3; ++j) CHECK(H(i, j) == C(i, j) * C(i, j));
    const auto u = r.vector<T, 5>(-1, 1);
    const auto hu = hadamard(u, u);
    for (std::size_t i = 0; i < 5; ++i) CHECK(hu[i] == u[i] * u[i]);
}

TEST_CASE_TEMPLATE("linalg: products of dual matrices follow the product rule", T, float, double) {
    using D = tinydual::dual<T, 1>;
    tdtest::rng r(9);
    const auto A0 = r.matrix<T, 2, 3>(-1, 1), A1 = r.matrix<T, 2, 3>(-1, 1);
    const auto B0 = r.matrix<T, 3, 2>(-1, 1), B1 = r.matrix<T, 3, 2>(-1, 1);
    // A(t) = A0 + t A1, B(t) = B0 + t B1 at t = 0: d(AB)/dt = A1 B0 + A0 B1
    mat<D, 2, 3> A{};
    mat<D, 3, 2> B{};
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 3; ++j) {
            A(i, j) = D(A0(i, j), tinydual::vec<T, 1>{A1(i, j)});
            B(j, i) = D(B0(j, i), tinydual::vec<T, 1>{B1(j, i)});
        }
    const auto P = A * B;
    const auto expected = A1 * B0 + A0 * B1;
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 2; ++j) TD_CHECK_CLOSE(P(i, j).partial(0), expected(i, j), 8 * tdtest::eps<T>());
    // d tr(A B)/dt and d ||A||_F / dt
    TD_CHECK_CLOSE(trace(P).partial(0), trace(expected), 8 * tdtest::eps<T>());
    const T nf = frobenius_norm(A0);
    TD_CHECK_CLOSE(frobenius_norm(A).partial(0), sum(hadamard(A0, A1)) / nf, 8 * tdtest::eps<T>());
}

TEST_CASE_TEMPLATE("linalg: cross, squared_norm, norm, normalized; derivatives and the zero vector", T, float, double) {
    using tinydual::dual;
    const vec<T, 3> u{T(1), T(2), T(3)}, w{T(-2), T(0.5), T(4)};
    const vec<T, 3> c = tinydual::cross(u, w);
    CHECK(c[0] == T(2 * 4 - 3 * 0.5));
    CHECK(c[1] == T(3 * -2 - 1 * 4));
    CHECK(c[2] == T(1 * 0.5 - 2 * -2));
    CHECK(tinydual::dot(c, u) == T(0));
    CHECK(tinydual::squared_norm(u) == T(14));
    TD_CHECK_CLOSE(tinydual::norm(u), std::sqrt(T(14)), tdtest::closed_form_tol<T>());

    // Gradients through the drivers against closed forms: d|v| = v / |v|; d (v / |v|) = (I - n n') / |v|;
    // d (u x v) / dv = [u]_x.
    const vec<T, 3> v{T(0.5), T(-1.5), T(2)};
    const T nv = std::sqrt(T(0.25 + 2.25 + 4));
    const auto g = tinydual::gradient([](const auto& x) { return tinydual::norm(x); }, v);
    for (std::size_t i = 0; i < 3; ++i) TD_CHECK_CLOSE(g.gradient[i], v[i] / nv, tdtest::closed_form_tol<T>());
    const auto jn = tinydual::jacobian([](const auto& x) { return tinydual::normalized(x); }, v);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            TD_CHECK_CLOSE(jn.jacobian(i, j), ((i == j ? T(1) : T(0)) - v[i] * v[j] / (nv * nv)) / nv,
                           T(4) * tdtest::closed_form_tol<T>());
    const auto jc = tinydual::jacobian([&](const auto& x) { return tinydual::cross(u, x); }, v);
    const mat<T, 3, 3> ux{{0, -u[2], u[1]}, {u[2], 0, -u[0]}, {-u[1], u[0], 0}};
    tdtest::check_close(jc.jacobian, ux, T(0));

    // The zero vector: norm's partials are zero (safe_policy), normalized returns its argument.
    using d3 = dual<T, 3>;
    const vec<d3, 3> z{d3::variable(T(0), 0), d3::variable(T(0), 1), d3::variable(T(0), 2)};
    const d3 n0 = tinydual::norm(z);
    CHECK(n0.value() == T(0));
    for (std::size_t i = 0; i < 3; ++i) CHECK(n0.partial(i) == T(0));
    const vec<d3, 3> z1 = tinydual::normalized(z);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(z1[i].value() == T(0));
        for (std::size_t j = 0; j < 3; ++j) CHECK(z1[i].partial(j) == (i == j ? T(1) : T(0)));
    }
    using d3i = dual<T, 3, tinydual::ieee_policy>;
    const vec<d3i, 3> zi{d3i::variable(T(0), 0), d3i(T(0)), d3i(T(0))};
    CHECK(std::isnan(tinydual::norm(zi).partial(0)));
}
