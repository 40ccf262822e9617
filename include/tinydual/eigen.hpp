// tinydual/eigen.hpp: dual and hyper_dual as Eigen scalars, and vec/mat <-> Eigen matrices
// (optional; the only tinydual header that includes Eigen, 3.4 or later).
//
//   #include <tinydual/eigen.hpp>        // before any Eigen header (see below)
//   using d6 = tinydual::dual<double, 6>;
//   Eigen::Matrix<d6, 3, 3> A = ...;
//   Eigen::Matrix<d6, 3, 1> x = A.partialPivLu().solve(b);    // derivatives of the solution
//   Eigen::Matrix3d R;  auto y = R * A;                       // double x dual: dual
//
// What it gives:
//  - Eigen::NumTraits for dual and hyper_dual (nested too): epsilon(), dummy_precision(),
//    highest()... are T's, as constants; without them Eigen's tolerances are 0, and JacobiSVD
//    returns NaN.
//  - Eigen::ScalarBinaryOpTraits both ways between a number and its floating-point type, so
//    Matrix3d * Matrix<dual, 3, 3> is a Matrix of duals.
//  - tinydual::to_eigen(v) and tinydual::from_eigen(m) (copies), tinydual::eigen_view(v) (an
//    Eigen::Map over a vec's or mat's own storage; writes through, no copy).
//  - Right derivatives in Eigen's triangular solves (LLT, LDLT, the LU and QR solves with
//    dynamic sizes): Eigen 3.4 skips a right-hand-side entry that compares equal to zero
//    (numext::not_equal_strict), and a dual compares by value, so an entry whose value is 0 and
//    whose partials are not would lose its partials (Drake issue 17037; Eigen 5 added the
//    customisation point is_identically_zero for it). This header declares exact overloads of
//    not_equal_strict and equal_strict (value and every partial) before Eigen defines the
//    solves, which bind them there; that is why it must come before any Eigen header, and why
//    including it after one is an error rather than silently wrong derivatives.
//
// What Eigen still does by value (tested in tests/eigen.test.cpp, see the README): Givens
// rotations and Householder reflections skip an entry whose value is exactly zero, so the
// derivatives of eigenvectors and singular vectors are lost at a matrix that is exactly diagonal
// (or triangular) in value but not in its derivatives; eigenvalues and singular values keep
// theirs. At repeated eigenvalues the eigenvectors are not differentiable at all.
#pragma once

#if defined(EIGEN_CORE_H) || defined(EIGEN_CORE_MODULE_H)
#error "tinydual/eigen.hpp must be included before any Eigen header: Eigen's triangular solves bind the exact zero test for dual numbers (numext::not_equal_strict) where Eigen defines them, so with an Eigen header first, LLT/LDLT/LU solves would silently drop derivatives. Include <tinydual/eigen.hpp> first (it includes <Eigen/Core>)."
#endif

#include <cstddef>
#include <type_traits>

#include "dual.hpp"
#include "hyper_dual.hpp"
#include "mat.hpp"
#include "vec.hpp"

namespace tinydual {
namespace detail {

/// Equal in value and in every partial (recursively for nested numbers): what "is this exactly
/// the zero of the number type" means for a derivative, unlike ==, which compares values.
template <class T>
constexpr bool identical(const T& a, const T& b) {
    if constexpr (is_dual<T>::value) {
        if (!identical(a.value(), b.value())) return false;
        for (std::size_t i = 0; i < T::dimension; ++i)
            if (!identical(a.partial(i), b.partial(i))) return false;
        return true;
    } else if constexpr (is_hyper_dual<T>::value) {
        if (!identical(a.value(), b.value())) return false;
        for (std::size_t i = 0; i < T::dimension; ++i) {
            if (!identical(a.partial(i), b.partial(i))) return false;
            for (std::size_t j = i; j < T::dimension; ++j)
                if (!identical(a.second_partial(i, j), b.second_partial(i, j))) return false;
        }
        return true;
    } else {
        return a == b;
    }
}

}  // namespace detail
}  // namespace tinydual

namespace Eigen {
namespace numext {

// More specialised than Eigen's generic templates (x == y, x != y): chosen for two numbers of
// the same type, which is how Eigen's solves call them (RhsScalar(0)).
template <class X, std::enable_if_t<tinydual::detail::is_ad<X>, int> = 0>
bool equal_strict(const X& x, const X& y) {
    return tinydual::detail::identical(x, y);
}
template <class X, std::enable_if_t<tinydual::detail::is_ad<X>, int> = 0>
bool not_equal_strict(const X& x, const X& y) {
    return !tinydual::detail::identical(x, y);
}

}  // namespace numext
}  // namespace Eigen

#include <Eigen/Core>

#if !EIGEN_VERSION_AT_LEAST(3, 4, 0)
#error "tinydual/eigen.hpp needs Eigen 3.4 or later (ScalarBinaryOpTraits, numext::not_equal_strict)"
#endif

