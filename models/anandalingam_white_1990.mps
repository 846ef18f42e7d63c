* Anandalingam & White (1990), Example E1
* G. Anandalingam, D.J. White, A solution method for the linear static Stackelberg problem using penalty functions, IEEE Trans. Autom. Control 35(10) (1990) 1170-1173, Example.
* Follower objective term -x is a constant for the follower and omitted.
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in anandalingam_white_1990.aux.
NAME          anandalingam_white_1990
ROWS
 N  obj
 L  c1
 L  c2
 L  c3
 L  c4
 L  c5
COLUMNS
    x         obj                 -1
    x         c1                  -1
    x         c2                   1
    x         c3                   2
    x         c4                   1
    x         c5                  -1
    y         obj                 -3
    y         c1                  -2
    y         c2                  -2
    y         c3                  -1
    y         c4                   2
    y         c5                   2
RHS
    rhs       c1                 -10
    rhs       c2                   6
    rhs       c3                  21
    rhs       c4                  38
    rhs       c5                  18
BOUNDS
ENDATA
