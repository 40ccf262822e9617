// tinydual/optimize.hpp: heap-free fixed-size minimisers with exact derivatives from tinydual:
// Levenberg-Marquardt for nonlinear least squares and a safeguarded Newton method.
//
//   // fit y = a exp(b t) to 8 samples: r(x) in R^8, x = (a, b)
//   auto r = [&](const auto& x) {
//       tinydual::vec<std::decay_t<decltype(x[0])>, 8> e{};
//       for (std::size_t i = 0; i < 8; ++i) e[i] = x[0] * exp(x[1] * t[i]) - y[i];
//       return e;
//   };
//   auto fit = tinydual::levenberg_marquardt(r, tinydual::vec<float, 2>{1, 0});
//   if (fit.status == tinydual::solver_status::converged) use(fit.x);
//
// levenberg_marquardt(r, x0[, options]) minimises cost(x) = |r(x)|^2 / 2 for r: R^n -> R^m (r a
// generic function returning a vec, std::array or scalar of the numbers it is given; the
// Jacobian comes from tinydual::jacobian). Each iteration solves
//     (J^T J + u D) dx = -J^T r,   D = diag(J^T J) (Marquardt's scaling, floored at eps max D)
// by Cholesky; a step is accepted when the cost decreases, and u follows Nielsen's rule (times
// max(1/3, 1 - (2 rho - 1)^3) after an accepted step, doubling growth after a rejected one, rho
// the actual over the predicted decrease). newton(f, x0[, options]) minimises a scalar f with the
// exact gradient and Hessian (tinydual::hessian): the step solves (H + tau I) p = -g, with the
// smallest tau of 0, beta, 2 beta, ... (beta = sqrt(eps) max |H_ij|) for which the Cholesky
// factorisation succeeds (so p is a descent direction where H is not positive definite), then a
// backtracking (Armijo) line search along p.
//
// Both count an iteration per linear solve (accepted or not), never allocate and never throw,
// and return solver_result{x, cost, iterations, status}:
//   converged       the gradient's largest component is at most gradient_tolerance, the step at
//                   most step_tolerance (|x| + step_tolerance), an accepted step decreased the
//                   cost by at most cost_tolerance times the cost, or the cost is at most
//                   cost_threshold; and the minimum is isolated (below)
//   max_iterations  max_iterations solves were done first; x is the best point found
//   singular        converged, but the Hessian of the cost at x (for Levenberg-Marquardt J^T J
//                   where the residuals have vanished, else one hyper_dual evaluation of the
//                   cost) is not positive definite to working precision (a
//                   Cholesky pivot at most n eps times the largest diagonal element): the
//                   minimum is not isolated and x is one of many (a parameter the residuals do
//                   not depend on, calibration data that does not excite every parameter), or x
//                   is not a minimum
//   non_finite      r, f or a derivative is NaN or infinite at x0; x = x0. (Later, a trial point
//                   where they are is rejected like a step that does not decrease the cost.)
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

#include "config.hpp"
#include "derivatives.hpp"
#include "detail/traits.hpp"
#include "linalg.hpp"
#include "mat.hpp"
#include "second_order.hpp"
#include "vec.hpp"

