* bard_1984_ex1: bilevel model in the MibS MPS+AUX format (AUX: bard_1984_ex1.aux)
* written by bilevel {version}
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
    RHS       c1                  -2
    RHS       c2                   2
    RHS       c3                   8
    RHS       c4                   2
BOUNDS
 LO BND       x                    0
 PL BND       x
 LO BND       y                    0
 PL BND       y
ENDATA
