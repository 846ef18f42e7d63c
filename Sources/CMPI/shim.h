// Header shim for Open MPI's C library (Debian packages libopenmpi-dev, openmpi-bin; the include path comes
// from pkg-config's ompi-c). Only the CMPIShim C target uses it: MPI's handles (MPI_COMM_WORLD, MPI_BYTE) are
// macros that Swift cannot import.
#ifndef BILEVEL_CMPI_SHIM_H
#define BILEVEL_CMPI_SHIM_H
#include <mpi.h>
#endif
