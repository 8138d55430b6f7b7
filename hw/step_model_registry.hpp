// The step-time models servesim knows, by name.
#pragma once

#include <functional>
#include <memory>

#include "hw/instance_spec.hpp"
#include "hw/step_time_model.hpp"
#include "sim/core/registry.hpp"

namespace servesim {

/// Makes the (immutable, shareable) step-time model of one instance.
using StepModelFactory =
    std::function<std::shared_ptr<const StepTimeModel>(const InstanceSpec& spec)>;

/// "roofline" (the default).
const Registry<StepModelFactory>& step_model_registry();

}  // namespace servesim
