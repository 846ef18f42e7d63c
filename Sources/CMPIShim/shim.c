#include "CMPIShim.h"
#include <mpi.h>

int bilevel_mpi_init(int *rank, int *size) {
    int provided = 0;
    int status = MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    if (status != MPI_SUCCESS) return status;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    return MPI_Comm_size(MPI_COMM_WORLD, size);
}

int bilevel_mpi_finalize(void) { return MPI_Finalize(); }

int bilevel_mpi_send(const void *bytes, int count, int dest) {
    return MPI_Send(bytes, count, MPI_BYTE, dest, 0, MPI_COMM_WORLD);
}

int bilevel_mpi_probe(int *source, int *count) {
    int flag = 0;
    MPI_Status status;
    if (MPI_Iprobe(MPI_ANY_SOURCE, 0, MPI_COMM_WORLD, &flag, &status) != MPI_SUCCESS || !flag) return 0;
    *source = status.MPI_SOURCE;
    MPI_Get_count(&status, MPI_BYTE, count);
    return 1;
}

int bilevel_mpi_receive(void *bytes, int count, int source) {
    return MPI_Recv(bytes, count, MPI_BYTE, source, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

void bilevel_mpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }
