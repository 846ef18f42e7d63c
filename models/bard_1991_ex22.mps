* Bard (1991), Example 2.2: degenerate follower, two optimal solutions
* J.F. Bard, Some properties of the bilevel programming problem, J. Optim. Theory Appl. 68(2) (1991) 371-378, Example 2.2.
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in bard_1991_ex22.aux.
NAME          bard_1991_ex22
ROWS
 N  obj
 L  c1
 L  c2
 L  c3
COLUMNS
    x         obj                 -1
    x         c1                   1
    x         c2                   1
    y1        obj                 10
    y1        c1                   1
    y1        c3                   1
    y2        obj                 -1
    y2        c2                   1
    y2        c3                   1
RHS
    rhs       c1                   1
    rhs       c2                   1
    rhs       c3                   1
BOUNDS
ENDATA
