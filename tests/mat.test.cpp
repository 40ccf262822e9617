// mat.hpp: row-major storage, row-by-row and flat brace initialisation, element-wise arithmetic.
#include "support/testing.hpp"

#include <type_traits>

using tinydual::mat;
using tinydual::vec;

static_assert(std::is_trivially_copyable<mat<float, 2, 3>>::value, "mat is a value type");
static_assert(sizeof(mat<double, 2, 3>) == 6 * sizeof(double), "no padding");
static_assert(mat<double, 2, 3>::rows() == 2 && mat<double, 2, 3>::cols() == 3, "shape");

TEST_CASE("mat: initialisation row by row and flat, row-major layout") {
    constexpr mat<double, 2, 3> A{{1, 2, 3}, {4, 5, 6}};
    static_assert(A(1, 0) == 4.0, "constexpr row-by-row initialisation");
    const mat<double, 2, 3> B{1, 2, 3, 4, 5, 6};
    CHECK(A == B);
    for (std::size_t k = 0; k < 6; ++k) CHECK(A.data()[k] == static_cast<double>(k + 1));
    CHECK(A.row(1) == vec<double, 3>{4, 5, 6});
    CHECK(A.col(2) == vec<double, 2>{3, 6});
    const mat<float, 2, 2> Z{};
    CHECK(Z == mat<float, 2, 2>::zero());
    const mat<float, 2, 2> partial{{1}, {2}};  // missing elements are zero
    CHECK(partial(0, 1) == 0.0f);
    CHECK(partial(1, 0) == 2.0f);
}

TEST_CASE_TEMPLATE("mat: element-wise arithmetic", T, float, double) {
    tdtest::rng r(11);
    const auto A = r.matrix<T, 3, 5>(-1, 1);
    const auto B = r.matrix<T, 3, 5>(-1, 1);
    const T s = T(-0.5f);
    const auto S = A + B, D = A - B, M = s * A, M2 = A * s, Q = A / s, N = -A;
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 5; ++j) {
            CHECK(S(i, j) == A(i, j) + B(i, j));
            CHECK(D(i, j) == A(i, j) - B(i, j));
            CHECK(M(i, j) == s * A(i, j));
            CHECK(M2(i, j) == A(i, j) * s);
            TD_CHECK_CLOSE(Q(i, j), A(i, j) / s, tdtest::eps<T>());
            CHECK(N(i, j) == -A(i, j));
        }
    auto C = A;
    C += B;
    C -= A;
    C *= T(2);
    C /= T(2);
    tdtest::check_close(C, B, 4 * tdtest::eps<T>());
}

// Constant expressions: element-wise arithmetic and products, on every backend (a row-major
// element loop where the run-time kernels use the flat storage and SIMD registers).
namespace {
constexpr mat<float, 2, 3> ca{1, 2, 3, 4, 5, 6};
constexpr mat<float, 3, 2> cb{1, 0, 0, 1, 1, 1};
constexpr auto cp = ca * cb + 2.0f * mat<float, 2, 2>{1, 1, 1, 1} - mat<float, 2, 2>{0, 0, 0, 1} / 1.0f;
static_assert(cp(0, 0) == 6 && cp(0, 1) == 7 && cp(1, 0) == 12 && cp(1, 1) == 12, "mat arithmetic in a constant expression");
static_assert((ca * vec<float, 3>{1, 1, 1})[1] == 15.0f, "mat * vec in a constant expression");
static_assert(tinydual::transpose(ca)(2, 1) == 6.0f && tinydual::trace(cp) == 18.0f, "transpose, trace");
static_assert(tinydual::sum(ca) == 21.0f && tinydual::hadamard(ca, ca)(1, 2) == 36.0f, "sum, hadamard");
static_assert((-ca)(1, 1) == -5.0f && (ca - ca) == mat<float, 2, 3>{} && ca != ca * 2.0f, "negation, comparison");
constexpr mat<double, 5, 5> mix5(double start) {
    mat<double, 5, 5> m{};
    for (std::size_t i = 0; i < 5; ++i)
        for (std::size_t j = 0; j < 5; ++j) m(i, j) = start + double(i * 5 + j);
    auto r = m * m - 3.0 * m + m / 2.0;
    r += m;
    r -= mat<double, 5, 5>::filled(1.0);
    r *= 2.0;
    return r;
}
// at start 0: (m m)(4, 4) = sum_k (20 + k)(4 + 5k) = 80 + 189 + 308 + 437 + 576 = 1590, m(4, 4) = 24
static_assert(mix5(0.0)(4, 4) == 2 * (1590.0 - 3 * 24 + 12 + 24 - 1), "mat<double, 5, 5> in a constant expression");
}  // namespace

TEST_CASE("mat: constant evaluation equals run-time evaluation") {
    volatile double zero = 0;  // run time: nothing folded
    constexpr auto rc = mix5(0.0);
    const auto r = mix5(zero);
    CHECK(r == rc);
}
