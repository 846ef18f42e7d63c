#include "CGLPKGuard.h"
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

static _Thread_local jmp_buf *guard_point = NULL;
static _Thread_local unsigned long generation = 0;
static _Thread_local int output_to_stderr = 0;

unsigned long bilevel_glpk_generation(void) { return generation; }

static int terminal_hook(void *info, const char *text) {
    (void)info;
    if (output_to_stderr) fputs(text, stderr);
    return 1; /* handled: GLPK writes nothing to stdout */
}

void bilevel_glpk_set_output(int toStderr) {
    output_to_stderr = toStderr;
    glp_term_hook(terminal_hook, NULL);
}

static void error_hook(void *info) {
    (void)info;
    if (guard_point != NULL) longjmp(*guard_point, 1);
}

/* Runs `call` with the guard; `GUARDED(expr)` keeps each wrapper to one line. */
#define GUARDED(expr)                                              \
    jmp_buf point;                                                 \
    jmp_buf *previous = guard_point;                               \
    if (setjmp(point) != 0) {                                      \
        guard_point = previous;                                    \
        glp_error_hook(NULL, NULL);                                \
        glp_free_env();                                            \
        generation += 1;                                           \
        return BILEVEL_GLPK_FAULT;                                 \
    }                                                              \
    guard_point = &point;                                          \
    glp_error_hook(error_hook, NULL);                              \
    int result = (expr);                                           \
    glp_error_hook(NULL, NULL);                                    \
    guard_point = previous;                                        \
    return result;

int bilevel_glp_simplex(glp_prob *P, const glp_smcp *parm) { GUARDED(glp_simplex(P, parm)) }
int bilevel_glp_intopt(glp_prob *P, const glp_iocp *parm) { GUARDED(glp_intopt(P, parm)) }
int bilevel_glp_eval_tab_col(glp_prob *P, int k, int ind[], double val[]) { GUARDED(glp_eval_tab_col(P, k, ind, val)) }
int bilevel_glp_adv_basis(glp_prob *P) { GUARDED((glp_adv_basis(P, 0), 0)) }
int bilevel_glp_scale_prob(glp_prob *P) { GUARDED((glp_scale_prob(P, GLP_SF_AUTO), 0)) }

void bilevel_glpk_release_thread(void) {
    glp_free_env();
    generation += 1;
}

int bilevel_glp_provoke_fault(void) {
    /* glp_add_rows with a negative count is an invalid argument: GLPK's error path. */
    glp_prob *P = glp_create_prob();
    GUARDED((glp_add_rows(P, -1), glp_delete_prob(P), 0))
}
