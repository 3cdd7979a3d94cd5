#include "scenarios/traces/trace_formats.hpp"

#include <stdexcept>

#include "scenarios/traces/alibaba_2018_reader.hpp"
#include "scenarios/traces/azure_2017_reader.hpp"
#include "scenarios/traces/azure_2019_reader.hpp"
#include "scenarios/traces/azure_packing_2020_reader.hpp"
#include "scenarios/traces/bitbrains_reader.hpp"
#include "scenarios/traces/google_2011_reader.hpp"
#include "scenarios/traces/google_2019_reader.hpp"
#include "scenarios/traces/huawei_east_1_reader.hpp"
#include "scenarios/traces/stacksim_csv_reader.hpp"
#include "scenarios/traces/swf_reader.hpp"

namespace stacksim::scenarios {

const std::vector<TraceFormatInfo>& trace_formats() {
  static const std::vector<TraceFormatInfo> formats = {
      {"azure-2017",
       "Azure Public Dataset V1 vmtable.csv (exact cores and GB)",
       "vmtable.csv[.gz]",
       {},
       {"min_lifetime_s"},
       false},
      {"azure-2019",
       "Azure Public Dataset V2 vmtable.csv (bucketed cores and GB)",
       "vmtable.csv[.gz]",
       {},
       {"min_lifetime_s", "largest_vcpu_bucket", "largest_memory_bucket_gb"},
       false},
      {"azure-packing-2020",
       "Azure Trace for Packing 2020 (SQLite: vm, vmType)",
       "the .sqlite database",
       {},
       {"machine_vcpus", "machine_memory_mb", "machine_disk_gb", "machine_id"},
       true},
      {"google-2011",
       "Google cluster-data 2011 task_events (+ machine_events)",
       "task_events file or directory of parts",
       {"machine_events"},
       {"machine_vcpus", "machine_memory_mb", "machine_disk_gb"},
       true},
      {"google-2019",
       "Google cluster-data 2019 instance_events, JSON lines or CSV",
       "instance_events file or directory of parts",
       {"machine_events"},
       {"machine_vcpus", "machine_memory_mb", "include_alloc_sets", "encoding"},
       true},
      {"alibaba-2018",
       "Alibaba cluster-trace-v2018 container_meta + batch_task (+ machine_meta)",
       "the directory holding the CSV files",
       {"container_meta", "batch_task", "machine_meta"},
       {"machine_memory_mb", "containers", "batch"},
       true},
      {"swf",
       "Standard Workload Format v2.2 (Parallel Workloads Archive)",
       "the .swf file",
       {},
       {},
       false},
      {"bitbrains",
       "Bitbrains GWA-T-12, one file per VM",
       "directory of VM files (or one file)",
       {},
       {},
       false},
      {"huawei-east-1", "Huawei-East-1 create/delete events", "the CSV file", {}, {}, false},
      {"stacksim-csv",
       "stacksim's own request CSV (docs/traces.md)",
       "the CSV file",
       {},
       {},
       false},
  };
  return formats;
}

std::string trace_format_names() {
  std::string names;
  for (const auto& f : trace_formats())
    names += (names.empty() ? "" : ", ") + f.name;
  return names;
}

const TraceFormatInfo& trace_format(const std::string& name) {
  for (const auto& f : trace_formats()) {
    if (f.name == name) return f;
  }
  throw std::invalid_argument("unknown trace format \"" + name +
                              "\"; expected one of: " + trace_format_names());
}

std::unique_ptr<TraceReader> open_trace_reader(const std::string& format, const std::string& path,
                                               TraceOptions options) {
  const std::string& name = trace_format(format).name;
  if (name == "azure-2017") return std::make_unique<Azure2017Reader>(path, std::move(options));
  if (name == "azure-2019") return std::make_unique<Azure2019Reader>(path, std::move(options));
  if (name == "azure-packing-2020") {
    return std::make_unique<AzurePacking2020Reader>(path, std::move(options));
  }
  if (name == "google-2011") return std::make_unique<Google2011Reader>(path, std::move(options));
  if (name == "google-2019") return std::make_unique<Google2019Reader>(path, std::move(options));
  if (name == "alibaba-2018") return std::make_unique<Alibaba2018Reader>(path, std::move(options));
  if (name == "swf") return std::make_unique<SwfReader>(path, std::move(options));
  if (name == "bitbrains") return std::make_unique<BitbrainsReader>(path, std::move(options));
  if (name == "huawei-east-1") return std::make_unique<HuaweiEast1Reader>(path, std::move(options));
  return std::make_unique<StacksimCsvReader>(path, std::move(options));
}

}  // namespace stacksim::scenarios
