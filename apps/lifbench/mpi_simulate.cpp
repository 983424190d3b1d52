#include "lifbench/mpi_simulate.hpp"

#include <mpi.h>

#include <climits>
#include <cstring>
#include <vector>

namespace lifbench::mpi {

Session::Session(int* argc, char*** argv) { MPI_Init(argc, argv); }
Session::~Session() { MPI_Finalize(); }

int rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int size() {
  int s = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}

int broadcast_verdict(int verdict) {
  MPI_Bcast(&verdict, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return verdict;
}

namespace {

// Neurons of every rank's share, in rank order.
std::vector<std::int64_t> rank_neurons(const SimRequest& req) {
  const std::int64_t n = req.params.neurons;
  std::vector<std::int64_t> counts;
  for (int r = 0; r < size(); ++r) {
    const auto [s0, s1] = partition_supers(n, Partition{r, size()});
    const std::int64_t first = std::min(n, s0 * kSuperChunk * kChunk);
    const std::int64_t last = std::min(n, s1 * kSuperChunk * kChunk);
    counts.push_back(last - first);
  }
  return counts;
}

// Bytes per neuron of every recorded per-neuron array (raster, v, t_ref, spikes).
std::int64_t bytes_per_neuron(const SimRequest& req, std::int64_t steps) {
  const std::int64_t elem = req.precision == Precision::f64 ? 8 : 4;
  return std::max({req.record.raster ? steps : 0, req.record.v ? steps * elem : 0,
                   req.record.t_ref ? elem : 0, req.record.neuron_spikes ? std::int64_t{8} : 0});
}

// Gathers every rank's local array (in rank order) into `all` on rank 0.
template <class T>
void gather_array(const std::vector<T>& local, std::vector<T>& all,
                  const std::vector<std::int64_t>& neurons, std::int64_t per_neuron) {
  std::vector<int> bytes(neurons.size()), displs(neurons.size());
  std::int64_t offset = 0;
  for (std::size_t r = 0; r < neurons.size(); ++r) {
    bytes[r] = static_cast<int>(neurons[r] * per_neuron * static_cast<std::int64_t>(sizeof(T)));
    displs[r] = static_cast<int>(offset);  // only used when the total fits (checked)
    offset += bytes[r];
  }
  if (rank() == 0) all.resize(static_cast<std::size_t>(offset) / sizeof(T));
  if (offset > INT_MAX) {  // too big for int displacements: one rank at a time
    if (rank() == 0) {
      std::memcpy(all.data(), local.data(), local.size() * sizeof(T));
      std::int64_t at = static_cast<std::int64_t>(local.size() * sizeof(T));
      for (int r = 1; r < size(); ++r) {
        MPI_Recv(reinterpret_cast<char*>(all.data()) + at, bytes[r], MPI_BYTE, r, 7, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        at += bytes[r];
      }
    } else {
      MPI_Send(local.data(), bytes[rank()], MPI_BYTE, 0, 7, MPI_COMM_WORLD);
    }
    return;
  }
  MPI_Gatherv(local.data(), bytes[rank()], MPI_BYTE, all.data(), bytes.data(), displs.data(),
              MPI_BYTE, 0, MPI_COMM_WORLD);
}

// Sums an int64 array over ranks into rank 0 (exact, so order-free).
void sum_to_root(std::vector<std::int64_t>& values) {
  std::vector<std::int64_t> total(values.size());
  MPI_Reduce(values.data(), total.data(), static_cast<int>(values.size()), MPI_INT64_T, MPI_SUM, 0,
             MPI_COMM_WORLD);
  if (rank() == 0) values = std::move(total);
}

void sum_to_root(std::int64_t& value) {
  std::vector<std::int64_t> one{value};
  sum_to_root(one);
  value = one[0];
}

}  // namespace

std::string check_message_sizes(const SimRequest& req) {
  const std::int64_t steps = step_count(req.params.t_max, req.params.dt);
  const std::int64_t per = bytes_per_neuron(req, steps);
  for (std::int64_t neurons : rank_neurons(req)) {
    if (neurons * per > INT_MAX) {
      return "--neurons: one rank's share of the recorded arrays exceeds 2 GiB, the most one "
             "MPI message carries; use more ranks or record less (--record stats)";
    }
  }
  return {};
}

SimResult simulate_distributed(SimRequest req) {
  const double start = MPI_Wtime();
  req.partition = Partition{rank(), size()};
  req.progress = rank() == 0 ? req.progress : nullptr;
  SimResult part = simulate(req);
  const std::vector<std::int64_t> neurons = rank_neurons(req);
  const std::int64_t steps = part.steps;

  SimResult all;
  all.neurons = part.neurons;
  all.steps = steps;
  all.local_neurons = part.neurons;
  all.isa_used = part.isa_used;
  all.threads_used = part.threads_used;
  std::vector<std::int64_t> supers;  // super-chunks per rank, for the sums' gather
  for (int r = 0; r < size(); ++r) {
    const auto [s0, s1] = partition_supers(part.neurons, Partition{r, size()});
    supers.push_back(s1 - s0);
  }
  gather_array(part.super_vsum, all.super_vsum, supers, steps);
  if (req.record.raster) gather_array(part.raster, all.raster, neurons, steps);
  if (req.record.v) {
    gather_array(part.v64, all.v64, neurons, req.precision == Precision::f64 ? steps : 0);
    gather_array(part.v32, all.v32, neurons, req.precision == Precision::f32 ? steps : 0);
  }
  if (req.record.t_ref) {
    gather_array(part.t_ref64, all.t_ref64, neurons, req.precision == Precision::f64 ? 1 : 0);
    gather_array(part.t_ref32, all.t_ref32, neurons, req.precision == Precision::f32 ? 1 : 0);
  }
  if (req.record.neuron_spikes) gather_array(part.neuron_spikes, all.neuron_spikes, neurons, 1);
  sum_to_root(part.spikes_per_step);
  sum_to_root(part.total_spikes);
  for (Histogram& h : part.histograms) {
    sum_to_root(h.counts);
    sum_to_root(h.below);
    sum_to_root(h.above);
  }
  if (rank() != 0) return SimResult{};
  all.spikes_per_step = std::move(part.spikes_per_step);
  all.total_spikes = part.total_spikes;
  all.histograms = std::move(part.histograms);
  fold_super_sums(all, all.super_vsum);
  all.wall_seconds = MPI_Wtime() - start;
  return all;
}

}  // namespace lifbench::mpi
