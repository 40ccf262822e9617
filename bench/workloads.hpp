// bench/workloads.hpp: the benchmark workloads, written once for every number type, and their
// hand-written derivatives. No dependency on tinydual or on a peer.
//
//   wl::dense<double, 8> p = wl::make_dense<double, 8>();
//   auto f = wl::tanh_layer<double>(x, p);          // x: any indexable of a number type S
//   auto g = wl::hand::tanh_layer_gradient(p.x, p);  // {value, gradient}
//
// Each workload is a template over the input container X (std::array of tinydual::dual,
// ceres::Jet, Eigen::AutoDiffScalar, ...) and C, the type constants are written in: the plain
// T for first-order types (a constant carries no partials), the inner Jet for Jet of Jet (whose
// operators do not mix with a plain double). Every workload is written the way a user writes
// it: loops, one number type, no knowledge of the derivative.
//
// N is the number of independent variables:
//   rosenbrock    extended Rosenbrock sum_i 100 (x_2i^2 - x_2i+1)^2 + (x_2i - 1)^2, N even
//   tanh_layer    v . tanh(W x + c), W N x N (N hidden units)
//   neuron_loss   identities.md N2 with K = 32 samples: params (w, b), w in R^(N-1)
//   quad_sin      x^T A x + sum sin x (Hessian)
//   l8            identities.md L8: F(x) = A((Ax + b) .* (Ax + b)) + b (Jacobian, N x N)
//   rigid         r = R(w) P + t - O, R by angle-axis w (Rodrigues, as ceres/rotation.h),
//                 Jacobian (3 x 6) with respect to the pose (w, t)
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace wl {

template <class T, std::size_t N>
using vec = std::array<T, N>;
template <class T, std::size_t R, std::size_t C>
using mat = std::array<std::array<T, C>, R>;

/// A fixed pseudo-random sequence in [lo, hi) (the same numbers on every run and machine).
struct lcg {
    std::uint64_t s;
    double next(double lo, double hi) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        const double u = static_cast<double>(s >> 11) * (1.0 / 9007199254740992.0);
        return lo + (hi - lo) * u;
    }
};

// ---- problem data ---------------------------------------------------------------------------
/// Data of the dense workloads (tanh layer, quad_sin, l8) and the point x.
template <class T, std::size_t N>
struct dense {
    mat<T, N, N> A;
    vec<T, N> b, c, v, x;
};
template <class T, std::size_t N>
dense<T, N> make_dense(std::uint64_t seed = 1) {
    lcg g{seed * 7919 + N};
    dense<T, N> p{};
    const double scale = 1.0 / std::sqrt(static_cast<double>(N));
    for (auto& row : p.A)
        for (auto& a : row) a = static_cast<T>(g.next(-1, 1) * scale);
    for (std::size_t i = 0; i < N; ++i) {
        p.b[i] = static_cast<T>(g.next(-0.5, 0.5));
        p.c[i] = static_cast<T>(g.next(-0.5, 0.5));
        p.v[i] = static_cast<T>(g.next(-1, 1));
        p.x[i] = static_cast<T>(g.next(-1, 1));
    }
    return p;
}

constexpr std::size_t neuron_samples = 32;
/// Data of the neuron loss: K samples (x_k, y_k), x_k in R^(N-1), and the point (w, b).
template <class T, std::size_t N>
struct neuron {
    static_assert(N >= 2, "the neuron loss has at least one weight and the bias");
    mat<T, neuron_samples, N - 1> X;
    vec<T, neuron_samples> y;
    vec<T, N> x;  // (w, b)
};
template <class T, std::size_t N>
neuron<T, N> make_neuron(std::uint64_t seed = 2) {
    lcg g{seed * 7919 + N};
    neuron<T, N> p{};
    for (auto& row : p.X)
        for (auto& a : row) a = static_cast<T>(g.next(-1, 1));
    for (auto& y : p.y) y = static_cast<T>(g.next(-1, 1));
    for (std::size_t i = 0; i < N; ++i) p.x[i] = static_cast<T>(g.next(-1, 1) / std::sqrt(static_cast<double>(N)));
    return p;
}

