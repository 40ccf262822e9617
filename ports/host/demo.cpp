// tinydual demo: the worked reference cases of identities.md computed by the library next to
// their closed forms, then real uses: gradient descent fitting a ReLU neuron (N2), Newton's
// method on the extended Rosenbrock function with the exact Hessian (hessian() and inverse()),
// and a magnetometer calibration by levenberg_marquardt (optimize.hpp).
// Only <cstdio> and the library: the same file runs on the host and on the emulated Cortex-M4F.
// Exit status 0 when every computed value matches its closed form.
#include <tinydual/batch.hpp>
#include <tinydual/tinydual.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>


using tinydual::mat;
using tinydual::vec;

namespace {

int failures = 0;

void row(const char* id, const char* what, double computed, double expected) {
    const double scale = std::fmax(1.0, std::fabs(expected));
    const bool ok = std::fabs(computed - expected) <= 1e-12 * scale;
    if (!ok) ++failures;
    std::printf("  %-4s %-34s %15.9f %15.9f  %s\n", id, what, computed, expected, ok ? "ok" : "MISMATCH");
}

void header(const char* title) {
    std::printf("\n%s\n  %-4s %-34s %15s %15s\n", title, "case", "quantity", "tinydual", "closed form");
}

void reference_cases() {
    const double x = 0.7, y = -1.3, z = 0.4;
    header("Worked examples (identities.md E, at x = 0.7, y = -1.3, z = 0.4)");
    row("E1", "d(2x)/dx", tinydual::derivative([](auto t) { return 2.0 * t; }, x).derivative, 2.0);
    const auto e2 = tinydual::derivative([](auto t) { return vec<decltype(t), 3>{t, cos(t), 2.0 * t * t}; }, x).derivative;
    row("E2", "d[x, cos x, 2x^2]/dx [1]", e2[1], -std::sin(x));
    row("E2", "d[x, cos x, 2x^2]/dx [2]", e2[2], 4 * x);
    const auto e3 = tinydual::derivative(
        [](auto t) { return mat<decltype(t), 2, 2>{{t * t + 1.0, cos(t)}, {sin(t), t - 1.0}}; }, x).derivative;
    row("E3", "dY/dx (0,0) = 2x", e3(0, 0), 2 * x);
    row("E3", "dY/dx (1,0) = cos x", e3(1, 0), std::cos(x));
    const vec<double, 3> p{x, y, z};
    const auto e4 = tinydual::gradient([](const auto& v) { return v[0] * v[1] * v[2]; }, p).gradient;
    row("E4", "d(xyz)/dz = xy", e4[2], x * y);
    const auto e5 = tinydual::jacobian(
        [](const auto& v) {
            using D = std::decay_t<decltype(v[0])>;
            return vec<D, 3>{exp(v[0] * v[1] * v[2]), v[0] * v[0] * v[2], v[1] * v[2]};
        },
        p).jacobian;
    row("E5", "d e^{xyz} / dy = xz e^{xyz}", e5(0, 1), x * z * std::exp(x * y * z));
    row("E5", "d x^2 z / dx = 2xz", e5(1, 0), 2 * x * z);
    const vec<double, 3> w{0.5, -2.0, 3.0};
    const auto e8 = tinydual::gradient([&w](const auto& v) { return dot(w, v); }, p).gradient;
    row("E8", "d(w.x)/dx_2 = w_2", e8[2], w[2]);
    const auto e9 = tinydual::jacobian(
        [](const auto& v) {
            using D = std::decay_t<decltype(v[0])>;
            return vec<D, 2>{3.0 * v[0] * v[0] * v[1], 2.0 * v[0] + v[1] * v[1]};
        },
        vec<double, 2>{x, y}).jacobian;
    row("E9", "d(3x^2 y)/dx = 6xy", e9(0, 0), 6 * x * y);
    row("E9", "d(2x + y^2)/dy = 2y", e9(1, 1), 2 * y);

    header("Chain rules (identities.md C, at x = 0.7, y = -1.3)");
    auto d = [](auto f, double t) { return tinydual::derivative(f, t).derivative; };
    row("C1", "ln(x^2+1)' = 2x/(x^2+1)", d([](auto t) { return log(t * t + 1.0); }, x), 2 * x / (x * x + 1));
    const auto c2 = tinydual::gradient([](const auto& v) { return v[1] * sin(v[0] + v[1]); }, vec<double, 2>{x, y}).gradient;
    row("C2", "d(y sin(x+y))/dx = y cos(x+y)", c2[0], y * std::cos(x + y));
    row("C2", "d/dy = sin(x+y) + y cos(x+y)", c2[1], std::sin(x + y) + y * std::cos(x + y));
    row("C3", "ln(sin(x^3)^2)' = 6x^2 cot(x^3)",
        d([](auto t) { const auto s = sin(t * t * t); return log(s * s); }, x), 6 * x * x / std::tan(x * x * x));
    row("C4", "sin(x^2)' = 2x cos(x^2)", d([](auto t) { return sin(t * t); }, x), 2 * x * std::cos(x * x));
    row("C5", "sin(x+x^2)' = (1+2x)cos(x+x^2)", d([](auto t) { return sin(t + t * t); }, x),
        (1 + 2 * x) * std::cos(x + x * x));
    row("C6", "(x x^2)' = 3x^2", d([](auto t) { return t * (t * t); }, x), 3 * x * x);
    row("C7", "(u+u^2)', u=x^2: 2x+4x^3", d([](auto t) { const auto u = t * t; return u + u * u; }, x),
        2 * x + 4 * x * x * x);
    const auto c8 = tinydual::derivative([](auto t) { return vec<decltype(t), 2>{log(t * t), sin(3.0 * t)}; }, x).derivative;
    row("C8", "[ln x^2, sin 3x]' [0] = 2/x", c8[0], 2 / x);
    row("C8", "[ln x^2, sin 3x]' [1] = 3cos 3x", c8[1], 3 * std::cos(3 * x));

    header("Linear map (identities.md L8: F = A((Ax+b)o(Ax+b)) + b, dF/dx = 2 A diag(Ax+b) A)");
    const mat<double, 3, 3> A{{1, -2, 0.5}, {0.3, 1, -1}, {2, 0, 1}};
    const vec<double, 3> b{0.1, -0.2, 0.3};
    const auto l8 = tinydual::jacobian(
        [&](const auto& v) {
            const auto q = A * v + b;
            return A * hadamard(q, q) + b;
        },
        p).jacobian;
    const auto l8_closed = 2.0 * (A * tinydual::diag(A * p + b) * A);
    for (std::size_t i = 0; i < 3; i += 2)
        for (std::size_t j = 0; j < 3; j += 2) {
            char what[40];
            std::snprintf(what, sizeof what, "dF_%zu/dx_%zu", i, j);
            row("L8", what, l8(i, j), l8_closed(i, j));
        }
}

// N2: fit a ReLU neuron a = max(0, w.x + b) to samples of a known one, by gradient descent on the
// mean squared loss, in float (as it would run on a Cortex-M4F).
void fit_neuron() {
    constexpr std::size_t n = 3, K = 32;
    const float w_true[n] = {0.5f, -1.0f, 2.0f};
    const float b_true = 0.3f;
    vec<vec<float, n>, K> xs{};
    vec<float, K> ys{};
    unsigned state = 12345u;
    auto uniform = [&state] {
        state = state * 1664525u + 1013904223u;
        return static_cast<float>(state >> 8) * (2.0f / 16777216.0f) - 1.0f;
    };
    for (std::size_t i = 0; i < K; ++i) {
        float zt = b_true;
        for (std::size_t j = 0; j < n; ++j) {
            xs[i][j] = uniform();
            zt += w_true[j] * xs[i][j];
        }
        ys[i] = zt > 0.0f ? zt : 0.0f;
    }
    auto loss = [&](const auto& q) {  // q = (w, b)
        auto c = q[0] * 0.0f;
        for (std::size_t i = 0; i < K; ++i) {
            auto zi = q[n];
            for (std::size_t j = 0; j < n; ++j) zi = zi + q[j] * xs[i][j];
            const auto e = ys[i] - max(0.0f, zi);
            c = c + e * e;
        }
        return c / static_cast<float>(K);
    };
    vec<float, n + 1> q{0.1f, 0.1f, 0.1f, 0.5f};
    // N2's closed form at the start: dC/dw = 2/K sum_active e_i x_i, dC/db = 2/K sum_active e_i
    const auto g0 = tinydual::gradient(loss, q);
    vec<float, n + 1> closed{};
    for (std::size_t i = 0; i < K; ++i) {
        float zi = q[n];
        for (std::size_t j = 0; j < n; ++j) zi += q[j] * xs[i][j];
        if (!(zi > 0.0f)) continue;
        const float e = zi - ys[i];
        for (std::size_t j = 0; j < n; ++j) closed[j] += 2.0f / K * e * xs[i][j];
        closed[n] += 2.0f / K * e;
    }
    header("Neuron and loss (identities.md N2, float, 32 samples, at w = (0.1, 0.1, 0.1), b = 0.5)");
    for (std::size_t j = 0; j <= n; ++j) {
        char what[40];
        std::snprintf(what, sizeof what, j < n ? "dC/dw_%zu" : "dC/db", j);
        const double scale = std::fmax(1.0, std::fabs(static_cast<double>(closed[j])));
        const bool ok = std::fabs(static_cast<double>(g0.gradient[j] - closed[j])) <= 1e-5 * scale;
        if (!ok) ++failures;
        std::printf("  %-4s %-34s %15.9f %15.9f  %s\n", "N2", what, static_cast<double>(g0.gradient[j]),
                    static_cast<double>(closed[j]), ok ? "ok" : "MISMATCH");
    }
    std::printf("\nGradient descent on the N2 loss (float, step 0.5):\n");
    const float step = 0.5f;
    float c = 0.0f;
    for (int it = 0; it <= 400; ++it) {
        const auto r = tinydual::gradient(loss, q);
        c = r.value;
        if (it % 80 == 0)
            std::printf("  iteration %3d  loss %.3e  w = (%+.4f, %+.4f, %+.4f)  b = %+.4f\n", it, static_cast<double>(c),
                        static_cast<double>(q[0]), static_cast<double>(q[1]), static_cast<double>(q[2]),
                        static_cast<double>(q[3]));
        q -= step * r.gradient;
    }
    const bool converged = c < 1e-6f && std::fabs(q[2] - 2.0f) < 1e-2f;
    if (!converged) ++failures;
    std::printf("  recovered w = (%.4f, %.4f, %.4f), b = %.4f (true 0.5, -1, 2, 0.3): %s\n", static_cast<double>(q[0]),
                static_cast<double>(q[1]), static_cast<double>(q[2]), static_cast<double>(q[3]),
                converged ? "ok" : "NOT CONVERGED");
}

// Newton's method on the extended Rosenbrock function in 4 dimensions, with the exact Hessian
// from one hessian() call per iteration and a backtracking line search.
void newton_rosenbrock() {
    constexpr std::size_t n = 4;
    auto rosenbrock = [](const auto& x) {
        auto s = x[0] * 0.0;
        for (std::size_t i = 0; i + 1 < n; i += 2) {
            const auto a = x[i + 1] - x[i] * x[i];
            const auto b = 1.0 - x[i];
            s = s + 100.0 * a * a + b * b;
        }
        return s;
    };
    // identities.md H3 first: f = 3x^2 y has Hessian [[6y, 6x], [6x, 0]]
    header("Hessian (identities.md H3: f = 3x^2 y at x = 0.7, y = -1.3)");
    const auto h3 = tinydual::hessian([](const auto& v) { return 3.0 * v[0] * v[0] * v[1]; }, vec<double, 2>{0.7, -1.3});
    row("H3", "d2f/dx2 = 6y", h3.hessian(0, 0), 6 * -1.3);
    row("H3", "d2f/dxdy = 6x", h3.hessian(0, 1), 6 * 0.7);
    row("H3", "d2f/dy2 = 0", h3.hessian(1, 1), 0.0);

    std::printf("\nNewton's method on the extended Rosenbrock function (n = 4, exact Hessian):\n");
    vec<double, n> x{-1.2, 1.0, -1.2, 1.0};
    int it = 0;
    double gnorm = 1.0;
    for (; it < 50; ++it) {
        const auto [f, g, H] = tinydual::hessian(rosenbrock, x);
        gnorm = std::sqrt(dot(g, g));
        std::printf("  iteration %2d  f = %.6e  |grad| = %.3e  x = (%+.6f, %+.6f, %+.6f, %+.6f)\n", it, f, gnorm, x[0],
                    x[1], x[2], x[3]);
        if (gnorm < 1e-10) break;
        const auto Hinv = tinydual::inverse(H);
        if (!Hinv) {
            std::printf("  singular Hessian\n");
            break;
        }
        const auto step = *Hinv * g;
        double t = 1.0;  // backtracking: accept the first step that decreases f
        while (t > 1e-8 && rosenbrock(x - t * step) >= f) t *= 0.5;
        x -= t * step;
    }
    const bool converged = gnorm < 1e-10 && std::fabs(x[0] - 1.0) < 1e-8 && std::fabs(x[3] - 1.0) < 1e-8;
    if (!converged) ++failures;
    std::printf("  minimum at (1, 1, 1, 1) after %d Newton steps: %s\n", it, converged ? "ok" : "NOT CONVERGED");
}

// A magnetometer calibration, as a firmware engineer runs it on the board: 40 synthetic readings
// m_i = W^-1 u_i + b of the unit field directions u_i through a hard-iron offset b and a soft-iron
// matrix W (symmetric), recovered by levenberg_marquardt from r_i = |W (m_i - b)|^2 - 1 in float:
// 9 parameters, exact 40 x 9 Jacobians, no heap. On a Cortex-M the solve is timed with SysTick,
// which counts instructions when QEMU runs with -icount shift=0 (ports/mps2/demo.sh).
#if defined(__arm__) && !defined(__linux__)
struct instruction_counter {  // SysTick: 24 bits, down once per 40 instructions on mps2-an386
    static volatile unsigned& reg(unsigned a) { return *reinterpret_cast<volatile unsigned*>(a); }
    instruction_counter() {
        reg(0xE000E014u) = 0xFFFFFFu;  // reload
        reg(0xE000E018u) = 0u;         // current
        reg(0xE000E010u) = 5u;         // enable, processor clock
    }
    unsigned now() const { return reg(0xE000E018u); }
    static unsigned instructions(unsigned start, unsigned end) { return ((start - end) & 0xFFFFFFu) * 40u; }
};
#endif

void calibrate_magnetometer() {
    constexpr std::size_t m = 40;
    const float truth[9] = {0.3f, -0.2f, 0.1f, 1.2f, 0.9f, 1.1f, 0.05f, -0.03f, 0.02f};  // b, W00 W11 W22 W01 W02 W12
    const mat<float, 3, 3> W{truth[3], truth[6], truth[7], truth[6], truth[4], truth[8], truth[7], truth[8], truth[5]};
    const auto Winv = *tinydual::inverse(W);
    vec<vec<float, 3>, m> meas{};
    for (std::size_t i = 0; i < m; ++i) {  // a spherical Fibonacci set of directions
        const float z = 1.0f - (2.0f * static_cast<float>(i) + 1.0f) / static_cast<float>(m);
        const float rho = std::sqrt(1.0f - z * z), phi = 2.39996323f * static_cast<float>(i);
        meas[i] = Winv * vec<float, 3>{rho * std::cos(phi), rho * std::sin(phi), z} + vec<float, 3>{truth[0], truth[1], truth[2]};
    }
    auto residuals = [&](const auto& x) {
        using S = std::decay_t<decltype(x[0])>;
        vec<S, m> r{};
        for (std::size_t i = 0; i < m; ++i) {
            const S d0 = meas[i][0] - x[0], d1 = meas[i][1] - x[1], d2 = meas[i][2] - x[2];
            const S w0 = x[3] * d0 + x[6] * d1 + x[7] * d2;
            const S w1 = x[6] * d0 + x[4] * d1 + x[8] * d2;
            const S w2 = x[7] * d0 + x[8] * d1 + x[5] * d2;
            r[i] = w0 * w0 + w1 * w1 + w2 * w2 - 1.0f;
        }
        return r;
    };
    vec<float, 9> x0{0, 0, 0, 1, 1, 1, 0, 0, 0};  // the mean of the readings, no soft iron
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t k = 0; k < 3; ++k) x0[k] += meas[i][k] / static_cast<float>(m);
#if defined(__arm__) && !defined(__linux__)
    const instruction_counter counter;
    const unsigned start = counter.now();
    const auto fit = tinydual::levenberg_marquardt(residuals, x0);
    const unsigned used = instruction_counter::instructions(start, counter.now());
    char cost_text[48];
    std::snprintf(cost_text, sizeof cost_text, "%u instructions per iteration", used / unsigned(fit.iterations > 0 ? fit.iterations : 1));
#else
    const auto fit = tinydual::levenberg_marquardt(residuals, x0);
    const char* cost_text = "instructions per iteration counted on the board";
#endif
    std::printf("\nMagnetometer calibration (float, 40 readings, 9 parameters, levenberg_marquardt):\n");
    std::printf("  solver: %d iterations, %s\n", fit.iterations, cost_text);
    const char* names[9] = {"hard iron b_x", "hard iron b_y", "hard iron b_z", "soft iron W_xx", "soft iron W_yy",
                            "soft iron W_zz", "soft iron W_xy", "soft iron W_xz", "soft iron W_yz"};
    bool ok = fit.status == tinydual::solver_status::converged && fit.cost < 1e-9f;
    for (std::size_t k = 0; k < 9; ++k) {
        const bool close = std::fabs(fit.x[k] - truth[k]) < 1e-4f;
        ok = ok && close;
        std::printf("  %-16s %9.4f (true %7.4f)  %s\n", names[k], static_cast<double>(fit.x[k]), static_cast<double>(truth[k]),
                    close ? "ok" : "WRONG");
    }
    if (!ok) ++failures;
    std::printf("  status %s, cost below 1e-9: %s\n", fit.status == tinydual::solver_status::converged ? "converged" : "NOT CONVERGED",
                fit.cost < 1e-9f ? "yes" : "no");
}

