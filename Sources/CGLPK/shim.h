// Header shim for the GLPK C library (Debian package libglpk-dev).
// This module has no stable API of its own: only the `GLPK` Swift module imports it.
#ifndef BILEVEL_CGLPK_SHIM_H
#define BILEVEL_CGLPK_SHIM_H
#include <glpk.h>
#endif
