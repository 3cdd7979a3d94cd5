#include "scenarios/workload/workload_generator.hpp"

namespace stacksim::scenarios {

std::vector<WorkloadGenerator> make_generators(const Scenario& scenario,
                                               sim::RandomStreams& streams) {
  std::vector<WorkloadGenerator> generators;
  for (const auto& g : scenario.workload.generators) {
    std::vector<std::size_t> indexes;
    std::vector<double> weights;
    for (const auto& [name, weight] : g.flavor_weights) {
      for (std::size_t i = 0; i < scenario.flavors.size(); ++i) {
        if (scenario.flavors[i].name == name) indexes.push_back(i);
      }
      weights.push_back(weight);
    }
    generators.push_back(WorkloadGenerator{&g, make_arrival_process(g),
                                           FlavorPicker(indexes, weights),
                                           &streams.stream("workload." + g.name)});
  }
  return generators;
}

}  // namespace stacksim::scenarios
