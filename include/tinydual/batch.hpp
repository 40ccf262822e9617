// tinydual/batch.hpp: the drivers over many points, one SIMD lane per point: batch::gradient,
// batch::jacobian, batch::hessian and batch::hvp; batch::data_jacobian for one point and many
// data (a residual's Jacobian at every measurement).
//
//   auto f = [](const auto& x) { return x[0] * x[0] + sin(x[1]); };       // branch-free
//   std::array<tinydual::vec<double, 2>, 1000> points = ...;
//   std::array<tinydual::batch::gradient_result_t<decltype(f), tinydual::vec<double, 2>>, 1000> g;
//   tinydual::batch::gradient(f, points, g);                                // g[i] == gradient(f, points[i])
//
// Each call of f evaluates K points at once: f receives the point with elements
// dual<lanes<T, K>, N> (lanes.hpp), whose value and every partial hold K points, one per lane
// (hessian: hyper_dual<lanes<T, K>, N>; hvp: dual<dual<lanes<T, K>, N>, 1>). Points are vec or
// std::array (gradient and jacobian: also mat and args(...) packs, one pack per point).
// The results, per point, are what the one-point driver returns (gradient_result, ...), written
// to the caller's array: no heap. The last call takes the remaining points in its first lanes
// and repeats the last point in the others (whose results are dropped). K: batch::width<K>, by
// default batch::default_lanes<T> (one register of the widest SIMD unit).
//
// f must be branch-free on its numbers: a comparison gives a lane_mask, and `if` on it does not
// compile; tinydual::select(mask, a, b), min, max, fmin, fmax, abs and copysign choose lane by
// lane. The policies and derivative rules are the one-point ones, lane by lane; under the safe
// policy f may be called twice per block (detail/driver.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>

#include "args.hpp"
#include "config.hpp"
#include "derivatives.hpp"
#include "detail/driver.hpp"
#include "detail/points.hpp"
#include "detail/traits.hpp"
#include "dual.hpp"
#include "lanes.hpp"
#include "options.hpp"
#include "second_order.hpp"
#include "vec.hpp"