// The same calibration over many readings, as a data logger collects them: 1000 readings, Gauss-
// Newton steps from the normal equations J^T J d = J^T r, the 1000 residual Jacobian rows from
// batch::data_jacobian (the parameters in every SIMD lane, one reading per lane), beside the same
// rows from the one-point jacobian, reading by reading. Times (host) and instruction counts
// (board) are printed on the "solver:" lines.
void calibrate_magnetometer_batched() {
    constexpr std::size_t m = 1000;
    const float truth[9] = {0.3f, -0.2f, 0.1f, 1.2f, 0.9f, 1.1f, 0.05f, -0.03f, 0.02f};
    const mat<float, 3, 3> W{truth[3], truth[6], truth[7], truth[6], truth[4], truth[8], truth[7], truth[8], truth[5]};
    const auto Winv = *tinydual::inverse(W);
    static vec<float, 3> meas[m];
    for (std::size_t i = 0; i < m; ++i) {
        const float z = 1.0f - (2.0f * static_cast<float>(i) + 1.0f) / static_cast<float>(m);
        const float rho = std::sqrt(1.0f - z * z), phi = 2.39996323f * static_cast<float>(i);
        meas[i] = Winv * vec<float, 3>{rho * std::cos(phi), rho * std::sin(phi), z} + vec<float, 3>{truth[0], truth[1], truth[2]};
    }
    // r(x, m) = |W (m - b)|^2 - 1 for one reading m (x = b, W00 W11 W22 W01 W02 W12)
    const auto residual = [](const auto& x, const auto& mi) {
        using S = std::decay_t<decltype(x[0])>;
        const S d0 = mi[0] - x[0], d1 = mi[1] - x[1], d2 = mi[2] - x[2];
        const S w0 = x[3] * d0 + x[6] * d1 + x[7] * d2;
        const S w1 = x[6] * d0 + x[4] * d1 + x[8] * d2;
        const S w2 = x[7] * d0 + x[8] * d1 + x[5] * d2;
        return w0 * w0 + w1 * w1 + w2 * w2 - 1.0f;
    };
    using row = tinydual::batch::data_jacobian_result_t<decltype(residual), vec<float, 9>, vec<float, 3>>;
    static row batched[m], one_point[m];
    const auto one_point_rows = [&](const vec<float, 9>& x) {
        for (std::size_t i = 0; i < m; ++i)
            one_point[i] = tinydual::jacobian([&](const auto& p) { return residual(p, meas[i]); }, x);
    };
    vec<float, 9> x{0, 0, 0, 1, 1, 1, 0, 0, 0};
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t k = 0; k < 3; ++k) x[k] += meas[i][k] / static_cast<float>(m);
    int iterations = 0;
    float cost = 0, worst_row_difference = 0;
    for (; iterations < 20; ++iterations) {
        tinydual::batch::data_jacobian(residual, x, meas, m, batched);
        one_point_rows(x);
        mat<float, 9, 9> JtJ{};
        vec<float, 9> Jtr{};
        cost = 0;
        for (std::size_t i = 0; i < m; ++i) {
            const float r = batched[i].value;
            cost += 0.5f * r * r;
            for (std::size_t a = 0; a < 9; ++a) {
                const float ja = batched[i].jacobian(0, a);
                worst_row_difference = std::fmax(worst_row_difference, std::fabs(ja - one_point[i].jacobian(0, a)));
                Jtr[a] += ja * r;
                for (std::size_t b = 0; b < 9; ++b) JtJ(a, b) += ja * batched[i].jacobian(0, b);
            }
        }
        const auto step = tinydual::solve(JtJ, Jtr);
        if (!step) break;
        x -= *step;
        if (tinydual::norm(*step) < 1e-6f) break;
    }
    std::printf("\nMagnetometer calibration over %zu readings (float, Gauss-Newton, batch::data_jacobian):\n", m);