/// Data of the rigid-transform residual: a point P, its observation O and the pose (w, t).
template <class T>
struct rigid {
    vec<T, 3> P, O;
    vec<T, 6> x;
};
template <class T>
rigid<T> make_rigid() {
    return rigid<T>{{T(1.5), T(-0.25), T(4.0)}, {T(0.75), T(0.5), T(3.5)}, {T(0.3), T(-0.2), T(0.5), T(0.1), T(-0.4), T(0.25)}};
}

template <class T, std::size_t N>
vec<T, N> make_rosenbrock_point() {
    vec<T, N> x{};
    for (std::size_t i = 0; i < N; ++i) x[i] = static_cast<T>(i % 2 == 0 ? -1.2 + 0.01 * static_cast<double>(i) : 1.0 - 0.02 * static_cast<double>(i));
    return x;
}

// ---- the workloads, generic over the number type ----------------------------------------------
template <class X>
using elem_t = std::decay_t<decltype(std::declval<const X&>()[0])>;

template <class C, std::size_t N, class X>
elem_t<X> rosenbrock(const X& x) {
    static_assert(N % 2 == 0, "extended Rosenbrock needs an even N");
    using S = elem_t<X>;
    S f(C(0));
    for (std::size_t i = 0; i < N; i += 2) {
        const S a = x[i] * x[i] - x[i + 1];
        const S d = x[i] - C(1);
        f += C(100) * a * a + d * d;
    }
    return f;
}

template <class C, class X, class T, std::size_t N>
elem_t<X> tanh_layer(const X& x, const dense<T, N>& p) {
    using S = elem_t<X>;
    using std::tanh;
    S f(C(0));
    for (std::size_t i = 0; i < N; ++i) {
        S z(C(p.c[i]));
        for (std::size_t j = 0; j < N; ++j) z += C(p.A[i][j]) * x[j];
        f += C(p.v[i]) * tanh(z);
    }
    return f;
}

template <class C, class X, class T, std::size_t N>
elem_t<X> neuron_loss(const X& x, const neuron<T, N>& p) {
    using S = elem_t<X>;
    S loss(C(0));
    for (std::size_t k = 0; k < neuron_samples; ++k) {
        S z = x[N - 1];
        for (std::size_t j = 0; j + 1 < N; ++j) z += C(p.X[k][j]) * x[j];
        const S a = z > C(0) ? z : S(C(0));  // max(0, w . x_k + b)
        const S r = C(p.y[k]) - a;
        loss += r * r;
    }
    return loss * C(T(1) / T(neuron_samples));
}

template <class C, class X, class T, std::size_t N>
elem_t<X> quad_sin(const X& x, const dense<T, N>& p) {
    using S = elem_t<X>;
    using std::sin;
    S f(C(0));
    for (std::size_t i = 0; i < N; ++i) {
        S ax(C(0));
        for (std::size_t j = 0; j < N; ++j) ax += C(p.A[i][j]) * x[j];
        f += x[i] * ax + sin(x[i]);
    }
    return f;
}

template <class C, class X, class T, std::size_t N>
std::array<elem_t<X>, N> l8(const X& x, const dense<T, N>& p) {
    using S = elem_t<X>;
    std::array<S, N> u;
    for (std::size_t i = 0; i < N; ++i) {
        S y(C(p.b[i]));
        for (std::size_t j = 0; j < N; ++j) y += C(p.A[i][j]) * x[j];
        u[i] = y * y;
    }
    std::array<S, N> F;
    for (std::size_t i = 0; i < N; ++i) {
        S s(C(p.b[i]));
        for (std::size_t j = 0; j < N; ++j) s += C(p.A[i][j]) * u[j];
        F[i] = s;
    }
    return F;
}

