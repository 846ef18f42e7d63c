// The few MPI calls bilevel-mpi makes, on MPI_COMM_WORLD and MPI_BYTE, as plain C functions (MPI's handles are
// macros Swift cannot import). Every function returns MPI_SUCCESS (0) or an MPI error code; MPI's default error
// handler aborts the whole job on an error anyway.
#ifndef BILEVEL_CMPISHIM_H
#define BILEVEL_CMPISHIM_H

/// MPI_Init_thread asking for MPI_THREAD_FUNNELED (only the main thread calls MPI); rank and size of the world.
int bilevel_mpi_init(int *rank, int *size);
/// MPI_Finalize.
int bilevel_mpi_finalize(void);
/// MPI_Send of `count` bytes to `dest` with tag 0 (returns once the buffer may be reused).
int bilevel_mpi_send(const void *bytes, int count, int dest);
/// MPI_Iprobe for any source: 1 with the source and byte count when a message waits, else 0.
int bilevel_mpi_probe(int *source, int *count);
/// MPI_Recv of the message from `source` that the probe reported (`count` bytes).
int bilevel_mpi_receive(void *bytes, int count, int source);
/// MPI_Abort of the world with `code`.
void bilevel_mpi_abort(int code);

#endif
