#include "scenarios/workload/lifetime_sampler.hpp"

namespace stacksim::scenarios {

double sample_lifetime(const LifetimeSpec& spec, runtime::Random& rng) {
  const std::string& d = spec.distribution;
  if (d == "exponential") return rng.exponential(spec.mean_s);
  if (d == "fixed") return spec.value_s;
  if (d == "uniform") return rng.uniform(spec.min_s, spec.max_s);
  if (d == "lognormal") return rng.lognormal(spec.mu, spec.sigma);
  if (d == "weibull") return rng.weibull(spec.shape, spec.scale_s);
  return std::numeric_limits<double>::infinity();
}

}  // namespace stacksim::scenarios