#if defined(__arm__) && !defined(__linux__)
    const instruction_counter counter;
    unsigned t0 = counter.now();
    tinydual::batch::data_jacobian(residual, x, meas, m, batched);
    const unsigned batched_cost = instruction_counter::instructions(t0, counter.now());
    t0 = counter.now();
    one_point_rows(x);
    const unsigned one_point_cost = instruction_counter::instructions(t0, counter.now());
    std::printf("  solver: %zu Jacobian rows: one-point %u instructions, batched %u (%zu lanes)\n", m, one_point_cost,
                batched_cost, tinydual::batch::default_lanes<float>);
#else
    const auto time_us = [](const auto& work) {
        const auto t0 = std::chrono::steady_clock::now();
        for (int rep = 0; rep < 20; ++rep) work();
        return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / 20;
    };
    const double batched_us = time_us([&] { tinydual::batch::data_jacobian(residual, x, meas, m, batched); });
    const double one_point_us = time_us([&] { one_point_rows(x); });
    std::printf("  solver: %zu Jacobian rows: one-point %.1f us, batched %.1f us (%zu lanes, %.1fx)\n", m, one_point_us,
                batched_us, tinydual::batch::default_lanes<float>, one_point_us / batched_us);
#endif
    std::printf("  solver: %d Gauss-Newton steps, cost %.3g\n", iterations + 1, static_cast<double>(cost));
    const char* names[9] = {"hard iron b_x", "hard iron b_y", "hard iron b_z", "soft iron W_xx", "soft iron W_yy",
                            "soft iron W_zz", "soft iron W_xy", "soft iron W_xz", "soft iron W_yz"};
    bool ok = worst_row_difference <= 1e-4f;
    for (std::size_t k = 0; k < 9; ++k) {
        const bool close = std::fabs(x[k] - truth[k]) < 1e-4f;
        ok = ok && close;
        std::printf("  %-16s %9.4f (true %7.4f)  %s\n", names[k], static_cast<double>(x[k]), static_cast<double>(truth[k]),
                    close ? "ok" : "WRONG");
    }
    std::printf("  batched Jacobian rows equal the one-point rows (within 1e-4): %s\n", worst_row_difference <= 1e-4f ? "yes" : "NO");
    if (!ok) ++failures;
}

}  // namespace

int main() {
    std::printf("tinydual %d.%d.%d demo, partials backend: %s\n", TINYDUAL_VERSION_MAJOR, TINYDUAL_VERSION_MINOR,
                TINYDUAL_VERSION_PATCH, tinydual::simd::backend_name());
    reference_cases();
    fit_neuron();
    newton_rosenbrock();
    calibrate_magnetometer();
    calibrate_magnetometer_batched();
    std::printf("\n%s: %d mismatch%s\n", failures == 0 ? "PASS" : "FAIL", failures, failures == 1 ? "" : "es");
    return failures == 0 ? 0 : 1;
}
