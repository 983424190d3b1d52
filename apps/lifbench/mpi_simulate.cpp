#include "lifbench/mpi_simulate.hpp"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace lifbench::mpi {

namespace {

bool g_active = false;
constexpr int kGatherTag = 7;
constexpr std::int64_t kDefaultMessage = std::int64_t{1} << 30;

// LIFBENCH_MPI_MAX_MESSAGE as a byte count (kDefaultMessage if unset); 0 if invalid.
std::int64_t message_limit() {
  const char* text = std::getenv("LIFBENCH_MPI_MAX_MESSAGE");
  if (text == nullptr) return kDefaultMessage;
  const std::string digits(text);
  if (digits.empty() || digits.size() > 10 ||
      digits.find_first_not_of("0123456789") != digits.npos) {
    return 0;
  }
  const long long value = std::stoll(digits);
  return value >= 1 && value <= INT_MAX ? value : 0;
}

}  // namespace

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

Session::Session(int* argc, char*** argv) {
  MPI_Init(argc, argv);
  g_active = true;
}

Session::~Session() {
  MPI_Finalize();
  g_active = false;
}

bool active() { return g_active; }

int rank() {
  int r = 0;
  if (g_active) MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int size() {
  int s = 1;
  if (g_active) MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}

int broadcast_verdict(int verdict) {
  if (g_active) MPI_Bcast(&verdict, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return verdict;
}

std::string check_message_limit() {
  if (message_limit() > 0) return {};
  return "LIFBENCH_MPI_MAX_MESSAGE: must be a decimal byte count from 1 to 2147483647, got '" +
         std::string(std::getenv("LIFBENCH_MPI_MAX_MESSAGE")) + "'";
}

namespace {

// Neurons of every rank's share, in rank order.
std::vector<std::int64_t> rank_neurons(std::int64_t n) {
  std::vector<std::int64_t> counts;
  for (int r = 0; r < size(); ++r) {
    const auto [s0, s1] = partition_supers(n, Partition{r, size()});
    const std::int64_t first = std::min(n, s0 * kSuperChunk * kChunk);
    const std::int64_t last = std::min(n, s1 * kSuperChunk * kChunk);
    counts.push_back(last - first);
  }
  return counts;
}

// Gathers every rank's `local` array (`units[r] * per_unit` elements on rank r) into `all`
// on rank 0, in rank order. Each rank's bytes travel in messages of at most `piece` bytes,
// which arrive in the order sent (MPI does not overtake messages of one sender and tag).
template <class T>
void gather_array(const std::vector<T>& local, std::vector<T>& all,
                  const std::vector<std::int64_t>& units, std::int64_t per_unit,
                  std::int64_t piece) {
  std::vector<std::int64_t> bytes;
  std::int64_t total = 0;
  for (const std::int64_t u : units) {
    bytes.push_back(u * per_unit * static_cast<std::int64_t>(sizeof(T)));
    total += bytes.back();
  }
  const int me = rank();
  if (static_cast<std::int64_t>(local.size() * sizeof(T)) != bytes[me]) {
    throw std::logic_error("MPI gather: a rank's array has an unexpected size");
  }
  // Calls transfer(offset, count) for each piece of a `count`-byte array.
  const auto pieces = [piece](std::int64_t count, auto&& transfer) {
    for (std::int64_t at = 0; at < count; at += piece) {
      transfer(at, static_cast<int>(std::min(piece, count - at)));
    }
  };
  if (me != 0) {
    const char* data = reinterpret_cast<const char*>(local.data());
    pieces(bytes[me], [data](std::int64_t at, int count) {
      MPI_Send(data + at, count, MPI_BYTE, 0, kGatherTag, MPI_COMM_WORLD);
    });
    return;
  }
  all.resize(static_cast<std::size_t>(total) / sizeof(T));
  char* out = reinterpret_cast<char*>(all.data());
  if (bytes[0] > 0) std::memcpy(out, local.data(), static_cast<std::size_t>(bytes[0]));
  std::int64_t at = bytes[0];
  for (int r = 1; r < size(); ++r) {
    char* data = out + at;
    pieces(bytes[r], [data, r](std::int64_t offset, int count) {
      MPI_Recv(data + offset, count, MPI_BYTE, r, kGatherTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    });
    at += bytes[r];
  }
}

// Sums an int64 array over ranks into rank 0 (exact, so order-free), in pieces.
void sum_to_root(std::vector<std::int64_t>& values, std::int64_t piece) {
  std::vector<std::int64_t> total(values.size());
  const auto per_message = static_cast<std::size_t>(std::max<std::int64_t>(1, piece / 8));
  for (std::size_t at = 0; at < values.size(); at += per_message) {
    const auto count = static_cast<int>(std::min(per_message, values.size() - at));
    MPI_Reduce(values.data() + at, total.data() + at, count, MPI_INT64_T, MPI_SUM, 0,
               MPI_COMM_WORLD);
  }
  if (rank() == 0) values = std::move(total);
}

void sum_to_root(std::int64_t& value, std::int64_t piece) {
  std::vector<std::int64_t> one{value};
  sum_to_root(one, piece);
  value = one[0];
}

}  // namespace

SimResult simulate_distributed(SimRequest req) {
  const double start = MPI_Wtime();
  std::int64_t piece = rank() == 0 ? message_limit() : 0;  // rank 0's limit holds for all
  MPI_Bcast(&piece, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
  req.partition = Partition{rank(), size()};
  req.progress = rank() == 0 ? req.progress : nullptr;
  SimResult part = simulate(req);
  const std::vector<std::int64_t> neurons = rank_neurons(part.neurons);
  const std::int64_t steps = part.steps;
  const std::int64_t elem_steps_f64 = req.precision == Precision::f64 ? steps : 0;
  const std::int64_t elem_steps_f32 = req.precision == Precision::f32 ? steps : 0;

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
  gather_array(part.super_vsum, all.super_vsum, supers, steps, piece);
  if (req.record.raster) gather_array(part.raster, all.raster, neurons, steps, piece);
  if (req.record.v) {
    gather_array(part.v64, all.v64, neurons, elem_steps_f64, piece);
    gather_array(part.v32, all.v32, neurons, elem_steps_f32, piece);
  }
  if (req.record.t_ref) {
    gather_array(part.t_ref64, all.t_ref64, neurons, elem_steps_f64 ? 1 : 0, piece);
    gather_array(part.t_ref32, all.t_ref32, neurons, elem_steps_f32 ? 1 : 0, piece);
  }
  if (req.record.neuron_spikes) {
    gather_array(part.neuron_spikes, all.neuron_spikes, neurons, 1, piece);
  }
  sum_to_root(part.spikes_per_step, piece);
  sum_to_root(part.total_spikes, piece);
  for (Histogram& h : part.histograms) {
    sum_to_root(h.counts, piece);
    sum_to_root(h.below, piece);
    sum_to_root(h.above, piece);
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
