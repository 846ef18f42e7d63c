* Clark & Westerberg (1990), Section 3.1: bounded variables, follower max y1
* P.A. Clark, A.W. Westerberg, Bilevel programming for steady-state chemical process design I, Comput. Chem. Eng. 14(1) (1990) 87-97, Section 3.1.
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in clark_westerberg_1990.aux.
NAME          clark_westerberg_1990
ROWS
 N  obj
 L  c1
 L  c2
 L  c3
COLUMNS
    x         obj                 -1
    x         c1                  -2
    x         c2                   8
    x         c3                  -2
    y1        obj                 -3
    y1        c1                   1
    y1        c2                   3
    y1        c3                   1
    y2        obj                  2
    y2        c1                   4
    y2        c2                  -2
    y2        c3                  -3
RHS
    rhs       c1                  16
    rhs       c2                  48
    rhs       c3                 -12
BOUNDS
 UP bnd       x                    8
 UP bnd       y1                   4
 UP bnd       y2                   4
ENDATA
