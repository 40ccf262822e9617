// optimize.hpp's levenberg_marquardt against Ceres' TinySolver (Debian's libceres-dev) on the
// same problems (tests/support/problems.hpp), double, from the same starts, at most 100
// iterations: to the cost at which TinySolver stops (its defaults), tinydual takes at most as
// many iterations as TinySolver plus two (both count one per linear solve); with its own
// defaults it goes on to a cost at least as low. The counts are printed. (Host only: built into tinydual_eigen_tests, as TinySolver needs Eigen.)
#include <tinydual/eigen.hpp>  // before Eigen (ceres/tiny_solver.h includes it)

#include <ceres/jet.h>
#include <ceres/tiny_solver.h>
#include <ceres/tiny_solver_autodiff_function.h>

#include <tinydual/optimize.hpp>

#include "support/testing.hpp"

#include <array>
#include <cstdio>

#include "support/problems.hpp"

namespace {

/// A problem as TinySolverAutoDiffFunction wants it: r(x) written to an array, with Jets.
template <class P>
struct ceres_functor {
    const P* p;
    template <class T>
    bool operator()(const T* x, T* r) const {
        tinydual::vec<T, P::n> v{};
        for (std::size_t i = 0; i < P::n; ++i) v[i] = x[i];
        const auto e = (*p)(v);
        for (std::size_t k = 0; k < P::m; ++k) r[k] = e[k];
        return true;
    }
};

struct counts {
    int tinydual, tiny_solver;
    double tinydual_cost, tiny_solver_cost;
};

template <class P>
counts compare(const char* name, const P& p, const std::array<double, P::n>& start) {
    using F = ceres::TinySolverAutoDiffFunction<ceres_functor<P>, int(P::m), int(P::n)>;
    const ceres_functor<P> functor{&p};
    F f(functor);
    Eigen::Matrix<double, int(P::n), 1> x;
    for (std::size_t i = 0; i < P::n; ++i) x[Eigen::Index(i)] = start[i];
    ceres::TinySolver<F> solver;
    solver.options.max_num_iterations = 100;
    solver.Solve(f, &x);

    // tinydual with its defaults (which stop later: TinySolver's cost-change test is absolute,
    // 1e-6), and to the cost TinySolver stopped at
    const auto ours = tinydual::levenberg_marquardt(p, problems::point<double>(start));
    tinydual::solver_options<double> o;
    o.cost_threshold = solver.summary.final_cost * (1 + 1e-9);
    const auto same = tinydual::levenberg_marquardt(p, problems::point<double>(start), o);
    std::printf("%-26s TinySolver %3d iterations to cost %8.3g; tinydual %3d to the same cost, %3d to cost %8.3g\n",
                name, solver.summary.iterations, solver.summary.final_cost, same.iterations, ours.iterations, ours.cost);
    CHECK(ours.status != tinydual::solver_status::max_iterations);
    CHECK(ours.status != tinydual::solver_status::non_finite);
    CHECK(ours.cost <= same.cost);
    return {same.iterations, solver.summary.iterations, same.cost, solver.summary.final_cost};
}

}  // namespace

TEST_CASE("levenberg_marquardt: iterations against Ceres' TinySolver on the same problems") {
    const problems::circle circle;
    const problems::magnetometer magnetometer;
    const counts c[] = {
        compare("Rosenbrock", problems::rosenbrock{}, problems::rosenbrock::start),
        compare("Freudenstein-Roth", problems::freudenstein{}, problems::freudenstein::start),
        compare("Powell singular", problems::powell_singular{}, problems::powell_singular::start),
        compare("Box 3-D", problems::box3d{}, problems::box3d::start),
        compare("circle fit", circle, problems::circle::start),
        compare("magnetometer calibration", magnetometer, magnetometer.start()),
    };
    for (const auto& k : c) {
        CHECK(k.tinydual <= k.tiny_solver + 2);
        CHECK(k.tinydual_cost <= k.tiny_solver_cost * (1 + 1e-9));
    }
}