namespace tinydual {
namespace detail {

/// Eigen::NumTraits of a number D on T: Eigen's generic traits, which read epsilon(), highest(),
/// digits()... from std::numeric_limits<D> (limits.hpp: T's, as D constants), plus T's
/// dummy_precision() and the costs of a number of N + 1 floats.
template <class D, class T>
struct eigen_num_traits : Eigen::GenericNumTraits<D> {
    enum {
        IsComplex = 0,
        IsInteger = 0,
        IsSigned = 1,
        RequireInitialization = 1,
        // Eigen weighs these when it decides to unroll or vectorise.
        ReadCost = 1,
        AddCost = Eigen::NumTraits<T>::AddCost * int(D::dimension + 1),
        MulCost = Eigen::NumTraits<T>::MulCost * int(2 * D::dimension + 1)
    };
    static D dummy_precision() { return D(Eigen::NumTraits<T>::dummy_precision()); }
};

/// Eigen's storage order for a fixed R x C matrix laid out as mat's row-major elements
/// (a column vector must be column-major in Eigen; its layout is the same).
template <std::size_t R, std::size_t C>
constexpr int eigen_row_major = (C == 1 && R != 1) ? Eigen::ColMajor : Eigen::RowMajor;

}  // namespace detail

/// A copy of v as an Eigen column vector.
template <class T, std::size_t N>
Eigen::Matrix<T, int(N), 1> to_eigen(const vec<T, N>& v) {
    return Eigen::Map<const Eigen::Matrix<T, int(N), 1>>(v.data());
}
/// A copy of a as an Eigen matrix (Eigen's default, column-major storage).
template <class T, std::size_t R, std::size_t C>
Eigen::Matrix<T, int(R), int(C)> to_eigen(const mat<T, R, C>& a) {
    return Eigen::Map<const Eigen::Matrix<T, int(R), int(C), detail::eigen_row_major<R, C>>>(&a.elems[0][0]);
}

/// A copy of a fixed-size Eigen matrix or expression: a vec for a column vector, else a mat.
template <class Derived>
auto from_eigen(const Eigen::MatrixBase<Derived>& m) {
    using S = typename Derived::Scalar;
    constexpr int R = Derived::RowsAtCompileTime, C = Derived::ColsAtCompileTime;
    static_assert(R != Eigen::Dynamic && C != Eigen::Dynamic,
                  "tinydual::from_eigen needs an Eigen matrix of fixed size: vec and mat have compile-time sizes");
    if constexpr (C == 1) {
        vec<S, std::size_t(R)> v;
        for (int i = 0; i < R; ++i) v[std::size_t(i)] = m.coeff(i, 0);
        return v;
    } else {
        mat<S, std::size_t(R), std::size_t(C)> a;
        for (int i = 0; i < R; ++i)
            for (int j = 0; j < C; ++j) a(std::size_t(i), std::size_t(j)) = m.coeff(i, j);
        return a;
    }
}

/// An Eigen::Map over v's own elements: an Eigen column vector that reads and writes v.
template <class T, std::size_t N>
Eigen::Map<Eigen::Matrix<T, int(N), 1>> eigen_view(vec<T, N>& v) {
    return Eigen::Map<Eigen::Matrix<T, int(N), 1>>(v.data());
}
template <class T, std::size_t N>
Eigen::Map<const Eigen::Matrix<T, int(N), 1>> eigen_view(const vec<T, N>& v) {
    return Eigen::Map<const Eigen::Matrix<T, int(N), 1>>(v.data());
}
/// An Eigen::Map over a's own elements (row-major, as mat stores them).
template <class T, std::size_t R, std::size_t C>
Eigen::Map<Eigen::Matrix<T, int(R), int(C), detail::eigen_row_major<R, C>>> eigen_view(mat<T, R, C>& a) {
    return Eigen::Map<Eigen::Matrix<T, int(R), int(C), detail::eigen_row_major<R, C>>>(&a.elems[0][0]);
}
template <class T, std::size_t R, std::size_t C>
Eigen::Map<const Eigen::Matrix<T, int(R), int(C), detail::eigen_row_major<R, C>>> eigen_view(const mat<T, R, C>& a) {
    return Eigen::Map<const Eigen::Matrix<T, int(R), int(C), detail::eigen_row_major<R, C>>>(&a.elems[0][0]);
}

}  // namespace tinydual

namespace Eigen {

template <class T, std::size_t N, class Tag>
struct NumTraits<tinydual::dual<T, N, Tag>> : tinydual::detail::eigen_num_traits<tinydual::dual<T, N, Tag>, T> {};
template <class T, std::size_t N, class Tag>
struct NumTraits<tinydual::hyper_dual<T, N, Tag>>
    : tinydual::detail::eigen_num_traits<tinydual::hyper_dual<T, N, Tag>, T> {};

// A number with its floating-point type (double for dual<double, N> and for
// dual<dual<double, M>, N>), either way round, gives the number.
template <class T, std::size_t N, class Tag, class Op>
struct ScalarBinaryOpTraits<tinydual::dual<T, N, Tag>, tinydual::detail::scalar_t<T>, Op> {
    using ReturnType = tinydual::dual<T, N, Tag>;
};
template <class T, std::size_t N, class Tag, class Op>
struct ScalarBinaryOpTraits<tinydual::detail::scalar_t<T>, tinydual::dual<T, N, Tag>, Op> {
    using ReturnType = tinydual::dual<T, N, Tag>;
};
template <class T, std::size_t N, class Tag, class Op>
struct ScalarBinaryOpTraits<tinydual::hyper_dual<T, N, Tag>, tinydual::detail::scalar_t<T>, Op> {
    using ReturnType = tinydual::hyper_dual<T, N, Tag>;
};
template <class T, std::size_t N, class Tag, class Op>
struct ScalarBinaryOpTraits<tinydual::detail::scalar_t<T>, tinydual::hyper_dual<T, N, Tag>, Op> {
    using ReturnType = tinydual::hyper_dual<T, N, Tag>;
};

}  // namespace Eigen
