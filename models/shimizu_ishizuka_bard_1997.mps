* Shimizu, Ishizuka & Bard (1997), Example 16.1.1
* K. Shimizu, Y. Ishizuka, J.F. Bard, Nondifferentiable and Two-Level Mathematical Programming, Kluwer (1997), Example 16.1.1.
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in shimizu_ishizuka_bard_1997.aux.
NAME          shimizu_ishizuka_bard_1997
ROWS
 N  obj
 L  c1
 L  c2
 L  c3
 L  c4
COLUMNS
    x         obj                  1
    x         c1                  -1
    x         c2                  -2
    x         c3                   2
    x         c4                   3
    y         obj                 -4
    y         c1                  -1
    y         c2                   1
    y         c3                   1
    y         c4                  -2
RHS
    rhs       c1                  -3
    rhs       c3                  12
    rhs       c4                   4
BOUNDS
ENDATA
