// A firmware source as a user would write it: the library comes in with -I include and nothing
// else (no CMake, no ports/), here the gradient of a cost inside a control step.
#include <tinydual/tinydual.hpp>

extern "C" float control_step(const float* state, float* gradient_out) {
    using tinydual::vec;
    const vec<float, 3> x{state[0], state[1], state[2]};
    const auto r = tinydual::gradient(
        [](const auto& v) { return v[0] * v[0] + 0.5f * sin(v[1]) * exp(v[2]) + sqrt(1.0f + v[2] * v[2]); }, x);
    for (int i = 0; i < 3; ++i) gradient_out[i] = r.gradient[static_cast<std::size_t>(i)];
    return r.value;
}