template <class C, class X, class T>
std::array<elem_t<X>, 3> rigid_residual(const X& x, const rigid<T>& p) {
    using S = elem_t<X>;
    using std::cos;
    using std::sin;
    using std::sqrt;
    const S theta2 = x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
    std::array<S, 3> r;
    if (theta2 > C(T(1e-12))) {
        // R P = cos(theta) P + sin(theta) (k x P) + (1 - cos(theta)) (k . P) k, k = w / theta
        const S theta = sqrt(theta2);
        const S c = cos(theta), s = sin(theta);
        const S inv = C(1) / theta;
        const S k0 = x[0] * inv, k1 = x[1] * inv, k2 = x[2] * inv;
        const S kxp0 = k1 * C(p.P[2]) - k2 * C(p.P[1]);
        const S kxp1 = k2 * C(p.P[0]) - k0 * C(p.P[2]);
        const S kxp2 = k0 * C(p.P[1]) - k1 * C(p.P[0]);
        const S kdp = (k0 * C(p.P[0]) + k1 * C(p.P[1])) + k2 * C(p.P[2]);
        const S t = (C(1) - c) * kdp;
        r[0] = (c * C(p.P[0]) + s * kxp0) + k0 * t;
        r[1] = (c * C(p.P[1]) + s * kxp1) + k1 * t;
        r[2] = (c * C(p.P[2]) + s * kxp2) + k2 * t;
    } else {
        // near zero: R P = P + w x P to first order
        r[0] = (x[1] * C(p.P[2]) - x[2] * C(p.P[1])) + C(p.P[0]);
        r[1] = (x[2] * C(p.P[0]) - x[0] * C(p.P[2])) + C(p.P[1]);
        r[2] = (x[0] * C(p.P[1]) - x[1] * C(p.P[0])) + C(p.P[2]);
    }
    r[0] = (r[0] + x[3]) - C(p.O[0]);
    r[1] = (r[1] + x[4]) - C(p.O[1]);
    r[2] = (r[2] + x[5]) - C(p.O[2]);
    return r;
}

// ---- hand-written derivatives -----------------------------------------------------------------
// What a careful programmer writes by hand: the closed forms, plain loops the compiler can
// vectorize, no allocation. Marked always-inline so that they are compiled into the timing loop
// exactly like the library code (a called baseline is 1.3-1.9x slower and would flatter the rest).
#if defined(__GNUC__)
#  define WL_INLINE inline __attribute__((always_inline))
#else
#  define WL_INLINE inline
#endif
// y[k] += a x[k], k < N: the innermost loop of the dense hand-written kernels, written so that
// GCC 12 vectorizes it over k. Left alone, at N <= 16 it unrolls this loop completely and then
// vectorizes the loop around it instead (a reduction over strided columns: transposes, no FMA,
// 3-5x more instructions); unrolling by 4 keeps the k loop, and at N = 32 the plain loop is best.
template <std::size_t N, class T>
WL_INLINE void axpy(T* __restrict y, T a, const T* __restrict x) {
#if defined(__GNUC__) && !defined(__clang__)
    if constexpr (N <= 16) {
#  pragma GCC unroll 4
        for (std::size_t k = 0; k < N; ++k) y[k] += a * x[k];
    } else
#endif
    {
        for (std::size_t k = 0; k < N; ++k) y[k] += a * x[k];
    }
}

template <class T, std::size_t N>
struct gradient_out {
    T value;
    vec<T, N> gradient;
};
template <class T, std::size_t M, std::size_t N>
struct jacobian_out {
    vec<T, M> value;
    mat<T, M, N> jacobian;
};
template <class T, std::size_t N>
struct hessian_out {
    T value;
    vec<T, N> gradient;
    mat<T, N, N> hessian;
};

