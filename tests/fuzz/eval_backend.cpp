// Differential fuzzing of tinydual: the evaluations with one storage backend. This file is
// compiled three times into the fuzzer:
//   -DFUZZ_BACKEND_XSIMD=1                                         default backend (xsimd on x86/NEON)
//   -DFUZZ_BACKEND_XSIMD=0 -DTINYDUAL_BACKEND_PLAIN=1 -Dtinydual=tinydual_plain   plain arrays
//   the same with -DFUZZ_GUARDED_REFERENCE=1 -DTINYDUAL_DETAIL_GUARD_EVERY_STEP=1
//     -Dtinydual=tinydual_guarded: the safe policy's guarded path at every step (the reference)
// The library has one namespace for both backends, and the backend changes the layout and the
// bodies of its inline functions (simd::partials<double, 3> is 4 doubles with xsimd, 3 without):
// two backends in one program would break the one-definition rule. Renaming the namespace with a
// macro in one of the two objects gives every library entity of that object distinct symbols
// (#include <tinydual/...> paths are not macro-expanded). CMake and .ci/fuzz check with nm that
// the two objects share no tinydual symbol.
// Batched numbers call <cmath> lane by lane, so lane 0 must equal the one-point numbers bit for
// bit (xsimd's vectorized math is checked within ulps by tests/lanes.test.cpp).
#define TINYDUAL_LANES_LIBM 1
#include <tinydual/lanes.hpp>
#include <tinydual/tinydual.hpp>

#include "expr.hpp"

namespace fuzz {
namespace {

namespace td = ::tinydual;

template <class T>
void evaluate(const program& prog, results<T>& r) {
    using D = td::dual<T, nvars>;
    using H = td::hyper_dual<T, nvars>;
    using N = td::dual<D, nvars>;
    T x[nvars];
    for (std::size_t i = 0; i < nvars; ++i) x[i] = static_cast<T>(prog.x[i]);
    {
        D v[nvars];
        for (std::size_t i = 0; i < nvars; ++i) v[i] = D::variable(x[i], i);
        const D y = run<D, T, T>(prog, v);
        r.dual_value = y.value();
        for (std::size_t i = 0; i < nvars; ++i) r.dual_grad[i] = y.partial(i);
    }
    {
        H v[nvars];
        for (std::size_t i = 0; i < nvars; ++i) v[i] = H::variable(x[i], i);
        const H y = run<H, T, T>(prog, v);
        r.hyper_value = y.value();
        for (std::size_t i = 0; i < nvars; ++i) {
            r.hyper_grad[i] = y.partial(i);
            for (std::size_t j = 0; j < nvars; ++j) r.hyper_hess[i][j] = y.second_partial(i, j);
        }
    }
    {
        // Gradient of the gradient: the inner level seeds variable i, the outer one seeds it too.
        N v[nvars];
        for (std::size_t i = 0; i < nvars; ++i) v[i] = N::variable(D::variable(x[i], i), i);
        const N y = run<N, D, T>(prog, v);
        r.nested_value = y.value().value();
        for (std::size_t i = 0; i < nvars; ++i) {
            r.nested_inner_grad[i] = y.value().partial(i);
            r.nested_outer_grad[i] = y.partial(i).value();
            for (std::size_t j = 0; j < nvars; ++j) r.nested_hess[i][j] = y.partial(i).partial(j);
        }
    }
    r.has_batch = !std::is_same<T, long double>::value;
    if constexpr (!std::is_same<T, long double>::value) {
        // lane 0 at the point, the others at points made of its coordinates, rotated and scaled
        using L = td::lanes<T, 4>;
        using DB = td::dual<L, nvars>;
        using HB = td::hyper_dual<L, nvars>;
        L xl[nvars];
        for (std::size_t i = 0; i < nvars; ++i)
            for (std::size_t k = 0; k < 4; ++k) xl[i][k] = k == 0 ? x[i] : x[(i + k) % nvars] * static_cast<T>(k + 1) / T(2);
        DB v[nvars];
        for (std::size_t i = 0; i < nvars; ++i) v[i] = DB::variable(xl[i], i);
        const DB y = run<DB, L, T>(prog, v);
        r.batch_value = y.value()[0];
        for (std::size_t i = 0; i < nvars; ++i) r.batch_grad[i] = y.partial(i)[0];
        HB w[nvars];
        for (std::size_t i = 0; i < nvars; ++i) w[i] = HB::variable(xl[i], i);
        const HB h = run<HB, L, T>(prog, w);
        for (std::size_t i = 0; i < nvars; ++i)
            for (std::size_t j = 0; j < nvars; ++j) r.batch_hess[i][j] = h.second_partial(i, j)[0];
    }
    {
        const auto f = [&prog](const auto& p) {
            using E = std::decay_t<decltype(p[0])>;
            E v[nvars];
            for (std::size_t i = 0; i < nvars; ++i) v[i] = p[i];
            return run<E, T, T>(prog, v);
        };
        const td::vec<T, nvars> p{x[0], x[1], x[2]};
        const auto g = td::gradient(f, p);
        const auto h = td::hessian(f, p);
        const auto gc = td::gradient(f, p, td::chunk<2>);
        const auto hc = td::hessian(f, p, td::chunk<2>);
        for (std::size_t i = 0; i < nvars; ++i) {
            r.driver_grad[i] = g.gradient[i];
            r.chunk_grad[i] = gc.gradient[i];
            for (std::size_t j = 0; j < nvars; ++j) {
                r.driver_hess[i][j] = h.hessian(i, j);
                r.chunk_hess[i][j] = hc.hessian(i, j);
            }
        }
    }
}

}  // namespace

#if FUZZ_BACKEND_XSIMD
void eval_xsimd(const program& prog, results<float>& r) { evaluate(prog, r); }
void eval_xsimd(const program& prog, results<double>& r) { evaluate(prog, r); }
const char* xsimd_object_backend() { return td::simd::backend_name(); }
#elif FUZZ_GUARDED_REFERENCE
static_assert(!TINYDUAL_BACKEND_XSIMD && TINYDUAL_DETAIL_GUARD_EVERY_STEP,
              "the guarded reference is built with TINYDUAL_BACKEND_PLAIN=1 and TINYDUAL_DETAIL_GUARD_EVERY_STEP=1");
void eval_guarded(const program& prog, results<float>& r) { evaluate(prog, r); }
void eval_guarded(const program& prog, results<double>& r) { evaluate(prog, r); }
#else
static_assert(!TINYDUAL_BACKEND_XSIMD, "the plain object must be built with TINYDUAL_BACKEND_PLAIN=1");
void eval_plain(const program& prog, results<float>& r) { evaluate(prog, r); }
void eval_plain(const program& prog, results<double>& r) { evaluate(prog, r); }
void eval_plain(const program& prog, results<long double>& r) { evaluate(prog, r); }
#endif

}  // namespace fuzz