namespace tinydual {
namespace batch {

namespace detail {
template <class T>
constexpr std::size_t register_lanes() {
#if TINYDUAL_BACKEND_XSIMD
    if constexpr (std::is_same<T, float>::value || std::is_same<T, double>::value) {
        constexpr std::size_t n = simd::xsimd_backend::detail::lanes<T, xsimd::default_arch>::value;
        return n >= 2 ? n : 4;
    }
#endif
    return 4;
}
}  // namespace detail

/// Points per call of f by default: one register of the widest SIMD unit the build targets
/// (AVX2: 4 double, 8 float; SSE2 and NEON: 2 double, 4 float), 4 without SIMD.
template <class T>
constexpr std::size_t default_lanes = detail::register_lanes<T>();

/// The per-point result types: what the one-point drivers return for f at a point X under the
/// batched driver's options (a policy; for jacobian also a layout).
template <class F, class X, class... Options>
using gradient_result_t = decltype(tinydual::gradient(std::declval<F&>(), std::declval<const X&>(),
                                                      typename tinydual::detail::driver_options<Options...>::policy{}));
template <class F, class X, class... Options>
using hessian_result_t = decltype(tinydual::hessian(std::declval<F&>(), std::declval<const X&>(),
                                                    typename tinydual::detail::driver_options<Options...>::policy{}));
template <class F, class X, class... Options>
using hvp_result_t = decltype(tinydual::hvp(std::declval<F&>(), std::declval<const X&>(), std::declval<const X&>(),
                                            typename tinydual::detail::driver_options<Options...>::policy{}));
namespace detail {
/// f with its data bound: x -> f(x, data) (the one-point view of batch::data_jacobian).
template <class F, class Data>
struct with_data {
    const F& f;
    const Data& data;
    template <class P>
    auto operator()(const P& x) const {
        return f(x, data);
    }
};
}  // namespace detail
/// The per-datum result of batch::data_jacobian: jacobian(x -> f(x, d), x).
template <class F, class X, class Data, class... Options>
using data_jacobian_result_t = decltype(tinydual::jacobian(
    std::declval<detail::with_data<F, Data>&>(), std::declval<const X&>(),
    typename tinydual::detail::driver_options<Options...>::policy{},
    std::conditional_t<tinydual::detail::driver_options<Options...>::denominator, denominator_layout_t, numerator_layout_t>{}));
template <class F, class X, class... Options>
using jacobian_result_t = decltype(tinydual::jacobian(
    std::declval<F&>(), std::declval<const X&>(), typename tinydual::detail::driver_options<Options...>::policy{},
    std::conditional_t<tinydual::detail::driver_options<Options...>::denominator, denominator_layout_t, numerator_layout_t>{}));

namespace detail {
using namespace tinydual::detail;

/// Points per call for points of element type T under the options.
template <class T, class O>
constexpr std::size_t width_of = O::width != 0 ? O::width : default_lanes<T>;

/// The point with lanes: coordinate i of points[0 ... count - 1] in lanes 0 ... count - 1, the
/// last point repeated in the lanes above. A whole block is straight-line code.
template <class Z, class X, std::size_t... I>
TINYDUAL_INLINE void gather_lane(Z& z, const X& point, std::size_t k, std::index_sequence<I...>) {
    ((z[I][k] = point[I]), ...);
}
template <class Z, class X, std::size_t... K>
TINYDUAL_INLINE void gather_block(Z& z, const X* points, std::index_sequence<K...>) {
    (gather_lane(z, points[K], K, std::make_index_sequence<point_traits<X>::size>{}), ...);
}
/// Lane k of z, a point with lanes, set from the one-point x (any kind of point: a scalar, vec,
/// std::array, mat or args(...) pack).
template <class T, std::size_t K>
TINYDUAL_INLINE void put_lane(lanes<T, K>& z, const T& x, std::size_t k) {
    z[k] = x;
}
template <class L, class T, std::size_t N>
TINYDUAL_INLINE void put_lane(vec<L, N>& z, const vec<T, N>& x, std::size_t k) {
    for (std::size_t i = 0; i < N; ++i) put_lane(z[i], x[i], k);
}
template <class L, class T, std::size_t N>
TINYDUAL_INLINE void put_lane(std::array<L, N>& z, const std::array<T, N>& x, std::size_t k) {
    for (std::size_t i = 0; i < N; ++i) put_lane(z[i], x[i], k);
}
template <class L, class T, std::size_t R, std::size_t C>
TINYDUAL_INLINE void put_lane(mat<L, R, C>& z, const mat<T, R, C>& x, std::size_t k) {
    for (std::size_t i = 0; i < R; ++i)
        for (std::size_t j = 0; j < C; ++j) put_lane(z(i, j), x(i, j), k);
}
template <class... L, class... A>
TINYDUAL_INLINE void put_lane(arguments<L...>& z, const arguments<A...>& x, std::size_t k) {
    std::apply([&](auto&... zs) { std::apply([&](const auto&... xs) { (put_lane(zs, xs, k), ...); }, x.values); },
               z.values);
}

/// The point X with every element as lanes<T, K>: K points, one per lane.
template <class X, std::size_t K>
using lanes_point_t = typename point_traits<X>::template with<lanes<typename point_traits<X>::element, K>>;

template <std::size_t K, class X>
TINYDUAL_INLINE auto gather(const X* points, std::size_t count) {
    using P = point_traits<X>;
    lanes_point_t<X, K> z;
    if constexpr (is_flat_point<X>) {
        if (count == K) {
            gather_block(z, points, std::make_index_sequence<K>{});
        } else {
            for (std::size_t k = 0; k < K; ++k)
                gather_lane(z, points[k < count ? k : count - 1], k, std::make_index_sequence<P::size>{});
        }
    } else {
        for (std::size_t k = 0; k < K; ++k) put_lane(z, points[k < count ? k : count - 1], k);
    }
    return z;
}

/// The point with lanes xs seeded as the variables of D, written in place (every variable's
/// value and its N partials, 0 and 1 constants: no copy of a whole number).
template <class D, std::size_t I, class Z, class XS, std::size_t... J>
TINYDUAL_INLINE void seed_variable(Z& z, const XS& xs, std::index_sequence<J...>) {
    using L = typename D::value_type;
    using T = typename L::value_type;
    z[I].value() = xs[I];
    ((z[I].partial(J) = L(T(J == I ? 1 : 0))), ...);
}
template <class D, class Z, class XS, std::size_t... I>
TINYDUAL_INLINE void seed_variables(Z& z, const XS& xs, std::index_sequence<I...>) {
    (seed_variable<D, I>(z, xs, std::index_sequence<I...>{}), ...);
}

/// Lane k of a batched output: the one-point number (or vec, std::array, mat of them).
template <class T, std::size_t K>
T lane_of(const lanes<T, K>& y, std::size_t k) {
    return y[k];
}
template <class T, std::size_t N, class Tag, std::size_t K>
dual<T, N, Tag> lane_of(const dual<lanes<T, K>, N, Tag>& y, std::size_t k) {
    dual<T, N, Tag> r(y.value()[k]);
    for (std::size_t i = 0; i < N; ++i) r.partial(i) = y.partial(i)[k];
    return r;
}
template <class E, std::size_t M>
auto lane_of(const vec<E, M>& y, std::size_t k) {
    vec<decltype(lane_of(y[0], k)), M> r;
    for (std::size_t i = 0; i < M; ++i) r[i] = lane_of(y[i], k);
    return r;
}
template <class E, std::size_t M>
auto lane_of(const std::array<E, M>& y, std::size_t k) {
    std::array<decltype(lane_of(y[0], k)), M> r;
    for (std::size_t i = 0; i < M; ++i) r[i] = lane_of(y[i], k);
    return r;
}
template <class E, std::size_t R, std::size_t C>
auto lane_of(const mat<E, R, C>& y, std::size_t k) {
    mat<decltype(lane_of(y(0, 0), k)), R, C> r;
    for (std::size_t i = 0; i < R; ++i)
        for (std::size_t j = 0; j < C; ++j) r(i, j) = lane_of(y(i, j), k);
    return r;
}

/// A point a batch:: driver takes: a vec or std::array of float or double, and where Wide
/// (batch::gradient, batch::jacobian) also a mat or an args(...) pack of them.
template <bool Wide, class X>
constexpr void check_batch_point() {
    constexpr bool single = is_flat_point<X>;
    constexpr bool wide = is_mat<X>::value || is_arguments<X>::value;
    static_assert(single || (Wide && wide),
                  "tinydual: the batch:: drivers take points as tinydual::vec<T, N> or std::array<T, N> "
                  "(batch::gradient and batch::jacobian also mat<T, R, C> and args(...))");
    if constexpr (single || (Wide && wide)) {
        static_assert(std::is_floating_point<typename point_traits<X>::element>::value,
                      "tinydual: the batch:: drivers take points of float or double");
        if constexpr (is_arguments<X>::value)
            static_assert(point_traits<X>::same_elements,
                          "tinydual: every argument of args(...) needs the same element type (all float or all double)");
    }
}
template <class R, class Expected>
constexpr void check_result() {
    static_assert(std::is_same<R, Expected>::value,
                  "tinydual: results must be an array of the one-point driver's result type "
                  "(batch::gradient_result_t<F, X>, batch::jacobian_result_t<F, X>, ...)");
}

/// f's output y for a block, and the number type D the block was seeded with.
template <class D, class Y>
struct evaluation {
    using number = D;
    Y y;
};
template <class D, class Y>
TINYDUAL_INLINE evaluation<D, Y> evaluated(Y&& y) {
    return {static_cast<Y&&>(y)};
}

/// One block of count points: evaluate(pass) seeds the block's point and calls f (an
/// evaluation), write(k, y) writes point k's result; under the safe policy in two passes
/// (detail/driver.hpp), the results written by the pass that is kept.
template <class F, class Policy, class Evaluate, class Write>
TINYDUAL_DRIVER inline void run_block(std::size_t count, const Evaluate& evaluate, const Write& write) {
    run_passes<F, Policy>([&](auto pass, bool& finite) {
        const auto e = evaluate(pass);
        using D = typename decltype(e)::number;
        check_pass(pass, finite, [&] { return finite_derivatives<D>(e.y); });
        if (!decltype(pass)::checked || finite)
            for (std::size_t k = 0; k < count; ++k) write(k, e.y);
        return 0;
    });
}

/// A first-order block: the point as dual<lanes<T, K>, N> variables (a matrix in the stacking
/// Rows, as the one-point drivers seed it); write(k, lane k of f's output as one-point numbers
/// D1, a D1* naming that type).
template <std::size_t K, class Policy, bool Rows, class F, class X, class Write>
TINYDUAL_DRIVER inline void first_order_block(F& f, const X* points, std::size_t count, const Write& write) {
    using P = point_traits<X>;
    using L = lanes<typename P::element, K>;
    const auto xs = gather<K>(points, count);
    run_block<F, Policy>(
        count,
        [&](auto pass) {
            using D = dual<L, P::size, typename decltype(pass)::tag>;
            if constexpr (is_flat_point<X>) {
                typename P::template with<D> z;
                seed_variables<D>(z, xs, std::make_index_sequence<P::size>{});
                return evaluated<D>(call<D>(f, z));
            } else {
                return evaluated<D>(point_traits<lanes_point_t<X, K>>::template evaluate<D, Rows>(f, xs));
            }
        },
        [&](std::size_t k, const auto& y) {
            using D = typename output_element<std::decay_t<decltype(y)>>::type;
            using D1 = dual<typename P::element, P::size, typename D::tag_type>;
            write(k, static_cast<D1*>(nullptr), lane_of(y, k));
        });
}

template <class F, class X, class R, class... Options>
void gradient_points(F& f, const X* points, std::size_t count, R* results) {
    check_batch_point<true, X>();
    using O = driver_options<Options...>;
    static_assert(O::layouts == 0 && O::stackings == 0 && O::chunks == 0,
                  "tinydual: batch::gradient takes a policy and batch::width<K>");
    using P = point_traits<X>;
    check_result<R, gradient_result_t<F, X, Options...>>();
    constexpr std::size_t K = width_of<typename P::element, O>;
    for (std::size_t first = 0; first < count; first += K) {
        const std::size_t n = count - first < K ? count - first : K;
        first_order_block<K, typename O::policy, false>(f, points + first, n, [&](std::size_t k, auto* d1, const auto& y1) {
            using D1 = std::remove_pointer_t<decltype(d1)>;
            using Y1 = std::decay_t<decltype(y1)>;
            static_assert(is_scalar_output<D1, Y1>,
                          "tinydual: batch::gradient(f, ...) needs f to return a scalar; use batch::jacobian for vector outputs");
            const D1& s = output_traits<D1, Y1>::at(y1, 0);
            results[first + k] = R{s.value(), P::gradient(s)};
        });
    }
}

template <class F, class X, class R, class... Options>
void jacobian_points(F& f, const X* points, std::size_t count, R* results) {
    check_batch_point<true, X>();
    using O = driver_options<Options...>;
    static_assert(O::chunks == 0, "tinydual: batch::jacobian takes a policy, a layout and batch::width<K>");
    using P = point_traits<X>;
    check_result<R, jacobian_result_t<F, X, Options...>>();
    constexpr std::size_t K = width_of<typename P::element, O>;
    for (std::size_t first = 0; first < count; first += K) {
        const std::size_t n = count - first < K ? count - first : K;
        first_order_block<K, typename O::policy, O::rows>(f, points + first, n, [&](std::size_t k, auto* d1, const auto& y1) {
            using D1 = std::remove_pointer_t<decltype(d1)>;
            R& r = results[first + k];
            r.value = value_part<D1>(y1);
            P::template write_jacobian<O::rows, O::denominator, D1>(r.jacobian, y1);
        });
    }
}

template <class F, class X, class Data, class R, class... Options>
void data_jacobian_points(const F& f, const X& x, const Data* data, std::size_t count, R* results) {
    check_batch_point<false, X>();
    check_batch_point<false, Data>();
    using O = driver_options<Options...>;
    static_assert(O::chunks == 0 && O::stackings == 0, "tinydual: batch::data_jacobian takes a policy, a layout and batch::width<K>");
    using P = point_traits<X>;
    using T = typename P::element;
    static_assert(std::is_same<T, typename point_traits<Data>::element>::value,
                  "tinydual: batch::data_jacobian needs the data in the point's precision (both float or both double)");
    check_result<R, data_jacobian_result_t<F, X, Data, Options...>>();
    constexpr std::size_t K = width_of<T, O>;
    using L = lanes<T, K>;
    for (std::size_t first = 0; first < count; first += K) {
        const std::size_t n = count - first < K ? count - first : K;
        const auto ds = gather<K>(data + first, n);
        run_block<F, typename O::policy>(
            n,
            [&](auto pass) {
                using D = dual<L, P::size, typename decltype(pass)::tag>;
                typename P::template with<D> z;
                for (std::size_t i = 0; i < P::size; ++i) z[i] = D::variable(L(x[i]), i);
                return evaluated<D>(f(static_cast<const decltype(z)&>(z), ds));
            },
            [&](std::size_t k, const auto& y) {
                using D = typename output_element<std::decay_t<decltype(y)>>::type;
                using D1 = dual<T, P::size, typename D::tag_type>;
                const auto y1 = lane_of(y, k);
                R& r = results[first + k];
                r.value = value_part<D1>(y1);
                P::template write_jacobian<false, O::denominator, D1>(r.jacobian, y1);
            });
    }
}

template <class F, class X, class R, class... Options>
void hessian_points(F& f, const X* points, std::size_t count, R* results) {
    check_batch_point<false, X>();
    using O = driver_options<Options...>;
    static_assert(O::layouts == 0 && O::stackings == 0 && O::chunks == 0,
                  "tinydual: batch::hessian takes a policy and batch::width<K>");
    using P = point_traits<X>;
    using T = typename P::element;
    constexpr std::size_t N = P::size;
    check_result<R, hessian_result_t<F, X, Options...>>();
    constexpr std::size_t K = width_of<T, O>;
    using L = lanes<T, K>;
    for (std::size_t first = 0; first < count; first += K) {
        const std::size_t n = count - first < K ? count - first : K;
        const auto xs = gather<K>(points + first, n);
        run_block<F, typename O::policy>(
            n,
            [&](auto pass) {
                using D = hyper_dual<L, N, typename decltype(pass)::tag>;
                typename P::template with<D> z;
                for (std::size_t i = 0; i < N; ++i) z[i] = D::variable(xs[i], i);
                return evaluated<D>(call_scalar<D, L>(f, z));
            },
            [&](std::size_t k, const auto& y) {
                R& r = results[first + k];
                r.value = y.value()[k];
                for (std::size_t i = 0; i < N; ++i) {
                    r.gradient[i] = y.partial(i)[k];
                    for (std::size_t j = i; j < N; ++j) r.hessian(i, j) = r.hessian(j, i) = y.second_partial(i, j)[k];
                }
            });
    }
}

template <class F, class X, class R, class... Options>
void hvp_points(F& f, const X* points, const X* directions, std::size_t count, R* results) {
    check_batch_point<false, X>();
    using O = driver_options<Options...>;
    static_assert(O::layouts == 0 && O::stackings == 0 && O::chunks == 0,
                  "tinydual: batch::hvp takes a policy and batch::width<K>");
    using P = point_traits<X>;
    using T = typename P::element;
    constexpr std::size_t N = P::size;
    check_result<R, hvp_result_t<F, X, Options...>>();
    constexpr std::size_t K = width_of<T, O>;
    using L = lanes<T, K>;
    for (std::size_t first = 0; first < count; first += K) {
        const std::size_t n = count - first < K ? count - first : K;
        const auto xs = gather<K>(points + first, n), vs = gather<K>(directions + first, n);
        run_block<F, typename O::policy>(
            n,
            [&](auto pass) {
                using Tag = typename decltype(pass)::tag;
                using Inner = dual<L, N, Tag>;  // the gradient directions
                using D = dual<Inner, 1, Tag>;  // the direction v
                typename P::template with<D> z;
                for (std::size_t i = 0; i < N; ++i) z[i] = D(Inner::variable(xs[i], i), vec<Inner, 1>{{Inner(vs[i])}});
                return evaluated<D>(call_scalar<D, L>(f, z));
            },
            [&](std::size_t k, const auto& y) {
                for (std::size_t i = 0; i < N; ++i) results[first + k][i] = y.partial(0).partial(i)[k];
            });
    }
}
}  // namespace detail

/// gradient(f, points[i]) for every i, written to results[i]: K points per call of f.
/// Options: a policy, batch::width<K>.
template <class F, class X, std::size_t M, class R, class... Options>
void gradient(F&& f, const std::array<X, M>& points, std::array<R, M>& results, Options...) {
    detail::gradient_points<std::remove_reference_t<F>, X, R, Options...>(f, points.data(), M, results.data());
}
/// The same over points[0 ... count - 1] and results[0 ... count - 1].
template <class F, class X, class R, class... Options>
void gradient(F&& f, const X* points, std::size_t count, R* results, Options...) {
    detail::gradient_points<std::remove_reference_t<F>, X, R, Options...>(f, points, count, results);
}

/// jacobian(f, points[i]) for every i, written to results[i]. Options: a policy, a layout,
/// batch::width<K>.
template <class F, class X, std::size_t M, class R, class... Options>
void jacobian(F&& f, const std::array<X, M>& points, std::array<R, M>& results, Options...) {
    detail::jacobian_points<std::remove_reference_t<F>, X, R, Options...>(f, points.data(), M, results.data());
}
template <class F, class X, class R, class... Options>
void jacobian(F&& f, const X* points, std::size_t count, R* results, Options...) {
    detail::jacobian_points<std::remove_reference_t<F>, X, R, Options...>(f, points, count, results);
}

/// For every datum: f(x, data[i]) and its Jacobian with respect to x (one residual and its
/// Jacobian row block per measurement, for least squares), written to results[i]: x is the same
/// point in every lane and data[i] goes to lane i, K data per call of f. f(x, d) receives x with
/// dual<lanes<T, K>, N> elements and d with lanes<T, K> elements (a vec or std::array like the
/// data's). Options: a policy, a layout, batch::width<K>.
template <class F, class X, class Data, std::size_t M, class R, class... Options>
void data_jacobian(F&& f, const X& x, const std::array<Data, M>& data, std::array<R, M>& results, Options...) {
    detail::data_jacobian_points<std::remove_reference_t<F>, X, Data, R, Options...>(f, x, data.data(), M, results.data());
}
template <class F, class X, class Data, class R, class... Options>
void data_jacobian(F&& f, const X& x, const Data* data, std::size_t count, R* results, Options...) {
    detail::data_jacobian_points<std::remove_reference_t<F>, X, Data, R, Options...>(f, x, data, count, results);
}

/// hessian(f, points[i]) for every i, written to results[i]: K points per call of f, with
/// hyper_dual<lanes<T, K>, N>. Options: a policy, batch::width<K>.
template <class F, class X, std::size_t M, class R, class... Options>
void hessian(F&& f, const std::array<X, M>& points, std::array<R, M>& results, Options...) {
    detail::hessian_points<std::remove_reference_t<F>, X, R, Options...>(f, points.data(), M, results.data());
}
template <class F, class X, class R, class... Options>
void hessian(F&& f, const X* points, std::size_t count, R* results, Options...) {
    detail::hessian_points<std::remove_reference_t<F>, X, R, Options...>(f, points, count, results);
}

/// hvp(f, points[i], directions[i]) for every i, written to results[i] (H v at each point along
/// its own direction). Options: a policy, batch::width<K>.
template <class F, class X, std::size_t M, class R, class... Options>
void hvp(F&& f, const std::array<X, M>& points, const std::array<X, M>& directions, std::array<R, M>& results, Options...) {
    detail::hvp_points<std::remove_reference_t<F>, X, R, Options...>(f, points.data(), directions.data(), M, results.data());
}
template <class F, class X, class R, class... Options>
void hvp(F&& f, const X* points, const X* directions, std::size_t count, R* results, Options...) {
    detail::hvp_points<std::remove_reference_t<F>, X, R, Options...>(f, points, directions, count, results);
}

}  // namespace batch
}  // namespace tinydual
