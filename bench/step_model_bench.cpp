// Google Benchmark of the hot path inside every iteration: RooflineStepModel::step_time_s.
#include <benchmark/benchmark.h>

#include "hw/roofline_step_model.hpp"
#include "sim/scenario/catalog_loader.hpp"

namespace servesim {
namespace {

void run_step_model(benchmark::State& state, const char* model, const char* gpu, int tp, int ep,
                    bool dp_attention) {
  const Catalog catalog = load_catalog("");
  InstanceSpec spec;
  spec.model = catalog.find_model(model);
  spec.gpu = catalog.find_gpu(gpu);
  spec.parallelism.tp = tp;
  spec.parallelism.ep = ep;
  spec.parallelism.dp_attention = dp_attention;
  spec.weights = spec.model->quantization.at("fp8");
  spec.knobs = catalog.knobs_for(*spec.gpu, "");
  spec.numerics = catalog.numerics();
  const RooflineStepModel step_model(spec);
  BatchFeatures b;
  b.decode_seqs = 64;
  b.decode_context_sum = 64 * 1500;
  b.prefill_seqs = 1;
  b.prefill_tokens = 512;
  b.prefill_context_sum = 1024;
  b.prefill_attention_pairs = 512.0 * 512 + 512.0 * 513 / 2;
  double x = 0;
  for (auto _ : state) {
    b.decode_context_sum += 64;  // a different batch every call
    x += step_model.step_time_s(b);
  }
  benchmark::DoNotOptimize(x);
  state.SetItemsProcessed(state.iterations());
}

void BM_StepTimeDense(benchmark::State& state) {
  run_step_model(state, "Llama-3.3-70B", "H100-SXM", 8, 1, false);
}
BENCHMARK(BM_StepTimeDense);

void BM_StepTimeMoeDep8(benchmark::State& state) {
  run_step_model(state, "DeepSeek-R1", "H200-SXM", 8, 8, true);
}
BENCHMARK(BM_StepTimeMoeDep8);

}  // namespace
}  // namespace servesim
