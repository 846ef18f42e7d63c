* Dempe (2002), Section 3.2: a coupling row on the follower's variable
* S. Dempe, Foundations of Bilevel Programming, Kluwer (2002), Section 3.2, p. 25; also BilevelJuMP.jl test jump_03.
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in dempe_2002_ch3.aux.
NAME          dempe_2002_ch3
ROWS
 N  obj
 L  lead1
 L  lead2
 G  lead3
 L  c1
 G  c2
 L  c3
 L  c4
COLUMNS
    u         obj                  1
    u         lead2                1
    u         lead3                1
    u         c1                   1
    u         c2                   1
    u         c3                   1
    u         c4                  -7
    v         obj                  3
    v         lead1                1
    v         c1                   1
    v         c2                   4
    v         c3                   2
    v         c4                   2
RHS
    rhs       lead1                5
    rhs       lead2                8
    rhs       c1                   8
    rhs       c2                   8
    rhs       c3                  13
BOUNDS
 FR bnd       u
 FR bnd       v
ENDATA
