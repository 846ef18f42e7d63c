* Bard & Falk (1982), Example 1: leader max 8x1+4x2-4y1+40y2-4y3
* J.F. Bard, J.E. Falk, An explicit solution to the multi-level programming problem, Comput. Oper. Res. 9(1) (1982) 77-100, Example 1.
* Follower objective terms in x (x1 + 2 x2) are constants for the follower and omitted (AUX cannot hold them).
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in bard_falk_1982_ex1.aux.
NAME          bard_falk_1982_ex1
OBJSENSE
    MAX
ROWS
 N  obj
 L  c1
 L  c2
 L  c3
COLUMNS
    x1        obj                  8
    x1        c2                   2
    x2        obj                  4
    x2        c3                   2
    y1        obj                 -4
    y1        c1                  -1
    y1        c2                  -1
    y1        c3                   2
    y2        obj                 40
    y2        c1                   1
    y2        c2                   2
    y2        c3                  -1
    y3        obj                 -4
    y3        c1                   1
    y3        c2                -0.5
    y3        c3                -0.5
RHS
    rhs       c1                   1
    rhs       c2                   1
    rhs       c3                   1
BOUNDS
ENDATA
