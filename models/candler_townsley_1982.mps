* Candler & Townsley (1982): equality form with slack variables
* W. Candler, R. Townsley, A linear two-level programming problem, Comput. Oper. Res. 9(1) (1982) 59-76, Section 6 example.
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in candler_townsley_1982.aux.
NAME          candler_townsley_1982
OBJSENSE
    MAX
ROWS
 N  obj
 E  c1
 E  c2
 E  c3
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
    y3        obj                  4
    y3        c1                   1
    y3        c2                -0.5
    y3        c3                -0.5
    y4        c1                   1
    y5        c2                   1
    y6        c3                   1
RHS
    rhs       c1                   1
    rhs       c2                   1
    rhs       c3                   1
BOUNDS
ENDATA
