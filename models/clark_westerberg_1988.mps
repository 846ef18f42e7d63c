* Clark & Westerberg (1988): min x - 4y, follower min y
* P.A. Clark, A.W. Westerberg, A note on the optimality conditions for the bilevel programming problem, Naval Res. Logist. 35(5) (1988) 413-418.
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in clark_westerberg_1988.aux.
NAME          clark_westerberg_1988
ROWS
 N  obj
 L  c1
 L  c2
 L  c3
COLUMNS
    x         obj                  1
    x         c1                  -2
    x         c2                   2
    x         c3                   2
    y         obj                 -4
    y         c1                   1
    y         c2                   5
    y         c3                  -3
RHS
    rhs       c2                 108
    rhs       c3                  -4
BOUNDS
ENDATA