namespace tinydual {

/// Why a minimiser stopped (optimize.hpp's header comment gives the rules).
enum class solver_status { converged, max_iterations, singular, non_finite };

/// Stopping rules of levenberg_marquardt and newton; the defaults suit T's precision.
template <class T>
struct solver_options {
    static_assert(std::is_floating_point<T>::value, "tinydual: solver_options<T> needs T = float or double");
    /// At most this many linear solves.
    int max_iterations = 100;
    /// Converged when every component of the gradient (J^T r, or grad f) is at most this.
    T gradient_tolerance = std::is_same<T, float>::value ? T(1e-6f) : T(1e-10);
    /// Converged when a step is at most step_tolerance (|x| + step_tolerance) long.
    T step_tolerance = std::is_same<T, float>::value ? T(1e-5f) : T(1e-10);
    /// Converged when an accepted step decreased the cost by at most cost_tolerance times it.
    T cost_tolerance = std::is_same<T, float>::value ? T(1e-7f) : T(1e-14);
    /// Converged when the cost is at most this (a zero-residual problem solved exactly).
    T cost_threshold = T(0);
};

/// What levenberg_marquardt and newton return.
template <class X, class T>
struct solver_result {
    X x;                   ///< the best point found
    T cost;                ///< |r(x)|^2 / 2, or f(x)
    int iterations;        ///< linear solves done
    solver_status status;  ///< why the solver stopped
};

namespace detail {

/// The point type a solver works in: vec<T, N> for a vec or std::array point.
template <class X>
struct solver_point {
    static constexpr bool valid = false;
};
template <class T, std::size_t N>
struct solver_point<vec<T, N>> {
    static constexpr bool valid = std::is_floating_point<T>::value;
    using element = T;
    static constexpr std::size_t size = N;
    static constexpr const vec<T, N>& to_vec(const vec<T, N>& x) { return x; }
    static constexpr vec<T, N> from_vec(const vec<T, N>& x) { return x; }
};
template <class T, std::size_t N>
struct solver_point<std::array<T, N>> {
    static constexpr bool valid = std::is_floating_point<T>::value;
    using element = T;
    static constexpr std::size_t size = N;
    static constexpr vec<T, N> to_vec(const std::array<T, N>& x) {
        vec<T, N> v{};
        for (std::size_t i = 0; i < N; ++i) v[i] = x[i];
        return v;
    }
    static constexpr std::array<T, N> from_vec(const vec<T, N>& v) {
        std::array<T, N> x{};
        for (std::size_t i = 0; i < N; ++i) x[i] = v[i];
        return x;
    }
};

template <class X>
constexpr void check_solver_point() {
    static_assert(solver_point<X>::valid,
                  "tinydual: the solvers take the starting point as tinydual::vec<T, N> or std::array<T, N> of "
                  "float or double");
}

template <class T, std::size_t N>
bool all_finite(const vec<T, N>& v) {
    for (std::size_t i = 0; i < N; ++i)
        if (!std::isfinite(v[i])) return false;
    return true;
}
template <class T, std::size_t R, std::size_t C>
bool all_finite(const mat<T, R, C>& m) {
    for (std::size_t i = 0; i < R; ++i)
        for (std::size_t j = 0; j < C; ++j)
            if (!std::isfinite(m(i, j))) return false;
    return true;
}
/// True when a hessian() result's value, gradient and Hessian are all finite.
template <class H>
bool all_finite_result(const H& h) {
    return std::isfinite(h.value) && all_finite(h.gradient) && all_finite(h.hessian);
}
template <class T, std::size_t N>
T max_abs(const vec<T, N>& v) {
    T m = T(0);
    for (std::size_t i = 0; i < N; ++i) m = std::fmax(m, std::fabs(v[i]));
    return m;
}
template <class T, std::size_t N>
T euclidean_norm(const vec<T, N>& v) {
    T m = max_abs(v);
    if (!(m > T(0)) || !std::isfinite(m)) return m;
    T s = T(0);
    for (std::size_t i = 0; i < N; ++i) s += (v[i] / m) * (v[i] / m);
    return m * std::sqrt(s);
}

/// Cholesky factor L (lower, A = L L^T) of the symmetric A (its lower triangle is read), or false
/// where a pivot is not larger than floor: A is not positive definite to that margin.
template <class T, std::size_t N>
bool cholesky(const mat<T, N, N>& A, mat<T, N, N>& L, T floor) {
    L = mat<T, N, N>{};
    for (std::size_t j = 0; j < N; ++j) {
        T d = A(j, j);
        for (std::size_t k = 0; k < j; ++k) d -= L(j, k) * L(j, k);
        if (!(d > floor)) return false;  // (NaN too)
        const T ljj = std::sqrt(d);
        L(j, j) = ljj;
        for (std::size_t i = j + 1; i < N; ++i) {
            T s = A(i, j);
            for (std::size_t k = 0; k < j; ++k) s -= L(i, k) * L(j, k);
            L(i, j) = s / ljj;
        }
    }
    return true;
}
/// x with L L^T x = b.
template <class T, std::size_t N>
vec<T, N> cholesky_solve(const mat<T, N, N>& L, const vec<T, N>& b) {
    vec<T, N> y{};
    for (std::size_t i = 0; i < N; ++i) {
        T s = b[i];
        for (std::size_t k = 0; k < i; ++k) s -= L(i, k) * y[k];
        y[i] = s / L(i, i);
    }
    vec<T, N> x{};
    for (std::size_t i = N; i-- > 0;) {
        T s = y[i];
        for (std::size_t k = i + 1; k < N; ++k) s -= L(k, i) * x[k];
        x[i] = s / L(i, i);
    }
    return x;
}
/// True when the symmetric A is positive definite to working precision: every Cholesky pivot
/// larger than n eps times its largest diagonal element.
template <class T, std::size_t N>
bool positive_definite_to_working_precision(const mat<T, N, N>& A) {
    T largest = T(0);
    for (std::size_t i = 0; i < N; ++i) largest = std::fmax(largest, std::fabs(A(i, i)));
    mat<T, N, N> L{};
    return cholesky(A, L, T(N) * std::numeric_limits<T>::epsilon() * largest);
}

/// |y|^2 / 2 for a vec, std::array or scalar y of any number type.
template <class Y>
constexpr auto half_squared_norm(const Y& y) {
    if constexpr (is_vec<Y>::value || is_std_array<Y>::value) {
        auto s = y[0] * y[0];
        for (std::size_t i = 1; i < y.size(); ++i) s += y[i] * y[i];
        return s / 2;
    } else {
        return y * y / 2;
    }
}
/// True when the cost |r|^2 / 2 has an isolated minimum at x: its Hessian J^T J + sum r_i H(r_i)
/// is positive definite to working precision. Where the residuals have vanished (the cost at
/// most eps times the starting cost) that is J^T J; otherwise the exact Hessian, from one
/// hyper_dual evaluation of the cost (at a minimum with nonzero residuals, such as
/// Freudenstein-Roth's local one, J can be singular while the minimum is isolated). Where r
/// takes only first-order numbers (a fixed signature), J^T J decides.
template <class R, class T, std::size_t N>
bool isolated_minimum(R& r, const vec<T, N>& x, const mat<T, N, N>& JtJ, T cost, T cost0) {
    using H = hessian_input_t<vec<T, N>>;
    if (cost <= std::numeric_limits<T>::epsilon() * cost0) return positive_definite_to_working_precision(JtJ);
    if constexpr (std::is_invocable<R&, const H&>::value) {
        const auto cost_of = [&r](const auto& z) { return half_squared_norm(r(z)); };
        return positive_definite_to_working_precision(hessian(cost_of, x).hessian);
    } else {
        return positive_definite_to_working_precision(JtJ);
    }
}

/// The residuals' values as a vec (a scalar residual is a vec of one).
template <class T, class V>
constexpr auto residual_vec(const V& v) {
    if constexpr (std::is_same<V, T>::value)
        return vec<T, 1>{v};
    else
        return v;
}
/// The Jacobian as an M x N matrix (a scalar residual's is 1 x N).
template <class T, std::size_t M, std::size_t N, class J>
constexpr mat<T, M, N> jacobian_mat(const J& j) {
    if constexpr (std::is_same<J, mat<T, M, N>>::value) {
        return j;
    } else {  // a scalar residual: a vec<T, N> gradient-shaped row
        mat<T, M, N> m{};
        for (std::size_t k = 0; k < N; ++k) m(0, k) = j[k];
        return m;
    }
}

/// f at the point x, for the line search: with one-partial duals (constants: their partials stay
/// zero) where f takes them, so that f's math is found by argument-dependent lookup as in the
/// driver calls (a plain float would reach ::sqrt(double)); else through hessian().
template <class T, std::size_t N, class F>
T value_at(F& f, const vec<T, N>& x) {
    using D = dual<T, 1>;
    if constexpr (std::is_invocable<F&, const vec<D, N>&>::value) {
        vec<D, N> z{};
        for (std::size_t i = 0; i < N; ++i) z[i] = D(x[i]);
        return base_value(f(z));
    } else {
        return hessian(f, x).value;
    }
}

}  // namespace detail

/// Minimises |r(x)|^2 / 2 from x0 by Levenberg-Marquardt with the exact Jacobian (optimize.hpp's
/// header comment: the method, the stopping rules, the status).
template <class R, class X, class T = typename detail::solver_point<X>::element>
solver_result<X, T> levenberg_marquardt(R&& r, const X& x0, const solver_options<T>& options = {}) {
    detail::check_solver_point<X>();
    using P = detail::solver_point<X>;
    constexpr std::size_t n = P::size;
    const T eps = std::numeric_limits<T>::epsilon();
    vec<T, n> x = P::to_vec(x0);

    // the residuals, the Jacobian, J^T J, the gradient J^T r and the cost at x
    auto j0 = jacobian(r, x);
    auto rv = detail::residual_vec<T>(j0.value);
    constexpr std::size_t m = decltype(rv)::size();
    mat<T, m, n> J = detail::jacobian_mat<T, m, n>(j0.jacobian);
    const auto normal = [&] {
        const mat<T, n, m> Jt = transpose(J);
        return Jt * J;
    };
    mat<T, n, n> A = normal();
    vec<T, n> g = transpose(J) * rv;
    T cost = dot(rv, rv) / T(2);
    const T cost0 = cost;

    solver_result<X, T> result{x0, cost, 0, solver_status::max_iterations};
    if (!std::isfinite(cost) || !detail::all_finite(J)) {
        result.status = solver_status::non_finite;
        return result;
    }
    const auto finish = [&](solver_status s) {
        if (s == solver_status::converged && !detail::isolated_minimum(r, x, A, cost, cost0)) s = solver_status::singular;
        result.x = P::from_vec(x);
        result.cost = cost;
        result.status = s;
        return result;
    };
    if (detail::max_abs(g) <= options.gradient_tolerance || cost <= options.cost_threshold)
        return finish(solver_status::converged);

    T u = T(1e-4), v = T(2);
    const T u_max = std::is_same<T, float>::value ? T(1e30f) : T(1e32);
    for (int it = 1; it <= options.max_iterations; ++it) {
        result.iterations = it;
        // (A + u D) dx = -g, D = diag(A) floored at eps max diag(A)
        T largest = T(0);
        for (std::size_t i = 0; i < n; ++i) largest = std::fmax(largest, A(i, i));
        mat<T, n, n> damped = A;
        for (std::size_t i = 0; i < n; ++i) damped(i, i) += u * std::fmax(A(i, i), eps * largest);
        mat<T, n, n> L{};
        if (!detail::cholesky(damped, L, T(0))) {  // (only where rounding defeats the damping)
            if (u >= u_max) return finish(solver_status::converged);
            u *= v;
            v *= T(2);
            continue;
        }
        const vec<T, n> dx = detail::cholesky_solve(L, -g);
        if (detail::euclidean_norm(dx) <= options.step_tolerance * (detail::euclidean_norm(x) + options.step_tolerance))
            return finish(solver_status::converged);
        const vec<T, n> x_new = x + dx;
        const auto trial = jacobian(r, x_new);
        const auto r_new = detail::residual_vec<T>(trial.value);
        const T cost_new = dot(r_new, r_new) / T(2);
        const mat<T, m, n> J_new = detail::jacobian_mat<T, m, n>(trial.jacobian);
        // predicted decrease of the linear model: -g.dx - dx.A.dx / 2 = dx.(u D dx - g) / 2
        const T predicted = -dot(g, dx) - dot(dx, A * dx) / T(2);
        const T actual = cost - cost_new;
        const bool finite = std::isfinite(cost_new) && detail::all_finite(J_new);
        if (finite && actual > T(0) && predicted > T(0)) {
            const T rho = actual / predicted;
            x = x_new;
            J = J_new;
            A = normal();
            g = transpose(J) * r_new;
            const T cost_old = cost;
            cost = cost_new;
            if (detail::max_abs(g) <= options.gradient_tolerance || cost <= options.cost_threshold ||
                actual <= options.cost_tolerance * cost_old)
                return finish(solver_status::converged);
            const T s = T(2) * rho - T(1);
            u *= std::fmax(T(1) / T(3), T(1) - s * s * s);
            v = T(2);
        } else {
            if (u >= u_max) return finish(solver_status::converged);  // no step decreases the cost
            u *= v;
            v *= T(2);
        }
    }
    return finish(solver_status::max_iterations);
}

/// Minimises the scalar f from x0 by Newton's method with the exact Hessian, shifted where it is
/// not positive definite, and a backtracking line search (optimize.hpp's header comment).
template <class F, class X, class T = typename detail::solver_point<X>::element>
solver_result<X, T> newton(F&& f, const X& x0, const solver_options<T>& options = {}) {
    detail::check_solver_point<X>();
    using P = detail::solver_point<X>;
    constexpr std::size_t n = P::size;
    const T eps = std::numeric_limits<T>::epsilon();
    vec<T, n> x = P::to_vec(x0);
    auto h = hessian(f, x);
    T cost = h.value;
    solver_result<X, T> result{x0, cost, 0, solver_status::max_iterations};
    if (!detail::all_finite_result(h)) {
        result.status = solver_status::non_finite;
        return result;
    }
    const auto finish = [&](solver_status s) {
        if (s == solver_status::converged && !detail::positive_definite_to_working_precision(h.hessian))
            s = solver_status::singular;
        result.x = P::from_vec(x);
        result.cost = cost;
        result.status = s;
        return result;
    };
    if (detail::max_abs(h.gradient) <= options.gradient_tolerance || cost <= options.cost_threshold)
        return finish(solver_status::converged);

    for (int it = 1; it <= options.max_iterations; ++it) {
        result.iterations = it;
        // the smallest shift tau in {0, beta, 2 beta, 4 beta, ...} that makes H + tau I positive definite
        T largest = T(0);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) largest = std::fmax(largest, std::fabs(h.hessian(i, j)));
        const T beta = std::sqrt(eps) * std::fmax(largest, T(1));
        mat<T, n, n> L{};
        T tau = T(0);
        bool factored = false;
        for (int k = 0; k < 128 && !factored; ++k) {
            mat<T, n, n> shifted = h.hessian;
            for (std::size_t i = 0; i < n; ++i) shifted(i, i) += tau;
            factored = detail::cholesky(shifted, L, T(0));
            if (!factored) tau = tau == T(0) ? beta : T(2) * tau;
        }
        if (!factored) return finish(solver_status::singular);  // (a Hessian near overflow)
        const vec<T, n> p = detail::cholesky_solve(L, -h.gradient);
        const T slope = dot(h.gradient, p);  // < 0: p is a descent direction
        const T x_size = detail::euclidean_norm(x) + options.step_tolerance;
        // backtracking: the first alpha in 1, 1/2, 1/4, ... with f(x + alpha p) <= f + 1e-4 alpha slope
        // and finite derivatives there
        T alpha = T(1);
        bool accepted = false;
        while (!accepted) {
            if (alpha * detail::euclidean_norm(p) <= options.step_tolerance * x_size) break;
            const vec<T, n> x_new = x + alpha * p;
            const T cost_new = detail::value_at(f, x_new);
            if (std::isfinite(cost_new) && cost_new <= cost + T(1e-4) * alpha * slope) {
                auto h_new = hessian(f, x_new);
                if (detail::all_finite_result(h_new)) {
                    accepted = true;
                    x = x_new;
                    h = h_new;
                    continue;
                }
            }
            alpha /= T(2);
        }
        if (!accepted) return finish(solver_status::converged);  // no step decreases f at this precision
        const T cost_old = cost;
        cost = h.value;
        if (detail::max_abs(h.gradient) <= options.gradient_tolerance || cost <= options.cost_threshold ||
            cost_old - cost <= options.cost_tolerance * std::fabs(cost_old))
            return finish(solver_status::converged);
    }
    return finish(solver_status::max_iterations);
}

}  // namespace tinydual
