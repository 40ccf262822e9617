// Reference kernels measured by the footprint report (bench/footprint.sh) and run by the firmware
// checks (tests/firmware): fixed sizes, fixed data, float, nothing but the library.
//
//   tinydual::vec<float, 4> g = tdkernels::net_gradient({0.1f, -0.2f, 0.3f, 0.4f});
//   tinydual::mat<float, 4, 4> J = tdkernels::l8_jacobian({0.5f, -1.0f, 0.25f, 2.0f});
//   tinydual::mat<float, 4, 4> H = tdkernels::hessian4({0.5f, -1.0f, 0.25f, 2.0f});  // TDKERNELS_HAVE_HESSIAN
#pragma once

#include <cmath>
#include <cstddef>

#include <tinydual/tinydual.hpp>

// The Hessian kernel needs the second-order drivers (tinydual::hessian).
#if defined(__has_include)
#  if __has_include(<tinydual/second_order.hpp>)
#    define TDKERNELS_HAVE_HESSIAN 1
#  endif
#endif
#ifndef TDKERNELS_HAVE_HESSIAN
#  define TDKERNELS_HAVE_HESSIAN 0
#endif

namespace tdkernels {

using tinydual::mat;
using tinydual::vec;

// ---- 2-layer 4-8-1 tanh network: y = w2 . tanh(W1 x + b1) + b2, gradient in x (N = 4) ----
inline constexpr float net_W1[8][4] = {
    {0.50f, -0.25f, 0.10f, 0.30f},  {-0.40f, 0.20f, 0.60f, -0.10f}, {0.15f, 0.35f, -0.45f, 0.25f},
    {0.05f, -0.60f, 0.20f, 0.40f},  {0.30f, 0.10f, 0.25f, -0.35f},  {-0.20f, 0.45f, -0.15f, 0.10f},
    {0.60f, -0.05f, 0.30f, 0.20f},  {-0.10f, 0.25f, 0.40f, -0.50f}};
inline constexpr float net_b1[8] = {0.1f, -0.2f, 0.05f, 0.0f, 0.15f, -0.1f, 0.2f, -0.05f};
inline constexpr float net_w2[8] = {0.7f, -0.5f, 0.3f, 0.6f, -0.4f, 0.2f, 0.5f, -0.3f};
inline constexpr float net_b2 = 0.05f;

template <class T>
T net(const vec<T, 4>& x) {
    using std::tanh;  // plain float: std::tanh(float); dual: found by argument-dependent lookup
    T y = T(net_b2);
    for (std::size_t i = 0; i < 8; ++i) {
        T h = T(net_b1[i]);
        for (std::size_t j = 0; j < 4; ++j) h += net_W1[i][j] * x[j];
        y += net_w2[i] * tanh(h);
    }
    return y;
}
inline vec<float, 4> net_gradient(const vec<float, 4>& x) {
    return tinydual::gradient([](const auto& v) { return net(v); }, x).gradient;
}

// ---- identities.md L8: F(x) = A((Ax + b) o (Ax + b)) + b, Jacobian at N = 4 ----
inline constexpr float l8_A[4][4] = {
    {0.8f, -0.2f, 0.1f, 0.3f}, {0.1f, 0.9f, -0.3f, 0.2f}, {-0.2f, 0.4f, 0.7f, -0.1f}, {0.3f, 0.1f, -0.2f, 0.6f}};
inline constexpr float l8_b[4] = {0.1f, -0.3f, 0.2f, 0.05f};

template <class T>
vec<T, 4> l8(const vec<T, 4>& x) {
    mat<T, 4, 4> A{};
    vec<T, 4> b{};
    for (std::size_t i = 0; i < 4; ++i) {
        b[i] = T(l8_b[i]);
        for (std::size_t j = 0; j < 4; ++j) A(i, j) = T(l8_A[i][j]);
    }
    const vec<T, 4> u = A * x + b;
    return A * (u * u) + b;
}
inline mat<float, 4, 4> l8_jacobian(const vec<float, 4>& x) {
    return tinydual::jacobian([](const auto& v) { return l8(v); }, x).jacobian;
}

// ---- a 4 x 4 Hessian of a smooth scalar function ----
template <class T>
T h4(const vec<T, 4>& x) {
    using std::exp;
    using std::log;
    using std::sin;
    return x[0] * x[1] * exp(x[2] * 0.5f) + sin(x[3]) * x[0] + log(x[1] * x[1] + 1.0f) + x[2] * x[3] * x[3];
}
#if TDKERNELS_HAVE_HESSIAN
inline mat<float, 4, 4> hessian4(const vec<float, 4>& x) {
    return tinydual::hessian([](const auto& v) { return h4(v); }, x).hessian;
}
#endif

}  // namespace tdkernels
