// optimize.hpp: levenberg_marquardt and newton on the classic problems (tests/support/problems.hpp)
// against their published minima, float and double; every status; the Newton safeguard where the
// Hessian is indefinite. Tolerances: the distance to the published minimiser, 1e-6 in double and
// 2e-3 in float (1e-5 scaled by the condition of the fit), except where the minimum is
// degenerate (Powell: J^T J singular at the origin, linear convergence: |x| <= 1e-2 in float).
#include "support/testing.hpp"

#include <tinydual/optimize.hpp>

#include <array>
#include <cmath>

#include "support/problems.hpp"

using tinydual::solver_status;
using tinydual::vec;

namespace {
template <class T>
constexpr T tol() {
    return std::is_same<T, float>::value ? T(2e-3f) : T(1e-6);
}
template <class T, std::size_t N>
T distance(const vec<T, N>& x, const std::array<double, N>& y) {
    T d = T(0);
    for (std::size_t i = 0; i < N; ++i) d = std::fmax(d, std::fabs(x[i] - T(y[i])));
    return d;
}
/// The sum of squares of r as a scalar function (for newton).
template <class R>
struct sum_of_squares {
    R r;
    template <class X>
    auto operator()(const X& x) const {
        const auto e = r(x);
        auto s = e[0] * e[0];
        for (std::size_t i = 1; i < e.size(); ++i) s += e[i] * e[i];
        return s;
    }
};
template <class R>
sum_of_squares<R> squares(const R& r) {
    return {r};
}
}  // namespace

TEST_CASE_TEMPLATE("levenberg_marquardt: the classic problems reach their published minima", T, float, double) {
    using problems::point;
    SUBCASE("Rosenbrock") {
        const auto s = tinydual::levenberg_marquardt(problems::rosenbrock{}, point<T>(problems::rosenbrock::start));
        CHECK(s.status == solver_status::converged);
        CHECK(distance(s.x, std::array<double, 2>{1, 1}) <= tol<T>());
        CHECK(s.cost <= tol<T>() * tol<T>());
        CHECK(s.iterations > 1);
    }
    SUBCASE("Freudenstein-Roth: the local minimum f = 48.9842 from the standard start") {
        const auto s = tinydual::levenberg_marquardt(problems::freudenstein{}, point<T>(problems::freudenstein::start));
        CHECK(s.status == solver_status::converged);
        CHECK(distance(s.x, std::array<double, 2>{problems::freudenstein::local_x0, problems::freudenstein::local_x1}) <=
              T(10) * tol<T>());
        TD_CHECK_CLOSE(s.cost, T(problems::freudenstein::local_cost), tol<T>());
    }
    SUBCASE("Powell's singular function: the origin, where J^T J is singular") {
        const auto s = tinydual::levenberg_marquardt(problems::powell_singular{}, point<T>(problems::powell_singular::start));
        CHECK((s.status == solver_status::converged || s.status == solver_status::singular));
        CHECK(distance(s.x, std::array<double, 4>{0, 0, 0, 0}) <= (std::is_same<T, float>::value ? T(1e-2f) : T(1e-3)));
        CHECK(s.cost <= (std::is_same<T, float>::value ? T(1e-9f) : T(1e-12)));
    }
    SUBCASE("Box 3-D") {
        const auto s = tinydual::levenberg_marquardt(problems::box3d{}, point<T>(problems::box3d::start));
        CHECK(s.status == solver_status::converged);
        CHECK(distance(s.x, std::array<double, 3>{1, 10, 1}) <= T(10) * tol<T>());
        CHECK(s.cost <= tol<T>() * tol<T>());
    }
    SUBCASE("circle fit") {
        const problems::circle c;
        const auto s = tinydual::levenberg_marquardt(c, point<T>(problems::circle::start));
        CHECK(s.status == solver_status::converged);
        CHECK(distance(s.x, problems::circle::solution) <= tol<T>());
    }
    SUBCASE("magnetometer calibration: hard and soft iron") {
        const problems::magnetometer mag;
        const auto s = tinydual::levenberg_marquardt(mag, point<T>(mag.start()));
        CHECK(s.status == solver_status::converged);
        CHECK(distance(s.x, problems::magnetometer::solution) <= tol<T>());
        CHECK(s.iterations <= 20);
    }
}

