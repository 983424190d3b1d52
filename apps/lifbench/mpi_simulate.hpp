// The MPI side of `lifbench simulate` (built with -DLIFBENCH_MPI=ON): ranks split the
// population into contiguous runs of super-chunks, each rank simulates its share (with its
// own OpenMP threads), and rank 0 gathers everything and writes the same files, bit for
// bit, as a single process. Statistics combine in the canonical order (super-chunk sums
// in super-chunk order), which no rank count changes.
#pragma once

#include <string>

#include "lifbench/cli.hpp"

namespace lifbench::mpi {

// Initializes MPI for the life of the object (MPI_Init / MPI_Finalize).
class Session {
 public:
  Session(int* argc, char*** argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
};

int rank();
int size();
// Rank 0's verdict (0 = go on, else an exit status) sent to every rank.
int broadcast_verdict(int verdict);

// Empty if every rank's share of the recorded arrays fits in one MPI message (2 GiB);
// else the one-line reason for refusing the run.
std::string check_message_sizes(const SimRequest& req);

// Runs this rank's share; on rank 0 returns the whole result, elsewhere an empty one.
SimResult simulate_distributed(SimRequest req);

}  // namespace lifbench::mpi
