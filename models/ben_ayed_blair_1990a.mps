* Ben-Ayed & Blair (1990): leader rows on x only, follower max y1 + 5 y2
* O. Ben-Ayed, C.E. Blair, Computational difficulties of bilevel linear programming, Oper. Res. 38(3) (1990) 556-560; as collected in BOLIB v2 (BenAyedBlair1990a).
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in ben_ayed_blair_1990a.aux.
NAME          ben_ayed_blair_1990a
ROWS
 N  obj
 G  lead1
 L  lead2
 G  c1
 G  c2
 G  c3
 G  c4
COLUMNS
    x         obj               -1.5
    x         lead1                1
    x         lead2                1
    x         c1                  -1
    x         c2                  -2
    y1        obj                 -6
    y1        c1                  -3
    y1        c2                  -1
    y1        c3                   1
    y2        obj                 -1
    y2        c1                  -1
    y2        c2                  -3
    y2        c4                   1
RHS
    rhs       lead2                1
    rhs       c1                  -5
    rhs       c2                  -5
BOUNDS
 FR bnd       x
 FR bnd       y1
 FR bnd       y2
ENDATA
