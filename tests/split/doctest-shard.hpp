// Forced into every shard of a split test source (-include, see split-suites.cmake): registers
// only the doctest test cases whose macro sits on a line in [TDTEST_SHARD_FIRST_LINE,
// TDTEST_SHARD_LAST_LINE]. The other test cases are still compiled (plain ones) or not even
// instantiated (templates), and never registered, so nothing references them and the linker drops
// them: each shard holds only its own test cases and fits a small board's flash. The line ranges
// of the shards of one source partition all its lines, so every test case runs in exactly one
// (and, split per type, every type of it in exactly one executable).
#pragma once

#include <doctest/doctest.h>

#include <cstddef>
#include <tuple>
#include <type_traits>

#define TDTEST_IN_SHARD(line) ((line) >= TDTEST_SHARD_FIRST_LINE && (line) <= TDTEST_SHARD_LAST_LINE)

// TEST_CASE, TEST_CASE_FIXTURE, SCENARIO, TEST_CASE_CLASS (doctest 2.4's registration macro).
#undef DOCTEST_REGISTER_FUNCTION
#define DOCTEST_REGISTER_FUNCTION(global_prefix, f, decorators)                                        \
    global_prefix DOCTEST_GLOBAL_NO_WARNINGS(                                                          \
        DOCTEST_ANONYMOUS(DOCTEST_ANON_VAR_),                                                          \
        TDTEST_IN_SHARD(__LINE__)                                                                      \
            ? doctest::detail::regTest(doctest::detail::TestCase(                                      \
                                           f, __FILE__, __LINE__,                                      \
                                           doctest_detail_test_suite_ns::getCurrentTestSuite()) *      \
                                       decorators)                                                     \
            : 0)

// With TDTEST_SHARD_TYPE_INDEX = k (split-suites.cmake, TINYDUAL_TEST_SPLIT_TYPES), a template
// test case in the shard is instantiated for the k-th type of its list only.
template <std::size_t K, class Types>
struct tdtest_shard_pick {
    using type = std::tuple<>;
};
template <std::size_t K, class T, class... Ts>
struct tdtest_shard_pick<K, std::tuple<T, Ts...>> : tdtest_shard_pick<K - 1, std::tuple<Ts...>> {};
template <class T, class... Ts>
struct tdtest_shard_pick<0, std::tuple<T, Ts...>> {
    using type = std::tuple<T>;
};
#ifdef TDTEST_SHARD_TYPE_INDEX
#  define TDTEST_SHARD_TYPES(...) typename tdtest_shard_pick<TDTEST_SHARD_TYPE_INDEX, __VA_ARGS__>::type
#else
#  define TDTEST_SHARD_TYPES(...) __VA_ARGS__
#endif

// TEST_CASE_TEMPLATE, TEST_CASE_TEMPLATE_INVOKE/APPLY: outside the shard, an empty type list.
#undef DOCTEST_TEST_CASE_TEMPLATE_INSTANTIATE_IMPL
#define DOCTEST_TEST_CASE_TEMPLATE_INSTANTIATE_IMPL(id, anon, ...)                                     \
    DOCTEST_GLOBAL_NO_WARNINGS(                                                                        \
        DOCTEST_CAT(anon, DUMMY),                                                                      \
        doctest::detail::instantiationHelper(                                                          \
            DOCTEST_CAT(id, ITERATOR)<std::conditional_t<TDTEST_IN_SHARD(__LINE__), TDTEST_SHARD_TYPES(__VA_ARGS__), \
                                                         std::tuple<>>>(__FILE__, __LINE__, 0)))
