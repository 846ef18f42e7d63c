* Bard (1984) as collected in BOLIB (Bard1984b): free variables, follower min y
* J.F. Bard (1984); as collected in BOLIB v2 (Zhou, Zemkoho, Tin 2020), problem Bard1984b.
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in bard_1984b.aux.
NAME          bard_1984b
ROWS
 N  obj
 G  lead
 G  c1
 G  c2
 G  c3
 G  c4
 G  c5
COLUMNS
    x         obj                 -5
    x         lead                 1
    x         c1                   1
    x         c2                0.25
    x         c3                  -1
    x         c4                  -1
    y         obj                 -1
    y         c1                 0.5
    y         c2                  -1
    y         c3                -0.5
    y         c4                   2
    y         c5                   1
RHS
    rhs       c1                   2
    rhs       c2                  -2
    rhs       c3                  -8
    rhs       c4                  -4
BOUNDS
 FR bnd       x
 FR bnd       y
ENDATA
