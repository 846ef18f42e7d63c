// Guarded GLPK calls: GLPK reports internal errors (failed assertions, invalid arguments) through
// its error path, which ends in abort(). Each function here installs glp_error_hook, sets a setjmp
// point inside C (a longjmp must never cross Swift frames), and makes the call. On a fault the hook
// longjmps back, the thread's GLPK environment is freed (GLPK requires it; every problem object of
// the thread becomes invalid), the thread's generation counter is bumped, and the call returns
// BILEVEL_GLPK_FAULT. Only the GLPK Swift module uses this header.
#ifndef BILEVEL_CGLPKGUARD_H
#define BILEVEL_CGLPKGUARD_H

#include <glpk.h>

#define BILEVEL_GLPK_FAULT (-1000)

/// Per-thread count of GLPK faults: a problem object created under an older generation is dead.
unsigned long bilevel_glpk_generation(void);

/// Routes GLPK's terminal output of this thread: 0 discards it, 1 sends it to stderr (never stdout).
void bilevel_glpk_set_output(int toStderr);

int bilevel_glp_simplex(glp_prob *P, const glp_smcp *parm);
int bilevel_glp_intopt(glp_prob *P, const glp_iocp *parm);
int bilevel_glp_eval_tab_col(glp_prob *P, int k, int ind[], double val[]);
int bilevel_glp_adv_basis(glp_prob *P);
int bilevel_glp_scale_prob(glp_prob *P);

/// Frees the calling thread's GLPK environment (and every problem of the thread) and bumps the
/// generation so that Swift owners do not delete their problems again.
void bilevel_glpk_release_thread(void);

/// Provokes a GLPK internal error inside the guard (for tests): returns BILEVEL_GLPK_FAULT.
int bilevel_glp_provoke_fault(void);

#endif