TEST_CASE_TEMPLATE("levenberg_marquardt: statuses, std::array points, options", T, float, double) {
    using problems::point;
    SUBCASE("max_iterations: x is the best point so far") {
        tinydual::solver_options<T> o;
        o.max_iterations = 3;
        const auto s = tinydual::levenberg_marquardt(problems::rosenbrock{}, point<T>(problems::rosenbrock::start), o);
        CHECK(s.status == solver_status::max_iterations);
        CHECK(s.iterations == 3);
        CHECK(s.cost <= T(12.1) * (T(1) + tol<T>()));  // never above the start's, 24.2 / 2
    }
    SUBCASE("singular: a parameter the residuals do not depend on") {
        const auto r = [](const auto& x) {
            using S = std::decay_t<decltype(x[0])>;
            return vec<S, 2>{x[0] - T(1), x[0] + T(1)};
        };
        const auto s = tinydual::levenberg_marquardt(r, vec<T, 2>{T(5), T(7)});
        CHECK(s.status == solver_status::singular);
        CHECK(std::fabs(s.x[0]) <= tol<T>());  // the least-squares x0, with x1 anything
        CHECK(s.x[1] == T(7));
        TD_CHECK_CLOSE(s.cost, T(1), tol<T>());
    }
    SUBCASE("singular: magnetometer data in one plane does not determine the z parameters") {
        const problems::magnetometer planar(true);
        const auto s = tinydual::levenberg_marquardt(planar, point<T>(planar.start()));
        CHECK(s.status == solver_status::singular);
        CHECK(s.cost <= tol<T>());  // a minimum, one of many
    }
    SUBCASE("non_finite at the start") {
        const auto r = [](const auto& x) { return log(x[0]) + x[1]; };
        const auto s = tinydual::levenberg_marquardt(r, std::array<T, 2>{T(-1), T(0)});
        CHECK(s.status == solver_status::non_finite);
        CHECK(s.iterations == 0);
        CHECK(s.x == std::array<T, 2>{T(-1), T(0)});
    }
    SUBCASE("a trial point where r is NaN is rejected, not returned") {
        // log x = 0 from x = 10: the first Gauss-Newton step goes to x = -13
        const auto r = [](const auto& x) { return vec<std::decay_t<decltype(x[0])>, 1>{log(x[0])}; };
        const auto s = tinydual::levenberg_marquardt(r, vec<T, 1>{T(10)});
        CHECK(s.status == solver_status::converged);
        TD_CHECK_CLOSE(s.x[0], T(1), tol<T>());
    }
    SUBCASE("a scalar residual and a std::array point") {
        const auto r = [](const auto& x) { return x[0] * x[0] - T(2); };
        const auto s = tinydual::levenberg_marquardt(r, std::array<T, 1>{T(1)});
        CHECK(s.status == solver_status::converged);
        TD_CHECK_CLOSE(s.x[0], std::sqrt(T(2)), tol<T>());
    }
}

TEST_CASE_TEMPLATE("newton: minima with the exact Hessian, and its safeguard", T, float, double) {
    using problems::point;
    SUBCASE("Rosenbrock") {
        const auto s = tinydual::newton(squares(problems::rosenbrock{}), point<T>(problems::rosenbrock::start));
        CHECK(s.status == solver_status::converged);
        CHECK(distance(s.x, std::array<double, 2>{1, 1}) <= tol<T>());
    }
    SUBCASE("Freudenstein-Roth") {
        const auto s = tinydual::newton(squares(problems::freudenstein{}), point<T>(problems::freudenstein::start));
        CHECK(s.status == solver_status::converged);
        const bool global = distance(s.x, std::array<double, 2>{5, 4}) <= T(10) * tol<T>();
        const bool local = distance(s.x, std::array<double, 2>{problems::freudenstein::local_x0,
                                                                problems::freudenstein::local_x1}) <= T(10) * tol<T>();
        CHECK((global || local));
    }
    SUBCASE("Powell's singular function") {
        const auto s = tinydual::newton(squares(problems::powell_singular{}), point<T>(problems::powell_singular::start));
        CHECK((s.status == solver_status::converged || s.status == solver_status::singular));
        CHECK(distance(s.x, std::array<double, 4>{0, 0, 0, 0}) <= (std::is_same<T, float>::value ? T(1e-2f) : T(1e-3)));
    }
    SUBCASE("an indefinite Hessian at the start: downhill to a minimum, not to the maximum") {
        // f = (x0^2 - 1)^2 + x1^2: at x0 = 0.1, f_x0x0 = 12 x0^2 - 4 < 0, and Newton's plain step
        // goes to the maximum at x0 = 0
        const auto f = [](const auto& x) { return (x[0] * x[0] - T(1)) * (x[0] * x[0] - T(1)) + x[1] * x[1]; };
        const auto s = tinydual::newton(f, vec<T, 2>{T(1) / T(10), T(1) / T(2)});
        CHECK(s.status == solver_status::converged);
        TD_CHECK_CLOSE(s.x[0], T(1), tol<T>());
        CHECK(std::fabs(s.x[1]) <= tol<T>());
    }
    SUBCASE("singular: a variable f does not depend on") {
        const auto f = [](const auto& x) { return (x[0] - T(1)) * (x[0] - T(1)); };
        const auto s = tinydual::newton(f, vec<T, 2>{T(3), T(4)});
        CHECK(s.status == solver_status::singular);
        TD_CHECK_CLOSE(s.x[0], T(1), tol<T>());
        CHECK(s.x[1] == T(4));
    }
    SUBCASE("non_finite at the start, max_iterations") {
        const auto f = [](const auto& x) { return sqrt(x[0]) + x[1] * x[1]; };
        CHECK(tinydual::newton(f, vec<T, 2>{T(-1), T(0)}).status == solver_status::non_finite);
        tinydual::solver_options<T> o;
        o.max_iterations = 2;
        const auto s = tinydual::newton(squares(problems::rosenbrock{}), point<T>(problems::rosenbrock::start), o);
        CHECK(s.status == solver_status::max_iterations);
        CHECK(s.iterations == 2);
    }
}
