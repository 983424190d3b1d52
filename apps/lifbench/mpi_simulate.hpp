// The MPI side of `lifbench simulate` (built with -DLIFBENCH_MPI=ON): under an MPI
// launcher, ranks split the population into contiguous runs of super-chunks, each rank
// simulates its share (with its own OpenMP threads), and rank 0 gathers everything and
// writes the same files, bit for bit, as a single process. Statistics combine in the
// canonical order (super-chunk sums in super-chunk order), which no rank count changes.
//
// MPI is initialized only when a launcher started the process (launched_by_mpi()); a plain
// run never calls into MPI, and every function here then acts as rank 0 of 1.
#pragma once

#include <cstdint>
#include <string>

#include "lifbench/cli.hpp"

namespace lifbench::mpi {

// Whether an MPI launcher started this process: Open MPI's mpirun sets
// OMPI_COMM_WORLD_SIZE, PMIx launchers (srun --mpi=pmix, prun) PMIX_RANK, PMI-2
// launchers (srun --mpi=pmi2) PMI_RANK.
bool launched_by_mpi();

// Initializes MPI for the life of the object (MPI_Init / MPI_Finalize).
class Session {
 public:
  Session(int* argc, char*** argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
};

// Whether MPI is initialized (a Session exists).
bool active();
int rank();
int size();
// Rank 0's verdict (0 = go on, else an exit status) sent to every rank.
int broadcast_verdict(int verdict);

// The most bytes one message of a gather carries: 1 GiB, or LIFBENCH_MPI_MAX_MESSAGE
// (a decimal byte count, 1 .. 2^31 - 1; tests make it small so that gathers of a few MB
// take many pieces). Empty if the variable is valid or unset, else the one-line reason.
std::string check_message_limit();

// Runs this rank's share; on rank 0 returns the whole result, elsewhere an empty one.
SimResult simulate_distributed(SimRequest req);

}  // namespace lifbench::mpi
