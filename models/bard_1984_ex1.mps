* Bard (1984): min x + y, follower max y
* J.F. Bard, Optimality conditions for the bilevel programming problem, Naval Res. Logist. Q. 31 (1984) 13-26, Example 1.
* Follower objective term in x is a constant for the follower and omitted.
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in bard_1984_ex1.aux.
NAME          bard_1984_ex1
ROWS
 N  obj
 L  c1
 L  c2
 L  c3
 L  c4
COLUMNS
    x         obj                  1
    x         c1                  -1
    x         c2               -0.25
    x         c3                   1
    x         c4                   1
    y         obj                  1
    y         c1                -0.5
    y         c2                   1
    y         c3                 0.5
    y         c4                  -2
RHS
    rhs       c1                  -2
    rhs       c2                   2
    rhs       c3                   8
    rhs       c4                   2
BOUNDS
ENDATA
