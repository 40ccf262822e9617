// The body of the firmware images (no_heap_image.cpp, float_only_image.cpp): every part of the
// library a firmware would use, checked against central differences so the image proves it ran
// right. check_all<T>() returns the number of failed comparisons.
#pragma once

#include <cmath>
#include <cstddef>
#include <type_traits>

#include <tinydual/tinydual.hpp>

#include "../../bench/footprint/kernels.hpp"

// A bad variant (bad_malloc.cpp, bad_double.cpp) defines this to smuggle in what the symbol
// checks must catch; the good images leave it undefined.
extern "C" void tdfw_inject() __attribute__((weak));

namespace tdfw {

using tinydual::mat;
using tinydual::vec;

template <class T>
bool close(T a, T b, T tol) {
    using std::fabs;
    using std::fmax;
    return fabs(a - b) <= tol * fmax(T(1), fmax(fabs(a), fabs(b)));
}
template <class T>
constexpr T step() {
    return sizeof(T) == 4 ? T(1e-2) : T(1e-5);
}
template <class T>
constexpr T tol() {
    return sizeof(T) == 4 ? T(2e-2) : T(1e-6);
}

/// gradient(f, x) against central differences of f itself.
template <class T, std::size_t N, class F>
int check_gradient(F f, const vec<T, N>& x) {
    const auto r = tinydual::gradient(f, x);
    int bad = close(r.value, f(x), tol<T>()) ? 0 : 1;
    for (std::size_t i = 0; i < N; ++i) {
        vec<T, N> xp = x, xm = x;
        xp[i] += step<T>();
        xm[i] -= step<T>();
        bad += close(r.gradient[i], (f(xp) - f(xm)) / (T(2) * step<T>()), tol<T>()) ? 0 : 1;
    }
    return bad;
}

/// jacobian(f, x) against central differences, column by column.
template <class T, std::size_t N, class F>
int check_jacobian(F f, const vec<T, N>& x) {
    const auto r = tinydual::jacobian(f, x);
    int bad = 0;
    for (std::size_t j = 0; j < N; ++j) {
        vec<T, N> xp = x, xm = x;
        xp[j] += step<T>();
        xm[j] -= step<T>();
        const auto fp = f(xp), fm = f(xm);
        for (std::size_t i = 0; i < fp.size(); ++i)
            bad += close(r.jacobian(i, j), (fp[i] - fm[i]) / (T(2) * step<T>()), tol<T>()) ? 0 : 1;
    }
    return bad;
}

#if TDKERNELS_HAVE_HESSIAN
/// hessian(f, x) against central differences of the gradient.
template <class T, std::size_t N, class F>
int check_hessian(F f, const vec<T, N>& x) {
    const auto r = tinydual::hessian(f, x);
    int bad = 0;
    for (std::size_t j = 0; j < N; ++j) {
        vec<T, N> xp = x, xm = x;
        xp[j] += step<T>();
        xm[j] -= step<T>();
        const auto gp = tinydual::gradient(f, xp).gradient, gm = tinydual::gradient(f, xm).gradient;
        for (std::size_t i = 0; i < N; ++i)
            bad += close(r.hessian(i, j), (gp[i] - gm[i]) / (T(2) * step<T>()), tol<T>()) ? 0 : 1;
    }
    return bad;
}
#endif

/// Every elementary function of the library in one expression (a = 0.3, b = 0.6 keeps each in
/// its domain and away from kinks).
template <class T>
struct functions {
    template <class E>
    E operator()(const vec<E, 2>& v) const {
        using namespace std;
        const E a = v[0], b = v[1];
        return sin(a) * cos(b) + tan(a) + exp(a) * exp2(b) + expm1(a) + log(b) + log2(b) + log10(b) +
               log1p(a) + sqrt(b) + cbrt(a) + pow(b, a) + pow(a, T(3)) + pow(T(2), b) + hypot(a, b) +
               atan2(a, b) + asin(a) + acos(b) + atan(a) + sinh(a) + cosh(b) + tanh(a) + asinh(a) +
               acosh(b + T(1.5)) + atanh(a) + erf(a) + erfc(b) + fmin(a, b) + fmax(a, b) +
               copysign(a, b) + floor(b) + ceil(a) + round(a) + trunc(b) + fmod(b, T(0.25)) +
               fma(a, b, a) + abs(a) + fabs(b);
    }
};

/// vec and mat: products, determinant, inverse, trace of M(x) = A + diag(x).
template <class T>
struct matrices {
    template <class E>
    E operator()(const vec<E, 4>& x) const {
        using namespace std;
        mat<E, 4, 4> M{};
        for (std::size_t i = 0; i < 4; ++i)
            for (std::size_t j = 0; j < 4; ++j)
                M(i, j) = E(T(tdkernels::l8_A[i][j])) + (i == j ? x[i] : E(T(0)));
        const auto inv = tinydual::inverse(M);
        if (!inv) return E(T(0));
        const vec<E, 4> y = M * x;
        return log(tinydual::determinant(M)) + tinydual::trace(*inv) + tinydual::dot(y, x) +
               tinydual::sum(transpose(M) * x);
    }
};

template <class T>
struct smooth {
    template <class E>
    E operator()(const vec<E, 4>& x) const {
        using namespace std;
        return x[0] * x[1] * exp(x[2] * T(0.5)) + sin(x[3]) * x[0] + log(x[1] * x[1] + T(1)) + x[2] * x[3] * x[3];
    }
};

template <class T>
int check_all() {
    int bad = check_gradient(functions<T>{}, vec<T, 2>{T(0.3), T(0.6)});
    bad += check_gradient(matrices<T>{}, vec<T, 4>{T(1.0), T(1.5), T(2.0), T(1.2)});
    bad += check_gradient(smooth<T>{}, vec<T, 4>{T(0.5), T(-1.0), T(0.25), T(2.0)});
    bad += check_jacobian(
        [](const auto& v) {
            using namespace std;
            using E = std::decay_t<decltype(v[0])>;
            return vec<E, 4>{v[0] * v[1], v[1] * v[2] * T(0.5), sin(v[2]) + v[3], exp(v[3] * T(0.1)) * v[0]};
        },
        vec<T, 4>{T(0.5), T(-1.0), T(0.25), T(2.0)});
#if TDKERNELS_HAVE_HESSIAN
    bad += check_hessian(smooth<T>{}, vec<T, 4>{T(0.5), T(-1.0), T(0.25), T(2.0)});
#endif
    return bad;
}

/// The solvers (optimize.hpp): Levenberg-Marquardt on Rosenbrock's residuals and Newton on
/// Rosenbrock's function, both to the minimum (1, 1).
template <class T>
int check_solvers() {
    const auto r = [](const auto& x) {
        using S = std::decay_t<decltype(x[0])>;
        return vec<S, 2>{T(10) * (x[1] - x[0] * x[0]), T(1) - x[0]};
    };
    const auto f = [](const auto& x) { return T(100) * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (T(1) - x[0]) * (T(1) - x[0]); };
    const vec<T, 2> x0{T(-1.2f), T(1)};
    const auto lm = tinydual::levenberg_marquardt(r, x0);
    const auto nt = tinydual::newton(f, x0);
    int bad = 0;
    bad += lm.status == tinydual::solver_status::converged && close(lm.x[0], T(1), tol<T>()) ? 0 : 1;
    bad += nt.status == tinydual::solver_status::converged && close(nt.x[1], T(1), tol<T>()) ? 0 : 1;
    return bad;
}

/// The footprint report's reference kernels (float).
inline int check_kernels() {
    const vec<float, 4> x{0.3f, -0.2f, 0.5f, 0.1f};
    int bad = 0;
    const vec<float, 4> g = tdkernels::net_gradient(x);
    bad += check_gradient([](const auto& v) { return tdkernels::net(v); }, x);
    bad += close(g[0], tinydual::gradient([](const auto& v) { return tdkernels::net(v); }, x).gradient[0], 0.0f) ? 0 : 1;
    bad += check_jacobian([](const auto& v) { return tdkernels::l8(v); }, x);
    const mat<float, 4, 4> J = tdkernels::l8_jacobian(x);
    bad += std::isfinite(J(3, 3)) ? 0 : 1;
#if TDKERNELS_HAVE_HESSIAN
    const mat<float, 4, 4> H = tdkernels::hessian4(x);
    bad += close(H(1, 2), H(2, 1), 0.0f) ? 0 : 1;
    bad += check_hessian([](const auto& v) { return tdkernels::h4(v); }, vec<float, 4>{0.5f, -1.0f, 0.25f, 2.0f});
#endif
    return bad;
}

}  // namespace tdfw
