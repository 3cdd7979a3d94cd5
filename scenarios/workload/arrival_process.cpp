#include "scenarios/workload/arrival_process.hpp"

#include "scenarios/workload/batch_arrivals.hpp"
#include "scenarios/workload/bursty_arrivals.hpp"
#include "scenarios/workload/diurnal_arrivals.hpp"
#include "scenarios/workload/poisson_arrivals.hpp"

namespace stacksim::scenarios {

std::unique_ptr<ArrivalProcess> make_arrival_process(const GeneratorSpec& spec) {
  if (spec.kind == "poisson") return std::make_unique<PoissonArrivals>(spec.rate_per_s);
  if (spec.kind == "diurnal") return std::make_unique<DiurnalArrivals>(spec);
  if (spec.kind == "bursty") return std::make_unique<BurstyArrivals>(spec);
  return std::make_unique<BatchArrivals>(spec);
}

}  // namespace stacksim::scenarios
