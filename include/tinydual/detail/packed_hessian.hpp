// tinydual/detail/packed_hessian.hpp: the second-order kernels of hyper_dual on the packed upper
// triangle of a symmetric N x N matrix (not part of the public API).
//
// Row i of the triangle, (i, i) ... (i, N - 1), is a contiguous run of N - i numbers, so each
// update is one simd::transform per row: O(N^2) work per operation, the size of the result.
// Each kernel writes every stored number of r and zeroes its padding, so r may start
// uninitialised (the result being built, never one of the inputs).
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include "../config.hpp"
#include "../simd/storage.hpp"
#include "scaling.hpp"
#include "traits.hpp"

namespace tinydual {
namespace detail {

/// Offset of row i in the packed upper triangle of an n x n symmetric matrix (row i holds
/// (i, i) ... (i, n - 1)).
constexpr std::size_t packed_row_offset(std::size_t n, std::size_t i) noexcept { return i * (2 * n - i + 1) / 2; }
/// Position of (i, j), in either order, in the packed upper triangle of an n x n symmetric matrix.
constexpr std::size_t packed_index(std::size_t n, std::size_t i, std::size_t j) noexcept {
    return i <= j ? packed_row_offset(n, i) + (j - i) : packed_row_offset(n, j) + (i - j);
}

/// The second-order updates of a packed Hessian (upper triangle, row-major).
template <class T, std::size_t N>
struct packed_hessian {
    static constexpr std::size_t size = N * (N + 1) / 2;
    using grad_type = simd::partials<T, N>;
    using hess_type = simd::partials<T, size>;

    template <class F, std::size_t... I>
    TINYDUAL_INLINE static TINYDUAL_NUMBER_CONSTEXPR void for_each_row(F&& f, std::index_sequence<I...>) {
        (f(std::integral_constant<std::size_t, I>{}), ...);
    }

    /// The padding lanes after the N(N+1)/2 stored numbers are zero (the storage's invariant).
    TINYDUAL_INLINE static TINYDUAL_NUMBER_CONSTEXPR void clear_padding(hess_type& r) {
        for (std::size_t k = size; k < hess_type::padded_size; ++k) r.data[k] = T(0);
    }

    /// r_ij = s h_ij + u_i g_j (j >= i): one transform over each row's contiguous run.
    static TINYDUAL_NUMBER_CONSTEXPR void update(hess_type& r, const hess_type& h, const T& s, const grad_type& u, const grad_type& g) {
        clear_padding(r);
        for_each_row(
            [&](auto row) {
                constexpr std::size_t i = decltype(row)::value;
                constexpr std::size_t off = packed_row_offset(N, i);
                const T& ui = u[i];
                simd::transform<T, N - i>(
                    r.data + off,
                    [&](const auto& hv, const auto& gv) TINYDUAL_KERNEL {
                        using X = std::decay_t<decltype(hv)>;
                        return simd::madd(simd::broadcast<X>(ui), gv, hv * simd::broadcast<X>(s));
                    },
                    h.data + off, g.data + i);
            },
            std::make_index_sequence<N>{});
    }

    /// r_ij = sa ha_ij + sb hb_ij + u_i ga_j + w_i gb_j (j >= i).
    static TINYDUAL_NUMBER_CONSTEXPR void update2(hess_type& r, const hess_type& ha, const T& sa, const hess_type& hb, const T& sb,
                        const grad_type& u, const grad_type& ga, const grad_type& w, const grad_type& gb) {
        clear_padding(r);
        for_each_row(
            [&](auto row) {
                constexpr std::size_t i = decltype(row)::value;
                constexpr std::size_t off = packed_row_offset(N, i);
                const T& ui = u[i];
                const T& wi = w[i];
                simd::transform<T, N - i>(
                    r.data + off,
                    [&](const auto& hav, const auto& hbv, const auto& gav, const auto& gbv) TINYDUAL_KERNEL {
                        using X = std::decay_t<decltype(hav)>;
                        const X lin = simd::madd(hav, simd::broadcast<X>(sa), hbv * simd::broadcast<X>(sb));
                        return simd::madd(simd::broadcast<X>(ui), gav, simd::madd(simd::broadcast<X>(wi), gbv, lin));
                    },
                    ha.data + off, hb.data + off, ga.data + i, gb.data + i);
            },
            std::make_index_sequence<N>{});
    }

