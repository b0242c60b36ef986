#pragma once
// Loss functions of VW's gd (squared, logistic, hinge): value, squared gradient for the adaptive
// accumulator, and the importance-invariant / plain update (vw.md "GD defaults & update rule").
#include <string>
#include <string_view>

namespace praxi::vw {

enum class LossKind : unsigned char { Squared, Logistic, Hinge };

LossKind loss_from_name(std::string_view name);  // throws Error("VW_ARGS")
const char* loss_name(LossKind kind);

float loss_value(LossKind kind, float prediction, float label);
float loss_square_grad(LossKind kind, float prediction, float label);
float loss_invariant_update(LossKind kind, float prediction, float label, float update_scale, float pred_per_update);
float loss_plain_update(LossKind kind, float prediction, float label, float update_scale);

}  // namespace praxi::vw
