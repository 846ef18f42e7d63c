* Liu & Hart (1994): min -x - 3y, follower min y
* Y.-H. Liu, S.M. Hart, Characterizing an optimal solution to the linear bilevel programming problem, Eur. J. Oper. Res. 73(1) (1994) 164-166, Example.
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in liu_hart_1994.aux.
NAME          liu_hart_1994
ROWS
 N  obj
 L  c1
 L  c2
 L  c3
COLUMNS
    x         obj                 -1
    x         c1                  -1
    x         c2                   1
    x         c3                   4
    y         obj                 -3
    y         c1                   1
    y         c2                   2
    y         c3                  -1
RHS
    rhs       c1                   3
    rhs       c2                  12
    rhs       c3                  12
BOUNDS
ENDATA