    /// r_ij = u_i g_j (j >= i): the update when the incoming Hessian is known to be zero.
    static TINYDUAL_NUMBER_CONSTEXPR void outer(hess_type& r, const grad_type& u, const grad_type& g) {
        clear_padding(r);
        for_each_row(
            [&](auto row) {
                constexpr std::size_t i = decltype(row)::value;
                constexpr std::size_t off = packed_row_offset(N, i);
                const T& ui = u[i];
                simd::transform<T, N - i>(
                    r.data + off,
                    [&](const auto& gv) TINYDUAL_KERNEL {
                        using X = std::decay_t<decltype(gv)>;
                        return simd::broadcast<X>(ui) * gv;
                    },
                    g.data + i);
            },
            std::make_index_sequence<N>{});
    }
    /// r_ij = u_i ga_j + w_i gb_j (j >= i): update2 when both incoming Hessians are known zero.
    static TINYDUAL_NUMBER_CONSTEXPR void outer2(hess_type& r, const grad_type& u, const grad_type& ga, const grad_type& w, const grad_type& gb) {
        clear_padding(r);
        for_each_row(
            [&](auto row) {
                constexpr std::size_t i = decltype(row)::value;
                constexpr std::size_t off = packed_row_offset(N, i);
                const T& ui = u[i];
                const T& wi = w[i];
                simd::transform<T, N - i>(
                    r.data + off,
                    [&](const auto& gav, const auto& gbv) TINYDUAL_KERNEL {
                        using X = std::decay_t<decltype(gav)>;
                        return simd::madd(simd::broadcast<X>(ui), gav, simd::broadcast<X>(wi) * gbv);
                    },
                    ga.data + i, gb.data + i);
            },
            std::make_index_sequence<N>{});
    }

    // The zero-partial rule, for factors that are +-inf or NaN: a term is zero when one of its
    // incoming partials is exactly zero, whatever its factor.
    static TINYDUAL_NUMBER_CONSTEXPR T term(const T& factor, const T& x) { return keep_nonzero(x, factor * x); }
    static TINYDUAL_NUMBER_CONSTEXPR T term(const T& factor, const T& x, const T& y) {
        return keep_nonzero(x, keep_nonzero(y, factor * x * y));
    }

    /// r_ij = s h_ij + c g_i g_j, element by element with the zero-partial rule (the rare path of
    /// a non-finite factor, out of line).
    TINYDUAL_COLD static TINYDUAL_NUMBER_CONSTEXPR void update_checked(hess_type& r, const hess_type& h, const T& s, const grad_type& g, const T& c) {
        clear_padding(r);
        for (std::size_t i = 0, k = 0; i < N; ++i)
            for (std::size_t j = i; j < N; ++j, ++k) r[k] = term(s, h[k]) + term(c, g[i], g[j]);
    }
    /// The two-argument rule, element by element with the zero-partial rule, in update2's order
    /// of operations (u_i = faa ga_i + fab gb_i, w_i = fab ga_i + fbb gb_i): with finite
    /// partials it rounds as update2 does.
    TINYDUAL_COLD static TINYDUAL_NUMBER_CONSTEXPR void update2_checked(hess_type& r, const hess_type& ha, const T& sa, const hess_type& hb, const T& sb,
                                const grad_type& ga, const grad_type& gb, const T& faa, const T& fab, const T& fbb) {
        clear_padding(r);
        for (std::size_t i = 0, k = 0; i < N; ++i) {
            const T ui = term(faa, ga[i]) + term(fab, gb[i]);
            const T wi = term(fab, ga[i]) + term(fbb, gb[i]);
            for (std::size_t j = i; j < N; ++j, ++k)
                r[k] = term(ui, ga[j]) + (term(wi, gb[j]) + (term(sa, ha[k]) + term(sb, hb[k])));
        }
    }

    /// out[k] = f(in[k]...) over whole padded storages (SIMD registers, aligned).
    template <class P, class F, class... In>
    TINYDUAL_INLINE static TINYDUAL_NUMBER_CONSTEXPR void map_into(P& out, F&& f, const In&... in) {
        simd::transform<T, P::padded_size, true>(out.data, f, in.data...);
    }
};

}  // namespace detail
}  // namespace tinydual