namespace hand {

template <class T, std::size_t N>
WL_INLINE gradient_out<T, N> rosenbrock_gradient(const vec<T, N>& x) {
    gradient_out<T, N> r;
    r.value = T(0);
    for (std::size_t i = 0; i < N; i += 2) {
        const T a = x[i] * x[i] - x[i + 1];
        const T d = x[i] - T(1);
        r.value += T(100) * a * a + d * d;
        r.gradient[i] = T(400) * a * x[i] + T(2) * d;
        r.gradient[i + 1] = T(-200) * a;
    }
    return r;
}

// f = v . tanh(W x + c); grad = W^T (v .* (1 - t^2))
template <class T, std::size_t N>
WL_INLINE gradient_out<T, N> tanh_layer_gradient(const vec<T, N>& x, const dense<T, N>& p) {
    using std::tanh;
    gradient_out<T, N> r;
    vec<T, N> d;
    r.value = T(0);
    for (std::size_t i = 0; i < N; ++i) {
        T z = p.c[i];
        for (std::size_t j = 0; j < N; ++j) z += p.A[i][j] * x[j];
        const T t = tanh(z);
        r.value += p.v[i] * t;
        d[i] = p.v[i] * (T(1) - t * t);
    }
    r.gradient.fill(T(0));
    for (std::size_t i = 0; i < N; ++i) axpy<N>(r.gradient.data(), d[i], p.A[i].data());
    return r;
}

// Hessian of v . tanh(W x + c): W^T diag(v .* tanh''(z)) W, tanh'' = -2 t (1 - t^2)
template <class T, std::size_t N>
WL_INLINE hessian_out<T, N> tanh_layer_hessian(const vec<T, N>& x, const dense<T, N>& p) {
    using std::tanh;
    hessian_out<T, N> r;
    vec<T, N> d, e;
    r.value = T(0);
    for (std::size_t i = 0; i < N; ++i) {
        T z = p.c[i];
        for (std::size_t j = 0; j < N; ++j) z += p.A[i][j] * x[j];
        const T t = tanh(z);
        const T dt = T(1) - t * t;
        r.value += p.v[i] * t;
        d[i] = p.v[i] * dt;
        e[i] = T(-2) * p.v[i] * t * dt;
    }
    r.gradient.fill(T(0));
    for (auto& row : r.hessian) row.fill(T(0));
    for (std::size_t i = 0; i < N; ++i) {
        axpy<N>(r.gradient.data(), d[i], p.A[i].data());
        for (std::size_t j = 0; j < N; ++j) {
            const T s = e[i] * p.A[i][j];
            axpy<N>(r.hessian[j].data(), s, p.A[i].data());
        }
    }
    return r;
}

// C = 1/K sum (y_k - max(0, w . x_k + b))^2; active samples: e = z - y, dC/dw = 2/K sum e x_k
template <class T, std::size_t N>
WL_INLINE gradient_out<T, N> neuron_loss_gradient(const vec<T, N>& x, const neuron<T, N>& p) {
    gradient_out<T, N> r;
    r.value = T(0);
    r.gradient.fill(T(0));
    for (std::size_t k = 0; k < neuron_samples; ++k) {
        T z = x[N - 1];
        for (std::size_t j = 0; j + 1 < N; ++j) z += p.X[k][j] * x[j];
        if (z > T(0)) {
            const T e = z - p.y[k];
            r.value += e * e;
            axpy<N - 1>(r.gradient.data(), e, p.X[k].data());
            r.gradient[N - 1] += e;
        } else {
            r.value += p.y[k] * p.y[k];
        }
    }
    const T inv = T(1) / T(neuron_samples);
    r.value *= inv;
    for (auto& g : r.gradient) g *= T(2) * inv;
    return r;
}

// f = x^T A x + sum sin x: grad (A + A^T) x + cos x, Hessian A + A^T - diag(sin x)
template <class T, std::size_t N>
WL_INLINE hessian_out<T, N> quad_sin_hessian(const vec<T, N>& x, const dense<T, N>& p) {
    using std::cos;
    using std::sin;
    hessian_out<T, N> r;
    r.value = T(0);
    for (std::size_t i = 0; i < N; ++i) {
        T ax = T(0), atx = T(0);
        for (std::size_t j = 0; j < N; ++j) {
            ax += p.A[i][j] * x[j];
            atx += p.A[j][i] * x[j];
        }
        const T s = sin(x[i]);
        r.value += x[i] * ax + s;
        r.gradient[i] = ax + atx + cos(x[i]);
        for (std::size_t j = 0; j < N; ++j) r.hessian[i][j] = p.A[i][j] + p.A[j][i];
        r.hessian[i][i] -= s;
    }
    return r;
}

// F = A (y .* y) + b with y = A x + b; J = 2 A diag(y) A
template <class T, std::size_t N>
WL_INLINE jacobian_out<T, N, N> l8_jacobian(const vec<T, N>& x, const dense<T, N>& p) {
    jacobian_out<T, N, N> r;
    vec<T, N> y, u;
    for (std::size_t i = 0; i < N; ++i) {
        T s = p.b[i];
        for (std::size_t j = 0; j < N; ++j) s += p.A[i][j] * x[j];
        y[i] = T(2) * s;
        u[i] = s * s;
    }
    for (std::size_t i = 0; i < N; ++i) {
        T s = p.b[i];
        for (std::size_t j = 0; j < N; ++j) s += p.A[i][j] * u[j];
        r.value[i] = s;
        r.jacobian[i].fill(T(0));
        for (std::size_t j = 0; j < N; ++j) {
            const T a = p.A[i][j] * y[j];
            axpy<N>(r.jacobian[i].data(), a, p.A[j].data());
        }
    }
    return r;
}

// r = R(w) P + t - O. With theta = |w|, k = w / theta, c = cos theta, s = sin theta:
// d(RP)/dw_j = k_j (-s P + c (k x P) + s (k.P) k) + s (dk_j x P) + (1 - c) ((dk_j . P) k + (k.P) dk_j),
// dk_j = (e_j - k_j k) / theta; d r / d t = I.
template <class T>
WL_INLINE jacobian_out<T, 3, 6> rigid_jacobian(const vec<T, 6>& x, const rigid<T>& p) {
    using std::cos;
    using std::sin;
    using std::sqrt;
    jacobian_out<T, 3, 6> r;
    const vec<T, 3>& P = p.P;
    const T theta2 = x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
    if (theta2 > T(1e-12)) {
        const T theta = sqrt(theta2);
        const T c = cos(theta), s = sin(theta), inv = T(1) / theta;
        const vec<T, 3> k{x[0] * inv, x[1] * inv, x[2] * inv};
        const vec<T, 3> kxp{k[1] * P[2] - k[2] * P[1], k[2] * P[0] - k[0] * P[2], k[0] * P[1] - k[1] * P[0]};
        const T kdp = k[0] * P[0] + k[1] * P[1] + k[2] * P[2];
        const T t = (T(1) - c) * kdp;
        vec<T, 3> common;
        for (std::size_t i = 0; i < 3; ++i) {
            r.value[i] = c * P[i] + s * kxp[i] + k[i] * t;
            common[i] = -s * P[i] + c * kxp[i] + s * kdp * k[i];
        }
        for (std::size_t j = 0; j < 3; ++j) {
            vec<T, 3> dk;
            for (std::size_t i = 0; i < 3; ++i) dk[i] = ((i == j ? T(1) : T(0)) - k[j] * k[i]) * inv;
            const vec<T, 3> dkxp{dk[1] * P[2] - dk[2] * P[1], dk[2] * P[0] - dk[0] * P[2], dk[0] * P[1] - dk[1] * P[0]};
            const T dkdp = dk[0] * P[0] + dk[1] * P[1] + dk[2] * P[2];
            for (std::size_t i = 0; i < 3; ++i)
                r.jacobian[i][j] = k[j] * common[i] + s * dkxp[i] + (T(1) - c) * (dkdp * k[i] + kdp * dk[i]);
        }
    } else {
        r.value = {x[1] * P[2] - x[2] * P[1] + P[0], x[2] * P[0] - x[0] * P[2] + P[1], x[0] * P[1] - x[1] * P[0] + P[2]};
        // d(w x P)/dw = -[P]x
        r.jacobian[0][0] = T(0), r.jacobian[0][1] = P[2], r.jacobian[0][2] = -P[1];
        r.jacobian[1][0] = -P[2], r.jacobian[1][1] = T(0), r.jacobian[1][2] = P[0];
        r.jacobian[2][0] = P[1], r.jacobian[2][1] = -P[0], r.jacobian[2][2] = T(0);
    }
    for (std::size_t i = 0; i < 3; ++i) {
        r.value[i] += x[3 + i] - p.O[i];
        for (std::size_t j = 3; j < 6; ++j) r.jacobian[i][j] = (j - 3 == i) ? T(1) : T(0);
    }
    return r;
}

}  // namespace hand
}  // namespace wl
